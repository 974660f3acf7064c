"""A small published warehouse made of inserted rows, for tests of what reads it.

Built through the real migrations and views (``tasks.db``), so the report and
the artifacts read exactly the tables and ``summary_*`` views a run publishes,
without depending on the normalize/extract steps. Two runs: run-2 adds a new
official (with a title) and a new slogan, so "new in this run" can be checked.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tasks import db as warehouse
from tasks.load import derive_tables

RUN_1 = "run-1"
RUN_2 = "run-2"

T0 = dt.datetime(2024, 1, 1, 8, 0, 0)


def make_warehouse(db: Path) -> Path:
    """Create ``db`` with the schema, the views and two runs' worth of rows."""
    con = warehouse.connect(db)
    try:
        warehouse.apply_migrations(con)
        _insert(con)
        derive_tables(con)
        warehouse.apply_views(con)
        con.execute("checkpoint")
    finally:
        con.close()
    return db


def _insert(con) -> None:  # type: ignore[no-untyped-def]
    files = [
        ("f1", "/inbox/000.txt", 1200, "utf-8", "txt", "loaded", T0, "原文一", RUN_1),
        ("f2", "/inbox/001.txt", 2400, "big5", "txt", "loaded", T0, "原文二", RUN_1),
        ("f3", "/inbox/002.txt", 900, "gb18030", "txt", "loaded", T0 + dt.timedelta(hours=1), "原文三", RUN_2),
    ]
    con.executemany(
        "insert into files (file_id, path, size_bytes, encoding, format, status, ingested_at, raw_text, run_id) "
        "values (?, ?, ?, ?, ?, ?, ?, ?, ?)", files)
    con.execute(
        "insert into rejected_files (path, reason, detail, rejected_at, run_id) values "
        "('/inbox/bad.bin', 'binary', 'NUL bytes at offset 12', ?, ?)", [T0, RUN_1])

    articles = [
        # article_id, file_id, seq, title, source, date, script, text, chars, repaired, masked, stripped, dup, run
        ("a1", "f1", 1, "宁夏六盘山片区脱贫攻坚", "宁夏日报", dt.date(2018, 3, 5), "traditional", "正文一", 800, 3, 0, 0, None, RUN_1),
        ("a2", "f2", 1, "固原市扶贫工作会议", "固原日报", dt.date(2018, 4, 20), "mixed", "正文二", 1200, 1, 2, 1, None, RUN_1),
        ("a3", "f2", 2, "固原市扶贫工作会议", "固原日报", dt.date(2018, 4, 20), "mixed", "正文二", 1200, 0, 0, 0, "a2", RUN_1),
        ("a4", "f3", 1, "贵州紫云县脱贫摘帽", "贵州日报", None, "simplified", "正文三", 600, 0, 1, 2, None, RUN_2),
        ("a5", "f3", 2, "紫云县乡村振兴", "贵州日报", dt.date(2020, 11, 23), "simplified", "正文四", 500, 0, 0, 0, None, RUN_2),
    ]
    for (aid, fid, seq, title, source, date, script, text, chars, rep, masked, stripped, dup, run) in articles:
        con.execute(
            "insert into articles (article_id, file_id, seq, title, source, published_date, script, text, "
            "char_count, repaired_chars, masked_chars, stripped_digits, duplicate_of, doc_index, "
            "start_offset, end_offset, text_hash, run_id) "
            "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?, ?)",
            [aid, fid, seq, title, source, date, script, text, chars, rep, masked, stripped, dup,
             len(text), "h-" + aid, run])

    con.executemany(
        "insert into removed_lines (file_id, doc_index, line_no, text, reason) values (?, 0, ?, ?, ?)",
        [("f1", 1, "分享到:", "share_bar"), ("f1", 2, "首页 > 时政", "breadcrumb"),
         ("f2", 7, "责任编辑:王某", "editor_line"), ("f3", 3, "分享到微信朋友圈", "share_bar")])
    con.executemany(
        'insert into repairs (article_id, "offset", original, replacement, rule) values (?, ?, ?, ?, ?)',
        [("a1", 10, "鈈", "不", "lookalike"), ("a1", 30, "苐", "第", "lookalike"),
         ("a1", 40, "財", "才", "context"), ("a2", 5, "鋶", "流", "lookalike")])

    terms = [
        ("a1", "脱贫", "v", 5), ("a1", "攻坚", "v", 3), ("a1", "六盘山", "ns", 2), ("a1", "2018", "m", 4),
        ("a2", "脱贫", "v", 2), ("a2", "扶贫", "vn", 6), ("a2", "固原", "ns", 3),
        ("a3", "扶贫", "vn", 6),
        ("a4", "脱贫", "v", 1), ("a4", "摘帽", "v", 2), ("a4", "紫云县", "ns", 2), ("a4", "乡村振兴", "n", 3),
        ("a5", "乡村振兴", "n", 4), ("a5", "产业", "n", 2),
    ]
    con.executemany("insert into term_counts values (?, ?, ?, ?, 'test')", terms)
    con.executemany("insert into keywords values (?, ?, ?, 1, 'test')",
                    [("a1", "脱贫", 0.9), ("a2", "扶贫", 0.8), ("a4", "摘帽", 0.7), ("a5", "乡村振兴", 0.6)])

    entities = [
        # article, kind, name, title, mentions, province, prefecture, county, code
        ("a1", "person", "石泰峰", "自治区党委书记", 2, None, None, None, None),
        ("a1", "place", "宁夏", None, 3, "宁夏回族自治区", None, None, "640000"),
        ("a1", "place", "六盘山", None, 2, "宁夏回族自治区", None, None, None),
        ("a2", "person", "张柱", "市委书记", 3, None, None, None, None),
        ("a2", "person", "石泰峰", None, 1, None, None, None, None),
        ("a2", "place", "固原", None, 4, "宁夏回族自治区", "固原市", None, "640400"),
        ("a3", "person", "张柱", "市委书记", 3, None, None, None, None),
        ("a4", "person", "李再勇", "县委书记", 2, None, None, None, None),
        ("a4", "person", "张柱", "市委书记", 1, None, None, None, None),
        ("a4", "place", "紫云县", None, 3, "贵州省", "安顺市", "紫云苗族布依族自治县", "520425"),
        ("a5", "org", "紫云县扶贫办", None, 1, None, None, None, None),
        ("a5", "place", "安顺", None, 1, "贵州省", "安顺市", None, "520400"),
        ("a5", "place", "美国", None, 2, None, None, None, None),
        ("a5", "place", "华盛顿", None, 1, None, None, None, None),
    ]
    con.executemany(
        "insert into entities values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'test', ?)",
        [(*e, "中国" if e[5] else ("美国" if e[1] == "place" and e[2] in ("美国", "华盛顿") else None)) for e in entities])

    posts = [
        # article, person, post, head, organisation, place, country, title, day
        ("a1", "石泰峰", "宁夏回族自治区党委书记", "书记", "宁夏回族自治区党委", "宁夏回族自治区", "中国",
         "自治区党委书记", dt.date(2018, 3, 5)),
        ("a2", "张柱", "固原市委书记", "书记", "固原市委", "固原市", "中国", "市委书记", dt.date(2018, 4, 20)),
        ("a3", "张柱", "固原市委书记", "书记", "固原市委", "固原市", "中国", "市委书记", dt.date(2018, 4, 20)),
        ("a5", "张柱", "固原市委书记", "书记", "固原市委", "固原市", "中国", "市委书记", dt.date(2020, 11, 23)),
    ]
    con.executemany(
        "insert into posts values (?, ?, ?, ?, ?, ?, ?, null, 'current', true, 'single', ?, ?, null, 0, 4, 4, 6, 'test')",
        posts)

    con.executemany(
        "insert into facts (article_id, subject, value, unit, raw, role, start_offset, end_offset, "
        "dict_version) values (?, ?, ?, ?, ?, null, 0, 1, 'test')",
        [("a1", "脱贫人口", 266500, "人", "26.65万人"), ("a1", "贫困发生率", 0.85, "%", "0.85%"),
         ("a2", "脱贫人口", 12000, "人", "1.2万人"), ("a4", "贫困发生率", 9.6, "%", "9.6%"),
         ("a5", "资金", 30000000, "元", "3000万元"), ("a5", None, 12, "个", "12个")])
    slogans = [("a1", "两不愁三保障", "两不愁 三保障", 1, "formula"), ("a2", "两不愁三保障", "两不愁三保障", 2, "formula"),
               ("a2", "绝不让一个贫困群众掉队", "绝不让一个贫困群众掉队", 1, "slogan"),
               ("a4", "四个不摘", "四个不摘", 1, "formula"), ("a5", "两不愁三保障", "两不愁、三保障", 1, "formula")]
    con.executemany(
        "insert into slogans (article_id, phrase, raw, mentions, kind, quoted) values (?, ?, ?, ?, ?, true)",
        slogans)
    # what tasks.load.phrases derives from them: the known phrases, and each use
    con.executemany(
        "insert into slogan_phrases (phrase, kind, known, in_list, quotes, quoted_articles, dict_version) "
        "values (?, ?, true, false, 1, 1, 'test')",
        sorted({(phrase, kind) for _, phrase, _, _, kind in slogans}))
    con.executemany("insert into slogan_uses values (?, ?, ?, true)",
                    [(aid, phrase, n) for aid, phrase, _, n, _ in slogans])

    con.executemany(
        "insert into runs (run_id, flow_run_id, started_at, finished_at, files_seen, files_new, "
        "files_rejected, articles, validation_success, published, failed_expectations, message) "
        "values (?, null, ?, ?, ?, ?, ?, ?, true, true, [], ?)",
        [(RUN_1, T0, T0 + dt.timedelta(seconds=12), 3, 2, 1, 3, "published 2 new file(s), 3 article(s)"),
         (RUN_2, T0 + dt.timedelta(hours=1), T0 + dt.timedelta(hours=1, seconds=5), 3, 1, 0, 2,
          "published 1 new file(s), 2 article(s)")])
