"""Posts from titles (tasks/extract/posts.py): split, completed from the text, qualified.

Real snippets of the shared broadcast corpus's style and of the seeds; the seed test runs
the bundled samples through ingest and normalize as the pipeline does.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tasks.extract import PostContext, extract_article, posts_of

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"


@pytest.mark.parametrize(
    ("title", "context", "expected"),
    [
        # a chain is split at 、 and each post keeps its body
        ("中共中央政治局常委、国务院副总理", None, [("中共中央政治局常委", "中共中央政治局", "中国", None), ("国务院副总理", "国务院", "中国", None)]),
        # the head of state, however the state is written
        ("中国国家主席", None, [("国家主席", "国家", "中国", None)]),
        ("中华人民共和国主席", None, [("国家主席", "国家", "中国", None)]),
        # 兼 joins two posts; 外交部长 is the 外交部's 部长
        ("国务委员兼外交部长", None, [("国务委员", None, "中国", None), ("外交部部长", "外交部", "中国", "兼")]),
        # a foreign post carries its country, a foreign ministry is no Chinese body
        ("美国总统", None, [("美国总统", None, "美国", None)]),
        ("俄罗斯外交部长", None, [("俄罗斯外交部部长", "外交部", "俄罗斯", None)]),
        ("俄总统", None, [("俄罗斯总统", None, "俄罗斯", None)]),
        ("中国驻美国大使", None, [("中国驻美国大使", None, "美国", None)]),
        # the place written with a local body; 中共 before it is dropped
        ("中共河北省委书记", None, [("河北省委书记", "河北省委", "河北省", None)]),
        ("甘肃省庆阳市委书记", None, [("庆阳市委书记", "庆阳市委", "庆阳市", None)]),
        ("新疆自治区党委书记", None, [("新疆维吾尔自治区党委书记", "新疆维吾尔自治区党委", "新疆维吾尔自治区", None)]),
        # the place left out: the article's
        ("市委书记、市人大常委会主任", PostContext({"市": "庆阳市"}),
         [("庆阳市委书记", "庆阳市委", "庆阳市", None), ("庆阳市人大常委会主任", "庆阳市人大常委会", "庆阳市", None)]),
        ("市委副书记、市人民政府市长", PostContext({"市": "郴州市"}),
         [("郴州市委副书记", "郴州市委", "郴州市", None), ("郴州市市长", None, "郴州市", None)]),
        # …副委员长、秘书长: the second post is of the same body
        ("全国人大常委会副委员长、秘书长", None,
         [("全国人大常委会副委员长", "全国人大常委会", "中国", None), ("全国人大常委会秘书长", "全国人大常委会", "中国", None)]),
        # a bare head: China's post only for a Chinese holder, the holder's country's otherwise
        ("总理", PostContext(country="中国"), [("国务院总理", "国务院", "中国", None)]),
        ("总统", PostContext(country="俄罗斯"), [("俄罗斯总统", None, "俄罗斯", None)]),
        ("总统", None, [("总统", None, None, None)]),
        # a foreign party's body names its country
        ("越共中央总书记、国家主席", None, [("越共中央总书记", "越共中央", "越南", None), ("越南国家主席", "国家", "越南", None)]),
    ],
)
def test_posts_of_titles(title: str, context: PostContext | None, expected: list[tuple]) -> None:
    got = [(p.post, p.organisation, p.place, p.qualifier) for p in posts_of(title, context)]
    assert got == expected


@pytest.mark.parametrize(
    ("title", "qualifier", "tense"),
    [
        ("原国务院副总理", "原", "former"),
        ("美国前总统", "前", "former"),
        ("时任国务院总理", "时任", "former"),
        ("韩国当选总统", "当选", "elect"),
        ("委内瑞拉代总统", "代", "current"),
        ("常务副省长", "常务", "current"),
        ("埃及临时总统", "临时", "current"),
    ],
)
def test_qualifiers_are_kept_and_set_the_tense(title: str, qualifier: str, tense: str) -> None:
    (post,) = posts_of(title)
    assert (post.qualifier, post.tense) == (qualifier, tense)


def test_titles_without_a_head_name_no_post() -> None:
    assert posts_of("记者") == () and posts_of("市领导") == () and posts_of("新华社社长") == ()


def _posts(text: str) -> list[tuple[str, str, str]]:
    return [(pm.person, pm.post.post, pm.post.tense) for pm in extract_article(text).posts]


def test_article_posts_read_the_whole_chain_and_qualifiers() -> None:
    got = _posts("中共中央政治局常委、国务院副总理张高丽出席。原国务院副总理吴仪参加。")
    assert ("张高丽", "国务院副总理", "current") in got and ("张高丽", "中共中央政治局常委", "current") in got
    assert ("吴仪", "国务院副总理", "former") in got


def test_a_name_read_as_a_place_after_a_post_is_its_holder() -> None:
    # jieba's dictionary calls 奥巴马 a place; after 美国总统 it is the president
    assert ("奥巴马", "美国总统", "current") in _posts("国家主席习近平同美国总统奥巴马通电话。")


def test_a_bare_head_takes_the_same_persons_explicit_post() -> None:
    text = ("国家主席习近平25日在人民大会堂同俄罗斯总统普京举行会谈。两国元首一致同意深化合作。"
            "普京总统表示，俄方愿同中方加强协作。")
    got = [p for p in _posts(text) if p[0] == "普京"]
    assert got and set(got) == {("普京", "俄罗斯总统", "current")}


def test_mourned_and_commemorated_people_held_their_posts_in_the_past() -> None:
    text = "原国务院副总理、中央军委原副主席张三同志的遗体今天在北京火化。张三同志逝世后，习近平等同志前往看望。"
    assert all(tense == "former" for person, _, tense in _posts(text) if person == "张三")
    text = "纪念刘少奇同志诞辰115周年座谈会在京举行，国家主席刘少奇的一生……"
    assert all(tense == "former" for person, _, tense in _posts(text) if person == "刘少奇")


def test_announcements_date_the_change() -> None:
    text = ("央视网消息(新闻联播)：日前，中共中央决定：陈敏尔同志任重庆市委委员、常委、书记，不再担任贵州省委书记、"
            "常委、委员职务；孙政才同志不再担任重庆市委书记、常委、委员职务。")
    got = _posts(text)
    assert ("陈敏尔", "重庆市委书记", "current") in got
    assert ("陈敏尔", "贵州省委书记", "ended") in got
    assert ("孙政才", "重庆市委书记", "ended") in got
    assert ("陈敏尔", "重庆市委书记", "ended") not in got  # each announcement is its own person's


def test_a_foreign_ministry_is_the_holders_country() -> None:
    # 国防部长 of a Swiss minister in a story about Switzerland is no Chinese post
    got = _posts("瑞士联邦委员兼国防部长于利·毛雷尔在伯尔尼表示，瑞士国防部长毛雷尔说")
    assert not any(post == "国防部部长" for _, post, _ in got)


def test_sentence_year_marks_a_sentence_about_the_past() -> None:
    x = extract_article("2008年，国务院总理温家宝来到汶川。")
    assert [pm.sentence_year for pm in x.posts] == [2008]


# Every official of the seeds resolves to the place the story is about.
SEED_POSTS = {
    "000_0": {"王伟中": {"深圳市委书记"}, "陈如桂": {"深圳市市长"}, "郑轲": {"深圳市委副书记"}},
    "001_0": {"李宏庆": {"贺州市委书记", "贺州市人大常委会主任"}, "林冠": {"贺州市委副书记", "贺州市市长"},
              "陆海平": {"贺州市人大常委会党组书记"}, "陈远明": {"贺州市政协党组书记"}},
    "002_0": {"贠建民": {"庆阳市委书记"}, "朱涛": {"庆阳市委副书记", "庆阳市市长"},
              "董建镇": {"庆阳市人大常委会主任"}, "李银": {"庆阳市政协主席"}},
    "003_0": {"韩勇": {"陕西省政协主席"}, "王二虎": {"陕西省政协副主席"}, "闫超英": {"陕西省政协秘书长"}},
    "003_1": {"马国强": {"湖北省委副书记"}},
    "003_2": {"王周齐": {"福鼎市柏洋村党委书记"}},
    "004_0": {"易鹏飞": {"郴州市委书记", "郴州市人大常委会主任"}, "刘志仁": {"郴州市委副书记", "郴州市市长"}},
}


def test_seed_officials_posts_resolve_to_their_place() -> None:
    from tasks.ingest import ingest_paths
    from tasks.model import Rejection
    from tasks.normalize import normalize_file

    paths = sorted(SAMPLES.glob("*.txt"))
    if not paths:
        pytest.skip("no seeds in data/samples")
    got: dict[str, dict[str, set[str]]] = {}
    for rec in ingest_paths(paths):
        if isinstance(rec, Rejection):
            continue
        for i, art in enumerate(normalize_file(rec).articles):
            key = f"{Path(rec.path).stem[:3]}_{i}"
            for pm in extract_article(art.text, source=art.source).posts:
                if pm.post.resolved:
                    got.setdefault(key, {}).setdefault(pm.person, set()).add(pm.post.post)
    for key, people in SEED_POSTS.items():
        for person, posts in people.items():
            assert got.get(key, {}).get(person) == posts, (key, person)
