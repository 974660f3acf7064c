"""Known policy phrases and their uses: the list, the match text, the phrase index."""

from __future__ import annotations

import doctest

import pytest

from tasks.extract import phrases
from tasks.extract.phrases import PhraseIndex, match_text, policy_phrases
from tasks.extract.slogans import canonical_phrase


def test_policy_list_is_canonical_and_sourced() -> None:
    listed = policy_phrases()
    assert "两不愁三保障" in listed and "不忘初心牢记使命" in listed  # written 不忘初心、牢记使命
    for phrase, entry in listed.items():
        assert phrase == canonical_phrase(entry.written)
        assert entry.kind in ("slogan", "formula") and entry.since and entry.source, phrase


@pytest.mark.parametrize(
    ("text", "phrase", "uses"),
    [
        # 新闻联播 writes one phrase several ways: all are uses of it
        ("坚决打赢脱贫攻坚战，实现“两不愁、三保障”", "两不愁三保障", 1),
        ("不忘初心，牢记使命，永远奋斗", "不忘初心牢记使命", 1),
        ("坚持“不忘初心、牢记使命”", "不忘初心牢记使命", 1),
        ("“两不愁”“三保障”", "两不愁三保障", 1),
        # inside a longer phrase, and for both
        ("确保“两不愁三保障”", "三保障", 1),
        # quoted or not, every time
        ("推进“一带一路”建设，一带一路倡议", "一带一路", 2),
        # never across a sentence end
        ("全面建成小康。社会主义", "小康社会", 0),
        # a + and a decimal point are the phrase's own
        ("实施“互联网+”行动计划", "互联网+", 1),
        ("德国工业4.0战略", "工业4.0", 1),
        # full-width digits and plus signs (NFKC)
        ("“\uff11\uff16\uff0b\uff11合作”", "16+1合作", 1),
    ],
)
def test_phrase_index_finds_every_use(text: str, phrase: str, uses: int) -> None:
    found = PhraseIndex([phrase, "中国梦"]).find(text)
    assert found.get(phrase, 0) == uses


def test_phrase_index_nested_phrases_count_for_both() -> None:
    index = PhraseIndex(["两不愁三保障", "三保障", "两不愁", "一带一路"], sample=["一带一路", "三保障"])
    assert index.find("落实两不愁三保障") == {"两不愁三保障": 1, "两不愁": 1, "三保障": 1}
    assert len(index) == 4


def test_phrase_index_gives_the_same_answers_whatever_its_sample() -> None:
    texts = ["紧扣两不愁三保障，推进一带一路", "中国梦，两不愁、三保障", "新时代中国特色社会主义思想"]
    words = ["两不愁三保障", "三保障", "一带一路", "中国梦", "新时代", "新时代中国特色社会主义思想"]
    plain = PhraseIndex(words)
    sampled = PhraseIndex(words, sample=texts * 3)
    for text in texts:
        assert plain.find(text) == sampled.find(text)
        assert plain.find(text) == {w: match_text(text).count(w) for w in words if w in match_text(text)}


def test_docstring_examples() -> None:
    assert doctest.testmod(phrases).failed == 0
