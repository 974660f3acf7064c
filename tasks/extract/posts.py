"""Posts people hold, read from the titles they are named with in one article.

``posts_of`` reads one title string (中共中央政治局常委、国务院副总理) into its posts, each
with its organisation, place and country, the qualifier written with it and its tense,
completed from a :class:`PostContext` where the title leaves the place out (市委书记 in a
story about 庆阳 → 庆阳市委书记; 总统 of a holder the text calls American → 美国总统).

``article_posts`` finds the titles of an article's people (:mod:`tasks.extract.post_holders`:
the entity pass's titles before or after a name, post heads next to a name such as
普京|总统 or 美国国务卿|克里, announcements), learns each person's country from their explicit
posts, the article's home places from its place and organisation mentions, and marks as
former every post written with 原/前/时任/已故 or held by a person the article mourns or
commemorates (逝世, 遗体, 追悼会, 纪念…诞辰). It never decides who holds a post over time:
that is the tenures derived in SQL from every article's posts (``sql/derive/tenures.sql``).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from tasks.extract import gazetteer
from tasks.extract.lexicon import Covering, surname_len
from tasks.extract.post_holders import (
    SENTENCE_END,
    announcements,
    looks_like_person,
    qualifier_before,
    title_span,
    titled_names,
    whole_name,
)
from tasks.extract.post_titles import (
    LOCAL_BODY,
    Piece,
    PostContext,
    compose_post,
    replace_post,
    split_title,
    tense_of,
)
from tasks.model import EntityMention, Post, PostMention

__all__ = ["PostContext", "article_posts", "posts_of"]

CHINA = gazetteer.CHINA

_UNIT_SUFFIX = {"省": ("省",), "自治区": ("自治区",), "市": ("市",), "县": ("县",), "区": ("区",),
                "州": ("州",), "旗": ("旗",), "盟": ("盟",)}


_YEAR = re.compile(r"((?:19|20)\d\d)年")

# A person the article mourns or commemorates: 刘少奇|同志诞辰, 悼念|X, X同志|遗体.
_DEATH_AFTER = re.compile(r"(?:同志|先生|女士)?(?:的)?(?:遗体|追悼会|告别仪式|生平|骨灰|诞辰|逝世|去世|病逝|辞世|因病医治无效)")

_DEATH_BEFORE = re.compile(r"(?:纪念|悼念|缅怀|追思|送别|怀念|吊唁|凭吊)(?:已故|原|前)?$")


# Words that put a sentence in China's government: a bare 总理 there is 国务院总理.
_CHINESE_CONTEXT = re.compile("国务院|中共中央|党中央|全国人大|全国政协|中央军委|中国|我国|中方|中央")

# Outlets named after their place: the place a story of theirs is about (湖北日报讯).
_OUTLETS = ("日报", "晚报", "广播电视台", "电视台", "新闻网", "新闻", "网")


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
    return tuple(compose_post(piece, ctx, title) for piece in split_title(title))


def _sentence(text: str, at: int) -> str:
    """The sentence around ``at``."""
    start = max(text.rfind(c, 0, at) for c in SENTENCE_END) + 1
    ends = [i for i in (text.find(c, at) for c in SENTENCE_END) if i >= 0]
    return text[start : min(ends) if ends else len(text)]


def _sentence_year(text: str, at: int) -> int | None:
    start = max(text.rfind(c, 0, at) for c in SENTENCE_END) + 1
    years = [int(y) for y in _YEAR.findall(text, start, at)]
    return years[-1] if years else None


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
    start = max(text.rfind(c, 0, at) for c in SENTENCE_END) + 1
    found = None
    for m in places:
        if start <= m.start < at and m.place is not None and m.place.country:
            found = m.place.country
    return found


def _foreign_in_sentence(text: str, at: int, places: Sequence[EntityMention]) -> bool:
    """Does the sentence around ``at`` name a country other than China (中越, 越南…)?"""
    start = max(text.rfind(c, 0, at) for c in SENTENCE_END) + 1
    ends = [i for i in (text.find(c, at) for c in SENTENCE_END) if i >= 0]
    end = min(ends) if ends else len(text)
    return any(start <= m.start < end and m.place is not None and m.place.country not in (None, CHINA)
               for m in places)


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
    people = [whole_name(text, m) for m in entities if m.kind == "person" and looks_like_person(m.name)]
    people += [whole_name(text, m) for m in titled_names(text, entities, tokens)]
    if not people:
        return ()
    cover = Covering(tokens) if tokens else None
    read: list[tuple[EntityMention, int, int, str | None, list[Piece]]] = []  # person, title span, qualifier, posts
    for m in people:
        span = title_span(text, m, cover)
        if span is None:
            continue
        s, e = span
        pieces = split_title(text[s:e])
        if pieces and read and text[s - 1 : s] == "、" and read[-1][0].end == s - 1:
            # 省政协副主席王二虎、秘书长闫超英: the body of the title before goes on
            prev = read[-1][4][-1]
            pieces = [_inherit(p, prev) for p in pieces]
        if pieces:
            read.append((m, s, e, qualifier_before(text, s), pieces))
    read += announcements(text, people)
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
                post = compose_post(piece, PostContext(home), text[s:e], offset=s)
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
                post = replace_post(same, start=s + piece.start, end=s + piece.end, qualifier=piece.qualifier,
                                tense=tense_of(piece.qualifier))
            else:
                post = compose_post(piece, ctx, text[s:_e], offset=s)
            if i == 0 and before and post.qualifier is None:
                post = replace_post(post, qualifier=before, tense=tense_of(before))
            elif before and tense_of(before) in ("former", "ended") and post.tense == "current" and post.qualifier is None:
                post = replace_post(post, qualifier=before, tense=tense_of(before))  # 原…常委、…副总理: all former
            if m.name in mourned and post.tense == "current":
                post = replace_post(post, tense="former")
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

