"""Statements (tasks/extract/statements.py): one rule per test, each on a real sentence of
the seeds or of CCTV 新闻联播 (quoted, a sentence or two)."""

from __future__ import annotations

import pytest

from tasks.extract import extract_article
from tasks.model import Statement


def said(text: str) -> list[tuple[str, str, str, str]]:
    """(speaker, resolution, verb, the first ten characters of the content)."""
    return [(s.speaker, s.resolution, s.verb, s.content[:10]) for s in extract_article(text).statements]


def statements(text: str) -> tuple[Statement, ...]:
    return extract_article(text).statements


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # named with the verb (seed 002)
        ("贠建民指出,到2020年确保贫困人口如期脱贫,全面建成小康社会,是我们党作出的庄严承诺。",
         [("贠建民", "explicit", "指出", "到2020年确保贫困")]),
        # a frame between the speaker and the verb (CCTV 2015-05-11)
        ("习近平在致辞中指出，近年来，中白经贸关系持续快速发展。",
         [("习近平", "explicit", "指出", "近年来，中白经贸关系")]),
        # an interview frame and a day (CCTV 2014-10-25)
        ("马来西亚前总理马哈蒂尔24号在香港接受本台记者采访时表示，非法“占中”者扰乱社会秩序的行为与民主原则相悖。",
         [("马哈蒂尔", "explicit", "表示", "非法“占中”者扰乱社")]),
        # a verb with no comma after it (CCTV 2017-07-07)
        ("李克强要求各地区各部门要尽职尽责，以发展新成绩迎接党的十九大胜利召开。",
         [("李克强", "explicit", "要求", "各地区各部门要尽职尽")]),
        # a title between the name and the verb (seed 003)
        ("习近平总书记反复强调让老百姓过上好日子是我们一切工作的出发点和落脚点。",
         [("习近平", "explicit", "强调", "让老百姓过上好日子是")]),
        # 对…说: whom it was said to (CCTV 2018-09-13)
        ("中共中央政治局常委、国务院副总理韩正在广西调研。在集装箱码头，韩正对现场工作人员说，北部湾港具有良好区位优势和水深条件。",
         [("韩正", "explicit", "说", "北部湾港具有良好区位")]),
    ],
)
def test_explicit_speaker(text: str, expected: list) -> None:
    assert said(text) == expected


def test_pronoun_and_two_statements_of_one_speaker() -> None:
    # CCTV 2012-10-12: 他强调…。…他说…
    text = ("中共中央政治局常委、国务院总理温家宝出席会议并讲话。他强调，实现“老有所养”是社会保障的重要目标。"
            "温家宝在讲话中回顾了党的十六大以来我国社会保障制度建设取得的成就。他说，我们建立了城镇居民基本医疗保险制度。")
    assert said(text) == [("温家宝", "pronoun", "强调", "实现“老有所养”是社"), ("温家宝", "pronoun", "说", "我们建立了城镇居民基")]


def test_pronoun_points_at_the_subject_not_the_guest() -> None:
    # CCTV 2017-08-26: in 在会见巴希尔时，张高丽… the subject is 张高丽
    text = "在会见巴希尔时，张高丽首先转达了习近平主席的亲切问候和良好祝愿。他说，总统先生出席了纪念活动。"
    assert said(text) == [("张高丽", "pronoun", "说", "总统先生出席了纪念活")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a sentence that starts with the verb goes on with the speaker before (CCTV 2013-09-22)
        ("会晤菲乔时，张德江指出，斯洛伐克已成为中国在中东欧地区的重要经贸伙伴。希望双方利用好中方提出的重大举措。",
         [("张德江", "explicit", "指出", "斯洛伐克已成为中国在"), ("张德江", "carried", "希望", "双方利用好中方提出的")]),
        # a speaker's own instruction speaks for them (CCTV 2014-11-27)
        ("中共中央政治局常委、国务院总理李克强作出重要批示。批示指出，医教协同是培养临床医学人才的有效途径。",
         [("李克强", "carried", "指出", "医教协同是培养临床医")]),
        # a clause of a sentence about someone (CCTV 2015-04-13)
        ("中共中央政治局常委、中央书记处书记刘云山4月11日至13日在广西调研，强调把全面从严治党的要求落到实处。",
         [("刘云山", "explicit", "强调", "把全面从严治党的要求")]),
    ],
)
def test_speaker_not_written(text: str, expected: list) -> None:
    assert said(text) == expected


def test_the_meeting_itself_speaks() -> None:
    # CCTV 2014-09-24
    text = "国务院总理李克强9月24日主持召开国务院常务会议。会议指出，顺应新技术革命潮流，必须更大力度推进企业技术改造。"
    (s,) = statements(text)
    assert (s.speaker, s.speaker_kind, s.verb, s.verb_class, s.meeting) == ("会议", "meeting", "指出", "assert", 0)


@pytest.mark.parametrize(
    "text",
    [
        # a courtesy formula (CCTV 2016-10-14)
        "国家主席习近平发来贺信，对高峰会召开表示热烈的祝贺。",
        # 对…表示肯定 (CCTV 2018-09-13)
        "韩正考察南向通道建设，对广西通过整合港口提升市场竞争力的做法表示肯定。",
        # a joint view (CCTV 2012-11-19; CCTV 2017-07-07)
        "两国领导人还就东亚领导人系列会议交换意见，一致认为，与会各国应着眼大局和长远。",
        "会上，专家和企业负责人发了言。大家认为上半年经济运行持续向好。",
        # an organisation or a document speaking (CCTV 2014-04-06; CCTV 2016-01-01)
        "阿富汗内政部表示，当天共有7名士兵在袭击中丧生。",
        "《意见》强调，必须深化国防和军队改革。",
        # a noun use of the verb (seed 003)
        "传达学习习近平总书记重要指示精神和李克强总理批示要求。",
        # 说 in 说到底, 说明
        "全面从严治党说到底是个责任问题。",
        "这说明改革是有效的。",
    ],
)
def test_not_statements(text: str) -> None:
    assert statements(text) == ()


def test_direct_quote_content_is_inside_the_quotes() -> None:
    # seed 003
    text = "福鼎市柏洋村党委书记王周齐说“柏洋村之所以能发展成为一个远近闻名的富裕村,就在于狠抓党建不放松”。"
    (s,) = statements(text)
    assert s.direct and s.content.startswith("柏洋村之所以") and text[s.start : s.end] == s.content


def test_a_quoted_term_is_no_direct_quote() -> None:
    # CCTV 2018-09-13
    text = "中共中央政治局常委、国务院副总理韩正在广西调研。韩正指出，“互联网+政务服务”的关键在于应用。"
    (s,) = statements(text)
    assert not s.direct and s.content.startswith("“互联网+政务服务”")


def test_a_verb_inside_what_was_said_is_part_of_it() -> None:
    # CCTV 2012-11-19: 建议 inside 温家宝's statement
    text = "温家宝表示，当前两国加强经贸合作面临重要机遇，建议在以下方面采取具体举措。"
    assert said(text) == [("温家宝", "explicit", "表示", "当前两国加强经贸合作")]


def test_an_envoy_speaks_for_whom_he_represents() -> None:
    # as CCTV writes it (2017-10-30: 黄平君代表越共中央和阮富仲表示): the envoy speaks
    text = "国务委员杨洁篪代表习近平主席和中国政府表示，中方愿同各方一道努力。"
    assert said(text) == [("杨洁篪", "explicit", "表示", "中方愿同各方一道努力")]


def test_offsets_point_into_the_text() -> None:
    text = "李宏庆强调,今年脱贫攻坚要全面验收、对账交账。"  # seed 001
    (s,) = statements(text)
    assert text[s.start : s.end] == s.content == "今年脱贫攻坚要全面验收、对账交账"
    assert text[s.cue_start : s.cue_start + 2] == "强调"


def test_a_title_alone_is_no_speaker() -> None:
    # CCTV 2019-05-15: 习主席 names no one the entity pass found; the title is not a name
    assert statements("习主席鲜明地指出：“文明只有姹紫嫣红之别，但绝无高低优劣之分。”") == ()
