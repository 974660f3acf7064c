"""tasks.normalize.inline: page furniture cut out of run-on article lines, nothing else.

The cases are shaped like THUCNews's Sina articles (one line per article, the page's
furniture joined in), written short; the prose cases hold the same words used as words.
"""

from __future__ import annotations

import pytest

from tasks import reasons
from tasks.model import FileRecord, SourceDocument
from tasks.normalize import normalize_file, normalize_text
from tasks.normalize.inline import inline_cuts


@pytest.mark.parametrize(
    ("text", "expected", "reason"),
    [
        ("房价将保持平稳。我要评论", "房价将保持平稳。", reasons.NAVIGATION),
        # the comment link between two joined stories
        ("中信地产叫卖富恒房产我要评论恒盛地产已于昨日结束招股。", "中信地产叫卖富恒房产恒盛地产已于昨日结束招股。", reasons.NAVIGATION),
        # a related-links header and its headlines, to the end
        ("基金仓位回升。    相关报道：    基金净值普涨    债券基金反弹", "基金仓位回升。", reasons.RELATED_LINKS),
        ("审计署公告。相关阅读：审计署：奥运项目招投标违规", "审计署公告。", reasons.RELATED_LINKS),
        ("制止退地的事发生。 延伸阅读", "制止退地的事发生。", reasons.RELATED_LINKS),
        # a bullet opens a related story: the marker goes, the story stays
        ("只等考试。◇相关新闻130分，艺术类分数线划定", "只等考试。130分，艺术类分数线划定", reasons.RELATED_LINKS),
        # an editor's code ends the story
        ("湖人有底气去三连冠吗？(XWT185)", "湖人有底气去三连冠吗？", reasons.EDITOR_LINE),
        ("预计负债。点击进入本刊更多内容：（中国房地产报）", "预计负债。（中国房地产报）", reasons.NAVIGATION),
        ("雄鹿100-活塞110(点击观看视频集锦)活塞二连胜。", "雄鹿100-活塞110活塞二连胜。", reasons.NAVIGATION),
        ("（中国房地产报）订阅热线：800-810-0909", "（中国房地产报）", reasons.BANNER),
        # link labels after names
        ("由光线影业(微博)出品，陈嘉上(微博)导演", "由光线影业出品，陈嘉上导演", reasons.NAVIGATION),
        ("烟台三星PL65热卖【ZOL-七天在线 it7t.com】三星PL系列推出新机。", "烟台三星PL65热卖三星PL系列推出新机。", reasons.SOURCE_LINE),
        ("修成正果。声明：新浪网独家稿件，转载请注明出处。", "修成正果。", reasons.BANNER),
    ],
)
def test_inline_chrome_cut(text: str, expected: str, reason: str) -> None:
    out = normalize_text(text)
    assert out.text == expected
    assert out.removed_lines and {r.reason for r in out.removed_lines} == {reason}
    for r in out.removed_lines:
        assert text[r.start : r.end] == r.text  # where it sat in the line as written


@pytest.mark.parametrize(
    "text",
    [
        "在网上检索卫浴行业的相关新闻，陶瓷洁具不再唱重头戏。",  # 相关新闻 as words
        "敬请关注棒棒堂相关新闻，这个初秋让你停不了！",
        "记者从相关新闻发布会上获悉，",
        "玩家点击进入副本后即可领取奖励。",  # 点击进入 in a sentence
        "佳能IXUS200(SD980)是首款搭载24mm超广角的卡片机。",  # a model number, not a code
        "评估等级3级(AL3)和4级(AL4)学生签证申请人",
        "迪斯尼公司拥有影片的版权，有权独立开发续集。",
        "广大青少年可登陆网站【kejiao.cntv.cn】投稿。",  # an address in a sentence
    ],
)
def test_prose_is_kept(text: str) -> None:
    out = normalize_text(text)
    assert out.text == text and out.removed_lines == ()


def test_parts_and_the_rest_rebuild_the_line() -> None:
    line = "  股市回暖 基金加仓(XWT185) 相关新闻：  标题一  标题二 我要评论  "
    out = normalize_text(line)
    assert out.text == "股市回暖 基金加仓"
    rest = list(line)
    for r in sorted(out.removed_lines, key=lambda r: -r.start):
        assert line[r.start : r.end] == r.text
        del rest[r.start : r.end]
    assert "".join(rest).strip() == out.text


def test_a_line_of_chrome_only_goes_whole() -> None:
    out = normalize_text("正文第一段。\n我要评论")
    assert out.text == "正文第一段。"
    assert [(r.line_no, r.reason, r.start) for r in out.removed_lines] == [(2, reasons.NAVIGATION, None)]


def test_repeats_are_found_without_the_chrome() -> None:
    # the same paragraph twice, once with a comment link after it: one is a repeat
    para = "全市新增就业1.2万人，城镇登记失业率控制在3%以内。"
    out = normalize_text(f"{para}\n{para}我要评论")
    assert out.text == para
    assert {r.reason for r in out.removed_lines} == {reasons.NAVIGATION, reasons.DUP_LINE}


def test_normalize_file_article_span_leaves_the_chrome_out() -> None:
    text = "【ZOL-七天在线 it7t.com】三星PL系列推出了多款新机，其中PL65很超值。我要评论"
    rec = FileRecord("f", "f.txt", len(text), "utf-8", "txt", text, (SourceDocument(text),))
    nf = normalize_file(rec)
    (art,) = nf.articles
    assert text[art.start : art.end] == "三星PL系列推出了多款新机，其中PL65很超值。"
    assert [(r.reason, text[r.start : r.end]) for r in nf.removed_lines] == [
        (reasons.SOURCE_LINE, "【ZOL-七天在线 it7t.com】"), (reasons.NAVIGATION, "我要评论")]


def test_article_span_after_two_cuts_at_the_start() -> None:
    text = "我要评论 相关新闻： 标题一 标题二 正文从这里开始。会议召开。"
    rec = FileRecord("f", "f.txt", len(text), "utf-8", "txt", text, (SourceDocument(text),))
    (art,) = normalize_file(rec).articles
    assert text[art.start : art.end].startswith("标题一") and text[art.start : art.end].endswith("会议召开。")


def test_cutting_that_makes_new_chrome_cuts_again() -> None:
    assert inline_cuts("正文。我要我要评论评论") == [(3, 11, reasons.NAVIGATION)]
