"""The five seeds (data/samples) against their hand labels in bench/labels/meetings_dev.jsonl:
every meeting, chair, speaker and statement is found (issue #22's goal for the seeds)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tasks.db import ROOT, SAMPLES_DIR
from tasks.extract.meetings import normalise_name

LABELS = ROOT / "bench" / "labels" / "meetings_dev.jsonl"


@pytest.fixture(scope="module")
def seeds() -> list[tuple[dict, str, object]]:
    from tasks.extract import extract_article
    from tasks.ingest import read_file
    from tasks.normalize import normalize_file

    labels = {lab["id"]: lab for lab in map(json.loads, LABELS.open(encoding="utf-8")) if lab["part"] == "seed"}
    out = []
    for path in sorted(Path(SAMPLES_DIR).glob("*.txt")):
        for art in normalize_file(read_file(path)).articles:  # type: ignore[arg-type]
            key = f"{path.stem}#{art.doc_index}.{art.seq}"
            out.append((labels[key], art.text, extract_article(art.text, published=art.published_date)))
    assert {lab["id"] for lab, _, _ in out} == set(labels)
    return out


def test_every_meeting_is_found(seeds) -> None:
    for lab, _, x in seeds:
        got = {normalise_name(m.name) for m in x.meetings}
        assert {normalise_name(m["name"]) for m in lab["meetings"]} <= got, lab["id"]


def test_every_chair_and_speaker_is_found(seeds) -> None:
    for lab, _, x in seeds:
        want = {(r["role"], r["name"]) for m in lab["meetings"] for r in m["roles"] if r["role"] in ("chair", "speech")}
        got = {(r.role, r.person) for m in x.meetings for r in m.roles}
        assert want <= got, lab["id"]


def test_attendees_in_their_order(seeds) -> None:
    for lab, _, x in seeds:
        want = {(r["name"], r["position"]) for m in lab["meetings"] for r in m["roles"] if r["role"] == "attend"}
        got = {(r.person, r.position) for m in x.meetings for r in m.roles if r.role == "attend"}
        assert want <= got, lab["id"]


def test_every_statement_is_found_where_it_starts(seeds) -> None:
    for lab, text, x in seeds:
        got = {(s.speaker, s.verb, text[s.start : s.start + 6]) for s in x.statements}
        want = {(s["speaker"], s["verb"], s["anchor"][:6]) for s in lab["statements"]}
        assert want <= got, lab["id"]
