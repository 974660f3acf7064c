"""Where a ``--workers N`` run spends its time: every process sampled by py-spy.

    python bench/profile_workers.py [--articles 1000] [--workers 2] [--runs 1] [--rate 100] [--json FILE]
    python bench/profile_workers.py --xwlb [2013,2019] [--top 25]   # the broadcast corpus, judged command

Needs py-spy (``pip install -e '.[bench]'``) and the right to trace child processes
(root, or ``kernel.yama.ptrace_scope=0``). Runs ``newsflow run --workers N`` ``--runs``
times, on the first ``--articles`` THUCNews articles (one batch at the default
``--batch-mb``), under ``py-spy record --subprocesses``, and prints for each step of the
flow (medians over the runs):

- its wall time, from the flow's own log (each task run's end minus the previous event);
- the CPU seconds py-spy saw in the flow's process (the single writer) and in the worker
  processes, attributed by the step function on the stack.

With ``--xwlb`` the run is issue #20's judged command over the broadcast corpus
(``../shared/corpora/xwlb-2012-2019``, every year file or the years given, with the field
maps of ``bench/bench_corpus.py``), and ``--top N`` also prints each process role's N
functions with the most samples of their own (self time), the list to read for what to
speed up next. The profiler slows Python down, so read the shares, not the absolute seconds.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common as c

# Step functions, looked for from the innermost frame outwards; the first found names the sample.
STEP_OF_FUNCTION = {
    "_warm_pool_worker": "warm-up",
    "warm_up_in_background.<locals>.work": "warm-up",
    "ingest_files": "ingest",
    "find_common_lines": "normalize",
    "normalize_file": "normalize",
    "_normalize_one": "normalize",
    "_file_tables": "extract",
    "_finish_batch": "load",
    "ChunkedValidation.add": "validate",
    "ChunkedValidation.finish": "validate",
    "validate_frames": "validate",
    "write_data_docs": "publish",
    "publish_staging": "publish",
    "drop_staging": "publish",
    "record_run": "publish",
    "publish_work_copy": "publish",
    "ForkingPickler.dumps": "pickling",
}
STEPS = ["ingest", "normalize", "extract", "load", "validate", "publish"]
_EVENT = re.compile(r"^(\d\d:\d\d:\d\d\.\d+) \| INFO\s+\| (?:Task run '(?P<task>\w+)-\w+' - Finished"
                    r"|Flow run '[^']+' - (?P<flow>Beginning|Finished))")


def step_walls(log: str) -> dict[str, float]:
    """Seconds from the previous event to each task run's end, summed per task name."""
    walls: dict[str, float] = defaultdict(float)
    previous = None
    for line in log.splitlines():
        m = _EVENT.match(line)
        if not m:
            continue
        t = datetime.strptime(m[1], "%H:%M:%S.%f")
        if previous is not None:
            walls[m["task"] or "end of flow"] += (t - previous).total_seconds()
        previous = t
    return dict(walls)


def top_functions(profile: dict, top: int) -> dict[str, list[tuple[str, float]]]:
    """Per process role, the ``top`` functions with the most samples of their own."""
    frames = profile["shared"]["frames"]
    threads: dict[int, list[dict]] = defaultdict(list)
    for p in profile["profiles"]:
        threads[int(re.match(r"Process (\d+)", p["name"])[1])].append(p)
    flow_pid = min(threads)
    out: dict[str, dict[str, float]] = {role: defaultdict(float) for role in ("flow", "workers", "other")}
    for pid, profiles in threads.items():
        samples = [(s, w) for p in profiles for s, w in zip(p["samples"], p["weights"], strict=True) if s]
        names = {frames[i]["name"] for s, _ in samples for i in s}
        role = "flow" if pid == flow_pid else "workers" if "_process_worker" in names else "other"
        for stack, weight in samples:
            f = frames[stack[-1]]
            out[role][f"{f['name']} ({Path(f.get('file') or '?').name}:{f.get('line', '')})"] += weight
    return {role: sorted(fns.items(), key=lambda kv: -kv[1])[:top] for role, fns in out.items()}


def cpu_by_process(profile: dict) -> dict[str, dict[str, float]]:
    """CPU seconds per step, for the flow's process, the worker processes and the rest
    (Prefect's temporary API server, multiprocessing's resource tracker)."""
    frames = [f["name"] for f in profile["shared"]["frames"]]
    threads: dict[int, list[dict]] = defaultdict(list)
    for p in profile["profiles"]:
        threads[int(re.match(r"Process (\d+)", p["name"])[1])].append(p)
    flow_pid = min(threads)  # the process py-spy started: newsflow itself
    cpu: dict[str, dict[str, float]] = {role: defaultdict(float) for role in ("flow", "workers", "other")}
    for pid, profiles in threads.items():
        samples = [(s, w) for p in profiles for s, w in zip(p["samples"], p["weights"], strict=True)]
        names = {frames[i] for s, _ in samples for i in s}
        role = "flow" if pid == flow_pid else "workers" if "_process_worker" in names else "other"
        for stack, weight in samples:
            step = next((STEP_OF_FUNCTION[frames[i]] for i in reversed(stack)
                         if frames[i] in STEP_OF_FUNCTION), "other")
            cpu[role][step] += weight
    return {role: dict(steps) for role, steps in cpu.items()}


def profile_once(corpus: Sequence[Path], work: Path, env: dict[str, str], workers: int, rate: int,
                 extra: Sequence[str] = (), top: int = 0) -> dict:
    """One profiled ``newsflow run``: its step walls, CPU by process and step, flow seconds."""
    speedscope, db = work / "profile.speedscope.json", work / "profiled.duckdb"
    c.fresh_db(db)
    cmd = ["py-spy", "record", "--subprocesses", "-r", str(rate), "-f", "speedscope",
           "-o", str(speedscope), "--", sys.executable, "-m", "flows", "run", *map(str, corpus),
           "--db", str(db), "--workers", str(workers), *extra]
    proc = subprocess.run(cmd, env=env, cwd=work, capture_output=True, text=True)
    if proc.returncode != 0 or not speedscope.exists():
        raise RuntimeError(f"py-spy run failed ({proc.returncode}); it needs the right to trace "
                           f"processes:\n{proc.stderr[-2000:]}")
    walls = step_walls(proc.stdout + proc.stderr)
    m = re.search(r"\(([\d.]+) s\)", proc.stdout)
    profile = json.loads(speedscope.read_text())
    return {"walls": walls, "cpu": cpu_by_process(profile), "top": top_functions(profile, top) if top else {},
            "flow_seconds": float(m[1]) if m else sum(walls.values())}


def main(argv: list[str] | None = None) -> int:
    ap = c.base_parser(__doc__, runs=1)
    ap.add_argument("--articles", type=int, default=1000, help="THUCNews articles (files) in the corpus")
    ap.add_argument("--workers", type=int, default=2, help="newsflow run --workers (default 2)")
    ap.add_argument("--rate", type=int, default=100, help="py-spy samples per second (default 100)")
    ap.add_argument("--xwlb", nargs="?", const="", metavar="YEARS",
                    help="profile the judged command over the broadcast corpus (all years, or e.g. 2013,2019)")
    ap.add_argument("--top", type=int, default=0, help="also list each process role's N heaviest functions (self time)")
    args = ap.parse_args(argv)
    if not shutil.which("py-spy"):
        print("py-spy is not installed: pip install -e '.[bench]'", file=sys.stderr)
        return 2
    if args.quick:
        args.articles, args.runs = min(args.articles, 100), 1
    extra: list[str] = []
    if args.xwlb is not None:
        from bench_corpus import FIELD_MAPS, XWLB, year_files

        if not XWLB.is_dir():
            print(f"skipped: {XWLB} not found")
            return 0
        years = [int(y) for y in args.xwlb.split(",")] if args.xwlb else None
        paths = list(year_files(XWLB, years).values())
        corpus = c.Corpus(XWLB, len(paths), sum(p.stat().st_size for p in paths))
        extra = FIELD_MAPS
        work = c.scratch(args.keep)
    else:
        c.corpus_or_skip()
        work = c.scratch(args.keep)
        corpus = c.write_corpus(work / "corpus", c.thucnews(args.articles))
        paths = [corpus.root]
    env = c.bench_env()
    c.prefect_warmup(env, work)
    env["PREFECT_LOGGING_LEVEL"] = "INFO"  # the task runs' end times give each step's wall time
    try:
        runs = [profile_once(paths, work, env, args.workers, args.rate, extra, args.top) for _ in range(args.runs)]
    except RuntimeError as exc:
        print(exc, file=sys.stderr)
        return 1

    def med(part: str, key: str, role: str | None = None) -> float:
        return c.med((r[part][role] if role else r[part]).get(key, 0.0) for r in runs)

    labels = [(step, step) for step in STEPS] + [
        ("pickling", "(pickling between processes)"), ("warm-up", "warm-up (before the flow)"),
        ("other", "Prefect, imports, the rest")]
    rows = [[label, f"{med('walls', key):.2f}" if key in STEPS else "",
             f"{med('cpu', key, 'flow'):.2f}", f"{med('cpu', key, 'workers'):.2f}"] for key, label in labels]
    flow_seconds = c.med(r["flow_seconds"] for r in runs)
    rows.append(["flow", f"{flow_seconds:.2f}", "", ""])
    c.print_table(f"--workers {args.workers} under py-spy: {corpus.files} files, {corpus.mb:.2f} MB, "
                  f"medians of {args.runs}",
                  ["step", "wall s", "flow process CPU s", "worker processes CPU s"], rows)
    extract = med("walls", "extract")
    other = c.med(sum(r["cpu"]["other"].values()) for r in runs)
    who = "the workers are" if args.workers > 1 else "this process is"
    print(f"\n{who} extracting for {extract:.1f} s of a {flow_seconds:.1f} s flow; the other "
          f"{flow_seconds - extract:.1f} s ({1 - extract / flow_seconds:.0%}) is the flow process's "
          f"work alone. Other processes (Prefect's API server): {other:.1f} CPU s")
    for role, fns in (runs[-1]["top"] or {}).items():
        c.print_table(f"{role}: the {args.top} heaviest functions (self samples, s; last run)",
                      ["function", "s"], [[name, f"{s:.2f}"] for name, s in fns])
    c.write_json(args.json, "profile_workers", runs, corpus=corpus, flow_seconds=flow_seconds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
