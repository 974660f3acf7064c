"""Issue 5: ``kill -9`` at any point of a run, then a rerun, equals a clean run.

First the very first run into a new warehouse file is killed as soon as its
``.work`` copy appears: no published file may appear, and the lock must die
with the process. Then the warehouse gets a published state (the five seeds),
and a run over a larger input (generated from the seeds, every file's bytes
different, several batches) is killed with SIGKILL — the whole process group,
as a supervisor would — at observable points:

1. while batches are being normalized/extracted/staged (the first "batch 1:"
   progress line is logged and the ``.work`` copy exists);
2. during validation (every batch staged, then half of the validation time
   the clean run took; the ``.work`` copy and ``<db stem>_gx`` exist);
3. right around publish (every batch staged into the ``.work`` copy, which
   has just been renamed over the published file, or the publish task has
   just finished).

After each kill the published file opens read-only and holds exactly the
previous good state (or, for 3, possibly the new complete one); then the next
kill point runs from there. A final rerun must give exactly what a clean run
gives: every contract table's rows (volatile columns aside) and counts.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import time
from pathlib import Path

import pytest
from _runner import (  # noqa: F401 — prefect_api, product are fixtures
    SEEDS,
    TABLES,
    child_env,
    copy_warehouse,
    counts,
    diff_snapshots,
    docs_dir,
    file_has,
    kill_group,
    make_corpus,
    prefect_api,
    product,
    query,
    reaped,
    run_newsflow,
    snapshot,
    start_newsflow,
    wait_for,
    work_file,
)

pytestmark = [pytest.mark.flow, pytest.mark.slow]

N_FILES = 45
BATCH_MB = "0.04"  # a few batches, so a kill can land between them
MARKER_TIMEOUT = 240.0


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory, prefect_api: str | None, product: Path) -> dict[str, object]:  # noqa: F811
    base = tmp_path_factory.mktemp("crash")
    seeds = base / "seeds"
    seeds.mkdir()
    for p in SEEDS:
        shutil.copy(p, seeds / p.name)
    corpus = base / "corpus"
    make_corpus(corpus, N_FILES)
    return {"base": base, "seeds": seeds, "corpus": corpus,
            "env": child_env(base / "prefect-home", prefect_api, product)}


def _kill_when(db: Path, corpus: Path, env: dict[str, str], log: Path, marker, what: str) -> bool:  # type: ignore[no-untyped-def]
    """Start a run over ``corpus``, SIGKILL its process group once ``marker()`` holds.

    Returns whether the run was still going when it was killed (False: it had
    already finished, which only kill point 3 may accept).
    """
    proc = start_newsflow(["run", corpus, "--db", db, "--batch-mb", BATCH_MB], env=env, log=log)
    with reaped(proc):
        reached = wait_for(lambda: proc.poll() is not None or marker(), MARKER_TIMEOUT, interval=0.01)
        running = proc.poll() is None
        kill_group(proc)
    assert reached, f"{what}: marker not reached in {MARKER_TIMEOUT} s\n{log.read_text(errors='replace')[-3000:]}"
    text = log.read_text(errors="replace")
    assert "Traceback" not in text, f"{what}: the run printed a traceback before it was killed\n{text[-3000:]}"
    return running


def _validation_seconds(log: str, batches: int) -> float:
    """Seconds from the last batch's progress line to the end of the validate task (Prefect log times)."""
    def stamp(pattern: str) -> dt.datetime:
        m = re.search(r"^(\d\d:\d\d:\d\d\.\d+) \|.*" + pattern, log, re.M)
        assert m, f"no log line matching {pattern!r}"
        return dt.datetime.strptime(m.group(1), "%H:%M:%S.%f")

    seconds = (stamp("Task run 'validate") - stamp(f"batch {batches}:")).total_seconds()
    assert 0 < seconds < 600, seconds
    return seconds


def _assert_published_state(db: Path, allowed: dict[str, dict[str, list[tuple[object, ...]]]], what: str) -> None:
    """The published file opens read-only and equals one of the allowed states."""
    state = snapshot(db)  # opens read_only: raises if the file is damaged or locked
    if any(state == expected for expected in allowed.values()):
        return
    diffs = "\n".join(f"--- vs {name}:\n{diff_snapshots(expected, state)}" for name, expected in allowed.items())
    pytest.fail(f"after the kill {what}, the published warehouse is none of {list(allowed)}:\n{diffs}")


def test_kill_9_at_any_point_then_rerun_equals_a_clean_run(setup: dict[str, object], tmp_path: Path) -> None:
    env: dict[str, str] = setup["env"]  # type: ignore[assignment]
    corpus: Path = setup["corpus"]  # type: ignore[assignment]
    seeds: Path = setup["seeds"]  # type: ignore[assignment]
    db = tmp_path / "wh" / "news.duckdb"
    db.parent.mkdir()
    work = work_file(db)

    # 0. the very first run into a new file, killed once its work copy exists: no
    #    half-built warehouse appears, and the lock dies with the process
    log0 = tmp_path / "kill0.log"
    running = _kill_when(db, seeds, env, log0, work.exists, "first run")
    assert running, "the first run finished before its work copy was seen"
    assert not db.exists(), "a killed first run must not leave a published warehouse"
    first = run_newsflow(["run", seeds, "--db", db, "--batch-mb", BATCH_MB], env=env)
    assert first.code == 0, first.describe()
    seeded_state = snapshot(db)
    assert len(seeded_state["files"]) == len(SEEDS)

    # the clean run to compare with: the same state, the same input, never killed
    clean = copy_warehouse(db, tmp_path / "clean" / "news.duckdb")
    reference = run_newsflow(["run", corpus, "--db", clean, "--batch-mb", BATCH_MB], env=env)
    assert reference.code == 0, reference.describe()
    clean_state = snapshot(clean)
    batches = max(map(int, re.findall(r"batch (\d+):", reference.stderr)), default=0)
    assert batches >= 3, f"the corpus should take several batches:\n{reference.stderr[-2000:]}"

    # 1. while batches are in flight
    log1 = tmp_path / "kill1.log"
    running = _kill_when(db, corpus, env, log1, lambda: work.exists() and file_has(log1, "batch 1:")(),
                         "during normalize/extract")
    assert running, "the run finished before the first batch was staged"
    _assert_published_state(db, {"seeded": seeded_state}, "during normalize/extract")

    # 2. during validation: every batch staged, Data Docs being written
    # (halfway through validation as the clean run timed it from its last batch to its
    # validate task's end; the Data Docs folder of this db exists since the seeds run)
    log2 = tmp_path / "kill2.log"
    validating = _validation_seconds(reference.stderr, batches)
    staged_at: list[float] = []

    def validating_now() -> bool:
        if not staged_at:
            if file_has(log2, f"batch {batches}:")():
                staged_at.append(time.monotonic())
            return False
        return time.monotonic() - staged_at[0] >= validating / 2

    running = _kill_when(db, corpus, env, log2, validating_now, "during validation")
    assert running, "the run finished before validation could be interrupted"
    assert docs_dir(db).exists() and work.exists()
    _assert_published_state(db, {"seeded": seeded_state}, "during validation")

    # 3. right around publish: the work copy was just renamed over the published file
    log3 = tmp_path / "kill3.log"
    seen_work = [False]

    def published() -> bool:
        # (the .work left by kill 2 is discarded as the run starts: only count the
        # work copy once every batch of this run is staged into it)
        if not seen_work[0]:
            seen_work[0] = work.exists() and file_has(log3, f"batch {batches}:")()
            return False
        return not work.exists() or file_has(log3, "Task run 'publish")()

    _kill_when(db, corpus, env, log3, published, "around publish")
    assert seen_work[0], "kill 3 came before every batch was staged"
    _assert_published_state(db, {"seeded": seeded_state, "clean": clean_state}, "around publish")

    # the rerun: no lock left behind, no leftovers used, same warehouse as the clean run
    rerun = run_newsflow(["run", corpus, "--db", db, "--batch-mb", BATCH_MB], env=env)
    assert rerun.code == 0 and "Traceback" not in rerun.output, rerun.describe()
    assert not work.exists()
    after = snapshot(db)
    assert after == clean_state, diff_snapshots(clean_state, after)
    got, want = counts(db), counts(clean)
    assert {t: got[t] for t in TABLES} == {t: want[t] for t in TABLES}
    # runs: killed runs left no row; what was published adds up to the clean run's
    totals = "select sum(files_new), sum(articles), count(*) filter (where not published) from runs"
    assert query(db, totals) == query(clean, totals)
