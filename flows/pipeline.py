"""The ``newsflow`` Prefect flow: ingest → normalize → extract → load → validate → publish.

Work moves in batches of files sized by bytes, so Prefect task runs scale with
the number of batches, never with the number of documents. All DuckDB writes
happen here, in the flow's own process (one writer); the CPU-heavy steps may
fan out to worker processes inside their batch task.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import os
import uuid
from collections import Counter, deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.futures import PrefectFuture
from prefect.states import Failed
from prefect.utilities.annotations import quote

from flows.artifacts import RunProgress, publish_run_artifacts
from tasks import db as warehouse
from tasks.ingest import Batch, FieldMap, input_bytes, plan_batches, refresh_batches
from tasks.load import (
    ChunkedValidation,
    FailedExpectation,
    PhraseBuild,
    Rows,
    RunRecord,
    ValidationReport,
    build_rows,
    derived_frames,
    drop_staging,
    mark_duplicates,
    merge_reports,
    prepare_staging,
    publish_staging,
    record_run,
    stage_phrases,
    stage_tables,
    validate_frames,
    write_data_docs,
)
from tasks.model import FileRecord, NormalizedFile, Rejection
from tasks.steps import (
    DuplicateTracker,
    article_tables,
    corpus_idf,
    corpus_people,
    ingest_files,
    known_file_ids,
    normalize_files,
    prestart_worker_pool,
    warm_up_in_background,
    worker_pool,
)

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")


class MissingExtra(RuntimeError):
    """An optional feature was asked for without its optional dependencies."""


class QualityGateFailed(RuntimeError):
    """The staged build failed validation; nothing was published."""

    def __init__(self, summary: RunSummary) -> None:
        super().__init__(summary.gate_reason)
        self.summary = summary


@dataclass
class RunSummary:
    """What a run did, for the terminal summary, the ``runs`` row and Prefect artifacts."""

    run_id: str
    db: str
    files_seen: int = 0
    files_new: int = 0
    files_unchanged: int = 0
    files_superseded: int = 0
    rejections: list[tuple[str, str, str]] = field(default_factory=list)  # (path, reason, detail)
    articles: int = 0
    duplicates: int = 0
    removed_by_reason: dict[str, int] = field(default_factory=dict)
    repairs_by_rule: dict[str, int] = field(default_factory=dict)
    validation_success: bool | None = None
    published: bool = False
    docs_index: str | None = None
    seconds: float = 0.0
    bytes_done: int = 0
    failures: list[FailedExpectation] = field(default_factory=list)
    gate_reason: str = ""

    @property
    def rejected(self) -> dict[str, int]:
        """Rejected inputs by reason."""
        return dict(Counter(reason for _, reason, _ in self.rejections))

    @property
    def files_rejected(self) -> int:
        return len(self.rejections)

    @property
    def failed_expectations(self) -> list[str]:
        """``table.column:expectation`` labels of the failures, as stored in ``runs``."""
        return sorted({f.label() for f in self.failures})

    def message(self) -> str:
        if self.validation_success is False:
            return "quality gate failed: nothing published"
        if self.files_new == 0 and not self.files_superseded:
            return "nothing new: the warehouse already holds every input"
        return f"published {self.files_new} new file(s), {self.articles} article(s)"


# ---------------------------------------------------------------------- tasks
# Thin wrappers: each calls plain, tested functions. NO_CACHE because inputs
# are large or unhashable (connections, records) and every run must do the work.


@task(name="ingest", cache_policy=NO_CACHE)
def ingest_batch(
    batch: Batch, known: frozenset[str], max_bytes: int, fieldmap: FieldMap
) -> tuple[list[FileRecord], list[Rejection], int]:
    return ingest_files(batch, known=known, max_bytes=max_bytes, fieldmap=fieldmap)


@task(name="normalize", cache_policy=NO_CACHE)
def normalize_batch(records: list[FileRecord], pool: Executor | None, workers: int) -> list[NormalizedFile]:
    return normalize_files(records, pool=pool, workers=workers)


@task(name="extract", cache_policy=NO_CACHE)
def extract_batch(
    normalized: list[NormalizedFile], idf: dict[str, float] | None, people: frozenset[str],
    pool: Executor | None, workers: int, run_id: str,
) -> dict[str, pa.Table]:
    """Extract a batch; returns its article rows as Arrow tables (columnar, cheap to ship)."""
    return article_tables(normalized, idf=idf, people=people, pool=pool, workers=workers,
                          run_id=run_id, now=dt.datetime.now(dt.UTC).replace(tzinfo=None))


@task(name="load", cache_policy=NO_CACHE)
def load_batch(con: Any, tables: dict[str, pa.Table], validation: ChunkedValidation) -> dict[str, int]:
    """Stage a batch's rows, and check them (the gate runs as the build is staged)."""
    staged = stage_tables(con, tables)
    validation.add(tables)
    return staged


@task(name="phrases", cache_policy=NO_CACHE)
def phrases_build(con: Any, full_refresh: bool, validation: ChunkedValidation) -> PhraseBuild:
    """Known policy phrases and every use of them, over the whole warehouse; staged and
    checked like a batch."""
    build = stage_phrases(con, full_refresh=full_refresh)
    validation.add(build.tables)
    return build


@task(name="validate", cache_policy=NO_CACHE)
def validate_build(validation: ChunkedValidation) -> ValidationReport:
    return validation.finish()


@task(name="publish", cache_policy=NO_CACHE)
def publish_build(con: Any, full_refresh: bool, gate: Callable[[], bool]) -> int | None:
    return publish_staging(con, replace_derived=full_refresh, gate=gate)


# ----------------------------------------------------------------------- flow


def docs_root_for(db: Path) -> Path:
    """Where Great Expectations keeps its project and Data Docs for a warehouse."""
    return db.with_name(db.stem + "_gx")


@flow(name="newsflow", log_prints=False)
def newsflow(
    paths: list[str] | None = None,
    db: str = "newsflow.duckdb",
    batch_mb: float = 8.0,
    max_file_mb: float = 50.0,
    full_refresh: bool = False,
    workers: int = 1,
    wait_seconds: float = 0.0,
    expectations_dir: str | None = None,
    in_flight: int = 1,
    field_map: dict[str, Any] | None = None,
) -> RunSummary:
    """Run the whole pipeline over PATHs (files, folders, globs) into the warehouse ``db``.

    ``field_map`` is the field map for scraper exports, as ``FieldMap.to_dict()`` gives it
    (``{"records": "videoList", "map": {"text": "video_detail.content"}, "source": …}``):
    a plain dict, so a deployment's parameters can carry it.

    Batches are pipelined: while one batch is loaded, the next ``in_flight`` (one keeps
    the workers busy, its jobs queued behind the batch before; memory holds two batches)
    are normalized and extracted in worker processes (``workers`` > 1) or on
    the Dask cluster (when the flow runs with a DaskTaskRunner). In-process,
    batches run one after another.
    When a suite fails the run ends Failed (its data is the RunSummary): the
    run is recorded in ``runs``, and the published data and views stay as they were.
    """
    logger = get_run_logger()
    started = dt.datetime.now(dt.UTC)
    db_path = Path(db).expanduser().resolve()
    inputs = list(paths) if paths else [str(warehouse.SAMPLES_DIR)]
    fieldmap = FieldMap.from_dict(field_map)
    summary = RunSummary(run_id=str(uuid.uuid4()), db=str(db_path))
    # A local process pool cannot travel to Dask workers: there each worker is the pool.
    on_dask = _on_dask()
    local_workers = workers if not on_dask else 1
    # quote(): Prefect would otherwise walk every element of large task inputs looking
    # for futures, twice per task run (1.5 s for a 100k-term IDF). Not on Dask, where
    # the annotation reaches the task unwrapped.
    shield: Any = (lambda value: value) if on_dask else quote

    with warehouse.run_lock(db_path, wait_seconds=wait_seconds), worker_pool(local_workers) as pool:
        work = warehouse.open_work_copy(db_path)
        con = warehouse.connect(work, memory_limit=warehouse.RUN_MEMORY_LIMIT)
        try:
            prepare_staging(con)
            known = known_file_ids(con)
            idf: dict[str, float] | None = None
            people: frozenset[str] = frozenset()
            corpus_read = False  # on the first batch with new files: reruns skip it
            duplicates = DuplicateTracker.from_warehouse(con, full_refresh=full_refresh)
            suites = Path(expectations_dir) if expectations_dir else warehouse.EXPECTATIONS_DIR
            validation = ChunkedValidation(suites)
            batches: Iterator[Batch]
            if full_refresh:
                batches = refresh_batches(con, batch_bytes=int(batch_mb * 1e6))
                known = frozenset()
                total = int(warehouse.scalar(
                    con, "select coalesce(sum(size_bytes), 0) from main.files where status = 'loaded'"))  # type: ignore[arg-type]
            else:
                batches = plan_batches(inputs, batch_bytes=int(batch_mb * 1e6))
                total = input_bytes(inputs)
            progress = RunProgress(total)

            # In this process a batch's tasks run on threads, and the steps are Python
            # holding the GIL: batches in flight would only contend (and hold more
            # memory), so here each batch is finished before the next one starts.
            ahead = max(in_flight, 1) if local_workers > 1 or on_dask else 0
            pending: deque[_InFlight] = deque()
            for batch in batches:
                records, rejections, unchanged = ingest_batch(
                    shield(batch), known, int(max_file_mb * 1e6), fieldmap)
                extracted = None
                if records:  # nothing new in the batch: no task runs to pay for
                    if not corpus_read:
                        idf, people, corpus_read = corpus_idf(con), corpus_people(con), True
                    normalized = normalize_batch.submit(shield(records), pool, local_workers)
                    extracted = extract_batch.submit(normalized, shield(idf), shield(people), pool,
                                                     local_workers, summary.run_id)
                pending.append(_InFlight(batch, records, rejections, unchanged, extracted))
                while len(pending) > ahead:
                    _finish_batch(con, pending.popleft(), duplicates, validation, summary, logger)
                    progress.update(summary.bytes_done)
            while pending:
                _finish_batch(con, pending.popleft(), duplicates, validation, summary, logger)
                progress.update(summary.bytes_done)
            progress.finish()
            phrases = phrases_build(con, full_refresh, validation)
            logger.info(
                "phrases: %d known (%d new, %d retired); %d new and %d earlier article(s) "
                "searched, %d use(s) staged (%.1f s)", phrases.known, phrases.newly_known,
                phrases.retired, phrases.new_articles_searched, phrases.old_articles_searched,
                phrases.uses, phrases.seconds,
            )

            report = _validate_and_publish(con, validation, suites, docs_root_for(db_path), full_refresh, summary)
            summary.seconds = (dt.datetime.now(dt.UTC) - started).total_seconds()
            record_run(con, _run_record(summary, started))
            con.close()
            warehouse.publish_work_copy(db_path)
        except BaseException:
            con.close()
            warehouse.discard_work_copy(db_path)
            raise
    logger.info("%s (%.1f s)", summary.message(), summary.seconds)
    publish_run_artifacts(summary, report.failures, db_path)
    if report.success is False:
        logger.error("quality gate failed: %s", report.reason())
        # A failed state, not an exception: the UI shows the run failed with the
        # reason, and no traceback is printed for what is a data problem.
        return Failed(message=f"quality gate failed: {report.reason()}", data=summary)
    return summary


@dataclass
class _InFlight:
    """A batch whose normalize and extract tasks may still be running."""

    batch: Batch
    records: list[FileRecord]
    rejections: list[Rejection]
    unchanged: int
    extracted: PrefectFuture[dict[str, pa.Table]] | None  # None: no new file in the batch


def _finish_batch(
    con: Any,
    item: _InFlight,
    duplicates: DuplicateTracker,
    validation: ChunkedValidation,
    summary: RunSummary,
    logger: Any,
) -> None:
    """Wait for a batch's results, then stage them (the single writer)."""
    tables = item.extracted.result() if item.extracted is not None else Rows().tables()
    records, rejections = item.records, item.rejections
    summary.files_seen += len(records) + len(rejections) + item.unchanged - len(item.batch.rejections)
    summary.files_unchanged += item.unchanged
    summary.bytes_done += item.batch.size_bytes
    summary.files_new += 0 if item.batch.refresh else len(records)
    summary.rejections.extend((r.path, r.reason, r.detail) for r in rejections)
    file_rows = build_rows(
        [] if item.batch.refresh else records, [], {}, rejections,
        run_id=summary.run_id, now=dt.datetime.now(dt.UTC).replace(tzinfo=None),
    ).tables()
    duplicate_of = duplicates.assign(tables["article_fingerprints"])
    tables = {**tables, "articles": mark_duplicates(tables["articles"], duplicate_of)}
    staged = load_batch(con, quote({**tables, **{k: v for k, v in file_rows.items() if v.num_rows}}), validation)
    summary.articles += staged.get("articles", 0)
    summary.duplicates += len(duplicate_of)
    _count_into(summary.removed_by_reason, tables["removed_lines"], "reason")
    _count_into(summary.repairs_by_rule, tables["repairs"], "rule")
    logger.info(
        "batch %d: %d file(s) seen, %d new, %d rejected so far; %d article(s) staged",
        item.batch.number, summary.files_seen, summary.files_new, summary.files_rejected,
        summary.articles,
    )


def _validate_and_publish(
    con: Any, validation: ChunkedValidation, suites: Path, docs_root: Path, full_refresh: bool,
    summary: RunSummary,
) -> ValidationReport:
    """The end of the quality gate, and the publish it allows, overlapped.

    The batches were checked as they were staged; what is left is checked on a thread
    while this one writes the published rows in one open transaction (DuckDB's work,
    outside the GIL) and derives the tenures from them, whose commit waits for the
    verdict on both: a failed gate rolls it all back. The Data Docs are rendered as
    soon as the results exist, while the transaction commits.
    """
    with ThreadPoolExecutor(2) as side:
        checking = side.submit(contextvars.copy_context().run, validate_build, validation)  # in this flow run
        verdict: list[ValidationReport] = []
        docs: list[Future[Path | None]] = []

        def gate() -> bool:
            # The staged build's verdict, and the derived tables' (tenures), which only the
            # publishing connection sees before the commit. The Data Docs render meanwhile.
            report = merge_reports(checking.result(), validate_frames(dict(derived_frames(con)), suites_dir=suites))
            verdict.append(report)
            docs.append(side.submit(write_data_docs, report.results, docs_root, suites))
            return report.success is not False

        superseded = publish_build(con, full_refresh, gate)
        report = verdict[0] if verdict else checking.result()
        drop_staging(con)
        docs_index = docs[0].result() if docs else None
    summary.validation_success = report.success
    summary.failures = list(report.failures)
    summary.gate_reason = report.reason()
    summary.published = superseded is not None
    summary.files_superseded = superseded or 0
    summary.docs_index = str(docs_index) if docs_index else None
    return report


def _count_into(counts: dict[str, int], table: pa.Table, column: str) -> None:
    for code, n in Counter(table.column(column).to_pylist()).items():
        counts[code] = counts.get(code, 0) + n


def _run_record(summary: RunSummary, started: dt.datetime) -> RunRecord:
    """The run's row in ``runs``."""
    return RunRecord(
        run_id=summary.run_id,
        started_at=started.replace(tzinfo=None),
        flow_run_id=_flow_run_id(),
        finished_at=dt.datetime.now(dt.UTC).replace(tzinfo=None),
        files_seen=summary.files_seen,
        files_new=summary.files_new,
        files_rejected=summary.files_rejected,
        articles=summary.articles if summary.published else 0,
        validation_success=summary.validation_success,
        published=summary.published,
        failed_expectations=summary.failed_expectations,
        message=summary.message(),
    )


def _on_dask() -> bool:
    try:
        from prefect.context import FlowRunContext

        ctx = FlowRunContext.get()
        return ctx is not None and type(ctx.task_runner).__name__ == "DaskTaskRunner"
    except Exception:  # outside a flow run
        return False


def _flow_run_id() -> str | None:
    try:
        from prefect.runtime import flow_run

        return str(flow_run.id) if flow_run.id else None
    except Exception:  # outside a flow run (plain calls in tests)
        return None


def prepare(workers: int, *, on_dask: bool) -> None:
    """Start, in the background, what the run will need: GE's imports, and the
    dictionaries (in this process, or in the worker pool with ``workers`` > 1).

    Idempotent; the CLI calls it before it waits for Prefect's API to answer.
    """
    in_process = workers <= 1 and not on_dask
    warm_up_in_background(load_dictionaries=in_process)
    if not in_process and not on_dask:
        prestart_worker_pool(workers)


def run(
    paths: Sequence[str] | None = None,
    *,
    dask_address: str | None = None,
    dask_local: int | None = None,
    **options: Any,
) -> RunSummary:
    """Run the flow (the CLI's entry point), on Dask when an address or local size is given.

    Takes the warehouse lock before the flow starts, so a busy warehouse is a
    plain WarehouseBusy, not a failed flow run. Raises QualityGateFailed when
    the gate fails.
    """
    flow_fn = newsflow
    if dask_address or dask_local:
        flow_fn = newsflow.with_options(task_runner=dask_runner(dask_address, dask_local))
    db_path = Path(options.get("db", "newsflow.duckdb")).expanduser().resolve()
    with warehouse.run_lock(db_path, wait_seconds=options.get("wait_seconds", 0.0)):
        prepare(options.get("workers", 1), on_dask=bool(dask_address or dask_local))
        state = flow_fn(paths=list(paths) if paths else None, return_state=True, **options)
    result = state.result(raise_on_failure=False)
    if isinstance(result, RunSummary):
        if result.validation_success is False:
            raise QualityGateFailed(result)
        return result
    if isinstance(result, BaseException):
        raise result
    raise RuntimeError(f"the newsflow flow ended {state.type.value}: {state.message}")


def dask_runner(address: str | None, local_workers: int | None) -> Any:
    """A DaskTaskRunner for an existing cluster (address) or a LocalCluster of N processes."""
    try:
        from prefect_dask import DaskTaskRunner
    except ImportError as exc:
        raise MissingExtra(
            "running on Dask needs the optional extra: pip install -e '.[dask]'"
        ) from exc
    if address:
        return DaskTaskRunner(address=address)
    return DaskTaskRunner(
        cluster_class="distributed.LocalCluster",
        cluster_kwargs={"n_workers": local_workers, "threads_per_worker": 1,
                        "processes": True, "dashboard_address": None},
    )
