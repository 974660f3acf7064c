"""What reading a scraper's export costs, against a bare ``jieba.lcut`` of the same text.

    python bench/bench_records.py [--year 2014] [--stories 3000]

On one year of ``../shared/corpora/xwlb-2012-2019`` (the broadcast corpus, field map of
the judged command), CPU seconds (``time.process_time``, this process only) of:

* ``read``: ``read_file`` of the whole ``.jsonl.gz`` (decompress, decode, JSON, field map,
  HTML of every body to lines of text);
* ``markup``: the HTML step alone (``strip_markup`` over every body);
* ``dateline`` and ``lists``: reading the dateline of every story's first line and
  finding the list lines of every story (what items 5 and 6 added to normalize);
* ``normalize``: ``normalize_file`` of the first ``--stories`` records;
* ``lcut``: ``jieba.lcut`` over the same stories' text (the issue's yardstick).

Prints each, per story, and as a share of ``lcut``. Skips when the corpus is absent.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tasks.ingest import field_map_from_options, read_file, strip_markup
from tasks.model import FileRecord
from tasks.normalize import normalize_file
from tasks.normalize.chrome import classify, lines_of, list_lines
from tasks.normalize.metadata import read_dateline

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "xwlb-2012-2019"
MAPS = ["text=video_detail.content", "title=video_title", "date=pub_date", "id=video_id", "url=video_url"]


def cpu(fn) -> tuple[float, object]:
    t = time.process_time()
    out = fn()
    return time.process_time() - t, out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--year", default="2014")
    ap.add_argument("--stories", type=int, default=3000)
    args = ap.parse_args()
    path = CORPUS / f"xwlb-{args.year}.jsonl.gz"
    if not path.exists():
        print(f"skipped: {path} is absent (the shared corpora sit beside the clone)")
        return 0
    import jieba

    jieba.lcut("预热")  # load the dictionary outside the timing
    fm = field_map_from_options(records="videoList", maps=MAPS, source="新闻联播")
    read_file(path, fieldmap=fm)  # warm the caches (decoder tables, json)
    t_read, rec = cpu(lambda: read_file(path, fieldmap=fm))
    assert isinstance(rec, FileRecord), rec
    bodies = []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            for item in json.loads(line)["videoList"]:
                bodies.append((item.get("video_detail") or {}).get("content") or "")
    t_markup, _ = cpu(lambda: [strip_markup(b) for b in bodies])
    docs = rec.documents[: args.stories]
    heads = [d.text.split("\n", 1)[0] for d in docs]
    t_dateline, _ = cpu(lambda: [read_dateline(h) for h in heads])
    parsed = []
    for d in docs:
        ls = lines_of(d.text)
        classify(ls, frozenset())
        parsed.append(ls)
    t_lists, _ = cpu(lambda: [list_lines(ls) for ls in parsed])
    part = FileRecord(rec.file_id, rec.path, rec.size_bytes, rec.encoding, rec.format, "", docs)
    normalize_file(FileRecord("w", "w", 0, "utf-8", "jsonl", "", docs[:50]))
    t_norm, nf = cpu(lambda: normalize_file(part))
    texts = [a.text for a in nf.articles]  # type: ignore[attr-defined]
    t_lcut, _ = cpu(lambda: [jieba.lcut(t) for t in texts])
    n_all, n = len(rec.documents), len(docs)
    print(f"xwlb-{args.year}: {n_all:,} stories with text, {sum(map(len, texts)) / n:,.0f} characters a story; "
          f"first {n:,} for the per-story steps")
    print(f"{'step':<10} {'CPU s':>8} {'ms/story':>9} {'x lcut':>8}")
    lcut_per = t_lcut / n
    for name, secs, count in (("read", t_read, n_all), ("markup", t_markup, len(bodies)),
                              ("dateline", t_dateline, n), ("lists", t_lists, n),
                              ("normalize", t_norm, n), ("lcut", t_lcut, n)):
        per = secs / count
        print(f"{name:<10} {secs:8.3f} {1000 * per:9.3f} {per / lcut_per:8.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
