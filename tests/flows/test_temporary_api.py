"""``newsflow run`` without a Prefect server: its own temporary API, gone when the run is.

The CLI starts Prefect's temporary API server itself, before its heavy imports (see
``flows/temporary_api.py``). These tests run the real CLI with no ``PREFECT_API_URL``:
the run completes and is recorded by that server, the server stops with the run, and a
``kill -9`` of the run takes the server with it (Linux: the parent-death signal).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import sys
import time
from pathlib import Path

import pytest
from _runner import (  # noqa: F401 — product is a fixture
    SEEDS,
    child_env,
    file_has,
    product,
    reaped,
    run_newsflow,
    start_newsflow,
    wait_for,
)

pytestmark = [pytest.mark.flow, pytest.mark.slow]

_SERVER_MARK = b"prefect.server.api.server:create_app"


def _servers_of(parent: int) -> list[int]:
    """Pids of temporary API servers whose parent is ``parent``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == parent and _SERVER_MARK in cmdline:
            found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_run_starts_and_stops_its_own_api(tmp_path: Path, product: Path) -> None:  # noqa: F811
    env = child_env(tmp_path / "home", None, product)
    res = run_newsflow(["run", *map(str, SEEDS), "--db", tmp_path / "w.duckdb"], env=env)
    assert res.code == 0, res.describe()
    assert "Beginning flow run" in res.output
    assert "View at" not in res.output  # a temporary server serves no UI: no dead link
    assert "Error logging to API" not in res.output  # logs were sent before it stopped
    # the run is recorded where `prefect server start` (the UI) will find it
    with contextlib.closing(sqlite3.connect(tmp_path / "home" / "prefect.db")) as db:
        states = db.execute("select state_type from flow_run").fetchall()
    assert states == [("COMPLETED",)]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the parent-death signal is Linux's")
def test_kill_9_of_the_run_takes_its_api_along(tmp_path: Path, product: Path) -> None:  # noqa: F811
    env = child_env(tmp_path / "home", None, product)
    log = tmp_path / "run.log"
    proc = start_newsflow(["run", *map(str, SEEDS), "--db", tmp_path / "w.duckdb"], env=env, log=log)
    with reaped(proc):
        assert wait_for(lambda: _servers_of(proc.pid), 120), log.read_text()
        servers = _servers_of(proc.pid)
        assert wait_for(file_has(log, "Beginning flow run"), 240), log.read_text()
        os.kill(proc.pid, signal.SIGKILL)  # the run only, as the OOM killer would
        proc.wait(timeout=30)
        deadline = time.monotonic() + 30
        while any(_alive(p) for p in servers) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not any(_alive(p) for p in servers), f"temporary API {servers} outlived the run"
