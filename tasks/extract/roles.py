"""Roles at meetings held: who chaired, spoke, attended, reported or pledged.

Cue words of ``dicts/role_cues.tsv`` (主持, 出席会议并讲话, 出席, 通报, 表态发言 …) in the
sentences of a meeting's report give the role; the people named before a cue, back to the
previous cue of the sentence, take it in the order written (``position``: protocol order),
and the list is partial when it ends with 等. A cue with nobody before it takes the people
of the cue before it when it goes on from it (李克强出席…开幕式，并发表…主旨演讲), and 他 is
the person the sentence before is about. A name in a 、-list the entity pass missed is read
as the list reads it (会上，贾康、陈宪、沈联涛等专家发了言).

Never a role: a cue in what someone said (王岐山指出，…习近平总书记主持召开…), at an event
that is no meeting (参加会见, 出席…揭牌仪式, 在…欢迎宴会上发表讲话), of a time before the
meeting (去年…发表主旨演讲), or in a phrase that only says who someone is (同参加招待会的外国
领导人). Nothing here decides which meetings were held: meetings.py does.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from tasks.extract import tokenizer
from tasks.extract.clauses import PRONOUN_RE, STOP, Context, Person, clause_start, name_in_head
from tasks.extract.lexicon import looks_like_name
from tasks.model import MeetingRole

# Events that are no meeting held: a cue that points at one gives no role.
_NOT_MEETING = re.compile(
    r"会见|会谈|会晤|活动|仪式|典礼|宴会|晚宴|午宴|揭牌|揭幕|剪彩|开工|考察|调研|视察|参观|展览"
    r"|演出|晚会|比赛|签字|签约|签署|访问|接见|合影|阅兵|颁奖|首发式"
)
# A cue of a time before this meeting (去年…在论坛年会发表主旨演讲) is no role at it.
_PAST = re.compile(r"去年|前年|上届|上一届|此前|曾经|以往|历届|当年")
_AT_NOT_MEETING = re.compile(
    rf"在[^{STOP}]{{0,30}}?(?:宴会|晚宴|午宴|仪式|典礼|活动|揭牌|揭幕|剪彩|首发式|议会)(?:上|中|时|期间)?"
    r"|来信|信中|回信|贺信中|贺电中"  # a letter: written, not at the meeting
)
# The time and place between a name and its cue (栗战书|24日下午在人民大会堂|出席).
_TIME_PLACE = re.compile(
    rf"(?:[0-9\uff10-\uff19一二三四五六七八九十]{{1,2}}[日号]|今天|昨天|当天|近日|日前|上午|下午|晚上|在[^{STOP}在]{{1,20}})+$"
)
_AND_THEN = re.compile(r"\s*(?:并|随后|之后|还|又|同时)(?:在会上)?")
_ROLE_OF = {"chair+speech": ("chair", "speech")}  # others: the role itself
# The cue word of each role inside a cue as written (主持召开…并讲话: 主持召开 and 讲话).
_CUE_WORD = {
    "chair": re.compile(r"主持召开|主持|召集|召开"),
    "speech": re.compile(r"发表重要讲话|主旨讲话|主旨演讲|总结讲话|讲话|致辞|致贺词|致开幕词|致闭幕词|致欢迎辞|演讲|报告|发了?言"),
    "attend": re.compile(r"出席|参加|列席|就座"),
    "report": re.compile(r"通报|汇报|说明"),
    "pledge": re.compile(r"表态发言"),
}


@dataclass(frozen=True, slots=True)
class _Tables:
    role_re: re.Pattern[str]
    roles: tuple[str, ...]  # the role of each group of role_re


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    cues = [line.split("\t") for line in tokenizer.read_lines("role_cues.tsv")]
    role_re = re.compile("|".join(f"({rx.replace('{STOP}', STOP)})" for _, rx in cues))
    return _Tables(role_re=role_re, roles=tuple(role for role, _ in cues))


def find_roles(
    ctx: Context, anchors: Sequence[tuple[int, str]], order: Sequence[str], head_re: re.Pattern[str],
    topics: Sequence[str | None] = (), said: Sequence[tuple[int, int]] = (),
) -> dict[str, list[MeetingRole]]:
    """The roles in the article, by meeting (its key in ``order``).

    ``anchors``: (offset, meeting) of every mention of a meeting held, which tells the
    meeting of a sentence; ``head_re``: the meeting heads (出席…座谈会 is a meeting's, 出席
    …揭牌仪式 is not); ``topics``: the person each sentence is about (他 in a role's list);
    ``said``: the spans of statements' contents, where no cue is a role.
    """
    text, t = ctx.text, _tables()
    out: dict[str, list[MeetingRole]] = {}
    first_sentence = ctx.sentence_at(anchors[0][0]) if anchors else 0
    for si, (s0, s1) in enumerate(ctx.sentences):
        target = _meeting_of(anchors, order, s0, s1, si >= first_sentence - 3)
        if target is None:
            continue
        prev, last_people, last_role = s0, [], ""
        for cue in t.role_re.finditer(text, s0, s1):
            role = t.roles[cue.lastindex - 1]  # type: ignore[operator]
            span = (max(prev, text.rfind("；", prev, cue.start()) + 1), cue.start())
            if role.endswith(":after"):  # 出席会议的还有|周铁农、蒋树声…
                role, span = role.removesuffix(":after"), (cue.end(), s1)
            prev = cue.end()
            obj = text[cue.end() : clause_end(text, cue.end(), s1)]
            if _no_role(text, cue, role, span, obj, s0, said, head_re):
                continue
            cue_target = target
            if cue.group().startswith(("召开", "召集")):
                held = [norm for pos, norm in anchors if cue.end() <= pos < cue.end() + len(obj)]
                if not held:
                    continue  # 迎接党的十九大胜利召开, 倡议召开…: no meeting held is convened here
                cue_target = held[0]
            heard = text.rfind("听取", *span)
            if heard >= 0:  # 习近平听取了…汇报: who listens is not who reports
                span = (heard + 2, span[1])
            people = [p for p in _listed(ctx, *span) if not _not_the_agent(text, p)]
            if not people and last_people and _AND_THEN.fullmatch(text, clause_start(text, span[1], span[0]), span[1]):
                people = last_people  # 李克强出席…开幕式，并发表…主旨演讲
                if role == "speech" and last_role == "attend":  # 出席…并讲话: a speaker, not an attendee
                    names = {p.name for p in people}
                    out[cue_target] = [r for r in out.get(cue_target, []) if not (r.role == "attend" and r.person in names)]
            elif not people and PRONOUN_RE.search(text, *span) and 0 < si <= len(topics) and topics[si - 1]:
                people = [Person(topics[si - 1], topics[si - 1], span[0], span[0], None)]  # type: ignore[arg-type]
            elif not people:
                people = _named_head(ctx, span)
            last_people, last_role = people, role
            _add(out.setdefault(cue_target, []), cue.group(), role, people, _titles(text, span[0], people),
                 bool(people) and "等" in text[people[-1].end : span[1]])
    return out


def _meeting_of(anchors: Sequence[tuple[int, str]], order: Sequence[str], s0: int, s1: int, near_first: bool) -> str | None:
    """The meeting a sentence's roles are at: the one it names, else the last named before
    it, else the first when the sentence is one of the lines above the report (a headline:
    王伟中出席并讲话 陈如桂主持)."""
    here = [norm for pos, norm in anchors if s0 <= pos < s1]
    before = [norm for pos, norm in anchors if pos < s0]
    if here or before:
        return (here or before)[0 if here else -1]
    return order[0] if near_first else None


def _named_head(ctx: Context, span: tuple[int, int]) -> list[Person]:
    """The one person a cue's clause names when the entity pass found none there (栗战书委员长
    出席): the clause before the cue, less its time and place, is a name with a title."""
    text = ctx.text
    start = clause_start(text, span[1], span[0])
    head = _TIME_PLACE.sub("", text[start : span[1]])
    name = name_in_head(ctx, head)
    if name is None:
        return []
    at = text.find(name, start, span[1])
    title = head.replace(name, "", 1) or None  # 委员长, 斯洛伐克总理
    return [Person(name, name, at, at + len(name), title)] if at >= 0 else []


def _not_the_agent(text: str, p: Person) -> bool:
    """向习近平主席汇报, 宣读习近平的贺信: the person a cue's action goes to, or whose
    something is, is not who acts."""
    return (p.start > 0 and text[p.start - 1] in "向对给") or text.startswith("的", p.end)


def _no_role(
    text: str, cue: re.Match[str], role: str, span: tuple[int, int], obj: str, s0: int,
    said: Sequence[tuple[int, int]], head_re: re.Pattern[str],
) -> bool:
    """Does this cue name no role at a meeting held (see the module docstring)?"""
    if any(a <= cue.start() < b for a, b in said) or _AT_NOT_MEETING.search(text, *span):
        return True  # a cue in what someone said; 在…欢迎宴会上|发表讲话
    if _PAST.search(text, s0, cue.start()):
        return True
    if _NOT_MEETING.search(obj) and not head_re.search(obj):
        return True  # 参加会见, 出席…揭牌仪式
    # 同参加招待会的外国领导人: who they are, not what they did
    return role == "attend" and bool(re.match(rf"[^{STOP}]{{0,40}}?(?:{head_re.pattern})的", obj))


def _add(
    roles: list[MeetingRole], cue: str, role: str, people: Sequence[Person], titles: Sequence[str | None],
    partial: bool,
) -> None:
    """Add each person's role(s) of a cue, in list order, unless the meeting has it already."""
    have = {(r.person, r.role) for r in roles}
    for pos, (p, title) in enumerate(zip(people, titles, strict=True), 1):
        for r in _ROLE_OF.get(role, (role,)):
            if (p.name, r) in have:
                continue
            have.add((p.name, r))
            word = _CUE_WORD[r].search(cue)
            roles.append(MeetingRole(
                person=p.name, surface=p.surface, title=title, role=r, cue=word.group() if word else cue,
                position=pos, partial=partial, start=p.start, end=p.end,
            ))


def clause_end(text: str, pos: int, limit: int) -> int:
    i = pos
    while i < limit and text[i] not in STOP:
        i += 1
    return i


def _listed(ctx: Context, start: int, end: int) -> list[Person]:
    """The people of [start, end) in order, with the names of a 、-list the entity pass
    missed (会上，贾康|、陈宪、沈联涛等专家: 贾康 is read as the list reads)."""
    people = ctx.people_in(start, end)
    text = ctx.text
    extra = []
    for p in people:
        at = p.start
        while at - 1 > start and text[at - 1] == "、":
            a = at - 1
            while a > start and a > at - 6 and "\u3400" <= text[a - 1] <= "\u9fff":
                a -= 1
            cand = text[a : at - 1]
            if any(q.start <= a < q.end for q in people) or not looks_like_name(cand):
                break
            extra.append(Person(cand, cand, a, at - 1, None))
            at = a
    return sorted(people + extra, key=lambda p: p.start)


def _titles(text: str, floor: int, people: Sequence[Person]) -> list[str | None]:
    """Each person's title as written before the name (市委副书记、市长|朱涛); a name in a
    、-list without one shares the title before it (中共中央政治局常委李克强、栗战书)."""
    out: list[str | None] = []
    prev_end = floor
    for i, p in enumerate(people):
        stretch = text[prev_end : p.start]
        cut = max(stretch.rfind(c) for c in "，,；;：:。") + 1
        # 开幕式由|…李建国主持, 首先听取了|…王晨作的汇报: a title holds none of 由, 了, 的
        stretch = re.split("[由了的]", stretch[cut:])[-1]
        stretch = re.sub(r"^(?:[、和及与同暨]|以及|会上|仪式上|当天|随后|此外|同时)+", "", stretch).strip()
        if stretch and len(stretch) <= 40:
            out.append(stretch)
        elif i and text[prev_end : p.start] == "、":
            out.append(out[-1])
        else:
            out.append(p.title)
        prev_end = p.end
    return out
