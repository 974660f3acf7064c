"""Documents cited: every title in 《…》, with its kind, its issuer and the citing verb.

- The kind comes from ``dicts/document_kinds.tsv``: what the text says around the title
  (题为《…》的署名文章, 《…》一书, 纪录片《…》, 《求是》杂志), else the title's own ending
  (…条例 regulation, …的意见 opinion, …规划 plan, …法 law); "other" when nothing tells.
- The issuer is written in the title (《中共中央关于…的决定》: 中共中央) or before the verb that
  issues it (中共中央办公厅印发了《…》; 由中央文献研究室编辑的《…》; 习近平…发表题为《…》的
  署名文章); none otherwise.
- The citing verb is the nearest verb of ``dicts/document_verbs.txt`` before the title in its
  clause (贯彻, 落实, 印发, 学习, 根据 …); titles listed with 、 share it (审议通过了《A》、《B》).
- 关于印发《X》的通知 cites X, and a short title after a full one (《意见》指出 after 《关于深化
  国防和军队改革的意见》) is that full title.

Periodicals (《人民日报》) are documents of kind "periodical" here and keep their handling in
the entity pass (an organisation, 香港《大公报》); nothing here changes entities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tasks.extract import tokenizer
from tasks.extract.clauses import STOP, Context, clause_start
from tasks.extract.lexicon import orgish
from tasks.model import DocumentMention

_TITLE = re.compile(r"《([^《》\n]{1,100})》")
_PRINTED = re.compile(r"^关于印发[〈<](.+)[〉>]的通知$")
_SUFFIX = re.compile(r"[（(][^（()）]{1,8}[）)]$")  # (试行), （草案）, (2015-2019)
_ISSUER_IN_TITLE = re.compile(r"^(.{2,30}?)关于")
_ISSUE_VERBS = r"(?:联合)?(?:印发|发布|颁布|公布|出台|制定|发出|下发)了?"
_ISSUER_BEFORE = re.compile(
    rf"(?P<who>[^{STOP}]{{2,30}}?)(?:近日|日前|今天|正式|[0-9\uff10-\uff19]{{1,2}}[日号])*{_ISSUE_VERBS}[^{STOP}《]{{0,4}}$"
)
_EDITED_BY = re.compile(rf"由(?P<who>[^{STOP}]{{2,40}}?)(?:编辑|编写|编纂|撰写|制定|起草|组织编写)的$")
_AUTHORED = re.compile(r"发表(?:了)?题为$")
_LIST_SEP = re.compile(r"^(?:、|和|及|以及|，|,)$")


@dataclass(frozen=True, slots=True)
class _Tables:
    kinds: tuple[tuple[str, str, re.Pattern[str]], ...]
    verb_re: re.Pattern[str]


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    kinds = tuple(
        (where, kind, re.compile(rx))
        for where, kind, rx in (line.split("\t") for line in tokenizer.read_lines("document_kinds.tsv"))
    )
    verbs = sorted(tokenizer.read_lines("document_verbs.txt"), key=len, reverse=True)
    return _Tables(kinds, re.compile("(?:" + "|".join(map(re.escape, verbs)) + ")了?"))


def document_kind(title: str, before: str = "", after: str = "") -> str:
    """The kind of a document cited as 《title》 between ``before`` and ``after``.

    >>> document_kind("中国共产党党内监督条例(试行)")
    'regulation'
    >>> document_kind("让中阿友谊如尼罗河水奔涌向前", after="的署名文章")
    'signed_article'
    """
    plain = _SUFFIX.sub("", title)
    for where, kind, rx in _tables().kinds:
        subject = {"before": before, "after": after, "title": plain}[where]
        if rx.search(subject):
            return kind
    return "other"


def find_documents(ctx: Context) -> tuple[DocumentMention, ...]:
    """Every 《…》 of the article as a DocumentMention (see the module docstring)."""
    text, t = ctx.text, _tables()
    out: list[DocumentMention] = []
    full: list[str] = []  # full titles so far, for short references (《意见》)
    prev_end, prev_verb = -1, None
    for m in _TITLE.finditer(text):
        surface = m.group(1)
        title = surface
        printed = _PRINTED.match(surface)
        if printed:
            title = printed.group(1)
        title = title.strip()
        short = _short_reference(title, full)
        if short:
            title = short
        elif len(title) > 6:
            full.append(title)
        cs = clause_start(text, m.start(), max(0, m.start() - 80))
        before = text[cs : m.start()]
        after = text[m.end() : m.end() + 12]
        verbs = list(t.verb_re.finditer(before))
        verb = verbs[-1].group().rstrip("了") if verbs and len(before) - verbs[-1].end() <= 8 else None
        if verb is None and prev_end >= 0 and _LIST_SEP.match(text[prev_end : m.start()]):
            verb = prev_verb
        if printed and verb is None:
            verb = "印发"
        kind = document_kind(title, before, after)
        out.append(DocumentMention(
            title=title, surface=surface, kind=kind, issuer=_issuer(ctx, title, before, cs),
            verb=verb, start=m.start(), end=m.end(),
        ))
        prev_end, prev_verb = m.end(), verb
    return tuple(out)


def _short_reference(title: str, full: list[str]) -> str | None:
    """The full title a short one stands for: the latest full title ending in it."""
    if len(title) > 8:
        return None
    for earlier in reversed(full):
        if _SUFFIX.sub("", earlier).endswith(title) and earlier != title:
            return earlier
    return None


def _issuer(ctx: Context, title: str, before: str, cs: int) -> str | None:
    inside = _ISSUER_IN_TITLE.match(title)
    if inside and orgish(re.split(r"[、和]", inside.group(1))[-1]):
        return inside.group(1)
    edited = _EDITED_BY.search(before)
    if edited:
        return edited.group("who")
    issued = _ISSUER_BEFORE.search(before)
    if issued:
        who = issued.group("who").lstrip("经由")
        people = ctx.people_in(cs, cs + len(before))
        if people and people[-1].end == cs + issued.start("who") + len(issued.group("who")):
            return people[-1].name
        if orgish(re.split(r"[、和]", who)[-1]):
            return who
    if _AUTHORED.search(before):
        people = ctx.people_in(ctx.sentences[ctx.sentence_at(cs)][0], cs + len(before))
        if people:
            return people[0].name
    return None
