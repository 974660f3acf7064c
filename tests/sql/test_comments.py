"""The warehouse documents itself: every table, view and column carries a COMMENT ON."""

from __future__ import annotations

import duckdb

from tasks import db


def _warehouse() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    db.apply_migrations(con)
    db.apply_views(con)
    return con


def test_every_table_column_has_a_comment() -> None:
    con = _warehouse()
    missing = con.execute(
        "select c.table_name, c.column_name from duckdb_columns() c "
        "join duckdb_tables() t on t.table_name = c.table_name and t.schema_name = c.schema_name "
        "where not c.internal and (c.comment is null or trim(c.comment) = '')"
    ).fetchall()
    assert missing == []


def test_every_table_and_view_has_a_comment() -> None:
    con = _warehouse()
    tables = con.execute(
        "select table_name from duckdb_tables() where comment is null or trim(comment) = ''"
    ).fetchall()
    views = con.execute(
        "select view_name from duckdb_views() where not internal and (comment is null or trim(comment) = '')"
    ).fetchall()
    assert tables == [] and views == []
