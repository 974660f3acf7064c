"""Names run together, as official lists print them (委员：李鹏乔石李瑞环…).

Finds the stretches where the plain model's output shows names touching, and judges
whether the list model's reading of one is a list (three or more people covering most
of it). Never relabels text outside such a stretch.
"""

from __future__ import annotations

from collections.abc import Sequence

from tasks.extract.ner.features import NCHAR, lex

_FEMALE_MARKS = ("（女）", "(女)")  # what official lists put after a woman's name


def touching_runs(text: str, spans: Sequence[tuple[str, int, int]]) -> list[list[tuple[int, int]]]:
    """The people of ``spans`` grouped into runs of names with nothing (or only （女）)
    between them, in order; a name apart from the others is a run of one."""
    runs: list[list[tuple[int, int]]] = []
    for s, e in sorted((s, e) for typ, s, e in spans if typ == "PER"):
        gap = text[runs[-1][-1][1] : s] if runs else None
        if gap is not None and (gap == "" or gap in _FEMALE_MARKS):
            runs[-1].append((s, e))
        else:
            runs.append([(s, e)])
    return runs


def is_chinese_name_start(text: str, i: int) -> bool:
    c = ord(text[i])
    return c < NCHAR and bool(lex().surname[c])


def list_stretches(text: str, spans: Sequence[tuple[str, int, int]]) -> list[tuple[int, int]]:
    """(start, end) of the stretches of ``text`` that are names run together, as official
    lists print them (委员：李鹏乔石李瑞环…), judged by what the plain model made of them:
    a "name" of five or more characters that starts with a surname and has no · (a
    foreign name may: 马格坦戈尔·圭尼贡多), or two names with nothing (or only （女）)
    between them. A stretch is a run of Han characters, ·, and （女） marks."""
    hits = []
    for run in touching_runs(text, spans):
        if len(run) >= 2:
            hits.append(run[0][0])
        else:
            s, e = run[0]
            if e - s >= 5 and "·" not in text[s:e] and is_chinese_name_start(text, s):
                hits.append(s)
    out: list[tuple[int, int]] = []
    for h in hits:
        if out and out[-1][0] <= h < out[-1][1]:
            continue
        a, b = h, h
        while a > 0 and _in_stretch(text, a - 1):
            a -= 1
        while b < len(text) and _in_stretch(text, b):
            b += 1
        out.append((a, b))
    return out


def _in_stretch(text: str, i: int) -> bool:
    ch = text[i]
    if "\u3400" <= ch <= "\u9fff" or ch in "·•":
        return True
    # the brackets and 女 of a （女） mark
    return any(text[j : j + 3] in _FEMALE_MARKS for j in range(max(0, i - 2), i + 1))


LIST_COVER = 0.8  # share of a stretch that must be names for the list model's reading to stand


def reads_as_list(text: str, a: int, b: int, spans: Sequence[tuple[str, int, int]]) -> bool:
    """Is the list model's reading of ``text[a:b]`` a list: three or more people covering
    most of it (not 胡锦涛|抵俄|出席上合峰会, a headline that ran words together)."""
    people = [e - s for typ, s, e in spans if typ == "PER"]
    marks = sum(3 * text.count(mark, a, b) for mark in _FEMALE_MARKS)
    return len(people) >= 3 and sum(people) >= LIST_COVER * (b - a - marks)
