"""``newsflow report --html``: one self-contained page, drawn by a real browser."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest
from browser import browser, chromium_path
from warehouse_rows import make_warehouse

from flows import operate
from flows.cli import build_parser, main
from tasks.db import connect
from tasks.report import ReportError, build_report

CHART_IDS = {"chart-timeline", "chart-terms", "chart-people", "chart-tenures", "chart-places",
             "chart-countries", "chart-slogans", "chart-facts", "chart-quality"}

# Where the browser test leaves its screenshot, for a human to look at after a run.
SCREENSHOT = Path("/tmp/newsflow-report-test.png")


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = make_warehouse(tmp_path_factory.mktemp("wh") / "newsflow.duckdb")
    return build_report(db, db.with_name("report.html"))


def _cli(argv: list[str]) -> argparse.Namespace:
    return build_parser().parse_args(argv)


def test_report_is_one_self_contained_file(report: Path) -> None:
    page = report.read_text(encoding="utf-8")
    # Nothing is fetched: no external script, stylesheet, image, font or frame.
    assert not re.search(r"""<(script|link|img|iframe|source)\b[^>]*\b(src|href)\s*=\s*["']?(https?:)?//""",
                         page, re.I)
    assert not re.search(r"""@import|url\(\s*["']?(https?:)?//""", page, re.I)
    # The chart library is inlined (vega-embed's global), and every chart has its spec inline.
    assert "vegaEmbed" in page and page.count("<script") == 2
    for chart in CHART_IDS:
        assert f'id="{chart}"' in page
    # Chinese comes through as text (not \\u escapes), with a CJK font list for the charts.
    assert "两不愁三保障" in page and "自治区党委书记" in page and "宁夏回族自治区" in page
    assert "Noto Sans CJK SC" in page


def test_report_reads_the_views_it_shows(report: Path) -> None:
    page = report.read_text(encoding="utf-8")
    # The duplicate article a3 is not counted: 固原市扶贫工作会议 once, 4 distinct stories.
    assert '"4 distinct stories"' in page
    # The undated article is reported, not silently dropped from the timeline.
    assert "1 article(s) whose text gives no year are not shown" in page


def test_text_from_the_data_cannot_break_out_of_the_page(tmp_path: Path) -> None:
    db = make_warehouse(tmp_path / "newsflow.duckdb")
    con = connect(db)
    con.execute("insert into slogans (article_id, phrase, raw, mentions) values ('a1', '</script><script>alert(1)</script>', 'x', 1)")
    con.execute("insert into slogan_phrases (phrase, kind, known, in_list, quotes, quoted_articles, dict_version) "
                "values ('</script><script>alert(1)</script>', 'slogan', true, false, 1, 1, 't')")
    con.execute("insert into slogan_uses values ('a1', '</script><script>alert(1)</script>', 1, true)")
    con.execute("insert into entities values ('a1', 'person', '<b>王</b>', '书记', 1, null, null, null, null, 't', null)")
    con.close()
    page = build_report(db, tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in page
    assert "<b>王</b>" not in page and "&lt;b&gt;王&lt;/b&gt;" in page


def test_missing_warehouse_says_run_first(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "none.duckdb"
    with pytest.raises(ReportError, match="newsflow run"):
        build_report(missing, tmp_path / "r.html")
    args = _cli(["report", "--db", str(missing), "--html", str(tmp_path / "r.html")])
    assert operate.main_report(args) == operate.EXIT_USAGE
    assert "run 'newsflow run" in capsys.readouterr().err
    assert not (tmp_path / "r.html").exists()


def test_unpublished_warehouse_is_explained(tmp_path: Path) -> None:
    db = tmp_path / "newsflow.duckdb"
    con = connect(db)
    con.execute("create table runs (started_at timestamp)")  # a warehouse that never published
    con.close()
    with pytest.raises(ReportError, match="no published views"):
        build_report(db, tmp_path / "r.html")


def test_cli_report_writes_the_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = make_warehouse(tmp_path / "newsflow.duckdb")
    out = tmp_path / "out" / "report.html"
    assert main(["report", "--db", str(db), "--html", str(out)]) == operate.EXIT_OK
    assert out.exists() and "report written to" in capsys.readouterr().out


# ------------------------------------------------------------------ browser

CHROMIUM = chromium_path()
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="headless Chromium not installed (/usr/bin/chromium): `apt-get install -y chromium`, "
           "as .ci/run does, to check that the report's charts draw in a real browser",
)

# Count drawn marks per chart: bars are <path> in .mark-rect groups, labels <text>.
PROBE = """
Array.from(document.querySelectorAll("div.chart")).map(div => ({
  id: div.id,
  svg: div.querySelectorAll("svg").length,
  bars: div.querySelectorAll("svg g.mark-rect path").length,
  texts: div.querySelectorAll("svg text").length,
  width: div.getBoundingClientRect().width,
  error: div.classList.contains("chart-error"),
}))
"""
READY = 'document.body && document.body.dataset.rendered === "done"'


@needs_chromium
def test_charts_draw_in_headless_chromium(report: Path) -> None:
    assert CHROMIUM is not None
    with browser(CHROMIUM) as b:
        seen = b.render(report.as_uri(), ready=READY, probe=PROBE, screenshot=True)
    assert seen.errors == [], seen.errors
    # Offline: the page asked for nothing but itself.
    assert [u for u in seen.requests if not u.startswith(("file:", "data:", "about:"))] == []
    charts = {c["id"]: c for c in seen.value}
    assert set(charts) == CHART_IDS
    for chart in charts.values():
        assert not chart["error"], chart
        assert chart["svg"] >= 1 and chart["bars"] > 0 and chart["texts"] > 0 and chart["width"] > 100, chart
    assert seen.screenshot and seen.screenshot.startswith(b"\x89PNG")
    SCREENSHOT.write_bytes(seen.screenshot)


@needs_chromium
def test_browser_check_catches_console_errors(tmp_path: Path) -> None:
    """The check above is not vacuous: a page that logs an error is caught."""
    assert CHROMIUM is not None
    page = tmp_path / "bad.html"
    page.write_text('<body><script>console.error("broken chart"); document.body.dataset.rendered = "done";'
                    "</script></body>", encoding="utf-8")
    with browser(CHROMIUM) as b:
        seen = b.render(page.as_uri(), ready=READY, probe="1")
    assert any("broken chart" in e for e in seen.errors)
