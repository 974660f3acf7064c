"""Where a ``--workers N`` run spends its time: every process sampled by py-spy.

    python bench/profile_workers.py [--articles 1000] [--workers 2] [--rate 100] [--json FILE]

Needs py-spy (``pip install -e '.[bench]'``) and the right to trace child processes
(root, or ``kernel.yama.ptrace_scope=0``). Runs ``newsflow run --workers N`` once, on the
first ``--articles`` THUCNews articles (one batch at the default ``--batch-mb``), under
``py-spy record --subprocesses``, and prints for each step of the flow:

- its wall time, from the flow's own log (each task run's end minus the previous event);
- the CPU seconds py-spy saw in the flow's process (the single writer) and in the worker
  processes, attributed by the step function on the stack.

This is the profiler evidence behind goal (b): the workers are busy only while the batch
is extracted; the other steps are one core's work while they wait. The profiler slows
Python down, so read the shares, not the absolute seconds.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections import defaultdict
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
    "_file_tables": "extract",
    "_finish_batch": "load",
    "validate_frames": "validate",
    "staged_frames": "validate",
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


def main(argv: list[str] | None = None) -> int:
    ap = c.base_parser(__doc__, runs=1)
    ap.add_argument("--articles", type=int, default=1000, help="THUCNews articles (files) in the corpus")
    ap.add_argument("--workers", type=int, default=2, help="newsflow run --workers (default 2)")
    ap.add_argument("--rate", type=int, default=100, help="py-spy samples per second (default 100)")
    args = ap.parse_args(argv)
    c.corpus_or_skip()
    if not shutil.which("py-spy"):
        print("py-spy is not installed: pip install -e '.[bench]'", file=sys.stderr)
        return 2
    if args.quick:
        args.articles = min(args.articles, 100)
    work = c.scratch(args.keep)
    corpus = c.write_corpus(work / "corpus", c.thucnews(args.articles))
    env = c.bench_env()
    c.prefect_warmup(env, work)
    env["PREFECT_LOGGING_LEVEL"] = "INFO"  # the task runs' end times give each step's wall time
    speedscope, db = work / "profile.speedscope.json", work / "profiled.duckdb"
    cmd = ["py-spy", "record", "--subprocesses", "-r", str(args.rate), "-f", "speedscope",
           "-o", str(speedscope), "--", sys.executable, "-m", "flows", "run", str(corpus.root),
           "--db", str(db), "--workers", str(args.workers)]
    proc = subprocess.run(cmd, env=env, cwd=work, capture_output=True, text=True)
    if proc.returncode != 0 or not speedscope.exists():
        print(f"py-spy run failed ({proc.returncode}); it needs the right to trace processes:\n"
              f"{proc.stderr[-2000:]}", file=sys.stderr)
        return 1
    walls = step_walls(proc.stdout + proc.stderr)
    cpu = cpu_by_process(json.loads(speedscope.read_text()))
    flow_cpu, worker_cpu = cpu["flow"], cpu["workers"]
    m = re.search(r"\(([\d.]+) s\)", proc.stdout)
    flow_seconds = float(m[1]) if m else sum(walls.values())

    rows = [[step, f"{walls.get(step, 0):.2f}", f"{flow_cpu.get(step, 0):.2f}",
             f"{worker_cpu.get(step, 0):.2f}"] for step in STEPS]
    rows.append(["(pickling between processes)", "", f"{flow_cpu.get('pickling', 0):.2f}",
                 f"{worker_cpu.get('pickling', 0):.2f}"])
    rows.append(["warm-up (before the flow)", "", f"{flow_cpu.get('warm-up', 0):.2f}",
                 f"{worker_cpu.get('warm-up', 0):.2f}"])
    rows.append(["Prefect, imports, the rest", "", f"{flow_cpu.get('other', 0):.2f}",
                 f"{worker_cpu.get('other', 0):.2f}"])
    rows.append(["flow", f"{flow_seconds:.2f}", "", ""])
    c.print_table(f"--workers {args.workers} under py-spy: {corpus.files} files, {corpus.mb:.2f} MB",
                  ["step", "wall s", "flow process CPU s", "worker processes CPU s"], rows)
    extract = walls.get("extract", 0.0)
    who = "the workers are" if args.workers > 1 else "this process is"
    print(f"\n{who} extracting for {extract:.1f} s of a {flow_seconds:.1f} s flow; the other "
          f"{flow_seconds - extract:.1f} s ({1 - extract / flow_seconds:.0%}) is the flow process's "
          f"work alone. Other processes (Prefect's API server): "
          f"{sum(cpu['other'].values()):.1f} CPU s")
    c.write_json(args.json, "profile_workers", {"walls": walls, "cpu": cpu},
                 corpus=corpus, flow_seconds=flow_seconds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
