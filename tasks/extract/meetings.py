"""Meetings held and reported, and who chaired, spoke at, attended or reported to them.

A meeting held is a phrase ending in a meeting head of ``dicts/meeting_kinds.tsv``
(…工作会议, …座谈会, …论坛) that the text says was held: it 召开s, 举行s, 开幕s or 闭幕s,
or someone 召开s, 主持s, 出席s or 参加s it. The name is kept as written; a head written
apart from the body that holds it is joined to it (中共中央政治局|7月26日召开|会议 →
中共中央政治局会议; 十三届全国人大常委会第七次会议|…举行|第三次全体会议). A meeting only
referred to is none: 贯彻…会议精神, 在…座谈会上的重要讲话, 将于…召开, 即将召开的….

The mentions of one meeting in an article (its name, 主持会议, 会上) make one meeting;
across articles meetings share an id when they share a name and a day, or a numbered name
(中央全面深化改革领导小组第十七次会议): ``Meeting.cluster_key``.

Each meeting comes with its roles (:mod:`.roles`: chair, speech, attend, report, pledge).

Never: a date not written in the text (5日 needs the article's date), a person the entity
pass did not find or that a 、-list being read does not name, a role at a 会见, a banquet
or a ceremony (those are not meetings held: docs/meetings.md).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from tasks.extract import tokenizer
from tasks.extract.clauses import (
    STOP,
    Context,
    clause_start,
    cn_int,
    dates_in,
    resolve_date,
)
from tasks.extract.roles import find_roles
from tasks.model import Meeting, MeetingRole
from tasks.normalize import to_simplified

_NAME_CHARS = r"\u3400-\u9fff0-9\uff10-\uff19A-Za-z()（）\-\uff0d\u2014\u2013·+“”《》〈〉"
# Where a meeting's name starts: after the last of these before its head.
_LEFT_STOP = re.compile(
    rf"[^{_NAME_CHARS}]|(?:主持)?召开了?|举行了?|出席了?|参加了?|列席了?|主持|召集|举办|主办|承办"
    r"|在|于|(?<!党)的|是|为|向|就|了|并|今天|昨天|今日|昨日|当天|近日|日前|上午|下午|晚上"
    r"|[0-9\uff10-\uff19一二三四五六七八九十]{1,2}[日号](?:上午|下午|晚上?|早上)?"
    r"|(?:今年|明年|去年|本月|下月)?[0-9\uff10-\uff19一二三四五六七八九十]{1,2}月(?:份|初|中旬|下旬|底)?|今年|明年|去年"
)
# What may follow a meeting's name (anything else continues a longer word: 人民大会堂, 会议室).
_AFTER_NAME = re.compile(
    rf"$|[{STOP}、：:\s)）”》]|召开|举行|开幕|闭幕|在|于|上|期间|时|后|前|之|并|和|与|暨|及|今天|昨天"
    r"|今日|昨日|当天|近日|日前|开幕式|闭幕式|[0-9\uff10-\uff19一二三四五六七八九十]+[日号月]|的|精神|以来|结束"
    r"|举办|隆重|顺利|胜利|正式|已|将|即将|以|通过|审议|听取|指出|强调|认为|要求|决定|确定|提出|号召"
    r"|还|也|会场|现场|主会场|分会场|开始|讨论|研究|分析|部署|传达|学习|由|是|就|共|一致|同意|选举"
    r"|首先|先后|分别|随后|接着"
)
_HELD_VERB = r"(?:主持召开|主持|召开|举行|出席|参加|列席|召集|举办)"
_HELD_BEFORE = re.compile(rf"{_HELD_VERB}了?$|(?:出席|参加|列席)了?[^{STOP}]{{0,30}}?(?:举行|召开)的$")
_HELD_AFTER = re.compile(rf"[^{STOP}]{{0,40}}?(?:隆重|胜利|顺利)?(?P<verb>召开|举行|开幕(?!式)|闭幕(?!式)|举办)")
# Before a held verb these make it a meeting to come or a topic (就…举行…达成协议).
_FUTURE = re.compile(r"将|拟|决定|确定|定于|计划|筹备|准备|提议|建议|倡议|倡导|呼吁|同意|欢迎|有望|期待|预计|前夕|就")
# 在北京人民大会堂|召开: the place written right before the held cue's verb.
_PLACE = re.compile(rf"在(?P<place>[^{STOP}在并]{{1,20}}?)(?:隆重|胜利|顺利)?(?:主持)?$")
_VISIT = re.compile(r"调研|考察|视察|参观|出席|访问")
_SERIES = re.compile(r"第?([0-9\uff10-\uff19]{1,3}|[一二三四五六七八九十百零〇两]{1,4})次")
# The trailing words between a body and the 召开/举行 of its meeting: time and place.
_BEFORE_VERB = re.compile(
    rf"(?:在[^{STOP}在]{{1,20}}|[0-9\uff10-\uff19一二三四五六七八九十]{{1,2}}月|[0-9\uff10-\uff19一二三四五六七八九十]{{1,2}}[日号]"
    r"|[至、]|上午|下午|晚上|今天|昨天|今日|当天|近日|日前|专门|分别|再次|首次|又|还)$"
)
_BODY_END = re.compile(
    r"(?:政治局|国务院|政府|党组|党委|人大|政协|会议|全会|小组|中央|军委|主席团|内阁|议会|国会|支部"
    r"|书记处|纪委|监委|[会委院局部团])$"
)


@dataclass(frozen=True, slots=True)
class _Mention:
    name: str
    start: int
    end: int
    kind: str
    bare: bool  # names no meeting by itself (主持会议, 出席大会): see _bare
    sentence: int
    verb_start: int  # the held cue's verb (召开, 出席 …), for the date and place
    body: tuple[int, int] | None = None


@dataclass(frozen=True, slots=True)
class _Tables:
    head_re: re.Pattern[str]
    kinds: dict[str, bool]  # head -> generic
    heads: tuple[str, ...]  # longest first
    not_heads: tuple[str, ...]
    levels: tuple[tuple[str, str, re.Pattern[str]], ...]
    forms: tuple[tuple[str, str], ...]  # long form -> short form, in name_norm


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    kinds = {}
    for line in tokenizer.read_lines("meeting_kinds.tsv"):
        head, _, flag = line.partition("\t")
        kinds[head.strip()] = flag.strip() == "generic"
    heads = sorted(kinds, key=len, reverse=True)
    levels = tuple(
        (where, level, re.compile(rx))
        for where, level, rx in (line.split("\t") for line in tokenizer.read_lines("meeting_levels.tsv"))
    )
    return _Tables(
        head_re=re.compile("|".join(map(re.escape, heads))),
        kinds=kinds,
        heads=tuple(heads),
        not_heads=tuple(tokenizer.read_lines("meeting_not_heads.txt")),
        levels=levels,
        forms=tuple(tuple(line.split("\t")) for line in tokenizer.read_lines("meeting_name_forms.tsv")),  # type: ignore[misc]
    )


def normalise_name(name: str) -> str:
    """The name meetings are matched on: Simplified, no spaces, brackets and dashes of one
    width, the short forms of ``meeting_name_forms.tsv`` (全国人民代表大会 → 全国人大), ordinals
    in Arabic digits without 第 (第十七次 → 17次, 十三届 → 13届).

    >>> normalise_name("第十三届全国人民代表大会第一次会议") == normalise_name("十三届全国人大一次会议")
    True
    >>> normalise_name("政协第十二届全国委员会第五十九次主席会议")
    '政协12届全国委员会59次主席会议'
    """
    s = to_simplified(re.sub(r"\s+", "", name)).replace("（", "(").replace("）", ")")
    s = re.sub("[\uff0d\u2014\u2013]", "-", s)
    for long, short in _tables().forms:
        s = s.replace(long, short)

    def arabic(m: re.Match[str]) -> str:
        n = cn_int(m.group(1))
        return f"{n if n is not None else m.group(1)}{m.group(2)}"

    return re.sub(r"第?([0-9一二三四五六七八九十百零\u3007两]{1,4})(次|届)", arabic, s)


def _unbalanced(name: str) -> bool:
    return any(name.count(a) != name.count(b) for a, b in ("“”", "《》", "()", "（）", "〈〉"))


def _kind(name: str) -> str | None:
    t = _tables()
    if name.endswith(t.not_heads):
        return None
    return next((head for head in t.heads if name.endswith(head)), None)


def _generic(name: str) -> bool:
    """The head alone, maybe numbered: 会议, 第三次全体会议, 预备会议."""
    bare = _SERIES.sub("", name, count=1) if name.startswith("第") else name
    return _tables().kinds.get(bare, False)


def _bare(name: str, kind: str) -> bool:
    """A mention that names no meeting by itself: a generic head (主持会议), or any head
    with at most two characters before it (出席大会, 出席纪念大会, 这次论坛), maybe numbered
    (举行第六十六次委员长会议)."""
    unnumbered = _SERIES.sub("", name, count=1) if name.startswith("第") else name
    return _generic(name) or len(unnumbered) - len(kind) <= 2


def _mentions(ctx: Context, said: Sequence[tuple[int, int]] = ()) -> tuple[list[_Mention], list[_Mention]]:
    """The held mentions of meetings, and the bare mentions that are not held but point at
    one (会议听取了…, 4日上午举行的委员长会议…): where a role's sentence names its meeting.
    A mention inside what someone said (习近平表示，欢迎总统先生来华出席…峰会) is neither."""
    text, t = ctx.text, _tables()
    found: list[_Mention] = []
    refs: list[_Mention] = []
    for m in t.head_re.finditer(text):
        hs, he = m.span()
        if not _AFTER_NAME.match(text, he):
            continue
        sent = ctx.sentence_at(hs)
        floor = max(ctx.sentences[sent][0], hs - 60)
        ns = floor
        for stop in _LEFT_STOP.finditer(text, floor, hs):
            ns = stop.end()
        while ns < hs and _unbalanced(text[ns:he]):
            ns += 1  # “亚洲文明对话会: a quote opened before the name, closed after it
        name = text[ns:he]
        kind = _kind(name)
        if kind is None:
            continue
        if any(a <= hs < b for a, b in said):
            continue
        cs = clause_start(text, ns, ctx.sentences[sent][0])
        before = _HELD_BEFORE.search(text[cs:ns].rstrip("“《"))
        verb = None
        if before and not _FUTURE.search(text, cs, cs + before.start()):
            verb = cs + before.start()
        elif not text.endswith("在", 0, ns):  # 在博鳌亚洲论坛|举办了…: where, not what
            after = _HELD_AFTER.match(text, he)
            # …四中全会是在…召开的一次…会议: what it was, not a report of it
            if (after and not _FUTURE.search(text, he, after.start("verb")) and "的" not in text[he : after.start("verb")]
                    and not text.startswith("的", after.end())):
                verb = after.start("verb")
        if verb is None or (before and text.startswith("的", he)):
            # 来华出席…高峰论坛的缅甸国务资政: the meeting describes a guest
            if _bare(name, kind):
                refs.append(_Mention(name, ns, he, kind, True, sent, hs))
            continue
        mention = _Mention(name, ns, he, kind, _bare(name, kind), sent, verb)
        numbered = _SERIES.match(name) is not None  # 第一次对口协商座谈会: whose, the body says
        if (mention.bare or numbered) and before and re.match(r"(?:主持)?(?:召开|举行)", text[cs + before.start() :]):
            mention = _with_body(ctx, mention, cs, cs + before.start())
        day = _date(ctx, mention)[1]
        if day and ctx.published and day > ctx.published:
            continue  # 十三届全国人大一次会议于2018年3月5日在北京召开, in a story of January
        found.append(mention)
    # a body that named its own mention (十三届…第七次会议|…举行第三次全体会议) is no second meeting
    bodies = {m.body for m in found if m.body}
    return [m for m in found if (m.start, m.end) not in bodies], refs


def _with_body(ctx: Context, m: _Mention, cs: int, verb: int) -> _Mention:
    """Join a generic head to the body that holds it: 中共中央政治局|7月26日召开|会议."""
    text, end = ctx.text, verb
    while (trail := _BEFORE_VERB.search(text, cs, end)) is not None and trail.start() < end:
        end = trail.start()
    bs = cs
    for stop in _LEFT_STOP.finditer(text, cs, end):
        bs = stop.end()
    body = text[bs:end]
    if len(body) < 2 or not _BODY_END.search(body) or ctx.people_in(bs, end):
        return m
    return replace(m, name=body + m.name, start=bs, bare=False, body=(bs, end))


def _date(ctx: Context, m: _Mention) -> tuple[str | None, dt.date | None]:
    """The day written with the held cue: before its verb in the sentence (3月13日,深圳市召开…),
    else between the name and a verb after it (…高峰会10月14日在唐山开幕)."""
    s0 = ctx.sentences[m.sentence][0]
    spans = [(m.end, m.verb_start), (s0, m.start)] if m.verb_start > m.end else [(s0, m.verb_start)]
    for a, b in spans:
        found = dates_in(ctx.text, a, b)
        if found:
            return found[-1].group(), resolve_date(found[-1], ctx.published)
    return None, None


def _level(ctx: Context, m: _Mention, roles: Sequence[MeetingRole]) -> str | None:
    levels = _tables().levels
    for where, level, rx in levels:
        if where == "name" and rx.search(m.name):
            return level
    for place in ctx.places_in(m.start, m.end):
        p = place.place
        # the place the name starts with (庆阳市…会议), not one inside it (2014浦江创新论坛)
        if place.start == m.start and p is not None and (p.county or p.prefecture or p.province):
            return "county" if p.county else "prefectural" if p.prefecture else "provincial"
    titles = [r.title for role in ("chair", "speech") for r in roles if r.role == role and r.title]
    for title in titles:
        for where, level, rx in levels:
            if where == "title" and rx.search(title):
                return level
    return None


def cluster_key(
    name_norm: str, series_no: int | None, kind: str, held_on: dt.date | None, date_text: str | None = None,
) -> str | None:
    """What makes two articles' meetings one: a numbered name with a body of its own
    (…领导小组第十七次会议), else the name and the day — the day as written when no year
    resolves it (全市决战决胜脱贫攻坚推进会 on 3月13日); None when none of these is known.

    >>> cluster_key("国务院常务会议", None, "常务会议", dt.date(2014, 9, 24))
    '国务院常务会议|2014-09-24'
    """
    if series_no is not None and len(name_norm) - len(kind) >= 8:
        return name_norm
    if held_on:
        return f"{name_norm}|{held_on.isoformat()}"
    if date_text and "月" in date_text:
        return name_norm + "|" + re.sub(r"\s+", "", date_text)
    return None


def find_meetings(
    ctx: Context, topics: Sequence[str | None] = (), said: Sequence[tuple[int, int]] = (),
) -> tuple[Meeting, ...]:
    """The meetings held in the article, each with its roles (see the module docstring).

    ``topics``: the person each sentence is about (for 他 in a list of roles); ``said``: the
    spans of statements' contents, where no cue is a role (王岐山指出，…习近平总书记主持召开…).
    """
    mentions, refs = _mentions(ctx, said)
    full = [m for m in mentions if not m.bare]
    names = {normalise_name(m.name) for m in full}
    key: dict[int, str] = {}  # mention start -> its meeting
    for m in full:
        norm = normalise_name(m.name)
        # …交流推进会 and …交流推进会第五次会议 in one article: one meeting, the fuller name
        longer = [n for n in names if n != norm and n.startswith(norm)]
        key[m.start] = max(longer, key=len) if longer else norm
    if not key:  # a bare 座谈会 with nothing fuller: a meeting all the same
        key = {m.start: normalise_name(m.name) for m in mentions}
    if not key:
        return ()
    groups: dict[str, list[_Mention]] = {}
    for m in mentions:
        if m.start in key:
            groups.setdefault(key[m.start], []).append(m)
    firsts = sorted((ms[0].start, norm) for norm, ms in groups.items())
    order = [norm for _, norm in firsts]
    kinds = {norm: ms[0].kind for norm, ms in groups.items()}
    # every mention points at its meeting: a bare one at the last of its kind named before
    # it (else the meeting last pointed at: 会议听取了… goes on with the report before it),
    # or the first meeting when none is named before it
    anchors: list[tuple[int, str]] = []
    for m in sorted(mentions + refs, key=lambda m: m.start):
        if m.start in key:
            anchors.append((m.start, key[m.start]))
            continue
        alike = [n for s, n in firsts if s <= m.start and kinds[n] == m.kind and not _generic(m.kind)]
        if alike:
            anchors.append((m.start, alike[-1]))
        elif anchors:
            anchors.append((m.start, anchors[-1][1]))
        elif m not in refs:
            anchors.append((m.start, order[0]))
    roles = find_roles(ctx, anchors, order, _tables().head_re, topics, said)
    out = []
    for norm in order:
        m = next((x for x in groups[norm] if normalise_name(x.name) == norm), groups[norm][0])
        date_text, held_on = _date(ctx, m)
        place = _PLACE.search(ctx.text, max(ctx.sentences[m.sentence][0], m.verb_start - 25), m.verb_start)
        series = _SERIES.findall(m.name)
        series_no = cn_int(series[-1]) if series else (1 if re.search("首届|首次", m.name) else None)
        mine = tuple(roles.get(norm, ()))
        out.append(Meeting(
            name=m.name, name_norm=norm, kind=m.kind, series_no=series_no,
            held_on=held_on, date_text=date_text,
            place=place.group("place") if place and not _VISIT.search(place.group("place")) else None,
            level=_level(ctx, m, mine),
            start=m.start, end=m.end, roles=mine,
            cluster_key=cluster_key(norm, series_no, m.kind, held_on, date_text),
        ))
    return tuple(out)
