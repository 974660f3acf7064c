"""The only module that opens DuckDB: connections, migrations, views, and the
work-copy / atomic-publish cycle that keeps the warehouse readable during runs.

Why a work copy: a DuckDB file open for writing blocks every other process,
readers included. A run therefore never writes the published file. It copies
it to ``<db>.work``, builds and validates there, and publishes by
``os.replace`` — atomic on POSIX — so analysts can open ``newsflow.duckdb``
read-only at any moment, and a run killed at any point leaves the published
file exactly as the last good run left it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import fcntl
import hashlib
import os
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
SQL_DIR = ROOT / "sql"
SCHEMA_DIR = SQL_DIR / "schema"
VIEWS_DIR = SQL_DIR / "views"
EXPECTATIONS_DIR = ROOT / "expectations"
SAMPLES_DIR = ROOT / "data" / "samples"

# Tables of the warehouse contract that a run stages and publishes, in load order.
CONTRACT_TABLES: tuple[str, ...] = (
    "files",
    "rejected_files",
    "articles",
    "removed_lines",
    "repairs",
    "term_counts",
    "keywords",
    "entities",
    "entity_mentions",
    "facts",
    "slogans",
    "slogan_phrases",
    "slogan_uses",
    "article_fingerprints",
    "posts",
    "meeting_mentions",
    "meeting_roles",
    "statements",
    "document_mentions",
)
# Tables derived from the published ones at every publish (sql/derive/<table>.sql), inside
# the publish transaction and checked by their own suites before it commits.
DERIVED_TABLES: tuple[str, ...] = ("person_names", "tenures", "meetings", "documents")
# Queries over the derived tables whose rows are failures (sql/derive/<name>.sql), each
# checked by the suite of its name: two unflagged holders of one single-holder post.
DERIVED_CHECKS: tuple[str, ...] = ("tenure_overlaps",)


class WarehouseBusy(RuntimeError):
    """Another newsflow run holds the warehouse."""


class MigrationChanged(RuntimeError):
    """An applied migration file was edited: migrations are append-only."""


def read_sql(relative: str) -> str:
    """Text of ``sql/<relative>``."""
    return (SQL_DIR / relative).read_text(encoding="utf-8")


# A run's own connection: DuckDB keeps every block it has read or written cached up to 80 %
# of the machine's memory by default, so a run's memory grew with the warehouse it built.
# Past this limit blocks already on disk are dropped from the cache and read again if needed.
RUN_MEMORY_LIMIT = "512MB"


def connect(
    path: str | Path, *, read_only: bool = False, memory_limit: str | None = None
) -> duckdb.DuckDBPyConnection:
    """Open a DuckDB file (created when missing unless read_only)."""
    config = {"memory_limit": memory_limit} if memory_limit else {}
    return duckdb.connect(str(path), read_only=read_only, config=config)


def scalar(con: duckdb.DuckDBPyConnection, query: str, params: list[object] | None = None) -> object:
    """The single value a query returns.

    Fetches the whole result: DuckDB 2 refuses further work on a connection
    whose last result was only partly fetched (``fetchone``).
    """
    rows = con.execute(query, params or []).fetchall()
    return rows[0][0] if rows else None


# ----------------------------------------------------------------- migrations


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.sql.encode("utf-8")).hexdigest()


def migrations() -> list[Migration]:
    """The migration files in ``sql/schema``, ordered by their number."""
    found = []
    for path in sorted(SCHEMA_DIR.glob("[0-9][0-9][0-9]_*.sql")):
        version = int(path.name[:3])
        found.append(Migration(version, path.stem, path.read_text(encoding="utf-8")))
    versions = [m.version for m in found]
    if len(versions) != len(set(versions)):
        raise MigrationChanged(f"two migration files share a number in {SCHEMA_DIR}")
    return found


def _ensure_migrations_table(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(read_sql("schema_migrations.sql"))


def applied(con: duckdb.DuckDBPyConnection) -> dict[int, str]:
    """Applied migration versions and their checksums (read-only)."""
    exists = scalar(
        con,
        "select count(*) from duckdb_tables() where table_name = 'schema_migrations'"
        " and schema_name = 'main'",
    )
    if not exists:
        return {}
    return dict(con.execute("select version, checksum from schema_migrations").fetchall())


def pending(con: duckdb.DuckDBPyConnection) -> list[Migration]:
    """Migrations not yet applied (read-only); raises if an applied one changed."""
    done = applied(con)
    todo = []
    for migration in migrations():
        if migration.version in done:
            if done[migration.version] != migration.checksum:
                raise MigrationChanged(
                    f"migration {migration.name} was edited after it was applied; "
                    "add a new migration file instead of changing an old one"
                )
        else:
            todo.append(migration)
    return todo


def apply_migrations(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply pending migrations, each in one transaction with its record."""
    _ensure_migrations_table(con)
    names = []
    for migration in pending(con):
        con.execute("begin transaction")
        try:
            con.execute(migration.sql)
            con.execute(
                "insert into schema_migrations values (?, ?, ?, ?)",
                [migration.version, migration.name, migration.checksum, utc_now()],
            )
            con.execute("commit")
        except Exception:
            con.execute("rollback")
            raise
        names.append(migration.name)
    return names


def apply_views(con: duckdb.DuckDBPyConnection) -> list[str]:
    """(Re)create every ``summary_*`` view from ``sql/views`` (caller holds the transaction)."""
    names = []
    for path in sorted(VIEWS_DIR.glob("*.sql")):
        con.execute(path.read_text(encoding="utf-8"))
        names.append(path.stem)
    return names


def view_names() -> list[str]:
    return [p.stem for p in sorted(VIEWS_DIR.glob("*.sql"))]


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


# ---------------------------------------------------- work copy and publishing


def work_path(db: Path) -> Path:
    return db.with_name(db.name + ".work")


def lock_path(db: Path) -> Path:
    return db.with_name(db.name + ".lock")


# Locks this process holds, by lock file: re-entering is a no-op, so the CLI can
# take the lock before the flow starts (a busy warehouse then never becomes a
# failed flow run) while the flow, also run by deployments, still takes it itself.
_HELD: dict[Path, int] = {}


@contextlib.contextmanager
def run_lock(db: Path, *, wait_seconds: float = 0.0) -> Iterator[None]:
    """Hold the warehouse's run lock: one writing run at a time.

    The lock is an ``flock`` on ``<db>.lock``, released by the kernel when the
    process dies, so a killed run never leaves a stale lock behind.
    """
    path = lock_path(db.resolve())
    if _HELD.get(path):
        _HELD[path] += 1
        try:
            yield
        finally:
            _HELD[path] -= 1
        return
    with _exclusive_lock(db, path, wait_seconds):
        _HELD[path] = 1
        try:
            yield
        finally:
            _HELD.pop(path, None)


@contextlib.contextmanager
def _exclusive_lock(db: Path, path: Path, wait_seconds: float) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = open(path, "a+")  # held for the whole run; closed in the finally below
    deadline = time.monotonic() + max(wait_seconds, 0.0)
    try:
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                if time.monotonic() >= deadline:
                    handle.seek(0)
                    holder = handle.read().strip() or "unknown"
                    raise WarehouseBusy(
                        f"another newsflow run ({holder}) is writing {db}; wait for it to finish, "
                        "or pass --wait SECONDS to queue behind it"
                    ) from None
                time.sleep(0.2)
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}, started {utc_now():%Y-%m-%d %H:%M:%S} UTC\n")
        handle.flush()
        yield
    finally:
        with contextlib.suppress(OSError):
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
        handle.close()


def open_work_copy(db: Path) -> Path:
    """Start a run's work database as a copy of the published one.

    Any ``.work`` file left by a killed run is discarded first: it was never
    published, so nothing in it is lost (the inputs are still where they were).
    """
    work = work_path(db)
    for leftover in (work, work.with_name(work.name + ".wal")):
        leftover.unlink(missing_ok=True)
    if db.exists():
        shutil.copyfile(db, work)
    con = connect(work)
    try:
        apply_migrations(con)
    finally:
        con.close()
    return work


def publish_work_copy(db: Path) -> None:
    """Atomically replace the published warehouse with the finished work copy."""
    work = work_path(db)
    con = connect(work)
    try:
        con.execute("checkpoint")  # fold the WAL in, so the single file is complete
    finally:
        con.close()
    fd = os.open(work, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(work, db)
    dir_fd = os.open(db.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def discard_work_copy(db: Path) -> None:
    work = work_path(db)
    for leftover in (work, work.with_name(work.name + ".wal")):
        leftover.unlink(missing_ok=True)


def ensure_warehouse(db: Path) -> None:
    """Create an empty, migrated warehouse with its views (for a first read)."""
    if db.exists():
        return
    db.parent.mkdir(parents=True, exist_ok=True)
    con = connect(db)
    try:
        apply_migrations(con)
        apply_views(con)
    finally:
        con.close()
