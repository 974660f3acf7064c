"""Posts people hold, read from the titles they are named with in one article.

``posts_of`` reads one title string (中共中央政治局常委、国务院副总理) into its posts, each
with its organisation, place and country, the qualifier written with it and its tense,
completed from a :class:`PostContext` where the title leaves the place out (市委书记 in a
story about 庆阳 → 庆阳市委书记; 总统 of a holder the text calls American → 美国总统).

``article_posts`` finds the titles of an article's people (the entity pass's titles
before or after a name, and the post heads of ``dicts/post_heads.tsv`` next to a name,
such as 普京|总统 or 美国国务卿|克里), learns each person's country from their explicit
posts, the article's home places from its place and organisation mentions, and marks as
former every post written with 原/前/时任/已故 or held by a person the article mourns or
commemorates (逝世, 遗体, 追悼会, 纪念…诞辰). It never decides who holds a post over time:
that is the tenures derived in SQL from every article's posts (``sql/derive/tenures.sql``).
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from tasks.extract import gazetteer, tokenizer
from tasks.extract.lexicon import Covering, is_cjk, surname_len
from tasks.extract.post_titles import LOCAL_BODY, QUALIFIERS, Piece, split_title, tables
from tasks.extract.titles import chain_start
from tasks.model import EntityMention, Post, PostMention

CHINA = gazetteer.CHINA

# Which of an article's places a local body's unit names: 市委 → a city, 县长 → a county.
_UNIT_LEVELS: dict[str, tuple[str, ...]] = {
    "省": ("province",), "自治区": ("province",), "市": ("prefecture", "province", "county"),
    "县": ("county",), "区": ("county",), "州": ("prefecture",), "旗": ("county",), "盟": ("prefecture",),
}
_UNIT_SUFFIX = {"省": ("省",), "自治区": ("自治区",), "市": ("市",), "县": ("县",), "区": ("区",),
                "州": ("州",), "旗": ("旗",), "盟": ("盟",)}

# Written right before or after a name, these end a title no matter what the name is.
_SENTENCE_END = "。！？!?\n"
_YEAR = re.compile(r"((?:19|20)\d\d)年")
# A person the article mourns or commemorates: 刘少奇|同志诞辰, 悼念|X, X同志|遗体.
_DEATH_AFTER = re.compile(r"(?:同志|先生|女士)?(?:的)?(?:遗体|追悼会|告别仪式|生平|骨灰|诞辰|逝世|去世|病逝|辞世|因病医治无效)")
_DEATH_BEFORE = re.compile(r"(?:纪念|悼念|缅怀|追思|送别|怀念|吊唁|凭吊)(?:已故|原|前)?$")
# Words that put a sentence in China's government: a bare 总理 there is 国务院总理.
_CHINESE_CONTEXT = re.compile("国务院|中共中央|党中央|全国人大|全国政协|中央军委|中国|我国|中方|中央")
# Announcements: 赵克志同志任|贵州省委书记; 任命王毅|为外交部部长; …不再担任|贵州省委书记…职务.
_TITLE_RUN = r"(?P<title>[^，,。；;\n（(：:“”]{2,40}?)"
_GIVEN = re.compile(r"(?:同志)?(?:任|兼任|担任|出任|就任|接任|当选为|当选|代理)" + _TITLE_RUN + r"(?:职务)?(?=[，,。；;\n（(]|$)")
_NAMED_AS = re.compile(r"(?:同志)?为" + _TITLE_RUN + r"(?=[，,。；;\n（(]|$)")
_TAKEN = re.compile(r"不再(?:兼任|担任)" + _TITLE_RUN + r"(?:等)?职务")
_REMOVED = re.compile(r"(?:同志)?(?:的)?" + _TITLE_RUN + r"(?:等)?职务")
# Verbs a title chain never reaches back over (the entity pass sometimes did).
_VERBS = ("会见", "会晤", "接见", "看望", "慰问", "陪同", "出席", "参加", "主持", "邀请", "率领", "应约", "致电", "致函", "宣布", "表示", "任命", "担任", "当选为")
# What may follow a title written after a name: 普京总统|说, 李克强总理|主持.
_AFTER_HEAD = frozenset("和与及、等在说表指会出同就对向也还并将是为的了致主提强认希宣应发访抵称一分已")
# Characters that begin no name read after a title (就任总理|后首次出访, 总理|和尼雷尔).
_NAME_NEVER_STARTS = frozenset("后和与及同跟")
# Characters that end no name: the first of the next word (王毅|作了报告).
_NAME_NEVER_ENDS = frozenset("作在说等和与及会对表指强出主也就还是的了将向为同今分")
# Characters of transliterated names (梅德韦杰夫, 纳扎尔巴耶夫) that begin no common word.
_TRANSLITERATION = frozenset("阿埃艾奥巴贝比波布达德迪蒂杜厄尔菲夫弗盖戈格哈赫吉杰卡凯科克库拉莱兰朗勒雷里利列卢鲁罗洛马麦曼梅蒙米莫姆穆纳内尼涅努诺帕佩皮普齐奇乔萨塞桑森舍什斯索塔泰坦特提图托瓦韦维沃乌希谢雅亚扬耶伊约泽扎詹茨兹佐娃娜娅莎琳妮黛龙")
# A local government, which names no post of its own beside its head's (市人民政府|市长).
_GOVERNMENTS = frozenset({"人民政府", "政府"})
# Outlets named after their place: the place a story of theirs is about (湖北日报讯).
_OUTLETS = ("日报", "晚报", "广播电视台", "电视台", "新闻网", "新闻", "网")
# Bodies too generic to name a post without their place (委员会主席, 大会主席).
_GENERIC_BODIES = frozenset({"委员会", "大会", "会议", "代表团", "组委会", "主席团", "大会主席团", "执行委员会", "常务委员会"})


@dataclass(frozen=True, slots=True)
class PostContext:
    """What the text around a title says about where its posts are.

    ``places``: for each unit a local body is named by (省, 自治区, 市, 县, 区, 州, 旗, 盟),
    the place of that level the text is about. ``country``: the holder's country, when
    the text says it; ``nearby_country``: the country the sentence names last before the
    title, which decides a ministry's country (国防部长) for a holder of unknown country.
    """

    places: Mapping[str, str] = field(default_factory=dict)
    country: str | None = None
    nearby_country: str | None = None  # the last country named before the title in its sentence
    chinese_name: bool = False  # the holder's name is shaped like a Chinese one


def posts_of(title: str, context: PostContext | None = None) -> tuple[Post, ...]:
    """The posts a title names, with offsets into ``title``.

    >>> [p.post for p in posts_of("中共中央政治局常委、国务院副总理")]
    ['中共中央政治局常委', '国务院副总理']
    >>> [(p.post, p.place) for p in posts_of("市委书记、市人大常委会主任", PostContext({"市": "庆阳市"}))]
    [('庆阳市委书记', '庆阳市'), ('庆阳市人大常委会主任', '庆阳市')]
    >>> [(p.post, p.tense) for p in posts_of("美国前总统")]
    [('美国总统', 'former')]
    """
    ctx = context or PostContext()
    return tuple(_compose(piece, ctx, title) for piece in split_title(title))


def _tense(qualifier: str | None) -> str:
    return QUALIFIERS.get(qualifier or "", "current")


def _compose(piece: Piece, ctx: PostContext, title: str, offset: int = 0) -> Post:
    """The post a piece names, completed from ``ctx`` where the piece leaves it open."""
    head = piece.head.head
    body = piece.organisation
    place = piece.places[-1] if piece.places else None
    country = piece.country
    post: str | None = None
    organisation: str | None = body or None
    unit = LOCAL_BODY.match(body or head)
    if piece.host is not None:  # 中国驻美国大使
        country = country or CHINA
        post, place, organisation = f"{country}驻{piece.host}{head}", piece.host, None
    elif piece.scope == "international":  # 联合国秘书长: a body that is its own place
        post, place, country = body + head, None, None
    elif piece.scope == "national" and country in (None, CHINA) and ctx.country not in (None, CHINA):
        # 国家主席陈大光 where the text makes the holder Vietnamese: his state's post
        post, place, country = ctx.country + body + head, ctx.country, ctx.country
    elif piece.scope == "national" and country in (None, CHINA):
        post, place, country = body + head, CHINA, CHINA
    elif piece.scope == "ministry" and country in (None, CHINA):
        # 国防部长: China's, unless the holder (or, for a holder of unknown country, the
        # sentence) is of another country
        owner = country or ctx.country or ctx.nearby_country or (CHINA if ctx.chinese_name else None)
        if owner == CHINA:
            post, place, country = body + head, CHINA, CHINA
        elif owner is not None:
            post, place, country = owner + body + head, owner, owner
    elif not body and not place and piece.head.chinese == head:
        post, place, country = head, CHINA, CHINA  # 国务委员 names itself
    elif place == CHINA and not body:
        # 中华人民共和国主席, 中国总理: the state's own posts
        post = "国家" + head if head in ("主席", "副主席") else piece.head.chinese
    elif place is not None:  # 庆阳市委书记, 美国总统, 俄罗斯外交部部长
        if body in _GOVERNMENTS and LOCAL_BODY.match(head):
            body = ""  # 郴州市人民政府市长 is the 郴州市市长
        post = place + body + head
        organisation = (place + body if country == CHINA else body) if body else None
    elif country is not None and body:  # 越共中央总书记: a foreign party's post
        post, place = body + head, country
    elif unit is not None:  # 市委书记: the city the article is about
        home = ctx.places.get(unit.group(1))
        if home is not None:
            rest = (body or "")[len(unit.group(1)) :]
            if rest in _GOVERNMENTS and LOCAL_BODY.match(head):
                rest = ""  # 市人民政府市长 is the 市长
            place, country = home, CHINA
            organisation = home + rest if rest else None
            post = home + rest + head
    elif ctx.country == CHINA:
        if not body and piece.head.chinese:
            post = piece.head.chinese  # 李克强总理 → 国务院总理
            organisation = post[: -len(head)] or None
        elif body and body not in _GENERIC_BODIES:
            post = body + head  # 民革中央主席
        if post is not None:
            place, country = CHINA, CHINA
    elif ctx.country is not None and body not in _GENERIC_BODIES:
        place = country = ctx.country
        post = ctx.country + body + head  # 普京总统 → 俄罗斯总统
    resolved = post is not None
    if post is None:
        place = country = None
    return Post(
        post=post if post is not None else title[piece.start : piece.end],
        head=head,
        organisation=organisation,
        place=place,
        country=country,
        qualifier=piece.qualifier or ("常务" if head.startswith("常务") else None),
        tense=_tense(piece.qualifier),
        resolved=resolved,
        holders=piece.head.holders,
        start=offset + piece.start,
        end=offset + piece.end,
    )


# ------------------------------------------------------------------ article


def _title_span(text: str, m: EntityMention) -> tuple[int, int] | None:
    """Where the title of a person mention is written: right before the name, right after
    it (习近平|总书记), or before the list the name ends (国务院副总理|张高丽、汪洋)."""
    t = tables()
    title = m.title
    if title:
        if text.startswith(title, m.start - len(title)):
            return m.start - len(title), m.start
        if text.startswith(title, m.end):
            return m.end, m.end + len(title)
        at = text.rfind(title, max(0, m.start - 80), m.start)
        if at >= 0 and all(c not in _SENTENCE_END + "，,；;" for c in text[at : m.start]):
            return at, at + len(title)
        return None
    # No title from the entity pass: a post head right after the name (普京|总统说) or right
    # before it (美国国务卿|克里), which the people rules do not know.
    for L in range(min(6, len(text) - m.end), 1, -1):
        nxt = text[m.end + L : m.end + L + 1]
        if text[m.end : m.end + L] in t.heads and (not is_cjk(nxt) or nxt in _AFTER_HEAD):
            return m.end, m.end + L
    for L in range(min(6, m.start), 1, -1):
        if text[m.start - L : m.start] in t.heads:
            return m.start - L, m.start
    return None


def _names_ending_at(text: str, at: int) -> int:
    """Length of the longest body, country or Chinese division written right before ``at``
    (0 when none): what a title may reach back over (国家|主席, 俄罗斯|总统, 北京市|委)."""
    t = tables()
    world = gazetteer.world().names
    g = gazetteer.gazetteer()
    for L in range(min(12, at), 1, -1):
        w = text[at - L : at]
        if w in t.bodies or w == "中共" or (w in world and world[w][1] == "country") or w in g.full or w in g.alias:
            return L
        if text[at : at + 1] == "部" and w + "部" in t.bodies:
            return L  # 外交|部长: the body shares its 部 with the head
    return 0


def _extend_left(text: str, start: int, cover: Covering | None) -> int:
    """The title reaches back over the bodies and places it belongs to, and over titles
    joined to it by 、 or 兼 (国务委员兼|外交部长; the entity pass may also have stopped at
    国家|主席, or at a country it read as a person: 贝宁|总统亚伊)."""
    if cover is not None:
        start = min(start, chain_start(text, start, cover))
    heads = tables().heads
    for _ in range(8):
        L = _names_ending_at(text, start)
        if L:
            start -= L
            continue
        if text[start - 1 : start] == "驻":  # 中国驻|日本大使
            start -= 1
            continue
        if text[start - 2 : start] in ("第一", "常务") and text[start - 2 : start] + text[start:start + 3] in heads:
            start -= 2  # 俄罗斯|第一|副总理: the head is 第一副总理
            continue
        if text[start - 1 : start] in ("、", "兼") and start >= 3:
            h = next((k for k in range(min(6, start - 1), 1, -1) if text[start - 1 - k : start - 1] in heads), 0)
            if h:
                start -= 1 + h
                continue
        break
    return start


def _qualifier_before(text: str, start: int) -> str | None:
    for q in sorted(QUALIFIERS, key=len, reverse=True):
        if text.startswith(q, start - len(q)) and len(q) <= start:
            if q in ("代", "准") and is_cjk(text[start - len(q) - 1 : start - len(q)] or "。"):
                continue  # 一代, 批准: only a 代 that begins the title
            return q
    return None


def _sentence(text: str, at: int) -> str:
    """The sentence around ``at``."""
    start = max(text.rfind(c, 0, at) for c in _SENTENCE_END) + 1
    ends = [i for i in (text.find(c, at) for c in _SENTENCE_END) if i >= 0]
    return text[start : min(ends) if ends else len(text)]


def _sentence_year(text: str, at: int) -> int | None:
    start = max(text.rfind(c, 0, at) for c in _SENTENCE_END) + 1
    years = [int(y) for y in _YEAR.findall(text, start, at)]
    return years[-1] if years else None


def _looks_like_person(name: str) -> bool:
    if len(name) < 2 or not all(is_cjk(c) or c == "·" for c in name):
        return False
    if name[0] in _NAME_NEVER_STARTS or name[-1] in "前原" or "的" in name:
        return False  # 总理|后首次出访, 巴前|总理: the words around a title, no name
    return gazetteer.world().names.get(name) is None and not gazetteer.is_place_name(name) and name not in tables().heads


def _home_places(text: str, entities: Sequence[EntityMention], source: str | None = None) -> dict[str, str]:
    """For each unit (省, 市, 县 …), the place of that level the article is about: the
    most named, a body of it (中共郴州市委, 陕西省委) counting three times a place, an
    outlet named after it (湖北日报, in the text or as the article's source) twice."""
    score: dict[str, Counter[str]] = defaultdict(Counter)
    first: dict[str, int] = {}

    def count(name: str | None, weight: int, at: int) -> None:
        if not name:
            return
        for unit, suffixes in _UNIT_SUFFIX.items():
            if name.endswith(suffixes):
                score[unit][name] += weight
        first.setdefault(name, at)

    mentions = list(entities)
    if source:
        mentions.append(EntityMention(kind="org", name=source, start=len(text), end=len(text)))
    for m in mentions:
        if m.kind == "place" and m.place is not None and m.place.country == CHINA:
            count(m.place.province, 1, m.start)
            count(m.place.prefecture, 1, m.start)
            count(m.place.county, 1, m.start)
        elif m.kind == "org":
            name = m.name[2:] if m.name.startswith("中共") else m.name
            for L in range(min(12, len(name) - 1), 1, -1):
                body = name[L:]
                local = LOCAL_BODY.match(body) or body.startswith(("委", "党委", "人大", "政协", "政府", "人民政府"))
                if local or body in _OUTLETS:
                    canon, place = gazetteer.division(name[:L])
                    if place is not None:
                        count(canon, 3 if local else 2, m.start)  # 陕西省委; 湖北日报(讯)
                        break
    home = {}
    for unit, counts in score.items():
        best = max(counts.items(), key=lambda kv: (kv[1], -first[kv[0]]))
        home[unit] = best[0]
    return home


def _mourned(text: str, name: str) -> bool:
    """Does the article mourn or commemorate ``name`` (X同志逝世, 纪念X同志诞辰)?"""
    for mm in re.finditer(re.escape(name), text):
        if _DEATH_AFTER.match(text, mm.end()) or _DEATH_BEFORE.search(text, max(0, mm.start() - 8), mm.start()):
            return True
    return False


def _sentence_country(text: str, at: int, places: Sequence[EntityMention]) -> str | None:
    """The last country written before ``at`` in its sentence (中国 included)."""
    start = max(text.rfind(c, 0, at) for c in _SENTENCE_END) + 1
    found = None
    for m in places:
        if start <= m.start < at and m.place is not None and m.place.country:
            found = m.place.country
    return found


def _foreign_in_sentence(text: str, at: int, places: Sequence[EntityMention]) -> bool:
    """Does the sentence around ``at`` name a country other than China (中越, 越南…)?"""
    start = max(text.rfind(c, 0, at) for c in _SENTENCE_END) + 1
    ends = [i for i in (text.find(c, at) for c in _SENTENCE_END) if i >= 0]
    end = min(ends) if ends else len(text)
    return any(start <= m.start < end and m.place is not None and m.place.country not in (None, CHINA)
               for m in places)


def _fix_name(text: str, m: EntityMention) -> EntityMention:
    """The name as the text writes it whole: 安倍晋|三 (the dictionary knows 安倍晋三),
    王毅|作了报告 (the article writes 王毅 alone elsewhere)."""
    s, e = m.start, m.end
    lx = tokenizer.lexicon()
    for k in (2, 1):
        longer = text[s : e + k]
        if len(longer) == e - s + k and lx.tags.get(longer, "").startswith("nr") and not lx.tags.get(m.name, "").startswith("nr"):
            return dataclasses.replace(m, name=longer, end=e + k, surface=None)
    if e - s >= 3 and "·" not in m.name and text[e - 1] in _NAME_NEVER_ENDS and text.count(text[s : e - 1]) > text.count(text[s:e]):
        return dataclasses.replace(m, name=text[s : e - 1], end=e - 1, surface=None)
    if all(c in _TRANSLITERATION for c in m.name) and (
        text[e : e + 1] in _TRANSLITERATION or (text[e : e + 1] == "·" and text[e + 1 : e + 2] in _TRANSLITERATION)
    ):
        # 梅德韦|杰夫, 马克|龙, 特雷莎|·梅: a transliterated name goes on while its characters do
        k = e
        while k < len(text) and k - s < 10 and (
            text[k] in _TRANSLITERATION or (text[k] == "·" and text[k + 1 : k + 2] in _TRANSLITERATION)
        ):
            k += 1
        longer = text[s:k]
        if not gazetteer.world().names.get(longer) and longer not in gazetteer.world().places:
            return dataclasses.replace(m, name=longer, end=k, surface=None)
    return m


def _titled_names(text: str, entities: Sequence[EntityMention], tokens: Sequence[str] | None) -> list[EntityMention]:
    """Names right after an explicit post (美国总统|奥巴马, 日本首相|安倍晋三) that the entity
    pass did not read as a person: jieba's dictionary calls 奥巴马 and 普京 places, and a
    title run into a name can come back as one organisation. The token after the head is
    the name when it is no known word but a name (or a place the gazetteer does not know)."""
    if not tokens:
        return []
    lx = tokenizer.lexicon()
    people = {m.start for m in entities if m.kind == "person"}
    covered = [(m.start, m.end) for m in entities if m.kind == "person"]
    starts: dict[int, str] = {}
    pos = 0
    for tok in tokens:
        starts[pos] = tok
        pos += len(tok)
    out = []
    for hm in tables().head_any.finditer(text):
        p = hm.end()
        tok = starts.get(p)
        if p in people or tok is None or not (2 <= len(tok) <= 8) or not all(is_cjk(c) or c == "·" for c in tok):
            continue
        tag = lx.tags.get(tok, "")
        if tag and not tag.startswith("nr") and tag not in ("ns", "nz"):
            continue  # 总统|选举, 首相|官邸: a word, no name
        more = starts.get(p + len(tok), "")
        if more and len(more) <= 2 and more not in lx.freq and all(is_cjk(c) for c in more):
            tok += more  # 野田|佳彦: a given name jieba did not know, run on
        if gazetteer.world().names.get(tok) or gazetteer.is_place_name(tok) or tok in gazetteer.world().places:
            continue
        if any(a < p + len(tok) and p < b for a, b in covered):
            continue
        # only after an explicit post: a country or body written before the head
        if not _names_ending_at(text, hm.start()):
            continue
        out.append(EntityMention(kind="person", name=tok, start=p, end=p + len(tok)))
    return out


def _appointments(text: str, people: Sequence[EntityMention]) -> list[tuple[EntityMention, int, int, str | None, list[Piece]]]:
    """Posts given or taken in so many words: 任命王毅为外交部部长, 赵克志同志任贵州省委书记,
    习近平当选国家主席 (held from that day), 栗战书同志不再担任贵州省委书记…职务 and 免去…职务
    (held no more: a former post). The announcements that date a change to the day."""
    out = []
    for m in people:
        sentence_end = min((i for i in (text.find(c, m.end) for c in _SENTENCE_END) if i >= 0), default=len(text))
        after = text[m.end : sentence_end]
        named_by = text[max(0, m.start - 2) : m.start] in ("任命", "免去", "决定")
        am = _GIVEN.match(after) if not named_by else _NAMED_AS.match(after)
        if am is not None and text[max(0, m.start - 2) : m.start] != "免去":
            s = m.end + am.start("title")
            pieces = split_title(am.group("title"))
            if pieces:
                out.append((m, s, s + len(am.group("title")), None, pieces))
        for tm in _TAKEN.finditer(after.split("；")[0]):
            if tm.start() > 0 and any(p.start < m.end + tm.start() and p.start > m.end for p in people):
                break  # another person's
            s = m.end + tm.start("title")
            pieces = split_title(tm.group("title"))
            if pieces:
                out.append((m, s, s + len(tm.group("title")), "不再担任", pieces))
        if text[max(0, m.start - 2) : m.start] == "免去":
            fm = _REMOVED.match(after)
            if fm is not None:
                s = m.end + fm.start("title")
                pieces = split_title(fm.group("title"))
                if pieces:
                    out.append((m, s, s + len(fm.group("title")), "不再担任", pieces))
    return out


def article_posts(
    text: str, entities: Sequence[EntityMention], tokens: Sequence[str] | None = None,
    *, source: str | None = None,
) -> tuple[PostMention, ...]:
    """Every post an article names a person with, with offsets into ``text``.

    ``entities``: the article's entity mentions (:func:`tasks.extract.entities.extract_entities`);
    ``tokens``: its segmentation, which lets a title reach back over its organisations and
    shows the names the entity pass missed after a post; ``source``: the article's outlet
    (湖北日报), a clue to the place a bare 省委书记 is of.
    """
    people = [_fix_name(text, m) for m in entities if m.kind == "person" and _looks_like_person(m.name)]
    people += [_fix_name(text, m) for m in _titled_names(text, entities, tokens)]
    if not people:
        return ()
    cover = Covering(tokens) if tokens else None
    read: list[tuple[EntityMention, int, int, str | None, list[Piece]]] = []  # person, title span, qualifier, posts
    for m in people:
        span = _title_span(text, m)
        if span is None:
            continue
        s, e = span
        if e <= m.start:  # TITLE+NAME: the title may reach further left
            s = _extend_left(text, s, cover)
        # …在中南海会见|英国怡和集团主席: a title never reaches back over a verb
        cut = max((i + len(v) for v in _VERBS for i in [text.rfind(v, s, e)] if i >= 0), default=s)
        s = max(s, cut)
        pieces = split_title(text[s:e])
        if pieces and read and text[s - 1 : s] == "、" and read[-1][0].end == s - 1:
            # 省政协副主席王二虎、秘书长闫超英: the body of the title before goes on
            prev = read[-1][4][-1]
            pieces = [_inherit(p, prev) for p in pieces]
        if pieces:
            read.append((m, s, e, _qualifier_before(text, s), pieces))
    read += _appointments(text, people)
    if not read:
        return ()
    # Each person's country, from the posts the article names them with explicitly.
    countries: dict[str, Counter[str]] = defaultdict(Counter)
    for m, _s, _e, _q, pieces in read:
        for p in pieces:
            if (p.scope == "national" or p.country == CHINA or p.head.chinese == p.head.head
                    or (not p.places and LOCAL_BODY.match(p.organisation or p.head.head))):
                countries[m.name][CHINA] += 1
            elif p.country:
                countries[m.name][p.country] += 1
    places = [m for m in entities if m.kind == "place"]
    home = _home_places(text, entities, source) if any(
        not p.places and p.scope is None and LOCAL_BODY.match(p.organisation or p.head.head)
        for *_, pieces in read for p in pieces) else {}
    mourned = {name for name in {m.name for m, *_ in read} if _mourned(text, name)}
    # Each person's explicit posts by head: a bare head of theirs names the same post
    # (习近平主席 after 国家主席习近平; 普京总统 after 俄罗斯总统普京).
    explicit: dict[tuple[str, str], Post] = {}
    for m, s, e, _q, pieces in read:
        for piece in pieces:
            if piece.places or piece.organisation or piece.host:
                post = _compose(piece, PostContext(home), text[s:e], offset=s)
                if post.resolved:
                    explicit.setdefault((m.name, post.head), post)
    out: list[PostMention] = []
    for m, s, _e, before, pieces in read:
        country = countries[m.name].most_common(1)[0][0] if countries[m.name] else None
        nearby = _sentence_country(text, min(s, m.start), places)
        chinese_name = "·" not in m.name and bool(surname_len(m.name, 0)) and len(m.name) <= 4
        # (a head after the name, 范平明副总理, names a Chinese post only with the same
        # person's explicit one: foreign leaders are written so as often as China's own)
        if country is None and chinese_name and s < m.start:
            # 李克强总理 in a sentence about China's government that names no other country
            # (霍索总理, 阮晋勇总理: names shaped like Chinese ones are not all Chinese)
            if _CHINESE_CONTEXT.search(_sentence(text, min(s, m.start))) and not _foreign_in_sentence(text, m.start, places):
                country = CHINA
        ctx = PostContext(home, country, nearby, chinese_name)
        year = _sentence_year(text, min(s, m.start))
        for i, piece in enumerate(pieces):
            same = explicit.get((m.name, piece.head.head))
            if same is not None and not (piece.places or piece.organisation or piece.host):
                post = _replace(same, start=s + piece.start, end=s + piece.end, qualifier=piece.qualifier,
                                tense=_tense(piece.qualifier))
            else:
                post = _compose(piece, ctx, text[s:_e], offset=s)
            if i == 0 and before and post.qualifier is None:
                post = _replace(post, qualifier=before, tense=_tense(before))
            elif before and _tense(before) in ("former", "ended") and post.tense == "current" and post.qualifier is None:
                post = _replace(post, qualifier=before, tense=_tense(before))  # 原…常委、…副总理: all former
            if m.name in mourned and post.tense == "current":
                post = _replace(post, tense="former")
            out.append(PostMention(m.name, post, m.start, m.end, year))
    return tuple(out)


def _inherit(piece: Piece, prev: Piece) -> Piece:
    """A bare head (秘书长) in a list after another's title takes that title's place and body."""
    if piece.places or piece.organisation or piece.host or piece.head.chinese or LOCAL_BODY.match(piece.head.head):
        return piece
    values = {f: getattr(piece, f) for f in Piece.__dataclass_fields__}
    values.update(places=prev.places, country=prev.country, organisation=prev.organisation,
                  scope=prev.scope, inherited=True)
    return Piece(**values)  # type: ignore[arg-type]


def _replace(post: Post, **changes: object) -> Post:
    values = {f: getattr(post, f) for f in Post.__dataclass_fields__}
    values.update(changes)
    return Post(**values)  # type: ignore[arg-type]
