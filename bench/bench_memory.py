"""(d) Peak memory of ``newsflow run`` at 1x and 10x the corpus, same batch size.

    python bench/bench_memory.py [--articles 40] [--batch-mb 0.05] [--runs 3] [--quick] [--json FILE]

Corpus 1x: ``--articles`` THUCNews articles, one per file; 10x: ten copies of it, each
copy different in bytes (``bench/_common.py``), so 10x the files are read, normalized,
extracted and loaded (the copies' articles end up marked ``duplicate_of`` the first).
``--batch-mb`` is small, so both sizes run many batches and the peak is the steady
state, not one batch holding the whole corpus. Peak RSS is the kernel's high-water mark
(``ru_maxrss``) of the flow process (workers 1: every step runs in it), read when it
exits; the Prefect server child is shown apart. Ratio = median 10x / median 1x (goal ≤ 1.3).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common as c


def main(argv: list[str] | None = None) -> int:
    ap = c.base_parser(__doc__, runs=3)
    ap.add_argument("--articles", type=int, default=40, help="THUCNews articles (files) at 1x")
    ap.add_argument("--batch-mb", type=float, default=0.05, help="passed to newsflow run")
    ap.add_argument("--scale", type=int, default=10, help="the large corpus is this many copies")
    args = ap.parse_args(argv)
    c.corpus_or_skip()
    if args.quick:
        args.articles, args.runs, args.scale = min(args.articles, 30), min(args.runs, 2), min(args.scale, 5)
    work = c.scratch(args.keep)
    articles = c.thucnews(args.articles)
    small = c.write_corpus(work / "x1", articles, copies=1)
    large = c.write_corpus(work / f"x{args.scale}", articles, copies=args.scale)
    env = c.bench_env()
    extra = ["--batch-mb", str(args.batch_mb)]
    print(f"1x: {small.files} files, {small.mb:.2f} MB; {args.scale}x: {large.files} files, {large.mb:.2f} MB; "
          f"batches of {args.batch_mb} MB; {args.runs} interleaved runs; {c.machine()}")
    c.prefect_warmup(env, work)

    res = c.interleave({
        "1x": c.newsflow_contender(small.root, work / "m1.duckdb", env=env, cwd=work, extra=extra),
        f"{args.scale}x": c.newsflow_contender(large.root, work / "m10.duckdb", env=env, cwd=work, extra=extra),
    }, args.runs)

    r1, r10 = res["1x"], res[f"{args.scale}x"]
    ratio = c.med(r.rss_mb for r in r10) / c.med(r.rss_mb for r in r1)
    rows = [[name, f"{corp.files}", f"{corp.mb:.2f}", c.spread((r.rss_mb for r in rs), "{:.0f}"),
             c.spread((r.child_rss_mb for r in rs), "{:.0f}"), c.spread(r.flow_seconds for r in rs)]
            for (name, rs), corp in zip(res.items(), (small, large), strict=True)]
    rows.append([f"{args.scale}x / 1x", f"{args.scale}", "", f"{ratio:.2f}x", "", ""])
    c.print_table(f"(d) peak RSS, batches of {args.batch_mb} MB, medians of {args.runs} (min-max)",
                  ["corpus", "files", "MB", "flow process peak RSS MB", "largest child MB", "flow s"], rows)
    print(f"\npeak RSS {args.scale}x / 1x = {ratio:.2f} (goal ≤ 1.3): {'met' if ratio <= 1.3 else 'NOT met'}")
    c.write_json(args.json, "memory", res, small=small, large=large, batch_mb=args.batch_mb, ratio=ratio)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
