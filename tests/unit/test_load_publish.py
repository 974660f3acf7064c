"""Load and publish without Prefect: records → staging → main, supersede, runs, work copies."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tasks import db
from tasks.load.phrases import stage_phrases
from tasks.load.publish import RunRecord, drop_staging, publish_staging, record_run
from tasks.load.rows import article_id, build_rows, prepare_staging, stage_tables
from tasks.model import (
    Article,
    EntityMention,
    Extraction,
    Fact,
    FileRecord,
    Keyword,
    NormalizedFile,
    Place,
    Rejection,
    RemovedLine,
    Repair,
    SloganMention,
    SourceDocument,
    TermCount,
)

NOW = dt.datetime(2026, 1, 1, 12, 0, 0)
TEXT = "截至2018年底我省六盘山片区7.2万户26.65万人脱贫,紧扣“两不愁三保障”。"


def _record(file_id: str, path: str = "a.txt", text: str = TEXT) -> FileRecord:
    return FileRecord(file_id=file_id, path=path, size_bytes=len(text.encode()), encoding="utf-8",
                      format="txt", raw_text=text, documents=(SourceDocument(text),))


def _normalized(file_id: str, text: str = TEXT) -> NormalizedFile:
    article = Article(seq=0, title="韩勇在六盘山片区推进会上指出", text=text, script="simplified",
                      start=0, end=len(text), source="陕西日报", authors=("李妮",),
                      repairs=(Repair(3, "苐", "第", "lookalike"),))
    return NormalizedFile(file_id, (article,), (RemovedLine(2, "分享到:", "share_bar"),))


def _extraction() -> Extraction:
    return Extraction(
        entities=(
            EntityMention("person", "韩勇", 0, 2, title="省政协主席"),
            EntityMention("person", "韩勇", 10, 12),
            EntityMention("place", "六盘山片区", 11, 16, place=Place(province=None)),
        ),
        facts=(Fact("脱贫人口", 266500.0, "人", "26.65万人", 22, 29),),
        slogans=(SloganMention("两不愁三保障", "两不愁三保障", 35, 41),),
        terms=(TermCount("脱贫", "v", 1), TermCount("两不愁三保障", "n", 1)),
        keywords=(Keyword("两不愁三保障", 1.2, 1), Keyword("脱贫", 0.8, 2)),
        dict_version="test",
    )


def _stage(con: duckdb.DuckDBPyConnection, file_id: str, path: str = "a.txt", text: str = TEXT) -> None:
    aid = article_id(file_id, 0, 0)
    rows = build_rows([_record(file_id, path, text)], [_normalized(file_id, text)], {aid: _extraction()},
                      [Rejection("b.bin", "binary", "NUL bytes: not text")], run_id="r1", now=NOW)
    stage_tables(con, rows.tables())


@pytest.fixture
def con() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    db.apply_migrations(con)
    prepare_staging(con)
    return con


def test_stage_rows_fills_every_table(con: duckdb.DuckDBPyConnection) -> None:
    _stage(con, "f" * 64)
    counts = {t: con.execute(f"select count(*) from staging.{t}").fetchall()[0][0] for t in db.CONTRACT_TABLES}
    assert counts["files"] == 1 and counts["articles"] == 1 and counts["rejected_files"] == 1
    assert counts["entities"] == 2  # 韩勇 twice is one (article, entity) row
    assert counts["entity_mentions"] == 3
    assert con.execute("select mentions, title from staging.entities where name = '韩勇'").fetchone() == (2, "省政协主席")
    assert con.execute("select repaired_chars, authors from staging.articles").fetchone() == (1, ["李妮"])


def test_publish_moves_staging_and_builds_views(con: duckdb.DuckDBPyConnection) -> None:
    _stage(con, "f" * 64)
    stage_phrases(con)  # the known phrases and their uses, derived once the batches are staged
    publish_staging(con)
    drop_staging(con)
    assert con.execute("select count(*) from articles").fetchone() == (1,)
    assert con.execute("select phrase, articles, quoted_articles from summary_slogans").fetchall() == [
        ("两不愁三保障", 1, 1)]
    assert con.execute("select name, titles from summary_people").fetchall() == [("韩勇", ["省政协主席"])]


def test_changed_file_at_same_path_supersedes_old_rows(con: duckdb.DuckDBPyConnection) -> None:
    _stage(con, "1" * 64)
    publish_staging(con)
    prepare_staging(con)
    _stage(con, "2" * 64, text=TEXT + "新增一句。")
    superseded = publish_staging(con)
    assert superseded == 1
    assert con.execute("select file_id, status, superseded_by from files order by file_id").fetchall() == [
        ("1" * 64, "superseded", "2" * 64),
        ("2" * 64, "loaded", None),
    ]
    # the old version's derived rows are gone, not duplicated; its raw_text stays
    assert con.execute("select count(*), min(file_id) from articles").fetchone() == (1, "2" * 64)
    assert con.execute("select count(*) from entities").fetchone() == (2,)


def test_full_refresh_replaces_derived_rows(con: duckdb.DuckDBPyConnection) -> None:
    _stage(con, "1" * 64)
    publish_staging(con)
    prepare_staging(con)
    aid = article_id("1" * 64, 0, 0)
    rows = build_rows([], [_normalized("1" * 64)], {aid: _extraction()}, [], run_id="r2", now=NOW)
    stage_tables(con, rows.tables())
    publish_staging(con, replace_derived=True)
    assert con.execute("select count(*) from articles").fetchone() == (1,)
    assert con.execute("select count(*) from term_counts").fetchone() == (2,)
    assert con.execute("select count(*) from files").fetchone() == (1,)


def test_failed_publish_rolls_back(con: duckdb.DuckDBPyConnection) -> None:
    _stage(con, "1" * 64)
    publish_staging(con)
    prepare_staging(con)
    _stage(con, "1" * 64)  # same file_id again: the primary key refuses it
    with pytest.raises(duckdb.ConstraintException):
        publish_staging(con)
    assert con.execute("select count(*) from articles").fetchone() == (1,)
    assert con.execute("select count(*) from term_counts").fetchone() == (2,)


def test_publish_waits_for_the_gate_and_a_no_rolls_everything_back(con: duckdb.DuckDBPyConnection) -> None:
    _stage(con, "1" * 64)
    asked: list[int] = []

    def gate() -> bool:
        # asked last: every row is written (in the open transaction) by now
        asked.append(con.execute("select count(*) from main.articles").fetchone()[0])
        return False

    assert publish_staging(con, gate=gate) is None
    assert asked == [1]
    assert con.execute("select count(*) from articles").fetchone() == (0,)
    assert con.execute("select count(*) from files").fetchone() == (0,)
    assert publish_staging(con, gate=lambda: True) == 0
    assert con.execute("select count(*) from articles").fetchone() == (1,)


def test_rejection_seen_again_is_not_added_again(con: duckdb.DuckDBPyConnection) -> None:
    _stage(con, "1" * 64)
    publish_staging(con)
    prepare_staging(con)
    stage_tables(con, build_rows([], [], {}, [Rejection("b.bin", "binary", "NUL bytes: not text")],
                                 run_id="r2", now=NOW).tables())
    publish_staging(con)
    assert con.execute("select count(*) from rejected_files").fetchone() == (1,)


def test_record_run_upserts(con: duckdb.DuckDBPyConnection) -> None:
    run = RunRecord(run_id="r1", started_at=NOW)
    record_run(con, run)
    run.published, run.message = True, "done"
    record_run(con, run)
    assert con.execute("select published, message from runs").fetchall() == [(True, "done")]


def test_work_copy_is_published_atomically(tmp_path: Path) -> None:
    target = tmp_path / "w.duckdb"
    with db.run_lock(target):
        work = db.open_work_copy(target)
        con = db.connect(work)
        con.execute("insert into runs (run_id, started_at) values ('r', now())")
        con.close()
        assert not target.exists()  # nothing published until the run says so
        db.publish_work_copy(target)
    assert not work.exists()
    reader = duckdb.connect(str(target), read_only=True)
    assert reader.execute("select count(*) from runs").fetchone() == (1,)
    reader.close()


def test_a_second_writer_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    target = tmp_path / "w.duckdb"
    other = (
        "import sys; from pathlib import Path; from tasks import db\n"
        "try:\n"
        "    with db.run_lock(Path(sys.argv[1]), wait_seconds=0.3): print('got it')\n"
        "except db.WarehouseBusy as exc: print(exc)\n"
    )
    with db.run_lock(target):
        out = subprocess.run([sys.executable, "-c", other, str(target)], capture_output=True,
                             text=True, cwd=db.ROOT, check=True).stdout
    assert "another newsflow run" in out and f"pid {os.getpid()}" in out
    # released: now the other process gets it
    out = subprocess.run([sys.executable, "-c", other, str(target)], capture_output=True,
                         text=True, cwd=db.ROOT, check=True).stdout
    assert out.strip() == "got it"


def test_the_lock_is_reentrant_within_a_process(tmp_path: Path) -> None:
    # the CLI takes it before the flow starts, and the flow takes it again
    target = tmp_path / "w.duckdb"
    with db.run_lock(target), db.run_lock(target, wait_seconds=0):
        pass


def test_leftover_work_copy_of_a_killed_run_is_discarded(tmp_path: Path) -> None:
    target = tmp_path / "w.duckdb"
    db.ensure_warehouse(target)
    db.work_path(target).write_bytes(b"half-written garbage")
    work = db.open_work_copy(target)
    con = db.connect(work)
    assert con.execute("select count(*) from runs").fetchone() == (0,)
    con.close()


def test_duplicates_are_marked_across_batches_and_runs(con: duckdb.DuckDBPyConnection) -> None:
    from tasks.load.rows import mark_duplicates
    from tasks.steps import DuplicateTracker, article_tables

    story = "全市深度贫困地区脱贫攻坚工作会议召开。会议强调，要坚决打赢脱贫攻坚战，确保全面建成小康社会。"
    first = _normalized("1" * 64, story)
    # the same story again, once exactly and once with trivial differences (spaces, punctuation)
    again = _normalized("2" * 64, story)
    near = _normalized("3" * 64, story.replace("，", " ") + " ")

    tracker = DuplicateTracker.from_warehouse(con)
    tables = article_tables([first, again], run_id="r1", now=NOW)
    found = tracker.assign(tables["article_fingerprints"])
    assert found == {article_id("2" * 64, 0, 0): article_id("1" * 64, 0, 0)}
    stage_tables(con, {**tables, "articles": mark_duplicates(tables["articles"], found)})
    publish_staging(con)
    assert dict(con.execute("select article_id, duplicate_of from main.articles").fetchall()) == {
        article_id("1" * 64, 0, 0): None, article_id("2" * 64, 0, 0): article_id("1" * 64, 0, 0)}

    # a later run starts from the warehouse's stored fingerprints, not from the texts
    prepare_staging(con)
    later = DuplicateTracker.from_warehouse(con)
    tables = article_tables([near], run_id="r2", now=NOW)
    assert later.assign(tables["article_fingerprints"]) == {article_id("3" * 64, 0, 0): article_id("1" * 64, 0, 0)}


def test_the_warehouse_fingerprints_are_read_only_when_a_batch_brings_articles(con: duckdb.DuckDBPyConnection) -> None:
    from tasks.steps import DuplicateTracker, article_tables

    story = "全市深度贫困地区脱贫攻坚工作会议召开。会议强调，要坚决打赢脱贫攻坚战。"
    stage_tables(con, article_tables([_normalized("1" * 64, story)], run_id="r1", now=NOW))
    publish_staging(con)
    prepare_staging(con)
    later = DuplicateTracker.from_warehouse(con)
    # An unchanged rerun's batches bring no article: the index of the whole warehouse is never built.
    assert later.assign(article_tables([], run_id="r2", now=NOW)["article_fingerprints"]) == {}
    assert len(later.index) == 0
    tables = article_tables([_normalized("2" * 64, story)], run_id="r2", now=NOW)
    assert later.assign(tables["article_fingerprints"]) == {article_id("2" * 64, 0, 0): article_id("1" * 64, 0, 0)}
    assert len(later.index) == 1


def test_a_new_story_is_not_a_duplicate(con: duckdb.DuckDBPyConnection) -> None:
    from tasks.steps import DuplicateTracker, article_tables

    tracker = DuplicateTracker.from_warehouse(con)
    tables = article_tables([_normalized("1" * 64), _normalized("2" * 64, "湖北日报讯 省委副书记马国强主持召开座谈会，研究打赢脱贫攻坚战三年行动。")],
                            run_id="r1", now=NOW)
    assert tracker.assign(tables["article_fingerprints"]) == {}


def test_worker_pool_gives_the_same_tables_as_one_process() -> None:
    import dataclasses

    from tasks.steps import article_tables, worker_pool

    texts = ["韩勇在六盘山片区推进会上指出，要确保贫困人口26.65万人全部脱贫。",
             "湖北日报讯 省委副书记马国强主持召开座谈会，研究“两不愁三保障”。",
             "钟得志、王周华、朱东等出席会议。镇原县贫困发生率由9.6%降至0.85%。"]
    # one file of many articles (a JSONL export, cut into pieces for the workers), two small ones
    many = _normalized("1" * 64)
    many = NormalizedFile(many.file_id, tuple(
        dataclasses.replace(many.articles[0], seq=i, text=texts[i % 3], end=len(texts[i % 3])) for i in range(9)
    ), many.removed_lines)
    batch = [many, _normalized("2" * 64, texts[1]), _normalized("3" * 64, texts[2])]
    alone = article_tables(batch, run_id="r1", now=NOW)
    with worker_pool(2) as pool:
        pooled = article_tables(batch, pool=pool, workers=2, run_id="r1", now=NOW)
    assert alone.keys() == pooled.keys()
    for name in alone:
        assert pooled[name].equals(alone[name]), name
    assert alone["articles"].num_rows == 11


def test_ingest_files_skips_known_and_repeated_bytes(tmp_path: Path) -> None:
    from tasks.ingest import read_file
    from tasks.ingest.batching import plan_batches
    from tasks.steps import ingest_files

    (tmp_path / "a.txt").write_text("脱贫攻坚推进会召开。", encoding="utf-8")
    (tmp_path / "b.txt").write_text("脱贫攻坚推进会召开。", encoding="utf-8")  # same bytes, other name
    (tmp_path / "c.txt").write_text("全市召开决战脱贫攻坚大会。", encoding="utf-8")
    (tmp_path / "d.bin").write_bytes(b"\x00\x01")
    known = frozenset({read_file(tmp_path / "c.txt").file_id})  # type: ignore[union-attr]
    [batch] = list(plan_batches([tmp_path], batch_bytes=10_000_000))
    records, rejections, unchanged = ingest_files(batch, known=known, max_bytes=1_000_000)
    assert [Path(r.path).name for r in records] == ["a.txt"]
    assert unchanged == 2  # b.txt repeats a.txt; c.txt is already in the warehouse
    assert [r.reason for r in rejections] == ["unsupported_format"]
