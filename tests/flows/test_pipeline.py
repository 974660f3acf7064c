"""The whole pipeline on the bundled samples, under a real (temporary) Prefect API."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from flows import cli
from flows.pipeline import QualityGateFailed, newsflow, run
from tasks import db as warehouse
from tasks.db import CONTRACT_TABLES, EXPECTATIONS_DIR, view_names

pytestmark = [pytest.mark.flow, pytest.mark.usefixtures("prefect_harness")]

# Tables every sample file must reach. rejected_files stays empty for good input; facts
# and slogans are not in every page (seed 000 holds no number but dates).
PER_FILE_TABLES = ("articles", "removed_lines", "term_counts", "keywords", "entities", "article_fingerprints")


def _counts(db: Path) -> dict[str, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in CONTRACT_TABLES}
    finally:
        con.close()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, prefect_harness: None) -> tuple[Path, object]:
    db = tmp_path_factory.mktemp("wh") / "newsflow.duckdb"
    summary = newsflow(paths=[str(warehouse.SAMPLES_DIR)], db=str(db))
    return db, summary


def test_samples_build_a_published_warehouse(built: tuple[Path, object]) -> None:
    db, summary = built
    assert summary.files_new == 5 and summary.published and summary.validation_success
    # opened from another process, read-only, like an analyst would
    script = (
        "import duckdb, json, sys; con = duckdb.connect(sys.argv[1], read_only=True);"
        "print(json.dumps({r[0]: 1 for r in con.execute('select table_name from duckdb_tables()').fetchall()}"
        " | {r[0]: 1 for r in con.execute('select view_name from duckdb_views() where not internal').fetchall()}))"
    )
    out = subprocess.run([sys.executable, "-c", script, str(db)], capture_output=True, text=True, check=True)
    names = set(json.loads(out.stdout))
    assert set(CONTRACT_TABLES) | {"runs"} | set(view_names()) <= names

    con = duckdb.connect(str(db), read_only=True)
    try:
        file_ids = {r[0] for r in con.execute("select file_id from files").fetchall()}
        assert len(file_ids) == 5
        for table in PER_FILE_TABLES:
            key = "file_id" if table in ("articles", "removed_lines") else "article_id"
            if key == "file_id":
                covered = {r[0] for r in con.execute(f"select distinct file_id from {table}").fetchall()}
            else:
                covered = {r[0] for r in con.execute(
                    f"select distinct a.file_id from {table} t join articles a using (article_id)").fetchall()}
            assert covered == file_ids, table
        # the five seeds never give one figure twice: nothing for summary_fact_conflicts to show
        for view in set(view_names()) - {"summary_fact_conflicts"}:
            assert con.execute(f"select count(*) from {view}").fetchone()[0] > 0, view
        run = con.execute("select files_seen, files_new, validation_success, published, flow_run_id from runs").fetchall()
        assert run[0][:4] == (5, 5, True, True) and run[0][4]
    finally:
        con.close()


def test_second_run_adds_nothing_and_says_so(built: tuple[Path, object]) -> None:
    db, _ = built
    before = _counts(db)
    summary = newsflow(paths=[str(warehouse.SAMPLES_DIR)], db=str(db))
    assert summary.files_new == 0 and summary.files_unchanged == 5
    assert "nothing new" in summary.message()
    assert _counts(db) == before


def test_failing_suite_blocks_publish_and_keeps_old_views(built: tuple[Path, object], tmp_path: Path) -> None:
    db, _ = built
    before = _counts(db)
    con = duckdb.connect(str(db), read_only=True)
    views_before = {v: con.execute(f"select count(*) from {v}").fetchone()[0] for v in view_names()}
    con.close()

    strict = tmp_path / "expectations"
    shutil.copytree(EXPECTATIONS_DIR, strict)
    spec = json.loads((strict / "articles.json").read_text(encoding="utf-8"))
    spec["expectations"].append({"type": "expect_column_values_to_be_between",
                                 "kwargs": {"column": "char_count", "max_value": 5}, "meta": {}})
    (strict / "articles.json").write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "new.txt").write_text("全市脱贫攻坚推进会召开\n\n会议强调，要坚决打赢脱贫攻坚战，确保全面建成小康社会。\n",
                                   encoding="utf-8")

    with pytest.raises(QualityGateFailed) as caught:
        run([str(inbox)], db=str(db), expectations_dir=str(strict))
    assert "articles.char_count:expect_column_values_to_be_between" in str(caught.value)

    assert _counts(db) == before
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert {v: con.execute(f"select count(*) from {v}").fetchone()[0] for v in view_names()} == views_before
        last = con.execute(
            "select validation_success, published, failed_expectations from runs order by started_at desc limit 1"
        ).fetchone()
        assert last[0] is False and last[1] is False
        assert "articles.char_count:expect_column_values_to_be_between" in last[2]
    finally:
        con.close()

    # nothing of the failed run was marked as loaded: with the shipped suites the file goes in
    assert cli.main(["run", str(inbox), "--db", str(db)]) == cli.EXIT_OK
    assert _counts(db)["files"] == before["files"] + 1


def test_cli_gate_failure_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    strict = tmp_path / "expectations"
    shutil.copytree(EXPECTATIONS_DIR, strict)
    spec = json.loads((strict / "files.json").read_text(encoding="utf-8"))
    spec["expectations"].append({"type": "expect_column_values_to_be_in_set",
                                 "kwargs": {"column": "encoding", "value_set": ["big5"]}, "meta": {}})
    (strict / "files.json").write_text(json.dumps(spec), encoding="utf-8")
    monkeypatch.setattr(warehouse, "EXPECTATIONS_DIR", strict)
    code = cli.main(["run", str(warehouse.SAMPLES_DIR / "002_e60fb4f248f0651b.txt"), "--db", str(tmp_path / "g.duckdb")])
    err = capsys.readouterr().err
    assert code == cli.EXIT_GATE_FAILED
    assert "quality gate failed" in err and "files.encoding:expect_column_values_to_be_in_set" in err


def test_names_found_with_a_title_are_known_to_later_runs(tmp_path: Path) -> None:
    first, later = tmp_path / "first", tmp_path / "later"
    first.mkdir()
    later.mkdir()
    # two articles give him a title: one could be a misreading
    (first / "a.txt").write_text("市委召开全体会议\n\n会议由市委副书记黄金滔主持。\n", encoding="utf-8")
    (first / "c.txt").write_text("市委理论学习中心组集中学习\n\n市委副书记黄金滔参加学习并发言。\n", encoding="utf-8")
    (later / "b.txt").write_text("全市扶贫工作推进会召开\n\n黄金滔认为，要压实责任。\n", encoding="utf-8")
    db = tmp_path / "w.duckdb"
    newsflow(paths=[str(first)], db=str(db))
    newsflow(paths=[str(later)], db=str(db))
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute(
            "select a.title, m.title, e.dict_version from entity_mentions m join articles a using (article_id)"
            " join entities e using (article_id, kind, name) where m.kind = 'person' and m.name = '黄金滔'"
            " order by a.title").fetchall()
    finally:
        con.close()
    # the later article names him without a title; its rows carry the names' hash too
    assert [(r[0], r[1]) for r in rows] == [
        ("全市扶贫工作推进会召开", None), ("市委召开全体会议", "市委副书记"), ("市委理论学习中心组集中学习", "市委副书记")]
    assert "+" in rows[0][2] and "+" not in rows[1][2] + rows[2][2]


def test_inline_chrome_is_loaded_as_parts_of_lines(tmp_path: Path) -> None:
    # a run-on article (THUCNews style): the page's furniture joined into the text
    text = "股市回暖 基金加仓本报讯 基金仓位回升，债券基金反弹。(XWT185)我要评论\n"
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(text, encoding="utf-8")
    db = tmp_path / "w.duckdb"
    summary = newsflow(paths=[str(tmp_path / "in")], db=str(db))
    assert summary.published and summary.validation_success
    con = duckdb.connect(str(db), read_only=True)
    try:
        parts = con.execute(
            "select r.text, r.reason, r.start_offset, r.end_offset, f.raw_text from removed_lines r"
            " join files f using (file_id) where r.start_offset is not null order by r.start_offset").fetchall()
        (body,) = con.execute("select text from articles").fetchone()
    finally:
        con.close()
    assert [(p[0], p[1]) for p in parts] == [("(XWT185)", "editor_line"), ("我要评论", "navigation")]
    assert all(p[4].split("\n")[0][p[2] : p[3]] == p[0] for p in parts)
    assert "我要评论" not in body and "XWT185" not in body
