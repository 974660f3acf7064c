"""What meetings, statements and documents cost extract, against a bare ``jieba.lcut``.

    python bench/bench_meetings.py              # 3,000 CCTV 新闻联播 stories of 2018-2019
    python bench/bench_meetings.py --stories 500

The entity pass runs first (its people are what the rules read, as in ``extract_article``)
and is not counted; then, per story, CPU time (``time.process_time``) of building the
context (sentences, people), statements, meetings with their roles, and documents — the
work ``extract_article`` adds for issue #22 — and of ``jieba.lcut`` on the same text with
jieba's default dictionary. Prints both totals and their ratio. Exits 0 with a message when
../shared/corpora is absent.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
XWLB = REPO.parent / "shared" / "corpora" / "xwlb-2012-2019"


def stories(limit: int) -> list[tuple[str, dt.date]]:
    from bench.eval_meetings import story_text

    out = []
    for year in (2018, 2019):
        with gzip.open(XWLB / f"xwlb-{year}.jsonl.gz", "rt", encoding="utf-8") as fh:
            for line in fh:
                for item in json.loads(line).get("videoList") or []:
                    text = story_text((item.get("video_detail") or {}).get("content") or "")
                    if text:
                        out.append((text, dt.date.fromisoformat(item["pub_date"][:10])))
                    if len(out) >= limit:
                        return out
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--stories", type=int, default=3000)
    args = ap.parse_args(argv)
    if not XWLB.is_dir():
        print(f"skipped: {XWLB} not found — the shared corpora are not available here")
        return 0
    import logging

    import jieba

    from tasks.extract import tokenizer
    from tasks.extract.clauses import Context
    from tasks.extract.documents import find_documents
    from tasks.extract.entities import extract_entities
    from tasks.extract.meetings import find_meetings
    from tasks.extract.statements import find_statements, link_meetings

    logging.getLogger("jieba").setLevel(logging.WARNING)
    items = stories(args.stories)
    jieba.lcut("预热")
    ours = lcut = 0.0
    found = [0, 0, 0]
    for text, day in items:
        entities = extract_entities(text, tokenizer.tokenize(text))
        t0 = time.process_time()
        ctx = Context(text, entities, day)
        said, topics = find_statements(ctx)
        meetings = find_meetings(ctx, topics, [(s.start, s.end) for s in said])
        said = link_meetings(said, meetings)
        documents = find_documents(ctx)
        t1 = time.process_time()
        jieba.lcut(text)
        t2 = time.process_time()
        ours += t1 - t0
        lcut += t2 - t1
        found[0] += len(meetings)
        found[1] += len(said)
        found[2] += len(documents)
    chars = sum(len(t) for t, _ in items)
    print(f"{len(items)} stories, {chars:,} characters: {found[0]} meetings, {found[1]} statements, "
          f"{found[2]} document mentions")
    print(f"  meetings + statements + documents  {ours:6.2f} s CPU  ({1000 * ours / len(items):.2f} ms a story)")
    print(f"  jieba.lcut of the same text         {lcut:6.2f} s CPU  ({1000 * lcut / len(items):.2f} ms a story)")
    print(f"  ratio                               {ours / lcut:6.2f} times a bare jieba.lcut")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
