"""Each suite passes a good frame and fails a bad one: no suite that can never fail."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pandas as pd
import pytest

from tasks import reasons
from tasks.db import CONTRACT_TABLES, EXPECTATIONS_DIR, ROOT
from tasks.load.validate import docs_site_dir, suite_names, validate_frames, write_data_docs

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
        dict(file_id=SHA, doc_index=0, line_no=3, text="分享到:", reason=reasons.SHARE_BAR),
        dict(file_id=SHA, doc_index=0, line_no=0, text="分享到:", reason="felt_like_it"),
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
}


def test_every_contract_table_has_a_suite() -> None:
    assert set(suite_names()) == set(CONTRACT_TABLES) == set(ROWS)


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
