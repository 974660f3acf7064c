"""Drive Debian's headless Chromium through the DevTools protocol, for page tests.

Why the protocol rather than ``--dump-dom``: it reports console errors and
uncaught exceptions with their level, every request the page makes (so a test
can prove the page stayed offline), and lets the test wait for the page's own
"rendered" signal instead of guessing a time budget. It needs only
``websockets``, which Prefect already depends on.
"""

from __future__ import annotations

import base64
import contextlib
import itertools
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM = os.environ.get("NEWSFLOW_CHROMIUM", "/usr/bin/chromium")

# The flags this machine needs (root, no GPU, no display) and those that stop
# Chromium's own background traffic, which a closed network would refuse.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--hide-scrollbars",
    "--mute-audio",
)


def chromium_path() -> str | None:
    """The Chromium binary, or None when it is not installed."""
    if Path(CHROMIUM).exists():
        return CHROMIUM
    return shutil.which("chromium")


@dataclass
class PageResult:
    """What the browser saw while loading and rendering a page."""

    errors: list[str] = field(default_factory=list)  # console errors, exceptions, failed loads
    requests: list[str] = field(default_factory=list)  # every URL the page asked for
    value: Any = None  # the result of the probe expression
    screenshot: bytes | None = None


class Browser:
    """One headless Chromium with a fresh profile, stopped by ``close``."""

    def __init__(self, binary: str, *, width: int = 1100, height: int = 900, timeout: float = 30.0) -> None:
        self.profile = Path(tempfile.mkdtemp(prefix="newsflow-chromium-"))
        self.timeout = timeout
        self.proc = subprocess.Popen(
            [binary, *FLAGS, f"--window-size={width},{height}", "--remote-debugging-port=0",
             f"--user-data-dir={self.profile}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True,  # its helpers share a process group we can kill
        )
        self._ids = itertools.count(1)
        self.ws = self._connect()

    def _connect(self) -> Any:
        from urllib.request import urlopen

        from websockets.sync.client import connect

        # Chromium writes the port it picked to DevToolsActivePort in the profile.
        port_file = self.profile / "DevToolsActivePort"
        deadline = time.monotonic() + self.timeout
        while not port_file.exists() or not port_file.read_text().strip():
            if self.proc.poll() is not None:
                raise RuntimeError(f"chromium exited with {self.proc.returncode} before it listened")
            if time.monotonic() > deadline:
                raise TimeoutError("chromium did not open its DevTools port")
            time.sleep(0.05)
        port = int(port_file.read_text().splitlines()[0])
        with urlopen(f"http://127.0.0.1:{port}/json/list", timeout=self.timeout) as resp:
            targets = json.load(resp)
        page = next(t for t in targets if t.get("type") == "page")
        return connect(page["webSocketDebuggerUrl"], max_size=None, open_timeout=self.timeout)

    def send(self, method: str, events: list[dict[str, Any]] | None = None, **params: Any) -> dict[str, Any]:
        """Call a protocol method and return its result; events seen meanwhile go to ``events``."""
        ident = next(self._ids)
        self.ws.send(json.dumps({"id": ident, "method": method, "params": params}))
        deadline = time.monotonic() + self.timeout
        while True:
            message = json.loads(self.ws.recv(timeout=max(0.1, deadline - time.monotonic())))
            if message.get("id") == ident:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            if events is not None and "method" in message:
                events.append(message)

    def render(self, url: str, *, ready: str, probe: str, screenshot: bool = False) -> PageResult:
        """Load ``url``, wait until the JS expression ``ready`` is true, then evaluate ``probe``."""
        events: list[dict[str, Any]] = []
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.send(f"{domain}.enable", events)
        self.send("Page.navigate", events, url=url)
        deadline = time.monotonic() + self.timeout
        while True:
            done = self.send("Runtime.evaluate", events, expression=f"Boolean({ready})",
                             returnByValue=True)
            if done.get("result", {}).get("value") is True:
                break
            if time.monotonic() > deadline:
                raise TimeoutError(f"page not ready after {self.timeout} s: {ready}")
            time.sleep(0.1)
        value = self.send("Runtime.evaluate", events, expression=probe, returnByValue=True)
        result = PageResult(value=value.get("result", {}).get("value"))
        if screenshot:
            # Full page: measure the document, then capture beyond the viewport.
            metrics = self.send("Page.getLayoutMetrics", events)
            size = metrics.get("cssContentSize") or metrics["contentSize"]
            shot = self.send("Page.captureScreenshot", events, format="png", captureBeyondViewport=True,
                             clip={"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1})
            result.screenshot = base64.b64decode(shot["data"])
        for event in events:
            method, params = event["method"], event.get("params", {})
            if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                text = " ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", []))
                result.errors.append(f"console.{params['type']}: {text}")
            elif method == "Runtime.exceptionThrown":
                details = params.get("exceptionDetails", {})
                result.errors.append("exception: " + str(details.get("exception", {}).get("description")
                                                         or details.get("text")))
            elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
                result.errors.append("log: " + params["entry"].get("text", ""))
            elif method == "Network.requestWillBeSent":
                result.requests.append(params.get("request", {}).get("url", ""))
            elif method == "Network.loadingFailed":
                result.errors.append("load failed: " + params.get("errorText", ""))
        return result

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.ws.close()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=10)
        shutil.rmtree(self.profile, ignore_errors=True)


@contextlib.contextmanager
def browser(binary: str, **options: Any) -> Iterator[Browser]:
    b = Browser(binary, **options)
    try:
        yield b
    finally:
        b.close()
