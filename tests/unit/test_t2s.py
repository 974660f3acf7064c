"""tasks.normalize.t2s: identical to opencc-python-reimplemented's OpenCC('t2s').convert."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from opencc import OpenCC

from tasks.normalize.t2s import (
    _tables,
    conversion_triggers,
    count_traditional,
    to_simplified,
    to_simplified_known,
)

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "data" / "samples"
CORPORA = REPO.parent / "shared" / "corpora"
needs_corpora = pytest.mark.skipif(
    not CORPORA.is_dir(), reason=f"shared corpora not found at {CORPORA}"
)

_PACKAGE = OpenCC("t2s")


@pytest.mark.parametrize(
    "text",
    [
        "脫貧攻堅",  # plain character table
        "乾隆年間，天氣乾燥",  # phrase keeps 乾 (乾隆), character table turns 乾燥 into 干燥
        "…金鍊藉據瞭解到",  # overlapping phrase keys: the package takes the longest (據瞭解) first
        "鈈漏一村",  # the trap the look-alike layer exists for: t2s gives 钚 (plutonium)
        "中文 English 123 ﹁引號﹂",  # separators are never converted
        "",  # empty
    ],
)
def test_to_simplified_matches_package(text: str) -> None:
    assert to_simplified(text) == _PACKAGE.convert(text)


def test_to_simplified_seeds_identical() -> None:
    # all five real pages, Traditional, Simplified and mixed
    for path in sorted(SAMPLES.glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        assert to_simplified(raw) == _PACKAGE.convert(raw), path.name


def test_to_simplified_keeps_length() -> None:
    raw = (SAMPLES / "000_3f20083aeb5e73e0.txt").read_text(encoding="utf-8")
    assert len(to_simplified(raw)) == len(raw)


@pytest.mark.parametrize(
    ("text", "n"),
    [
        ("脫貧攻堅", 3),  # 脫 貧 堅 change, 攻 does not
        ("脱贫攻坚", 0),  # Simplified
        ("苐五次会议", 0),  # a look-alike is not Traditional
    ],
)
def test_count_traditional(text: str, n: int) -> None:
    assert count_traditional(text) == n


_KEYS = sorted(_tables().phrases)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_KEYS), min_size=1, max_size=6), st.integers(0, 1))
def test_to_simplified_overlapping_phrase_keys(keys: list[str], cut: int) -> None:
    # strings made of phrase keys (cut to make keys overlap) are where a naive
    # left-to-right scan differs from the package
    text = "".join(k[cut:] for k in keys)
    assert to_simplified(text) == _PACKAGE.convert(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x9FFF), max_size=60))
def test_to_simplified_arbitrary_text(text: str) -> None:
    assert to_simplified(text) == _PACKAGE.convert(text)


@pytest.mark.corpus
@needs_corpora
def test_to_simplified_gsd_and_thucnews_identical() -> None:
    texts = []
    for name in ("gsd_dev_parallel.jsonl", "gsd_test_parallel.jsonl"):
        with open(CORPORA / "ud-chinese-gsd-parallel" / name, encoding="utf-8") as f:
            texts += [json.loads(line)["traditional"] for line in f]
    with open(CORPORA / "thucnews-cnews-val1000" / "cnews.val.txt", encoding="utf-8") as f:
        texts += [line.split("\t", 1)[1] for line in f][:300]
    bad = [t[:30] for t in texts if to_simplified(t) != _PACKAGE.convert(t)]
    assert bad == []


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(st.sampled_from(_KEYS), st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x9FFF), max_size=8)),
        max_size=6,
    ).map("".join)
)
def test_to_simplified_known_and_triggers_agree_with_to_simplified(text: str) -> None:
    # normalize finds the trigger characters once per line and hands them over
    hits = conversion_triggers().intersection(text)
    if not hits:
        assert to_simplified(text) == text  # no trigger: nothing to convert
    assert to_simplified_known(text, hits) == to_simplified(text) == _PACKAGE.convert(text)
