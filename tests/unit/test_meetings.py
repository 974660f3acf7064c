"""Meetings held and their roles (tasks/extract/meetings.py, roles.py): one rule per test,
each on a real sentence of the seeds or of CCTV 新闻联播 (quoted, a sentence or two)."""

from __future__ import annotations

import datetime as dt

import pytest

from tasks.extract import extract_article
from tasks.extract.meetings import cluster_key, normalise_name
from tasks.model import Meeting


def meetings(text: str, published: dt.date | None = None) -> tuple[Meeting, ...]:
    return extract_article(text, published=published).meetings


def roles(m: Meeting) -> list[tuple[str, str, int, bool]]:
    return [(r.role, r.person, r.position, r.partial) for r in m.roles]


# ------------------------------------------------------------------- held or not


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # the meeting 召开s (seed 002)
        ("10月12日上午,全市深度贫困地区脱贫攻坚工作会议召开。", "全市深度贫困地区脱贫攻坚工作会议"),
        # someone 召开s it (seed 000)
        ("3月13日,深圳市召开全市决战决胜脱贫攻坚推进会,传达学习习近平总书记重要讲话精神。", "全市决战决胜脱贫攻坚推进会"),
        # 开幕 with a date and a place between (CCTV 2016-10-14)
        ("第十届中国-拉美企业家高峰会10月14日在河北省唐山市开幕。", "第十届中国-拉美企业家高峰会"),
        # someone 出席s it (CCTV 2017-11-11)
        ("中共中央政治局常委、中央纪委书记赵乐际11日在太原出席全国推开国家监察体制改革试点工作动员部署电视电话会议。",
         "全国推开国家监察体制改革试点工作动员部署电视电话会议"),
        # a quoted name (CCTV 2016-03-23)
        ("中宣部和外交部今天在博鳌亚洲论坛共同举办了“亚洲文明对话会”。", "亚洲文明对话会"),
    ],
)
def test_meeting_held_is_found_with_its_name_as_written(text: str, name: str) -> None:
    assert [m.name for m in meetings(text)] == [name]


@pytest.mark.parametrize(
    "text",
    [
        # only referred to: 精神, the speech at it (seed 000)
        "传达学习习近平总书记在决战决胜脱贫攻坚座谈会上的重要讲话精神，研究我市贯彻落实意见。",
        # to come (CCTV 2017-05-18)
        "全国政协十二届常委会第二十一次会议将于6月下旬在京召开。",
        # decided, not held (CCTV 2016-07-26)
        "会议决定今年10月在北京召开中国共产党第十八届中央委员会第六次全体会议。",
        # what describes a guest (CCTV 2017-05-16)
        "国务院总理李克强16日下午在人民大会堂会见来华出席“一带一路”国际合作高峰论坛的缅甸国务资政昂山素季。",
        # a place, not what was held there (博鳌亚洲论坛 is where the 对话会 was)
        "中宣部和外交部今天在博鳌亚洲论坛共同举办了文化交流活动。",
        # words that end like a head: 人民大会堂, 新闻发布会, 运动会
        "国务院新闻办公室今天在北京举行新闻发布会。",
        "第十三届全国运动会今天在天津开幕。",
    ],
)
def test_meetings_only_referred_to_or_to_come_are_not_held(text: str) -> None:
    assert meetings(text) == ()


def test_meeting_in_what_someone_said_is_not_held() -> None:
    # CCTV 2018-09-01: the summit is in 习近平's words, the story reports talks
    text = "习近平表示，欢迎总统先生来华出席中非合作论坛北京峰会并对中国进行国事访问。"
    assert meetings(text) == ()


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # a generic head written apart from the body that holds it (CCTV 2016-07-26)
        ("中共中央政治局7月26日召开会议。中共中央总书记习近平主持会议。", "中共中央政治局会议"),
        # a plenary of a session (CCTV 2018-12-25): one meeting, not two
        ("十三届全国人大常委会第七次会议24日下午在北京人民大会堂举行第三次全体会议。栗战书委员长出席。",
         "十三届全国人大常委会第七次会议第三次全体会议"),
        # a numbered head (CCTV 2016-03-04)
        ("十二届全国人大常委会4日上午在人民大会堂举行第六十六次委员长会议。张德江委员长主持会议。",
         "十二届全国人大常委会第六十六次委员长会议"),
    ],
)
def test_head_written_apart_joins_its_body(text: str, name: str) -> None:
    assert [m.name for m in meetings(text)] == [name]


def test_mentions_of_one_meeting_are_one_meeting() -> None:
    # seed 003: the headline line names it shorter than the report
    text = ("韩勇在参加六盘山片区政协精准扶贫交流推进会时指出\n"
            "7月23日至24日六盘山片区政协精准扶贫交流推进会第五次会议在宁夏回族自治区固原市召开。")
    (m,) = meetings(text)
    assert (m.name, m.series_no, m.place) == ("六盘山片区政协精准扶贫交流推进会第五次会议", 5, "宁夏回族自治区固原市")


# ------------------------------------------------------------ day, place, level, id


def test_day_is_resolved_against_the_article_date() -> None:
    text = "中华全国工商业联合会第十一次会员代表大会9日下午在北京闭幕。"  # CCTV 2012-12-09
    (m,) = meetings(text, dt.date(2012, 12, 9))
    assert (m.held_on, m.date_text, m.place, m.series_no) == (dt.date(2012, 12, 9), "9日", "北京", 11)


def test_day_without_a_year_is_never_invented() -> None:
    text = "3月13日,深圳市召开全市决战决胜脱贫攻坚推进会。"  # seed 000 has no year
    (m,) = meetings(text)
    assert m.held_on is None and m.date_text == "3月13日"
    assert m.cluster_key == "全市决战决胜脱贫攻坚推进会|3月13日"


def test_today_is_the_article_date() -> None:
    text = "全国新型农村和城镇居民社会养老保险工作总结表彰大会今天在北京人民大会堂召开。"
    (m,) = meetings(text, dt.date(2012, 10, 12))
    assert (m.held_on, m.place, m.level) == (dt.date(2012, 10, 12), "北京人民大会堂", "national")


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("10月12日上午,全市深度贫困地区脱贫攻坚工作会议召开。市委书记贠建民出席会议并讲话。", "prefectural"),
        ("中国-白俄罗斯地方经贸合作论坛11日在明斯克开幕。", "international"),
        ("全国宣传部长会议3日在京召开。", "national"),
    ],
)
def test_level(text: str, level: str) -> None:
    assert [m.level for m in meetings(text)] == [level]


def test_cluster_key_and_name_norm() -> None:
    assert normalise_name("政协第十二届全国委员会第五十九次主席会议") == "政协12届全国委员会59次主席会议"
    assert normalise_name("第十三届全国人民代表大会第一次会议") == normalise_name("十三届全国人大一次会议")
    # a numbered name is one meeting on any day; a weekly one needs its day
    assert cluster_key("中央全面深化改革领导小组17次会议", 17, "会议", None) == "中央全面深化改革领导小组17次会议"
    assert cluster_key("国务院常务会议", None, "常务会议", None) is None


# ------------------------------------------------------------------------ roles


def test_roles_in_protocol_order_with_partial_lists() -> None:
    # seed 002
    text = ("10月12日上午,全市深度贫困地区脱贫攻坚工作会议召开。\n市委书记贠建民出席会议并讲话。\n"
            "市委副书记、市长朱涛主持。市人大常委会主任董建镇,市政协主席李银,市领导章志兼、卫达、马骥等出席。\n"
            "市委副地级干部、市农业产业化工作领导小组副组长秦华通报了全市2017年1-9月份脱贫攻坚工作情况。")
    (m,) = meetings(text, dt.date(2017, 10, 12))
    assert roles(m) == [
        ("speech", "贠建民", 1, False),  # 出席会议并讲话: a speaker, not an attendee
        ("chair", "朱涛", 1, False),
        ("attend", "董建镇", 1, True), ("attend", "李银", 2, True), ("attend", "章志兼", 3, True),
        ("attend", "卫达", 4, True), ("attend", "马骥", 5, True),
        ("report", "秦华", 1, False),
    ]
    titles = {r.person: r.title for r in m.roles}
    assert titles["朱涛"] == "市委副书记、市长" and titles["卫达"] == "市领导"  # shared across 、


def test_chair_who_also_speaks() -> None:
    # CCTV 2017-05-18
    text = "全国政协主席俞正声18日下午主持召开政协第十二届全国委员会第五十九次主席会议并讲话。"
    (m,) = meetings(text)
    assert [(r.role, r.person, r.cue) for r in m.roles] == [("chair", "俞正声", "主持召开"), ("speech", "俞正声", "讲话")]


def test_those_named_after_the_cue() -> None:
    # CCTV 2013-02-28
    text = "中共中央2月28日上午在中南海怀仁堂举行民主协商会。出席会议的还有周铁农、蒋树声、桑国卫。"
    (m,) = meetings(text)
    assert [(r.role, r.person, r.position) for r in m.roles] == [
        ("attend", "周铁农", 1), ("attend", "蒋树声", 2), ("attend", "桑国卫", 3)]


def test_a_coordinated_cue_takes_the_people_before() -> None:
    # CCTV 2019-03-28: 出席…开幕式，并发表…主旨演讲 — a speaker
    text = ("国务院总理李克强28日上午在海南博鳌出席博鳌亚洲论坛2019年年会开幕式，"
            "并发表题为《携手应对挑战实现共同发展》的主旨演讲。")
    (m,) = meetings(text)
    assert [(r.role, r.person) for r in m.roles] == [("speech", "李克强")]


def test_a_list_name_the_entity_pass_missed() -> None:
    # CCTV 2017-07-07: 贾康 is read as the list reads it
    text = ("6日，中共中央政治局常委、国务院总理李克强主持召开经济形势专家企业家座谈会。\n"
            "会上，贾康、陈宪、沈联涛等专家和中国一重、顺丰速运、旷视科技负责人发了言。")
    (m,) = meetings(text)
    assert [(r.role, r.person, r.position, r.partial) for r in m.roles if r.role == "speech"] == [
        ("speech", "贾康", 1, True), ("speech", "陈宪", 2, True), ("speech", "沈联涛", 3, True)]


@pytest.mark.parametrize(
    "text",
    [
        # 参加会见: no meeting role (CCTV 2015-05-17)
        "中央全面深化改革领导小组第十七次会议召开。国务委员杨洁篪等参加会见。",
        # a cue in what someone said (CCTV 2014-07-16)
        "2014年中央第二轮巡视工作动员部署会召开。王岐山指出，党中央对巡视工作高度重视，习近平总书记主持召开中央政治局常委会多次听取汇报。",
        # who they are, not what they did (CCTV 2015-09-03)
        "纪念中国人民抗日战争暨世界反法西斯战争胜利70周年招待会3日在人民大会堂隆重举行。习近平和夫人彭丽媛同参加招待会的外国领导人夫妇共同步入宴会厅。",
        # 胜利召开 convenes nothing (CCTV 2017-07-07)
        "经济形势专家企业家座谈会召开。李克强要求各地区各部门以发展新成绩迎接党的十九大胜利召开。",
    ],
)
def test_cues_that_name_no_role(text: str) -> None:
    assert all(m.roles == () for m in meetings(text))


def test_a_day_after_the_story_is_a_meeting_to_come() -> None:
    # CCTV 2018-01-30: held 5 March, reported in January — not held yet
    text = "根据决定，十三届全国人大一次会议于2018年3月5日在北京召开。"
    assert meetings(text, dt.date(2018, 1, 30)) == ()
    assert [m.held_on for m in meetings(text, dt.date(2018, 3, 5))] == [dt.date(2018, 3, 5)]


def test_seated_on_the_rostrum_and_a_name_cut_into_a_title() -> None:
    # CCTV 2019-03-05: 在主席台执行主席席就座; the entity pass reads 执行主|席王晨
    text = ("第十三届全国人民代表大会第二次会议5日上午在人民大会堂开幕。大会主席团常务主席、执行主席栗战书主持大会。"
            "大会主席团常务主席、执行主席王晨、曹建明、张春贤在主席台执行主席席就座。")
    (m,) = meetings(text, dt.date(2019, 3, 5))
    assert [(r.role, r.person, r.position) for r in m.roles] == [
        ("chair", "栗战书", 1), ("attend", "王晨", 1), ("attend", "曹建明", 2), ("attend", "张春贤", 3)]
    assert m.roles[1].title == "大会主席团常务主席、执行主席"


@pytest.mark.parametrize(
    "text",
    [
        # what it was, not a report of it (CCTV 2019-11-07)
        "大家认为，中共十九届四中全会是在新中国成立70周年之际召开的一次具有里程碑意义的重要会议。",
        # to come: welcomed to it (CCTV 2018-08-28)
        "中方欢迎布方出席今年9月中非合作论坛北京峰会，期待布方为峰会成功发挥积极作用。",
    ],
)
def test_what_a_meeting_was_and_one_welcomed_to(text: str) -> None:
    assert meetings(text, dt.date(2018, 8, 28)) == ()


def test_a_numbered_meeting_takes_its_body() -> None:
    # CCTV 2018-11-22
    text = "全国政协农业和农村委员会22日在京召开第一次对口协商座谈会，围绕发展壮大乡村产业协商议政。"
    (m,) = meetings(text, dt.date(2018, 11, 22))
    assert (m.name, m.series_no, m.held_on, m.place) == (
        "全国政协农业和农村委员会第一次对口协商座谈会", 1, dt.date(2018, 11, 22), "京")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # who listens is not who reports (CCTV 2019-04-17)
        ("解决“两不愁三保障”突出问题座谈会16日在重庆召开。17日上午，习近平听取了重庆市委和市政府工作汇报。", []),
        # whose letter is read is not who speaks (CCTV 2018-06-14)
        ("纪念中国福利会成立80周年大会14日下午在上海举行。中共中央政治局委员、上海市委书记李强在会上宣读习近平的贺信并讲话。",
         [("speech", "李强")]),
    ],
)
def test_the_agent_of_a_cue(text: str, expected: list) -> None:
    assert [(r.role, r.person) for m in meetings(text, dt.date(2019, 4, 17)) for r in m.roles] == expected


def test_a_name_the_entity_pass_missed_with_its_title_after_it() -> None:
    # CCTV 2018-12-25: the entity pass finds no 栗战书 in 栗战书委员长出席
    text = "十三届全国人大常委会第七次会议24日下午在北京人民大会堂举行第三次全体会议。栗战书委员长出席。\n吉炳轩副委员长主持会议。"
    (m,) = meetings(text, dt.date(2018, 12, 25))
    assert [(r.role, r.person, r.title) for r in m.roles] == [("attend", "栗战书", "委员长"), ("chair", "吉炳轩", "副委员长")]


def test_work_report_is_no_cue() -> None:
    # 常委会工作报告: 作…报告 does not start inside 工作
    text = "十三届全国人大二次会议5日上午在人民大会堂开幕。常委们积极评价常委会工作报告稿。"
    assert all(m.roles == () for m in meetings(text, dt.date(2019, 3, 5)))


def test_a_name_holding_a_word_that_could_start_one() -> None:
    # CCTV 2015-04-13: 全面从严治党 — 从 does not start the name
    text = "调研期间，刘云山还分别召开加强基层党建工作和落实全面从严治党要求座谈会，指出全面从严治党说到底是个责任问题。"
    (m,) = meetings(text)
    assert (m.name, [(r.role, r.person) for r in m.roles]) == (
        "加强基层党建工作和落实全面从严治党要求座谈会", [("chair", "刘云山")])
