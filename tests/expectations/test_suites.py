"""Each suite passes a good frame and fails a bad one: no suite that can never fail."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest

from tasks import reasons
from tasks.db import CONTRACT_TABLES, DERIVED_CHECKS, DERIVED_TABLES, EXPECTATIONS_DIR, ROOT
from tasks.load.rows import SCHEMAS
from tasks.load.validate import (
    ChunkedValidation,
    docs_site_dir,
    suite_names,
    validate_frames,
    write_data_docs,
)

sys.path.insert(0, str(ROOT / "scripts"))
from sync_suites import VALUE_SETS

SHA = "a" * 64
AID = "b" * 20
TS = pd.Timestamp("2020-03-13 10:00:00")

# (good row, bad row) per table: the bad row breaks at least one expectation.
ROWS = {
    "files": (
        dict(file_id=SHA, path="a.txt", size_bytes=10, encoding="utf-8", format="txt",
             status="loaded", ingested_at=TS, raw_text="脱贫攻坚", quality_flags=[],
             superseded_by=None, run_id="r"),
        dict(file_id="not-a-hash", path="a.txt", size_bytes=0, encoding="utf-8", format="doc",
             status="lost", ingested_at=TS, raw_text="", quality_flags=[], superseded_by=None,
             run_id="r"),
    ),
    "rejected_files": (
        dict(path="x.bin", reason=reasons.BINARY, detail="NUL bytes: not a text file",
             rejected_at=TS, file_id=None, size_bytes=3, run_id="r"),
        dict(path="x.bin", reason="whatever", detail="", rejected_at=TS, file_id=None,
             size_bytes=3, run_id="r"),
    ),
    "articles": (
        dict(article_id=AID, file_id=SHA, seq=0, title="标题", source=None, authors=[],
             published_date=None, date_text=None, script="traditional", text="脱贫攻坚",
             char_count=4, repaired_chars=0, masked_chars=0, stripped_digits=0,
             duplicate_of=None, doc_index=0, start_offset=0, end_offset=4, text_hash=SHA,
             url=None, run_id="r", source_id="VIDE1363260843312138"),
        dict(article_id=AID, file_id=SHA, seq=0, title="标题", source=None, authors=[],
             published_date=None, date_text=None, script="klingon", text="abc",
             char_count=0, repaired_chars=0, masked_chars=-1, stripped_digits=0,
             duplicate_of=None, doc_index=0, start_offset=0, end_offset=4, text_hash=SHA,
             url=None, run_id="r", source_id=""),
    ),
    "removed_lines": (
        dict(file_id=SHA, doc_index=0, line_no=3, text="分享到:", reason=reasons.SHARE_BAR,
             start_offset=None, end_offset=None),
        dict(file_id=SHA, doc_index=0, line_no=0, text="分享到:", reason="felt_like_it",
             start_offset=None, end_offset=None),
    ),
    "repairs": (
        dict(article_id=AID, offset=3, original="鈈", replacement="不", rule=reasons.LOOKALIKE),
        dict(article_id=AID, offset=-1, original="鈈", replacement="不", rule="magic"),
    ),
    "term_counts": (
        dict(article_id=AID, term="脱贫", pos="v", n=3, dict_version="v1"),
        dict(article_id=AID, term="", pos="v", n=0, dict_version="v1"),
    ),
    "keywords": (
        dict(article_id=AID, term="脱贫", weight=0.5, rank=1, dict_version="v1"),
        dict(article_id=AID, term="2020", weight=-1.0, rank=0, dict_version="v1"),
    ),
    "entities": (
        dict(article_id=AID, kind="person", name="王伟中", title="市委书记", mentions=3,
             province=None, prefecture=None, county=None, admin_code=None, dict_version="v1"),
        dict(article_id=AID, kind="alien", name="王伟中", title=None, mentions=0,
             province=None, prefecture=None, county=None, admin_code=None, dict_version="v1"),
    ),
    "entity_mentions": (
        dict(article_id=AID, kind="place", name="镇原县", surface="镇原县", title=None,
             start_offset=5, end_offset=8),
        dict(article_id=AID, kind="place", name="镇原县", surface="镇原县", title=None,
             start_offset=8, end_offset=5),
    ),
    "facts": (
        dict(article_id=AID, subject="贫困人口", value=266500.0, unit="人", raw="26.65万人",
             role=None, start_offset=0, end_offset=7, dict_version="v1", as_of="2018-12-31",
             as_of_start=pd.Timestamp("2018-12-31"), as_of_end=pd.Timestamp("2018-12-31"),
             as_of_text="截至2018年底", place="六盘山片区"),
        dict(article_id=AID, subject="贫困人口", value=-5.0, unit="人", raw="26.65万人",
             role="sideways", start_offset=7, end_offset=0, dict_version="v1", as_of="去年",
             as_of_start=pd.Timestamp("2019-12-31"), as_of_end=pd.Timestamp("2019-01-01"),
             as_of_text="去年", place=None),
    ),
    "slogans": (
        dict(article_id=AID, phrase="两不愁三保障", raw="两不愁 三保障", mentions=2, kind="formula",
             name_class=None, cue=None, start_offset=3, end_offset=10, dict_version="v1", quoted=True),
        dict(article_id=AID, phrase="两不愁 三保障", raw="两不愁 三保障", mentions=0, kind="motto",
             name_class="rocket", cue=None, start_offset=10, end_offset=3, dict_version="v1", quoted=None),
    ),
    "slogan_phrases": (
        dict(phrase="萨德", kind="name", name_class="weapon", known=False, in_list=False, quotes=3,
             quoted_articles=2, list_since=None, list_source=None, dict_version="v1"),
        dict(phrase="萨德", kind="motto", name_class=None, known=None, in_list=False, quotes=-1,
             quoted_articles=2, list_since=None, list_source=None, dict_version="v1"),
    ),
    "slogan_uses": (
        dict(article_id=AID, phrase="两不愁三保障", mentions=2, quoted=True),
        dict(article_id=AID, phrase="两不愁三保障", mentions=0, quoted=None),
    ),
    "article_fingerprints": (
        dict(article_id=AID, exact_key=SHA, signature=[1, 2, 3]),
        dict(article_id=AID, exact_key="short", signature=None),
    ),
    "posts": (
        dict(article_id=AID, person="李克强", post="国务院总理", head="总理", organisation="国务院",
             place="中国", country="中国", qualifier=None, tense="current", resolved=True,
             holders="single", title="国务院总理", observed_on=dt.date(2013, 3, 16), sentence_year=None,
             start_offset=0, end_offset=5, person_start=5, person_end=8, dict_version="v1"),
        dict(article_id=AID, person="李克强", post="", head="总理", organisation=None, place=None,
             country=None, qualifier=None, tense="sometime", resolved=False, holders="single",
             title="总理", observed_on=None, sentence_year=None, start_offset=5, end_offset=3,
             person_start=0, person_end=3, dict_version="v1"),
    ),
    "tenures": (
        dict(person="李克强", post="国务院总理", place="中国", organisation="国务院", country="中国",
             holders="single", first_seen=dt.date(2013, 3, 15), last_seen=dt.date(2019, 12, 31),
             articles=900, predecessor="温家宝", successor=None, status="current", flag=None,
             overlaps_with=None),
        dict(person="温家宝", post="国务院总理", place="中国", organisation="国务院", country="中国",
             holders="single", first_seen=dt.date(2013, 3, 15), last_seen=dt.date(2012, 7, 2),
             articles=0, predecessor=None, successor="李克强", status="retired", flag=None,
             overlaps_with=None),
    ),
    "person_names": (
        dict(name="安格拉·默克尔", person="默克尔", reason="full_name"),
        dict(name="梅德韦", person="", reason="guessed"),
    ),
    "meeting_mentions": (
        dict(article_id=AID, meeting_id="m1", name="全市深度贫困地区脱贫攻坚工作会议",
             name_norm="全市深度贫困地区脱贫攻坚工作会议", kind="工作会议", series_no=None,
             held_on=None, date_text="10月12日", place=None, level="prefectural", start_offset=3,
             end_offset=19, dict_version="v1"),
        dict(article_id=AID, meeting_id="m1", name="会", name_norm="会", kind="会议", series_no=0,
             held_on=None, date_text=None, place=None, level="galactic", start_offset=19,
             end_offset=3, dict_version="v1"),
    ),
    "meetings": (
        dict(meeting_id="m1", name="国务院常务会议", name_norm="国务院常务会议", kind="常务会议",
             series_no=None, held_on=None, place=None, level="national", articles=2,
             first_article_id=AID, first_reported=None, last_reported=None),
        dict(meeting_id="m1", name="国务院常务会议", name_norm="国务院常务会议", kind="常务会议",
             series_no=None, held_on=None, place=None, level="cosmic", articles=-1,
             first_article_id=AID, first_reported=None, last_reported=None),
    ),
    "meeting_roles": (
        dict(meeting_id="m1", article_id=AID, person="朱涛", surface="朱涛", title="市委副书记、市长",
             role="chair", cue="主持", list_position=1, list_partial=False, start_offset=5,
             end_offset=7, dict_version="v1"),
        dict(meeting_id="m1", article_id=AID, person="朱涛", surface="朱涛", title=None,
             role="host", cue="主持", list_position=0, list_partial=False, start_offset=7,
             end_offset=5, dict_version="v1"),
    ),
    "statements": (
        dict(article_id=AID, meeting_id="m1", speaker="贠建民", speaker_kind="person",
             speaker_resolution="explicit", verb="指出", verb_class="assert", direct=False,
             content="到2020年确保贫困人口如期脱贫", start_offset=10, end_offset=26, cue_offset=7,
             dict_version="v1"),
        dict(article_id=AID, meeting_id=None, speaker="贠建民", speaker_kind="robot",
             speaker_resolution="guessed", verb="指出", verb_class="muse", direct=False,
             content="", start_offset=10, end_offset=10, cue_offset=7, dict_version="v1"),
    ),
    "document_mentions": (
        dict(article_id=AID, document_id="d1", title="贺州市2020年脱贫攻坚挂牌督战方案",
             surface="贺州市2020年脱贫攻坚挂牌督战方案", kind="plan", issuer=None, verb="落实",
             start_offset=4, end_offset=23, dict_version="v1"),
        dict(article_id=AID, document_id="d1", title="x", surface="x", kind="poem", issuer=None,
             verb=None, start_offset=4, end_offset=4, dict_version="v1"),
    ),
    "documents": (
        dict(document_id="d1", title="中国共产党党内监督条例", kind="regulation", issuer=None,
             first_seen=None, last_seen=None, articles=3, mentions=5),
        dict(document_id="d1", title="中国共产党党内监督条例", kind="rumour", issuer=None,
             first_seen=None, last_seen=None, articles=3, mentions=0),
    ),
}
# Check queries over the derived tables: every row is a failure, so an empty frame (not
# validated at all) is the good case.
CHECKS = {
    "tenure_overlaps": dict(post="国务院总理", person="李克强", first_seen=dt.date(2013, 3, 15),
                            last_seen=dt.date(2019, 12, 31), other_person="周恩来",
                            other_first_seen=dt.date(2014, 1, 8), other_last_seen=dt.date(2014, 1, 9)),
}


def test_removed_lines_parts_of_one_line() -> None:
    # inline chrome: several parts of one line, each with its offsets, beside whole lines
    rows = [
        dict(file_id=SHA, doc_index=0, line_no=1, text="分享到:", reason=reasons.SHARE_BAR,
             start_offset=None, end_offset=None),
        dict(file_id=SHA, doc_index=0, line_no=2, text="(XWT185)", reason=reasons.EDITOR_LINE,
             start_offset=40, end_offset=48),
        dict(file_id=SHA, doc_index=0, line_no=2, text="我要评论", reason=reasons.NAVIGATION,
             start_offset=48, end_offset=52),
    ]
    assert validate_frames({"removed_lines": [pd.DataFrame(rows)]}).success
    swapped = dict(rows[1], start_offset=48, end_offset=40)
    assert validate_frames({"removed_lines": [pd.DataFrame([rows[0], swapped])]}).success is False
    twice = dict(rows[2], text="我要评论")
    assert validate_frames({"removed_lines": [pd.DataFrame([*rows, twice])]}).success is False


def test_every_contract_table_has_a_suite() -> None:
    assert set(suite_names()) == set(CONTRACT_TABLES) | set(DERIVED_TABLES) | set(DERIVED_CHECKS) == set(ROWS) | set(CHECKS)


@pytest.mark.parametrize("check", sorted(CHECKS))
def test_check_suite_fails_any_row(check: str) -> None:
    assert validate_frames({check: [pd.DataFrame(columns=list(CHECKS[check]))]}).success is None
    failed = validate_frames({check: [pd.DataFrame([CHECKS[check]])]})
    assert failed.success is False and [f.expectation for f in failed.failures] == ["expect_table_row_count_to_equal"]


@pytest.mark.parametrize("table", sorted(ROWS))
def test_suite_passes_good_and_fails_bad_frame(table: str) -> None:
    good, bad = ROWS[table]
    passed = validate_frames({table: [pd.DataFrame([good])]})
    assert passed.success, passed.reason()
    failed = validate_frames({table: [pd.DataFrame([good, bad])]})
    assert failed.success is False
    assert failed.failures and all(f.suite == table for f in failed.failures)


def test_data_docs_show_every_suite(tmp_path: Path) -> None:
    report = validate_frames({table: [pd.DataFrame([good]), pd.DataFrame([good, bad])] for table, (good, bad) in ROWS.items()})
    assert report.success is False and {f.suite for f in report.failures} == set(ROWS)
    assert all(n == 3 for n in report.checked.values())
    index = write_data_docs(report.results, tmp_path)
    assert index is not None and index.is_file()
    site = docs_site_dir(tmp_path)
    assert {p.relative_to(site).parts[1] for p in site.glob("validations/*/**/*.html")} == set(ROWS)


def test_narrow_integers_are_checked_as_numbers() -> None:
    good, bad = ROWS["term_counts"]
    frame = pd.DataFrame([good, {**bad, "term": "贫困"}]).astype({"n": "int32"})
    report = validate_frames({"term_counts": [frame]})
    assert [(f.column, f.unexpected_count, f.sample) for f in report.failures] == [("n", 1, ("0",))]


def _arrow(table: str, *rows: dict) -> pa.Table:
    return pa.Table.from_pylist([{c: r.get(c) for c in SCHEMAS[table].names} for r in rows], schema=SCHEMAS[table])


# Derived tables (tenures) are checked whole inside the publish, never staged in batches.
STAGED = {table: rows for table, rows in ROWS.items() if table in SCHEMAS}


@pytest.mark.parametrize("table", sorted(STAGED))
def test_batches_checked_as_staged_fail_as_the_whole_frame_does(table: str) -> None:
    # The run checks each batch's Arrow tables as they are staged, a chunk of rows at a
    # time; a bad row in any batch fails the same expectations as in one frame.
    good, bad = ROWS[table]
    whole = validate_frames({table: [pd.DataFrame([good, good, bad])]})
    chunked = ChunkedValidation(chunk_rows=2)
    for row in (good, good, bad):
        chunked.add({table: _arrow(table, row)})
    report = chunked.finish()
    assert report.success is False and report.checked == {table: 3}
    assert {f.label() for f in report.failures} >= {f.label() for f in whole.failures if f.expectation != "expect_column_values_to_be_unique" and "compound" not in f.expectation}
    assert len(report.results) == 2  # two rows, then the last one


def test_tables_checked_in_turns_keep_their_validations() -> None:
    # Batch after batch, each table's chunks come back to a validation made for an
    # earlier batch: adding the next table's must not drop it.
    chunked = ChunkedValidation(chunk_rows=1)
    for _ in range(2):
        chunked.add({table: _arrow(table, good) for table, (good, _) in STAGED.items()})
    report = chunked.finish()
    assert report.success, report.reason()
    assert report.checked == dict.fromkeys(STAGED, 2)


def test_batches_of_good_rows_pass_and_a_table_without_suite_is_refused() -> None:
    chunked = ChunkedValidation()
    chunked.add({table: _arrow(table, good) for table, (good, _) in STAGED.items()})
    report = chunked.finish()
    assert report.success, report.reason()
    assert set(report.checked) == set(STAGED)
    with pytest.raises(FileNotFoundError):
        ChunkedValidation().add({"no_such_table": _arrow("files", ROWS["files"][0])})
    assert ChunkedValidation().finish().success is None  # nothing staged, nothing checked


def test_empty_frames_are_not_validated() -> None:
    report = validate_frames({"articles": [pd.DataFrame()]})
    assert report.success is None


# The suites' in-set lists must be exactly the codes the code can write.
@pytest.mark.parametrize(("table", "column"), sorted(VALUE_SETS))
def test_suite_value_sets_equal_reason_codes(table: str, column: str) -> None:
    codes = VALUE_SETS[(table, column)]
    spec = json.loads((EXPECTATIONS_DIR / f"{table}.json").read_text(encoding="utf-8"))
    sets = [
        set(e["kwargs"]["value_set"])
        for e in spec["expectations"]
        if e["type"] == "expect_column_values_to_be_in_set" and e["kwargs"]["column"] == column
    ]
    assert sets == [set(codes)], "run: python scripts/sync_suites.py"


def test_large_rows_are_checked_before_their_rows_add_up() -> None:
    # A files row holds a whole input file's text: a chunk is bounded by bytes too.
    good = ROWS["files"][0]
    chunked = ChunkedValidation(chunk_bytes=1)
    for _ in range(3):
        chunked.add({"files": _arrow("files", good)})
        assert chunked._pending == {}
    assert chunked.finish().checked == {"files": 3}
