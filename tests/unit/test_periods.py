"""When a figure refers to (facts.as_of) and whose it is (facts.place)."""

from __future__ import annotations

import datetime as dt
import doctest
from pathlib import Path

import pytest

from tasks.extract import periods
from tasks.extract.facts import extract_facts
from tasks.extract.periods import date_facts, find_periods
from tasks.model import EntityMention

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"
D = dt.date


@pytest.mark.parametrize(
    ("text", "published", "label"),
    [
        ("截至2018年底", D(2019, 3, 1), "2018-12-31"),  # the end of a year
        ("2018年末", None, "2018-12-31"),
        ("2019年", D(2019, 3, 1), "2019"),  # a year
        ("二〇一八年", None, "2018"),
        ("前三季度", D(2019, 10, 20), "2019-01/2019-09"),  # months of the article's year
        ("三季度", D(2019, 10, 20), "2019-Q3"),  # a quarter
        ("第一季度", D(2019, 4, 20), "2019-Q1"),
        ("上半年", D(2019, 7, 20), "2019-H1"),  # a half
        ("2017年1-9月份", None, "2017-01/2017-09"),  # months
        ("1至5月", D(2019, 6, 10), "2019-01/2019-05"),
        ("前5个月", D(2019, 6, 10), "2019-01/2019-05"),
        ("6月底", D(2019, 7, 2), "2019-06-30"),  # the end of a month
        ("5月份", D(2019, 6, 2), "2019-05"),  # a month
        ("12月份", D(2019, 1, 15), "2018-12"),  # after the story's date: the year before
        ("到6月底", D(2019, 3, 1), "2019-06-30"),  # 到: a target, this year's
        ("5月10日", D(2019, 6, 2), "2019-05-10"),  # a day
        ("去年底", D(2021, 1, 21), "2020-12-31"),  # years counted from the story's
        ("今年", D(2019, 3, 1), "2019"),
        ("前年", D(2019, 3, 1), "2017"),
        ("截至目前", D(2019, 3, 1), "2019-03-01"),  # now: the story's date
        ("到年底", D(2019, 3, 1), "2019-12-31"),
        ("“十三五”期间", None, "2016/2020"),  # a plan period
        # no date for the story: the year is unknown, never guessed
        ("到今年4月", None, "XXXX-04"),
        ("上半年", None, "XXXX-H1"),
    ],
)
def test_find_periods(text: str, published: dt.date | None, label: str) -> None:
    assert [p.label for p in find_periods(text, published)] == [label]


@pytest.mark.parametrize(
    "text",
    [
        "12个月以来",  # a duration, not a month
        "今年",  # 今年 in an undated story: nothing to say
        "目前",  # now, in an undated story
        "第12月",  # digits run on from the left
    ],
)
def test_no_period(text: str) -> None:
    assert [p.label for p in find_periods(text, None) if p.label] == []


def test_stripped_year_is_seen_and_left_unresolved() -> None:
    # 004: 从(20)13年的44.1万人 — the digits are gone
    found = find_periods("农村贫困人口从年的44.1万人减少到去年底的1.1万人", D(2021, 1, 21))
    assert [(p.text, p.label) for p in found] == [("年", None), ("到去年底", "2020-12-31")]


def _dated(text: str, published: dt.date | None = None, entities=()) -> list[tuple[str, str | None, str | None]]:
    return [(f.raw, f.as_of, f.place) for f in date_facts(text, extract_facts(text), entities, published)]


def test_date_facts_period_before_the_figure_in_its_sentence() -> None:
    text = "截至2018年底我省六盘山片区7.2万户26.65万人脱贫,526个贫困村脱贫退出"
    place = EntityMention("place", "六盘山片区", 10, 15)
    assert _dated(text, None, [place]) == [
        ("7.2万户", "2018-12-31", "六盘山片区"), ("26.65万人", "2018-12-31", "六盘山片区"),
        ("526个", "2018-12-31", "六盘山片区")]


def test_date_facts_change_expression_gets_a_period_each() -> None:
    text = "贫困人口由2012年底的9899万人减少到2018年底的1660万人"
    assert _dated(text) == [("9899万人", "2012-12-31", None), ("1660万人", "2018-12-31", None)]


def test_date_facts_stripped_year_blocks_an_earlier_period() -> None:
    # 44.1万人's own year is gone: 去年底 is the 1.1万人's
    text = "2012年以来,农村贫困人口从年的44.1万人减少到去年底的1.1万人"
    assert _dated(text, D(2021, 1, 21)) == [("44.1万人", None, None), ("1.1万人", "2020-12-31", None)]


def test_date_facts_period_after_the_figure_in_its_clause() -> None:
    assert _dated("全国农村贫困人口1660万人（2018年底）", D(2019, 2, 1)) == [
        ("1660万人", "2018-12-31", "中国")]


def test_date_facts_no_period_from_another_sentence() -> None:
    assert _dated("2018年召开大会。贫困人口1660万人") == [("1660万人", None, None)]


# Every fact of the bundled seeds whose sentence gives its period has as_of; those whose
# sentence gives none, or only a year the source stripped (004: 从年的), have not.
SEED_AS_OF = {
    ("003_0", "7.2万户"): "2018-12-31",  # 截至2018年底
    ("003_0", "26.65万人"): "2018-12-31",
    ("003_0", "526个"): "2018-12-31",
    ("003_0", "7个"): "2018-12-31",
    ("003_2", "77万多人"): "XXXX-04",  # 到今年4月, in a story without a date
    ("003_2", "0.028%"): "XXXX-04",
    ("003_2", "16000多元"): "2017",  # 2017年人均收入
    ("003_2", "80万元"): "2017",
    ("004_0", "44.1万人"): None,  # 从年的: the year was stripped
    ("004_0", "1.1万人"): "2020-12-31",  # 去年底, the story of 2021-01-21
    ("004_0", "11位"): None,  # 年以来: stripped
    ("004_0", "1.1万名"): "2021-01-21",  # 当前
}


def test_seed_facts_have_their_periods() -> None:
    from tasks.extract import extract_article
    from tasks.ingest import ingest_paths
    from tasks.model import Rejection
    from tasks.normalize import normalize_file

    paths = sorted(SAMPLES.glob("*.txt"))
    if not paths:
        pytest.skip("no seeds in data/samples")
    got = {}
    for rec in ingest_paths(paths):
        if isinstance(rec, Rejection):
            continue
        for i, art in enumerate(normalize_file(rec).articles):
            for f in extract_article(art.text, published=art.published_date).facts:
                got.setdefault((f"{Path(rec.path).stem[:3]}_{i}", f.raw), f.as_of)
    assert {k: got.get(k, "missing") for k in SEED_AS_OF} == SEED_AS_OF
    # and no other seed fact has a period its sentence does not give
    assert {k: v for k, v in got.items() if v and k not in SEED_AS_OF} == {}


def test_docstring_examples() -> None:
    assert doctest.testmod(periods).failed == 0
