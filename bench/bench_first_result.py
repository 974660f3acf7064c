"""(e) Time to first result: ``newsflow run`` on the five bundled samples, start to finish.

    python bench/bench_first_result.py [--runs 3] [--quick] [--json FILE]

A warm install: ``PREFECT_HOME`` already holds its database and jieba its cache (one
untimed run first). Each timed run is a fresh process building a fresh warehouse from
``data/samples``, so Prefect's start (import, temporary API server) is included — the
goal is < 20 s. Interleaved with two reference processes that show where the time goes:
``import`` (python, ``import flows.pipeline``: prefect, duckdb, pandas, pyarrow) and
``import + GX`` (also ``import great_expectations``, which validation needs). The run's
own reported time (flow start → published) is shown beside the process time. With
``--server``, runs against a running ``prefect server start`` (``PREFECT_API_URL``, as a
scheduled deployment has) are interleaved too: no temporary API to start per process.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common as c

IMPORT_CODE = "import flows.pipeline"
IMPORT_GX_CODE = "import flows.pipeline, great_expectations"


def main(argv: list[str] | None = None) -> int:
    ap = c.base_parser(__doc__, runs=3)
    ap.add_argument("--server", action="store_true",
                    help="also time runs against a running `prefect server start` (PREFECT_API_URL)")
    args = ap.parse_args(argv)
    c.corpus_or_skip()  # not needed for the samples, but the benchmarks run together
    if args.quick:
        args.runs = min(args.runs, 2)
    work = c.scratch(args.keep)
    env = c.bench_env()
    print(f"samples: {len(list(c.SAMPLES.glob('*.txt')))} files; {args.runs} interleaved runs; {c.machine()}")
    c.prefect_warmup(env, work)

    contenders = {
        "newsflow run (samples)": c.newsflow_contender(c.SAMPLES, work / "first.duckdb", env=env, cwd=work),
        "import": lambda: c.python_measured(IMPORT_CODE, env=env, cwd=work)[0],
        "import + GX": lambda: c.python_measured(IMPORT_GX_CODE, env=env, cwd=work)[0],
    }
    with contextlib.ExitStack() as stack:
        if args.server:
            server_env = stack.enter_context(c.prefect_server(env, work))
            contenders["newsflow run, running server"] = c.newsflow_contender(
                c.SAMPLES, work / "served.duckdb", env=server_env, cwd=work)
        res = c.interleave(contenders, args.runs)

    run = res["newsflow run (samples)"]
    total = c.med(r.seconds for r in run)
    rows = [[name, c.spread(r.seconds for r in rs), c.spread(r.flow_seconds for r in rs),
             f"{c.med(r.seconds for r in rs) / total:.0%}"] for name, rs in res.items()]
    c.print_table(f"(e) time to first result on the samples, warm install, medians of {args.runs}",
                  ["process", "seconds", "flow s", "share of the run"], rows)
    print(f"\nsamples end to end: {total:.1f} s (goal < 20 s): {'met' if total < 20 else 'NOT met'}")
    c.write_json(args.json, "first_result", res, seconds=total)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
