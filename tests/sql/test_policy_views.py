"""The policy-language views on a few hand-made rows: diffusion, provinces, fact conflicts."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from tasks import db


@pytest.fixture
def con() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    db.apply_migrations(con)
    db.apply_views(con)
    return con


def _article(con: duckdb.DuckDBPyConnection, aid: str, day: str, text: str = "正文", duplicate_of: str | None = None) -> None:
    con.execute(
        "insert into articles (article_id, file_id, seq, script, text, char_count, repaired_chars, "
        "masked_chars, stripped_digits, doc_index, start_offset, end_offset, text_hash, published_date, "
        "duplicate_of) values (?, 'f', 0, 'simplified', ?, ?, 0, 0, 0, 0, 0, 0, 'h', ?, ?)",
        [aid, text, len(text), dt.date.fromisoformat(day), duplicate_of])


def _place(con: duckdb.DuckDBPyConnection, aid: str, name: str, province: str, mentions: int) -> None:
    con.execute("insert into entities (article_id, kind, name, mentions, province, dict_version) "
                "values (?, 'place', ?, ?, ?, 't')", [aid, name, mentions, province])


def _known(con: duckdb.DuckDBPyConnection, phrase: str, kind: str = "slogan", known: bool = True) -> None:
    con.execute("insert into slogan_phrases (phrase, kind, known, in_list, quotes, quoted_articles, dict_version) "
                "values (?, ?, ?, false, 1, 1, 't')", [phrase, kind, known])


def _use(con: duckdb.DuckDBPyConnection, aid: str, phrase: str, quoted: bool = False) -> None:
    con.execute("insert into slogan_uses values (?, ?, 1, ?)", [aid, phrase, quoted])


def test_summary_slogans_counts_every_use_and_leaves_names_out(con: duckdb.DuckDBPyConnection) -> None:
    for aid, day in (("a1", "2015-01-05"), ("a2", "2015-02-01"), ("a3", "2015-03-01"), ("a4", "2015-03-02")):
        _article(con, aid, day, duplicate_of="a3" if aid == "a4" else None)
    _known(con, "关键少数")
    _known(con, "萨德", kind="name", known=False)
    for aid in ("a1", "a2", "a3", "a4"):
        _use(con, aid, "关键少数", quoted=aid == "a3")
    assert con.execute(
        "select phrase, kind, first_seen, first_article, articles, quoted_articles, last_seen from summary_slogans"
    ).fetchall() == [("关键少数", "slogan", dt.date(2015, 1, 5), "a1", 3, 1, dt.date(2015, 3, 1))]


def test_monthly_share_uses_every_story_of_the_month(con: duckdb.DuckDBPyConnection) -> None:
    for i in range(4):
        _article(con, f"m{i}", f"2016-05-0{i + 1}")
    _known(con, "新常态")
    _use(con, "m0", "新常态")
    assert con.execute("select phrase, month, articles, month_articles, share from summary_slogan_monthly").fetchall() == [
        ("新常态", dt.date(2016, 5, 1), 1, 4, 0.25)]


def test_provinces_first_use_with_its_denominator(con: duckdb.DuckDBPyConnection) -> None:
    # four stories about 贵州 (one uses the phrase), two about 甘肃 (none does), one national
    for aid, day in (("g1", "2016-01-10"), ("g2", "2016-02-10"), ("g3", "2016-02-20"), ("g4", "2016-03-01"),
                     ("s1", "2016-02-11"), ("s2", "2016-03-11"), ("n1", "2016-01-05")):
        _article(con, aid, day)
    for aid in ("g1", "g2", "g3", "g4"):
        _place(con, aid, "贵阳市", "贵州省", 2)
    for aid in ("s1", "s2"):
        _place(con, aid, "兰州市", "甘肃省", 3)
        _place(con, aid, "贵阳市", "贵州省", 1)  # named once: the story is about 甘肃
    _known(con, "精准扶贫")
    _use(con, "n1", "精准扶贫")
    _use(con, "g2", "精准扶贫")
    rows = con.execute(
        "select province, first_seen, lag_days, articles, province_articles, first_month_province_articles "
        "from summary_slogan_provinces order by province").fetchall()
    assert rows == [
        ("甘肃省", None, None, 0, 2, None),  # covered twice, never used: not adopted, as far as we see
        ("贵州省", dt.date(2016, 2, 10), 36, 1, 4, 2),
    ]


def test_fact_conflicts_are_classed(con: duckdb.DuckDBPyConnection) -> None:
    text = "截至2018年底全省累计脱贫人口26.65万人"
    for aid in ("f1", "f2", "f3", "f4", "f5", "f6"):
        _article(con, aid, "2019-01-10", text)
    rows = [
        # (article, subject, value, unit, raw, as_of, start)
        ("f1", "脱贫人口", 266500, "人", "26.65万人", "2018-12-31", 15),
        ("f2", "脱贫人口", 270000, "人", "27万人", "2018-12-31", 15),  # rounding of the same figure
        ("f3", "脱贫人口", 26.65, "人", "26.65人", "2018-12-31", 15),  # 万 dropped: unit
        ("f4", "脱贫人口", 300000, "人", "30万人", "2018", 15),  # the year, not its last day: period
        ("f5", "贫困发生率", 0.85, "%", "0.85%", "2018-12-31", 15),
        ("f6", "贫困发生率", 1.2, "%", "1.2%", "2018-12-31", 15),  # two figures, nothing explains: genuine
    ]
    for aid, subject, value, unit, raw, as_of, start in rows:
        end = dt.date(2018, 12, 31)
        begin = dt.date(2018, 1, 1) if as_of == "2018" else end
        con.execute(
            "insert into facts (article_id, subject, value, unit, raw, start_offset, end_offset, dict_version, "
            "as_of, as_of_start, as_of_end, place) values (?, ?, ?, ?, ?, ?, ?, 't', ?, ?, ?, '甘肃省')",
            [aid, subject, value, unit, raw, start, start + len(raw), as_of, begin, end])
    got = con.execute(
        "select subject, raw_a, raw_b, conflict_class, articles_a, articles_b from summary_fact_conflicts "
        "order by subject, value_a, value_b").fetchall()
    assert ("脱贫人口", "26.65万人", "27万人", "rounding", ["f1"], ["f2"]) in got
    assert ("脱贫人口", "26.65人", "26.65万人", "unit", ["f3"], ["f1"]) in got
    assert ("脱贫人口", "27万人", "30万人", "period", ["f2"], ["f4"]) in got
    assert ("贫困发生率", "0.85%", "1.2%", "genuine", ["f5"], ["f6"]) in got
