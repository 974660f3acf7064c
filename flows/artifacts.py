"""What a run shows in the Prefect UI: a report, tables, a Data Docs link, progress.

Artifact keys are fixed, so the UI's Artifacts page keeps one history per key
across runs (each run adds a version). Everything here is best effort: an
artifact that cannot be created is logged and skipped, never a reason for a
finished run to fail, and outside a flow run every function is a no-op.

The report is built from the ``RunSummary`` (counts the run made itself) plus
read-only queries on the *published* warehouse for what this run's articles
brought (new officials, new slogans, top terms): nothing is reported as new
unless it was actually published.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, cast
from uuid import UUID

if TYPE_CHECKING:
    from flows.pipeline import RunSummary
    from tasks.load import FailedExpectation

REPORT_KEY = "newsflow-run-report"
REJECTIONS_KEY = "newsflow-rejections"
FAILURES_KEY = "newsflow-failed-expectations"
DOCS_KEY = "newsflow-data-docs"
PROGRESS_KEY = "newsflow-progress"

TOP_TERMS = 15
MAX_TABLE_ROWS = 500  # a table artifact is one API payload: keep it bounded

_fallback_log = logging.getLogger("newsflow")

# Articles of runs that started before the run $run (a run missing from
# ``runs`` counts as earlier), so a later run re-mentioning someone does not
# make them old news in an earlier run's report. Opens a WITH clause.
EARLIER_ARTICLES = """
    with earlier_articles as (
        select a.article_id
        from articles a left join runs r using (run_id)
        where a.run_id is distinct from $run
          and coalesce(r.started_at < (select started_at from runs where run_id = $run), true)
    )"""


# ------------------------------------------------------------------ context


def in_flow_run() -> bool:
    """True inside a Prefect flow run (or a task run of one)."""
    try:
        from prefect.context import FlowRunContext, TaskRunContext

        return FlowRunContext.get() is not None or TaskRunContext.get() is not None
    except Exception:
        return False


def _logger() -> logging.Logger | logging.LoggerAdapter[logging.Logger]:
    """Prefect's run logger inside a run (shown in the UI), the plain logger outside."""
    try:
        from prefect import get_run_logger

        return get_run_logger()
    except Exception:
        return _fallback_log


def _safely(what: str, create: Any, *args: Any, **kwargs: Any) -> UUID | None:
    try:
        return create(*args, **kwargs)
    except Exception as exc:  # the UI is a view of the run, not part of it
        _logger().warning("could not create the %s artifact: %s", what, exc)
        return None


# ------------------------------------------------------------- warehouse side


def run_findings(db: Path, run_id: str, *, top_terms: int = TOP_TERMS) -> dict[str, list[tuple[Any, ...]]]:
    """New officials, new slogans and top terms of one run's published articles.

    "New" means first seen in this run: no article published by another run
    names that person (or quotes that slogan). Duplicate articles are left out,
    as in the summary views. Read-only; empty lists when nothing was published.
    """
    from tasks import db as warehouse

    empty: dict[str, list[tuple[Any, ...]]] = {"officials": [], "slogans": [], "terms": []}
    if not db.exists():
        return empty
    con = warehouse.connect(db, read_only=True)
    try:
        officials = con.execute(
            EARLIER_ARTICLES + """,
            this_run as (
                select article_id from articles where run_id = $run and duplicate_of is null
            ),
            earlier as (
                select distinct e.name
                from entities e join earlier_articles using (article_id)
                where e.kind = 'person'
            )
            select e.name,
                   list_sort(list_distinct(list(e.title) filter (where e.title is not null))) as titles,
                   count(distinct e.article_id) as articles
            from entities e join this_run using (article_id)
            where e.kind = 'person' and e.name not in (select name from earlier)
            group by e.name
            having count(e.title) > 0
            order by articles desc, e.name
            """,
            {"run": run_id},
        ).fetchall()
        slogans = con.execute(
            EARLIER_ARTICLES + """,
            this_run as (
                select article_id from articles where run_id = $run and duplicate_of is null
            ),
            earlier as (
                select distinct s.phrase
                from slogans s join earlier_articles using (article_id)
            )
            select s.phrase, count(distinct s.article_id) as articles, sum(s.mentions) as mentions
            from slogans s join this_run using (article_id)
            -- slogans and formulas only: not the names of things, terms or speech
            join slogan_phrases p on p.phrase = s.phrase and p.known
            where s.phrase not in (select phrase from earlier)
            group by s.phrase
            order by articles desc, mentions desc, s.phrase
            """,
            {"run": run_id},
        ).fetchall()
        # Content terms only: joining summary_terms reuses the view's filter
        # (numerals, punctuation, function words out) instead of copying it.
        terms = con.execute(
            """
            select t.term, count(distinct t.article_id) as articles, sum(t.n) as occurrences
            from term_counts t
            join articles a using (article_id)
            join summary_terms s on s.term = t.term and s.pos = t.pos
            where a.run_id = $run and a.duplicate_of is null
            group by t.term
            order by articles desc, occurrences desc, t.term
            limit $limit
            """,
            {"run": run_id, "limit": top_terms},
        ).fetchall()
    finally:
        con.close()
    return {"officials": officials, "slogans": slogans, "terms": terms}


# --------------------------------------------------------------- the report


def _md_escape(text: Any) -> str:
    """Table-cell safe markdown: pipes and newlines would break the table."""
    return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _counts_table(title: str, counts: dict[str, int], key_name: str) -> list[str]:
    if not counts:
        return [f"**{title}:** none", ""]
    lines = [f"**{title}**", "", f"| {key_name} | count |", "|---|---:|"]
    for key, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        lines.append(f"| {_md_escape(key)} | {n} |")
    return [*lines, ""]


def _findings_table(title: str, columns: Sequence[str], rows: Sequence[Sequence[Any]],
                    published: bool, *, limit: int = 30) -> list[str]:
    """A markdown section listing what this run found first (at most ``limit`` rows)."""
    lines = [f"## {title}", ""]
    if rows:
        lines.append("| " + " | ".join(columns) + " |")
        lines.append("|---|" + "---:|" * (len(columns) - 1))
        for row in rows[:limit]:
            lines.append("| " + " | ".join(_md_escape(v) if isinstance(v, str) else str(v) for v in row) + " |")
        if len(rows) > limit:
            lines.append(f"| … {len(rows) - limit} more |" + " |" * (len(columns) - 1))
    else:
        lines.append("none" if published else "none (nothing was published)")
    lines.append("")
    return lines


def run_report_markdown(summary: RunSummary, failures: Sequence[FailedExpectation],
                        findings: dict[str, list[tuple[Any, ...]]]) -> str:
    """The per-run markdown report (pure: no Prefect, no database)."""
    gate = {True: "passed ✅", False: "**FAILED** ❌ — nothing published",
            None: "nothing new to check"}[summary.validation_success]
    lines = [
        f"# newsflow run `{summary.run_id}`",
        "",
        f"{summary.message()} in {summary.seconds:.1f} s, warehouse `{summary.db}`.",
        "",
        "| files seen | new | unchanged | superseded | rejected | articles | duplicates |",
        "|---:|---:|---:|---:|---:|---:|---:|",
        f"| {summary.files_seen} | {summary.files_new} | {summary.files_unchanged} | "
        f"{summary.files_superseded} | {summary.files_rejected} | {summary.articles} | "
        f"{summary.duplicates} |",
        "",
        f"**Quality gate:** {gate}; published: {'yes' if summary.published else 'no'}",
        "",
    ]
    if failures:
        lines += ["| failed expectation | unexpected rows | e.g. |", "|---|---:|---|"]
        for f in failures[:20]:
            lines.append(f"| {_md_escape(f.label())} | {f.unexpected_count if f.unexpected_count is not None else ''} "
                         f"| {_md_escape(', '.join(f.sample[:3]))} |")
        if len(failures) > 20:
            lines.append(f"| … {len(failures) - 20} more (table `{FAILURES_KEY}`) | | |")
        lines.append("")
    if summary.docs_index:
        lines += [f"Great Expectations Data Docs: `{summary.docs_index}` (link artifact `{DOCS_KEY}`)", ""]
    lines += _counts_table("Rejected files by reason", summary.rejected, "reason")
    lines += _counts_table("Removed lines by reason", summary.removed_by_reason, "reason")
    lines += _counts_table("Repairs by rule", summary.repairs_by_rule, "rule")

    officials = [(name, "、".join(titles or []), articles)
                 for name, titles, articles in findings.get("officials", [])]
    lines += _findings_table("New officials", ["name", "titles", "articles"], officials,
                             summary.published)
    lines += _findings_table("New slogans", ["slogan", "articles", "mentions"],
                             findings.get("slogans", []), summary.published)

    terms = findings.get("terms", [])
    lines += ["## Top terms of this run", ""]
    if terms:
        lines += ["| term | articles | occurrences |", "|---|---:|---:|"]
        lines += [f"| {_md_escape(t)} | {a} | {n} |" for t, a, n in terms]
    else:
        lines.append("none")
    lines.append("")
    return "\n".join(lines)


def _rows(records: Iterable[dict[str, Any]], columns: Sequence[str]) -> list[dict[str, Any]]:
    rows = list(records)[:MAX_TABLE_ROWS]
    # An empty table still gets a version, so the history shows "none this run";
    # one placeholder row keeps the column headers visible in the UI.
    return rows or [dict.fromkeys(columns, "")]


def publish_run_artifacts(summary: RunSummary, failures: list[FailedExpectation], db: Path) -> None:
    """Create this run's artifacts (no-op outside a flow run; never raises).

    Call at the end of every run, inside the flow, after publish or after a
    failed gate. ``db`` is the published warehouse, opened read-only.
    """
    if not in_flow_run():
        return
    log = _logger()
    try:
        from prefect.artifacts import (
            create_link_artifact,
            create_markdown_artifact,
            create_table_artifact,
        )

        try:
            # (A run that added no article has no findings: skip reading the warehouse.)
            findings = run_findings(Path(db), summary.run_id) if summary.published and summary.articles else {}
        except Exception as exc:  # a report without findings beats no report
            log.warning("could not read this run's findings from %s: %s", db, exc)
            findings = {}
        _safely("run report", create_markdown_artifact,
                markdown=run_report_markdown(summary, failures, findings), key=REPORT_KEY,
                description=f"newsflow run report: {summary.message()}")
        _safely("rejections", create_table_artifact,
                table=_rows(({"path": p, "reason": r, "detail": d} for p, r, d in summary.rejections),
                            ["path", "reason", "detail"]),
                key=REJECTIONS_KEY,
                description=f"{summary.files_rejected} input(s) rejected in this run, with reasons")
        _safely("failed expectations", create_table_artifact,
                table=_rows(({"suite": f.suite, "expectation": f.expectation, "column": f.column or "",
                              "unexpected_count": f.unexpected_count if f.unexpected_count is not None else "",
                              "sample": ", ".join(f.sample)} for f in failures),
                            ["suite", "expectation", "column", "unexpected_count", "sample"]),
                key=FAILURES_KEY,
                description=f"{len(failures)} failed expectation(s) in the quality gate")
        if summary.docs_index:
            url = Path(summary.docs_index).resolve().as_uri()
            # Shown as the URL itself: browsers do not follow file:// links from an
            # http page, so a reader copies it into the address bar (on the machine
            # that ran the flow, where the file is).
            _safely("Data Docs link", create_link_artifact, link=url, link_text=url, key=DOCS_KEY,
                    description="Great Expectations Data Docs of this run's validation (a local file: "
                                "copy the link into the address bar on the machine that ran the flow)")
    except Exception as exc:
        log.warning("could not create run artifacts: %s", exc)


# --------------------------------------------------------------- progress


def _size(n: float) -> str:
    for unit in ("B", "kB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000
    return f"{n:.1f} GB"


class RunProgress:
    """Progress of a run by bytes processed: a Prefect progress artifact plus a terminal line.

    ``progress = RunProgress(total_bytes)``, then ``progress.update(done_bytes)``
    after each batch and ``progress.finish()`` at the end. In the UI the
    artifact (key ``newsflow-progress``) is created on the first update and
    then updated in place. On a terminal (stderr is a TTY) one line is
    redrawn; otherwise (logs, CI) a line is printed at every ``step_percent``.
    Either way nothing is printed until the run has lasted ``after_seconds``,
    so short runs stay quiet. Never raises.
    """

    def __init__(self, total_bytes: int, *, key: str = PROGRESS_KEY, stream: TextIO | None = None,
                 step_percent: float = 10.0, after_seconds: float = 2.0,
                 description: str = "bytes of input processed") -> None:
        self.total = max(int(total_bytes), 0)
        self.key = key
        self.stream = stream if stream is not None else sys.stderr
        self.step = step_percent
        self.after = after_seconds
        self.description = description
        self.started = time.monotonic()
        self.artifact_id: UUID | None = None
        self._printed_percent = -1.0
        self._line_open = False
        self._in_run = in_flow_run()
        try:
            self._tty = bool(self.stream.isatty())
        except Exception:
            self._tty = False

    def percent(self, done_bytes: int) -> float:
        if self.total <= 0:
            return 100.0
        return max(0.0, min(100.0, 100.0 * done_bytes / self.total))

    def update(self, done_bytes: int) -> None:
        pct = self.percent(done_bytes)
        try:
            self._artifact(pct)
        except Exception as exc:
            _logger().debug("progress artifact not updated: %s", exc)
        try:
            self._terminal(pct, done_bytes)
        except Exception:
            pass  # a closed stream must not stop the run

    def finish(self) -> None:
        """Close the terminal line (the artifact already shows the last update)."""
        try:
            if self._line_open:
                self.stream.write("\n")
                self.stream.flush()
                self._line_open = False
        except Exception:
            pass

    def _artifact(self, pct: float) -> None:
        if not self._in_run:
            return
        from prefect.artifacts import create_progress_artifact, update_progress_artifact

        if self.artifact_id is None:
            # sync call in a sync flow (the function also has an async twin, hence the cast)
            self.artifact_id = cast(UUID, create_progress_artifact(progress=pct, key=self.key,
                                                                   description=self.description))
        else:
            update_progress_artifact(artifact_id=self.artifact_id, progress=pct)

    def _terminal(self, pct: float, done_bytes: int) -> None:
        elapsed = time.monotonic() - self.started
        if elapsed < self.after:
            return
        eta = ""
        if 0 < pct < 100:
            eta = f", about {elapsed * (100 - pct) / pct:.0f} s left"
        text = (f"newsflow: {pct:5.1f}% ({_size(done_bytes)} of {_size(self.total)}, "
                f"{elapsed:.0f} s{eta})")
        if self._tty:
            self.stream.write("\r" + text + "\x1b[K")
            self._line_open = True
            if pct >= 100:
                self.stream.write("\n")
                self._line_open = False
            self.stream.flush()
        elif pct >= 100 or pct - self._printed_percent >= self.step or self._printed_percent < 0:
            # print at every step (and the first time the run turns out long)
            if self._printed_percent >= 100:
                return
            self.stream.write(text + "\n")
            self.stream.flush()
            self._printed_percent = pct
