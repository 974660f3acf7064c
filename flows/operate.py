"""The operating verbs of the ``newsflow`` command: ``report`` and ``serve``.

Kept apart from ``flows/cli.py`` so the CLI only registers them; like the
CLI, this is where exceptions become readable messages and exit codes.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from flows.deploy import DEFAULT_CRON, DEFAULT_NAME

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2

DEFAULT_DB = "newsflow.duckdb"
DEFAULT_HTML = "newsflow-report.html"

START_SERVER_HINT = (
    "start one in another terminal with\n"
    "    prefect server start --host 127.0.0.1 --port 4200\n"
    "then point newsflow at it with\n"
    "    export PREFECT_API_URL=http://127.0.0.1:4200/api"
)


def add_parsers(verbs: Any) -> None:
    """Add the ``report`` and ``serve`` verbs to the CLI's subparsers."""
    report = verbs.add_parser(
        "report",
        help="write a self-contained HTML report with charts of the published views",
        description=(
            "Write one HTML page built from the published summary_* views: articles over "
            "time, top terms, people and their titles, places by province, slogans, facts "
            "by subject and the quality funnel. The page carries its own chart library and "
            "data, so it opens offline and can be mailed as one file. Reads the warehouse "
            "read-only: safe while a run is going."
        ),
    )
    report.add_argument("--html", default=DEFAULT_HTML, metavar="FILE",
                        help=f"HTML file to write (default: ./{DEFAULT_HTML})")
    report.add_argument("--db", default=DEFAULT_DB, metavar="FILE",
                        help=f"published warehouse to read (default: ./{DEFAULT_DB})")

    serve = verbs.add_parser(
        "serve",
        help="serve a scheduled Prefect deployment that processes new files in an inbox",
        description=(
            "Register a Prefect deployment that runs the pipeline over the files in DIR on a "
            "cron schedule, and keep running to execute its runs (Ctrl-C stops it). Runs are "
            "incremental: files already loaded cost nothing but a hash. Needs a running "
            "Prefect server (prefect server start --host 127.0.0.1) and PREFECT_API_URL "
            "pointing at it; see runs and their reports in the server's UI."
        ),
    )
    serve.add_argument("--inbox", required=True, metavar="DIR",
                       help="folder the scraper fills; searched recursively on every run")
    serve.add_argument("--cron", default=DEFAULT_CRON, metavar="EXPR",
                       help=f'cron schedule, in quotes (default: "{DEFAULT_CRON}", hourly on the hour)')
    serve.add_argument("--timezone", default=None, metavar="TZ",
                       help="IANA time zone the cron schedule is read in, e.g. Asia/Shanghai (default: UTC)")
    serve.add_argument("--db", default=DEFAULT_DB, metavar="FILE",
                       help=f"warehouse file to build or update (default: ./{DEFAULT_DB})")
    serve.add_argument("--name", default=DEFAULT_NAME, metavar="NAME",
                       help=f"deployment name shown in the Prefect UI (default: {DEFAULT_NAME})")
    serve.add_argument("--workers", type=int, default=1, metavar="N",
                       help="worker processes for normalize and extract in each run (default: 1)")
    from flows.inputs import add_input_options

    add_input_options(serve)  # the deployment's parameters carry the field map


# --------------------------------------------------------------------- report


def main_report(args: argparse.Namespace) -> int:
    from tasks.report import ReportError, build_report

    db, out = Path(args.db), Path(args.html)
    if not db.exists():
        print(f"newsflow: no warehouse at {db}; run 'newsflow run --db {db}' first", file=sys.stderr)
        return EXIT_USAGE
    try:
        written = build_report(db, out)
    except ReportError as exc:
        print(f"newsflow: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:
        print(f"newsflow: cannot write {out}: {exc}", file=sys.stderr)
        return EXIT_FAILED
    print(f"newsflow: report written to {written} ({written.stat().st_size / 1e6:.1f} MB); "
          f"open it in a browser: {written.resolve().as_uri()}")
    return EXIT_OK


# ---------------------------------------------------------------------- serve


def prefect_api_problem(timeout: float = 5.0) -> str | None:
    """Why ``serve`` cannot reach a Prefect server, or None when it can."""
    from urllib.error import URLError
    from urllib.request import urlopen

    from prefect.settings import PREFECT_API_URL

    url = PREFECT_API_URL.value()
    if not url:
        # Without an API URL Prefect would start a temporary server that dies
        # with this process: the schedule and the run history would be lost.
        return "serve needs a running Prefect server, and PREFECT_API_URL is not set"
    try:
        with urlopen(url.rstrip("/") + "/health", timeout=timeout) as resp:
            if resp.status == 200:
                return None
            return f"the Prefect server at {url} answered {resp.status} to /health"
    except (URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        return f"no Prefect server answers at PREFECT_API_URL={url} ({reason})"


def main_serve(args: argparse.Namespace) -> int:
    from prefect.schedules import Cron

    inbox, db = Path(args.inbox).expanduser(), Path(args.db).expanduser()
    if not inbox.is_dir():
        print(f"newsflow: --inbox {inbox} is not a folder; create it (the scraper writes there)",
              file=sys.stderr)
        return EXIT_USAGE
    if args.workers < 1:
        print("newsflow: --workers must be at least 1", file=sys.stderr)
        return EXIT_USAGE
    from flows.inputs import field_map_of
    from tasks.ingest import FieldMapError

    try:
        field_map = field_map_of(args)
    except FieldMapError as exc:
        print(f"newsflow: {exc}", file=sys.stderr)
        return EXIT_USAGE
    try:
        from prefect.client.schemas.schedules import CronSchedule

        Cron(args.cron, timezone=args.timezone)
        CronSchedule(cron=args.cron, timezone=args.timezone)  # validates cron and time zone
    except ValueError as exc:
        first = str(exc).splitlines()
        detail = next((line.strip() for line in first if "Invalid" in line), first[0] if first else "")
        print(f"newsflow: bad --cron/--timezone ({args.cron!r}): {detail}\n"
              '  a cron schedule has five fields, e.g. "0 * * * *" (hourly) or "*/15 * * * *"',
              file=sys.stderr)
        return EXIT_USAGE
    problem = prefect_api_problem()
    if problem:
        print(f"newsflow: {problem};\n{START_SERVER_HINT}", file=sys.stderr)
        return EXIT_USAGE
    from prefect.settings import PREFECT_API_URL

    from flows.deploy import serve_inbox

    ui = PREFECT_API_URL.value().rstrip("/").removesuffix("/api")
    print(f"newsflow: serving deployment 'newsflow/{args.name}': {inbox.resolve()} → {db.resolve()} "
          f"on '{args.cron}'{' ' + args.timezone if args.timezone else ' (UTC)'}; "
          f"runs and their reports at {ui}/runs (Ctrl-C to stop)", file=sys.stderr)
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    try:
        serve_inbox(inbox, db, args.cron, name=args.name, timezone=args.timezone, workers=args.workers,
                    field_map=field_map)
    except KeyboardInterrupt:
        print("newsflow: stopped serving", file=sys.stderr)
    return EXIT_OK
