"""Records are articles, datelines are metadata, lists are content (issue #20 items 4-6).

Short sentences quoted from the CCTV evening news (``../shared/corpora/xwlb-2012-2019``)
and synthetic variants; the whole-corpus check is ``bench/check_records.py``.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tasks import reasons
from tasks.model import FileRecord, SourceDocument
from tasks.normalize import normalize_file
from tasks.normalize.metadata import read_dateline, record_date, resolve_month_day


def _norm(*docs: SourceDocument):
    return normalize_file(FileRecord("f", "f.jsonl", 0, "utf-8", "jsonl", "", docs))


def _rec(text: str, **meta: str) -> SourceDocument:
    return SourceDocument(text, {"line": "1", **meta}, record=True)


# ------------------------------------------------------------------ datelines


@pytest.mark.parametrize(
    ("line", "outlet", "place", "month_day", "reporters", "rest"),
    [
        ("央视网消息(新闻联播)：十二届全国人大一次会议8日下午举行。", "央视网", None, None, (), "十二届"),
        ("央视网消息（新闻联播）：本台消息：国务院总理温家宝1日同…", "央视网", None, None, (), "国务院"),  # two pieces
        ("新华社北京3月5日电（记者 张三 李四）十二届全国人大一次会议5日开幕。", "新华社", "北京", (3, 5), ("张三", "李四"), "十二届"),
        ("本报讯（记者 王五 通讯员 赵六）全市脱贫攻坚推进会召开。", "本报", None, None, ("王五", "赵六"), "全市"),
        ("湖北日报讯 7月23日至24日，省政协主席韩勇率队调研。", "湖北日报", None, None, (), "7月23日"),
        ("（记者 李妮）省政协主席韩勇率队调研。", None, None, None, ("李妮",), "省政协"),
        ("中新社华盛顿3月4日电 美国国会众议院4日通过议案。", "中新社", "华盛顿", (3, 4), (), "美国"),
    ],
)
def test_read_dateline(line, outlet, place, month_day, reporters, rest) -> None:
    d = read_dateline(line)
    assert d is not None
    assert (d.outlet, d.place, d.reporters) == (outlet, place, reporters)
    assert (None if d.month is None else (d.month, d.day)) == month_day
    assert line[d.end :].startswith(rest)


@pytest.mark.parametrize(
    "line",
    [
        "这个消息让人振奋。",  # 消息 as a word
        "平台消息显示，订单增长三成。",  # an outlet-like word without a colon
        "习近平致电祝贺。",  # 电 as in 致电
        "国务院新闻办公室今天举行发布会。",
        "新华社记者近日在西藏采访。",
    ],
)
def test_not_a_dateline(line: str) -> None:
    assert read_dateline(line) is None


def test_record_dates() -> None:
    assert record_date("2013-03-08 19:15:43") == dt.date(2013, 3, 8)
    assert record_date("2013/3/8") == record_date("2013年3月8日") == record_date("20130308") == dt.date(2013, 3, 8)
    assert record_date("2013-03-08T23:30:00+00:00") == dt.date(2013, 3, 8)  # the day as written
    assert record_date("1362741343") == dt.date(2013, 3, 8)  # epoch seconds, China's time
    assert record_date("3月8日") is None and record_date("") is None
    assert resolve_month_day(12, 31, dt.date(2013, 1, 1)) == dt.date(2012, 12, 31)


# ------------------------------------------------------ one record, one article


def test_a_record_is_never_split_and_keeps_its_metadata() -> None:
    # A 快讯 record holds several briefs, each under its own headline: still one article.
    text = ("我国南极科考队到达最南纬度选择建站新址\n我国第29次南极科学考察队到达历史最南纬度。\n"
            "陕西周原遗址考古发现高等级墓葬群\n陕西宝鸡扶风县周原遗址东部边缘的姚家墓地，近日发掘两座大墓。\n"
            "文献片《中国书法五千年》今晚播出\n八集大型文献片《中国书法五千年》，今晚起播出。")
    nf = _norm(_rec(text, title="[视频]国内联播快讯", date="2013-01-02 19:31:07", id="VIDE1", url="u", source="新闻联播"),
               _rec("央视网消息(新闻联播)：第二条。", title="第二条", date="2013-01-02 19:40:00", id="VIDE2"))
    a, b = nf.articles
    assert (a.title, a.source_id, a.published_date, a.date_text, a.source, a.meta["url"]) == (
        "[视频]国内联播快讯", "VIDE1", dt.date(2013, 1, 2), "2013-01-02 19:31:07", "新闻联播", "u")
    assert a.text == text and not nf.removed_lines[:0]  # every line kept, sub-headlines too
    assert (b.doc_index, b.seq, b.source_id, b.text) == (1, 1, "VIDE2", "第二条。")


def test_the_record_date_beats_dates_in_the_text() -> None:
    # The text opens with a full date of 1997: the record's date is the article's.
    (art,) = _norm(_rec("新华社北京3月5日电 1997年7月1日，香港回归祖国。今天举行纪念活动。",
                        date="2013-03-06 19:00:00")).articles
    assert (art.published_date, art.date_text) == (dt.date(2013, 3, 6), "2013-03-06 19:00:00")
    assert art.meta["dateline_date"] == "2013-03-05"  # the dateline's 3月5日, in the record's year
    assert art.text.startswith("1997年7月1日")


def test_dateline_is_metadata_and_recorded_as_removed() -> None:
    line = "\u3000\u3000新华社北京3月5日电（记者 张三）十二届全国人大一次会议5日开幕。"
    nf = _norm(_rec(f"{line}\n习近平出席。", date="2013-03-05", source="新闻联播"))
    (art,) = nf.articles
    assert art.text == "十二届全国人大一次会议5日开幕。\n习近平出席。"
    assert art.source == "新闻联播"  # the record's (or --source's) label before the dateline's outlet
    assert art.authors == ("张三",)
    assert (art.meta["dateline_source"], art.meta["dateline_place"]) == ("新华社", "北京")
    (cut,) = nf.removed_lines
    assert (cut.reason, cut.line_no, line[cut.start : cut.end]) == (reasons.DATELINE, 1, cut.text)
    assert cut.text == "新华社北京3月5日电（记者 张三）"


def test_dateline_on_a_line_of_its_own() -> None:
    nf = _norm(_rec("央视网消息(新闻联播)：\n法军在马里打死“基地”组织分支头目\n据法国媒体2月28日报道，……。"))
    (art,) = nf.articles
    assert art.text.startswith("法军在马里") and art.source == "央视网"
    assert [(r.line_no, r.reason, r.start) for r in nf.removed_lines] == [(1, reasons.DATELINE, None)]


def test_a_record_of_chrome_only_is_kept_whole() -> None:
    (art,) = _norm(_rec("分享到:\n相关文章:")).articles
    assert art.text == "分享到:\n相关文章:"


# ----------------------------------------------------------- lists are content


LEADERS = ("央视网消息(新闻联播)：一些国家的党和国家领导人今天向习近平表示祝贺。\n他们是：\n"
           "巴基斯坦总统 扎尔达里\n越南国家主席 张晋创\n老挝国家主席 朱马里\n日本首相 安倍晋三\n"
           "向中央军委主席习近平致贺的有：\n越南国家主席 张晋创")


@pytest.mark.parametrize("record", [True, False])
def test_names_in_a_list_are_neither_bylines_nor_repeats(record: bool) -> None:
    nf = _norm(SourceDocument(LEADERS, {}, record=record))
    text = "\n".join(a.text for a in nf.articles)
    assert text.count("越南国家主席 张晋创") == 2 and "老挝国家主席 朱马里" in text
    assert {r.reason for r in nf.removed_lines} <= {reasons.DATELINE, reasons.TITLE}
    assert not any(a.authors for a in nf.articles)


def test_a_real_byline_under_a_headline_still_goes() -> None:
    nf = _norm(SourceDocument("传承红色基因 决胜全面小康\n市委书记、市人大常委会主任易鹏飞\n今年是脱贫攻坚收官之年。"))
    (art,) = nf.articles
    assert art.authors == ("易鹏飞",) and [r.reason for r in nf.removed_lines] == [reasons.TITLE, reasons.BYLINE]


def test_a_repeated_headline_outside_a_list_still_goes() -> None:
    text = "深圳召开推进会\n\n全市推进会召开。会议强调要打赢脱贫攻坚战。\n\n深圳召开推进会\n\n会议要求各级各部门进一步压实责任，确保脱贫攻坚各项任务按期完成。"
    nf = _norm(SourceDocument(text))
    assert [r.reason for r in nf.removed_lines] == [reasons.TITLE, reasons.DUP_HEADLINE]


def test_speaker_labels_in_a_transcript_are_content() -> None:
    # An interview transcript: each answer under its speaker's label, a reporter's live
    # segment deep in the story. In a page these would be bylines and repeats; in a record
    # they say who speaks.
    text = ("央视网消息(新闻联播)：记者专访了人民银行副行长易纲。\n人民银行副行长\u3000外汇局局长\u3000易纲\n"
            "今年外汇储备保持稳定。\n记者：下一步怎么做？\n人民银行副行长\u3000外汇局局长\u3000易纲\n"
            "继续深化汇率市场化改革。\n本台记者\u3000崔霞\n现在移动塔架已经打开。")
    nf = _norm(_rec(text, title="[视频]【权威访谈】专访中国人民银行副行长易纲"))
    (art,) = nf.articles
    assert art.text.count("易纲\n") == 2 and "本台记者\u3000崔霞" in art.text and not art.authors
    assert [r.reason for r in nf.removed_lines] == [reasons.DATELINE]


def test_a_record_title_repeated_in_its_body_goes() -> None:
    text = ("深圳召开推进会\n全市推进会召开。会议强调要打赢脱贫攻坚战。\n深圳召开推进会\n"
            "会议要求各级各部门进一步压实责任，确保脱贫攻坚各项任务按期完成。")
    nf = _norm(_rec(text, title="深圳召开推进会"))
    (art,) = nf.articles
    assert art.title == "深圳召开推进会" and "深圳召开推进会" not in art.text
    assert [r.reason for r in nf.removed_lines] == [reasons.TITLE, reasons.DUP_HEADLINE]


def test_a_briefs_headline_shaped_like_a_banner_is_text() -> None:
    # 国内联播快讯: each brief under its headline; 新华社推出新版客户端 is news, not an app banner.
    text = "中方同意延长合作期限\n双方签署了协议。\n新华社推出新版客户端\n新华社今天推出新版客户端。"
    (art,) = _norm(_rec(text, title="[视频]国内联播快讯")).articles
    assert art.text == text
    # the same line at the edge of a page, among chrome, is a banner
    nf = _norm(SourceDocument("双方签署了协议。\n分享到:\n新华社推出新版客户端"))
    assert [r.reason for r in nf.removed_lines] == [reasons.SHARE_BAR, reasons.BANNER]
