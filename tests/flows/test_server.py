"""End to end against a real Prefect server: ``prefect server start`` on loopback.

The flow runs in a subprocess (``python -m flows run``) pointed at the server
by ``PREFECT_API_URL``, as a user would run it; the test then reads the flow
run, its task runs and its artifacts back through the Prefect client. A second
test serves the inbox deployment (``serve``) and triggers a run of it. Every
wait is bounded, and the server's whole process group is killed at the end.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from uuid import UUID

import duckdb
import pytest
from browser import browser, chromium_path
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import (
    FlowFilter,
    FlowFilterName,
    FlowRunFilter,
    FlowRunFilterId,
)
from prefect.client.schemas.sorting import FlowRunSort, TaskRunSort
from prefect.settings import PREFECT_API_URL, temporary_settings
from prefect_api import artifacts_of_run

from flows.artifacts import DOCS_KEY, FAILURES_KEY, PROGRESS_KEY, REJECTIONS_KEY, REPORT_KEY
from flows.temporary_api import api_answers, free_port
from tasks.db import SAMPLES_DIR

pytestmark = [pytest.mark.flow, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
SERVER_START_SECONDS = 90
RUN_SECONDS = 180
STEP_TASKS = {"ingest", "normalize", "extract", "load", "validate", "publish"}


@dataclass
class Server:
    url: str  # the API URL: http://127.0.0.1:PORT/api
    home: Path
    log: Path

    def env(self, **extra: str) -> dict[str, str]:
        """Environment of a process that talks to this server (and only to it)."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
        env.update(
            PREFECT_API_URL=self.url,
            PREFECT_HOME=str(self.home),
            PREFECT_SERVER_ANALYTICS_ENABLED="false",
            GX_ANALYTICS_ENABLED="false",
            PREFECT_LOGGING_LEVEL="WARNING",
            # the package may not be installed in a dev checkout: import it from here
            PYTHONPATH=os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH")) if p),
        )
        env.update(extra)
        return env


def _prefect_cli() -> list[str]:
    script = Path(sys.executable).with_name("prefect")
    return [str(script)] if script.exists() else [sys.executable, "-m", "prefect"]


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """Stop a process started with start_new_session=True, and everything it spawned."""
    for sig, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 10)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def _tail(path: Path, n: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-n:])
    except OSError:
        return "(no log)"


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    home = Path(tempfile.mkdtemp(prefix="newsflow-prefect-server-"))
    port = free_port()
    srv = Server(url=f"http://127.0.0.1:{port}/api", home=home, log=home / "server.log")
    env = srv.env(PREFECT_UI_ENABLED="false")  # the API is what is checked; skip building the UI
    env.pop("PREFECT_API_URL")  # the server itself serves it
    with open(srv.log, "wb") as log:
        proc = subprocess.Popen(
            [*_prefect_cli(), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
            env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True,  # its own process group: killed whole in the finally
        )
    try:
        deadline = time.monotonic() + SERVER_START_SECONDS
        while True:
            if proc.poll() is not None:
                pytest.fail(f"prefect server exited with {proc.returncode}:\n{_tail(srv.log)}")
            if api_answers(srv.url):
                break
            if time.monotonic() > deadline:
                pytest.fail(f"prefect server not healthy after {SERVER_START_SECONDS} s:\n{_tail(srv.log)}")
            time.sleep(0.5)
        # The test's own client talks to this server too.
        with temporary_settings(updates={PREFECT_API_URL: srv.url}):
            yield srv
    finally:
        _stop(proc)
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(scope="module")
def flow_run(server: Server, tmp_path_factory: pytest.TempPathFactory) -> tuple[UUID, Path]:
    """``python -m flows run`` on the samples, recorded in the server."""
    db = tmp_path_factory.mktemp("wh") / "newsflow.duckdb"
    done = subprocess.run(
        [sys.executable, "-m", "flows", "run", str(SAMPLES_DIR), "--db", str(db)],
        cwd=REPO, env=server.env(), capture_output=True, text=True, timeout=RUN_SECONDS,
    )
    assert done.returncode == 0, f"{done.stdout}\n{done.stderr[-4000:]}"
    with get_client(sync_client=True) as client:
        # limit and sort given: this server (fastapi 0.154) rejects the nulls sent for them otherwise
        runs = client.read_flow_runs(flow_filter=FlowFilter(name=FlowFilterName(any_=["newsflow"])),
                                     sort=FlowRunSort.START_TIME_DESC, limit=10)
    assert len(runs) == 1, runs
    return runs[0].id, db


def test_the_flow_run_is_recorded_with_its_task_runs(server: Server, flow_run: tuple[UUID, Path]) -> None:
    flow_run_id, db = flow_run
    with get_client(sync_client=True) as client:
        run = client.read_flow_run(flow_run_id)
        tasks = client.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id])),
                                      sort=TaskRunSort.EXPECTED_START_TIME_ASC, limit=200)
    assert run.state is not None and run.state.is_completed(), run.state
    assert run.parameters["db"] == str(db)
    names = {t.name.rsplit("-", 1)[0] for t in tasks}  # task run names are "<task>-<suffix>"
    assert STEP_TASKS <= names, names
    assert all(t.state is not None and t.state.is_completed() for t in tasks), [
        (t.name, t.state) for t in tasks]
    # The warehouse's runs table points at the same flow run.
    con = duckdb.connect(str(db), read_only=True)
    try:
        recorded = con.execute("select flow_run_id, published from runs").fetchall()
    finally:
        con.close()
    assert recorded == [(str(flow_run_id), True)]


def test_the_run_left_its_artifacts(server: Server, flow_run: tuple[UUID, Path]) -> None:
    flow_run_id, _ = flow_run
    artifacts = artifacts_of_run(flow_run_id)
    assert set(artifacts) == {REPORT_KEY, REJECTIONS_KEY, FAILURES_KEY, DOCS_KEY, PROGRESS_KEY}
    report = str(artifacts[REPORT_KEY].data)
    assert "passed" in report and "| 5 | 5 |" in report  # 5 files seen, 5 new
    officials = report.split("## New officials")[1].split("##")[0]
    assert "总书记" in officials  # read back from the published warehouse
    assert "file://" in str(artifacts[DOCS_KEY].data)
    assert float(str(artifacts[PROGRESS_KEY].data)) == 100.0


@pytest.mark.skipif(chromium_path() is None, reason="headless Chromium not installed (/usr/bin/chromium)")
def test_report_of_the_real_warehouse_draws(flow_run: tuple[UUID, Path], tmp_path: Path) -> None:
    """``newsflow report`` on what the real pipeline published, checked in the browser."""
    _, db = flow_run
    out = tmp_path / "report.html"
    done = subprocess.run([sys.executable, "-m", "flows", "report", "--db", str(db), "--html", str(out)],
                          cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    binary = chromium_path()
    assert binary is not None
    with browser(binary) as b:
        seen = b.render(out.as_uri(), ready='document.body && document.body.dataset.rendered === "done"',
                        probe='[document.body.dataset.charts, document.body.dataset.chartErrors]')
    assert seen.errors == [] and seen.value == ["7", "0"], (seen.errors, seen.value)


def test_serve_registers_a_scheduled_deployment_that_runs(
    server: Server, flow_run: tuple[UUID, Path], tmp_path: Path,
) -> None:
    """``newsflow serve`` over the inbox already loaded: its run finds nothing new."""
    _, db = flow_run
    inbox = tmp_path / "inbox"
    shutil.copytree(SAMPLES_DIR, inbox)
    log = tmp_path / "serve.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "flows", "serve", "--inbox", str(inbox), "--db", str(db),
             "--cron", "0 * * * *", "--name", "test-inbox"],
            cwd=REPO, env=server.env(PREFECT_RUNNER_POLL_FREQUENCY="1"),
            stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 60
        with get_client(sync_client=True) as client:
            while True:
                assert proc.poll() is None, f"serve exited with {proc.returncode}:\n{_tail(log)}"
                with contextlib.suppress(Exception):
                    deployment = client.read_deployment_by_name("newsflow/test-inbox")
                    break
                assert time.monotonic() < deadline, f"deployment never registered:\n{_tail(log)}"
                time.sleep(0.5)
            assert [s.schedule.cron for s in deployment.schedules] == ["0 * * * *"]  # type: ignore[union-attr]
            assert deployment.parameters == {"paths": [str(inbox.resolve())], "db": str(db.resolve()),
                                             "workers": 1}
            triggered = client.create_flow_run_from_deployment(deployment.id)
            deadline = time.monotonic() + RUN_SECONDS
            while True:
                run = client.read_flow_run(triggered.id)
                if run.state is not None and run.state.is_final():
                    break
                assert proc.poll() is None, f"serve exited with {proc.returncode}:\n{_tail(log)}"
                assert time.monotonic() < deadline, f"served run not finished: {run.state}\n{_tail(log)}"
                time.sleep(1)
        assert run.state.is_completed(), f"{run.state}\n{_tail(log)}"
        con = duckdb.connect(str(db), read_only=True)
        try:
            last = con.execute(
                "select files_seen, files_new, flow_run_id from runs order by started_at desc limit 1"
            ).fetchone()
        finally:
            con.close()
        assert last == (5, 0, str(triggered.id))  # incremental: every file already loaded
    finally:
        _stop(proc)


def test_serve_without_a_server_says_how_to_start_one(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_HOME=str(tmp_path / "home"), PREFECT_SERVER_ANALYTICS_ENABLED="false",
               PYTHONPATH=str(REPO), PREFECT_API_URL=f"http://127.0.0.1:{free_port()}/api")
    done = subprocess.run(
        [sys.executable, "-m", "flows", "serve", "--inbox", str(tmp_path), "--db", str(tmp_path / "x.duckdb")],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 2
    assert "no Prefect server answers" in done.stderr and "prefect server start --host 127.0.0.1" in done.stderr
