"""Issue 5: a changed file replaces its old version; ``--full-refresh`` needs no inputs;
a failing quality gate publishes nothing and says why.

History built once per module (real runs, real files):

1. ``inbox/a.txt`` (seed 002, UTF-8), ``inbox/b.txt`` (seed 000, Big5) and
   ``inbox/c.txt`` (seed 000 again, UTF-8: the same story as b);
2. ``a.txt`` is edited in place (a paragraph added) and the folder run again.

Each test then works on its own copy of the warehouse.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from _runner import (  # noqa: F401 — prefect_api, product are fixtures
    TABLES,
    Result,
    child_env,
    copy_warehouse,
    diff_snapshots,
    prefect_api,
    product,
    query,
    run_newsflow,
    seed_texts,
    snapshot,
    snapshot_product,
)

pytestmark = [pytest.mark.flow, pytest.mark.slow]

DERIVED = tuple(t for t in TABLES if t not in ("files", "rejected_files"))
ADDED = "\n\n会议要求，各级各部门要进一步压实责任，确保脱贫攻坚各项任务按期完成，坚决防止规模性返贫。\n"


@dataclass
class History:
    base: Path
    inbox: Path
    env: dict[str, str]
    db: Path  # after both runs
    v1: bytes
    v2: bytes
    second: Result


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory, prefect_api: str | None, product: Path) -> History:  # noqa: F811
    base = tmp_path_factory.mktemp("refresh")
    inbox = base / "inbox"
    inbox.mkdir()
    texts = seed_texts()
    v1 = texts["002"].encode("utf-8")
    v2 = (texts["002"].rstrip("\n") + ADDED).encode("utf-8")
    (inbox / "a.txt").write_bytes(v1)
    (inbox / "b.txt").write_bytes(texts["000"].encode("big5"))
    (inbox / "c.txt").write_bytes(texts["000"].encode("utf-8"))
    env = child_env(base / "prefect-home", prefect_api, product)
    db = base / "wh" / "news.duckdb"
    db.parent.mkdir()
    first = run_newsflow(["run", inbox, "--db", db], env=env)
    assert first.code == 0, first.describe()
    (inbox / "a.txt").write_bytes(v2)
    second = run_newsflow(["run", inbox, "--db", db], env=env)
    assert second.code == 0, second.describe()
    return History(base, inbox, env, db, v1, v2, second)


def _orphans(db: Path) -> list[str]:
    """Rows of derived tables whose article or file is gone, and dangling duplicate_of."""
    found = []
    for table in DERIVED:
        if table in ("articles", "removed_lines", "slogan_phrases"):  # slogan_phrases: a row per phrase
            continue
        (n,), = query(db, f"select count(*) from {table} where article_id not in (select article_id from articles)")
        if n:
            found.append(f"{table}: {n} row(s) of missing articles")
    for table in ("articles", "removed_lines"):
        (n,), = query(db, f"select count(*) from {table} where file_id not in "
                          "(select file_id from files where status = 'loaded')")
        if n:
            found.append(f"{table}: {n} row(s) of files not loaded")
    dangling = query(db, "select article_id, duplicate_of from articles where duplicate_of is not null "
                         "and duplicate_of not in (select article_id from articles)")
    if dangling:
        found.append(f"articles: duplicate_of points to no article: {dangling[:3]}")
    return found



def _a_versions(db: Path) -> tuple[tuple[object, ...], tuple[object, ...]]:
    rows = query(db, "select path, status, superseded_by, file_id, raw_text from files "
                     "where path like '%/a.txt' order by status")
    assert [r[1] for r in rows] == ["loaded", "superseded"], rows
    return rows[0], rows[1]


def test_changed_file_supersedes_its_old_version(history: History) -> None:
    db = history.db
    assert "1 superseded" in history.second.stdout, history.second.stdout
    loaded, old = _a_versions(db)
    assert old[2] == loaded[3], "the old version names the new one in superseded_by"
    assert loaded[4] == history.v2.decode("utf-8") and old[4] == history.v1.decode("utf-8"), "raw_text of both kept"
    # the old version's articles and what was derived from them are gone
    (old_articles,), = query(db, "select count(*) from articles where file_id = ?", [old[3]])
    assert old_articles == 0
    (old_lines,), = query(db, "select count(*) from removed_lines where file_id = ?", [old[3]])
    assert old_lines == 0
    # the new version's articles are there, once
    new_articles = query(db, "select article_id, text from articles where file_id = ?", [loaded[3]])
    assert len(new_articles) == 1 and "规模性返贫" in new_articles[0][1], new_articles
    (corpus_files, corpus_superseded), = query(db, "select files, files_superseded from summary_corpus")
    assert (corpus_files, corpus_superseded) == (3, 1)


def test_new_version_is_not_a_duplicate_of_what_it_replaced(history: History) -> None:
    loaded, _old = _a_versions(history.db)
    marks = query(history.db, "select article_id, duplicate_of from articles where file_id = ?", [loaded[3]])
    assert all(r[1] is None for r in marks), marks
    assert not _orphans(history.db), _orphans(history.db)


def test_full_refresh_without_the_inputs_rebuilds_identical_derived_tables(history: History, tmp_path: Path) -> None:
    db = copy_warehouse(history.db, tmp_path / "wh" / "news.duckdb")
    # The rebuild reads the names the whole warehouse has taught (here 习近平, with a title
    # in three stories), which the first run did not have yet: only dict_version says so.
    before = snapshot(db, ignore=["dict_version"])
    moved = tmp_path / "inbox-gone"
    shutil.copytree(history.inbox, moved)
    shutil.rmtree(history.inbox)
    try:
        result = run_newsflow(["run", "--full-refresh", "--db", db], env=history.env)
    finally:
        shutil.copytree(moved, history.inbox)
    assert result.code == 0 and "Traceback" not in result.output, result.describe()
    after = snapshot(db, ignore=["dict_version"])
    assert {t: after[t] for t in ("files", "rejected_files")} == {t: before[t] for t in ("files", "rejected_files")}
    changed = {t for t in DERIVED if after[t] != before[t]}
    assert not changed, diff_snapshots({t: before[t] for t in changed}, {t: after[t] for t in changed})
    assert not _orphans(db), _orphans(db)
    versions = query(db, "select distinct dict_version from term_counts union select distinct dict_version from entities")
    assert len(versions) == 1 and "+" in versions[0][0], versions


def test_a_file_changed_back_to_an_earlier_version_is_current_again(history: History, tmp_path: Path) -> None:
    """a.txt v1 → v2 → v1 again: the warehouse must hold what the file says now (v1), once."""
    db = copy_warehouse(history.db, tmp_path / "wh" / "news.duckdb")
    a = history.inbox / "a.txt"
    a.write_bytes(history.v1)
    try:
        result = run_newsflow(["run", history.inbox, "--db", db], env=history.env)
    finally:
        a.write_bytes(history.v2)
    assert result.code == 0, result.describe()
    loaded = query(db, "select raw_text from files where path = ? and status = 'loaded'", [str(a)])
    assert [r[0] for r in loaded] == [history.v1.decode("utf-8")], (
        f"the loaded version of {a} is not what the file holds now; run said:\n{result.stdout}"
    )
    assert not _orphans(db), _orphans(db)


@dataclass
class Gate:
    db: Path
    result: Result
    before: dict[str, list[tuple[object, ...]]]
    views_before: list[tuple[object, ...]]


@pytest.fixture(scope="module")
def gate(history: History, tmp_path_factory: pytest.TempPathFactory) -> Gate:
    """A run of the same product with one suite made stricter than any real article can pass."""
    tmp_path = tmp_path_factory.mktemp("gate")
    db = copy_warehouse(history.db, tmp_path / "wh" / "news.duckdb")
    before = snapshot(db)
    views_before = query(db, "select * from summary_corpus")
    strict = snapshot_product(tmp_path / "strict-product")
    suite = strict / "expectations" / "articles.json"
    spec = json.loads(suite.read_text(encoding="utf-8"))
    spec["expectations"].append({"type": "expect_column_values_to_be_between",
                                 "kwargs": {"column": "char_count", "max_value": 5}, "meta": {}})
    suite.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    inbox = tmp_path / "new"
    inbox.mkdir()
    (inbox / "d.txt").write_bytes(seed_texts()["004"].encode("gb18030"))
    env = dict(history.env, PYTHONPATH=str(strict))
    return Gate(db, run_newsflow(["run", inbox, "--db", db], env=env), before, views_before)


def test_quality_gate_failure_names_expectations_and_publishes_nothing(gate: Gate) -> None:
    db, result = gate.db, gate.result
    assert result.code == 1, result.describe()
    err = result.stderr
    assert "quality gate failed" in err
    assert "articles.char_count:expect_column_values_to_be_between" in err, err[-3000:]
    assert "row(s), e.g." in err, "the message shows sample rows of the failure"
    docs = db.with_name("news_gx") / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html"
    assert docs.is_file(), f"no Data Docs at {docs}"
    assert str(docs) in result.output, "the message points to the Data Docs"
    # nothing published: same tables, same views; the failed run is on record
    assert snapshot(db) == gate.before
    assert query(db, "select * from summary_corpus") == gate.views_before
    last = query(db, "select validation_success, published, failed_expectations, files_new from runs "
                     "order by started_at desc limit 1")[0]
    assert last[0] is False and last[1] is False
    assert "articles.char_count:expect_column_values_to_be_between" in last[2]


def test_quality_gate_failure_prints_no_traceback(gate: Gate) -> None:
    assert "Traceback" not in gate.result.output, gate.result.describe()
