"""Issue 5, "nothing blocked": one writing run at a time, readers never blocked.

While a run over a larger input is going:

- a second ``newsflow run`` on the same ``--db`` exits 3 at once, saying
  "another newsflow run";
- a third, with ``--wait 600``, queues behind it and then succeeds, adding only
  its own new files;
- readers open the published warehouse read-only over and over — from the
  test process and from another process — never get a lock error, and every
  time see one whole published state (the counts of some run's end, never a
  half-published build).
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from _runner import (  # noqa: F401 — prefect_api, product are fixtures
    Result,
    child_env,
    make_corpus,
    prefect_api,
    product,
    query,
    reaped,
    run_newsflow,
    start_newsflow,
    wait_for,
    work_file,
)

pytestmark = [pytest.mark.flow, pytest.mark.slow]

N_FILES = 60
STATE_SQL = (
    "select (select count(*) from files where status = 'loaded'), (select count(*) from articles), "
    "(select count(*) from runs), (select files from summary_corpus)"
)

READER_SCRIPT = r"""
import json, sys, time
import duckdb
db, seconds = sys.argv[1], float(sys.argv[2])
end = time.monotonic() + seconds
while time.monotonic() < end:
    try:
        con = duckdb.connect(db, read_only=True)
        try:
            row = con.execute(sys.argv[3]).fetchall()[0]
        finally:
            con.close()
        print(json.dumps({"state": list(row)}), flush=True)
    except Exception as e:
        print(json.dumps({"error": repr(e)}), flush=True)
    time.sleep(0.05)
"""


class Reader(threading.Thread):
    """Opens the warehouse read-only in a loop until stopped; records what it saw."""

    def __init__(self, db: Path) -> None:
        super().__init__(daemon=True)
        self.db = db
        self.states: list[tuple[int, ...]] = []
        self.errors: list[str] = []
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                con = duckdb.connect(str(self.db), read_only=True)
                try:
                    self.states.append(tuple(con.execute(STATE_SQL).fetchall()[0]))
                finally:
                    con.close()
            except Exception as e:  # a lock error or a damaged file: both are failures
                self.errors.append(repr(e))
            time.sleep(0.02)


@dataclass
class Scenario:
    db: Path
    refused: Result
    first_still_running: bool
    first_code: int | None
    first_log: str
    queued: Result
    reader: Reader
    sub_out: str
    sub_err: str


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory, prefect_api: str | None, product: Path) -> Scenario:  # noqa: F811
    tmp_path = tmp_path_factory.mktemp("concurrency")
    env = child_env(tmp_path / "prefect-home", prefect_api, product)
    corpus = tmp_path / "corpus"
    make_corpus(corpus, N_FILES)
    extra = tmp_path / "extra"
    make_corpus(extra, 3, start=N_FILES)
    db = tmp_path / "wh" / "news.duckdb"
    db.parent.mkdir()
    # An empty published warehouse, as `newsflow` makes for a first read.
    subprocess.run(
        [sys.executable, "-c", "import sys, pathlib; from tasks.db import ensure_warehouse; "
         "ensure_warehouse(pathlib.Path(sys.argv[1]))", str(db)],
        env=env, cwd=product, check=True, timeout=120,
    )

    log = tmp_path / "first.log"
    first = start_newsflow(["run", corpus, "--db", db], env=env, log=log)
    reader = Reader(db)
    with reaped(first):
        reader.start()
        try:
            assert wait_for(lambda: work_file(db).exists() or first.poll() is not None, 180), "the run never started"
            assert first.poll() is None, f"the first run ended before the test could race it:\n{log.read_text()[-3000:]}"
            sub_reader = subprocess.Popen(
                [sys.executable, "-c", READER_SCRIPT, str(db), "600", STATE_SQL],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
            )
            queued = start_newsflow(["run", corpus, extra, "--db", db, "--wait", "600"], env=env, capture=True)
            t0 = time.monotonic()
            with reaped(sub_reader, queued):
                # a second run without --wait, while the first one holds the warehouse
                refused = run_newsflow(["run", corpus, "--db", db], env=env, timeout=180)
                first_still_running = first.poll() is None
                try:
                    first.wait(timeout=300)
                    out, err = queued.communicate(timeout=300)
                finally:
                    time.sleep(0.5)  # readers see the final state too
                    sub_reader.kill()
                    sub_out, sub_err = sub_reader.communicate(timeout=30)
        finally:
            reader.stop.set()
            reader.join(timeout=30)
    return Scenario(
        db=db, refused=refused, first_still_running=first_still_running, first_code=first.returncode,
        first_log=log.read_text(encoding="utf-8", errors="replace"),
        queued=Result(queued.returncode, out, err, time.monotonic() - t0),
        reader=reader, sub_out=sub_out, sub_err=sub_err,
    )


def test_second_run_exits_3_with_a_clear_message(scenario: Scenario) -> None:
    refused = scenario.refused
    assert scenario.first_still_running, "the first run ended before the second was refused: inconclusive"
    assert refused.code == 3, refused.describe()
    assert "another newsflow run" in refused.stderr, refused.describe()
    assert scenario.first_code == 0, scenario.first_log[-4000:]


def test_refused_run_prints_no_traceback(scenario: Scenario) -> None:
    assert "Traceback" not in scenario.refused.output, scenario.refused.describe()


def test_queued_run_waits_then_adds_only_its_own_files(scenario: Scenario) -> None:
    queued = scenario.queued
    assert queued.code == 0, queued.describe()
    assert "Traceback" not in queued.output, queued.describe()
    assert "3 new" in queued.stdout and f"{N_FILES} unchanged" in queued.stdout, queued.stdout
    runs = query(scenario.db, "select files_new from runs where published order by started_at")
    assert [r[0] for r in runs] == [N_FILES, 3], runs


def test_readers_are_never_blocked_and_see_whole_published_states(scenario: Scenario) -> None:
    # The states a reader may see: each published run's end, in order.
    runs = query(scenario.db, "select files_new, articles from runs where published order by finished_at")
    allowed, files, articles = [(0, 0, 0, 0)], 0, 0
    for n, (files_new, arts) in enumerate(runs, 1):
        files, articles = files + files_new, articles + arts
        allowed.append((files, articles, n, files))
    reader = scenario.reader
    assert not reader.errors, reader.errors[:5]
    assert reader.states, "the in-process reader never read"
    assert set(reader.states) <= set(allowed), (sorted(set(reader.states) - set(allowed)), allowed)
    sub_states = [json.loads(line) for line in scenario.sub_out.splitlines() if line.strip()]
    sub_errors = [s["error"] for s in sub_states if "error" in s]
    assert not sub_errors, sub_errors[:5]
    seen = {tuple(s["state"]) for s in sub_states}
    assert seen, f"the reader process never read: {scenario.sub_err[-2000:]}"
    assert seen <= set(allowed), (sorted(seen - set(allowed)), allowed)
    # the readers really read during the runs: they saw the warehouse before and after them
    both = set(reader.states) | seen
    assert allowed[0] in both and allowed[-1] in both, (sorted(both), allowed)
