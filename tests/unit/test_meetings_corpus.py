"""The development part of the hand labels (bench/labels/meetings_dev.jsonl: CCTV 新闻联播
stories read from ../shared/corpora, skipped when absent) keeps meeting the issue's goals.
The check part is scored only by bench/eval_meetings.py, never by a test."""

from __future__ import annotations

import importlib.util
import json

import pytest

from tasks.db import ROOT
from tests.conftest import corpus_path

pytestmark = pytest.mark.corpus


def _eval():  # bench/eval_meetings.py as a module
    spec = importlib.util.spec_from_file_location("eval_meetings", ROOT / "bench" / "eval_meetings.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def test_development_part_meets_the_goals() -> None:
    corpus_path("xwlb-2012-2019")
    ev = _eval()
    labels = [lab for lab in map(json.loads, ev.LABELS.open(encoding="utf-8")) if lab["part"] == "dev"]
    texts = ev.xwlb_stories({lab["id"] for lab in labels}, (lab["year"] for lab in labels))
    stories = [{"text": texts[lab["id"]][1], "date": texts[lab["id"]][0]} for lab in labels]
    tally = ev.score(labels, texts, ev.predict(stories, in_process=True), show=False)
    p, r, *_ = tally.pr("meeting names")
    assert p >= 0.85 and r >= 0.85
    p, r, *_ = tally.pr("chair and speakers")
    assert p >= 0.9 and r >= 0.9
    assert tally.pr("attendees in order")[1] >= 0.85
    p, r, *_ = tally.pr("statements (speaker, verb)")
    assert p >= 0.85 and r >= 0.85
    assert tally.pr("content start exact")[0] >= 0.85
