"""The command line as a user meets it: help, one-off JSON lines, status, clear errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from flows.cli import build_parser, main
from tasks.db import ROOT


def _newsflow(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "flows", *args], input=stdin, capture_output=True,
                          text=True, cwd=ROOT, timeout=300)


def test_help_explains_every_option() -> None:
    parser = build_parser()
    verbs = next(a for a in parser._actions if a.dest == "verb").choices
    for name, sub in verbs.items():
        for action in sub._actions:
            if action.dest != "help":
                assert action.help, f"{name} {action.dest} has no help"


LINES = [
    {"id": 1, "text": "市委書記王偉中出席會議並講話"},  # Traditional → Simplified
    {"id": "b", "text": "人民*府的財政收入，鈈漏一村"},  # mask, context look-alike, look-alike
    {"id": 3, "text": ""},  # empty text still gets an answer
]


def test_normalize_jsonl_answers_every_line() -> None:
    stdin = "\n".join(json.dumps(x, ensure_ascii=False) for x in LINES) + "\nnot json\n"
    out = _newsflow("normalize", "--jsonl", stdin=stdin)
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r.get("id") for r in rows] == [1, "b", 3, None]
    assert rows[0]["text"] == "市委书记王伟中出席会议并讲话" and rows[0]["script"] == "traditional"
    assert "不漏一村" in rows[1]["text"]
    assert {r["rule"] for r in rows[1]["repairs"]} >= {"lookalike"}
    assert "error" in rows[3]


def test_normalize_jsonl_cuts_inline_chrome_with_offsets() -> None:
    # a THUCNews-style run-on article: the page's furniture joined into the text
    text = "股市回暖 基金加仓本报讯 基金仓位回升。我要评论相关新闻：基金净值普涨 债券基金反弹我要评论"
    out = _newsflow("normalize", "--jsonl", stdin=json.dumps({"id": 1, "text": text}, ensure_ascii=False) + "\n")
    assert out.returncode == 0, out.stderr
    (row,) = [json.loads(line) for line in out.stdout.splitlines()]
    assert row["text"] == "股市回暖 基金加仓本报讯 基金仓位回升。"
    parts = row["removed_lines"]
    assert [p["reason"] for p in parts] == ["navigation", "related_links", "navigation"]
    assert all(text[p["start"] : p["end"]] == p["text"] for p in parts)
    assert "".join(p["text"] for p in parts) == "我要评论相关新闻：基金净值普涨 债券基金反弹我要评论"


def test_extract_jsonl_answers_every_line_with_offsets_into_the_input() -> None:
    text = "省政协主席韩勇说，截至2018年底我省六盘山片区7.2万户26.65万人脱贫，紧扣“两不愁 三保障”。"
    stdin = json.dumps({"id": "x", "text": text}, ensure_ascii=False) + "\n" + json.dumps({"id": 2, "text": "你好"}) + "\n"
    out = _newsflow("extract", "--jsonl", stdin=stdin)
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r["id"] for r in rows] == ["x", 2]
    first = rows[0]
    assert set(first) >= {"entities", "facts", "slogans", "keywords"}
    for e in first["entities"]:
        assert text[e["start"] : e["end"]] == e["name"]
    assert any(e["kind"] == "person" and e["name"] == "韩勇" and e["title"] for e in first["entities"])
    assert any(f["value"] == 266500 for f in first["facts"])
    assert any(s["phrase"] == "两不愁三保障" for s in first["slogans"])


def test_extract_names_are_the_input_as_written_with_the_canonical_name_beside() -> None:
    text = "市委書記王偉中出席會議並講話"
    out = _newsflow("extract", "--jsonl", stdin=json.dumps({"text": text}, ensure_ascii=False) + "\n")
    assert out.returncode == 0, out.stderr
    (row,) = [json.loads(line) for line in out.stdout.splitlines()]
    person = next(e for e in row["entities"] if e["kind"] == "person")
    assert (person["name"], person["canonical"]) == ("王偉中", "王伟中")
    assert text[person["start"] : person["end"]] == person["name"]


def test_status_without_warehouse_says_what_to_do(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["status", "--db", str(tmp_path / "none.duckdb")]) != 0
    assert "newsflow run" in capsys.readouterr().err
