"""Run artifacts in the Prefect API: stable keys, readable content, history per key."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from prefect import flow
from prefect_api import artifacts_of_run, artifacts_with_key
from warehouse_rows import RUN_1, RUN_2, make_warehouse

from flows.artifacts import (
    DOCS_KEY,
    FAILURES_KEY,
    PROGRESS_KEY,
    REJECTIONS_KEY,
    REPORT_KEY,
    RunProgress,
    publish_run_artifacts,
    run_findings,
)
from flows.pipeline import RunSummary
from tasks.load.validate import FailedExpectation

pytestmark = [pytest.mark.flow, pytest.mark.usefixtures("prefect_harness")]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_warehouse(tmp_path_factory.mktemp("wh") / "newsflow.duckdb")


def _summary(db: Path, **fields: Any) -> RunSummary:
    base: dict[str, Any] = dict(
        run_id=RUN_2, db=str(db), files_seen=3, files_new=1, files_unchanged=1,
        rejections=[("/inbox/bad.bin", "binary", "NUL bytes at offset 12")],
        articles=2, removed_by_reason={"share_bar": 1}, repairs_by_rule={"lookalike": 2},
        validation_success=True, published=True, seconds=1.5,
    )
    return RunSummary(**(base | fields))


@flow(name="newsflow-artifacts-test")
def report_run(summary: RunSummary, failures: list[FailedExpectation], db: Path, total: int) -> None:
    progress = RunProgress(total, stream=io.StringIO(), after_seconds=0)
    for done in (total // 2, total):
        progress.update(done)
    progress.finish()
    publish_run_artifacts(summary, failures, db)


def _run(summary: RunSummary, failures: list[FailedExpectation], db: Path) -> UUID:
    state = report_run(summary, failures, db, 1000, return_state=True)
    assert state.is_completed(), state
    flow_run_id = state.state_details.flow_run_id
    assert flow_run_id is not None
    return flow_run_id


def _artifacts(flow_run_id: UUID) -> dict[str, Any]:
    return artifacts_of_run(flow_run_id)


def _by_key(key: str) -> list[Any]:
    return artifacts_with_key(key)


def test_findings_name_only_what_this_run_brought(db: Path) -> None:
    found = run_findings(db, RUN_2)
    # 李再勇 first appears in run-2; 张柱 (also in run-2) was already in run-1.
    assert [name for name, *_ in found["officials"]] == ["李再勇"]
    assert list(found["officials"][0][1]) == ["县委书记"]
    assert [phrase for phrase, *_ in found["slogans"]] == ["四个不摘"]
    terms = [t for t, *_ in found["terms"]]
    assert terms[0] == "乡村振兴" and "2018" not in terms
    # run-1's duplicate article a3 does not count
    first = run_findings(db, RUN_1)
    assert {n for n, *_ in first["officials"]} == {"石泰峰", "张柱"}


def test_a_published_run_gets_its_report_tables_link_and_progress(db: Path, tmp_path: Path) -> None:
    docs = tmp_path / "gx" / "index.html"
    docs.parent.mkdir()
    docs.write_text("<html></html>")
    flow_run_id = _run(_summary(db, docs_index=str(docs)), [], db)
    artifacts = _artifacts(flow_run_id)
    assert {k: a.type for k, a in artifacts.items()} == {
        REPORT_KEY: "markdown", REJECTIONS_KEY: "table", FAILURES_KEY: "table",
        DOCS_KEY: "markdown", PROGRESS_KEY: "progress",  # Prefect stores a link as markdown
    }
    report = artifacts[REPORT_KEY].data
    assert "passed" in report and "| 3 | 1 | 1 |" in report
    assert "| binary | 1 |" in report and "| share_bar | 1 |" in report and "| lookalike | 2 |" in report
    new_officials = report.split("## New officials")[1].split("##")[0]
    assert "李再勇" in new_officials and "县委书记" in new_officials and "张柱" not in new_officials
    assert "四个不摘" in report.split("## New slogans")[1].split("##")[0]
    assert "乡村振兴" in report.split("## Top terms")[1]

    rejections = json.loads(artifacts[REJECTIONS_KEY].data)
    assert rejections == [{"path": "/inbox/bad.bin", "reason": "binary", "detail": "NUL bytes at offset 12"}]
    assert docs.resolve().as_uri() in artifacts[DOCS_KEY].data
    assert float(artifacts[PROGRESS_KEY].data) == 100.0


def test_a_failed_gate_reports_the_failures(db: Path) -> None:
    failures = [FailedExpectation("articles", "expect_column_values_to_not_be_null", "title", 2, ("a9", "a10")),
                FailedExpectation("facts", "expect_column_values_to_be_between", "value", 1, ("-5",))]
    summary = _summary(db, validation_success=False, published=False,
                       failures=failures)
    artifacts = _artifacts(_run(summary, failures, db))
    report = artifacts[REPORT_KEY].data
    assert "FAILED" in report and "articles.title:expect_column_values_to_not_be_null" in report
    assert "nothing was published" in report  # no findings claimed from unpublished rows
    table = json.loads(artifacts[FAILURES_KEY].data)
    assert [(r["suite"], r["column"], r["unexpected_count"]) for r in table] == [
        ("articles", "title", 2), ("facts", "value", 1)]
    assert table[0]["sample"] == "a9, a10"
    assert DOCS_KEY not in artifacts  # no Data Docs path, no link


def test_keys_are_stable_so_the_ui_keeps_a_history(db: Path) -> None:
    before = len(_by_key(REPORT_KEY))
    _run(_summary(db), [], db)
    _run(_summary(db), [], db)
    assert len(_by_key(REPORT_KEY)) == before + 2


def test_outside_a_flow_run_nothing_is_created_and_nothing_raises(db: Path) -> None:
    before = len(_by_key(REPORT_KEY))
    publish_run_artifacts(_summary(db), [], db)
    progress = RunProgress(100, stream=io.StringIO(), after_seconds=0)
    progress.update(50)
    progress.finish()
    assert progress.artifact_id is None
    assert len(_by_key(REPORT_KEY)) == before


# ------------------------------------------------------- terminal progress


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_prints_a_line_per_step_when_not_a_terminal() -> None:
    out = io.StringIO()
    progress = RunProgress(1000, stream=out, after_seconds=0, step_percent=25)
    for done in range(0, 1001, 50):
        progress.update(done)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("newsflow:   0.0%") and lines[-1].startswith("newsflow: 100.0%")
    assert len(lines) == 5  # 0, 25, 50, 75, 100


def test_progress_redraws_one_line_on_a_terminal() -> None:
    out = _Terminal()
    progress = RunProgress(1000, stream=out, after_seconds=0)
    for done in (100, 500, 1000):
        progress.update(done)
    progress.finish()
    text = out.getvalue()
    assert text.count("\r") == 3 and text.count("\n") == 1 and " 50.0%" in text


def test_short_runs_stay_quiet() -> None:
    out = io.StringIO()
    progress = RunProgress(1000, stream=out, after_seconds=3600)
    progress.update(1000)
    progress.finish()
    assert out.getvalue() == ""
