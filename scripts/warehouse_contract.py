"""Write the warehouse contract into docs/architecture.md, from the schema itself.

    python scripts/warehouse_contract.py           # rewrite the section in docs/architecture.md
    python scripts/warehouse_contract.py --check   # exit 1 when the section is out of date

The tables, columns and views are read from an empty warehouse built by the real
migrations and views (``sql/schema``, ``sql/views``), their meaning from the
``COMMENT ON`` beside each ``CREATE``: the document cannot drift from the schema.
``tests/test_docs.py`` fails until the section agrees, so a migration that adds a
table or a column ends with running this script.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import duckdb

from tasks import db

DOC = db.ROOT / "docs" / "architecture.md"
START = "<!-- contract:start (written by scripts/warehouse_contract.py; do not edit by hand) -->"
END = "<!-- contract:end -->"
# Bookkeeping of the pipeline itself, after the contract tables.
OTHER_TABLES = ("runs", "schema_migrations")


def _cell(text: str | None) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ")


def contract_markdown() -> str:
    """Every table (columns, types, comments) and every view (columns, types, comment)."""
    con = duckdb.connect()
    try:
        db.apply_migrations(con)
        db.apply_views(con)
        tables = dict(con.execute(
            "select table_name, comment from duckdb_tables() where schema_name = 'main'").fetchall())
        views = dict(con.execute(
            "select view_name, comment from duckdb_views() where schema_name = 'main' and not internal"
        ).fetchall())
        columns: dict[str, list[tuple[str, str, str | None]]] = {}
        for table, column, data_type, comment in con.execute(
            "select table_name, column_name, data_type, comment from duckdb_columns() "
            "where schema_name = 'main' order by table_name, column_index"
        ).fetchall():
            columns.setdefault(table, []).append((column, data_type.lower(), comment))
    finally:
        con.close()

    ordered = [t for t in (*db.CONTRACT_TABLES, *OTHER_TABLES) if t in tables]
    ordered += sorted(set(tables) - set(ordered))
    out = ["### Tables", ""]
    for table in ordered:
        out += [f"#### `{table}`", "", _cell(tables[table]), "", "| column | type | meaning |", "|---|---|---|"]
        out += [f"| `{c}` | {t} | {_cell(m)} |" for c, t, m in columns[table]]
        out.append("")
    out += ["### Views", "",
            "Rebuilt in the publish transaction of every run that passes the quality gate.", ""]
    for view in sorted(views):
        cols = ", ".join(f"`{c}` {t}" for c, t, _ in columns[view])
        out += [f"#### `{view}`", "", _cell(views[view]), "", f"Columns: {cols}.", ""]
    return "\n".join(out).rstrip() + "\n"


def with_contract(doc: str) -> str:
    """``doc`` with the text between the markers replaced by :func:`contract_markdown`."""
    head, found, rest = doc.partition(START)
    _, found_end, tail = rest.partition(END)
    if not (found and found_end):
        raise ValueError(f"{DOC} lacks the markers {START!r} … {END!r}")
    return f"{head}{START}\n{contract_markdown()}{END}{tail}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only report whether the section is current")
    args = ap.parse_args(argv)
    current = DOC.read_text(encoding="utf-8")
    wanted = with_contract(current)
    if current == wanted:
        print(f"{DOC.relative_to(db.ROOT)}: the contract section is current")
        return 0
    if args.check:
        print(f"{DOC.relative_to(db.ROOT)}: the contract section is out of date; "
              "run python scripts/warehouse_contract.py", file=sys.stderr)
        return 1
    DOC.write_text(wanted, encoding="utf-8")
    print(f"{DOC.relative_to(db.ROOT)}: contract section rewritten")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
