"""tasks.normalize.dedup: exact keys and MinHash near-duplicates."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from tasks.model import FileRecord, SourceDocument
from tasks.normalize import normalize_file
from tasks.normalize.dedup import NUM_PERM, DuplicateIndex, exact_key, signature, similarity

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"
STORY = (SAMPLES / "002_e60fb4f248f0651b.txt").read_text(encoding="utf-8")


def _articles(raw: str, name: str) -> list[str]:
    rec = FileRecord("id-" + name, name, 0, "utf-8", "txt", raw, (SourceDocument(raw),))
    return [a.text for a in normalize_file(rec).articles]


def test_signature_shape_and_determinism() -> None:
    sig = signature(STORY)
    assert len(sig) == NUM_PERM and all(isinstance(v, int) for v in sig)
    assert sig == signature(STORY)


@pytest.mark.parametrize(
    ("a", "b", "low", "high"),
    [
        (STORY, STORY, 1.0, 1.0),  # identical
        (STORY, STORY.replace("，", ",").replace("。", "."), 1.0, 1.0),  # punctuation only
        (STORY, STORY[: len(STORY) * 9 // 10], 0.75, 1.0),  # the last tenth cut off
        (STORY, (SAMPLES / "004_44344bf331d8c0e4.txt").read_text(encoding="utf-8"), 0.0, 0.1),  # another story
    ],
)
def test_similarity(a: str, b: str, low: float, high: float) -> None:
    assert low <= similarity(signature(a), signature(b)) <= high


def test_exact_key_same_story_two_encodings_and_names() -> None:
    # same bytes decoded from GB18030 and from UTF-8, stored under two names
    gb = STORY.encode("gb18030").decode("gb18030")
    a = _articles(STORY, "a.txt")
    b = _articles(gb, "copy/b.txt")
    assert [exact_key(t) for t in a] == [exact_key(t) for t in b]


def test_traditional_copy_is_duplicate_after_normalization() -> None:
    # 000 as written (Traditional) and a Simplified copy normalize to the same text
    raw = (SAMPLES / "000_3f20083aeb5e73e0.txt").read_text(encoding="utf-8")
    from tasks.normalize.t2s import to_simplified

    idx = DuplicateIndex(0.9)
    assert idx.find_or_add("trad", _articles(raw, "t")[0]) is None
    assert idx.find_or_add("simp", _articles(to_simplified(raw), "s")[0]) == "trad"


def test_index_near_duplicate_and_distinct() -> None:
    idx = DuplicateIndex(threshold=0.7)
    assert idx.find_or_add("a", STORY) is None
    assert idx.find_or_add("b", STORY[:-200] + "（完）") == "a"  # near copy
    other = (SAMPLES / "004_44344bf331d8c0e4.txt").read_text(encoding="utf-8")
    assert idx.find_or_add("c", other) is None  # not a copy: added
    assert len(idx) == 2


def test_index_preloaded_from_warehouse_and_picklable() -> None:
    idx = DuplicateIndex(0.8)
    idx.load([("old-1", signature(STORY))])
    idx = pickle.loads(pickle.dumps(idx))
    assert idx.find_or_add("new-1", STORY) == "old-1"


def test_index_threshold_validated() -> None:
    with pytest.raises(ValueError):
        DuplicateIndex(0.0)
