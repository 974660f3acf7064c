"""Quoted phrases (“两不愁三保障”, 「精准扶贫」, 『四个意识』) and what each one is.

A quotation is a phrase when it is short — at most ``MAX_SLOGAN_CHARS`` characters once
spaces and punctuation are dropped, no sentence-final punctuation inside (。！？), at most
``MAX_PARTS`` comma/顿号 parts. Longer quotations are speech (习近平总书记 … “夺取脱贫攻坚战
全面胜利，坚决完成…！”) and are not kept. Titles in 《…》 are documents, never phrases, nor
is a quote nested inside a title.

Each phrase gets a ``kind`` — slogan, formula, name of a thing (with its class), term or
quotation — from :mod:`tasks.extract.quote_kinds`; quotes next to each other (“净网”、“秋风”、
“护苗”专项行动) are read with the words around the whole run.

A numbered formula's items are formulas too where the text lists them, quoted or not (要牢固树立
政治意识、大局意识、核心意识、看齐意识。“四个意识”就是…: 政治意识 … 看齐意识): as many items
as the formula counts, in one clause, each sharing the formula's noun (意识, 自信) or opening
with it (全面). Such items come back with ``quoted`` False and the formula as their ``cue``.

``phrase`` is canonical: Simplified (the pipeline's own t2s), NFKC, no spaces and no
punctuation, so “两不愁 三保障”, “两不愁、三保障” and “兩不愁三保障” are one phrase. A ``+``
and a point or hyphen between digits or Latin letters are part of the phrase, not
punctuation (互联网+, 工业4.0): without them 互联网+ would be 互联网.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence

from tasks.extract.quote_kinds import FORMULA, NAME, classify_quote
from tasks.model import EntityMention, SloganMention
from tasks.normalize import to_simplified

MAX_SLOGAN_CHARS = 16
MAX_PARTS = 4

_QUOTE_RE = re.compile(r"“([^“”\n]{1,80})”|「([^「」\n]{1,80})」|『([^『』\n]{1,80})』|\"([^\"\n]{1,80})\"")
_TITLE_RE = re.compile(r"《[^《》\n]*》")
_SENTENCE_END = re.compile(r"[。！？!?…]")
_PART_SEP = re.compile(r"[，,、；;\s]+")
# Punctuation and spaces; '+' stays, and a point or hyphen between digits/Latin letters.
_DROP = re.compile(r"(?:(?<![0-9A-Za-z])[.\-]|[.\-](?![0-9A-Za-z])|[^\w+.\-]|_)+")
_CJK = re.compile(r"[\u3400-\u9fff]")
_CN_COUNT = {"二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_WINDOW = 8
_RUN_GAP = re.compile(r"[、和与及]?$")  # matched from one quote's end to the next one's start
# 四个意识 → (四, 意识); 三大攻坚战 → (三, 攻坚战): a numbered formula and its noun.
_COUNTED = re.compile(r"^([二两三四五六七八九十])(?:个|大|项|种|条)([\u4e00-\u9fff]{2,3})$")
_DEFINITION_REACH = 80  # characters around the quote where its items may be listed
_ITEM_SEP = re.compile(r"、|和|及|以及")
_CLAUSE_SEP = re.compile(r"[，,。；;：:！？!?\n“”（）()]")


def canonical_phrase(raw: str) -> str:
    """Simplified, NFKC, without spaces or punctuation: “兩不愁、三保障” → 两不愁三保障.

    >>> canonical_phrase("互联网 +"), canonical_phrase("工业4.0")
    ('互联网+', '工业4.0')
    """
    s = unicodedata.normalize("NFKC", raw)
    s = to_simplified(s)
    return _DROP.sub("", s)


def is_slogan(raw: str) -> bool:
    """Short enough to be a phrase rather than speech (see the module docstring)."""
    inner = raw.strip()
    if _SENTENCE_END.search(inner.rstrip("。！？!?…")) or re.search(r"[。！？!?]$", inner):
        return False
    canon = canonical_phrase(inner)
    if not (2 <= len(canon) <= MAX_SLOGAN_CHARS):
        return False
    if not _CJK.search(canon):
        return False
    parts = [p for p in _PART_SEP.split(inner) if p]
    return len(parts) <= MAX_PARTS


def extract_slogans(
    text: str, entities: Sequence[EntityMention] = (), published: dt.date | None = None,
) -> tuple[SloganMention, ...]:
    """Quoted phrases in ``text`` with their kind; start/end and ``raw`` cover the quoted
    text without the marks. A quote that is exactly an organisation the entity pass found
    (``entities``) is that organisation's name. The items a numbered formula lists follow
    it (``quoted`` False).

    >>> [(s.phrase, s.quoted) for s in extract_slogans("坚定道路自信、理论自信、制度自信，“三个自信”")]
    [('道路自信', False), ('理论自信', False), ('制度自信', False), ('三个自信', True)]
    """
    titles = [(m.start(), m.end()) for m in _TITLE_RE.finditer(text)]
    orgs = {(e.start, e.end) for e in entities if e.kind == "org"}
    quotes = []
    for m in _QUOTE_RE.finditer(text):
        gi = next(i for i in range(1, 5) if m.group(i) is not None)
        raw = m.group(gi)
        if any(a <= m.start(gi) < b for a, b in titles) or not is_slogan(raw):
            continue
        quotes.append((m, gi, raw))
    out = []
    for run in _runs(text, [m for m, _, _ in quotes]):
        # a run of quotes (“净网”、“秋风”、“护苗”专项行动) shares the words around it
        before = text[max(0, run[0].start() - _WINDOW) : run[0].start()]
        after = text[run[-1].end() : run[-1].end() + _WINDOW]
        for m in run:
            _, gi, raw = next(q for q in quotes if q[0] is m)
            start, end = m.start(gi), m.end(gi)
            phrase = canonical_phrase(raw)
            kind, name_class, cue = classify_quote(raw, phrase, before, after, published)
            if kind != NAME and (start, end) in orgs:
                kind, name_class, cue = NAME, "organisation", None
            mention = SloganMention(phrase=phrase, raw=raw, start=start, end=end, kind=kind,
                                    name_class=name_class, cue=cue)
            out.append(mention)
            if kind == FORMULA:
                out.extend(_definition_items(text, mention))
    return tuple(sorted(set(out), key=lambda s: (s.start, s.end, s.quoted)))


def _runs(text: str, matches: list[re.Match[str]]) -> list[list[re.Match[str]]]:
    """Quotes next to each other (“A”“B”, “A”、“B”和“C”) in runs."""
    runs: list[list[re.Match[str]]] = []
    for m in matches:
        if runs and _RUN_GAP.match(text, runs[-1][-1].end(), m.start()):
            runs[-1].append(m)
        else:
            runs.append([m])
    return runs


def _definition_items(text: str, quote: SloganMention) -> list[SloganMention]:
    """The items of ``quote`` (a numbered formula) where a clause near it lists them."""
    m = _COUNTED.match(quote.phrase)
    if not m:
        return []
    n, noun = _CN_COUNT[m.group(1)], m.group(2)
    lo, hi = max(0, quote.start - _DEFINITION_REACH), min(len(text), quote.end + _DEFINITION_REACH)
    bounds = [lo + c.start() for c in _CLAUSE_SEP.finditer(text[lo:hi])]
    for a, b in zip([lo, *[x + 1 for x in bounds]], [*bounds, hi], strict=True):
        clause = text[a:b]
        if clause.count(noun) < n:
            continue
        cuts = [(sep.start(), sep.end()) for sep in _ITEM_SEP.finditer(clause)]
        starts = [0, *[e for _, e in cuts]]
        ends = [*[st for st, _ in cuts], len(clause)]
        parts = [(clause[x:y], a + x) for x, y in zip(starts, ends, strict=True)]
        for k in range(len(parts) - n + 1):
            items = _items(parts[k : k + n], noun, quote.phrase)
            if items:
                return items
    return []


def _items(parts: list[tuple[str, int]], noun: str, formula: str) -> list[SloganMention]:
    """Parts that are a formula's items: the inner ones all open with its noun (全面深化改革)
    or all end with it (大局意识); the outer ones carry the clause's other words
    (牢固树立|政治意识, 全面从严治党|的战略布局) and are cut to the inner ones' length."""
    inner = parts[1:-1]
    if not inner or not all(noun in p for p, _ in parts):
        return []
    size = max(len(p) for p, _ in inner)
    out = []
    if all(p.startswith(noun) for p, _ in inner):
        first, i = parts[0]
        cut = first.rfind(noun)
        last, j = parts[-1]
        if not last.startswith(noun):
            return []
        chosen = [(first[cut:], i + cut), *inner, (last[:size], j)]
    elif all(p.endswith(noun) for p, _ in inner):
        first, i = parts[0]
        last, j = parts[-1]
        if not (first.endswith(noun) and last.endswith(noun)):
            return []
        chosen = [(first[-size:], i + max(0, len(first) - size)), *inner, parts[-1]]
    else:
        return []
    for piece, i in chosen:
        if not (len(noun) < len(piece) <= MAX_SLOGAN_CHARS):
            return []
        out.append(SloganMention(phrase=canonical_phrase(piece), raw=piece, start=i, end=i + len(piece),
                                 kind=FORMULA, cue=formula, quoted=False))
    return out

