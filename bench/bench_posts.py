"""What reading posts costs per article, against a bare ``jieba.lcut`` of the same text.

    python bench/bench_posts.py [--stories 3000] [--year 2018]

Reads broadcast stories from ``../shared/corpora/xwlb-2012-2019`` (the body HTML stripped
to text), runs the entity pass once per story (untimed), then times, in CPU seconds, only
``article_posts`` over the entities and tokens the pipeline already has, and ``jieba.lcut``
of the same texts. Prints both and their ratio. No timing is asserted anywhere.
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "xwlb-2012-2019"


def stories(year: int, limit: int) -> list[str]:
    out: list[str] = []
    with gzip.open(CORPUS / f"xwlb-{year}.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            for item in json.loads(line).get("videoList") or []:
                body = (item.get("video_detail") or {}).get("content") or ""
                text = "\n".join(t for t in (html.unescape(re.sub(r"<[^>]+>", "", p)).strip(" \u3000\r\n")
                                             for p in re.findall(r"<p[^>]*>(.*?)</p>", body, re.S)) if t)
                if text:
                    out.append(text)
                if len(out) >= limit:
                    return out
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--stories", type=int, default=3000)
    ap.add_argument("--year", type=int, default=2018)
    args = ap.parse_args()
    if not CORPUS.is_dir():
        print(f"no corpus at {CORPUS}", file=sys.stderr)
        return 2
    import jieba

    from tasks.extract import article_posts
    from tasks.extract import tokenizer as terms
    from tasks.extract.entities import extract_entities
    from tasks.normalize import normalize_text

    texts = [normalize_text(t).text for t in stories(args.year, args.stories)]
    prepared = []
    for t in texts:
        tokens = terms.tokenize(t)
        prepared.append((t, extract_entities(t, tokens), tokens))
    jieba.lcut("预热")  # load jieba's dictionary outside the timing
    t0 = time.process_time()
    n_posts = sum(len(article_posts(t, ents, toks)) for t, ents, toks in prepared)
    posts_cpu = time.process_time() - t0
    t0 = time.process_time()
    for t in texts:
        jieba.lcut(t)
    jieba_cpu = time.process_time() - t0
    chars = sum(map(len, texts))
    print(f"{len(texts)} stories, {chars:,} characters, {n_posts:,} posts read")
    print(f"article_posts: {posts_cpu:.2f} CPU s ({1000 * posts_cpu / len(texts):.2f} ms per story)")
    print(f"jieba.lcut:    {jieba_cpu:.2f} CPU s ({1000 * jieba_cpu / len(texts):.2f} ms per story)")
    print(f"posts cost {posts_cpu / jieba_cpu:.2f}× a bare jieba.lcut of the same text")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
