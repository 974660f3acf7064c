"""Quoted formulas: canonical across scripts, spaces and inner punctuation."""

from __future__ import annotations

import pytest

from tasks.extract.quote_kinds import phrase_kind
from tasks.extract.slogans import canonical_phrase, extract_slogans


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("紧扣“两不愁三保障”", "两不愁三保障"),  # 000
        ("解决“两不愁 三保障”突出问题", "两不愁三保障"),  # 003: a space inside
        ("紧盯“两不愁、三保障”的脱贫标准", "两不愁三保障"),  # 003: a 顿号 inside
        ("緊扣“兩不愁三保障”", "两不愁三保障"),  # Traditional
        ("落实「精准扶贫」", "精准扶贫"),  # corner brackets
        ("增强『四个意识』", "四个意识"),  # double corner brackets
        ("发扬“人一之我十之、人十之我百之”的甘肃精神", "人一之我十之人十之我百之"),  # 003: a two-part formula
    ],
)
def test_slogans(text: str, phrase: str) -> None:
    assert [s.phrase for s in extract_slogans(text)] == [phrase]


@pytest.mark.parametrize(
    "text",
    [
        "向市委、市政府递交了《脱贫攻坚承诺书》",  # 001: a document title
        "严格落实《关于“两不愁”的意见》",  # a quote inside a title belongs to the title
        # 000: a speech quotation, long and ending with ！
        "“夺取脱贫攻坚战全面胜利,坚决完成这项对中华民族、对人类都具有重大意义的伟业！”习近平总书记",
        "“其作始也简,其将毕也必巨。”",  # 000: a classical quotation ending with 。
    ],
)
def test_not_slogans(text: str) -> None:
    assert extract_slogans(text) == ()


def test_offsets_and_raw() -> None:
    text = "紧扣“两不愁 三保障”"
    (s,) = extract_slogans(text)
    assert text[s.start : s.end] == s.raw == "两不愁 三保障"


def test_canonical_phrase_is_one_for_all_spellings() -> None:
    assert len({canonical_phrase(x) for x in ("两不愁 三保障", "两不愁、三保障", "兩不愁三保障")}) == 1


# ------------------------------------------------------------- what a quotation is
# Snippets of 新闻联播 stories (shared/corpora/xwlb-2012-2019), a clause each.


def kinds(text: str) -> list[tuple[str, str, str | None]]:
    return [(s.phrase, s.kind, s.name_class) for s in extract_slogans(text) if s.quoted]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # organisations: the word after (组织, 武装), before (极端组织), or the name's own end
        ("宣布效忠“基地”组织", ("基地", "name", "organisation")),
        ("尼日利亚极端组织“博科圣地”制造了多起袭击", ("博科圣地", "name", "organisation")),
        ("萨达姆政权与“基地”等恐怖组织有着密切联系", ("基地", "name", "organisation")),  # 等 then the cue
        ("美国主导的“叙利亚民主军”宣布", ("叙利亚民主军", "name", "organisation")),
        ("索马里“青年党”宣称对袭击负责", ("青年党", "name", "organisation")),
        # weapons
        ("美韩决定在韩国部署“萨德”反导系统", ("萨德", "name", "weapon")),
        ("以色列“铁穹”防御系统拦截了火箭弹", ("铁穹", "name", "weapon")),
        # spacecraft, ships and other craft
        ("“嫦娥三号”探测器成功落月", ("嫦娥三号", "name", "spacecraft")),
        ("“墨子号”量子科学实验卫星", ("墨子号", "name", "craft")),
        ("韩国“岁月”号客轮沉没", ("岁月", "name", "ship")),
        ("中国第一艘航母“辽宁舰”", ("辽宁舰", "name", "ship")),
        ("我国载人潜水器“蛟龙号”", ("蛟龙号", "name", "ship")),
        ("美军一架“鱼鹰”运输机", ("鱼鹰", "name", "craft")),
        # operations
        ("公安部部署开展“猎狐2014”专项行动", ("猎狐2014", "name", "operation")),
        ("代号为“利剑”的联合演习", ("利剑", "name", "operation")),
        ("深入开展“净网2016”等专项行动", ("净网2016", "name", "operation")),
        # programmes, products, storms, animals
        ("美国国家安全局“棱镜”监控项目", ("棱镜", "name", "programme")),
        ("入选“千人计划”", ("千人计划", "name", "programme")),
        ("“复兴号”动车组", ("复兴号", "name", "product")),
        ("今年第30号超强台风“海燕”", ("海燕", "name", "storm")),
        ("大熊猫“美香”", ("美香", "name", "animal")),
        # formulas: numbered, or of parallel clauses
        ("牢固树立“四个意识”", ("四个意识", "formula", None)),
        ("紧盯“两不愁、三保障”脱贫标准", ("两不愁三保障", "formula", None)),
        ("“不忘初心、牢记使命”主题教育", ("不忘初心牢记使命", "formula", None)),
        ("“好邻居、好朋友、好同志、好伙伴”", ("好邻居好朋友好同志好伙伴", "formula", None)),
        # a formula with a forum or a programme named after it is still a formula
        ("第二届“一带一路”国际合作高峰论坛", ("一带一路", "formula", None)),
        ("“五个一”工程奖", ("五个一", "formula", None)),
        # slogans
        ("为实现“中国梦”而奋斗", ("中国梦", "slogan", None)),
        ("适应经济发展“新常态”", ("新常态", "slogan", None)),
        ("“互联网+”行动", ("互联网+", "name", "operation")),  # the cue wins for one quote; phrase_kind decides
        # terms: an ordinary word in quotation marks, or what something is called
        ("坚持“老虎”“苍蝇”一起打", ("老虎", "term", None)),
        ("推进“全面从严治党”", ("全面从严治党", "slogan", None)),  # done to a party, not a party
        ("被誉为“中国天眼”的射电望远镜", ("中国天眼", "term", None)),
        ("所谓“购岛”闹剧", ("购岛", "term", None)),
        ("纪念“九一八”事变", ("九一八", "term", None)),
        ("背面票面年号改为“2015年”", ("2015年", "term", None)),  # a date
        # the shape of a name: an army unit, a craft's short name, a brigade, a government
        ("南京军区某部“硬骨头六连”", ("硬骨头六连", "name", "organisation")),
        ("“红一连”是从秋收起义中走出的", ("红一连", "name", "organisation")),
        ("远望测量船出征执行“神十”任务", ("神十", "name", "craft")),
        ("哈马斯下属武装派别“卡桑旅”当天证实", ("卡桑旅", "name", "organisation")),
        ("组建“救国政府”的提议", ("救国政府", "name", "organisation")),
        ("支持政府的“红衫军”24号在曼谷郊区", ("红衫军", "name", "organisation")),
        ("受热带气旋“奥斯瓦德”的影响", ("奥斯瓦德", "name", "storm")),
        ("广受社会关注的“e租宝”案件", ("e租宝", "name", "event")),
        # words of speech
        ("中方认为这一行为“非法”", ("非法", "quotation", None)),
        ("他笑着说：“挺好”", ("挺好", "quotation", None)),
        ("把恐怖分子划分成“好的”和“坏的”", ("好的", "quotation", None)),
    ],
)
def test_quote_kinds(text: str, expected: tuple[str, str, str | None]) -> None:
    assert kinds(text)[0] == expected


def test_a_year_after_a_name_is_an_exercise_before_the_date_and_a_target_after_it() -> None:
    import datetime as dt

    text = "“利刃2012”反恐联训进入实兵演练，“中国制造2025”"
    found = [(s.phrase, s.kind) for s in extract_slogans(text, published=dt.date(2012, 7, 6))]
    assert found == [("利刃2012", "name"), ("中国制造2025", "slogan")]


def test_quotes_in_a_run_share_the_words_around_it() -> None:
    # the cue after the last quote names every quote of the run
    assert kinds("开展“净网”、“秋风”、“护苗”专项行动") == [
        ("净网", "name", "operation"), ("秋风", "name", "operation"), ("护苗", "name", "operation")]
    # ... and the cue before the first one too
    assert [k for _, k, _ in kinds("极端组织“伊斯兰国”和“基地”")] == ["name", "name"]


def test_a_theme_of_ordinary_words_is_no_slogan() -> None:
    # 为主题 says slogan; 自然, 人类 and 足球 are ordinary words all the same
    assert [k for _, k, _ in kinds("演出以“自然”、“人类”和“足球”为主题")] == ["quotation", "term", "term"]


def test_a_horn_is_not_a_craft() -> None:
    # 号角, 号召: words that begin with 号 after a quote
    assert kinds("吹响“脱贫攻坚”号角")[0][1] != "name"
    assert kinds("响应“大众创业、万众创新”号召")[0][1] == "formula"


def test_quote_that_is_an_organisation_entity_is_a_name() -> None:
    from tasks.model import EntityMention

    text = "“绿色和平”发表声明"
    org = EntityMention("org", "绿色和平", 1, 5)
    assert [(s.kind, s.name_class) for s in extract_slogans(text, [org])] == [("name", "organisation")]


@pytest.mark.parametrize(
    ("text", "items"),
    [
        # the items a numbered formula lists are formulas, though unquoted
        ("要牢固树立政治意识、大局意识、核心意识、看齐意识。“四个意识”就是立场方向",
         ["政治意识", "大局意识", "核心意识", "看齐意识"]),
        ("要着力服务全面建成小康社会、全面深化改革、全面依法治国、全面从严治党的战略布局。“四个全面”的战略布局",
         ["全面建成小康社会", "全面深化改革", "全面依法治国", "全面从严治党"]),
        # two items give no length to cut the outer ones to: left alone
        ("要实现全面建成小康社会和全面深化改革开放这“两个全面”的目标", []),
        # a count that does not match the formula's number is not its list
        ("要增强政治意识、大局意识。“四个意识”", []),
    ],
)
def test_formula_items(text: str, items: list[str]) -> None:
    found = [s for s in extract_slogans(text) if not s.quoted]
    assert [s.phrase for s in found] == items
    assert all(text[s.start : s.end] == s.raw and s.kind == "formula" and s.cue for s in found)


@pytest.mark.parametrize(
    ("votes", "expected"),
    [
        # 基地: 组织 after it in 133 of 147 stories
        ({("name", "organisation"): 133, ("term", None): 14}, ("name", "organisation")),
        # a storm is called one in a few stories, then only by its name
        ({("name", "storm"): 7, ("slogan", None): 38}, ("name", "storm")),
        # one odd cue in six stories is not enough
        ({("name", "animal"): 1, ("term", None): 5}, ("term", None)),
        # a formula needs most of its quotations to name a thing
        ({("formula", None): 5, ("name", "organisation"): 1}, ("formula", None)),
        ({("formula", None): 1132, ("name", "event"): 90}, ("formula", None)),
        # 互联网+: “互联网+”行动计划 in 12 of 76 stories
        ({("slogan", None): 64, ("name", "programme"): 6, ("name", "operation"): 6}, ("slogan", None)),
        ({("quotation", None): 3, ("slogan", None): 160}, ("slogan", None)),
    ],
)
def test_phrase_kind(votes: dict, expected: tuple[str, str | None]) -> None:
    assert phrase_kind(votes) == expected


@pytest.mark.parametrize(
    ("raw", "phrase"),
    [
        ("互联网+", "互联网+"),  # the + is the phrase: 互联网 alone is another word
        ("工业4.0", "工业4.0"),  # a point between digits stays
        ("中国梦·劳动美", "中国梦劳动美"),  # a middle dot is punctuation
        ("\uff11\uff16\uff0b\uff11合作", "16+1合作"),  # full width, NFKC
    ],
)
def test_canonical_phrase_keeps_plus_and_decimal_point(raw: str, phrase: str) -> None:
    assert canonical_phrase(raw) == phrase


def test_docstring_examples() -> None:
    import doctest

    from tasks.extract import quote_kinds, slogans

    assert doctest.testmod(slogans).failed == 0
    assert doctest.testmod(quote_kinds).failed == 0
