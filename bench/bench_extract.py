"""Throughput of extract_article against bare jieba.lcut on the same text.

    python bench/bench_extract.py [--docs 200] [--runs 3] [--wall] [--profile]

THUCNews validation articles (``shared/corpora/thucnews-cnews-val1000/cnews.val.txt``,
``label<TAB>text`` per line). One call per document, medians of ``--runs`` interleaved runs,
after a warm-up pass over every document (tables loaded, per-token caches warm, as in a
long pipeline run). The ratio is extract time / lcut time (lower is better; posseg alone
is ~7x per perf-baselines §3). Also times the parts: the isolated tokenizer, the NER
model on given tokens, and everything else.

Time is this process's CPU time (``time.process_time``) unless ``--wall``: the machines
here are shared, and other processes inflate wall time by a varying factor, while the
CPU time of one single-threaded call is its cost on one core. ``--profile`` prints a
pyinstrument call tree of ``extract_article`` over the same documents (needs pyinstrument).
Skips with a message when the corpus is absent.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
CORPUS = REPO.parent / "shared" / "corpora" / "thucnews-cnews-val1000" / "cnews.val.txt"


def load_docs(n: int) -> list[str]:
    docs = []
    with open(CORPUS, encoding="utf-8") as fh:
        for line in fh:
            _, _, text = line.rstrip("\n").partition("\t")
            if text:
                docs.append(text)
            if len(docs) >= n:
                break
    return docs


def timed(fn, docs: list, clock=time.process_time) -> float:
    t0 = clock()
    for d in docs:
        fn(d)
    return clock() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--wall", action="store_true", help="wall-clock time instead of CPU time")
    ap.add_argument("--profile", action="store_true", help="print a pyinstrument profile of extract_article")
    args = ap.parse_args(argv)
    clock = time.perf_counter if args.wall else time.process_time
    if not CORPUS.exists():
        print(f"skipped: {CORPUS} not found")
        return 0
    import jieba

    from tasks.extract import extract_article
    from tasks.extract import tokenizer as terms
    from tasks.extract.ner import model as ner_model

    docs = load_docs(args.docs)
    mb = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    jieba.initialize()
    for d in docs:  # warm-up: tokenizer, gazetteer, model, per-token caches
        jieba.lcut(d)
        extract_article(d)
    if args.profile:
        from pyinstrument import Profiler

        prof = Profiler(interval=0.0005)
        prof.start()
        for d in docs:
            extract_article(d)
        prof.stop()
        print(prof.output_text(unicode=True, color=False))
    pairs = [(d, terms.tokenize(d)) for d in docs]
    contenders = {
        "jieba.lcut (global, HMM)": (jieba.lcut, docs),
        "terms.tokenize (isolated, dicts)": (terms.tokenize, docs),
        "ner_model.tag_entities (given tokens)": (lambda p: ner_model.tag_entities(*p), pairs),
        "extract_article": (extract_article, docs),
    }
    times: dict[str, list[float]] = {k: [] for k in contenders}
    for _ in range(args.runs):
        for name, (fn, items) in contenders.items():
            times[name].append(timed(fn, items, clock))
    base = statistics.median(times["jieba.lcut (global, HMM)"])
    kind = "wall" if args.wall else "CPU"
    print(f"{len(docs)} THUCNews docs, {mb:.2f} MB, median {kind} time of {args.runs} runs")
    print("| contender | seconds (median) | MB/s | time vs jieba.lcut |")
    print("|---|---|---|---|")
    for name, ts in times.items():
        med = statistics.median(ts)
        print(f"| {name} | {med:.2f} | {mb / med:.3f} | {med / base:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
