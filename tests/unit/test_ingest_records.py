"""Scraper exports (issue #20 items 1-3): field maps, record formats, compression, HTML in fields.

Synthetic records shaped like real exports (the broadcast corpus's ``videoList`` items),
plus one real day of ``../shared/corpora/xwlb-2012-2019`` (skipped when absent).
"""

from __future__ import annotations

import bz2
import gzip
import io
import json
import lzma
from pathlib import Path

import pytest

from tasks import reasons
from tasks.ingest import FieldMap, FieldMapError, field_map_from_options, load_config, read_file
from tasks.ingest.fieldmap import MISSING, lookup, parse_map_option
from tasks.ingest.formats import input_kind, sniff_format
from tasks.ingest.markup import strip_markup
from tasks.model import FileRecord, Rejection
from tests.conftest import corpus_path

XWLB = field_map_from_options(
    records="videoList",
    maps=["text=video_detail.content", "title=video_title", "date=pub_date", "id=video_id", "url=video_url"],
    source="新闻联播",
)

BODY = (
    "<p>\u3000\u3000央视网消息(新闻联播)：一些国家的党和国家领导人今天向习近平表示祝贺。</p>\r\n"
    "<p>\u3000\u3000他们是：</p>\r\n<p>\u3000\u3000越南国家主席 张晋创</p>\r\n"
    "<p>\u3000\u3000&ldquo;中国梦&rdquo;深入人心&nbsp;。</p>"
)


def _day(date: str, *items: dict) -> dict:
    return {"total": len(items), "videoList": list(items)}


def _item(n: int, date: str, content: str | None, title: str = "[视频]标题") -> dict:
    detail = {"id": f"VIDE{n}", "title": title} | ({"content": content} if content is not None else {})
    return {"num": str(n), "video_id": f"VIDE{n}", "video_title": f"{title}{n}", "pub_date": f"{date} 19:0{n % 10}:00",
            "video_url": f"https://tv.cctv.com/x/VIDE{n}.shtml", "video_detail": detail}


def _export() -> str:
    return "\n".join(json.dumps(d, ensure_ascii=False) for d in (
        _day("2013-03-14", _item(1, "2013-03-14", BODY), _item(2, "2013-03-14", "")),
        _day("2013-03-15", _item(3, "2013-03-15", "<p>　　第二天的新闻。</p>"), _item(4, "2013-03-15", None)),
    )) + "\n"


def _record(r: FileRecord | Rejection) -> FileRecord:
    assert isinstance(r, FileRecord), r
    return r


def _reject(r: FileRecord | Rejection, reason: str) -> Rejection:
    assert isinstance(r, Rejection), r
    assert r.reason == reason, r
    return r


# ----------------------------------------------------------------- field maps


def test_map_option_and_errors() -> None:
    assert parse_map_option("text=video_detail.content") == ("text", "video_detail.content")
    for bad in ("text", "body=x", "text=", "text=a..b"):
        with pytest.raises(FieldMapError):
            parse_map_option(bad)


def test_config_file_and_options_win(tmp_path: Path) -> None:
    cfg = tmp_path / "newsflow.toml"
    cfg.write_text('[input]\nrecords = "videoList"\nsource = "新闻联播"\n\n[input.map]\n'
                   'text = "video_detail.content"\ndate = "pub_date"\n', encoding="utf-8")
    assert load_config(cfg) == FieldMap("videoList", (("text", "video_detail.content"), ("date", "pub_date")), "新闻联播")
    fm = field_map_from_options(maps=["date=video_detail.pubtime"], source="CCTV", config=cfg)
    assert fm.path("date") == "video_detail.pubtime" and fm.path("text") == "video_detail.content"
    assert fm.source == "CCTV" and fm.records == "videoList"
    assert FieldMap.from_json(fm.to_json()) == fm and FieldMap().to_json() is None
    (tmp_path / "bad.toml").write_text("[output]\n", encoding="utf-8")
    with pytest.raises(FieldMapError, match=r"no \[input\] table"):
        load_config(tmp_path / "bad.toml")


def test_lookup_dot_paths() -> None:
    rec = {"a": {"b": [{"c": "x"}]}, "d.e": 1}
    assert lookup(rec, "a.b.0.c") == "x" and lookup(rec, "d.e") == 1  # a key holding the whole path
    assert lookup(rec, "a.z") is MISSING and lookup(rec, "a.b.5") is MISSING


# --------------------------------------------------------------- HTML in fields


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (BODY, "央视网消息(新闻联播)：一些国家的党和国家领导人今天向习近平表示祝贺。\n他们是：\n"
               "越南国家主席 张晋创\n“中国梦”深入人心 。"),
        ("第一段<br/>第二段<script>var x=1;</script><!-- ad -->", "第一段\n第二段"),  # br ends a line; scripts go
        ("&amp;ldquo;两会&amp;rdquo;", "“两会”"),  # entities escaped twice
        ("AT&T 3<5 且 R&D", "AT&T 3<5 且 R&D"),  # plain text: untouched
        ("<p><strong>标题</strong>正文</p>", "标题正文"),  # inline tags join their text
    ],
)
def test_strip_markup(value: str, text: str) -> None:
    assert strip_markup(value) == text


# --------------------------------------------------------------- record formats


def test_nested_export_one_document_per_record(tmp_path: Path) -> None:
    path = tmp_path / "xwlb.jsonl"
    path.write_text(_export(), encoding="utf-8")
    rec = _record(read_file(path, fieldmap=XWLB))
    assert rec.format == "jsonl" and rec.raw_text == _export() and rec.field_map == XWLB.to_json()
    assert [d.meta["id"] for d in rec.documents] == ["VIDE1", "VIDE3"]  # the empty and the missing are counted
    assert set(rec.quality_flags) == {"records_with_empty_text:1", "records_without_text:1"}
    first = rec.documents[0]
    assert first.record and first.meta == {
        "line": "1", "record": "0", "title": "[视频]标题1", "date": "2013-03-14 19:01:00",
        "url": "https://tv.cctv.com/x/VIDE1.shtml", "id": "VIDE1", "source": "新闻联播"}
    assert "<p>" not in first.text and "&ldquo;" not in first.text and first.text.startswith("央视网消息")


@pytest.mark.parametrize(
    ("options", "names"),
    [
        ({"records": "videoLst"}, "--records videoLst"),
        ({"records": "videoList", "maps": ["text=video_detail.content", "title=video_titel"]}, "title=video_titel"),
        ({"records": "videoList", "maps": ["text=video_detail.body"]}, "text=video_detail.body"),
    ],
)
def test_a_path_that_matches_nothing_rejects_the_file(tmp_path: Path, options: dict, names: str) -> None:
    path = tmp_path / "xwlb.jsonl"
    path.write_text(_export(), encoding="utf-8")
    r = _reject(read_file(path, fieldmap=field_map_from_options(**options)), reasons.FIELD_NOT_FOUND)
    assert names in r.detail and ("videoList" in r.detail or "video_title" in r.detail)  # one record's keys


def test_a_day_without_stories_is_empty(tmp_path: Path) -> None:
    # 2012-12-16 … 22 of the broadcast corpus: {"total": 0, "videoList": []}
    path = tmp_path / "20121216.json"
    path.write_text(json.dumps(_day("2012-12-16")), encoding="utf-8")
    _reject(read_file(path, fieldmap=XWLB), reasons.EMPTY)


def test_records_all_empty_is_no_text(tmp_path: Path) -> None:
    path = tmp_path / "empty.json"
    path.write_text(json.dumps(_day("2013-01-01", _item(1, "2013-01-01", ""))), encoding="utf-8")
    r = _reject(read_file(path, fieldmap=XWLB), reasons.NO_TEXT)
    assert "video_detail.content" in r.detail


@pytest.mark.parametrize(
    ("name", "pack"),
    [
        ("x.jsonl.gz", gzip.compress),
        ("x.jsonl.bz2", bz2.compress),
        ("x.jsonl.xz", lzma.compress),
        ("x.jsonl.zst", lambda b: __import__("zstandard").ZstdCompressor().compress(b)),
    ],
)
def test_compressed_inputs(tmp_path: Path, name: str, pack) -> None:
    raw = _export().encode("utf-8")
    (tmp_path / name).write_bytes(pack(raw))
    rec = _record(read_file(tmp_path / name, fieldmap=XWLB))
    assert rec.raw_text == _export() and len(rec.documents) == 2 and rec.size_bytes < len(raw) + 64


def test_compressed_damage_and_bombs(tmp_path: Path) -> None:
    data = gzip.compress(_export().encode("utf-8"))
    (tmp_path / "cut.jsonl.gz").write_bytes(data[: len(data) // 2])
    _reject(read_file(tmp_path / "cut.jsonl.gz", fieldmap=XWLB), reasons.TRUNCATED)
    (tmp_path / "not.jsonl.gz").write_bytes(b"plain text, not gzip")
    _reject(read_file(tmp_path / "not.jsonl.gz"), reasons.UNDECODABLE)
    (tmp_path / "bomb.txt.gz").write_bytes(gzip.compress(b"a" * 5000))
    _reject(read_file(tmp_path / "bomb.txt.gz", max_bytes=4000), reasons.TOO_LARGE)


def test_json_array_csv_and_parquet_with_the_same_map(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = [{"body": "<p>正文一。</p>", "headline": "标题一", "day": "2019-05-01", "sid": 1},
            {"body": "正文二。", "headline": "标题二", "day": "2019-05-02", "sid": 2}]
    fm = field_map_from_options(maps=["text=body", "title=headline", "date=day", "id=sid"])
    (tmp_path / "a.json").write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    buf = io.StringIO()
    buf.write("body,headline,day,sid\n")
    for r in rows:
        buf.write(f"\"{r['body']}\",{r['headline']},{r['day']},{r['sid']}\n")
    (tmp_path / "a.csv").write_text(buf.getvalue(), encoding="utf-8")
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "a.parquet")
    for name in ("a.json", "a.csv", "a.parquet"):
        rec = _record(read_file(tmp_path / name, fieldmap=fm))
        got = [(d.text, d.meta["title"], d.meta["date"], d.meta["id"]) for d in rec.documents]
        assert got == [("正文一。", "标题一", "2019-05-01", "1"), ("正文二。", "标题二", "2019-05-02", "2")], name
    # a Parquet file's raw_text is its rows as JSON Lines: what --full-refresh re-reads
    rec = _record(read_file(tmp_path / "a.parquet", fieldmap=fm))
    assert [json.loads(line)["headline"] for line in rec.raw_text.splitlines()] == ["标题一", "标题二"]


def test_pages_by_extension_and_by_sniffing(tmp_path: Path) -> None:
    page = ("<!DOCTYPE html><html><head><title>深圳召开推进会</title></head><body><article><h1>深圳召开推进会</h1>"
            + "<p>全市决战决胜脱贫攻坚推进会召开，会议强调要坚决打赢脱贫攻坚战，确保如期全面完成目标任务。</p>" * 4
            + "</article></body></html>")
    assert input_kind("VIDE1.shtml") == ("html", None) and input_kind("index.php") == ("html", None)
    assert input_kind("a.jsonl.gz") == ("jsonl", "gzip") and input_kind("a.png") is None
    for name in ("VIDE1.shtml", "page.aspx", "VIDE1363260843312138"):
        (tmp_path / name).write_text(page, encoding="utf-8")
        rec = _record(read_file(tmp_path / name))
        assert rec.format == "html" and "推进会" in rec.documents[0].text, name
    assert sniff_format('{"text": "x"}') == "json" and sniff_format("脱贫攻坚") == "txt"


def test_default_map_keeps_newsflow_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "own.jsonl"
    path.write_text(json.dumps({"text": "正文。", "title": "标", "date": "2020-03-13", "id": "a1"},
                               ensure_ascii=False) + "\n", encoding="utf-8")
    (doc,) = _record(read_file(path)).documents
    assert doc.record and doc.meta == {"line": "1", "title": "标", "date": "2020-03-13", "id": "a1"}


def test_real_broadcast_day() -> None:
    src = corpus_path("xwlb-2012-2019", "xwlb-2013.jsonl.gz")
    with gzip.open(src, "rt", encoding="utf-8") as f:
        line = next(f)
    items = json.loads(line)["videoList"]
    from tasks.ingest.records import parse_jsonl

    docs = parse_jsonl(line, XWLB).documents
    with_text = [it for it in items if ((it.get("video_detail") or {}).get("content") or "").strip()]
    assert [d.meta["id"] for d in docs] == [it["video_id"] for it in with_text]
    assert [d.meta["title"] for d in docs] == [it["video_title"] for it in with_text]
    assert all("<" not in d.text and "&" not in d.text and "\u3000" not in d.text for d in docs)
