"""Tenures derived from posts (sql/derive/*.sql), on real DuckDB with the real migrations."""

from __future__ import annotations

import datetime as dt
import random

import duckdb
import pandas as pd
import pytest

from tasks import db
from tasks.load import derive_tables, derived_frames, validate_frames

D = dt.date


def _warehouse() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    db.apply_migrations(con)
    return con


def _posts(con: duckdb.DuckDBPyConnection, rows: list[tuple]) -> None:
    """rows: (article, person, post, day[, tense[, country[, holders]]])."""
    for n, row in enumerate(rows):
        article, person, post, day, *rest = row
        tense = rest[0] if rest else "current"
        country = rest[1] if len(rest) > 1 else "中国"
        holders = rest[2] if len(rest) > 2 else "single"
        con.execute(
            "insert into posts values (?, ?, ?, '总理', null, ?, ?, null, ?, true, ?, ?, ?, null, ?, ?, 0, 2, 'v')",
            [article, person, post, country, country, tense, holders, post, day, n, n + 1],
        )


def _spells(con: duckdb.DuckDBPyConnection, post: str) -> list[tuple]:
    return con.execute(
        "select person, first_seen, last_seen, predecessor, successor, status from tenures "
        "where post = ? order by first_seen", [post]).fetchall()


def _daily(person: str, post: str, start: dt.date, days: int, step: int = 3, tag: str = "") -> list[tuple]:
    return [(f"{tag}{person}{i}", person, post, start + dt.timedelta(days=i)) for i in range(0, days, step)]


def test_a_change_of_holder_makes_two_spells_with_predecessor_and_status() -> None:
    con = _warehouse()
    _posts(con, _daily("温家宝", "国务院总理", D(2012, 7, 2), 250) + _daily("李克强", "国务院总理", D(2013, 3, 16), 300))
    derive_tables(con)
    assert _spells(con, "国务院总理") == [
        ("温家宝", D(2012, 7, 2), D(2013, 3, 8), None, "李克强", "ended"),
        ("李克强", D(2013, 3, 16), D(2014, 1, 7), "温家宝", None, "current"),
    ]


def test_a_mention_of_the_past_inside_a_tenure_is_no_holder() -> None:
    con = _warehouse()
    rows = _daily("李克强", "国务院总理", D(2014, 1, 1), 200)
    rows += [("h1", "周恩来", "国务院总理", D(2014, 3, 1)), ("h2", "周恩来", "国务院总理", D(2014, 3, 2))]
    _posts(con, rows)
    derive_tables(con)
    assert [s[0] for s in _spells(con, "国务院总理")] == ["李克强"]


def test_a_second_term_after_someone_else_is_a_second_spell() -> None:
    con = _warehouse()
    rows = (_daily("内塔尼亚胡", "以色列总理", D(2019, 1, 1), 150)
            + _daily("贝内特", "以色列总理", D(2019, 6, 1), 150)
            + _daily("内塔尼亚胡", "以色列总理", D(2019, 11, 1), 60, tag="b"))
    _posts(con, [(*r, "current", "以色列") for r in rows])
    derive_tables(con)
    assert [(s[0], s[3], s[4]) for s in _spells(con, "以色列总理")] == [
        ("内塔尼亚胡", None, "贝内特"), ("贝内特", "内塔尼亚胡", "内塔尼亚胡"), ("内塔尼亚胡", "贝内特", None)]


def test_a_post_that_changes_hands_twice_in_a_year_keeps_a_short_spell() -> None:
    # Johnson → Truss (49 days, few articles) → Sunak, and one unqualified Johnson mention
    # while Truss held the post
    con = _warehouse()
    rows = ([*_daily("约翰逊", "英国首相", D(2022, 1, 1), 240, step=8), ("t1", "特拉斯", "英国首相", D(2022, 9, 7)), ("t2", "特拉斯", "英国首相", D(2022, 9, 20)), ("j9", "约翰逊", "英国首相", D(2022, 9, 25)), ("t3", "特拉斯", "英国首相", D(2022, 10, 5)), ("t4", "特拉斯", "英国首相", D(2022, 10, 20)), *_daily("苏纳克", "英国首相", D(2022, 10, 26), 60, step=6)])
    _posts(con, [(*r, "current", "英国") for r in rows])
    derive_tables(con)
    assert [(s[0], s[1], s[2]) for s in _spells(con, "英国首相")] == [
        ("约翰逊", D(2022, 1, 1), D(2022, 8, 21)),
        ("特拉斯", D(2022, 9, 7), D(2022, 10, 20)),
        ("苏纳克", D(2022, 10, 26), D(2022, 12, 19)),
    ]


def test_an_announced_departure_ends_the_spell_on_its_day() -> None:
    con = _warehouse()
    rows = [("a1", "赵克志", "贵州省委书记", D(2012, 7, 18)), ("a2", "赵克志", "贵州省委书记", D(2012, 12, 6)),
            ("a3", "陈敏尔", "贵州省委书记", D(2015, 7, 31)), ("a3", "赵克志", "贵州省委书记", D(2015, 7, 31), "ended"),
            ("a4", "陈敏尔", "贵州省委书记", D(2016, 3, 1))]
    _posts(con, rows)
    derive_tables(con)
    assert _spells(con, "贵州省委书记") == [
        ("赵克志", D(2012, 7, 18), D(2015, 7, 31), None, "陈敏尔", "ended"),
        ("陈敏尔", D(2015, 7, 31), D(2016, 3, 1), "赵克志", None, "current"),
    ]


def test_former_mentions_are_no_evidence_but_end_a_spell() -> None:
    con = _warehouse()
    _posts(con, [("a1", "张高丽", "国务院副总理", D(2017, 1, 1), "current", "中国", "multi"),
                 ("a2", "张高丽", "国务院副总理", D(2019, 1, 1), "former", "中国", "multi")])
    derive_tables(con)
    assert con.execute("select person, last_seen, status from tenures").fetchall() == [("张高丽", D(2017, 1, 1), "ended")]


def test_full_and_cut_names_are_one_person() -> None:
    con = _warehouse()
    rows = [*_daily("默克尔", "德国总理", D(2013, 1, 1), 60), ("f1", "安格拉·默克尔", "德国总理", D(2013, 3, 5))]
    rows += [*_daily("梅德韦杰夫", "俄罗斯总理", D(2013, 1, 1), 60), ("c1", "梅德韦", "俄罗斯总理", D(2013, 3, 6))]
    _posts(con, [(*r, "current", "外国") for r in rows])
    derive_tables(con)
    assert con.execute("select name, person, reason from person_names order by name").fetchall() == [
        ("安格拉·默克尔", "默克尔", "full_name"), ("梅德韦", "梅德韦杰夫", "cut_short")]
    assert con.execute("select person, articles from tenures order by person").fetchall() == [
        ("梅德韦杰夫", 21), ("默克尔", 21)]


def test_a_post_of_another_country_than_the_persons_own_is_dropped() -> None:
    con = _warehouse()
    rows = [(*r, "current", "越南") for r in _daily("阮春福", "越南总理", D(2017, 1, 1), 90)]
    rows += [("x1", "阮春福", "国务院副总理", D(2017, 2, 1), "current", "中国", "multi"),
             ("x2", "阮春福", "国务院副总理", D(2017, 2, 9), "current", "中国", "multi")]
    _posts(con, rows)
    derive_tables(con)
    assert con.execute("select distinct post from tenures").fetchall() == [("越南总理",)]


def test_any_load_order_and_any_number_of_publishes_give_the_same_tenures() -> None:
    rows = (_daily("胡锦涛", "国家主席", D(2012, 7, 2), 250) + _daily("习近平", "国家主席", D(2013, 3, 14), 200)
            + [("n1", "朱马里", "国家主席", D(2012, 11, 5)), ("n2", "刘少奇", "国家主席", D(2013, 5, 2))])
    once = _warehouse()
    _posts(once, rows)
    derive_tables(once)
    expected = once.execute("select * from tenures order by all").fetchall()
    shuffled = rows[:]
    random.Random(7).shuffle(shuffled)
    twice = _warehouse()
    _posts(twice, shuffled[: len(rows) // 2])
    derive_tables(twice)
    _posts(twice, shuffled[len(rows) // 2 :])
    derive_tables(twice)
    assert twice.execute("select * from tenures order by all").fetchall() == expected
    assert [s[0] for s in _spells(twice, "国家主席")] == ["胡锦涛", "习近平"]


def test_the_gate_checks_tenures_and_unflagged_overlaps() -> None:
    con = _warehouse()
    _posts(con, _daily("李克强", "国务院总理", D(2014, 1, 1), 100))
    derive_tables(con)
    report = validate_frames(dict(derived_frames(con)))
    assert report.success is True and set(report.checked) == {"person_names", "tenures"} - {"person_names"} | {"tenures"}
    # a second holder of a single-holder post over the same months, with no flag: caught
    con.execute("insert into tenures values ('周恩来', '国务院总理', '中国', '国务院', '中国', 'single', "
                "'2014-02-01', '2014-03-01', 2, null, null, 'current', null, null)")
    failed = validate_frames(dict(derived_frames(con)))
    assert failed.success is False
    assert {f.suite for f in failed.failures} == {"tenure_overlaps"}


def test_tenure_suite_rejects_a_spell_that_ends_before_it_starts() -> None:
    frame = pd.DataFrame([dict(person="李克强", post="国务院总理", place="中国", organisation="国务院", country="中国",
                               holders="single", first_seen=D(2014, 1, 1), last_seen=D(2013, 1, 1), articles=3,
                               predecessor=None, successor=None, status="current", flag=None, overlaps_with=None)])
    report = validate_frames({"tenures": [frame]})
    assert report.success is False
    assert [f.expectation for f in report.failures] == ["expect_column_pair_values_a_to_be_greater_than_b"]


@pytest.mark.parametrize("table", db.DERIVED_TABLES)
def test_derived_tables_are_documented(table: str) -> None:
    con = _warehouse()
    assert con.execute("select comment from duckdb_tables() where table_name = ?", [table]).fetchall()[0][0]
