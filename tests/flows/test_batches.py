"""Work moves in batches of files: Prefect task runs scale with batches, not documents.

Counted through the Prefect client of the test session's API (``prefect_harness``):
40 small files and the 5 sample files they were cut from make the same single batch,
so the same task runs; cutting the same 40 files into k batches runs each per-batch
task exactly k times. And ``workers=2`` (normalize/extract in a process pool) builds
the same warehouse as the in-process run.
"""

from __future__ import annotations

import time
from pathlib import Path
from uuid import UUID

import duckdb
import pytest

from flows.pipeline import newsflow
from tasks import db as warehouse
from tasks.ingest.batching import plan_batches

pytestmark = [pytest.mark.flow, pytest.mark.slow, pytest.mark.usefixtures("prefect_harness")]

PER_BATCH_TASKS = ("ingest", "normalize", "extract", "load")
# Columns that name a run or say when it happened: different in every run by design.
VOLATILE_COLUMNS = frozenset({"run_id", "flow_run_id"})
RUNS_COLUMNS = ("files_seen", "files_new", "files_rejected", "articles", "validation_success", "published")


# -------------------------------------------------------------------- helpers


def warehouse_content(db: Path) -> dict[str, list[tuple]]:
    """Every contract table's rows, sorted, minus run ids and timestamps; and the
    ``runs`` rows' counts. Two builds of the same input must give equal dicts."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        out: dict[str, list[tuple]] = {}
        for table in warehouse.CONTRACT_TABLES:
            cols = con.execute(
                "select column_name, data_type from duckdb_columns() "
                "where schema_name = 'main' and table_name = ? order by column_index", [table]
            ).fetchall()
            keep = [f'"{name}"' for name, dtype in cols
                    if name not in VOLATILE_COLUMNS and not name.endswith("_at")
                    and not dtype.startswith("TIMESTAMP")]
            assert keep, table
            out[table] = con.execute(f"select {', '.join(keep)} from main.{table} order by all").fetchall()
        out["runs"] = con.execute(f"select {', '.join(RUNS_COLUMNS)} from runs order by all").fetchall()
        return out
    finally:
        con.close()


def assert_same_content(a: dict[str, list[tuple]], b: dict[str, list[tuple]]) -> None:
    """Table by table, so a failure names the table and the first differing row."""
    assert a.keys() == b.keys()
    for table in a:
        if a[table] != b[table]:
            only_a = sorted(set(a[table]) - set(b[table]), key=repr)[:3]
            only_b = sorted(set(b[table]) - set(a[table]), key=repr)[:3]
            pytest.fail(f"table {table} differs: {len(a[table])} vs {len(b[table])} rows; "
                        f"only in the first {only_a}, only in the second {only_b}")


def flow_run_id(db: Path) -> UUID:
    """The Prefect flow run of the warehouse's latest run (``runs.flow_run_id``)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        (value,) = con.execute("select flow_run_id from runs order by started_at desc limit 1").fetchone()
    finally:
        con.close()
    assert value, "the run did not record its flow run id"
    return UUID(str(value))


def task_runs(flow_run: UUID, *, at_least: int, timeout: float = 60.0) -> list[dict]:
    """The task runs the API holds for ``flow_run`` (as its JSON), once complete.

    Task runs reach the API as events the server records in the background, so they
    are polled until there are ``at_least`` and their states stop changing.
    """
    from prefect.client.orchestration import get_client

    # A body naming only the filter in use: the client's read_task_runs sends null for
    # every other one (sort included), which this server rejects (see tests/prefect_api.py).
    body = {"flow_runs": {"id": {"any_": [str(flow_run)]}}, "limit": 200}
    deadline = time.monotonic() + timeout
    previous: list[tuple] | None = None
    while True:
        with get_client(sync_client=True) as client:
            runs = client.request("POST", "/task_runs/filter", json=body).json()  # type: ignore[arg-type]
        seen = sorted((tr["id"], tr["state_type"], tr["end_time"]) for tr in runs)
        if (len(runs) >= at_least and seen == previous) or time.monotonic() > deadline:
            return runs
        previous = seen
        time.sleep(1.0)


def task_name(task_run: dict) -> str:
    return task_run["name"].rsplit("-", 1)[0]  # "ingest-8e2": the task's name, a run suffix


def task_runs_by_name(flow_run: UUID, *, at_least: int) -> dict[str, int]:
    """How many task runs of each task the API holds for ``flow_run``."""
    counts: dict[str, int] = {}
    for tr in task_runs(flow_run, at_least=at_least):
        counts[task_name(tr)] = counts.get(task_name(tr), 0) + 1
    return counts


def cut_samples(dest: Path, pieces: int = 8) -> list[Path]:
    """Cut every sample file into ``pieces`` files of consecutive lines (bytes kept as
    they are, whatever the encoding: no CJK encoding uses 0x0A inside a character)."""
    dest.mkdir(parents=True)
    out = []
    for sample in sorted(warehouse.SAMPLES_DIR.glob("*.txt")):
        lines = sample.read_bytes().splitlines(keepends=True)
        step = -(-len(lines) // pieces)
        for i in range(pieces):
            chunk = b"".join(lines[i * step:(i + 1) * step])
            if chunk.strip():
                path = dest / f"{sample.stem}_{i}.txt"
                path.write_bytes(chunk)
                out.append(path)
    return out


# ---------------------------------------------------------------------- tests


@pytest.fixture(scope="module")
def small_files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("small") / "inbox"
    files = cut_samples(folder)
    assert len(files) >= 35  # ~8 pieces of each of the 5 samples
    return folder


def _run_and_count(paths: list[Path], db: Path, batch_mb: float) -> tuple[int, dict[str, int]]:
    n_batches = sum(1 for _ in plan_batches(paths, batch_bytes=int(batch_mb * 1e6)))
    summary = newsflow(paths=[str(p) for p in paths], db=str(db), batch_mb=batch_mb)
    assert summary.published
    counts = task_runs_by_name(flow_run_id(db), at_least=len(PER_BATCH_TASKS) * n_batches)
    return n_batches, counts


def test_many_small_files_and_few_large_ones_make_the_same_task_runs(
    small_files: Path, tmp_path: Path
) -> None:
    n_small = len(list(small_files.glob("*.txt")))
    batches_small, small = _run_and_count([small_files], tmp_path / "small.duckdb", batch_mb=50)
    batches_large, large = _run_and_count([warehouse.SAMPLES_DIR], tmp_path / "large.duckdb", batch_mb=50)
    assert batches_small == batches_large == 1
    for task in PER_BATCH_TASKS:
        assert small.get(task) == 1, (task, small)
    # 40 documents or 5: the very same task runs, a constant handful
    assert small == large
    assert sum(small.values()) < n_small / 2, small


def test_task_runs_grow_with_batches_not_with_files(small_files: Path, tmp_path: Path) -> None:
    total = sum(p.stat().st_size for p in small_files.glob("*.txt"))
    batch_mb = total / 3.5 / 1e6  # the same 40 files cut into 4 batches
    n_batches, counts = _run_and_count([small_files], tmp_path / "four.duckdb", batch_mb=batch_mb)
    assert n_batches == 4
    for task in PER_BATCH_TASKS:
        assert counts.get(task) == n_batches, (task, counts)
    fixed = sum(counts.values()) - len(PER_BATCH_TASKS) * n_batches
    assert 0 <= fixed <= 4, counts  # validate, publish: once per run


def test_in_process_each_batch_is_loaded_before_the_next_starts(small_files: Path, tmp_path: Path) -> None:
    # In one process a batch's tasks share the GIL: batches in flight would only
    # contend and hold memory, so the flow runs them one after another.
    total = sum(p.stat().st_size for p in small_files.glob("*.txt"))
    db = tmp_path / "serial.duckdb"
    assert newsflow(paths=[str(small_files)], db=str(db), batch_mb=total / 2.5 / 1e6, workers=1).published
    runs = [tr for tr in task_runs(flow_run_id(db), at_least=len(PER_BATCH_TASKS) * 3)
            if task_name(tr) in PER_BATCH_TASKS]
    runs.sort(key=lambda tr: tr["start_time"])
    assert [task_name(tr) for tr in runs] == list(PER_BATCH_TASKS) * 3
    for load, ingest in zip(runs[3::4], runs[4::4], strict=False):
        assert load["end_time"] <= ingest["start_time"], (load, ingest)


def test_two_workers_build_the_same_warehouse_as_one(sample_copy: Path, tmp_path: Path) -> None:
    one, two = tmp_path / "one.duckdb", tmp_path / "two.duckdb"
    s1 = newsflow(paths=[str(sample_copy)], db=str(one), workers=1)
    s2 = newsflow(paths=[str(sample_copy)], db=str(two), workers=2)
    assert s1.published and s2.published and s1.articles == s2.articles > 0
    assert_same_content(warehouse_content(one), warehouse_content(two))
