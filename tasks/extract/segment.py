"""jieba's segmentation (``Tokenizer.lcut(text, HMM=True)``), token for token, about 4x faster.

Why: segmentation is the largest single cost of the extract step (py-spy over a broadcast
year: a fifth of extract), and the throughput goal is set against bare ``jieba.lcut``.
The algorithm and the data are jieba's: the same prefix dictionary
(``Tokenizer.FREQ``/``total``, so our added words count), the same route scores in the
same floating-point order, the same tie-breaking (the longer word), and jieba's own HMM
tables (``jieba.finalseg``). What changes is only how it is computed:

* ``get_DAG`` and ``calc`` (the best route through the words of a han block) run in
  compiled code: ``_get_DAG_and_calc`` of the ``jieba_fast_dat`` wheel, over a
  double-array trie built here from the same ``FREQ`` (only its C++ route; its own
  HMM and regular expressions differ from jieba's and are not used);
* the four-state Viterbi is unrolled with back-pointers instead of copying paths;
* han blocks and HMM buffers repeat across news text (datelines, titles, names), so their
  results are memoized in bounded LRU caches (memory stays flat).

Tests check the output equals ``Tokenizer.lcut`` on the seeds, on random strings, and on
the THUCNews and broadcast corpora when they are present.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from functools import lru_cache

import jieba
from jieba import finalseg
from jieba_fast_dat._jieba_fast_dat_functions_py3 import DatTrie
from jieba_fast_dat._jieba_fast_dat_functions_py3 import _get_DAG_and_calc as _best_route

_CACHE_SIZE = 1 << 15
_MIN = finalseg.MIN_FLOAT


def _viterbi_states():
    """jieba.finalseg.viterbi's best state path, unrolled for its four states (B M E S)."""
    start, trans, emit = finalseg.start_P, finalseg.trans_P, finalseg.emit_P
    sB, sM, sE, sS = start["B"], start["M"], start["E"], start["S"]
    eB, eM, eE, eS = emit["B"].get, emit["M"].get, emit["E"].get, emit["S"].get
    tEB, tSB = trans["E"]["B"], trans["S"]["B"]
    tMM, tBM = trans["M"]["M"], trans["B"]["M"]
    tSS, tES = trans["S"]["S"], trans["E"]["S"]
    tBE, tME = trans["B"]["E"], trans["M"]["E"]

    def states(obs: str) -> list[str]:
        c = obs[0]
        vB, vM = sB + eB(c, _MIN), sM + eM(c, _MIN)
        vE, vS = sE + eE(c, _MIN), sS + eS(c, _MIN)
        back = []
        for c in obs[1:]:
            # jieba takes max() over (prob, previous state) tuples: equal probabilities go
            # to the larger state letter, and sums are added in jieba's order.
            em = eB(c, _MIN)
            a, b = vE + tEB + em, vS + tSB + em
            nB, pB = (b, "S") if b >= a else (a, "E")
            em = eM(c, _MIN)
            a, b = vM + tMM + em, vB + tBM + em
            nM, pM = (a, "M") if a >= b else (b, "B")
            em = eS(c, _MIN)
            a, b = vS + tSS + em, vE + tES + em
            nS, pS = (a, "S") if a >= b else (b, "E")
            em = eE(c, _MIN)
            a, b = vB + tBE + em, vM + tME + em
            nE, pE = (b, "M") if b >= a else (a, "B")
            back.append({"B": pB, "M": pM, "S": pS, "E": pE})
            vB, vM, vS, vE = nB, nM, nS, nE
        state = "S" if vS >= vE else "E"
        path = [state]
        for step in reversed(back):
            state = step[state]
            path.append(state)
        path.reverse()
        return path

    return states


class Segmenter:
    """``tokenizer.lcut(text, HMM=True)`` for a fully built ``jieba.Tokenizer``.

    Build it after the last ``add_word``: it snapshots the dictionary.
    """

    def __init__(self, tokenizer: jieba.Tokenizer) -> None:
        tokenizer.check_initialized()
        if finalseg.Force_Split_Words:
            raise ValueError("jieba.finalseg.Force_Split_Words is not supported")
        self._total = float(tokenizer.total)
        self._trie = DatTrie()
        # words only: a FREQ entry of 0 is a mere prefix, never a candidate (the trie
        # knows every prefix of its words)
        self._trie.build([(w, f) for w, f in tokenizer.FREQ.items() if f])
        self._words = frozenset(w for w, f in tokenizer.FREQ.items() if f)
        self._states = _viterbi_states()
        self._new_caches()

    def _new_caches(self) -> None:
        self._block = lru_cache(maxsize=_CACHE_SIZE)(self._cut_block)
        self._unknown = lru_cache(maxsize=_CACHE_SIZE)(self._cut_unknown)

    def with_words(self, words: Iterable[str], freq: int) -> Segmenter:
        """A copy that also knows those of ``words`` the dictionary lacks, each at ``freq``
        (``add_word`` without raising the dictionary's total: the other words' scores,
        and those it already has, stay as they are)."""
        other = copy.copy(self)
        new = sorted(set(words) - self._words)
        other._trie = DatTrie()
        other._trie.load_from_bytes(self._trie.save_to_bytes())
        for word in new:
            other._trie.add_word(word, freq)
        other._words = self._words | frozenset(new)
        other._new_caches()
        return other

    def lcut(self, text: str) -> list[str]:
        out: list[str] = []
        han, skip = jieba.re_han_default, jieba.re_skip_default
        for blk in han.split(text):
            if not blk:
                continue
            if han.match(blk):
                out.extend(self._block(blk))
            else:
                for piece in skip.split(blk):
                    if skip.match(piece):
                        out.append(piece)
                    else:
                        out.extend(piece)
        return out

    def _cut_block(self, s: str) -> tuple[str, ...]:
        """``Tokenizer.__cut_DAG``: best route through the word DAG, HMM on runs of single chars."""
        end: list[int] = []  # end[k]: the last character of the best word starting at k
        _best_route(self._trie, s, end, self._total)
        n = len(s)
        out: list[str] = []
        buf = ""
        x = 0
        while x < n:
            y = end[x] + 1
            if y - x == 1:
                buf += s[x]
            else:
                if buf:
                    self._flush(buf, out)
                    buf = ""
                out.append(s[x:y])
            x = y
        if buf:
            self._flush(buf, out)
        return tuple(out)

    def _flush(self, buf: str, out: list[str]) -> None:
        if len(buf) == 1:
            out.append(buf)
        elif buf not in self._words:
            out.extend(self._unknown(buf))
        else:
            out.extend(buf)

    def _cut_unknown(self, buf: str) -> tuple[str, ...]:
        """``jieba.finalseg.cut``: the HMM over han runs, other runs split by its own pattern."""
        out: list[str] = []
        for blk in finalseg.re_han.split(buf):
            if finalseg.re_han.match(blk):
                path = self._states(blk)
                begin = nexti = 0
                for i, state in enumerate(path):
                    if state == "B":
                        begin = i
                    elif state == "E":
                        out.append(blk[begin : i + 1])
                        nexti = i + 1
                    elif state == "S":
                        out.append(blk[i])
                        nexti = i + 1
                if nexti < len(blk):
                    out.append(blk[nexti:])
            else:
                out.extend(x for x in finalseg.re_skip.split(blk) if x)
        return tuple(out)
