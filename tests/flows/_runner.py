"""Run ``newsflow`` as a user does: a real process, a real DuckDB file, a real Prefect API.

Shared by the end-to-end tests of issue 5 ("nothing lost, nothing blocked").
Each child is ``python -m flows run …`` with its own temporary ``PREFECT_HOME``
and analytics off. Starting a temporary Prefect server costs 10-30 s on a
loaded 2-core machine, so by default the children talk to the one temporary
API of the test session (``prefect_harness``) through ``PREFECT_API_URL``;
set ``NEWSFLOW_TEST_EPHEMERAL=1`` to let every child start its own server,
exactly as a bare ``newsflow run`` does (slow, but the literal user path).

Children run in their own session (process group), so a test can SIGKILL the
whole run — the flow process and any worker it started — and always does so
on the way out.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from tasks.db import CONTRACT_TABLES

REPO = Path(__file__).resolve().parents[2]
SEEDS = sorted((REPO / "data" / "samples").glob("*.txt"))
TRADITIONAL_SEEDS = ("000", "001")  # 002/004 Simplified, 003 mixed (see DESIGN.md)

# Contract tables as the warehouse has them (runs is compared separately).
TABLES: tuple[str, ...] = CONTRACT_TABLES
# Columns that differ between two runs over the same input by design.
VOLATILE_COLUMNS = frozenset({"run_id", "ingested_at", "rejected_at", "started_at", "finished_at", "flow_run_id"})

PRODUCT_DIRS = ("flows", "tasks", "sql", "expectations", "data")
RUN_TIMEOUT = 300.0  # seconds; one run of the largest input here takes well under a minute


# ---------------------------------------------------------------- environment


@pytest.fixture(scope="session")
def prefect_api(prefect_harness: None) -> str | None:
    """URL of the session's temporary Prefect API for the children (None: each starts its own)."""
    if os.environ.get("NEWSFLOW_TEST_EPHEMERAL") == "1":
        return None
    from prefect.settings import PREFECT_API_URL

    url = PREFECT_API_URL.value()
    assert url, "prefect_harness did not set PREFECT_API_URL"
    return str(url)


_PRODUCT: list[Path] = []


@pytest.fixture(scope="session")
def product(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The code under test, copied once per session: every child runs this copy.

    Runs that a test compares (a clean run and a rerun after a kill) must run the
    same code; a working tree edited while the session runs would make them
    differ for reasons that have nothing to do with the test.
    ``NEWSFLOW_TEST_PRODUCT=DIR`` runs the children from another checkout instead.
    """
    # A module-level cache: the fixture is imported into several test modules, and
    # pytest would otherwise run it once per module.
    if not _PRODUCT:
        override = os.environ.get("NEWSFLOW_TEST_PRODUCT")
        _PRODUCT.append(Path(override) if override else snapshot_product(tmp_path_factory.mktemp("product")))
    return _PRODUCT[0]


def snapshot_product(target: Path) -> Path:
    for name in PRODUCT_DIRS:
        shutil.copytree(REPO / name, target / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return target


def child_env(home: Path, api_url: str | None, root: Path = REPO) -> dict[str, str]:
    """Environment of a ``newsflow`` child: own PREFECT_HOME, analytics off, UTF-8.

    ``root`` holds the code to run (``flows``, ``tasks``, ``sql`` …): the child
    starts there and imports from there.
    """
    home.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(
        PYTHONPATH=str(root),
        PREFECT_LOGGING_LEVEL="INFO",
        PREFECT_HOME=str(home),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        GX_ANALYTICS_ENABLED="false",
        PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="180",
        PYTHONIOENCODING="utf-8",
        PYTHONUNBUFFERED="1",
    )
    if api_url:
        env["PREFECT_API_URL"] = api_url
    return env


def newsflow_cmd(*args: str | os.PathLike[str]) -> list[str]:
    return [sys.executable, "-m", "flows", *map(os.fspath, args)]


# ----------------------------------------------------------------- processes


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str
    seconds: float

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def describe(self) -> str:
        return f"exit {self.code} after {self.seconds:.1f} s\n--- stdout\n{self.stdout}\n--- stderr\n{self.stderr[-6000:]}"


def run_newsflow(
    args: Sequence[str | os.PathLike[str]], *, env: dict[str, str], timeout: float = RUN_TIMEOUT,
    cwd: Path | None = None,
) -> Result:
    """Run ``newsflow ARGS`` to the end (killing its process group on timeout)."""
    proc = start_newsflow(args, env=env, cwd=cwd, capture=True)
    t0 = time.monotonic()
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        kill_group(proc)
        out, err = proc.communicate()
        pytest.fail(f"newsflow {' '.join(map(str, args))} did not finish in {timeout} s\n{err[-4000:]}")
    return Result(proc.returncode, out, err, time.monotonic() - t0)


def start_newsflow(
    args: Sequence[str | os.PathLike[str]], *, env: dict[str, str], cwd: Path | None = None,
    capture: bool = False, log: Path | None = None,
) -> subprocess.Popen[str]:
    """Start ``newsflow ARGS`` in its own process group.

    Output goes to pipes (``capture``), or both streams to ``log`` (a file the
    test can poll for progress while the run goes on), or is discarded.
    """
    if capture:
        out: int | object = subprocess.PIPE
        err: int | object = subprocess.PIPE
    elif log is not None:
        out = open(log, "w", encoding="utf-8")  # closed below; the child keeps its copy
        err = subprocess.STDOUT
    else:
        out = err = subprocess.DEVNULL
    try:
        return subprocess.Popen(
            newsflow_cmd(*args), env=env, cwd=cwd or env.get("PYTHONPATH") or REPO, stdout=out, stderr=err,  # type: ignore[arg-type]
            text=True, encoding="utf-8", errors="replace", start_new_session=True,
        )
    finally:
        if log is not None and not capture:
            out.close()  # type: ignore[union-attr]


def kill_group(proc: subprocess.Popen[str], sig: int = signal.SIGKILL) -> None:
    """Send ``sig`` to the child's whole process group (it leads its own session)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, sig)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=30)


@contextlib.contextmanager
def reaped(*procs: subprocess.Popen[str]) -> Iterator[None]:
    """Kill any child still running when the block ends (test failure included)."""
    try:
        yield
    finally:
        for proc in procs:
            if proc.poll() is None:
                kill_group(proc)
            else:
                # the group may outlive its leader (a worker): clean that up too
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(proc.pid, signal.SIGKILL)


def wait_for(predicate: Callable[[], object], timeout: float, interval: float = 0.02) -> bool:
    """Poll ``predicate`` until it is true or ``timeout`` seconds passed."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return bool(predicate())


def file_has(path: Path, text: str) -> Callable[[], bool]:
    def check() -> bool:
        try:
            return text in path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return False

    return check


# ------------------------------------------------------------------ warehouse


def work_file(db: Path) -> Path:
    return db.with_name(db.name + ".work")


def docs_dir(db: Path) -> Path:
    return db.with_name(db.stem + "_gx")


def _normal(value: object) -> object:
    if isinstance(value, list):
        return tuple(_normal(v) for v in value)
    if isinstance(value, float):
        return round(value, 9)
    return value


def snapshot(db: Path, ignore: Sequence[str] = ()) -> dict[str, list[tuple[object, ...]]]:
    """Every contract table's rows (volatile columns and ``ignore`` dropped), sorted: equal
    iff same content."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {}
        for table in TABLES:
            cols = [
                r[0]
                for r in con.execute(
                    "select column_name from duckdb_columns() where table_name = ? and schema_name = 'main' "
                    "order by column_index",
                    [table],
                ).fetchall()
                if r[0] not in VOLATILE_COLUMNS and r[0] not in ignore
            ]
            rows = con.execute(f"select {', '.join(chr(34) + c + chr(34) for c in cols)} from {table}").fetchall()
            out[table] = sorted((tuple(_normal(v) for v in row) for row in rows), key=repr)
        return out
    finally:
        con.close()


def counts(db: Path, tables: Sequence[str] = (*TABLES, "runs")) -> dict[str, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: con.execute(f"select count(*) from {t}").fetchall()[0][0] for t in tables}
    finally:
        con.close()


def query(db: Path, sql: str, params: list[object] | None = None) -> list[tuple[object, ...]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def diff_snapshots(a: dict[str, list[tuple[object, ...]]], b: dict[str, list[tuple[object, ...]]]) -> str:
    """A short, readable account of how two snapshots differ ('' when equal)."""
    lines = []
    for table in TABLES:
        ra, rb = a.get(table, []), b.get(table, [])
        if ra == rb:
            continue
        sa, sb = set(map(repr, ra)), set(map(repr, rb))
        only_a, only_b = sorted(sa - sb), sorted(sb - sa)
        lines.append(f"{table}: {len(ra)} vs {len(rb)} rows; {len(only_a)} only left, {len(only_b)} only right")
        lines += [f"   < {r[:300]}" for r in only_a[:3]] + [f"   > {r[:300]}" for r in only_b[:3]]
    return "\n".join(lines)


def copy_warehouse(src: Path, dst: Path) -> Path:
    """Copy a published warehouse file (the state a later run starts from)."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dst)
    return dst


# -------------------------------------------------------------------- inputs


def seed_texts() -> dict[str, str]:
    """The five seeds as text, keyed by their number (000 … 004)."""
    return {p.name[:3]: p.read_text(encoding="utf-8") for p in SEEDS}


def _sentences(numbers: Sequence[str]) -> list[str]:
    texts = seed_texts()
    pool = []
    for number in numbers:
        for line in texts[number].split("\n"):
            line = line.strip()
            if len(line) < 30:  # headlines, chrome, captions: not body text
                continue
            pool += [s.strip() for s in line.split("。") if len(s.strip()) >= 8]
    return pool


def fresh_article(n: int, *, traditional: bool = False) -> str:
    """A new article made of real seed sentences in an order no other call repeats.

    Lines are unique to the article, so nothing in it looks like site furniture
    repeated across files; ``traditional`` draws only from the Traditional seeds
    (so the text encodes in Big5).
    """
    rng = random.Random(n * 7919 + traditional)
    pool = _sentences(TRADITIONAL_SEEDS if traditional else ("002", "003", "004"))
    title = rng.choice(pool)[:18]
    paragraphs = ["。".join(rng.sample(pool, rng.randint(2, 4))) + "。" for _ in range(rng.randint(5, 9))]
    stamp = f"（稿件{'編號' if traditional else '编号'}{n:05d}，{dt.date(2019, 1, 1) + dt.timedelta(days=n % 700)}）"
    return "\n\n".join([title, *paragraphs, stamp]) + "\n"


def make_corpus(folder: Path, n_files: int, *, start: int = 0) -> list[Path]:
    """``n_files`` valid, distinct inputs (``fresh_article``) in rotating encodings.

    UTF-8, GB18030 and (Traditional text) Big5 in turn, so the run has real
    decoding, normalizing and extracting to do for every file.
    """
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(start, start + n_files):
        kind = i % 3
        text = fresh_article(i, traditional=kind == 2)
        data = text.encode(("utf-8", "gb18030", "big5")[kind])
        path = folder / f"doc{i:05d}.txt"
        path.write_bytes(data)
        paths.append(path)
    return paths
