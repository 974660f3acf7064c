"""Throughput of extract_article against bare jieba.lcut on the same text.

    python bench/bench_extract.py [--docs 200] [--runs 3]

THUCNews validation articles (``shared/corpora/thucnews-cnews-val1000/cnews.val.txt``,
``label<TAB>text`` per line). One call per document, medians of ``--runs`` interleaved runs,
after a warm-up that loads every table. The ratio is extract time / lcut time (lower is
better; posseg alone is ~7x per perf-baselines §3). Also times the parts: the isolated
tokenizer, the NER model, and extract without the model. Skips with a message when the
corpus is absent.
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


def timed(fn, docs: list[str]) -> float:
    t0 = time.perf_counter()
    for d in docs:
        fn(d)
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args(argv)
    if not CORPUS.exists():
        print(f"skipped: {CORPUS} not found")
        return 0
    import jieba

    from tasks import ner_model, terms
    from tasks.extract import extract_article

    docs = load_docs(args.docs)
    mb = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    jieba.initialize()
    extract_article(docs[0])  # warm-up: tokenizer, gazetteer, model
    contenders = {
        "jieba.lcut (global, HMM)": jieba.lcut,
        "terms.tokenize (isolated, dicts)": terms.tokenize,
        "ner_model.tag_entities": ner_model.tag_entities,
        "extract_article": extract_article,
    }
    times: dict[str, list[float]] = {k: [] for k in contenders}
    for _ in range(args.runs):
        for name, fn in contenders.items():
            times[name].append(timed(fn, docs))
    base = statistics.median(times["jieba.lcut (global, HMM)"])
    print(f"{len(docs)} THUCNews docs, {mb:.2f} MB, median of {args.runs} runs")
    print("| contender | seconds (median) | MB/s | time vs jieba.lcut |")
    print("|---|---|---|---|")
    for name, ts in times.items():
        med = statistics.median(ts)
        print(f"| {name} | {med:.2f} | {mb / med:.3f} | {med / base:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
