"""Numeric facts on seed snippets."""

from __future__ import annotations

import pytest

from tasks.extract.facts import extract_facts, parse_number


def facts(text: str) -> list[tuple[str, float, str | None, str | None, str | None]]:
    return [(f.raw, f.value, f.unit, f.subject, f.role) for f in extract_facts(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 003: 万 folds into the value; the verb after names what was counted
        ("截至2018年底我省六盘山片区7.2万户26.65万人脱贫", [("7.2万户", 72000.0, "户", "脱贫户", None), ("26.65万人", 266500.0, "人", "脱贫人口", None)]),
        # 003: a change expression gives both values with roles
        ("贫困发生率由9.6%降至0.85%", [("9.6%", 9.6, "%", "贫困发生率", "from"), ("0.85%", 0.85, "%", "贫困发生率", "to")]),
        # 003: the noun after the classifier is the subject
        ("526个贫困村脱贫退出", [("526个", 526.0, "个", "贫困村", None)]),
        # 001: a Chinese numeral with a classifier
        ("确保三个摘帽县(区)顺利实现脱贫摘帽", [("三个", 3.0, "个", "摘帽县", None)]),
        # a Chinese numeral with a decimal and 万
        ("二十六点六五万人脱贫", [("二十六点六五万人", 266500.0, "人", "脱贫人口", None)]),
        # 003: a bare 万 count
        ("全省188.7万", [("188.7万", 1887000.0, None, None, None)]),
        # 004: stripped year (从年的…) does not stop the change expression
        ("农村贫困人口从年的44.1万人减少到去年底的1.1万人", [("44.1万人", 441000.0, "人", "贫困人口", "from"), ("1.1万人", 11000.0, "人", "贫困人口", "to")]),
        # money: 亿元 → 元
        ("投入扶贫资金3.5亿元", [("3.5亿元", 350000000.0, "元", "扶贫资金", None)]),
        # other currencies keep their name; 人民币 is 元, not 人 (10亿人|民币)
        ("注资1250亿美元", [("1250亿美元", 125000000000.0, "美元", None, None)]),
        ("郭台铭10亿人民币拿下重庆", [("10亿人民币", 1000000000.0, "元", None, None)]),
        # MSRA-style full-width digits
        ("１０００多个品种", [("１０００多个", 1000.0, "个", "品种", None)]),
        # open subjects, where no listed term names what is counted: the noun phrase after
        # a classifier, a verb leading it (after 未) but not inside it
        ("全市剩余1.1万名未脱贫人员也将全部脱贫", [("1.1万名", 11000.0, "名", "未脱贫人员", None)]),
        ("将12个自然村陆续迁出", [("12个", 12.0, "个", "自然村", None)]),
        ("从最困难的22户畲族群众开始实施整体搬迁", [("22户", 22.0, "户", "畲族群众", None)]),
        ("通过国内300多家知名网站浏览新闻", [("300多家", 300.0, "家", "知名网站", None)]),
        # ... or the one before a linking verb; without a link the number names nothing
        ("全年财政收入达到80万元", [("80万元", 800000.0, "元", "财政收入", None)]),
        ("下拨的72万元", [("72万元", 720000.0, "元", None, None)]),
        # 004: a 的-modifier opening the clause belongs to the subject of a 位 count
        ("年以来,牺牲在扶贫一线的党员干部就有11位,他们", [("11位", 11.0, "位", "牺牲在扶贫一线的党员干部", None)]),
        # 003: rate after a count of people
        ("累积脱贫77万多人贫困发生率降至0.028%", [("77万多人", 770000.0, "人", "脱贫人口", None), ("0.028%", 0.028, "%", "贫困发生率", None)]),
    ],
)
def test_facts(text: str, expected: list) -> None:
    assert facts(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "截至2018年底",  # a year is not a fact
        "3月13日,深圳市召开推进会",  # a date is not a fact
        "全市2017年1-9月份脱贫攻坚工作情况",  # a month range is not a fact
        "今天是第7个国家扶贫日",  # an ordinal is not a fact
        "申请EB-5项目移民",  # a model or programme number is a name, not a count
        "六盘山片区政协精准扶贫交流推进会第五次会议",  # an ordinal in Chinese numerals
        "一户一策",  # a set phrase with numerals
        "两不愁三保障",  # a policy formula
        "徒步两个小时进村",  # a duration
        "一个村的党支部强",  # a bare 一 is a figure of speech
        "三十年久久为功千万人命运转折",  # 003_2: 千万人 is a figure of speech (no subject)
        "牢牢抓住兴产业、稳就业两个根本",  # 004: a Chinese-numeral count without its noun
    ],
)
def test_not_facts(text: str) -> None:
    assert facts(text) == []


def test_skip_spans() -> None:
    # numbers inside a slogan are left to the slogan
    assert extract_facts("贫困村用电“最后一百米”", [(6, 11)]) == ()


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("26.65", 26.65),
        ("１，２００", 1200.0),
        ("二十六点六五", 26.65),
        ("两", 2.0),
        ("一百零五", 105.0),  # 零 holds a place
        ("十五", 15.0),  # a leading 十 means 一十
        ("二〇一八", 2018.0),  # digit by digit
    ],
)
def test_parse_number(raw: str, value: float) -> None:
    assert parse_number(raw) == value
