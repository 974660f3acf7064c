"""Quoted formulas: canonical across scripts, spaces and inner punctuation."""

from __future__ import annotations

import pytest

from tasks.extract.slogans import canonical_phrase, extract_slogans


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("紧扣“两不愁三保障”", "两不愁三保障"),  # 000
        ("解决“两不愁 三保障”突出问题", "两不愁三保障"),  # 003: a space inside
        ("紧盯“两不愁、三保障”的脱贫标准", "两不愁三保障"),  # 003: a 顿号 inside
        ("緊扣“兩不愁三保障”", "两不愁三保障"),  # Traditional
        ("落实「精准扶贫」", "精准扶贫"),  # corner brackets
        ("增强『四个意识』", "四个意识"),  # double corner brackets
        ("发扬“人一之我十之、人十之我百之”的甘肃精神", "人一之我十之人十之我百之"),  # 003: a two-part formula
    ],
)
def test_slogans(text: str, phrase: str) -> None:
    assert [s.phrase for s in extract_slogans(text)] == [phrase]


@pytest.mark.parametrize(
    "text",
    [
        "向市委、市政府递交了《脱贫攻坚承诺书》",  # 001: a document title
        "严格落实《关于“两不愁”的意见》",  # a quote inside a title belongs to the title
        # 000: a speech quotation, long and ending with ！
        "“夺取脱贫攻坚战全面胜利,坚决完成这项对中华民族、对人类都具有重大意义的伟业！”习近平总书记",
        "“其作始也简,其将毕也必巨。”",  # 000: a classical quotation ending with 。
    ],
)
def test_not_slogans(text: str) -> None:
    assert extract_slogans(text) == ()


def test_offsets_and_raw() -> None:
    text = "紧扣“两不愁 三保障”"
    (s,) = extract_slogans(text)
    assert text[s.start : s.end] == s.raw == "两不愁 三保障"


def test_canonical_phrase_is_one_for_all_spellings() -> None:
    assert len({canonical_phrase(x) for x in ("两不愁 三保障", "两不愁、三保障", "兩不愁三保障")}) == 1
