"""(b) ``newsflow run --workers 1`` against ``--workers 2`` on the same corpus.

    python bench/bench_workers.py [--articles 150] [--runs 3] [--quick] [--json FILE]

Corpus: the first ``--articles`` THUCNews articles, one per file (``bench/_common.py``).
Each run builds a fresh warehouse in a fresh process; the two contenders alternate.
Speed-up = median time with 1 worker / median time with 2 (goal ≥ 1.8x on 2 cores),
for the whole process and for the flow's own time (flow start → published).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common as c


def main(argv: list[str] | None = None) -> int:
    ap = c.base_parser(__doc__, runs=3)
    ap.add_argument("--articles", type=int, default=150, help="THUCNews articles (files) in the corpus")
    ap.add_argument("--batch-mb", type=float, default=None,
                    help="passed to newsflow run (default: the CLI's own default)")
    args = ap.parse_args(argv)
    c.corpus_or_skip()
    if args.quick:
        args.articles, args.runs = min(args.articles, 60), min(args.runs, 2)
    work = c.scratch(args.keep)
    corpus = c.write_corpus(work / "corpus", c.thucnews(args.articles))
    env = c.bench_env()
    extra = ["--batch-mb", str(args.batch_mb)] if args.batch_mb else []
    print(f"corpus: {corpus.files} files, {corpus.mb:.2f} MB; {args.runs} interleaved runs; {c.machine()}")
    c.prefect_warmup(env, work)

    res = c.interleave({
        f"workers {n}": c.newsflow_contender(corpus.root, work / f"w{n}.duckdb", env=env, cwd=work,
                                             extra=[*extra, "--workers", str(n)])
        for n in (1, 2)
    }, args.runs)

    one, two = res["workers 1"], res["workers 2"]
    wall = c.med(r.seconds for r in one) / c.med(r.seconds for r in two)
    flow = c.med(r.flow_seconds for r in one) / c.med(r.flow_seconds for r in two)
    rows = [[name, c.spread(r.seconds for r in rs), c.spread(r.flow_seconds for r in rs),
             f"{corpus.mb / c.med(r.flow_seconds for r in rs):.3f}",
             c.spread((r.child_rss_mb for r in rs), "{:.0f}")]
            for name, rs in res.items()]
    rows.append(["speed-up 1 → 2", f"{wall:.2f}x", f"{flow:.2f}x", "", ""])
    c.print_table(f"(b) 1 vs 2 workers — {corpus.files} files, {corpus.mb:.2f} MB, medians of {args.runs}",
                  ["contender", "process s", "flow s", "MB/s (flow)", "largest child RSS MB"], rows)
    print(f"\nspeed-up with 2 workers: {flow:.2f}x flow, {wall:.2f}x process (goal ≥ 1.8x): "
          f"{'met' if flow >= 1.8 else 'NOT met'}")
    c.write_json(args.json, "workers", res, corpus=corpus, speedup_process=wall, speedup_flow=flow)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
