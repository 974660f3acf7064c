"""Digest a warehouse's rows, to show that a change left its output identical.

    python scripts/warehouse_digest.py newsflow.duckdb              # one line per table
    python scripts/warehouse_digest.py --compare before.duckdb after.duckdb

Every table and published view is read in full and hashed as a sorted multiset of
rows, leaving out what differs between two runs of the same input by design: run ids,
timestamps, Prefect ids and the input's folder (two builds of the same files from two
checkouts see them under different paths; the file name is kept). ``--compare`` prints
the tables whose digest differs, with a few rows only one side has, and exits 1 then.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

import duckdb

# Columns that change from run to run of the same input.
VOLATILE = {
    "run_id", "flow_run_id", "ingested_at", "rejected_at", "started_at", "finished_at",
    "applied_at", "seconds", "mtime", "checksum",
}
# Bookkeeping, not output: which migrations were applied and when.
SKIPPED_TABLES = {"schema_migrations", "runs"}


def _relations(con: duckdb.DuckDBPyConnection) -> list[str]:
    rows = con.execute(
        "select table_name from information_schema.tables "
        "where table_schema = 'main' order by table_name").fetchall()
    return [r[0] for r in rows if r[0] not in SKIPPED_TABLES]


def _rows(con: duckdb.DuckDBPyConnection, relation: str) -> list[str]:
    cols = [c[0] for c in con.execute(f'describe "{relation}"').fetchall() if c[0] not in VOLATILE]
    picked = ", ".join(
        # a path keeps only its file name: the folder is where the build happened to run
        f'regexp_replace(cast("{c}" as varchar), \'^.*/\', \'\')' if c == "path" else f'"{c}"'
        for c in cols)
    return sorted(repr(row) for row in con.execute(f'select {picked} from "{relation}"').fetchall())


def digest(db: Path) -> dict[str, tuple[int, str, list[str]]]:
    """``relation -> (row count, sha256 of the sorted rows, the rows)``."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {}
        for relation in _relations(con):
            rows = _rows(con, relation)
            out[relation] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest()[:16], rows)
        return out
    finally:
        con.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("db", type=Path, nargs="?", help="warehouse to digest")
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("BEFORE", "AFTER"),
                        help="compare two warehouses table by table")
    args = parser.parse_args(argv)
    if args.compare:
        before, after = (digest(p) for p in args.compare)
        differ = 0
        for relation in sorted(set(before) | set(after)):
            a, b = before.get(relation), after.get(relation)
            if a is None or b is None:
                print(f"{relation}: only in {'after' if a is None else 'before'}")
                differ += 1
                continue
            if a[1] == b[1]:
                print(f"{relation}: {a[0]} rows, identical")
                continue
            differ += 1
            only_a, only_b = sorted(set(a[2]) - set(b[2])), sorted(set(b[2]) - set(a[2]))
            print(f"{relation}: DIFFERS ({a[0]} rows before, {b[0]} after; "
                  f"{len(only_a)} only before, {len(only_b)} only after)")
            for row in only_a[:3]:
                print(f"   - {row[:200]}")
            for row in only_b[:3]:
                print(f"   + {row[:200]}")
        print("identical" if not differ else f"{differ} relation(s) differ")
        return 1 if differ else 0
    if not args.db:
        parser.error("give a warehouse, or --compare BEFORE AFTER")
    for relation, (n, sha, _) in digest(args.db).items():
        print(f"{relation}\t{n}\t{sha}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
