"""Statements: who said what, with the verb that says so.

A statement is a speech verb of ``dicts/speech_verbs.tsv`` (强调, 指出, 表示, 说 …) with its
speaker and its content.

- The speaker is the person named just before the verb (贠建民指出; 习近平在致辞中指出;
  韩正对现场工作人员说; 巴赫称赞说), the meeting itself (会议强调, 全会提出), a pronoun (他强调:
  the person the sentence before is about), or nobody written: a sentence that starts with
  the verb goes on with the person before (…。希望双方…), a clause of a sentence about a
  person is that person's (刘云山…在广西调研，强调…), and a speaker's own letter or speech
  speaks for them (…作出重要批示。批示指出，…).
- The content runs from after the verb (and its ，or ：) to the end of the sentence, or, for
  a direct quote (说：“…。”), over what the quotes hold.

Not statements: a courtesy formula (表示热烈祝贺, 向…表示感谢: ``dicts/statement_formulas.txt``),
a joint view (双方认为, 他们表示, 李克强和昂山素季…表示), a speaker that is an organisation,
a document or nobody in particular (外交部表示, 《意见》指出, 专家认为, 据介绍), a noun use of
the verb (提出的要求, 所指出的), and a verb inside another statement's content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from tasks.extract import tokenizer
from tasks.extract.clauses import (
    PRONOUN_RE,
    SENTENCE_END,
    STOP,
    Context,
    Person,
    clause_start,
    name_in_head,
)
from tasks.extract.lexicon import title_ending_at, title_starting_at
from tasks.model import Meeting, Statement

_MEETING_WORDS = ("会议", "全会", "大会", "常务会议", "座谈会", "会上")
_JOINT = re.compile(r"(?:他们|她们|双方|两国领导人|两位领导人|两人|大家|与会者|与会人员|与会代表|各方|人们|代表们|专家们|一致)$")
_AUTHOR_DOCS = re.compile(r"(?:批示|贺信|贺电|贺词|回信|讲话|致辞|演讲|署名文章|信中|信)$")
# Frames between a speaker and the verb: 在致辞中, 在接受本台记者采访时, 对现场工作人员, and
# when: 今天, 5号, 当地时间14日下午.
_FRAME = re.compile(
    rf"在[^{STOP}在]{{0,40}}?(?:时|上|中|期间|之际|以后|之后|后|前|里)|对[^{STOP}对]{{1,15}}?$"
    rf"|(?:出席[^{STOP}]{{0,30}}?)?并?(?:发表)?(?:重要)?讲话(?:时|中)?$"
    r"|(?:当地时间)?(?:[0-9\uff10-\uff19]{1,2}[日号]|今天|昨天|今日|当天|近日|日前|此前|此后|目前|随后)(?:上午|下午|晚上?)?"
)
# What may stand between the speaker (after frames are taken out) and the verb.
_ADVERBS = re.compile(
    r"(?:还|也|又|再次|同时|最后|首先|进一步|曾|则|并|专门|特别|深刻|明确|鲜明地|动情地|含泪|郑重|一再|多次"
    r"|反复|当天|随后|接着|称赞|介绍|解释|补充|笑着|风趣地|高兴地|坦率地|严肃|着重|重点|也曾|还曾|当即)*"
)
# 说 in 说明, 说法, 据说, 小说 … is no speech verb.
_NOT_SAY = re.compile(r"(?<=[据听小演游传学])说|说(?=[明法服话到起完出])")
# A verb after 的/所/之/被 is a noun or passive (会议的决定, 所指出的); before 的/了/过/着 it
# takes an object, not a clause (提出的要求, 强调了…的重要性).
_NOUN_BEFORE = "所的之被"
_NOUN_AFTER = "的了过着得"
_AS_NOUN_AFTER = re.compile(r"(?:提出|按照|根据|落实|符合|达到|明确|具体|严格|各项|有关|新|高)$")
# Who a sentence is about is no one in a frame (在会见巴希尔时) or after a verb (会见…, 请…).
_IN_FRAME = re.compile(rf"在[^{STOP}在]{{0,30}}?(?:时|期间|之际|上|中|后)")
_OBJECT_AFTER = re.compile(r"(?:会见|会晤|同|与|向|对|请|陪同|欢迎|感谢|祝贺|授予|接见)[^，。、,]{0,8}$")


@dataclass(frozen=True, slots=True)
class _Verbs:
    regex: re.Pattern[str]
    kinds: dict[str, tuple[str, bool]]  # verb -> (class, may run into its content)
    formula: re.Pattern[str]


@lru_cache(maxsize=1)
def _verbs() -> _Verbs:
    kinds = {}
    for line in tokenizer.read_lines("speech_verbs.tsv"):
        parts = line.split("\t")
        kinds[parts[0]] = (parts[1], len(parts) > 2 and parts[2] == "bare")
    words = "|".join(tokenizer.read_lines("statement_formulas.txt"))
    formula = re.compile(
        rf"^(?:最|热烈|衷心|诚挚|亲切|深切|深深|高度|充分|崇高|真诚|由衷|深表|强烈|极大|一定|的|地|和|、)*(?:{words})"
        rf"(?:[和、与](?:{words}))*(?:之意|之情)?(?:[{STOP}]|$)"
    )
    regex = re.compile("|".join(sorted(map(re.escape, kinds), key=len, reverse=True)))
    return _Verbs(regex, kinds, formula)


def _content(text: str, at: int) -> tuple[int, int, bool]:
    """(start, end, direct) of the content that begins at ``at``: inside the quotes of a
    direct quote, else to the end of the sentence (not cut at a 。 inside quotes)."""
    if at < len(text) and text[at] in "“「":
        close = text.find("”" if text[at] == "“" else "」", at + 1)
        # a quote that ends its clause, or a long one, is what was said; a short one that the
        # sentence goes on from is a term (“互联网+政务服务”的关键在于…)
        if close > at and (close + 1 >= len(text) or text[close - 1] in "。！？!?…"
                           or text[close + 1] in STOP or close - at > 12):
            return at + 1, close - (1 if text[close - 1] in "。！？!?" else 0), True
    depth, i = 0, at
    while i < len(text):
        ch = text[i]
        if ch in "“「":
            depth += 1
        elif ch in "”」":
            depth = max(0, depth - 1)
        elif ch in SENTENCE_END and depth == 0:
            break
        i += 1
    return at, i, False


def find_statements(ctx: Context) -> tuple[tuple[Statement, ...], list[str | None]]:
    """The statements of the article, and for each sentence the person it is about (the
    last speaker in it, else its subject) — what a 他 in the next one points at."""
    text, v = ctx.text, _verbs()
    out: list[Statement] = []
    # what each sentence is about: its subject, until a statement in it names a speaker
    topics: list[str | None] = []
    for s0, s1 in ctx.sentences:
        subject = _subject(ctx, ctx.people_in(s0, s1), s0)
        topics.append(subject.name if subject else None)
    covered_to = -1  # a verb inside the content of a statement already found is part of it
    for m in v.regex.finditer(text):
        verb, vs, ve = m.group(), m.start(), m.end()
        if vs < covered_to or _NOT_SAY.match(text, vs):
            continue
        if (vs and text[vs - 1] in _NOUN_BEFORE) or (ve < len(text) and text[ve] in _NOUN_AFTER):
            continue
        if verb == "要求" and _AS_NOUN_AFTER.search(text, max(0, vs - 4), vs):
            continue
        si = ctx.sentence_at(vs)
        s0 = ctx.sentences[si][0]
        at, punct = ve, False
        if verb == "告诉" and (told := re.match(r"(?:本台|央视)?记者|大家|我们", text[at : at + 4])):
            at += told.end()  # 告诉记者，…
        if at < len(text) and text[at] in "，,：:":
            at, punct = at + 1, True
        quoted = at < len(text) and text[at] in "“「"
        verb_class, bare = v.kinds[verb]
        if not (punct or quoted or bare):
            continue
        if not punct and not quoted and (at >= len(text) or not ("\u3400" <= text[at] <= "\u9fff" or text[at].isdigit())):
            continue
        start, end, direct = _content(text, at)
        content = text[start:end]
        if len(content) < 2 or v.formula.match(content):
            continue
        who = _speaker(ctx, vs, si, s0, verb, topics)
        if who is None:
            continue
        speaker, kind, resolution = who
        out.append(Statement(speaker, kind, resolution, verb, verb_class, direct, content, start, end, vs))
        covered_to = end
        if kind == "person":
            topics[si] = speaker
    return tuple(out), topics


def _speaker(
    ctx: Context, vs: int, si: int, s0: int, verb: str, topics: list[str | None],
) -> tuple[str, str, str] | None:
    """(speaker, person|meeting, explicit|pronoun|carried) of the verb at ``vs``, or None."""
    text = ctx.text
    cs = clause_start(text, vs, s0)
    before = ctx.people_in(s0, vs)
    envoy = next((p for p in before if p.start >= cs and text.startswith("代表", p.end)), None)
    if envoy is not None:  # 杨洁篪代表习近平主席和中国政府表示: the envoy speaks
        return envoy.name, "person", "explicit"
    if before and before[-1].start >= cs and len(before[-1].name) > 1:  # not 老|李
        p = before[-1]
        if _between(text[p.end : vs], verb) and not _joint(ctx, p, before):
            return p.name, "person", "explicit"
    head = _FRAME.sub("", text[cs:vs])
    if _JOINT.search(head) or "等" in head[-3:]:
        return None
    pronouns = list(PRONOUN_RE.finditer(text, cs, vs))
    if pronouns and _between(text[pronouns[-1].end() : vs], verb):
        mine = [p for p in before if p.end <= pronouns[-1].start()]
        name = mine[0].name if mine else _topic_before(topics, si)
        return (name, "person", "pronoun") if name else None
    head = _ADVERBS.sub("", head)
    if head in _MEETING_WORDS:
        return head, "meeting", "explicit"
    if _AUTHOR_DOCS.search(head) and len(head) <= 6:
        name = _topic_before(topics, si + 1) if before else _topic_before(topics, si)
        return (name, "person", "carried") if name else None
    named = name_in_head(ctx, head)
    if named:
        return named, "person", "explicit"
    if head.strip():
        return None
    if cs > s0:  # a clause of a sentence about someone: 刘云山…在广西调研，强调…
        subject = _subject(ctx, before, s0)
        return (subject.name, "person", "explicit") if subject else None
    name = _topic_before(topics, si)
    return (name, "person", "carried") if name else None


def _between(gap: str, verb: str) -> bool:
    """May ``gap`` stand between a speaker and the verb? A title after the name
    (习近平|总书记|反复强调), frames (在致辞中, 对记者) and adverbs (也, 最后, 含泪); before 说
    also a verb of saying (称赞说, 澄清说, 介绍说)."""
    gap = gap[title_starting_at(gap, 0) :] if gap else gap
    gap = _FRAME.sub("", gap)
    return bool(_ADVERBS.fullmatch(gap) or (verb == "说" and re.fullmatch(r"[还也又]?[\u4e00-\u9fff]{0,3}", gap)))


def _joint(ctx: Context, p: Person, before: list[Person]) -> bool:
    """李克强和昂山素季…表示: the verb is said by a list of people together."""
    i = before.index(p)
    return i > 0 and ctx.text[before[i - 1].end : p.start] in ("、", "和", "与", "同", "及")


def _subject(ctx: Context, people: list[Person], s0: int) -> Person | None:
    """The person a sentence is about: its first that is neither in a frame (在会见巴希尔时)
    nor the object of a verb before it (会见…克里, 请张高丽转达)."""
    text = ctx.text
    frames = [m.span() for m in _IN_FRAME.finditer(text, s0, people[-1].end)] if people else []
    for p in people:
        if any(a <= p.start < b for a, b in frames):
            continue
        lead = text[max(s0, p.start - 20) : p.start]
        lead = lead[: len(lead) - title_ending_at(lead, len(lead))]  # 会见美国国务卿|克里
        if _OBJECT_AFTER.search(lead):  # 与日本首相|安倍晋三
            continue
        return p
    return None


def _topic_before(topics: list[str | None], si: int) -> str | None:
    """The person of the nearest of the two sentences before ``si`` that is about one."""
    for j in (si - 1, si - 2):
        if j >= 0 and topics[j]:
            return topics[j]
    return None


def link_meetings(statements: tuple[Statement, ...], meetings: tuple[Meeting, ...]) -> tuple[Statement, ...]:
    """Each statement with the meeting whose report it is part of: the meeting itself
    speaking (会议强调), or a person with a role at it, after its first mention (or in the
    lines above it)."""
    if not meetings:
        return statements
    out = []
    for s in statements:
        before = [i for i, m in enumerate(meetings) if m.start <= s.cue_start]
        i = before[-1] if before else 0
        people = {r.person for r in meetings[i].roles}
        if s.speaker_kind == "meeting" or s.speaker in people:
            s = replace(s, meeting=i)
        out.append(s)
    return tuple(out)
