"""Move a validated staging build into the published tables, and record runs.

Publishing is one DuckDB transaction: superseded files are retired, staged
rows are inserted, the derived tables (``tenures``) are recomputed from all the
published rows by ``sql/derive/<table>.sql``, and the ``summary_*`` views are
re-created, so a reader of the finished file sees either all of a run or none of it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import duckdb

from tasks.db import CONTRACT_TABLES, DERIVED_TABLES, apply_views, read_sql, scalar

# Tables whose rows are derived from files.raw_text, keyed by article_id or file_id.
ARTICLE_TABLES = ("repairs", "term_counts", "keywords", "entities", "entity_mentions", "facts",
                  "slogans", "slogan_uses", "article_fingerprints", "posts", "meeting_mentions",
                  "meeting_roles", "statements", "document_mentions")
FILE_TABLES = ("removed_lines", "articles")
# Tables whose staged rows need more than a plain insert (sql/publish/*.sql).
SPECIAL_INSERTS = {
    "rejected_files": "publish/insert_rejections.sql",
    "files": "publish/insert_files.sql",
    # derived over the whole warehouse (tasks.load.phrases): replaced, not added to
    "slogan_phrases": "publish/replace_slogan_phrases.sql",
    "slogan_uses": "publish/insert_slogan_uses.sql",
}


@dataclass
class RunRecord:
    """One row of the ``runs`` table."""

    run_id: str
    started_at: dt.datetime
    flow_run_id: str | None = None
    finished_at: dt.datetime | None = None
    files_seen: int = 0
    files_new: int = 0
    files_rejected: int = 0
    articles: int = 0
    validation_success: bool | None = None
    published: bool = False
    failed_expectations: list[str] = field(default_factory=list)
    message: str = ""


def publish_staging(
    con: duckdb.DuckDBPyConnection, *, replace_derived: bool = False, gate: Callable[[], bool] | None = None,
) -> int | None:
    """Insert every staged row into ``main`` and rebuild the views, atomically.

    With ``replace_derived`` (``--full-refresh``) every derived row is deleted
    first, so the staged rebuild replaces it rather than adding to it.
    ``gate`` is asked last, before the commit (the derived tables are built by then,
    so it may check them on ``con``): the rows can be written while the build is still
    being validated, and a False rolls them all back.
    Returns the number of files superseded by a newer version at the same path,
    or None when the gate said no and nothing was published.
    """
    con.execute("begin transaction")
    try:
        if replace_derived:
            for table in (*ARTICLE_TABLES, *FILE_TABLES):
                con.execute(f"delete from main.{table}")
            superseded = 0
        else:
            con.execute(read_sql("publish/supersede.sql"))
            for table in ARTICLE_TABLES:
                con.execute(
                    f"delete from main.{table} where article_id in "
                    "(select article_id from superseded_articles)"
                )
            for table in FILE_TABLES:
                con.execute(
                    f"delete from main.{table} where file_id in "
                    "(select old_file_id from superseded_files)"
                )
            superseded = scalar(con, "select count(*) from superseded_files")
        for table in CONTRACT_TABLES:
            if table in SPECIAL_INSERTS:
                con.execute(read_sql(SPECIAL_INSERTS[table]))
            else:
                con.execute(f"insert into main.{table} by name select * from staging.{table}")
        if not replace_derived:
            # A new version replaces its old one rather than repeating it: marks that
            # point at a retired article (staged ones included) are lifted.
            con.execute(
                "update main.articles set duplicate_of = null where duplicate_of in "
                "(select article_id from superseded_articles)"
            )
        derive_tables(con)
        apply_views(con)
        if gate is not None and not gate():
            con.execute("rollback")
            return None
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    return int(superseded)  # type: ignore[call-overload]


def derive_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Recompute every derived table from the published rows (the caller holds the
    transaction): a function of what is published, so any load order gives the same rows."""
    for table in DERIVED_TABLES:
        con.execute(read_sql(f"derive/{table}.sql"))


def drop_staging(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("drop schema if exists staging cascade")


def record_run(con: duckdb.DuckDBPyConnection, run: RunRecord) -> None:
    """Insert or update the run's row in ``runs``."""
    con.execute("delete from runs where run_id = ?", [run.run_id])
    con.execute(
        "insert into runs values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            run.run_id,
            run.flow_run_id,
            run.started_at,
            run.finished_at,
            run.files_seen,
            run.files_new,
            run.files_rejected,
            run.articles,
            run.validation_success,
            run.published,
            run.failed_expectations,
            run.message,
        ],
    )
