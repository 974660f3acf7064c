"""tasks.normalize on real snippets from the seeds; every rule fires and holds back."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from tasks import reasons
from tasks.model import FileRecord, NormalizedFile, RemovedLine, SourceDocument
from tasks.normalize import (
    convert,
    find_common_lines,
    normalize_file,
    normalize_text,
    split_sentences,
)
from tasks.normalize.t2s import count_traditional, to_simplified

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "data" / "samples"
CORPORA = REPO.parent / "shared" / "corpora"
needs_corpora = pytest.mark.skipif(
    not CORPORA.is_dir(), reason=f"shared corpora not found at {CORPORA}"
)


def _seed(prefix: str) -> str:
    return next(SAMPLES.glob(prefix + "_*.txt")).read_text(encoding="utf-8")


_CACHE: dict[str, NormalizedFile] = {}


def _norm(prefix: str) -> NormalizedFile:
    if prefix not in _CACHE:
        raw = _seed(prefix)
        rec = FileRecord(prefix, prefix + ".txt", len(raw), "utf-8", "txt", raw, (SourceDocument(raw),))
        _CACHE[prefix] = normalize_file(rec)
    return _CACHE[prefix]


ALL = ["000", "001", "002", "003", "004"]

# --------------------------------------------------------------- look-alikes


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("推进会苐五次会议", "推进会第五次会议"),  # 003: 苐 has no word, 第五 has
        ("负责同志作交鋶发言", "负责同志作交流发言"),  # plain t2s gives 锍
        ("有力有效举措嶊进我省", "有力有效举措推进我省"),
        ("宁夏囙族自治区", "宁夏回族自治区"),
        ("渻政协召开主席会议", "省政协召开主席会议"),  # 省政协 is a dictionary word
        ("各哋各部门", "各地各部门"),
        ("坚决咑赢脱贫攻坚战", "坚决打赢脱贫攻坚战"),
        ("确保焦点不散、靶惢不变", "确保焦点不散、靶心不变"),
        ("确保鈈漏一村", "确保不漏一村"),  # plain t2s gives 钚 (plutonium)
        ("对接拿絀项目清单", "对接拿出项目清单"),
        ("用脚步丈量了闽东的山嫆海纳", "用脚步丈量了闽东的山容海纳"),
        ("让老百姓过仩好日子", "让老百姓过上好日子"),
        ("脱贫攻坚任偅而道不远", "脱贫攻坚任重而道不远"),  # no whole word: 任重 is inside 任重道远
        ("有实实在在的获嘚感", "有实实在在的获得感"),
        ("习近平总书记没囿犹豫", "习近平总书记没有犹豫"),
        ("四下基层制度，历玖而弥新", "四下基层制度，历久而弥新"),  # context: 历久
        ("只有承认落后財能知耻而后勇", "只有承认落后才能知耻而后勇"),  # 003, context: 才能
        ("莪们要坚定信心", "我们要坚定信心"),  # a look-alike beyond the seeds' list
        ("六大特色优势产业莋大做强", "六大特色优势产业做大做强"),  # 003: 做大 is a word, 作大 is not
        ("深入推进扶贫领域莋风问题整治", "深入推进扶贫领域作风问题整治"),  # 003: same 莋, 作风 wins
        ("培育壮夶龙头企业", "培育壮大龙头企业"),  # 003
        ("“柏洋村”笁作中我们也看到", "“柏洋村”工作中我们也看到"),  # 003
        ("甘肃还赱在脱贫攻坚爬坡过坎的路上", "甘肃还走在脱贫攻坚爬坡过坎的路上"),  # 003: no word, 赱 has none either
        ("水、电、住房鉯及教育", "水、电、住房以及教育"),  # 003
    ],
)
def test_lookalike_repaired(text: str, expected: str) -> None:
    out = normalize_text(text)
    assert out.text == expected
    assert out.repairs and all(
        r.rule in (reasons.LOOKALIKE, reasons.LOOKALIKE_CONTEXT) for r in out.repairs
    )
    for r in out.repairs:
        assert out.text[r.offset] == r.replacement and text[r.offset] == r.original


@pytest.mark.parametrize(
    "text",
    [
        "人民币玖佰元整",  # 玖 is the numeral here: 久佰 makes no word
        "完善深度贫困县財政支出约束机制",  # 財政 is a word, 才政 is not
        "不能囿于成见",  # 囿于 is a real word
        "理財产品和錢財",  # 財 in 理财 / 钱财
        "財",  # alone: 财 has words of its own, so 財 is never forced to 才 without context
        # In Traditional text 財 is the regular 财, not a look-alike, even where 才 would
        # make a word (才华 of a name, 才能 of a typo): the Traditional round trip.
        "紀委書記嚴財華警告處分",
        "只有承認落後財能知恥而後勇",
        # In Simplified text too, 財 stays where 财 makes a word (财年) or 才 makes none,
        # only pairs inside longer words (才高 of 才高八斗, 其才 of 人尽其才)
        "度在去年財年度从中",
        "调查队吕兆財高级督察",
        "才大发其財。",
    ],
)
def test_lookalike_kept(text: str) -> None:
    out = normalize_text(text)
    assert out.text == to_simplified(text)
    assert out.repairs == ()


@pytest.mark.parametrize("prefix", ["002", "004"])
def test_text_without_lookalikes_is_plain_t2s_where_no_rule_applies(prefix: str) -> None:
    # Simplified seeds without look-alikes: every kept line equals plain t2s of the line,
    # except characters a recorded repair changed (masks in 004).
    out = normalize_text(_seed(prefix))
    lines = {to_simplified(line.strip()) for line in _seed(prefix).split("\n")}
    repaired_lines = set()
    pos = 0
    for line in out.text.split("\n"):
        if not any(pos <= r.offset < pos + len(line) for r in out.repairs):
            assert line in lines
        else:
            repaired_lines.add(line)
        pos += len(line) + 1
    assert all(r.rule == reasons.MASK_RESTORED for r in out.repairs)


# --------------------------------------------------------------- corrections


@pytest.mark.parametrize(
    ("text", "expected", "rule"),
    [
        ("擡頭", "抬头", reasons.OPENCC_UPDATE),  # package keeps 擡
        ("貍貓", "狸猫", reasons.OPENCC_UPDATE),
        ("幷州", "并州", reasons.OPENCC_UPDATE),
        ("乾安縣", "乾安县", reasons.OPENCC_KEEP),  # place name keeps 乾 (package: 干安县)
        ("張鈞甯", "张钧甯", reasons.OPENCC_KEEP),  # surname 甯
        ("他說「好」", "他说“好”", reasons.QUOTE_STYLE),
        ("承載著人民之福", "承载着人民之福", reasons.HAND_CORRECTION),  # 著 as particle
        ("牠們只吃草", "它们只吃草", reasons.HAND_CORRECTION),
    ],
)
def test_correction_fires(text: str, expected: str, rule: str) -> None:
    out, repairs = convert(text)
    assert out == expected
    assert {r.rule for r in repairs} == {rule}


@pytest.mark.parametrize(
    "text",
    [
        "著名作家的著作",  # 著 as zhù stays
        "乾燥的天氣",  # 乾 outside the names still becomes 干 (plain t2s)
        "脫貧攻堅",  # no rule at all
    ],
)
def test_correction_holds_back(text: str) -> None:
    out, repairs = convert(text)
    assert out == to_simplified(text)
    assert repairs == ()


# --------------------------------------------------------------- masks, digits


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("市委副书记、市人民*府市长刘志仁", "市委副书记、市人民政府市长刘志仁"),
        ("以习近平同志为核心的*中央吹响了号角", "以习近平同志为核心的党中央吹响了号角"),
        ("离不开各级*员干部的担当奉献", "离不开各级党员干部的担当奉献"),
        ("他们用生命诠释了共产*人的初心使命", "他们用生命诠释了共产党人的初心使命"),
        ("从*策落实入手", "从政策落实入手"),
    ],
)
def test_mask_restored(text: str, expected: str) -> None:
    out = normalize_text(text)
    assert out.text == expected
    assert [r.rule for r in out.repairs] == [reasons.MASK_RESTORED]


@pytest.mark.parametrize(
    "text",
    [
        "*的十八大以来",  # nothing on the left, 的 on the right: no candidate is clearly right
        "计算 3*4 的结果",  # not next to Chinese on both sides, arithmetic
        "**重要通知**",  # markdown emphasis, not a mask
    ],
)
def test_mask_kept(text: str) -> None:
    out = normalize_text(text)
    assert "*" in out.text and out.repairs == ()


def test_seed_004_masks_and_stripped_digits() -> None:
    (art,) = _norm("004").articles
    for word in ("人民政府", "党中央", "党员", "共产党人", "政策"):
        assert word in art.text, word
    # kept and counted: *的十八大 (no word), 使*策红利 (政策 on one side only: as weak a sign
    # as 其* → 其中 in 其*为估计值, a footnote star)
    assert art.masked_chars == 2
    assert "使*策红利" in art.text
    # 从年的44.1万人, (年10月17日), 个贫困村, 年以来, 年，脱贫攻坚, 全市万群众
    assert art.stripped_digits == 6
    assert "从年的44.1万人" in art.text  # never invented


def test_stripped_digits_not_counted_in_normal_text() -> None:
    text = "到2020年确保贫困人口如期脱贫，今年以来全市新增就业1.2万人，万众一心。"
    rec = FileRecord("x", "x.txt", 0, "utf-8", "txt", text, (SourceDocument(text),))
    (art,) = normalize_file(rec).articles
    assert art.stripped_digits == 0


# --------------------------------------------------------------- chrome and repeats

CHROME = re.compile(r"分享到|相关文章|编辑:|编辑：|一审|我要回帖|^\?|首页 >|首页 »|随机推荐|查看完整版本")


@pytest.mark.parametrize("prefix", ALL)
def test_no_chrome_left_in_articles(prefix: str) -> None:
    for art in _norm(prefix).articles:
        for line in art.text.split("\n"):
            assert not CHROME.search(line), (prefix, line)


@pytest.mark.parametrize("prefix", ALL)
def test_no_traditional_residue(prefix: str) -> None:
    for art in _norm(prefix).articles:
        assert count_traditional(art.text) == 0
        assert art.title is None or count_traditional(art.title) == 0


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("分享到:", reasons.SHARE_BAR),  # 000, 001
        ("分享到微信朋友圈", reasons.SHARE_BAR),  # 002
        ("首页 > 时政", reasons.BREADCRUMB),  # 002
        ("首页 » 问答 » 地理 » 第7个国家扶贫日", reasons.BREADCRUMB),  # 004
        ("• 掌中庆阳客户端", reasons.BANNER),  # 002 app banner
        ("汝城县论坛", reasons.BANNER),  # 004 forum banner
        ("编辑:孙雅茹责任编辑:吴树权", reasons.EDITOR_LINE),  # 002
        ("一审:刘芳瑗二审:刘小飞终审:肖向荣", reasons.EDITOR_LINE),  # 004
        ("来源:郴州发布", reasons.SOURCE_LINE),  # 004
        ("相關文章:", reasons.RELATED_LINKS),  # 000, Traditional
        ("?习近平致信祝贺中国福利会成立80周年", reasons.RELATED_LINKS),  # 003 link line
        ("热文推荐名单公示!郴州这5人拟被国家表彰!", reasons.HOT_POSTS),  # 004
        ("我要回帖", reasons.FORUM_SPAM),  # 003
        ("图片来源:新华视点", reasons.PHOTO_CAPTION),  # 004
        ("航拍汝城县大坪镇湘汝生态农业种植基地。欧阳常海摄", reasons.PHOTO_CAPTION),  # 004
        ("TUhjnbcbe - 2021/1/21 18:12:00", reasons.TIMESTAMP),  # 004 forum post header
        ("上一篇", reasons.NAVIGATION),
    ],
)
def test_chrome_line_removed_with_reason(line: str, reason: str) -> None:
    out = normalize_text("脱贫攻坚取得决定性进展。\n" + line + "\n全市上下要再接再厉。")
    assert [(r.line_no, r.reason) for r in out.removed_lines] == [(2, reason)]
    assert out.text == "脱贫攻坚取得决定性进展。\n全市上下要再接再厉。"


@pytest.mark.parametrize(
    "line",
    [
        "  • 一要咬定目标任务,坚持目标不变、靶心不散,严格落实“四个不摘”的要求。",  # 000 bullet list: content
        "关闭违规企业十二家,整改问题三十项。",  # starts like a navigation word
        "向党和人民交出优异答卷",  # 000 section heading
        "桂东县沤江镇青竹村",  # 004 short line: kept (not sure it is a caption)
    ],
)
def test_content_line_kept(line: str) -> None:
    out = normalize_text("脱贫攻坚取得决定性进展。\n" + line)
    assert out.removed_lines == ()


@pytest.mark.parametrize("prefix", ["000", "001"])
def test_repeated_headline_removed_and_title_once(prefix: str) -> None:
    nf = _norm(prefix)
    art = nf.articles[0]  # 000 holds a second piece (see test_seed_000_second_piece…)
    dups = [r for r in nf.removed_lines if r.reason == reasons.DUP_HEADLINE]
    assert len(dups) >= 4
    assert art.title and art.title not in art.text
    assert to_simplified(dups[0].text.strip()).endswith(art.title)


def test_photo_captions_under_repeated_headline_001() -> None:
    captions = [r.text for r in _norm("001").removed_lines if r.reason == reasons.PHOTO_CAPTION]
    assert "會議現場。" in captions and "遞交承諾書。" in captions


def test_find_common_lines() -> None:
    footer = "本网站所刊登的各种新闻信息不代表本网观点"
    texts = [f"第{i}篇正文内容。\n{footer}" for i in range(6)] + ["另一篇正文内容。"]
    common = find_common_lines(texts, min_files=5)
    assert footer in common and "另一篇正文内容。" not in common
    raw = "脱贫攻坚取得决定性进展。\n" + footer
    rec = FileRecord("x", "x.txt", 0, "utf-8", "txt", raw, (SourceDocument(raw),))
    nf = normalize_file(rec, common_lines=common)
    assert [(r.line_no, r.reason) for r in nf.removed_lines] == [(2, reasons.CORPUS_REPEAT)]


# --------------------------------------------------------------- articles and metadata


@pytest.mark.parametrize(("prefix", "n"), [("000", 2), ("001", 1), ("002", 1), ("003", 3), ("004", 1)])
def test_articles_per_seed(prefix: str, n: int) -> None:
    assert len(_norm(prefix).articles) == n


def test_seed_000_second_piece_after_repeated_page_headline() -> None:
    # The meeting report, the page headline repeated (an image caption), then a
    # commentary with its own headline and paragraphs: two articles.
    first, second = _norm("000").articles
    assert first.title == "深圳:为决胜脱贫攻坚全面建成小康社会作出贡献"
    assert second.title == "向党和人民交出优异答卷"
    assert "陈如桂强调" in first.text and "陈如桂强调" not in second.text
    assert second.text.startswith("3月13日,深圳市召开全市决战决胜脱贫攻坚推进会。会议强调")
    assert "向党和人民交出优异答卷" not in (first.text + "\n" + second.text).split("\n")


@pytest.mark.parametrize(
    ("text", "n"),
    [
        # fires: repeated page headline, a new headline, paragraphs of its own
        ("页面标题\n第一段正文内容。\n第二段正文内容。\n页面标题\n另一篇的标题\n第三段正文内容。\n第四段正文内容。", 2),
        # not: nothing of a first piece above the repeat (the repeat opens the page)
        ("页面标题\n页面标题\n另一篇的标题\n第三段正文内容。\n第四段正文内容。", 1),
        # not: a single paragraph under the headline (a captioned picture, not a piece)
        ("页面标题\n第一段正文内容。\n第二段正文内容。\n页面标题\n图片说明文字\n第三段正文内容。", 1),
        # not: a section heading after body text, no repeated page headline (003's 学习宁德经验…)
        ("页面标题\n第一段正文内容。\n\n小节标题一\n\n第三段正文内容。\n\n第四段正文内容。", 1),
    ],
)
def test_split_after_repeated_page_headline(text: str, n: int) -> None:
    rec = FileRecord("x", "x.txt", 0, "utf-8", "txt", text, (SourceDocument(text),))
    assert len(normalize_file(rec).articles) == n


def test_section_headings_inside_003_stay_in_their_article() -> None:
    third = _norm("003").articles[2]
    assert "学习宁德经验,全力以赴打赢打好甘肃脱贫攻坚战" in third.text.split("\n")


@pytest.mark.corpus
@needs_corpora
def test_thucnews_articles_are_not_split() -> None:
    path = CORPORA / "thucnews-cnews-val1000" / "cnews.val.txt"
    texts = [line.rstrip("\n").split("\t", 1)[1] for line in path.open(encoding="utf-8") if "\t" in line]
    for i, text in enumerate(texts[:300]):
        rec = FileRecord(str(i), "x.txt", 0, "utf-8", "txt", text, (SourceDocument(text),))
        assert len(normalize_file(rec).articles) == 1


def test_title_line_recorded_as_removed_line() -> None:
    nf = _norm("002")
    titles = [(r.line_no, r.text) for r in nf.removed_lines if r.reason == reasons.TITLE]
    assert titles == [(6, "庆阳市深度贫困地区脱贫攻坚工作会议召开")]
    # not: seed 004 has no headline above its body; its first heading names it and stays
    (art,) = _norm("004").articles
    assert not [r for r in _norm("004").removed_lines if r.reason == reasons.TITLE]
    assert art.title in art.text.split("\n")


def without_parts(line: str, rows: list[RemovedLine]) -> str:
    """The line as written without the parts the rows removed, stripped."""
    for r in sorted((r for r in rows if r.start is not None), key=lambda r: -r.start):
        line = line[: r.start] + line[r.end :]
    return line.strip()


def _check_rebuilds(nf: NormalizedFile, documents: list[str]) -> None:
    """Per document: the removed lines and the kept lines (the articles' text lines, in
    order) are exactly the non-blank lines, each line number once. A kept line is
    matched to its input line by position: the non-blank lines not removed, in order,
    each converted with ``convert``, are the articles' text lines. A part of a line
    removed (a dateline) sits at its offsets in the line as written; the rest is kept."""
    for d, text in enumerate(documents):
        written = text.split("\n")
        inputs = [line.strip() for line in written]
        nonblank = [no for no, line in enumerate(inputs, 1) if line]
        rows = [r for r in nf.removed_lines if r.doc_index == d]
        removed = [r for r in rows if r.start is None]
        removed_nos = [r.line_no for r in removed]
        assert len(set(removed_nos)) == len(removed_nos)
        assert set(removed_nos) <= set(nonblank)
        # parts of a line (inline chrome) sit at their offsets in the line as written; a
        # line removed whole after that (a title) holds the rest
        for r in rows:
            if r.start is not None:
                assert written[r.line_no - 1][r.start : r.end] == r.text
        for no in {r.line_no for r in rows if r.start is not None}:
            inputs[no - 1] = without_parts(written[no - 1], [r for r in rows if r.line_no == no])
        for r in removed:
            if r.start is None:
                assert inputs[r.line_no - 1] == r.text
            else:
                line = written[r.line_no - 1]
                assert line[r.start : r.end] == r.text
                inputs[r.line_no - 1] = (line[: r.start] + line[r.end :]).strip()
        whole = {r.line_no for r in removed if r.start is None}
        kept_inputs = [inputs[no - 1] for no in nonblank if no not in whole]
        kept_outputs = [
            line for a in nf.articles if a.doc_index == d for line in (a.text.split("\n") if a.text else [])
        ]
        assert kept_outputs == [convert(line)[0] for line in kept_inputs]


@pytest.mark.parametrize("prefix", ALL)
def test_kept_and_removed_lines_rebuild_each_seed(prefix: str) -> None:
    _check_rebuilds(_norm(prefix), [_seed(prefix)])


def test_kept_and_removed_lines_rebuild_jsonl_documents() -> None:
    docs = [_seed("000"), "分享到:\n脫貧攻堅取得決定性進展。", _seed("003")]
    rec = FileRecord("f", "f.jsonl", 0, "utf-8", "jsonl", "", tuple(SourceDocument(t) for t in docs))
    _check_rebuilds(normalize_file(rec), docs)


def test_seed_003_three_articles() -> None:
    arts = _norm("003").articles
    assert [a.title for a in arts] == [
        "聚焦短板 尽锐出战 确保如期打赢片区脱贫攻坚战",
        "把打赢脱贫攻坚战作为重大政治任务明确责任尽锐出战狠抓实效",
        "宁德的脱贫故事,凝结着习近平总书记关于扶贫开发重要论述的精髓要义",
    ]
    raw = _seed("003")
    assert [a.seq for a in arts] == [0, 1, 2]
    assert "韩勇" in raw[arts[0].start : arts[0].end]
    assert "马国强" in raw[arts[1].start : arts[1].end] and "宁德" not in raw[arts[1].start : arts[1].end]
    assert raw[arts[2].start : arts[2].end].startswith("前不久光明日报")
    assert arts[0].end <= arts[1].start <= arts[1].end <= arts[2].start
    assert [a.script for a in arts] == ["mixed", "mixed", "mixed"]
    assert arts[0].authors == ("李妮",) and arts[1].authors == ("谢慧敏",)
    assert arts[1].source == "湖北日报"


@pytest.mark.parametrize(
    ("prefix", "source", "authors", "date_text", "published"),
    [
        ("000", None, (), "3月13日", None),  # no year anywhere in the text: no date
        ("001", "贺州新闻网", ("梁寿基", "韩俊彤"), "3月4日", dt.date(2020, 3, 4)),  # 全市2020年…大会
        ("002", "庆阳网", ("何海峰", "李彬", "孙雅茹", "吴树权"), "10月12日", dt.date(2017, 10, 12)),
        ("004", "郴州发布", ("易鹏飞", "刘志仁", "刘芳瑗", "刘小飞", "肖向荣"), "2021/1/21", dt.date(2021, 1, 21)),
    ],
)
def test_metadata(prefix: str, source, authors, date_text, published) -> None:
    art = _norm(prefix).articles[0]
    assert (art.source, art.authors, art.date_text, art.published_date) == (
        source,
        authors,
        date_text,
        published,
    )


def test_photo_credits_and_paper_banner_in_meta() -> None:
    (art,) = _norm("004").articles
    assert art.meta["photographers"] == "欧阳常海"  # …种植基地。欧阳常海摄
    assert art.meta["photo_sources"] == "新华视点、央视新闻客户端"
    assert "欧阳常海" not in art.authors  # credits the picture, not the text
    (art,) = _norm("002").articles
    assert art.meta["newspaper"] == "陇东报"  # • 陇东报数字报
    # not: an app banner names no newspaper, a caption without a credit names nobody
    out = normalize_file(FileRecord("x", "x.txt", 0, "utf-8", "txt", "掌中庆阳客户端\n正文内容在这里。",
                                    (SourceDocument("掌中庆阳客户端\n正文内容在这里。"),)))
    assert "newspaper" not in out.articles[0].meta
    assert "photographers" not in _norm("001").articles[0].meta  # 會議現場。 is a caption without credit


def test_year_only_from_dateline_level_evidence() -> None:
    # 003's first article: 7月23日至24日, and 截至2018年底 (a statistic, not the year of
    # the meeting): no published_date. 001: 全市2020年决战脱贫攻坚大会 is this year's meeting.
    first = _norm("003").articles[0]
    assert first.date_text == "7月23日" and first.published_date is None
    assert "2018年底" in first.text
    assert _norm("001").articles[0].published_date == dt.date(2020, 3, 4)


@pytest.mark.parametrize(("prefix", "script"), [("000", "traditional"), ("001", "traditional"), ("002", "simplified"), ("004", "simplified")])
def test_script(prefix: str, script: str) -> None:
    assert {a.script for a in _norm(prefix).articles} == {script}


def test_jsonl_documents_use_meta_and_doc_index() -> None:
    docs = (
        SourceDocument("全市脱贫攻坚推进会召开。", {"title": "推进会", "date": "2020-03-13", "source": "深圳特区报"}),
        SourceDocument("分享到:\n脫貧攻堅取得決定性進展。", {"url": "http://x"}),
    )
    rec = FileRecord("f", "f.jsonl", 0, "utf-8", "jsonl", "", docs)
    nf = normalize_file(rec)
    a, b = nf.articles
    assert (a.title, a.source, a.published_date, a.doc_index) == ("推进会", "深圳特区报", dt.date(2020, 3, 13), 0)
    assert (b.text, b.doc_index, b.seq, b.meta["url"]) == ("脱贫攻坚取得决定性进展。", 1, 1, "http://x")
    assert [(r.doc_index, r.line_no, r.reason) for r in nf.removed_lines] == [(1, 1, reasons.SHARE_BAR)]


def test_repair_offsets_index_article_text() -> None:
    for prefix in ALL:
        for art in _norm(prefix).articles:
            for r in art.repairs:
                assert art.text[r.offset] == r.replacement
                assert r.rule in reasons.REPAIR_RULES


def test_removed_lines_point_at_document_lines() -> None:
    for prefix in ALL:
        lines = _seed(prefix).split("\n")
        for r in _norm(prefix).removed_lines:
            if r.start is None:
                assert lines[r.line_no - 1].strip() == r.text
            else:  # a dateline: a part of the line, at its offsets in the line as written
                assert lines[r.line_no - 1][r.start : r.end] == r.text
            assert r.reason in reasons.REMOVED_LINE_REASONS


# --------------------------------------------------------------- sentences


def test_split_sentences_run_on_text_003() -> None:
    body = _norm("003").articles[1].text
    sentences = split_sentences(body)
    assert len(sentences) > 10
    assert max(len(s) for s in sentences) <= 130
    # nothing dropped or reordered (whitespace aside)
    assert re.sub(r"\s+", "", "".join(sentences)) == re.sub(r"\s+", "", body)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("会议强调。要坚定信心！", ["会议强调。", "要坚定信心！"]),
        ("“要坚定信心。”他说。", ["“要坚定信心。”", "他说。"]),  # closing quote stays with its sentence
        ("", []),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


# --------------------------------------------------------------- accuracy goals


@pytest.mark.corpus
@needs_corpora
def test_opencc_t2s_cases_goal() -> None:
    with open(CORPORA / "opencc-testcases" / "to_simplified_cases.jsonl", encoding="utf-8") as f:
        cases = [json.loads(line) for line in f]
    cases = [c for c in cases if c["config"] == "t2s"]
    assert len(cases) == 55
    assert sum(convert(c["input"])[0] == c["expected"] for c in cases) >= 53


@pytest.mark.corpus
@needs_corpora
def test_gsd_test_goal() -> None:
    with open(CORPORA / "ud-chinese-gsd-parallel" / "gsd_test_parallel.jsonl", encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    assert len(rows) == 500
    assert sum(convert(r["traditional"])[0] == r["simplified"] for r in rows) >= 475


def test_find_common_lines_counts_copies_of_one_story_once() -> None:
    # the same story saved five times (one copy with a different first line) is not
    # five sites sharing a template: its body must not become "corpus_repeat" chrome
    from tasks.normalize import find_common_lines

    body = "全市深度贫困地区脱贫攻坚工作会议召开\n会议强调，要坚决打赢脱贫攻坚战，确保贫困人口如期脱贫。\n会议要求各级各部门压实责任，精准施策，确保如期完成脱贫攻坚任务。\n"
    copies = [body] * 4 + ["转载\n" + body]
    assert find_common_lines(copies, min_files=5) == frozenset()


def test_find_common_lines_finds_a_share_bar_on_many_stories() -> None:
    from tasks.normalize import find_common_lines

    stories = [f"第{i}篇报道的标题\n这是第{i}篇报道的正文内容，讲述脱贫攻坚工作。\n分享到微信朋友圈\n" for i in range(6)]
    assert "分享到微信朋友圈" in find_common_lines(stories, min_files=5)
