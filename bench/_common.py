"""Shared helpers for the pipeline benchmarks (``bench/bench_*.py``).

What every pipeline benchmark measures, and how:

* **The real command.** Each run is a fresh process running ``newsflow run …``
  (``python -m flows run`` with the repository on ``PYTHONPATH``: the same
  ``flows.cli.main`` the installed ``newsflow`` script calls). The process is
  started through this module (``python bench/_common.py --measure FILE -- ARGS``)
  so the kernel's own high-water marks are recorded when it exits:
  ``ru_maxrss`` of the flow process itself and of its largest child (worker
  processes, the temporary Prefect server).
* **Real text, repeated to size.** THUCNews validation articles
  (``../shared/corpora/thucnews-cnews-val1000/cnews.val.txt``, ``label<TAB>text``
  per line), one article per ``.txt`` file. Copy ``k`` of the corpus differs from
  every other copy in bytes: its first line is ``<label>·第k辑·<n>``. So no file
  is skipped as already seen (same sha256); the article bodies do repeat, and the
  pipeline processes them in full and then marks them ``duplicate_of`` the first
  copy — normalize and extract run on every file, which is the cost we measure.
* **A warm install.** ``PREFECT_HOME`` is a folder kept under the system temp
  directory (created on the first run, reused later), jieba's cache exists after
  the first run. One untimed warm-up run precedes the timed ones.
* **Noise.** The machine is shared: contenders run interleaved (A B A B …),
  we print medians with min-max, and every ratio compares runs of the same
  invocation, never figures from different days.

Benchmarks skip (exit 0 with a message) when ``../shared/corpora`` is absent.

Run as a script only by the benchmarks themselves (``--measure``).
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, is_dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT.parent / "shared" / "corpora"
THUCNEWS = CORPORA / "thucnews-cnews-val1000" / "cnews.val.txt"
SAMPLES = ROOT / "data" / "samples"
PREFECT_HOME = Path(tempfile.gettempdir()) / "newsflow-bench-prefect-home"

_SUMMARY_RE = re.compile(r"^newsflow: .*\((?P<s>[0-9.]+) s\)\s*$", re.M)
_ARTICLES_RE = re.compile(r"^\s*articles\s+(?P<n>\d+) added, (?P<d>\d+) marked duplicate", re.M)
_FILES_RE = re.compile(r"^\s*files\s+(?P<seen>\d+) seen, (?P<new>\d+) new, (?P<unchanged>\d+) unchanged", re.M)


# --------------------------------------------------------------------- corpus


def corpus_or_skip() -> Path:
    """The THUCNews file, or exit 0 with a clear message when the corpora are absent."""
    if not THUCNEWS.is_file():
        print(f"skipped: {THUCNEWS} not found — the shared corpora (../shared/corpora beside "
              "the repository) are not available here")
        raise SystemExit(0)
    return THUCNEWS


def thucnews(limit: int | None = None) -> list[tuple[str, str]]:
    """``(label, text)`` of the THUCNews validation articles, in file order."""
    out = []
    with open(corpus_or_skip(), encoding="utf-8") as fh:
        for line in fh:
            label, sep, text = line.rstrip("\n").partition("\t")
            if sep and text:
                out.append((label, text))
            if limit is not None and len(out) >= limit:
                break
    return out


@dataclass
class Corpus:
    root: Path
    files: int
    bytes: int

    @property
    def mb(self) -> float:
        return self.bytes / 1e6


def write_corpus(dest: Path, articles: Sequence[tuple[str, str]], copies: int = 1,
                 first_copy: int = 0) -> Corpus:
    """One article per ``.txt`` file, ``copies`` times; every copy differs in its first line."""
    dest.mkdir(parents=True, exist_ok=True)
    n_files = n_bytes = 0
    for k in range(first_copy, first_copy + copies):
        folder = dest / f"copy{k:03d}"
        folder.mkdir(exist_ok=True)
        for i, (label, text) in enumerate(articles):
            data = f"{label}·第{k + 1}辑·{i + 1}\n{text}\n".encode()
            (folder / f"{i:05d}.txt").write_bytes(data)
            n_files += 1
            n_bytes += len(data)
    return Corpus(dest, n_files, n_bytes)


# ------------------------------------------------------------------ processes


def bench_env(prefect_home: Path = PREFECT_HOME, api_url: str | None = None) -> dict[str, str]:
    """Environment of a benchmarked process: repo importable, offline, quiet, warm home."""
    prefect_home.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.pop("PREFECT_API_URL", None)
    env.update({
        "PYTHONPATH": str(ROOT) + os.pathsep + env.get("PYTHONPATH", ""),
        "PREFECT_HOME": str(prefect_home),
        "PREFECT_LOGGING_LEVEL": "WARNING",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "GX_ANALYTICS_ENABLED": "false",
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
        "PYTHONUNBUFFERED": "1",
    })
    if api_url:
        env["PREFECT_API_URL"] = api_url
    return env


@dataclass
class RunResult:
    """One measured process."""

    seconds: float  # wall clock of the whole process
    flow_seconds: float | None = None  # what the run reports (flow start → publish)
    rss_mb: float | None = None  # peak RSS of the measured process itself
    child_rss_mb: float | None = None  # peak RSS of its largest child process
    articles: int | None = None
    duplicates: int | None = None
    files_new: int | None = None
    files_unchanged: int | None = None
    returncode: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


def run_measured(argv: Sequence[str], *, env: dict[str, str], cwd: Path,
                 timeout: float = 1800) -> RunResult:
    """Run ``newsflow ARGV…`` in a fresh process and measure it.

    ``argv`` is the argument list of ``newsflow`` (e.g. ``["run", "DIR", "--db", F]``).
    Raises with the captured output when the process fails.
    """
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as fh:
        stats_file = Path(fh.name)
    cmd = [sys.executable, str(Path(__file__).resolve()), "--measure", str(stats_file), "--", *argv]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    seconds = time.perf_counter() - t0
    try:
        stats = json.loads(stats_file.read_text() or "{}")
    except (OSError, json.JSONDecodeError):
        stats = {}
    finally:
        stats_file.unlink(missing_ok=True)
    if proc.returncode != 0:
        raise RuntimeError(f"newsflow {' '.join(argv)} exited {proc.returncode}:\n"
                           f"{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    result = RunResult(seconds=seconds, rss_mb=stats.get("rss_mb"),
                       child_rss_mb=stats.get("child_rss_mb"), returncode=proc.returncode)
    if m := _SUMMARY_RE.search(proc.stdout):
        result.flow_seconds = float(m["s"])
    if m := _ARTICLES_RE.search(proc.stdout):
        result.articles, result.duplicates = int(m["n"]), int(m["d"])
    if m := _FILES_RE.search(proc.stdout):
        result.files_new, result.files_unchanged = int(m["new"]), int(m["unchanged"])
    return result


def newsflow_run(paths: Iterable[Path | str], db: Path, *, env: dict[str, str], cwd: Path,
                 extra: Sequence[str] = ()) -> RunResult:
    """``newsflow run PATHS --db DB EXTRA…`` in a fresh, measured process."""
    return run_measured(["run", *map(str, paths), "--db", str(db), *extra], env=env, cwd=cwd)


def fresh_db(db: Path) -> None:
    """Remove a warehouse and everything a run leaves beside it."""
    for p in db.parent.glob(db.name + "*"):
        if p.is_dir():
            shutil.rmtree(p, ignore_errors=True)
        else:
            p.unlink(missing_ok=True)
    gx = db.with_name(db.stem + "_gx")
    shutil.rmtree(gx, ignore_errors=True)


def python_measured(code: str, *args: str, env: dict[str, str], cwd: Path) -> tuple[RunResult, str]:
    """Run ``python -c code args…`` with the same measurement; returns its stdout too."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as fh:
        stats_file = Path(fh.name)
    cmd = [sys.executable, str(Path(__file__).resolve()), "--measure", str(stats_file),
           "--code", code, "--", *args]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    stats = json.loads(stats_file.read_text() or "{}")
    stats_file.unlink(missing_ok=True)
    if proc.returncode != 0:
        raise RuntimeError(f"python -c … exited {proc.returncode}:\n{proc.stderr[-3000:]}")
    return RunResult(seconds=seconds, rss_mb=stats.get("rss_mb"),
                     child_rss_mb=stats.get("child_rss_mb")), proc.stdout


# --------------------------------------------------------------- statistics


def med(values: Iterable[float | None]) -> float:
    vals = [v for v in values if v is not None]
    return statistics.median(vals) if vals else float("nan")


def spread(values: Iterable[float | None], fmt: str = "{:.2f}") -> str:
    """``median (min-max)`` of the values."""
    vals = [v for v in values if v is not None]
    if not vals:
        return "n/a"
    m = statistics.median(vals)
    return f"{fmt.format(m)} ({fmt.format(min(vals))}-{fmt.format(max(vals))})"


def interleave(contenders: dict[str, Callable[[], RunResult]], runs: int,
               log: Callable[[str], None] = print) -> dict[str, list[RunResult]]:
    """Run every contender once per round, round after round (A B A B …); rotates the
    start so no contender always runs first."""
    names = list(contenders)
    out: dict[str, list[RunResult]] = {n: [] for n in names}
    for r in range(runs):
        order = names[r % len(names):] + names[: r % len(names)]
        for name in order:
            res = contenders[name]()
            out[name].append(res)
            log(f"  round {r + 1}/{runs} {name:<22} {res.seconds:7.2f} s"
                + (f"  (flow {res.flow_seconds:.1f} s)" if res.flow_seconds is not None else "")
                + (f"  rss {res.rss_mb:.0f} MB" if res.rss_mb is not None else ""))
    return out


def print_table(title: str, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """A plain Markdown table (paste-able into the README)."""
    print(f"\n## {title}\n")
    cells = [list(map(str, header))] + [[str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    for j, row in enumerate(cells):
        print("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")
        if j == 0:
            print("|" + "|".join("-" * (w + 2) for w in widths) + "|")


def write_json(path: str | None, bench: str, runs: Any, *, corpus: Corpus | None = None,
               **figures: Any) -> None:
    """Write a benchmark's runs and figures as JSON (with the machine, and the corpus if any)."""
    if not path:
        return
    payload: dict[str, Any] = {"bench": bench}
    if corpus is not None:
        payload.update(corpus_files=corpus.files, corpus_mb=corpus.mb)
    payload.update(machine=machine(), runs=runs, **figures)

    def default(o: Any) -> Any:
        if is_dataclass(o) and not isinstance(o, type):
            return asdict(o)
        if isinstance(o, Path):
            return str(o)
        raise TypeError(type(o).__name__)

    Path(path).write_text(json.dumps(payload, indent=2, ensure_ascii=False, default=default), encoding="utf-8")
    print(f"\nwrote {path}")


def base_parser(doc: str | None, runs: int) -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(description=(doc or "").splitlines()[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=doc)
    ap.add_argument("--runs", type=int, default=runs, help=f"timed runs per contender (default {runs})")
    ap.add_argument("--quick", action="store_true", help="CI-size run: small corpus, fewer runs")
    ap.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    ap.add_argument("--keep", action="store_true", help="keep the scratch folder (printed)")
    return ap


def scratch(keep: bool) -> Path:
    """A scratch folder for corpora and warehouses, removed at exit unless ``keep``."""
    path = Path(tempfile.mkdtemp(prefix="newsflow-bench-"))
    if keep:
        print(f"scratch folder: {path}")
    else:
        atexit.register(shutil.rmtree, path, True)
    return path


def machine() -> dict[str, Any]:
    load = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3
    return {"cpus": os.cpu_count(), "loadavg_1m": round(load[0], 2), "python": sys.version.split()[0]}


def prefect_warmup(env: dict[str, str], cwd: Path) -> None:
    """One untimed run on the samples: creates PREFECT_HOME's database and jieba's cache."""
    db = cwd / "warmup.duckdb"
    fresh_db(db)
    newsflow_run([SAMPLES], db, env=env, cwd=cwd)
    fresh_db(db)


@contextlib.contextmanager
def prefect_server(env: dict[str, str], cwd: Path, *, timeout: float = 180) -> Iterator[dict[str, str]]:
    """A long-lived ``prefect server start`` on a free loopback port for the duration;
    yields ``env`` with ``PREFECT_API_URL`` pointing at it (runs then skip the
    temporary server each ``newsflow run`` process would otherwise start)."""
    from flows.temporary_api import api_answers, free_port, stop_process

    port = free_port()
    log = open(cwd / "prefect-server.log", "w")  # closed below
    proc = subprocess.Popen(
        [str(Path(sys.executable).with_name("prefect")), "server", "start", "--host", "127.0.0.1",
         "--port", str(port)],
        env=env, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}/api"
    try:
        deadline = time.monotonic() + timeout
        while not api_answers(url):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"prefect server did not start; see {cwd / 'prefect-server.log'}")
            time.sleep(0.5)
        yield {**env, "PREFECT_API_URL": url}
    finally:
        stop_process(proc, timeout=30)
        log.close()


# ----------------------------------------------------------- contenders


JIEBA_CODE = """
import json, pathlib, sys, time
t0 = time.perf_counter()
import jieba
jieba.setLogLevel(60)
jieba.initialize()
t1 = time.perf_counter()
texts = [p.read_bytes().decode("utf-8") for p in sorted(pathlib.Path(sys.argv[1]).rglob("*.txt"))]
t2 = time.perf_counter()
tokens = sum(len(jieba.lcut(t)) for t in texts)
t3 = time.perf_counter()
print(json.dumps({"init": t1 - t0, "read": t2 - t1, "lcut": t3 - t2, "tokens": tokens}))
"""


def bare_jieba(root: Path, *, env: dict[str, str], cwd: Path) -> RunResult:
    """``jieba.lcut`` over every ``.txt`` under ``root`` in a fresh process (default
    tokenizer, HMM on: what ``jieba.lcut(text)`` does). ``extra`` holds the parts."""
    result, out = python_measured(JIEBA_CODE, str(root), env=env, cwd=cwd)
    result.extra = json.loads(out.strip().splitlines()[-1])
    result.flow_seconds = result.extra["lcut"]  # the work itself, without start-up
    return result


def newsflow_contender(corpus: Path, db: Path, *, env: dict[str, str], cwd: Path,
                       extra: Sequence[str] = ()) -> Callable[[], RunResult]:
    """A contender: ``newsflow run CORPUS`` into a fresh warehouse ``db``."""
    def run() -> RunResult:
        fresh_db(db)
        try:
            return newsflow_run([corpus], db, env=env, cwd=cwd, extra=extra)
        finally:
            fresh_db(db)
    return run


# ------------------------------------------------------------- the measurer


def _measure_main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--measure", required=True)
    ap.add_argument("--code")
    ns, rest = ap.parse_known_args(argv)
    if rest and rest[0] == "--":
        rest = rest[1:]
    code = 0
    try:
        if ns.code is not None:
            sys.argv = ["-c", *rest]
            exec(compile(ns.code, "<bench>", "exec"), {"__name__": "__main__"})
        else:
            # the repository comes from PYTHONPATH (bench_env), so a scratch copy can be measured
            from flows.cli import main

            code = main(rest)
    finally:
        self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        Path(ns.measure).write_text(json.dumps({"rss_mb": self_kb / 1024, "child_rss_mb": child_kb / 1024}))
    return code


if __name__ == "__main__":
    raise SystemExit(_measure_main(sys.argv[1:]))
