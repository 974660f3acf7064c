"""Start Prefect's temporary API server at the very start of ``newsflow run``.

With no ``PREFECT_API_URL`` configured, Prefect starts a temporary API server (a uvicorn
subprocess) the first time the flow asks for a client. Measured on the five samples
(2 cores): our process first imports ``prefect.server.api.server`` just to launch it
(~3 s), then waits ~10 s while the subprocess imports the server and migrates its
database. Started here, on a thread, before anything heavy is imported, the server boots
while this process imports Prefect, Great Expectations and the dictionaries; the flow
then runs with ``PREFECT_API_URL`` pointing at it, so nothing waits twice.

The command and environment are Prefect 3.8's own
(``SubprocessASGIServer._run_uvicorn_command``): the same app, the same settings, the
same database under ``PREFECT_HOME``, so the runs are there when a real server or the
UI is started later. With ``PREFECT_API_URL`` set (a real server) nothing is started.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

_PORT_IN_USE = 3  # uvicorn's exit code when the port was taken meanwhile

# ``python -m uvicorn ARGS``, but on Linux the server first asks the kernel for SIGTERM
# when the thread that started it ends: a killed ``newsflow run`` (even ``kill -9``)
# takes its temporary server with it instead of leaving it running.
_SERVE = """
import runpy, signal, sys
if sys.platform.startswith("linux"):
    import ctypes
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
sys.argv = ["uvicorn", *sys.argv[1:]]
runpy.run_module("uvicorn", run_name="__main__", alter_sys=True)
"""


class TemporaryAPI:
    """A temporary Prefect API server, started on a thread; ``url()`` waits for it."""

    def __init__(self) -> None:
        self._process: subprocess.Popen[bytes] | None = None
        self._url: str | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._start, name="newsflow-prefect-api", daemon=True)
        self._lock = threading.Lock()
        self._stopped = False
        self._ready = threading.Event()  # set when the API answers, or the start has ended
        self._done = threading.Event()  # set by stop()
        self._thread.start()

    def _start(self) -> None:
        try:
            from prefect.settings import (
                PREFECT_API_URL,
                PREFECT_SERVER_EPHEMERAL_ENABLED,
                PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS,
                get_current_settings,
            )

            if PREFECT_API_URL.value() or not PREFECT_SERVER_EPHEMERAL_ENABLED.value():
                return  # a real server is configured (or Prefect will say what is missing)
            import prefect

            env = {
                **os.environ,
                "PREFECT_UI_ENABLED": "0",
                "PREFECT__SERVER_EPHEMERAL": "1",
                "PREFECT__SERVER_FINAL": "1",
                **get_current_settings().to_environment_variables(exclude_unset=True),
            }
            app_dir = str(prefect.__module_path__.parent)
            deadline = time.monotonic() + float(PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS.value())
            while True:
                port = free_port()
                process = self._launch(app_dir, port, env)
                if process is None:
                    return  # stopped before it started
                url = f"http://127.0.0.1:{port}/api"
                while time.monotonic() < deadline:
                    code = process.poll()
                    if code is not None:
                        break
                    if api_answers(url):
                        self._url = url
                        self._ready.set()
                        # stay alive: the server's death signal follows this thread
                        self._done.wait()
                        return
                    time.sleep(0.1)
                else:
                    raise RuntimeError(
                        "Timed out while attempting to connect to ephemeral Prefect API server."
                    )
                if code != _PORT_IN_USE:
                    raise RuntimeError(f"Ephemeral Prefect API server exited with code {code}.")
        except BaseException as exc:  # reported by url(), in the main thread
            self._error = exc
        finally:
            self._ready.set()

    def _launch(self, app_dir: str, port: int, env: dict[str, str]) -> subprocess.Popen[bytes] | None:
        with self._lock:
            if self._stopped:
                return None
            uvicorn = ["--app-dir", app_dir, "--factory", "prefect.server.api.server:create_app",
                       "--host", "127.0.0.1", "--port", str(port), "--log-level", "error",
                       "--lifespan", "on"]
            self._process = subprocess.Popen([sys.executable, "-c", _SERVE, *uvicorn], env=env)
            return self._process

    def url(self) -> str | None:
        """The API's URL once it answers; None when a real server is configured."""
        self._ready.wait()
        if self._error is not None:
            raise self._error
        return self._url

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
            process, self._process = self._process, None
        self._done.set()
        if process is not None:
            stop_process(process)


@contextlib.contextmanager
def prefect_api(api: TemporaryAPI) -> Iterator[None]:
    """Run the block against ``api`` (unless a real server is configured), then stop it."""
    try:
        url = api.url()
        if url is None:
            yield
            return
        from prefect.settings import PREFECT_API_URL, PREFECT_UI_URL, temporary_settings

        # No UI runs on a temporary server: no "View at" link to a page that never loads.
        with temporary_settings(updates={PREFECT_API_URL: url, PREFECT_UI_URL: ""}):
            try:
                yield
            finally:
                _drain_prefect_workers()
    finally:
        api.stop()


def _drain_prefect_workers() -> None:
    """Send the run's last logs and events while the server still answers.

    Prefect's own temporary server is stopped at exit, after these workers; ours stops
    when the run ends, so they are drained first (as ``prefect_test_harness`` does).
    """
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for worker in (APILogWorker, EventsWorker):
        with contextlib.suppress(Exception):
            worker.drain_all(timeout=10)


def free_port() -> int:
    """A loopback TCP port nobody listens on (for a server to start on)."""
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def api_answers(url: str) -> bool:
    """Does the Prefect API at ``url`` answer its health check?"""
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=2) as response:  # a localhost server
            return bool(response.status == 200)
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


def stop_process(process: subprocess.Popen[Any], timeout: float = 5) -> None:
    """Terminate ``process``, kill it if it has not ended within ``timeout`` seconds."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
