"""Traditional round trip: how many characters each converter gets wrong on real news.

    python bench/eval_roundtrip.py [--opencc-python /tmp/venv/bin/python] [--xwlb 2013:500] [-v]

1. Real Simplified news: the 1,000 THUCNews articles (``../shared/corpora/
   thucnews-cnews-val1000``) and a slice of CCTV 新闻联播 stories (``xwlb-2012-2019``,
   ``--xwlb YEAR:N``: the first N non-empty stories of that year, HTML stripped).
2. Made Traditional with OpenCC s2t, implemented from the shared dictionaries
   (``bench/_opencc.py``: STPhrases then STCharacters, longest prefix first, as the
   C++ library converts); ``--s2t wheel`` uses the C++ wheel instead.
3. Converted back by
   * ``newsflow``: ``python -m flows normalize --jsonl`` (the command the issue judges),
     one JSON record per article;
   * ``package``: plain t2s of opencc-python-reimplemented (``tasks.normalize.t2s``);
   * ``opencc``: C++ OpenCC t2s. With ``--opencc-python`` that interpreter must have the
     ``opencc`` wheel (install it in a scratch venv: it has the same module name as the
     pure package newsflow depends on); without it, the same algorithm from the shared
     TSPhrases/TSCharacters (``bench/_opencc.py``).
4. Every output character that differs from the original is an error. Outputs of the
   input's length are compared position by position; otherwise (normalize cut chrome)
   they are aligned with difflib and the characters cut are counted apart, not as errors.

``-v`` prints every error with its context; the summary lists the most frequent ones.
Skips with a message when the shared corpora are absent.
"""

from __future__ import annotations

import argparse
import difflib
import gzip
import html
import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPORA = ROOT.parent / "shared" / "corpora"
DICTS = CORPORA / "opencc-dictionaries"

from bench._opencc import MaxMatch  # noqa: E402

_WHEEL = r"""
import json, sys, opencc
cc = opencc.OpenCC(sys.argv[1] + ".json")
for line in sys.stdin:
    print(json.dumps(cc.convert(json.loads(line)), ensure_ascii=False))
"""


def thucnews() -> list[tuple[str, str]]:
    path = CORPORA / "thucnews-cnews-val1000" / "cnews.val.txt"
    with open(path, encoding="utf-8") as f:
        return [(f"thucnews:{i}", line.rstrip("\n").split("\t", 1)[1]) for i, line in enumerate(f) if "\t" in line]


_TAG = re.compile(r"<[^>]+>")


def xwlb(year: int, n: int) -> list[tuple[str, str]]:
    """The first ``n`` non-empty stories of a year, as paragraphs of plain text."""
    out: list[tuple[str, str]] = []
    with gzip.open(CORPORA / "xwlb-2012-2019" / f"xwlb-{year}.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            for story in json.loads(line).get("videoList") or []:
                content = (story.get("video_detail") or {}).get("content") or ""
                paras = [html.unescape(_TAG.sub("", p)).strip() for p in re.split(r"</p>|<br\s*/?>", content)]
                text = "\n".join(p for p in paras if p)
                if text:
                    out.append((f"xwlb:{story.get('video_id')}", text))
                    if len(out) >= n:
                        return out
    return out


def with_wheel(python: str, config: str, texts: list[str]) -> list[str]:
    data = "".join(json.dumps(t, ensure_ascii=False) + "\n" for t in texts)
    done = subprocess.run([python, "-c", _WHEEL, config], input=data, capture_output=True, text=True, check=True)
    return [json.loads(line) for line in done.stdout.splitlines()]


def with_newsflow(texts: list[tuple[str, str]]) -> list[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), GX_ANALYTICS_ENABLED="false",
               PREFECT_SERVER_ANALYTICS_ENABLED="false")
    data = "".join(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n" for i, t in texts)
    done = subprocess.run([sys.executable, "-m", "flows", "normalize", "--jsonl"], input=data,
                          capture_output=True, text=True, check=True, cwd=ROOT, env=env)
    records = [json.loads(line) for line in done.stdout.splitlines()]
    by_id = {r["id"]: r for r in records}
    return [by_id[i]["text"] for i, _ in texts]


def errors(original: str, output: str) -> tuple[list[tuple[str, str, str]], int]:
    """``([(expected, got, context)], characters cut)`` of one output against its original."""
    found: list[tuple[str, str, str]] = []
    if len(output) == len(original):
        pairs = [(i, i) for i in range(len(original)) if original[i] != output[i]]
        found = [(original[i], output[j], original[max(0, i - 4) : i + 5]) for i, j in pairs]
        return found, 0
    cut = 0
    sm = difflib.SequenceMatcher(None, original, output, autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "replace" and i2 - i1 == j2 - j1:
            found += [(original[i], output[j1 + i - i1], original[max(0, i - 4) : i + 5])
                      for i in range(i1, i2) if original[i] != output[j1 + i - i1]]
        elif op == "replace":
            found.append((original[i1:i2], output[j1:j2], original[max(0, i1 - 4) : i2 + 4]))
        elif op == "delete":
            cut += i2 - i1
        elif op == "insert":
            found.append(("", output[j1:j2], original[max(0, i1 - 4) : i1 + 4]))
    return found, cut


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--opencc-python", help="interpreter with the C++ opencc wheel (a scratch venv)")
    ap.add_argument("--s2t", choices=("dicts", "wheel"), default="dicts")
    ap.add_argument("--xwlb", default="2013:500", help="YEAR:N stories of 新闻联播 (N=0: none)")
    ap.add_argument("--no-thucnews", action="store_true")
    ap.add_argument("-v", action="store_true", help="print every error")
    args = ap.parse_args()
    if not DICTS.is_dir():
        print(f"skipped: {DICTS} not found (the shared corpora are not available here)")
        return 0
    year, n = (int(x) for x in args.xwlb.split(":"))
    articles = ([] if args.no_thucnews else thucnews()) + (xwlb(year, n) if n else [])
    originals = [t for _, t in articles]
    if args.s2t == "wheel":
        if not args.opencc_python:
            ap.error("--s2t wheel needs --opencc-python")
        traditional = with_wheel(args.opencc_python, "s2t", originals)
    else:
        s2t = MaxMatch.from_dir(DICTS, "s2t")
        traditional = [s2t.convert(t) for t in originals]
    from tasks.normalize.t2s import to_simplified

    outputs = {
        "newsflow": with_newsflow([(i, t) for (i, _), t in zip(articles, traditional, strict=True)]),
        "package": [to_simplified(t) for t in traditional],
    }
    if args.opencc_python:
        outputs["opencc"] = with_wheel(args.opencc_python, "t2s", traditional)
    else:
        t2s = MaxMatch.from_dir(DICTS, "t2s")
        outputs["opencc (dicts)"] = [t2s.convert(t) for t in traditional]

    total = sum(len(t) for t in originals)
    changed = sum(a != b for o, t in zip(originals, traditional, strict=True) for a, b in zip(o, t, strict=False))
    print(f"{len(articles)} articles, {total:,} characters; s2t ({args.s2t}) changed {changed:,} of them")
    for name, outs in outputs.items():
        errs: Counter[tuple[str, str]] = Counter()
        cut = 0
        for (ident, orig), out in zip(articles, outs, strict=True):
            found, c = errors(orig, out)
            cut += c
            for exp, got, ctx in found:
                errs[(exp, got)] += 1
                if args.v:
                    print(f"  {name} {ident}: {exp!r} -> {got!r} in {ctx!r}")
        wrong = sum(errs.values())
        print(f"{name:>15}: {wrong:5d} wrong characters ({wrong / total:.5%}), {cut} cut as chrome")
        print("                 " + ", ".join(f"{e}→{g} {k}" for (e, g), k in errs.most_common(25)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
