"""Meetings, statements and documents in the warehouse: rows from real extractions, the
tables gathered across articles, the views, and --full-refresh equal to an incremental load."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from tasks import db
from tasks.extract import extract_article
from tasks.load import derived_frames, validate_frames
from tasks.load.publish import drop_staging, publish_staging
from tasks.load.rows import article_id, build_rows, prepare_staging, stage_tables
from tasks.model import Article, FileRecord, NormalizedFile, SourceDocument

NOW = dt.datetime(2026, 1, 1, 12, 0, 0)
# Two stories of one meeting (CCTV 2014-09-24 style), and a story citing a document.
REPORT_1 = ("国务院总理李克强9月24日主持召开国务院常务会议。会议指出，顺应新技术革命潮流，必须更大力度推进企业技术改造。"
            "会议要求加快落实上述政策。")
REPORT_2 = "国务院总理李克强24日主持召开国务院常务会议，部署完善固定资产加速折旧政策。会议强调，要坚持放管结合。"
CITING = "中共中央办公厅印发了《关于加强人民政协协商民主建设的实施意见》,要求各地区各部门结合实际认真贯彻执行。"


def _file(file_id: str, text: str, published: dt.date) -> tuple[FileRecord, NormalizedFile, dict]:
    record = FileRecord(file_id=file_id, path=f"{file_id[:4]}.txt", size_bytes=len(text.encode()),
                        encoding="utf-8", format="txt", raw_text=text, documents=(SourceDocument(text),))
    art = Article(seq=0, title=None, text=text, script="simplified", start=0, end=len(text),
                  published_date=published)
    ex = extract_article(text, published=published)
    return record, NormalizedFile(file_id, (art,), ()), {article_id(file_id, 0, 0): ex}


FILES = [
    ("1" * 64, REPORT_1, dt.date(2014, 9, 24)),
    ("2" * 64, REPORT_2, dt.date(2014, 9, 25)),
    ("3" * 64, CITING, dt.date(2015, 6, 25)),
]


def _load(con: duckdb.DuckDBPyConnection, files: list, *, refresh: bool = False) -> None:
    prepare_staging(con)
    for fid, text, day in files:
        record, nf, ex = _file(fid, text, day)
        rows = build_rows([] if refresh else [record], [nf], ex, [], run_id="r", now=NOW)
        stage_tables(con, rows.tables())
    publish_staging(con, replace_derived=refresh)
    drop_staging(con)


@pytest.fixture
def con() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    db.apply_migrations(con)
    return con


def test_two_reports_of_one_meeting_are_one_meeting(con: duckdb.DuckDBPyConnection) -> None:
    _load(con, FILES)
    assert con.execute("select name, held_on, level, articles from meetings").fetchall() == [
        ("国务院常务会议", dt.date(2014, 9, 24), "national", 2)]
    assert con.execute("select meeting, chair, speakers, articles from summary_meetings").fetchall() == [
        ("国务院常务会议", "李克强", [], 2)]
    # the meeting itself speaks, in both reports, linked to the one meeting
    assert con.execute(
        "select speaker, verb, count(*), count(distinct meeting_id) from statements group by all order by verb"
    ).fetchall() == [("会议", "强调", 1, 1), ("会议", "指出", 1, 1), ("会议", "要求", 1, 1)]
    assert con.execute("select speaker, verb, statements from summary_statements order by verb").fetchall() == [
        ("会议", "强调", 1), ("会议", "指出", 1), ("会议", "要求", 1)]
    assert con.execute("select document, kind, issuer, first_seen, articles, verbs from summary_documents").fetchall() == [
        ("关于加强人民政协协商民主建设的实施意见", "opinion", "中共中央办公厅", dt.date(2015, 6, 25), 1, ["印发"])]


def test_derived_meetings_and_documents_pass_their_suites(con: duckdb.DuckDBPyConnection) -> None:
    # derived at publish (tasks.db.DERIVED_TABLES) and checked there, as the flow's gate does
    _load(con, FILES)
    report = validate_frames(dict(derived_frames(con)))
    assert report.success, report.reason()
    assert set(report.checked) >= {"meetings", "documents"}


def test_full_refresh_gives_what_an_incremental_load_gives(con: duckdb.DuckDBPyConnection) -> None:
    # incremental: one file per run, newest first; then a refresh of everything at once
    for item in reversed(FILES):
        _load(con, [item])
    tables = ("meetings", "meeting_mentions", "meeting_roles", "statements", "document_mentions", "documents")
    incremental = {t: sorted(con.execute(f"select * from {t}").fetchall(), key=repr) for t in tables}
    _load(con, FILES, refresh=True)
    assert {t: sorted(con.execute(f"select * from {t}").fetchall(), key=repr) for t in tables} == incremental
