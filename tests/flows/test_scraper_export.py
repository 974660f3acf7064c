"""Issue #20: a scraper's compressed, nested export through the real command, and back
through ``--full-refresh`` without the input.

The export is shaped like the broadcast corpus (one day per line of a ``.jsonl.gz``,
stories under ``videoList``, HTML bodies under ``video_detail.content``), with a list of
leaders, an empty story, and a dateline; the options are the judged command's.
"""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest
from _runner import (  # noqa: F401 — prefect_api, product are fixtures
    TABLES,
    child_env,
    copy_warehouse,
    diff_snapshots,
    prefect_api,
    product,
    query,
    run_newsflow,
    snapshot,
)

pytestmark = [pytest.mark.flow, pytest.mark.slow]

OPTIONS = ["--records", "videoList", "--map", "text=video_detail.content", "--map", "title=video_title",
           "--map", "date=pub_date", "--map", "id=video_id", "--map", "url=video_url", "--source", "新闻联播"]
DERIVED = tuple(t for t in TABLES if t not in ("files", "rejected_files"))

STORIES = [
    ("[视频]外国领导人向习近平表示祝贺",
     "<p>　　央视网消息(新闻联播)：一些国家的领导人今天向习近平表示祝贺。</p>\r\n<p>　　他们是：</p>\r\n"
     "<p>　　越南国家主席 张晋创</p>\r\n<p>　　老挝国家主席 朱马里</p>\r\n<p>　　向中央军委主席习近平致贺的有：</p>\r\n"
     "<p>　　越南国家主席 张晋创</p>"),
    ("[视频]国内联播快讯",
     "<p>　　我国南极科考队到达最南纬度</p>\r\n<p>　　我国第29次南极科学考察队到达历史最南纬度。</p>\r\n"
     "<p>　　文献片《中国书法五千年》今晚播出</p>\r\n<p>　　八集大型文献片今晚起播出，&ldquo;篆隶草行楷&rdquo;。</p>"),
    ("[视频]空的", ""),
    ("[视频]新华社电", "<p>　　新华社北京3月13日电（记者 张三）1997年7月1日，香港回归祖国。今天举行纪念活动。</p>"),
]


def _export() -> bytes:
    days = []
    for d, day in enumerate(("2013-03-14", "2013-03-15")):
        items = [{"video_id": f"VIDE{d}{k}", "video_title": title, "pub_date": f"{day} 19:3{k}:00",
                  "video_url": f"https://tv.cctv.com/VIDE{d}{k}.shtml", "video_detail": {"content": body}}
                 for k, (title, body) in enumerate(STORIES)]
        days.append(json.dumps({"total": len(items), "videoList": items}, ensure_ascii=False))
    return gzip.compress(("\n".join(days) + "\n").encode("utf-8"))


def test_export_loads_one_article_per_record_and_refreshes_identically(
    tmp_path: Path, prefect_api: str | None, product: Path,  # noqa: F811
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "xwlb-2013.jsonl.gz").write_bytes(_export())
    env = child_env(tmp_path / "prefect-home", prefect_api, product)
    db = tmp_path / "wh" / "news.duckdb"
    db.parent.mkdir()

    wrong = run_newsflow(["run", inbox, "--db", db, "--records", "videoList", "--map", "text=video_detail.body"], env=env)
    assert wrong.code == 0 and "field_not_found" in wrong.output and "video_detail.content" in wrong.output, wrong.describe()

    first = run_newsflow(["run", inbox, "--db", db, *OPTIONS, "--workers", "2"], env=env)
    assert first.code == 0 and "Traceback" not in first.output, first.describe()
    rows = query(db, "select source_id, title, published_date::varchar, source, url, text from articles "
                     "order by source_id")
    assert [r[0] for r in rows] == ["VIDE00", "VIDE01", "VIDE03", "VIDE10", "VIDE11", "VIDE13"]  # empty stories: none
    assert {r[1] for r in rows} == {t for t, b in STORIES if b}
    assert [r[2] for r in rows] == ["2013-03-14"] * 3 + ["2013-03-15"] * 3  # the record's date, not 1997
    assert {r[3] for r in rows} == {"新闻联播"} and rows[0][4] == "https://tv.cctv.com/VIDE00.shtml"
    texts = {r[0]: r[5] for r in rows}
    assert texts["VIDE00"].count("越南国家主席 张晋创") == 2 and not texts["VIDE00"].startswith("央视网")
    assert "南极" in texts["VIDE01"] and "书法" in texts["VIDE01"] and "“篆隶草行楷”" in texts["VIDE01"]
    assert texts["VIDE03"].startswith("1997年7月1日")
    assert not any("<" in t or "&" in t for t in texts.values())
    (authors,), = query(db, "select authors from articles where source_id = 'VIDE03'")
    assert authors == ["张三"]
    reasons = query(db, "select reason, count(*) from removed_lines group by 1 order by 1")
    assert reasons == [("dateline", 4)], reasons
    (flags, field_map), = query(db, "select quality_flags, field_map from files")
    assert "records_with_empty_text:2" in flags and json.loads(field_map)["records"] == "videoList"

    # --full-refresh re-reads files.raw_text with files.field_map: the same articles, without the input
    copy = copy_warehouse(db, tmp_path / "wh2" / "news.duckdb")
    before = snapshot(copy, ignore=["dict_version"])
    shutil.rmtree(inbox)
    refresh = run_newsflow(["run", "--full-refresh", "--db", copy], env=env)
    assert refresh.code == 0, refresh.describe()
    after = snapshot(copy, ignore=["dict_version"])
    changed = {t for t in DERIVED if after[t] != before[t]}
    assert not changed, diff_snapshots({t: before[t] for t in changed}, {t: after[t] for t in changed})
