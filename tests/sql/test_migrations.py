"""Migrations apply in order, once; views compile on an empty schema; everything is documented."""

from __future__ import annotations

import duckdb
import pytest

from tasks import db


def test_apply_migrations_twice_is_a_noop() -> None:
    con = duckdb.connect()
    first = db.apply_migrations(con)
    assert first == [m.name for m in db.migrations()]
    assert db.apply_migrations(con) == []
    assert db.pending(con) == []
    assert set(db.applied(con)) == {m.version for m in db.migrations()}


def test_edited_migration_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    con = duckdb.connect()
    db.apply_migrations(con)
    con.execute("update schema_migrations set checksum = 'x' where version = 1")
    with pytest.raises(db.MigrationChanged):
        db.pending(con)


def test_every_contract_table_and_view_exists() -> None:
    con = duckdb.connect()
    db.apply_migrations(con)
    db.apply_views(con)
    tables = {r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()}
    assert set(db.CONTRACT_TABLES) | {"runs"} <= tables
    views = {r[0] for r in con.execute("select view_name from duckdb_views() where not internal").fetchall()}
    assert {
        "summary_corpus", "summary_terms", "summary_people", "summary_places",
        "summary_slogans", "summary_facts", "summary_timeline", "summary_quality",
    } <= views


CONTRACT_COLUMNS = {
    "files": ["file_id", "path", "size_bytes", "encoding", "status", "ingested_at", "raw_text"],
    "rejected_files": ["path", "reason", "detail", "rejected_at"],
    "articles": ["article_id", "file_id", "seq", "title", "source", "authors", "published_date",
                 "date_text", "script", "text", "char_count", "repaired_chars", "masked_chars",
                 "duplicate_of"],
    "removed_lines": ["file_id", "line_no", "text", "reason"],
    "repairs": ["article_id", "offset", "original", "replacement", "rule"],
    "term_counts": ["article_id", "term", "pos", "n"],
    "keywords": ["article_id", "term", "weight", "rank"],
    "entities": ["article_id", "kind", "name", "title", "mentions"],
    "facts": ["article_id", "subject", "value", "unit", "raw"],
    "slogans": ["article_id", "phrase", "raw", "mentions"],
    "runs": ["run_id", "flow_run_id", "started_at", "finished_at", "files_seen", "files_new",
             "articles", "validation_success", "published"],
}


@pytest.mark.parametrize("table", sorted(CONTRACT_COLUMNS))
def test_contract_columns_exist(table: str) -> None:
    con = duckdb.connect()
    db.apply_migrations(con)
    columns = {r[0] for r in con.execute(f"describe {table}").fetchall()}
    assert set(CONTRACT_COLUMNS[table]) <= columns
