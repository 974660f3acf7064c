"""Dictionary-word context: which words a character would make with its neighbours.

Finds, for a character put at a position of a line, the dictionary words (jieba's
dictionary plus ``rules/extra_words.tsv``) it forms with the characters around it, and
the character pairs found inside longer words. Look-alike repair and mask restoration
decide on these; nothing here changes text.
"""

from __future__ import annotations

from functools import lru_cache

from tasks.normalize.rules import CJK, dictionary_words

MIN_FREQ = 3  # jieba's dictionary holds some junk entries of frequency 1 or 2
MAX_WORD = 4


def support(text: str, i: int, ch: str) -> tuple[int, int, int, int]:
    """How well ``ch`` at ``text[i]`` forms dictionary words with its neighbours.

    Returns ``(left, right, best, longest)``: how far the words containing position
    ``i`` reach to the left and right of it, the best such word's frequency and the
    length of the longest one.
    """
    words = dictionary_words()
    lo = max(0, i - MAX_WORD + 1)
    window = text[lo:i] + ch + text[i + 1 : i + MAX_WORD]
    c = i - lo
    left = right = best = longest = 0
    for start in range(0, c + 1):
        for end in range(max(c + 1, start + 2), min(len(window), start + MAX_WORD) + 1):
            freq = words.get(window[start:end], 0)
            if freq >= MIN_FREQ:
                left = max(left, c - start)
                right = max(right, end - 1 - c)
                best = max(best, freq)
                longest = max(longest, end - start)
    return left, right, best, longest


@lru_cache(maxsize=1)
def word_pairs() -> frozenset[str]:
    """Every two-character sequence inside a dictionary word of 3+ characters."""
    out = set()
    for w, freq in dictionary_words().items():
        if len(w) >= 3 and freq >= MIN_FREQ:
            out.update(w[k : k + 2] for k in range(len(w) - 1))
    return frozenset(out)


def pair_support(text: str, i: int, ch: str) -> bool:
    """Does ``ch`` at ``text[i]`` form, with a Chinese neighbour, a pair found in words?"""
    pairs = word_pairs()
    left = text[i - 1] + ch if i > 0 and CJK.match(text[i - 1]) else ""
    right = ch + text[i + 1] if i + 1 < len(text) and CJK.match(text[i + 1]) else ""
    return (left in pairs) or (right in pairs)


@lru_cache(maxsize=4096)
def words_with(ch: str) -> tuple[str, ...]:
    """Is ``ch`` a character of real words? (any dictionary word holding it, capped)."""
    hits = []
    for w in dictionary_words():
        if ch in w:
            hits.append(w)
            if len(hits) >= 3:
                break
    return tuple(hits)
