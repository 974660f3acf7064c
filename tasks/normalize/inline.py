"""Inline chrome: page furniture inside a line of article text.

When a scraper joins a page's lines into one (THUCNews-style single-line articles), the
page's furniture ends up inside the article's text: 我要评论, a 相关新闻： header with its
list of headlines, an editor's code (XWT185), 订阅热线, a 点击进入 link, a Weibo link
label after a name (微博). Finds those spans by the patterns of
``rules/inline_chrome.tsv`` and cuts them out of the line; each cut comes back as a
``RemovedLine`` with its offsets in the line as written, so kept text plus removed
parts rebuild every line.

Never cuts prose: a pattern matches furniture by its shape on the page (a link label, a
list header with a list after it, a code at the end of a story), and a line holding none
of the patterns' literals is not searched at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from tasks import reasons
from tasks.normalize.rules import data_rows, rule_tables
from tasks.normalize.t2s import to_simplified_known

if TYPE_CHECKING:  # chrome.py calls cut_lines while classifying its lines
    from tasks.normalize.chrome import Line


@dataclass(frozen=True)
class _Pattern:
    reason: str
    regex: re.Pattern[str]
    group: str | int  # the part of a match that is cut: the group "cut", else all of it


@dataclass(frozen=True)
class _Table:
    patterns: tuple[_Pattern, ...]  # file order
    by_literal: dict[str, tuple[int, ...]]  # literal -> the patterns (indices) that need it
    literals: re.Pattern[str]  # any literal: one scan of a line finds those it holds
    within: dict[str, frozenset[str]]  # literal -> the literals it contains (itself too)
    overlapping: dict[str, frozenset[str]]  # literal -> literals that may start inside it


@lru_cache(maxsize=1)
def _table() -> _Table:
    """The patterns with the literals one of which every match of theirs contains: a line
    holding none of a pattern's literals is not searched with it."""
    patterns = []
    for reason, literals, regex in data_rows("inline_chrome.tsv"):
        if reason not in reasons.REMOVED_LINE_REASONS:
            raise ValueError(f"inline_chrome.tsv: unknown reason {reason!r}")
        rx = re.compile(regex)
        group = "cut" if "cut" in rx.groupindex else 0
        patterns.append((frozenset(literals.split("|")), _Pattern(reason, rx, group)))
    every = {lit for lits, _ in patterns for lit in lits}
    by_literal = {a: tuple(i for i, (lits, _) in enumerate(patterns) if a in lits) for a in every}
    # One scan reports a literal and goes on after it: the literals inside it (更多 of
    # 更多阅读) are added from ``within``, those that may start inside it and run on
    # (none in the shipped file, but the file may change) are looked for with ``in``.
    alternation = "|".join(map(re.escape, sorted(every, key=len, reverse=True)))
    within = {a: frozenset(b for b in every if b in a) for a in every}
    overlapping = {
        a: frozenset(
            b for b in every
            if b not in a and any(a.endswith(b[:k]) for k in range(1, min(len(a), len(b))))
        )
        for a in every
    }
    return _Table(tuple(p for _, p in patterns), by_literal, re.compile(alternation), within, overlapping)


_TAKEN_LEFT = frozenset("◇■□◆●•·<>")  # bullets and arrows a cut takes along on its left


def _spans(text: str) -> list[tuple[int, int, str]]:
    """Inline chrome in ``text``: ``(start, end, reason)``, merged where they overlap."""
    t = _table()
    literals = set(t.literals.findall(text))
    if not literals:
        return []
    present: set[str] = set()
    for lit in literals:
        present |= t.within[lit]
        present.update(b for b in t.overlapping[lit] if b in text)
    found: list[tuple[int, int, str]] = []
    for i in sorted({i for lit in present for i in t.by_literal[lit]}):
        p = t.patterns[i]
        for m in p.regex.finditer(text):
            start, end = m.span(p.group)
            # the spaces on the left go with the cut, those on the right stay between
            # the words it stood between (The Simpsons(听歌) Movie)
            while start > 0 and (text[start - 1].isspace() or text[start - 1] in _TAKEN_LEFT):
                start -= 1
            if end > start:
                found.append((start, end, p.reason))
    return _merged(found) if found else []


_NEAR = 40  # how far from where a cut joined two pieces new furniture could show


def _joins_quiet(text: str, spans: list[tuple[int, int, str]]) -> bool:
    """After cutting ``spans``, is there no literal near a place where two pieces met?
    (Then a second search would find nothing new.)"""
    literals = _table().literals
    rest, pos, joins = [], 0, []
    for start, end, _ in spans:
        rest.append(text[pos:start])
        joins.append(sum(map(len, rest)))
        pos = end
    rest.append(text[pos:])
    kept = "".join(rest)
    return not any(literals.search(kept, max(0, j - _NEAR), j + _NEAR) for j in joins)


def _merged(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Overlapping spans as one, with the longer one's reason; touching ones of the same
    reason as one."""
    spans = sorted(spans)
    merged = [spans[0]]
    for start, end, reason in spans[1:]:
        last = merged[-1]
        if start < last[1] or (start == last[1] and reason == last[2]):
            longer = last[2] if last[1] - last[0] >= end - start else reason
            merged[-1] = (last[0], max(last[1], end), longer)
        else:
            merged.append((start, end, reason))
    return merged


def inline_cuts(text: str) -> list[tuple[int, int, str]]:
    """Where to cut ``text``: ``(start, end, reason)`` spans, ascending, not touching.

    Cutting can join two pieces into new furniture (我要我要评论评论), so the kept text
    is searched again until it holds none; spans always index ``text``.

    >>> inline_cuts("房价将保持平稳。我要评论")
    [(8, 12, 'navigation')]
    >>> inline_cuts("我要我要评论评论")
    [(0, 8, 'navigation')]
    """
    spans = _spans(text)
    if not spans or _joins_quiet(text, spans) or not _spans(cut(text, spans)):
        return spans  # the common case: one search finds it all
    cuts: list[tuple[int, int, str]] = []
    kept = list(range(len(text)))  # index in ``text`` of each kept character
    current = text
    while True:
        spans = _spans(current)
        if not spans:
            break
        gone: set[int] = set()
        for start, end, reason in spans:
            # a span of the kept text can cover pieces of ``text`` that cuts lie between
            run_start = prev = kept[start]
            for k in kept[start + 1 : end]:
                if k != prev + 1:
                    cuts.append((run_start, prev + 1, reason))
                    run_start = k
                prev = k
            cuts.append((run_start, prev + 1, reason))
            gone.update(range(start, end))
        kept = [k for i, k in enumerate(kept) if i not in gone]
        current = "".join(text[k] for k in kept)
    return _merged(cuts) if cuts else []


def cut(text: str, cuts: list[tuple[int, int, str]]) -> str:
    """``text`` without the spans of ``cuts``."""
    parts, pos = [], 0
    for start, end, _ in cuts:
        parts.append(text[pos:start])
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


def cut_lines(lines: Iterable[Line]) -> list[Line]:
    """Cut inline chrome out of every kept line (``reason`` None), in place; the lines
    that were cut come back.

    A cut line keeps the rest as its ``raw`` (and ``conv``); its cuts go to ``Line.cuts``
    with offsets in the line as written. A line with nothing left is removed whole, with
    the reason of its first cut.
    """
    r = rule_tables()
    changed = []
    for ln in lines:
        if ln.reason is not None or not ln.raw:
            continue
        cuts = inline_cuts(ln.conv)
        if not cuts:
            continue
        changed.append(ln)
        cuts = _to_edges(ln.raw, cuts)
        rest = cut(ln.raw, cuts)
        if not rest:
            ln.reason = cuts[0][2]
            continue
        ln.cuts = tuple((ln.lead + s, ln.lead + e, ln.raw[s:e], reason) for s, e, reason in cuts)
        ln.raw = rest
        ln.hits = frozenset(c for c in ln.hits if c in rest)
        ln.plain = not ln.hits
        if r.t2s_triggers.isdisjoint(ln.hits):
            ln.conv = rest
        else:
            ln.conv = to_simplified_known(rest, ln.hits)
    return changed


def _to_edges(raw: str, cuts: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Spaces left at either end of the line once the cuts are out go with the cut beside
    them, so that what is left is stripped, like every kept line (``raw`` is stripped: a
    space at the start of what is left follows a cut, one at the end precedes a cut)."""
    spans = [list(c) for c in cuts]
    k, i = 0, 0  # from the start: cut k is the last one passed
    while i < len(raw):
        if k < len(spans) and spans[k][0] <= i < spans[k][1]:
            i = spans[k][1]
            k += 1
        elif raw[i].isspace() and k > 0:
            spans[k - 1][1] = i + 1
            i += 1
        else:
            break
    k, j = len(spans) - 1, len(raw) - 1  # from the end: cut k is the last one passed
    while j >= 0:
        if k >= 0 and spans[k][0] <= j < spans[k][1]:
            j = spans[k][0] - 1
            k -= 1
        elif raw[j].isspace() and k < len(spans) - 1:
            spans[k + 1][0] = j
            j -= 1
        else:
            break
    return [(start, end, reason) for start, end, reason in spans]
