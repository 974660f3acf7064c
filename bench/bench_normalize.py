"""Throughput of normalization against the package's t2s, as a ratio.

    python bench/bench_normalize.py [--runs N] [--articles N]

Text: THUCNews val1000 (one article per line after a TAB) from ../shared/corpora.
Contenders, run interleaved round-robin in one process (A B C A B C …), medians
of N runs, ratio = median time of the package / median time of the contender:

* ``package``   opencc-python-reimplemented ``OpenCC('t2s').convert`` per article
* ``t2s``       ``tasks.normalize.t2s.to_simplified`` per article (must give identical output)
* ``normalize`` ``tasks.normalize.normalize_text`` per article (the whole step)
* ``file``      ``tasks.normalize.normalize_file`` per article as a one-document file
  (adds article splitting and metadata: what the pipeline runs)

Skips with a message when the shared corpora are absent.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpora" / "thucnews-cnews-val1000" / "cnews.val.txt"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--articles", type=int, default=1000)
    args = ap.parse_args()
    if not CORPUS.is_file():
        print(f"skipped: {CORPUS} not found (the shared corpora are not available here)")
        return 0

    from opencc import OpenCC

    from tasks.model import FileRecord, SourceDocument
    from tasks.normalize import normalize_file, normalize_text
    from tasks.normalize.t2s import to_simplified

    with open(CORPUS, encoding="utf-8") as f:
        texts = [line.rstrip("\n").split("\t", 1)[1] for line in f if "\t" in line]
    texts = texts[: args.articles]
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    records = [
        FileRecord(str(i), f"{i}.txt", len(t), "utf-8", "txt", t, (SourceDocument(t),))
        for i, t in enumerate(texts)
    ]
    cc = OpenCC("t2s")

    # Warm-up: load every table once. jieba's dictionary and the pair table are read
    # lazily, on the first look-alike or mask; THUCNews' first articles hold neither,
    # so without the explicit call the first timed run would pay ~3 s of loading.
    normalize_text("苐五次会议，人民*府，鈈漏一村")
    for t in texts[:50]:
        cc.convert(t), to_simplified(t), normalize_text(t)

    mismatches = sum(cc.convert(t) != to_simplified(t) for t in texts)
    contenders = {
        "package": lambda: [cc.convert(t) for t in texts],
        "t2s": lambda: [to_simplified(t) for t in texts],
        "normalize": lambda: [normalize_text(t) for t in texts],
        "file": lambda: [normalize_file(r) for r in records],
    }
    times: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(args.runs):
        for name, fn in contenders.items():
            t0 = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - t0)

    print(f"THUCNews val: {len(texts)} articles, {mb:.2f} MB, {args.runs} interleaved runs")
    print(f"to_simplified vs package convert: {mismatches} articles differ")
    base = statistics.median(times["package"])
    for name, ts in times.items():
        med = statistics.median(ts)
        print(
            f"{name:>10}: median {med:7.3f} s (min {min(ts):.3f}, max {max(ts):.3f})"
            f"  {mb / med:6.2f} MB/s  speed vs package {base / med:5.1f}x"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
