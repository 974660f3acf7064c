"""CPU cost of the policy-language steps per article, against ``jieba.lcut`` of the same text.

    python bench/bench_phrases.py [--corpus ../shared/corpora/xwlb-2012-2019] [--stories 3000]
                                  [--db WAREHOUSE]

On the first ``--stories`` stories of 新闻联播 (from 2016), measured with ``time.process_time``:

- quotes: :func:`tasks.extract.slogans.extract_slogans` (find and classify every quotation);
- periods: :func:`tasks.extract.periods.date_facts` on the article's facts (facts themselves
  are the facts module's cost, not counted here);
- uses: :class:`tasks.extract.phrases.PhraseIndex` ``find`` with every phrase known in
  ``--db`` (or, without one, every phrase the stories quote), and building the index;
- jieba: ``jieba.lcut`` of the same texts, the yardstick of issue #20.

Each is run twice and the second run is reported (dictionaries and caches warm).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from eval_phrases import DEFAULT_CORPUS, read_corpus  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--stories", type=int, default=3000)
    ap.add_argument("--db", help="take the known phrases from this warehouse")
    args = ap.parse_args()
    if not args.corpus.is_dir():
        print(f"skipped: {args.corpus} is absent")
        return 0
    import datetime as dt

    import jieba

    from tasks.extract import PhraseIndex, extract_article
    from tasks.extract.facts import extract_facts
    from tasks.extract.periods import date_facts
    from tasks.extract.slogans import extract_slogans

    stories = read_corpus(args.corpus, dt.date(2016, 1, 1), dt.date(2016, 12, 31))[: args.stories]
    texts = [t for _, _, t in stories]
    days = [d for d, _, _ in stories]
    chars = sum(map(len, texts))
    jieba.setLogLevel(60)
    jieba.initialize()
    extract_article("脱贫攻坚")  # load the dictionaries

    if args.db:
        import duckdb

        con = duckdb.connect(args.db, read_only=True)
        known = [r[0] for r in con.execute("select phrase from slogan_phrases where known").fetchall()]
    else:
        known = sorted({s.phrase for t in texts for s in extract_slogans(t)})
    facts = [extract_facts(t) for t in texts]

    def timed(fn) -> float:
        fn()
        t0 = time.process_time()
        fn()
        return time.process_time() - t0

    t_build = timed(lambda: PhraseIndex(known, texts[:2000]))
    index = PhraseIndex(known, texts[:2000])
    results = {
        "jieba.lcut": timed(lambda: [jieba.lcut(t) for t in texts]),
        "quotes (extract_slogans)": timed(lambda: [extract_slogans(t) for t in texts]),
        "periods (date_facts)": timed(lambda: [date_facts(t, f, (), d) for t, f, d in zip(texts, facts, days, strict=True)]),
        f"uses (PhraseIndex.find, {len(known)} phrases)": timed(lambda: [index.find(t) for t in texts]),
    }
    print(f"{len(texts)} stories of 2016, {chars:,} characters; index built in {t_build:.2f} s CPU")
    base = results["jieba.lcut"]
    for name, seconds in results.items():
        print(f"  {name:<42} {seconds:7.2f} s CPU  {seconds / len(texts) * 1e3:6.2f} ms/story  "
              f"{seconds / base:6.1%} of jieba.lcut")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
