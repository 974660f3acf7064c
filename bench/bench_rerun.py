"""(c) An unchanged rerun against the full run that built the warehouse.

    python bench/bench_rerun.py [--articles 100] [--runs 3] [--quick] [--json FILE]

Each round: a fresh warehouse, ``newsflow run CORPUS`` (full: every file new), then the
very same command again (unchanged: every file already loaded, same sha256, so it is
hashed and skipped). Both are fresh processes. Ratio = unchanged / full, as medians of
the rounds (goal ≤ 5 %), for the process wall clock and for the run's own time.
A process has a fixed cost (interpreter, imports, Prefect's temporary API) that the
ratio can never go below; it is printed too, as the run on an empty folder. ``--server``
runs everything against a running ``prefect server start`` instead (no temporary API).
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common as c


def main(argv: list[str] | None = None) -> int:
    ap = c.base_parser(__doc__, runs=3)
    ap.add_argument("--articles", type=int, default=100, help="THUCNews articles (files) in the corpus")
    ap.add_argument("--server", action="store_true",
                    help="run against a running `prefect server start` (PREFECT_API_URL) instead of "
                         "letting every process start Prefect's temporary API")
    args = ap.parse_args(argv)
    c.corpus_or_skip()
    if args.quick:
        args.articles, args.runs = min(args.articles, 60), min(args.runs, 2)
    work = c.scratch(args.keep)
    corpus = c.write_corpus(work / "corpus", c.thucnews(args.articles))
    empty = work / "empty"
    empty.mkdir()
    env = c.bench_env()
    print(f"corpus: {corpus.files} files, {corpus.mb:.2f} MB; {args.runs} rounds; {c.machine()}")
    stack = contextlib.ExitStack()
    if args.server:
        env = stack.enter_context(c.prefect_server(env, work))
    c.prefect_warmup(env, work)

    db = work / "rerun.duckdb"
    res: dict[str, list[c.RunResult]] = {"full": [], "unchanged": [], "empty folder": []}
    for r in range(args.runs):
        c.fresh_db(db)
        full = c.newsflow_run([corpus.root], db, env=env, cwd=work)
        again = c.newsflow_run([corpus.root], db, env=env, cwd=work)
        assert again.files_new == 0 and again.files_unchanged == corpus.files, again
        nothing = c.newsflow_run([empty], work / "empty.duckdb", env=env, cwd=work)
        c.fresh_db(work / "empty.duckdb")
        for name, res_ in (("full", full), ("unchanged", again), ("empty folder", nothing)):
            res[name].append(res_)
            print(f"  round {r + 1}/{args.runs} {name:<13} {res_.seconds:7.2f} s (flow {res_.flow_seconds} s)")
    c.fresh_db(db)
    stack.close()

    full_wall, full_flow = c.med(x.seconds for x in res["full"]), c.med(x.flow_seconds for x in res["full"])
    rows = []
    for name, rs in res.items():
        wall, flow = c.med(x.seconds for x in rs), c.med(x.flow_seconds for x in rs)
        rows.append([name, c.spread(x.seconds for x in rs), c.spread(x.flow_seconds for x in rs),
                     f"{wall / full_wall:.1%}", f"{flow / full_flow:.1%}"])
    c.print_table(f"(c) unchanged rerun vs full run{' (running server)' if args.server else ''} — {corpus.files} files, {corpus.mb:.2f} MB, "
                  f"medians of {args.runs}",
                  ["run", "process s", "flow s", "process / full", "flow / full"], rows)
    ratio_wall = c.med(x.seconds for x in res["unchanged"]) / full_wall
    ratio_flow = c.med(x.flow_seconds for x in res["unchanged"]) / full_flow
    print(f"\nunchanged rerun: {ratio_flow:.1%} of the full run's flow time, {ratio_wall:.1%} of its "
          f"process time (goal ≤ 5 %): {'met' if ratio_flow <= 0.05 else 'NOT met'}")
    c.write_json(args.json, "rerun", res, corpus=corpus, ratio_process=ratio_wall, ratio_flow=ratio_flow)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
