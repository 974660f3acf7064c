"""Fast Traditional → Simplified conversion, identical to opencc-python-reimplemented.

``to_simplified`` is built only from the dictionaries that the installed
``opencc`` package (opencc-python-reimplemented 0.1.7) ships, ``TSCharacters.txt``
and ``TSPhrases.txt``, and reproduces what ``OpenCC('t2s').convert`` does:

* the text is cut at the package's separators (spaces, ASCII and CJK punctuation);
  separators are never converted, and no phrase key contains one, so phrase
  matches never cross a separator;
* inside a segment the package converts by a "longest match first" parse: it takes
  the longest phrase key present anywhere in the segment (the leftmost one among
  equals), converts it, then repeats on the parts left and right of it. A phrase's
  output is not converted again by the character table (TSPhrases keeps 乾 in
  乾隆 although TSCharacters maps 乾 → 干);
* characters outside any phrase go through TSCharacters, first candidate of a
  multi-valued entry.

This module does the same with ``str.translate`` for the characters and a
phrase pass that only looks at the few places where a phrase key starts.
Overlapping phrase keys are resolved with the package's own order (longest
first, then leftmost), so the output is identical to the package's, overlaps
included (``金鍊藉據瞭解到`` → ``金链藉据了解到``, where a plain left-to-right scan
would take 藉據 first).

Every mapping in both files keeps the length of the text, so a character at
index ``i`` of the input is at index ``i`` of the output: callers rely on that
to keep offsets (``Repair.offset``) stable through conversion.

>>> to_simplified("脫貧攻堅")
'脱贫攻坚'
>>> count_traditional("脱貧攻坚")
1
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import opencc

_DICT_DIR = Path(opencc.__file__).resolve().parent / "dictionary"

# The package's separators (OpenCC PhraseExtract.cpp), copied from opencc/opencc.py:
# text is converted segment by segment between them and they are never converted.
_SEPARATORS = (
    "-,.?!*\u3000，。、；：？！…“”‘’『』「」﹁﹂—－（）《》〈〉～．／＼︒︑︔︓︿﹀︹︺︙︐［﹇］﹈︕︖︰︳︴︽︾︵︶｛︷｝︸﹃﹄【︻】︼"
)


def _read_dict(name: str) -> dict[str, str]:
    """Read an OpenCC .txt dictionary the way the package does (first candidate wins)."""
    table: dict[str, str] = {}
    with open(_DICT_DIR / name, encoding="utf-8") as f:
        for line in f:
            key, value = line.strip().split("\t")
            table[key] = value.split(" ")[0]
    return table


def _is_separator(ch: str) -> bool:
    return ch in _SEPARATORS or ch.isspace()


class _Tables:
    """Read-only tables, built once per process (lazily, see ``_tables``)."""

    def __init__(self) -> None:
        chars = _read_dict("TSCharacters.txt")
        phrases = _read_dict("TSPhrases.txt")
        # A key holding a separator can never match in the package (the text is cut
        # there first), so it must not match here either.
        self.chars = {k: v for k, v in chars.items() if not _is_separator(k)}
        self.phrases = {
            k: v for k, v in phrases.items() if not any(_is_separator(c) for c in k)
        }
        self.translate = str.maketrans({k: v for k, v in self.chars.items() if k != v})
        self.changing = frozenset(k for k, v in self.chars.items() if k != v)
        # Deleting every changing character and comparing lengths counts them at
        # C speed (a regex character class of 4,000 characters is ~10× slower).
        self.delete_changing = str.maketrans(dict.fromkeys(self.changing))
        # Where can a phrase occur? Each key gets one "anchor" character, preferably
        # one t2s changes (rare in Simplified text); a character class of the anchors
        # finds candidates at C speed and the dict confirms the keys around each hit.
        # Any anchor choice gives the same result, the choice only decides speed.
        self.by_anchor: dict[str, list[tuple[str, int]]] = {}
        for key in self.phrases:
            offset = self._anchor_offset(key)
            self.by_anchor.setdefault(key[offset], []).append((key, offset))
        self.anchors = re.compile("[" + "".join(map(re.escape, sorted(self.by_anchor))) + "]")
        # Text disjoint from this set needs no conversion at all: every phrase key holds
        # a changing character or else its anchor. One C-speed set test then replaces
        # the anchor scan for (most) Simplified text.
        self.trigger = self.changing | frozenset(self.by_anchor)

    def _anchor_offset(self, key: str) -> int:
        for i, c in enumerate(key):
            if c in self.changing:
                return i
        for i, c in enumerate(key):
            if c in self.chars:  # an entry mapping to itself: still a rare character
                return i
        return len(key) - 1  # 有序: 序 is rarer than 有


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    return _Tables()


def _phrase_matches(text: str, t: _Tables) -> list[tuple[int, int, str]]:
    """Phrase replacements ``(start, end, value)`` chosen as the package chooses them.

    The package's recursive parse picks, in each segment, the longest key present
    (leftmost among equals) and recurses left and right of it. Matches inside
    different segments never interact, and within a segment that parse selects
    exactly the matches a greedy pass over all occurrences ordered by
    (length descending, start ascending) selects, skipping any that overlaps one
    already taken — which is what is done here.
    """
    found: set[tuple[int, int, str]] = set()
    phrases = t.phrases
    for m in t.anchors.finditer(text):
        pos = m.start()
        for key, offset in t.by_anchor[m.group()]:
            start = pos - offset
            if start >= 0 and text.startswith(key, start):
                found.add((start, start + len(key), phrases[key]))
    occurrences = list(found)
    if not occurrences:
        return []
    if len(occurrences) > 1:
        occurrences.sort(key=lambda o: (o[0] - o[1], o[0]))
        taken: list[tuple[int, int, str]] = []
        used: set[int] = set()
        for occ in occurrences:
            span = range(occ[0], occ[1])
            if used.isdisjoint(span):
                taken.append(occ)
                used.update(span)
        occurrences = taken
    occurrences.sort()
    return occurrences


def to_simplified(text: str) -> str:
    """Convert ``text`` to Simplified exactly as ``OpenCC('t2s').convert`` does.

    Length-preserving: ``len(to_simplified(s)) == len(s)``.

    >>> to_simplified("乾隆年間，天氣乾燥")
    '乾隆年间，天气干燥'
    """
    t = _tables()
    # Simplified text is the common case: a set test (C speed, ~3x faster than
    # translate) proves there is nothing to convert. The same object comes back, so
    # ``to_simplified(s) is s`` tells a caller that ``s`` holds no Traditional character.
    if t.trigger.isdisjoint(text):
        return text
    matches = _phrase_matches(text, t)
    if not matches:
        # Only a phrase anchor was present (序 of 有序, 默 of 沈默): often nothing to do.
        if t.changing.isdisjoint(text):
            return text
        return text.translate(t.translate)
    return _apply(text, matches, t)


def _apply(text: str, matches: list[tuple[int, int, str]], t: _Tables) -> str:
    """Phrase values at their matches, the character table everywhere else."""
    parts: list[str] = []
    pos = 0
    for start, end, value in matches:
        parts.append(text[pos:start].translate(t.translate))
        parts.append(value)
        pos = end
    parts.append(text[pos:].translate(t.translate))
    return "".join(parts)


def to_simplified_known(text: str, hits: frozenset[str]) -> str:
    """``to_simplified(text)`` for a caller that already knows ``hits``, the characters
    of ``text`` in ``conversion_triggers()``: the same result, without the set tests
    that scan the text (tasks.normalize finds ``hits`` in one pass per line)."""
    t = _tables()
    matches = _phrase_matches(text, t)
    if not matches:
        if t.changing.isdisjoint(hits):
            return text
        return text.translate(t.translate)
    return _apply(text, matches, t)


def conversion_triggers() -> frozenset[str]:
    """Characters without which ``to_simplified`` returns its input unchanged.

    Text holding none of them is already Simplified as far as t2s is concerned (and
    holds no Traditional character): callers can test a line once with
    ``conversion_triggers().isdisjoint(line)`` before doing any further work.
    """
    return _tables().trigger


def count_traditional(text: str) -> int:
    """Number of characters the character table of t2s would change.

    Used for script detection (``Article.script``); phrase-only changes are not
    counted (a phrase key always holds a changing character anyway).
    """
    t = _tables()
    if t.changing.isdisjoint(text):
        return 0
    return len(text) - len(text.translate(t.delete_changing))


def traditional_characters() -> frozenset[str]:
    """The characters t2s changes (TSCharacters keys whose value differs)."""
    return _tables().changing


def char_table() -> dict[str, str]:
    """TSCharacters as read by the package (first candidate of each entry); a copy."""
    return dict(_tables().chars)
