"""Known phrases and every use of them, across runs: an incremental load ends with the rows
a full refresh builds (real DuckDB, real extraction, no Prefect)."""

from __future__ import annotations

import datetime as dt
import hashlib

import duckdb
import pytest

from tasks import db
from tasks.extract import extract_article
from tasks.load.phrases import stage_phrases
from tasks.load.publish import drop_staging, publish_staging
from tasks.load.rows import article_id, build_rows, prepare_staging, stage_tables
from tasks.model import Article, FileRecord, NormalizedFile, SourceDocument

NOW = dt.datetime(2026, 1, 1)
STORIES = {
    # 关键少数 is in no list: it becomes known when a story quotes it (c.txt), and then the
    # stories loaded before that use it plainly count too
    "a.txt": ("2015-01-05", "会议强调，要抓住关键少数，推动全面从严治党。"),
    "b.txt": ("2015-02-03", "美韩决定部署“萨德”反导系统，中方表示坚决反对。"),
    "c.txt": ("2015-03-01", "领导干部是“关键少数”，关键少数要发挥示范作用。"),
}


def _file(path: str, text: str) -> FileRecord:
    fid = hashlib.sha256(f"{path}\n{text}".encode()).hexdigest()
    return FileRecord(fid, path, len(text.encode()), "utf-8", "txt", text, (SourceDocument(text),))


def _stage(con: duckdb.DuckDBPyConnection, stories: dict[str, tuple[str, str]], run: str,
           *, refresh: bool = False) -> None:
    prepare_staging(con)
    for path, (day, text) in stories.items():
        rec = _file(path, text)
        art = Article(seq=0, title=None, text=text, script="simplified", start=0, end=len(text),
                      published_date=dt.date.fromisoformat(day))
        ex = {article_id(rec.file_id, 0, 0): extract_article(text, published=art.published_date)}
        rows = build_rows([] if refresh else [rec], [NormalizedFile(rec.file_id, (art,), ())], ex, [],
                          run_id=run, now=NOW)
        stage_tables(con, rows.tables())
    stage_phrases(con, full_refresh=refresh)
    publish_staging(con, replace_derived=refresh)
    drop_staging(con)


def _uses(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return con.execute(
        "select a.published_date, u.phrase, u.mentions, u.quoted from slogan_uses u "
        "join articles a using (article_id) order by 1, 2").fetchall()


@pytest.fixture
def con() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    db.apply_migrations(con)
    return con


def test_a_phrase_quoted_later_counts_in_stories_loaded_before(con: duckdb.DuckDBPyConnection) -> None:
    _stage(con, {k: STORIES[k] for k in ("a.txt", "b.txt")}, "r1")
    assert "关键少数" not in {r[1] for r in _uses(con)}
    _stage(con, {"c.txt": STORIES["c.txt"]}, "r2")
    assert con.execute(
        "select first_seen, articles, quoted_articles, mentions from summary_slogans where phrase = '关键少数'"
    ).fetchall() == [(dt.date(2015, 1, 5), 2, 1, 3)]


def test_incremental_equals_full_refresh(con: duckdb.DuckDBPyConnection) -> None:
    for i, path in enumerate(STORIES):
        _stage(con, {path: STORIES[path]}, f"r{i}")
    incremental = _uses(con)
    _stage(con, STORIES, "refresh", refresh=True)
    assert _uses(con) == incremental
    fresh = duckdb.connect()
    db.apply_migrations(fresh)
    _stage(fresh, STORIES, "once")
    assert _uses(fresh) == incremental


def test_names_are_registered_but_not_counted(con: duckdb.DuckDBPyConnection) -> None:
    _stage(con, STORIES, "r1")
    assert con.execute("select kind, name_class, known from slogan_phrases where phrase = '萨德'").fetchall() == [
        ("name", "weapon", False)]
    assert con.execute("select count(*) from summary_slogans where phrase = '萨德'").fetchone() == (0,)
    assert con.execute("select count(*) from slogan_uses where phrase = '萨德'").fetchone() == (0,)


def test_a_phrase_no_longer_quoted_is_retired(con: duckdb.DuckDBPyConnection) -> None:
    _stage(con, STORIES, "r1")
    # c.txt changes: it no longer quotes 关键少数, which nothing else quotes or lists
    _stage(con, {"c.txt": ("2015-03-01", "领导干部要发挥示范作用。")}, "r2")
    assert "关键少数" not in {r[1] for r in _uses(con)}
    assert con.execute("select count(*) from slogan_phrases where phrase = '关键少数'").fetchone() == (0,)


def test_listed_phrases_count_without_any_quote(con: duckdb.DuckDBPyConnection) -> None:
    # 全面从严治党 is not quoted anywhere; the list has 两不愁三保障 but no story uses it
    _stage(con, {"a.txt": ("2015-01-05", "坚持精准扶贫，推进供给侧结构性改革。")}, "r1")
    assert {r[1] for r in _uses(con)} == {"精准扶贫", "供给侧结构性改革"}
    assert con.execute("select in_list, quoted_articles from slogan_phrases where phrase = '精准扶贫'").fetchall() == [
        (True, 0)]
