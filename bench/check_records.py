"""Check a warehouse loaded from a scraper's export against the export's own records.

    python bench/check_records.py --db /tmp/w.duckdb ../shared/corpora/xwlb-2012-2019/xwlb-2013.jsonl.gz …

The input files are read again here, record by record, with the same field map the
load used (default: the broadcast corpus's, ``--records videoList --map
text=video_detail.content --map title=video_title --map date=pub_date --map
id=video_id --map url=video_url``; pass the same options to check another export).
Prints, per figure, what issue #20 asks of a load:

* records with non-empty text that are exactly one article (never split, never
  merged, none lost), and articles that match no record;
* records whose date (the day of the date field) is the article's ``published_date``;
* ids and titles as given (``articles.source_id``, ``articles.title``);
* HTML tags and entities left in ``articles.text`` (a regex over the warehouse);
* the top terms of ``summary_terms`` and where the dateline words (消息, 央视网,
  新闻联播) rank;
* removed lines by reason, and the removed lines of ``--sample`` random stories, to read
  (``--show-sample``), so that no content went unseen.

Reads the warehouse read-only; needs only the files and the warehouse.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import gzip
import json
import random
import re
import sys
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tasks.ingest import field_map_from_options
from tasks.ingest.fieldmap import MISSING, lookup

XWLB_MAPS = ["text=video_detail.content", "title=video_title", "date=pub_date", "id=video_id", "url=video_url"]
TAG = r"<[a-zA-Z/!][^<>]*>"
ENTITY = r"&(#\d+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]{1,31});"
DATELINE_WORDS = ("消息", "央视网", "新闻联播")
_STRIP = re.compile(TAG)


def _open(path: Path):
    return gzip.open(path, "rt", encoding="utf-8") if path.suffix == ".gz" else open(path, encoding="utf-8")


def read_records(path: Path, fm) -> list[dict]:
    """Every record of a JSON Lines export: its id, title, date, and whether it has text."""
    out = []
    with _open(path) as f:
        for line in f:
            if not line.strip():
                continue
            doc = json.loads(line)
            records = lookup(doc, fm.records) if fm.records else [doc]
            for rec in records if isinstance(records, list) else []:
                text = lookup(rec, fm.path("text"))
                has_text = isinstance(text, str) and bool(_STRIP.sub("", text).strip(" \t\r\n\u3000\xa0"))
                fields = {k: lookup(rec, fm.path(k)) for k in ("id", "title", "date")}
                out.append({k: (None if v is MISSING else v) for k, v in fields.items()} | {"text": has_text})
    return out


def _day(value: str | None) -> dt.date | None:
    m = re.match(r"\s*(\d{4})\D(\d{1,2})\D(\d{1,2})", value or "")
    return dt.date(*map(int, m.groups())) if m else None


def pct(n: int, d: int) -> str:
    return f"{n:,} / {d:,} ({100 * n / d:.2f} %)" if d else f"{n} / 0"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="+", type=Path, help="the input files the warehouse was loaded from")
    ap.add_argument("--db", required=True, type=Path, help="the warehouse")
    ap.add_argument("--records", default="videoList")
    ap.add_argument("--map", action="append", dest="maps", help="as for newsflow run (default: the broadcast corpus's)")
    ap.add_argument("--sample", type=int, default=50, help="random stories whose removed lines to print")
    ap.add_argument("--seed", type=int, default=20)
    ap.add_argument("--show-sample", action="store_true", help="print the sampled stories' removed lines")
    args = ap.parse_args(argv)
    fm = field_map_from_options(records=args.records or None, maps=args.maps or XWLB_MAPS)
    con = duckdb.connect(str(args.db), read_only=True)

    records_total = with_text = one = split_or_merged = lost = date_ok = dated = id_ok = title_ok = 0
    extra_articles = 0
    for path in args.files:
        recs = read_records(path, fm)
        rows = con.execute(
            "select a.source_id, a.title, a.published_date from articles a join files f using (file_id) "
            "where f.status = 'loaded' and f.path = ?", [str(path.resolve())]
        ).fetchall()
        by_id: dict[str, list[tuple]] = collections.defaultdict(list)
        for sid, title, day in rows:
            by_id[sid].append((title, day))
        wanted = collections.Counter(str(r["id"]) for r in recs if r["text"])
        records_total += len(recs)
        with_text += sum(wanted.values())
        for sid, n in wanted.items():
            got = len(by_id.get(sid, ()))
            one += n if got == n else 0
            lost += max(0, n - got)
            split_or_merged += n if got not in (0, n) else 0
        extra_articles += sum(len(v) for k, v in by_id.items() if k not in wanted)
        for r in recs:
            if not r["text"] or not by_id.get(str(r["id"])):
                continue
            title, day = by_id[str(r["id"])][0]
            id_ok += 1
            title_ok += title == (r["title"] or "").strip()
            if _day(r["date"]) is not None:
                dated += 1
                date_ok += day == _day(r["date"])

    print(f"input files          {len(args.files)}: {', '.join(p.name for p in args.files)}")
    print(f"records              {records_total:,} ({with_text:,} with text)")
    print(f"one article each     {pct(one, with_text)}")
    print(f"split or merged      {split_or_merged:,} record(s); lost {lost:,}; articles matching no record {extra_articles:,}")
    print(f"date kept            {pct(date_ok, dated)} (published_date = the record's date field, its day)")
    print(f"id as given          {pct(id_ok, with_text)}")
    print(f"title as given       {pct(title_ok, id_ok)}")
    (n_articles, tags, entities), = con.execute(
        f"select count(*), count(*) filter (where regexp_matches(text, '{TAG}')), "
        f"count(*) filter (where regexp_matches(text, '{ENTITY}')) from articles"
    ).fetchall()
    print(f"HTML left in text    {tags:,} article(s) with a tag, {entities:,} with an entity, of {n_articles:,}")
    (first, last), = con.execute("select min(published_date), max(published_date) from articles").fetchall()
    print(f"time axis            {first} … {last}")
    top = con.execute("select term from summary_terms order by rank, term limit 20").fetchall()
    print("top terms            " + " ".join(t for (t,) in top))
    ranks = dict(con.execute(
        "select term, min(rank) from summary_terms where term in (select unnest(?)) group by term",
        [list(DATELINE_WORDS)]).fetchall())
    print("dateline words rank  " + ", ".join(f"{w} {ranks.get(w, '-')}" for w in DATELINE_WORDS))
    reasons = con.execute("select reason, count(*) from removed_lines group by 1 order by 2 desc").fetchall()
    print("removed lines        " + ", ".join(f"{r} {n:,}" for r, n in reasons))
    ids = [row[0] for row in con.execute("select article_id from articles order by article_id").fetchall()]
    sample = random.Random(args.seed).sample(ids, min(args.sample, len(ids)))
    rows = con.execute(
        "select a.article_id, a.title, r.reason, r.text from articles a join removed_lines r "
        "on r.file_id = a.file_id and r.doc_index = a.doc_index where a.article_id in (select unnest(?)) "
        "order by a.article_id, r.line_no", [sample]).fetchall()
    by_reason = collections.Counter(r for _, _, r, _ in rows)
    print(f"sampled stories      {len(sample)}: {len(rows)} removed line(s): "
          + ", ".join(f"{r} {n}" for r, n in by_reason.most_common()))
    if args.show_sample:
        for aid, title, reason, text in rows:
            print(f"  {aid} {title[:24]!s:<24} {reason:<14} {text[:70]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
