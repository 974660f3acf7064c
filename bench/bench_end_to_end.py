"""(a) ``newsflow run`` end to end against bare ``jieba.lcut`` over the same bytes, one core.

    python bench/bench_end_to_end.py [--articles 150] [--runs 3] [--quick] [--json FILE]

Corpus: the first ``--articles`` THUCNews validation articles, one per ``.txt`` file
(see ``bench/_common.py``). Contenders, interleaved, each a fresh process:

* ``newsflow``  ``newsflow run CORPUS --db FRESH`` (``--workers 1``): ingest, normalize,
  extract, load, Great Expectations, publish; Prefect's temporary API included.
* ``jieba``     ``import jieba``, read and decode the same files, ``jieba.lcut`` each.

Two ratios, both "jieba time / newsflow time" (1 = as fast as bare jieba, goal ≥ 0.5):
``end to end`` compares the processes' wall clocks; ``steady`` compares newsflow's own
run time (flow start → published, as the run reports it) with the ``lcut`` loop alone,
i.e. without interpreter, import and Prefect start-up on either side.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common as c


def main(argv: list[str] | None = None) -> int:
    ap = c.base_parser(__doc__, runs=3)
    ap.add_argument("--articles", type=int, default=150, help="THUCNews articles (files) in the corpus")
    args = ap.parse_args(argv)
    c.corpus_or_skip()
    if args.quick:
        args.articles, args.runs = min(args.articles, 60), min(args.runs, 2)
    work = c.scratch(args.keep)
    corpus = c.write_corpus(work / "corpus", c.thucnews(args.articles))
    env = c.bench_env()
    print(f"corpus: {corpus.files} files, {corpus.mb:.2f} MB; {args.runs} interleaved runs; {c.machine()}")
    c.prefect_warmup(env, work)

    res = c.interleave({
        "newsflow": c.newsflow_contender(corpus.root, work / "e2e.duckdb", env=env, cwd=work),
        "jieba": lambda: c.bare_jieba(corpus.root, env=env, cwd=work),
    }, args.runs)

    nf, jb = res["newsflow"], res["jieba"]
    wall_ratio = c.med(r.seconds for r in jb) / c.med(r.seconds for r in nf)
    steady_ratio = c.med(r.flow_seconds for r in jb) / c.med(r.flow_seconds for r in nf)
    rows = [
        ["newsflow run (process)", c.spread(r.seconds for r in nf),
         f"{corpus.mb / c.med(r.seconds for r in nf):.3f}", "1"],
        ["newsflow run (flow only)", c.spread(r.flow_seconds for r in nf),
         f"{corpus.mb / c.med(r.flow_seconds for r in nf):.3f}", ""],
        ["bare jieba (process)", c.spread(r.seconds for r in jb),
         f"{corpus.mb / c.med(r.seconds for r in jb):.3f}", f"{wall_ratio:.3f}"],
        ["bare jieba (lcut loop only)", c.spread(r.flow_seconds for r in jb),
         f"{corpus.mb / c.med(r.flow_seconds for r in jb):.3f}", f"{steady_ratio:.3f}"],
    ]
    c.print_table(f"(a) end to end vs bare jieba.lcut — {corpus.files} files, {corpus.mb:.2f} MB, "
                  f"medians of {args.runs} (min-max)",
                  ["contender", "seconds", "MB/s", "jieba time / newsflow time"], rows)
    print(f"\nratio end to end {wall_ratio:.3f}x, steady {steady_ratio:.3f}x (goal ≥ 0.5x): "
          f"{'met' if steady_ratio >= 0.5 else 'NOT met'}")
    c.write_json(args.json, "end_to_end", res, corpus=corpus,
                 ratio_end_to_end=wall_ratio, ratio_steady=steady_ratio)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
