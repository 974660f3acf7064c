"""Inline chrome in run-on articles: what is left, what is kept, what was cut.

    python bench/eval_inline_chrome.py [-v] [--corpus PATH]

The 1,000 THUCNews articles (``../shared/corpora/thucnews-cnews-val1000``: Sina news, one
line per article, title and body run together, the page's furniture joined in) go
through ``newsflow normalize --jsonl`` (``python -m flows normalize --jsonl``), one JSON
record per article. Then:

* **markers left**: matches of the marker patterns below in the output text (goal 0),
  each printed with its context. The markers are written here, apart from the rules in
  ``tasks/normalize/rules/inline_chrome.tsv``, and looser than them (any (ABC123) code,
  any 点击进入): a match left is either chrome the rules miss or prose the marker list
  over-reads, and the printout says which;
* **characters kept** of the articles whose input holds no marker (goal >= 97 %):
  non-space characters out over non-space characters in;
* **what was cut**: removed parts by reason, and with ``-v`` every cut with its context.

Skips with a message when the shared corpora are absent.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpora" / "thucnews-cnews-val1000" / "cnews.val.txt"

MARKERS = {
    "我要评论": re.compile(r"我要评论"),
    "相关新闻：": re.compile(r"(?:相关(?:新闻|报道|阅读|专题|链接|文章|稿件)|推荐阅读|延伸阅读)\s*[:：]"),
    # an editor's code ends a story (or a sentence, where stories were joined); inside a
    # sentence the same shape is a model number or a level (佳能IXUS200(SD980), 4级(AL4))
    "(XWT185)": re.compile(r"(?:^|(?<=[。！？!?”」]))\s*[(（][A-Z]{2,5}\d{1,5}[)）]|[(（][A-Z]{2,5}\d{1,5}[)）](?=\s*$)"),
    "订阅热线": re.compile(r"订阅热线"),
    "点击进入": re.compile(r"点击(?:进入|查看|观看)"),
    "(微博)": re.compile(r"[(（](?:微博|博客|blog|听歌)[)）]"),
    "【site.com】": re.compile(r"【[^【】]{0,40}\.(?:com|cn|net|COM|CN)[^【】]{0,20}】"),
    "转载请注明": re.compile(r"转载请注明|版权所有"),
}


def _nonspace(text: str) -> int:
    return sum(not c.isspace() for c in text)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=CORPUS, help="label<TAB>text per line")
    ap.add_argument("-v", action="store_true", help="print every cut with its context")
    args = ap.parse_args()
    if not args.corpus.is_file():
        print(f"skipped: {args.corpus} not found (the shared corpora are not available here)")
        return 0
    with open(args.corpus, encoding="utf-8") as f:
        texts = [line.rstrip("\n").split("\t", 1)[-1] for line in f if line.strip()]
    env = dict(os.environ, PYTHONPATH=str(ROOT), GX_ANALYTICS_ENABLED="false",
               PREFECT_SERVER_ANALYTICS_ENABLED="false")
    data = "".join(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n" for i, t in enumerate(texts))
    done = subprocess.run([sys.executable, "-m", "flows", "normalize", "--jsonl"], input=data,
                          capture_output=True, text=True, check=True, cwd=ROOT, env=env)
    records = {r["id"]: r for r in map(json.loads, done.stdout.splitlines())}

    left: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    cut_by: Counter[str] = Counter()
    cut_chars: Counter[str] = Counter()
    clean_in = clean_out = clean_n = 0
    for i, text in enumerate(texts):
        rec = records[i]
        out = rec["text"]
        has = {name for name, rx in MARKERS.items() if rx.search(text)}
        seen.update(has)
        for name, rx in MARKERS.items():
            for m in rx.finditer(out):
                left[name] += 1
                print(f"  left {name} in {i}: …{out[max(0, m.start() - 30) : m.end() + 20]}…")
        for part in rec.get("removed_lines", []):  # (not printed before #24)
            cut_by[part["reason"]] += 1
            cut_chars[part["reason"]] += len(part["text"])
            if args.v:
                line = text.split("\n")[part["line_no"] - 1]
                s, e = part["start"] or 0, part["end"] or len(line)
                print(f"  cut {part['reason']} in {i}: {line[max(0, s - 20) : s]}[{line[s:e]}]{line[e : e + 20]}")
        if not has:
            clean_n += 1
            clean_in += _nonspace(text)
            clean_out += _nonspace(out)

    total = sum(_nonspace(t) for t in texts)
    print(f"{len(texts)} articles, {total:,} non-space characters")
    print("markers in the input (articles): " + ", ".join(f"{k} {v}" for k, v in seen.most_common()))
    print(f"markers left in the output: {sum(left.values())}" + (" (" + ", ".join(f"{k} {v}" for k, v in left.items()) + ")" if left else ""))
    print(f"articles without markers: {clean_n}, characters kept {clean_out:,} of {clean_in:,} ({clean_out / max(1, clean_in):.2%})")
    print("cut (parts, characters): " + ", ".join(f"{k} {cut_by[k]} / {cut_chars[k]:,}" for k in sorted(cut_by)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
