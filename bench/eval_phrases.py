"""Policy phrases and quoted names in a warehouse, against a plain text search of the corpus.

    python bench/eval_phrases.py --db WAREHOUSE [--corpus ../shared/corpora/xwlb-2012-2019]
                                 [--split 2017-01-01] [--json FILE]

For every phrase of ``bench/labels/policy_phrases.tsv`` this script searches the stories of
the 新闻联播 corpus itself (``video_detail.content`` with its HTML tags and entities taken
out, as the warehouse's text is made), restricted to the dates the warehouse holds:

- ``plain``: stories whose text contains the phrase exactly as listed;
- ``variants``: stories whose text contains it once spaces and inner punctuation are
  ignored (两不愁、三保障 = 两不愁三保障), which is what the issue counts as one phrase.

First use (the earliest story's date) and story counts come from that search, never from
the label file. They are compared with ``summary_slogans``: ``first_seen`` within ± 3 days
and ``articles`` within ± 5 %. The warehouse leaves duplicate stories out of its views, so
both searches are also given over the stories the warehouse did not mark ``duplicate_of``
(matched by URL). Phrases are split by their first use: before ``--split`` for
development, from it on for the check. How each phrase became known is shown: quoted in the
warehouse, listed in ``tasks/extract/dicts/policy_phrases.tsv``, or both.

``bench/labels/quoted_names.tsv`` lists quoted names of things (weapons, spacecraft, ships,
operations, organisations, programmes …) read in the corpus: none may be in
``summary_slogans``; the script lists those that are, by class and by period (``blind``:
names read after the rules were last changed).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import html
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tasks.extract import canonical_phrase, match_text  # noqa: E402

LABELS = REPO / "bench" / "labels"
DEFAULT_CORPUS = REPO.parent / "shared" / "corpora" / "xwlb-2012-2019"
TAG = re.compile(r"<[^>]+>")
DAYS, SHARE = 3, 0.05


def story_text(content: str) -> str:
    """The story's text: paragraphs on lines, tags and entities out."""
    content = re.sub(r"(?i)</p>|<br\s*/?>", "\n", content or "")
    text = html.unescape(TAG.sub("", content)).replace("\\r\\n", "\n").replace("\r\n", "\n")
    return "\n".join(line.strip().strip("\u3000") for line in text.split("\n") if line.strip())


def read_corpus(folder: Path, first: dt.date, last: dt.date) -> list[tuple[dt.date, str, str]]:
    """(date, url, text) of every non-empty story broadcast from ``first`` to ``last``."""
    stories = []
    for path in sorted(folder.glob("xwlb-*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                for item in json.loads(line).get("videoList") or []:
                    day = dt.date.fromisoformat(item["pub_date"][:10])
                    if not first <= day <= last:
                        continue
                    text = story_text((item.get("video_detail") or {}).get("content") or "")
                    if text:
                        stories.append((day, item.get("video_url") or "", text))
    return stories


def read_tsv(path: Path) -> list[dict[str, str]]:
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    header = lines[0].split("\t")
    return [dict(zip(header, ln.split("\t"), strict=False)) for ln in lines[1:]]


def search(stories: list[tuple[dt.date, str, str, str]], phrase: str, variants: bool) -> list[int]:
    needle = canonical_phrase(phrase) if variants else phrase
    return [i for i, (_, _, text, mtext) in enumerate(stories) if needle in (mtext if variants else text)]


def judge(expected_first: dt.date | None, expected_n: int, got_first: dt.date | None, got_n: int) -> tuple[bool, bool]:
    first_ok = expected_first is not None and got_first is not None and abs((got_first - expected_first).days) <= DAYS
    n_ok = expected_n > 0 and abs(got_n - expected_n) <= SHARE * expected_n
    return first_ok, n_ok


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--split", default="2017-01-01", help="first use before: development; from: check")
    ap.add_argument("--json", type=Path, help="write every phrase's figures here")
    args = ap.parse_args()
    if not args.corpus.is_dir():
        print(f"skipped: {args.corpus} is absent")
        return 0
    split = dt.date.fromisoformat(args.split)

    con = duckdb.connect(args.db, read_only=True)
    first_day, last_day = con.execute(
        "select min(published_date), max(published_date) from articles").fetchone()
    originals = {r[0] for r in con.execute(
        "select url from articles where duplicate_of is null and url is not null").fetchall()}
    slogans = {r[0]: r[1:] for r in con.execute(
        "select phrase, kind, first_seen, articles, quoted_articles from summary_slogans").fetchall()}
    registry = {r[0]: r[1:] for r in con.execute(
        "select phrase, kind, known, in_list, quoted_articles from slogan_phrases").fetchall()}

    raw = read_corpus(args.corpus, first_day, last_day)
    stories = [(d, url, text, match_text(text)) for d, url, text in raw]
    print(f"warehouse {args.db}: {first_day} … {last_day}; corpus stories in those dates: {len(stories)}, "
          f"of them not duplicates in the warehouse: {sum(url in originals for _, url, _, _ in stories)}")

    results = []
    for row in read_tsv(LABELS / "policy_phrases.tsv"):
        phrase = row["phrase"]
        canon = canonical_phrase(phrase)
        out: dict[str, object] = {"phrase": phrase, "canonical": canon}
        for mode in ("plain", "variants"):
            hits = search(stories, phrase, mode == "variants")
            kept = [i for i in hits if stories[i][1] in originals]
            out[mode] = {
                "first": min((stories[i][0] for i in hits), default=None),
                "articles": len(hits),
                "articles_not_duplicates": len(kept),
            }
        got = slogans.get(canon)
        reg = registry.get(canon)
        out["warehouse"] = None if got is None else {
            "kind": got[0], "first_seen": got[1], "articles": got[2], "quoted_articles": got[3]}
        out["known_by"] = (
            "not known" if reg is None or not reg[1] else
            "+".join(w for w, on in (("quoted", reg[3] > 0 and reg[0] in ("slogan", "formula")),
                                     ("list", reg[2])) if on) or "quoted")
        first = out["variants"]["first"]  # type: ignore[index]
        out["period"] = "none" if first is None else ("dev" if first < split else "check")
        for mode in ("plain", "variants"):
            exp = out[mode]  # type: ignore[assignment]
            f_ok, n_ok = judge(exp["first"], exp["articles"], got[1] if got else None, got[2] if got else 0)  # type: ignore[index]
            _, n_ok_dedup = judge(exp["first"], exp["articles_not_duplicates"], got[1] if got else None, got[2] if got else 0)  # type: ignore[index]
            out[f"{mode}_ok"] = {"first": f_ok, "articles": n_ok, "both": f_ok and n_ok,
                                 "articles_vs_not_duplicates": n_ok_dedup}
        results.append(out)

    print(f"\n{'phrase':<20} {'period':<6} {'known by':<12} {'plain first/n':<18} {'variants first/n':<18} "
          f"{'warehouse first/n (quoted)':<30} ok(variants) ok(plain)")
    for r in results:
        w = r["warehouse"]
        wtxt = f"{w['first_seen']} {w['articles']} ({w['quoted_articles']})" if w else "—"
        p, v = r["plain"], r["variants"]
        print(f"{r['phrase']:<20} {r['period']:<6} {r['known_by']:<12} {p['first']!s:>10} {p['articles']:<6} "
              f"{v['first']!s:>10} {v['articles']:<6} {wtxt:<30} "
              f"{'yes' if r['variants_ok']['both'] else 'NO':<12} {'yes' if r['plain_ok']['both'] else 'NO'}")
    print()
    for period in ("dev", "check"):
        group = [r for r in results if r["period"] == period]
        if not group:
            continue
        for mode in ("variants", "plain"):
            both = sum(r[f"{mode}_ok"]["both"] for r in group)
            firsts = sum(r[f"{mode}_ok"]["first"] for r in group)
            counts = sum(r[f"{mode}_ok"]["articles"] for r in group)
            dedup = sum(r[f"{mode}_ok"]["articles_vs_not_duplicates"] for r in group)
            print(f"{period:<5} against {mode:<8} search: first_seen ±{DAYS} d {firsts}/{len(group)}, "
                  f"articles ±{SHARE:.0%} {counts}/{len(group)} (vs non-duplicates {dedup}/{len(group)}), "
                  f"both {both}/{len(group)} = {both / len(group):.0%}")
        by = defaultdict(int)
        for r in group:
            by[r["known_by"]] += 1
        print(f"{period:<5} known by: " + ", ".join(f"{k} {n}" for k, n in sorted(by.items())))

    names = read_tsv(LABELS / "quoted_names.tsv")
    leaked = defaultdict(list)
    per = defaultdict(lambda: [0, 0])
    for row in names:
        canon = canonical_phrase(row["phrase"])
        period = "dev" if row["date"] < args.split else "check"
        if row.get("read") == "blind":
            period = "blind"  # read after the rules were last changed
        if not first_day.isoformat() <= row["date"] <= last_day.isoformat():
            continue
        per[(period, row["class"])][0] += 1
        if canon in slogans:
            per[(period, row["class"])][1] += 1
            leaked[period].append(f"{row['phrase']} ({row['class']}, {slogans[canon][2]} articles)")
    print("\nquoted names in summary_slogans (goal 0):")
    for (period, cls), (n, bad) in sorted(per.items()):
        print(f"  {period:<5} {cls:<13} {bad}/{n}")
    for period, items in leaked.items():
        print(f"  {period}: " + ", ".join(items))
    if args.json:
        args.json.write_text(json.dumps({"phrases": results, "names_leaked": leaked}, ensure_ascii=False,
                                        indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
