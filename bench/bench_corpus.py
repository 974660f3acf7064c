"""Issue #20's goals: the whole broadcast corpus in one warehouse, against a bare ``jieba.lcut`` loop.

    python bench/bench_corpus.py [--years 2013,2019] [--one-year 2019] [--runs 3] [--workers 2]
                                 [--jsonl DIR] [--json FILE] [--keep]

Corpus: ``../shared/corpora/xwlb-2012-2019`` (``xwlb-YYYY.jsonl.gz``: one broadcast day per
line, the scraper's own JSON, the stories in ``videoList``). Each newsflow run is a fresh
process (start-up included) running exactly the judged command::

    newsflow run FILES --records videoList --map text=video_detail.content --map title=video_title
        --map date=pub_date --map id=video_id --map url=video_url --source 新闻联播 --workers 2

into a fresh warehouse. Contenders, interleaved round by round (the order rotates):

* ``corpus``      the command over every selected year file; right after it, the same command
                  again on the warehouse it built: the ``rerun`` (nothing new to do);
* ``corpus lcut`` a fresh ``python`` that reads the same text and runs ``jieba.lcut`` over each
                  article on one core (HMM on, the default dictionary): the text is the
                  articles' ``text`` as the first corpus run's warehouse stores it (tags
                  stripped, datelines and chrome removed by newsflow), so both sides segment
                  the same characters;
* ``year`` and ``year lcut``: the same for one year file alone (``--one-year``).

Printed: medians (min-max) of the runs; articles/s; peak RSS of the flow process and of its
largest child (the worker processes, the temporary Prefect API); and the goals' ratios, each
computed from runs of this invocation: **lcut loop seconds / newsflow process seconds**
(goal ≥ 0.8 for the corpus), **peak RSS corpus / year** (the larger of the flow process and
its largest child; goal ≤ 1.3), **rerun / full corpus run** (goal ≤ 5 %).

``--jsonl DIR`` runs on a folder of newsflow's own JSONL instead (``{"text", "title", "date",
"url", "source"}`` per line, one ``xwlb-YYYY.jsonl`` per year): for a checkout whose
``newsflow run`` has no field maps yet. Skips (exit 0, with a message) when the corpus is absent.
The machine is shared: read the ratios, which compare runs made side by side, not the seconds.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common as c

XWLB = c.CORPORA / "xwlb-2012-2019"
FIELD_MAPS = ["--records", "videoList", "--map", "text=video_detail.content", "--map", "title=video_title",
              "--map", "date=pub_date", "--map", "id=video_id", "--map", "url=video_url", "--source", "新闻联播"]
_YEAR = re.compile(r"xwlb-(\d{4})\.jsonl(?:\.gz)?$")

LCUT_CODE = """
import json, sys, time
t0 = time.perf_counter()
import jieba
jieba.setLogLevel(60)
jieba.initialize()
with open(sys.argv[1], encoding="utf-8") as fh:
    texts = json.load(fh)
t1 = time.perf_counter()
tokens = sum(len(jieba.lcut(t)) for t in texts)
t2 = time.perf_counter()
print(json.dumps({"setup": t1 - t0, "lcut": t2 - t1, "tokens": tokens, "articles": len(texts)}))
"""


def year_files(folder: Path, years: list[int] | None) -> dict[int, Path]:
    found = {int(m[1]): p for p in sorted(folder.iterdir()) if (m := _YEAR.search(p.name))}
    if years:
        missing = sorted(set(years) - set(found))
        if missing:
            raise SystemExit(f"no file for year(s) {missing} in {folder}")
        found = {y: found[y] for y in years}
    return found


def field_maps_supported(env: dict[str, str], cwd: Path) -> bool:
    out = subprocess.run([sys.executable, "-m", "flows", "run", "--help"], env=env, cwd=cwd,
                         capture_output=True, text=True).stdout
    return "--records" in out


def export_texts(db: Path, dest: Path) -> int:
    """The warehouse's article texts (every article: duplicates are processed too), as JSON."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        texts = [r[0] for r in con.execute("select text from articles order by file_id, doc_index, seq").fetchall()]
    finally:
        con.close()
    dest.write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
    return len(texts)


def lcut_run(texts: Path, env: dict[str, str], cwd: Path) -> c.RunResult:
    result, out = c.python_measured(LCUT_CODE, str(texts), env=env, cwd=cwd)
    result.extra = json.loads(out.strip().splitlines()[-1])
    result.flow_seconds = result.extra["lcut"]
    result.articles = result.extra["articles"]
    return result


def peak(r: c.RunResult) -> float:
    return max(r.rss_mb or 0.0, r.child_rss_mb or 0.0)


def main(argv: list[str] | None = None) -> int:
    ap = c.base_parser(__doc__, runs=3)
    ap.add_argument("--years", help="comma-separated years to run on (default: every year file)")
    ap.add_argument("--one-year", type=int, help="the year run alone (default: the last selected year)")
    ap.add_argument("--workers", type=int, default=2, help="newsflow run --workers (default 2)")
    ap.add_argument("--jsonl", metavar="DIR", type=Path,
                    help="newsflow JSONL files (xwlb-YYYY.jsonl) instead of the scraper's files and field maps")
    args = ap.parse_args(argv)
    source = args.jsonl or XWLB
    if not source.is_dir():
        print(f"skipped: {source} not found — the shared corpora (../shared/corpora beside the "
              "repository) are not available here")
        return 0
    years = [int(y) for y in args.years.split(",")] if args.years else None
    files = year_files(source, years)
    if not files:
        print(f"skipped: no xwlb-YYYY.jsonl[.gz] file in {source}")
        return 0
    one = args.one_year or max(files)
    if one not in files:
        files = {**files, **year_files(source, [one])}
    if args.quick:
        args.runs = 1
    work = c.scratch(args.keep)
    env = c.bench_env()
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # a user's install keeps its compiled modules
    extra = ["--workers", str(args.workers)]
    if args.jsonl is None:
        if not field_maps_supported(env, work):
            print("this checkout's `newsflow run` has no --records/--map: run with --jsonl DIR "
                  "(newsflow's own JSONL, one xwlb-YYYY.jsonl per year)", file=sys.stderr)
            return 2
        extra += FIELD_MAPS
    corpus_files = [files[y] for y in sorted(files) if years is None or y in years]
    year_file = [files[one]]
    mb = sum(p.stat().st_size for p in corpus_files) / 1e6
    print(f"corpus: {len(corpus_files)} file(s), {mb:.1f} MB as stored; one year: {one}; "
          f"{args.runs} interleaved round(s); {c.machine()}")
    c.prefect_warmup(env, work)

    corpus_db, year_db = work / "corpus.duckdb", work / "year.duckdb"
    texts = {"corpus": work / "corpus-texts.json", "year": work / "year-texts.json"}
    res: dict[str, list[c.RunResult]] = {k: [] for k in ("corpus", "rerun", "corpus lcut", "year", "year lcut")}

    def corpus() -> None:
        c.fresh_db(corpus_db)
        res["corpus"].append(c.newsflow_run(corpus_files, corpus_db, env=env, cwd=work, extra=extra))
        res["rerun"].append(c.newsflow_run(corpus_files, corpus_db, env=env, cwd=work, extra=extra))
        if not texts["corpus"].exists():
            export_texts(corpus_db, texts["corpus"])
        c.fresh_db(corpus_db)

    def year() -> None:
        c.fresh_db(year_db)
        res["year"].append(c.newsflow_run(year_file, year_db, env=env, cwd=work, extra=extra))
        if not texts["year"].exists():
            export_texts(year_db, texts["year"])
        c.fresh_db(year_db)

    contenders = {
        "corpus": corpus,
        "year": year,
        "corpus lcut": lambda: res["corpus lcut"].append(lcut_run(texts["corpus"], env, work)),
        "year lcut": lambda: res["year lcut"].append(lcut_run(texts["year"], env, work)),
    }
    names = list(contenders)
    for r in range(args.runs):
        # rotate, but a text file exists only after its newsflow run: round 1 runs those first
        order = names if r == 0 else names[r % len(names):] + names[: r % len(names)]
        for name in order:
            contenders[name]()
            last = res[name][-1]
            print(f"  round {r + 1}/{args.runs} {name:<12} {last.seconds:8.1f} s"
                  + (f"  articles {last.articles}" if last.articles is not None else "")
                  + (f"  rss {last.rss_mb:.0f}/{last.child_rss_mb:.0f} MB" if last.rss_mb is not None else ""))
            if name == "corpus":
                print(f"  round {r + 1}/{args.runs} {'rerun':<12} {res['rerun'][-1].seconds:8.1f} s")

    def secs(key: str, loop: bool = False) -> float:
        return c.med((x.flow_seconds if loop else x.seconds) for x in res[key])

    rows = []
    for key in ("corpus", "year"):
        nf, lc = res[key], res[f"{key} lcut"]
        arts = c.med(x.articles for x in nf)
        rows.append([f"newsflow run ({key})", c.spread((x.seconds for x in nf), "{:.1f}"),
                     f"{arts / secs(key):.0f}", f"{c.med(x.rss_mb for x in nf):.0f}",
                     f"{c.med(x.child_rss_mb for x in nf):.0f}", ""])
        rows.append([f"jieba.lcut loop ({key})", c.spread((x.flow_seconds for x in lc), "{:.1f}"),
                     f"{c.med(x.articles for x in lc) / secs(f'{key} lcut', loop=True):.0f}", "", "",
                     f"{secs(f'{key} lcut', loop=True) / secs(key):.3f}"])
    rows.append(["unchanged rerun (corpus)", c.spread((x.seconds for x in res["rerun"]), "{:.1f}"), "",
                 f"{c.med(x.rss_mb for x in res['rerun']):.0f}", f"{c.med(x.child_rss_mb for x in res['rerun']):.0f}", ""])
    c.print_table(f"xwlb corpus ({len(corpus_files)} file(s)) and {one} alone, --workers {args.workers}: "
                  f"medians of {args.runs} (min-max)",
                  ["contender", "seconds", "articles/s", "flow RSS MB", "largest child RSS MB",
                   "lcut s / newsflow s"], rows)
    ratio = secs("corpus lcut", loop=True) / secs("corpus")
    ratio_year = secs("year lcut", loop=True) / secs("year")
    rss_ratio = c.med(peak(x) for x in res["corpus"]) / c.med(peak(x) for x in res["year"])
    rerun_share = secs("rerun") / secs("corpus")
    goals = [
        ("corpus vs lcut loop", f"{ratio:.3f}x", "≥ 0.8x", ratio >= 0.8),
        ("one year vs lcut loop", f"{ratio_year:.3f}x", "", None),
        ("peak RSS corpus / year", f"{rss_ratio:.2f}x", "≤ 1.3x", rss_ratio <= 1.3),
        ("unchanged rerun / full run", f"{rerun_share:.1%}", "≤ 5 %", rerun_share <= 0.05),
    ]
    c.print_table("goals (issue #20)", ["figure", "measured", "goal", "met"],
                  [[g, m, goal, "" if ok is None else "yes" if ok else "NO"] for g, m, goal, ok in goals])
    c.write_json(args.json, "corpus", res, files=[str(p) for p in corpus_files], one_year=one,
                 ratio=ratio, ratio_year=ratio_year, rss_ratio=rss_ratio, rerun_share=rerun_share)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
