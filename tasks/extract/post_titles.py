"""The posts written in an official title: 中共中央政治局常委、国务院副总理 → two posts.

A title chain is split at 、 and 兼, and each piece read as qualifier + places +
organisation + head (原|河北省委|书记, 美国|前|总统, 国务院|副总理, 中国驻|美国|大使), with the
heads of ``dicts/post_heads.tsv``, the bodies of ``dicts/post_organisations.tsv`` and the
places of the gazetteer (countries included). A piece that names no place or body after
a bare head (市长 after 市委副书记) takes them from the piece before it. ``compose_post``
writes a piece as the full post (国务院副总理, 庆阳市委书记, 美国总统), completed from a
:class:`PostContext` where the title leaves its place out. Reads the title and the context
given only: what an article says around it is :mod:`tasks.extract.posts`. Never makes a
post of a title without a head (记者, 市领导).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field

from tasks.extract import gazetteer, tokenizer
from tasks.model import Post

# Qualifiers written before a title or right before its head (原国务院副总理, 美国前总统).
# Checked longest first; 常务 stays part of the head (常务副省长 is a post of its own).
QUALIFIERS: dict[str, str] = {
    "时任": "former", "原": "former", "前任": "former", "前": "former", "已故": "former",
    "退休": "former", "曾任": "former", "卸任": "former", "离任": "former", "已卸任": "former",
    "老": "former", "首任": "former",  # 财政部老部长, 共和国首任外交部长: the post of the past
    "候任": "elect", "当选": "elect", "新当选": "elect", "准": "elect",
    "代理": "current", "代": "current", "新任": "current", "现任": "current", "兼任": "current",
    "临时": "current", "过渡": "current", "看守": "current",
    "名誉": "honorary", "荣誉": "honorary",
    # an announcement that a post is left (不再担任…职务, 免去…职务): held until that day
    "不再担任": "ended",
}
_QUALIFIER_ORDER = sorted(QUALIFIERS, key=len, reverse=True)
# What a Chinese division's short name must be followed by inside a title (深圳|市长,
# 庆阳|市委): never 新华|社 or 公安|部, which are no places.
_UNIT_AFTER = re.compile("^(?:省|市|县|区|州|旗|盟|自治|特别行政区|党|委|人大|政协|政府|人民|纪委|常委|$)")
_COMMITTEE_HEADS = frozenset({"党委书记", "党组书记", "党工委书记"})
_UNITS = ("特别行政区", "自治区", "自治州", "自治县", "省", "市", "县", "区", "州", "旗", "盟")
# Local bodies named by the unit of their place: 市委, 省人大常委会, 县政府, 区党委.
LOCAL_BODY = re.compile("^(省|自治区|市|县|区|州|旗|盟|乡|镇|村)(?=委|党|人大|政协|政府|人民|纪委|长|$)")


@dataclass(frozen=True, slots=True)
class Head:
    head: str
    holders: str  # single | multi
    chinese: str | None  # the national post a bare head names for a Chinese holder


@dataclass(frozen=True, slots=True)
class Piece:
    """One post of a title chain, as written and split into its parts."""

    start: int  # in the title: the piece with its qualifier
    end: int
    qualifier: str | None
    places: tuple[str, ...]  # canonical places written in it, outermost first (甘肃省, 庆阳市)
    country: str | None  # the country of the last place written, when known
    host: str | None  # 中国驻|美国|大使: where a diplomat is posted
    organisation: str  # the body as written after the places (canonical when listed), or ""
    scope: str | None  # national (a Chinese state or Party body: 国务院), ministry (外交部: a
    # body every state has), international (联合国: its own place), or None (local, foreign:
    # a foreign party's body, 越共中央, gives its country to ``places`` and ``country``)
    head: Head
    inherited: bool = False  # places and body taken from the piece before (…副委员长、秘书长)


@dataclass(frozen=True, slots=True)
class _Tables:
    heads: dict[str, Head]
    head_re: re.Pattern[str]  # a head at the end of a piece
    head_any: re.Pattern[str]  # a head anywhere (longest first)
    bodies: dict[str, str]  # name as written → canonical body
    scopes: dict[str, str]  # canonical body → national | international
    body_order: tuple[str, ...]  # names of bodies, longest first


_TABLES: _Tables | None = None
_LOCK = threading.Lock()


def tables() -> _Tables:
    """The head and body tables, read once per process."""
    global _TABLES
    if _TABLES is None:
        with _LOCK:
            if _TABLES is None:
                heads = {}
                for line in tokenizer.read_lines("post_heads.tsv"):
                    head, holders, chinese = line.split("\t")[:3]
                    heads[head] = Head(head, holders, None if chinese == "-" else chinese)
                bodies: dict[str, str] = {}
                scopes: dict[str, str] = {}
                for line in tokenizer.read_lines("post_organisations.tsv"):
                    name, scope, *rest = line.split("\t")
                    for alias in [name, *(rest[0].split("、") if rest and rest[0] else [])]:
                        bodies[alias] = name
                    scopes[name] = scope
                order = sorted(heads, key=len, reverse=True)
                _TABLES = _Tables(
                    heads=heads,
                    head_re=re.compile("(?:" + "|".join(map(re.escape, order)) + ")$"),
                    head_any=re.compile("|".join(map(re.escape, order))),
                    bodies=bodies,
                    scopes=scopes,
                    body_order=tuple(sorted(bodies, key=len, reverse=True)),
                )
    return _TABLES


def _qualifier_at_start(s: str) -> str | None:
    for q in _QUALIFIER_ORDER:
        if s.startswith(q) and len(s) > len(q):
            return q
    return None


def _qualifier_at_end(s: str) -> str | None:
    for q in _QUALIFIER_ORDER:
        if s.endswith(q):
            return q
    return None


def _place_at(s: str, i: int) -> tuple[int, str, str | None] | None:
    """The longest place written at ``s[i:]``: (length, canonical name, country)."""
    world = gazetteer.world()
    for L in range(min(12, len(s) - i), 0, -1):
        w = s[i : i + L]
        hit = world.names.get(w)
        if hit is not None and hit[1] == "country":
            rest = s[i + L :]
            # a one-character country (美, 俄) only alone before its head or 驻: 美|国务卿
            # (never the 委 of 河北省委)
            if L >= 2 or (i == 0 and (not rest or rest.startswith("驻"))):
                return L, hit[0], hit[0]
            continue
        if L < 2:
            continue
        foreign = world.places.get(w)
        if foreign is not None:  # 桑给巴尔|总统, 纽约|州长
            return L, foreign[0], foreign[1]
        g = gazetteer.gazetteer()
        if w in g.full or (w in g.alias and _UNIT_AFTER.match(s[i + L :])):
            name, place = gazetteer.division(w)
            if place is not None:
                return L, name, gazetteer.CHINA
    return None


def _body(rest: str, head: str) -> tuple[str, str | None]:
    """The body of a piece (what is left between its places and its head), canonical when
    listed, and its scope (national, international or None)."""
    t = tables()
    if head in ("部长", "副部长", "常务副部长") and rest and not rest.endswith("部"):
        rest += "部"  # 外交|部长 → 外交部|部长
    canon = t.bodies.get(rest)
    if canon is None and rest.startswith("中共") and rest[2:] in t.bodies:
        canon = t.bodies[rest[2:]]
    if canon is not None:
        return canon, t.scopes.get(canon)
    return rest, None


def split_title(title: str) -> list[Piece]:
    """The posts of a title chain, in the order written.

    >>> [(p.places, p.organisation, p.head.head) for p in split_title("中共中央政治局常委、国务院副总理")]
    [((), '中共中央政治局', '常委'), ((), '国务院', '副总理')]
    >>> [(p.qualifier, p.places, p.head.head) for p in split_title("美国前总统")]
    [('前', ('美国',), '总统')]
    """
    t = tables()
    pieces: list[Piece] = []
    for m in re.finditer(r"[^、兼]+", title):
        raw, start = m.group(0), m.start()
        joined_by = title[start - 1] if start else ""
        piece = _read_piece(raw, start, t)
        if piece is None:
            continue
        if joined_by == "兼" and piece.qualifier is None:
            piece = _with(piece, qualifier="兼")
        prev = pieces[-1] if pieces else None
        if prev is not None and not piece.places and piece.scope in ("national", "ministry") \
                and prev.country not in (None, gazetteer.CHINA):
            # …越共中央总书记、国家主席: the state of the chain, not China's
            piece = _with(piece, places=prev.places[:1] or (prev.country,), country=prev.country, scope=None, inherited=True)
        if prev is not None and not piece.places and piece.scope == "ministry" and (
                prev.scope == "national" or prev.country == gazetteer.CHINA or prev.head.chinese == prev.head.head):
            piece = _with(piece, country=gazetteer.CHINA)  # 国务委员兼|外交部长: China's ministry
        if prev is not None and not piece.places and not piece.organisation and not piece.head.chinese:
            # 市委副书记、市长: the city of the piece before; …副委员长、秘书长: its body too
            # (but a head that names its own unit, 市长 or 省长, keeps only the places, and
            # one that names its own body, 国务委员, nothing).
            unit_head = LOCAL_BODY.match(piece.head.head) is not None
            piece = _with(piece, places=prev.places, country=prev.country, host=prev.host,
                          organisation="" if unit_head else prev.organisation,
                          scope=None if unit_head else prev.scope, inherited=True)
        pieces.append(piece)
    return pieces


def _with(p: Piece, **changes: object) -> Piece:
    values = {f: getattr(p, f) for f in Piece.__dataclass_fields__}
    values.update(changes)
    return Piece(**values)  # type: ignore[arg-type]


def _read_piece(raw: str, start: int, t: _Tables) -> Piece | None:
    s = raw
    lead = 0
    qualifier = None
    if _place_at(s, 0) is None:
        q = _qualifier_at_start(s)
        if q is not None:
            qualifier, lead = q, len(q)
    alias = {"外长": ("外交部", "部长"), "防长": ("国防部", "部长")}
    hm = t.head_re.search(s, lead)
    if hm is None:
        return None
    head_text = hm.group(0)
    rest = s[lead : hm.start()]
    if head_text in alias:
        extra, head_text = alias[head_text]
        rest += extra
    elif head_text in _COMMITTEE_HEADS and rest:
        # 新疆维吾尔自治区|党委|书记: the committee is the body, the head its 书记
        rest, head_text = rest + head_text[:-2], "书记"
    q = _qualifier_at_end(rest)
    if q is not None and not (rest.endswith("代表") or rest.endswith("议会")):
        qualifier = qualifier or q
        rest = rest[: -len(q)]
    places: list[str] = []
    country = None
    host = None
    i = 0
    if rest.startswith("中共") and _place_at(rest, 2) is not None:
        i = 2  # 中共|庆阳市委: the Party committee of the place
    body_first = next((b for b in t.body_order if rest.startswith(b, i)), None)
    while body_first is None and i < len(rest):
        at = 1 if rest.startswith("驻", i) else 0
        hit = _place_at(rest, i + at)
        if hit is None:
            break
        L, name, ctry = hit
        if at:
            host = name  # 中国驻|美国|大使
        else:
            places.append(name)
            country = ctry
        i += at + L
        body_first = next((b for b in t.body_order if rest.startswith(b, i)), None)
    rest = rest[i:]
    if places:
        # 新疆|自治区|党委, 庆阳|市委: the unit written after a short name is the place's own
        unit = next((u for u in _UNITS if places[-1].endswith(u) and rest.startswith(u)), None)
        if unit:
            rest = rest[len(unit) :]
    body, scope = _body(rest, head_text)
    if scope in ("national", "ministry") and country not in (None, gazetteer.CHINA):
        scope = None  # 俄罗斯|外交部 is no Chinese body
    elif scope is not None and scope.startswith("foreign:"):
        # 越共中央|总书记: a foreign party's body names its country
        country, scope = scope.partition(":")[2], None
    return Piece(
        start=start,
        end=start + len(raw),
        qualifier=qualifier,
        places=tuple(places),
        country=country,
        host=host,
        organisation=body,
        scope=scope,
        head=t.heads[head_text],
    )


# A local government, which names no post of its own beside its head's (市人民政府|市长).
_GOVERNMENTS = frozenset({"人民政府", "政府"})

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


def tense_of(qualifier: str | None) -> str:
    return QUALIFIERS.get(qualifier or "", "current")


def compose_post(piece: Piece, ctx: PostContext, title: str, offset: int = 0) -> Post:
    """The post a piece names, completed from ``ctx`` where the piece leaves it open."""
    head = piece.head.head
    body = piece.organisation
    place = piece.places[-1] if piece.places else None
    country = piece.country
    post: str | None = None
    organisation: str | None = body or None
    unit = LOCAL_BODY.match(body or head)
    if piece.host is not None:  # 中国驻美国大使
        country = country or gazetteer.CHINA
        post, place, organisation = f"{country}驻{piece.host}{head}", piece.host, None
    elif piece.scope == "international":  # 联合国秘书长: a body that is its own place
        post, place, country = body + head, None, None
    elif piece.scope == "national" and country in (None, gazetteer.CHINA) and ctx.country not in (None, gazetteer.CHINA):
        # 国家主席陈大光 where the text makes the holder Vietnamese: his state's post
        post, place, country = ctx.country + body + head, ctx.country, ctx.country
    elif piece.scope == "national" and country in (None, gazetteer.CHINA):
        post, place, country = body + head, gazetteer.CHINA, gazetteer.CHINA
    elif piece.scope == "ministry" and country in (None, gazetteer.CHINA):
        # 国防部长: China's, unless the holder (or, for a holder of unknown country, the
        # sentence) is of another country
        owner = country or ctx.country or ctx.nearby_country or (gazetteer.CHINA if ctx.chinese_name else None)
        if owner == gazetteer.CHINA:
            post, place, country = body + head, gazetteer.CHINA, gazetteer.CHINA
        elif owner is not None:
            post, place, country = owner + body + head, owner, owner
    elif not body and not place and piece.head.chinese == head:
        post, place, country = head, gazetteer.CHINA, gazetteer.CHINA  # 国务委员 names itself
    elif place == gazetteer.CHINA and not body:
        # 中华人民共和国主席, 中国总理: the state's own posts
        post = "国家" + head if head in ("主席", "副主席") else piece.head.chinese
    elif place is not None:  # 庆阳市委书记, 美国总统, 俄罗斯外交部部长
        if body in _GOVERNMENTS and LOCAL_BODY.match(head):
            body = ""  # 郴州市人民政府市长 is the 郴州市市长
        post = place + body + head
        organisation = (place + body if country == gazetteer.CHINA else body) if body else None
    elif country is not None and body:  # 越共中央总书记: a foreign party's post
        post, place = body + head, country
    elif unit is not None:  # 市委书记: the city the article is about
        home = ctx.places.get(unit.group(1))
        if home is not None:
            rest = (body or "")[len(unit.group(1)) :]
            if rest in _GOVERNMENTS and LOCAL_BODY.match(head):
                rest = ""  # 市人民政府市长 is the 市长
            place, country = home, gazetteer.CHINA
            organisation = home + rest if rest else None
            post = home + rest + head
    elif ctx.country == gazetteer.CHINA:
        if not body and piece.head.chinese:
            post = piece.head.chinese  # 李克强总理 → 国务院总理
            organisation = post[: -len(head)] or None
        elif body and body not in _GENERIC_BODIES:
            post = body + head  # 民革中央主席
        if post is not None:
            place, country = gazetteer.CHINA, gazetteer.CHINA
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
        tense=tense_of(piece.qualifier),
        resolved=resolved,
        holders=piece.head.holders,
        start=offset + piece.start,
        end=offset + piece.end,
    )


def replace_post(post: Post, **changes: object) -> Post:
    values = {f: getattr(post, f) for f in Post.__dataclass_fields__}
    values.update(changes)
    return Post(**values)  # type: ignore[arg-type]

