"""``newsflow`` command line: the only place that turns exceptions into exit codes.

Verbs: ``run`` (the pipeline), ``normalize`` and ``extract`` (one-off text,
plain or JSON lines), ``status`` (recent runs and what is published),
``report`` (an HTML page of charts) and ``serve`` (scheduled runs over an inbox).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import re
import sys
import traceback
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, TextIO

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
# The temporary local Prefect API can take longer than Prefect's 20 s to start on a
# busy machine or a first run (it creates its database).
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")

EXIT_OK = 0
EXIT_GATE_FAILED = 1
EXIT_USAGE = 2
EXIT_BUSY = 3

DEFAULT_DB = "newsflow.duckdb"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsflow",
        description=(
            "Turn scraped Chinese news pages into a clean, audited DuckDB warehouse: "
            "ingest → normalize → extract → load, checked by Great Expectations before "
            "the summary views are published."
        ),
        epilog="Run 'newsflow VERB --help' for the options of each verb.",
    )
    verbs = parser.add_subparsers(dest="verb", metavar="VERB", required=True)

    from flows.inputs import INPUT_HELP, add_input_options

    run = verbs.add_parser(
        "run",
        help="run the whole pipeline into the warehouse",
        description=(
            "Run the pipeline over PATHs into the warehouse. Incremental: files already "
            "loaded (same sha256) are skipped; a changed file at a known path replaces its "
            "old version. Exits 1 when the quality gate fails (nothing is published then), "
            "2 on a bad option, 3 when another run holds the warehouse."
        ),
        epilog=INPUT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    run.add_argument(
        "paths", nargs="*", metavar="PATH",
        help="files, folders (searched recursively) or glob patterns; default: the bundled samples",
    )
    run.add_argument("--db", default=DEFAULT_DB, metavar="FILE",
                     help=f"warehouse file to build or update (default: ./{DEFAULT_DB})")
    run.add_argument("--full-refresh", action="store_true",
                     help="rebuild every article from files.raw_text (no original files needed)")
    run.add_argument("--workers", type=int, default=1, metavar="N",
                     help="worker processes for normalize and extract (default: 1, in-process)")
    run.add_argument("--batch-mb", type=float, default=8.0, metavar="MB",
                     help="megabytes of input per batch (default: 8); bounds memory per batch")
    run.add_argument("--max-file-mb", type=float, default=50.0, metavar="MB",
                     help="reject input files larger than this (default: 50)")
    run.add_argument("--dask-address", metavar="tcp://HOST:PORT",
                     help="run normalize and extract on an existing Dask cluster (needs the [dask] "
                          "extra; newsflow must be installed on the scheduler and every worker); "
                          "reading, loading and publishing stay in this process")
    run.add_argument("--dask-local", type=int, metavar="N",
                     help="start a local Dask cluster of N worker processes for this run (needs the [dask] extra)")
    run.add_argument("--wait", type=float, default=0.0, metavar="SECONDS",
                     help="if another run holds the warehouse, wait up to this long (default: 0, exit at once)")
    add_input_options(run)

    for verb, what in (("normalize", "normalized Simplified text, script and repairs"),
                       ("extract", "entities (people with their posts), facts, slogans, meetings, "
                                   "statements, documents and keywords")):
        p = verbs.add_parser(
            verb,
            help=f"print {what} for text on stdin",
            description=(
                f"Read text on stdin and print {what}. With --jsonl, read JSON lines "
                '{"id": ..., "text": ...} and write one JSON line per input line with the same id '
                '(a line that cannot be read gets {"id": ..., "error": ...}).'
            ),
        )
        p.add_argument("--jsonl", action="store_true", help="JSON lines in, JSON lines out")

    status = verbs.add_parser("status", help="show the last runs and what is published",
                              description="Show the last runs and what the warehouse publishes.")
    status.add_argument("--db", default=DEFAULT_DB, metavar="FILE",
                        help=f"warehouse file (default: ./{DEFAULT_DB})")
    status.add_argument("--runs", type=int, default=10, metavar="N",
                        help="how many recent runs to show (default: 10)")

    from flows.operate import add_parsers

    add_parsers(verbs)  # report, serve
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.verb == "run":
        return _run(args)
    if args.verb == "normalize":
        return _one_off(args.jsonl, _normalize_record, _print_normalized)
    if args.verb == "extract":
        return _one_off(args.jsonl, extract_record, _print_extracted)
    if args.verb == "status":
        return _status(Path(args.db), args.runs)
    if args.verb in ("report", "serve"):
        from flows.operate import main_report, main_serve

        return main_report(args) if args.verb == "report" else main_serve(args)
    return EXIT_USAGE


# ------------------------------------------------------------------------ run


def _run(args: argparse.Namespace) -> int:
    if args.workers < 1:
        print("newsflow: --workers must be at least 1", file=sys.stderr)
        return EXIT_USAGE
    from flows.inputs import field_map_of
    from tasks.ingest import FieldMapError

    try:
        args.field_map = field_map_of(args)
    except FieldMapError as exc:
        print(f"newsflow: {exc}", file=sys.stderr)
        return EXIT_USAGE
    from tasks.db import WarehouseBusy, run_lock

    try:
        # The lock first: a busy warehouse answers at once, without starting an API.
        with run_lock(Path(args.db).expanduser(), wait_seconds=args.wait):
            return _run_locked(args)
    except WarehouseBusy as exc:
        print(f"newsflow: {exc}", file=sys.stderr)
        return EXIT_BUSY


def _run_locked(args: argparse.Namespace) -> int:
    from flows.temporary_api import TemporaryAPI, prefect_api

    api = TemporaryAPI()  # before the heavy imports below, so the server boots while they run
    try:
        from flows.pipeline import MissingExtra, QualityGateFailed, prepare, run

        # warm up while the server starts, not after it answers
        prepare(args.workers, on_dask=bool(args.dask_address or args.dask_local))
    except BaseException:
        api.stop()
        raise
    try:
        with prefect_api(api):
            summary = run(
                args.paths or None,
                db=args.db,
                batch_mb=args.batch_mb,
                max_file_mb=args.max_file_mb,
                full_refresh=args.full_refresh,
                workers=args.workers,
                wait_seconds=args.wait,
                dask_address=args.dask_address,
                dask_local=args.dask_local,
                field_map=args.field_map,
            )
    except MissingExtra as exc:
        print(f"newsflow: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except QualityGateFailed as exc:
        print_summary(exc.summary)
        print(f"newsflow: quality gate failed, nothing published: {exc}", file=sys.stderr)
        if exc.summary.docs_index:
            print(f"newsflow: details in the Data Docs: {exc.summary.docs_index}", file=sys.stderr)
        for failure in exc.summary.failures[:10]:
            print(f"  - {failure.label()}: {failure.unexpected_count} row(s), e.g. "
                  f"{', '.join(failure.sample[:3])}", file=sys.stderr)
        return EXIT_GATE_FAILED
    except Exception as exc:
        if "ephemeral Prefect API" not in str(exc):
            raise
        print(
            f"newsflow: the temporary local Prefect API did not start ({exc}). Try again, or run "
            "'prefect server start --host 127.0.0.1' in another terminal and set "
            "PREFECT_API_URL=http://127.0.0.1:4200/api",
            file=sys.stderr,
        )
        return EXIT_BUSY
    print_summary(summary)
    return EXIT_OK


def print_summary(summary: Any, out: TextIO = sys.stdout) -> None:
    """The short summary printed at the end of every run."""
    print(f"newsflow: {summary.message()} ({summary.seconds:.1f} s)", file=out)
    print(f"  warehouse  {summary.db}", file=out)
    print(f"  files      {summary.files_seen} seen, {summary.files_new} new, "
          f"{summary.files_unchanged} unchanged, {summary.files_superseded} superseded, "
          f"{summary.files_rejected} rejected", file=out)
    for path, reason, detail in summary.rejections[:10]:
        print(f"    rejected {path}: {reason} — {detail}", file=out)
    if len(summary.rejections) > 10:
        print(f"    … and {len(summary.rejections) - 10} more (see table rejected_files)", file=out)
    print(f"  articles   {summary.articles} added, {summary.duplicates} marked duplicate", file=out)
    if summary.removed_by_reason:
        removed = ", ".join(f"{k} {v}" for k, v in sorted(summary.removed_by_reason.items(), key=lambda kv: -kv[1]))
        print(f"  removed    {removed}", file=out)
    if summary.repairs_by_rule:
        repairs = ", ".join(f"{k} {v}" for k, v in sorted(summary.repairs_by_rule.items(), key=lambda kv: -kv[1]))
        print(f"  repairs    {repairs}", file=out)
    gate = {True: "passed", False: "FAILED", None: "nothing new to check"}[summary.validation_success]
    if not summary.published:
        published = "no (the previous build stays published)"
    elif summary.files_new or summary.files_superseded or summary.articles:
        published = "yes"
    else:
        published = "unchanged"
    print(f"  quality    {gate}; published: {published}", file=out)
    if summary.docs_index:
        print(f"  data docs  {summary.docs_index}", file=out)


# -------------------------------------------------------------- one-off text


def _read_inputs(jsonl: bool, stdin: TextIO) -> Iterable[tuple[Any, str | None, str | None, dict[str, Any]]]:
    """(id, text, error, the line's other keys) per input: one for plain text, one per line
    for JSON lines."""
    if not jsonl:
        yield None, stdin.read(), None, {}
        return
    for number, line in enumerate(stdin, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield None, None, f"line {number} is not JSON: {exc.msg}", {}
            continue
        if not isinstance(obj, dict):
            yield None, None, f"line {number} is not a JSON object", {}
            continue
        text = obj.get("text")
        if not isinstance(text, str):
            yield obj.get("id"), None, f'line {number} has no string "text"', {}
            continue
        extra = {"line": number, **{k: v for k, v in obj.items() if k not in ("id", "text")}}
        yield obj.get("id"), text, None, extra


def _one_off(jsonl: bool, make: Any, show: Any) -> int:
    """Answer every input: a line that cannot be read or processed gets an error object."""
    failed = 0
    for ident, text, error, extra in _read_inputs(jsonl, sys.stdin):
        record: dict[str, Any] | None = None
        if error is None and text is not None:
            try:
                record = make(text, extra)
            except BadInput as exc:
                error = str(exc)
            except Exception as exc:  # one bad input must not cost the answers to the rest
                failed += 1
                error = f"internal error: {type(exc).__name__}: {exc}"
                traceback.print_exc(file=sys.stderr)
        if record is None:
            print(json.dumps({"id": ident, "error": error}, ensure_ascii=False), flush=True)
        elif jsonl:
            print(json.dumps({"id": ident, **record}, ensure_ascii=False), flush=True)
        else:
            show(record)
    if failed:
        print(f"newsflow: {failed} input(s) failed with an internal error (see above); "
              "please report it with the input", file=sys.stderr)
        return EXIT_GATE_FAILED
    return EXIT_OK


class BadInput(ValueError):
    """A line whose fields cannot be used (a "date" that is no date): answered with an error."""


_INPUT_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")


def _input_date(extra: dict[str, Any]) -> dt.date | None:
    """The line's optional "date" (2016-12-16, 2016-12-16 19:15:43, 2016/12/16, 2016年12月16日)."""
    value = extra.get("date")
    if value is None or value == "":
        return None
    m = _INPUT_DATE.match(value) if isinstance(value, str) else None
    if m:
        with contextlib.suppress(ValueError):  # 2016-02-30: no day
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    raise BadInput(f'line {extra.get("line")}: "date" is not a date (YYYY-MM-DD): {value!r}')


def _normalize_record(text: str, extra: dict[str, Any]) -> dict[str, Any]:
    from tasks.normalize import normalize_text

    result = normalize_text(text)
    return {
        "text": result.text,
        "script": result.script,
        "repairs": [
            {"offset": r.offset, "original": r.original, "replacement": r.replacement, "rule": r.rule}
            for r in result.repairs
        ],
        # whole lines (start/end null) and parts of lines (inline chrome: offsets in the
        # input line as written) taken out of the text
        "removed_lines": [
            {"line_no": r.line_no, "text": r.text, "reason": r.reason, "start": r.start, "end": r.end}
            for r in result.removed_lines
        ],
    }


def _print_normalized(record: dict[str, Any]) -> None:
    print(record["text"])
    print(f"\n[script: {record['script']}; {len(record['repairs'])} repair(s); "
          f"{len(record['removed_lines'])} removed]")
    for r in record["repairs"]:
        print(f"  @{r['offset']}: {r['original']} → {r['replacement']} ({r['rule']})")


def extract_record(text: str, extra: dict[str, Any]) -> dict[str, Any]:
    """What ``newsflow extract --jsonl`` prints for one input (``extra``: the line's other
    keys; a "date" there resolves the days its meetings were held)."""
    from tasks.extract import extract_article
    from tasks.normalize import to_simplified

    published = _input_date(extra)
    # Extract from Simplified text, but keep offsets valid for the input: t2s here
    # maps character to character, so the converted text is used only when it
    # has the same length. A name is the input at its offsets (王偉中), the
    # canonical name Simplified (王伟中).
    simplified = to_simplified(text)
    source = simplified if len(simplified) == len(text) else text
    ex = extract_article(source, published=published)
    # Each person's posts, read from the title at that mention (国务院总理|李克强 → 国务院总理,
    # 国务院; 原…副总理 → former), keyed by where the name starts.
    posts: dict[int, list[dict[str, Any]]] = {}
    for pm in ex.posts:
        p = pm.post
        posts.setdefault(pm.person_start, []).append({
            "post": p.post, "organisation": p.organisation, "place": p.place, "country": p.country,
            "qualifier": p.qualifier, "tense": p.tense, "resolved": p.resolved,
            "start": p.start, "end": p.end,
        })
    entities = []
    for m in ex.entities:
        entity: dict[str, Any] = {
            "kind": m.kind,
            "name": text[m.start : m.end],
            "start": m.start,
            "end": m.end,
            "title": m.title,
        }
        if m.name != entity["name"]:
            entity["canonical"] = m.name
        if m.place is not None:
            entity["place"] = {"province": m.place.province, "prefecture": m.place.prefecture,
                               "county": m.place.county, "code": m.place.code,
                               "country": m.place.country}
        if m.kind == "person":
            entity["posts"] = posts.pop(m.start, [])
        entities.append(entity)
    # A name the posts read where the entity pass saw none (美国总统|奥巴马: a "place" to it)
    # is a person with posts too.
    for pm in ex.posts:
        if pm.person_start in posts:
            entities.append({"kind": "person", "name": text[pm.person_start : pm.person_end],
                             "start": pm.person_start, "end": pm.person_end, "title": None,
                             "posts": posts.pop(pm.person_start)})
    entities.sort(key=lambda e: (e["start"], e["end"]))
    return {
        "entities": entities,
        "facts": [{"subject": f.subject, "value": f.value, "unit": f.unit, "raw": f.raw,
                   "start": f.start, "end": f.end, "role": f.role, "as_of": f.as_of,
                   "place": f.place} for f in ex.facts],
        "slogans": [{"phrase": s.phrase, "raw": s.raw, "kind": s.kind, "name_class": s.name_class}
                    for s in ex.slogans],
        "keywords": [{"term": k.term, "weight": round(k.weight, 6)} for k in ex.keywords],
        "meetings": [_meeting_record(text, m) for m in ex.meetings],
        "statements": [
            {"speaker": s.speaker, "verb": s.verb, "content": text[s.start : s.end], "start": s.start,
             "end": s.end, "speaker_kind": s.speaker_kind, "resolution": s.resolution,
             "verb_class": s.verb_class, "direct": s.direct, "meeting": s.meeting}
            for s in ex.statements
        ],
        "documents": [
            {"title": d.title, "kind": d.kind, "issuer": d.issuer, "verb": d.verb,
             "start": d.start, "end": d.end}
            for d in ex.documents
        ],
    }


def _meeting_record(text: str, m: Any) -> dict[str, Any]:
    """A meeting as ``newsflow extract`` prints it: the name as written in the input (a
    name joined from a body and a head written apart is printed joined)."""
    return {
        "name": text[m.start : m.end] if m.end - m.start == len(m.name) else m.name,
        "date": m.held_on.isoformat() if m.held_on else None,
        "place": m.place,
        "kind": m.kind,
        "series_no": m.series_no,
        "level": m.level,
        "date_text": m.date_text,
        "start": m.start,
        "end": m.end,
        "roles": [
            {"role": r.role, "name": text[r.start : r.end] or r.person, "title": r.title, "cue": r.cue,
             "position": r.position, "partial": r.partial, "start": r.start, "end": r.end}
            for r in m.roles
        ],
    }


def _print_extracted(record: dict[str, Any]) -> None:
    kinds = {"person": "people", "place": "places", "org": "organisations"}
    for kind, label in kinds.items():
        found = [e for e in record["entities"] if e["kind"] == kind]
        if not found:
            continue
        print(f"{label}:")
        titles: dict[str, list[str]] = {}
        places: dict[str, str] = {}
        for e in found:
            name = e.get("canonical") or e["name"]
            named = titles.setdefault(name, [])
            if e.get("title") and e["title"] not in named:
                named.append(e["title"])
            for post in e.get("posts", ()):
                shown = "→ " + post["post"] + (f" [{post['qualifier']}]" if post["qualifier"] else "")
                if shown not in named:
                    named.append(shown)
            place = e.get("place") or {}
            places[name] = " / ".join(
                v for v in (place.get("province"), place.get("prefecture"), place.get("county")) if v
            )
        for name, named in titles.items():
            extra = f" ({'; '.join(named)})" if named else ""
            where = f"  — {places[name]}" if places.get(name) else ""
            print(f"  {name}{extra}{where}")
    if record["facts"]:
        print("facts:")
        for f in record["facts"]:
            print(f"  {f['subject'] or '?'}: {f['value']:g} {f['unit'] or ''}  [{f['raw']}]")
    if record["slogans"]:
        print("slogans:")
        for s in record["slogans"]:
            print(f"  {s['phrase']}")
    for m in record["meetings"]:
        print(f"meeting: {m['name']} ({m['date'] or m['date_text'] or 'no day written'})")
        for r in m["roles"]:
            print(f"  {r['role']}: {r['name']}" + (f" ({r['title']})" if r["title"] else ""))
    for s in record["statements"]:
        print(f"{s['speaker']} {s['verb']}: {s['content'][:40]}")
    if record["keywords"]:
        print("keywords: " + ", ".join(k["term"] for k in record["keywords"]))


# --------------------------------------------------------------------- status


def _status(db: Path, n_runs: int) -> int:
    import duckdb

    from tasks.db import connect

    if not db.exists():
        print(f"newsflow: no warehouse at {db}; run 'newsflow run' first", file=sys.stderr)
        return EXIT_USAGE
    try:
        con = connect(db, read_only=True)
    except duckdb.Error as exc:
        print(f"newsflow: cannot open {db}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    try:
        runs = con.execute(
            "select started_at, finished_at - started_at, files_seen, files_new, files_rejected, "
            "articles, validation_success, published, message from runs "
            "order by started_at desc limit ?",
            [n_runs],
        ).fetchall()
        corpus_rows = con.execute("select * from summary_corpus").fetchall()
        corpus = corpus_rows[0] if corpus_rows else None
        columns = [d[0] for d in con.description]  # type: ignore[union-attr]
    finally:
        con.close()
    print(f"warehouse {db}")
    if corpus:
        published = dict(zip(columns, corpus, strict=True))
        print("published: " + ", ".join(f"{k} {v}" for k, v in published.items() if v is not None))
    print(f"last {len(runs)} run(s):")
    for started, took, seen, new, rejected, articles, ok, published_flag, message in runs:
        gate = {True: "passed", False: "FAILED", None: "-"}[ok]
        secs = took.total_seconds() if took is not None else float("nan")
        print(f"  {started:%Y-%m-%d %H:%M:%S}  {secs:6.1f} s  seen {seen:>5}  new {new:>5}  "
              f"rejected {rejected:>4}  articles {articles:>6}  gate {gate:<6}  "
              f"{'published' if published_flag else 'not published'}  {message}")
    return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
