"""newsflow extract --jsonl: meetings and statements per line, and the line's "date"."""

from __future__ import annotations

import json
import subprocess
import sys

from tasks.db import ROOT

# seed 002, as normalized
TEXT = ("庆阳网讯(记者 何海峰 李彬)10月12日上午,全市深度贫困地区脱贫攻坚工作会议召开。\n市委书记贠建民出席会议并讲话。\n"
        "市委副书记、市长朱涛主持。\n贠建民指出,到2020年确保贫困人口如期脱贫,全面建成小康社会,是我们党作出的庄严承诺。")


def _extract(*lines: dict) -> list[dict]:
    stdin = "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines)
    out = subprocess.run([sys.executable, "-m", "flows", "extract", "--jsonl"], input=stdin,
                         capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert out.returncode == 0, out.stderr
    return [json.loads(line) for line in out.stdout.splitlines()]


def test_meetings_and_statements_with_the_lines_date() -> None:
    dated, undated = _extract({"id": 1, "text": TEXT, "date": "2017-10-12 19:00:00"}, {"id": 2, "text": TEXT})
    (meeting,) = dated["meetings"]
    assert (meeting["name"], meeting["date"], meeting["place"]) == ("全市深度贫困地区脱贫攻坚工作会议", "2017-10-12", None)
    assert [(r["role"], r["name"], r["title"]) for r in meeting["roles"]] == [
        ("speech", "贠建民", "市委书记"), ("chair", "朱涛", "市委副书记、市长")]
    (said,) = dated["statements"]
    assert (said["speaker"], said["verb"]) == ("贠建民", "指出")
    assert TEXT[said["start"] : said["end"]] == said["content"] and said["content"].startswith("到2020年")
    # without the line's date 10月12日 names no day: never invented
    assert undated["meetings"][0]["date"] is None and undated["meetings"][0]["name"] == meeting["name"]


def test_a_date_that_is_no_date_is_a_clear_error_for_that_line() -> None:
    bad, good = _extract({"id": "x", "text": TEXT, "date": "yesterday"}, {"id": "y", "text": TEXT, "date": "2017/10/12"})
    assert bad == {"id": "x", "error": "line 1: \"date\" is not a date (YYYY-MM-DD): 'yesterday'"}
    assert good["meetings"][0]["date"] == "2017-10-12"
