"""Score a warehouse's tenures against the public record (bench/gold_tenures.tsv).

    python bench/eval_tenures.py --db xwlb.duckdb [--from 2017-01-01 --to 2019-12-31]

The window (default: the first and last article dates of the warehouse) clips each gold
row to the part of it the corpus could show: a holder since 2003 is expected from the
window's first day. Measured:

* **found**: the share of gold spells whose tenure (same post, a holder name; the tenure
  overlapping the clipped spell most) has ``first_seen`` and ``last_seen`` each within
  ``--tolerance`` days (45) of the expected day. The expected day is the record's (clipped)
  start or end, except where the corpus's coverage is thin: when the first sentence that
  names the holder together with the post's cue words (the ``cue`` column) in an article
  dated inside the clipped spell comes more than the tolerance after its start, the
  expected first day is that first evidence; likewise the last day and the last evidence.
  A spell with no such sentence at all is not scored (listed as "no evidence").
* **false holders**: tenures of a gold post with at least two articles whose person held
  that post at no time within the tolerance of the tenure (a 原/时任 mention, an
  obituary, a misreading), and tenures of a foreign post (country not 中国) with at least
  two articles held by a person who also holds a Chinese post (a foreign post given to a
  Chinese official), or the reverse.

Reads only ``articles`` (date and text, for the evidence) and ``tenures``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

import duckdb

HERE = Path(__file__).resolve().parent
GOLD = HERE / "gold_tenures.tsv"
_SENTENCE = re.compile(r"[^。！？!?\n]+")


@dataclass
class Gold:
    post: str
    holders: str
    names: tuple[str, ...]
    start: dt.date
    end: dt.date | None
    cue: tuple[tuple[str, ...], ...]  # all of (any of)
    confidence: str
    note: str


@dataclass
class Scored:
    post: str
    holder: str
    expected_first: str | None = None
    expected_last: str | None = None
    first_seen: str | None = None
    last_seen: str | None = None
    evidence: str = ""  # "record", "thin start", "thin end", "no evidence"
    ok: bool | None = None
    why: str = ""
    confidence: str = ""


@dataclass
class Report:
    window: tuple[str, str]
    tolerance: int
    scored: int = 0
    found: int = 0
    no_evidence: int = 0
    rows: list[Scored] = field(default_factory=list)
    false_holders: list[dict[str, object]] = field(default_factory=list)
    cross_country: list[dict[str, object]] = field(default_factory=list)

    @property
    def share(self) -> float:
        return self.found / self.scored if self.scored else 0.0


def read_gold(path: Path = GOLD) -> list[Gold]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("post\t"):
            continue
        post, holders, holder, start, end, cue, confidence, *note = line.split("\t")
        rows.append(Gold(
            post=post, holders=holders, names=tuple(holder.split("|")),
            start=dt.date.fromisoformat(start), end=dt.date.fromisoformat(end) if end else None,
            cue=tuple(tuple(alt.split("|")) for alt in cue.split("&")),
            confidence=confidence, note=note[0] if note else "",
        ))
    return rows


def _person_matches(person: str, names: tuple[str, ...]) -> bool:
    base = person.split("（")[0]  # a homonym's country suffix
    return base in names


def _evidence(con: duckdb.DuckDBPyConnection, g: Gold, lo: dt.date, hi: dt.date) -> tuple[dt.date | None, dt.date | None]:
    """First and last day in [lo, hi] on which a sentence names the holder with the cue."""
    likes = " or ".join("text like ?" for _ in g.names)
    rows = con.execute(
        f"select published_date, text from articles where published_date between ? and ? and ({likes})"
        " order by published_date",
        [lo, hi, *[f"%{n}%" for n in g.names]],
    ).fetchall()
    days = []
    for day, text in rows:
        for sentence in _SENTENCE.findall(text):
            if any(n in sentence for n in g.names) and all(any(c in sentence for c in alts) for alts in g.cue):
                days.append(day)
                break
    return (min(days), max(days)) if days else (None, None)


def evaluate(db: Path, *, start: dt.date | None = None, end: dt.date | None = None,
             tolerance: int = 45, gold: list[Gold] | None = None) -> Report:
    gold = gold if gold is not None else read_gold()
    con = duckdb.connect(str(db), read_only=True)
    try:
        first, last = con.execute("select min(published_date), max(published_date) from articles").fetchone()
        w0 = max(start, first) if start else first
        w1 = min(end, last) if end else last
        tenures = con.execute(
            "select person, post, country, first_seen, last_seen, articles from tenures"
            " where last_seen >= ? and first_seen <= ?", [w0, w1]
        ).fetchall()
        by_post: dict[str, list[tuple]] = defaultdict(list)
        for t in tenures:
            by_post[t[1]].append(t)
        report = Report(window=(str(w0), str(w1)), tolerance=tolerance)
        tol = dt.timedelta(days=tolerance)
        for g in gold:
            g_end = g.end or dt.date.max
            if g.start > w1 or g_end < w0:
                continue
            lo, hi = max(g.start, w0), min(g_end, w1)
            row = Scored(post=g.post, holder=g.names[0], confidence=g.confidence)
            report.rows.append(row)
            ef, el = _evidence(con, g, lo, hi)
            if ef is None or el is None:
                row.evidence, row.why = "no evidence", "no sentence names the holder with the post in the window"
                report.no_evidence += 1
                continue
            exp_first = lo if ef - lo <= tol else ef
            exp_last = hi if hi - el <= tol else el
            row.evidence = ", ".join(x for x in (
                "thin start" if exp_first != lo else "", "thin end" if exp_last != hi else "") if x) or "record"
            row.expected_first, row.expected_last = str(exp_first), str(exp_last)
            report.scored += 1
            cands = [t for t in by_post.get(g.post, []) if _person_matches(t[0], g.names)]

            def overlap(t: tuple, lo: dt.date = lo, hi: dt.date = hi) -> int:
                return (min(t[4], hi) - max(t[3], lo)).days

            best = max(cands, key=overlap, default=None)
            if best is None or overlap(best) < 0:
                row.ok, row.why = False, "no tenure of this holder and post in the window"
                continue
            row.first_seen, row.last_seen = str(best[3]), str(best[4])
            ok_first = abs(best[3] - exp_first) <= tol
            ok_last = abs(best[4] - exp_last) <= tol
            row.ok = ok_first and ok_last
            if row.ok:
                report.found += 1
            else:
                row.why = " and ".join(x for x in (
                    "" if ok_first else f"first_seen off by {(best[3] - exp_first).days} days",
                    "" if ok_last else f"last_seen off by {(best[4] - exp_last).days} days") if x)
        # False holders of the gold posts.
        held: dict[str, list[Gold]] = defaultdict(list)
        for g in gold:
            held[g.post].append(g)
        for post, spells in held.items():
            for person, _post, _country, f, last, n in by_post.get(post, []):
                if n < 2:
                    continue
                if any(_person_matches(person, g.names) and (g.end is None or f <= g.end + tol) and last >= g.start - tol
                       for g in spells):
                    continue
                report.false_holders.append(
                    {"post": post, "person": person, "first_seen": str(f), "last_seen": str(last), "articles": n})
        # Foreign posts of Chinese officials (and the reverse), any post.
        countries: dict[str, set[str]] = defaultdict(set)
        for person, _post, country, _f, _l, n in tenures:
            if country and n >= 2:
                countries[person].add("中国" if country == "中国" else "foreign")
        for person, post, country, f, last, n in tenures:
            if country and n >= 2 and len(countries[person]) > 1 and country != "中国":
                report.cross_country.append(
                    {"post": post, "person": person, "first_seen": str(f), "last_seen": str(last), "articles": n})
    finally:
        con.close()
    return report


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", required=True, type=Path)
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--from", dest="start", type=dt.date.fromisoformat)
    ap.add_argument("--to", dest="end", type=dt.date.fromisoformat)
    ap.add_argument("--tolerance", type=int, default=45)
    ap.add_argument("--json", type=Path, help="write the whole report here")
    ap.add_argument("--quiet", action="store_true", help="only the summary")
    args = ap.parse_args(argv)
    report = evaluate(args.db, start=args.start, end=args.end, tolerance=args.tolerance, gold=read_gold(args.gold))
    if not args.quiet:
        for r in report.rows:
            if r.ok is not True:
                print(f"  {'MISS' if r.ok is False else 'skip'} {r.post} {r.holder}: expected {r.expected_first} … {r.expected_last} "
                      f"({r.evidence}), tenure {r.first_seen} … {r.last_seen}; {r.why}")
        for fh in report.false_holders:
            print(f"  FALSE {fh}")
        for fh in report.cross_country:
            print(f"  CROSS {fh}")
    print(f"window {report.window[0]} … {report.window[1]}: {report.found}/{report.scored} gold spells found within "
          f"{report.tolerance} days ({report.share:.1%}); {report.no_evidence} without evidence in the corpus; "
          f"false holders with ≥ 2 articles: {len(report.false_holders)} on gold posts, "
          f"{len(report.cross_country)} across countries")
    if args.json:
        args.json.write_text(json.dumps(asdict(report) | {"share": report.share}, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
