"""A linear-chain CRF, its weights read from a crfsuite model file, scored and decoded
by two compiled loops (numba).

Viterbi with separators (，。、 quotes, spaces) held at O: never a name across them.
With nothing held it gives exactly crfsuite's labels (a test checks this).

Why compiled: scoring and decoding were a fifth of extract's time as numpy array work
(one numpy step per character of the longest clause, dozens of small gathers per
article). The loops below do the same floating-point operations in the same order (sums
template by template, ties to the first best label), so the labels are the numpy
decoder's, which a test keeps as the reference. numba is imported on the first model
load, not with this module: the flow's own process never decodes.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np

from tasks.extract.ner.features import KEY_SHIFT, NCHAR, TEMPLATE_INDEX, TEMPLATES, lex

# Templates whose values are small enough for a dense table (value → weight row); the
# character-pair templates are looked up by binary search instead.
_SPARSE = frozenset(j for j, name in enumerate(TEMPLATES) if name in ("c-1c", "cc+1", "c-1c+1", "c-2c-1", "c+1c+2"))


_DENSE_SIZE = tuple(0 if j in _SPARSE else NCHAR if name in ("c", "c-1", "c+1", "c-2", "c+2") else 512 for j, name in enumerate(TEMPLATES))


class CRF:
    """Weights of a crfsuite model, as arrays, and exact Viterbi decoding over them."""

    def __init__(self, path: Path) -> None:
        import pycrfsuite

        t = pycrfsuite.Tagger()
        t.open(str(path))
        info = t.info()
        labels = list(t.labels())
        if "O" in labels:  # O first: "held at O" below means label 0
            labels.remove("O")
        self.labels = ["O", *labels]
        li = {lab: i for i, lab in enumerate(self.labels)}
        L = len(self.labels)
        rows: dict[tuple[int, int], int] = {}
        weights: list[list[float]] = [[0.0] * L]  # row 0: a feature the model does not know
        for (attr, lab), w in info.state_features.items():
            j, _, v = attr.partition(":")
            key = (int(j), int(v))
            r = rows.get(key)
            if r is None:
                r = rows[key] = len(weights)
                weights.append([0.0] * L)
            weights[r][li[lab]] = w
        self.W = np.array(weights, dtype=np.float64)
        # Per template, in template order: a dense table (key = value + the template's
        # offset into ``dense``) or the sorted sparse keys (key = template << KEY_SHIFT | value).
        offsets = np.cumsum([0, *_DENSE_SIZE])
        self.template_sparse = np.array([j in _SPARSE for j in range(TEMPLATE_INDEX)], dtype=np.bool_)
        self.template_key = np.array([j << KEY_SHIFT if j in _SPARSE else int(offsets[j]) for j in range(TEMPLATE_INDEX)], dtype=np.int64)
        self.dense = np.zeros(int(offsets[-1]), dtype=np.int32)
        skeys: list[tuple[int, int]] = []
        for (j, v), r in rows.items():
            if j in _SPARSE:
                skeys.append((j << KEY_SHIFT | v, r))
            elif 0 <= v < _DENSE_SIZE[j]:
                self.dense[offsets[j] + v] = r
        skeys.sort()
        # the sentinel ends every search inside the array
        self.skeys = np.array([k for k, _ in skeys] + [np.iinfo(np.int64).max], dtype=np.int64)
        self.srows = np.array([r for _, r in skeys] + [0], dtype=np.int32)
        self.trans = np.zeros((L, L))
        for (a, b), w in info.transitions.items():
            self.trans[li[a], li[b]] = w
        self.n_features = len(rows)

    def emissions(self, F: np.ndarray, free: np.ndarray | None = None) -> np.ndarray:
        """Emission scores (n, L): per position, the weight rows of its features summed
        template by template; zero where ``free`` is False."""
        n = F.shape[0]
        free = np.ones(n, dtype=np.bool_) if free is None else free
        E = np.zeros((n, self.W.shape[1]))
        _kernels().emissions(np.ascontiguousarray(F, dtype=np.int64), free, self.W, self.template_sparse,
                             self.template_key, self.dense, self.skeys, self.srows, E)
        return E

    def decode(self, E: np.ndarray, fixed_o: np.ndarray | None = None) -> np.ndarray:
        """Best label index per position: Viterbi with the positions in ``fixed_o`` held at O.

        Holding separators (，。、 and spaces, never inside a name) at O cuts the text into
        clauses, each decoded on its own: a clause after a held O starts with the
        transition from O, one before a held O ends with the transition to it. With no
        position held, this is plain Viterbi over the whole sequence.
        """
        n = E.shape[0]
        held = np.zeros(n, dtype=np.bool_) if fixed_o is None else np.ascontiguousarray(fixed_o, dtype=np.bool_)
        out = np.zeros(n, dtype=np.int64)
        _kernels().viterbi(np.ascontiguousarray(E), held, self.trans, out)
        return out

    def tag(self, F: np.ndarray, hold_separators: bool = True) -> list[str]:
        """Labels for a feature matrix; separators (column ``c``) are held at O."""
        fixed = lex().decode_sep[F[:, 1]] if hold_separators else None
        return [self.labels[i] for i in self.decode(self.emissions(F), fixed).tolist()]

    def spans(self, F: np.ndarray) -> list[tuple[str, int, int]]:
        """(type, start, end) spans, as :func:`bio_to_spans` of :meth:`tag` but without
        a Python step per character (only the labelled positions are visited)."""
        held = lex().decode_sep[F[:, 1]]
        # Held positions need no emission scores: score only the free rows.
        y = self.decode(self.emissions(F, ~held), held)
        idx = np.flatnonzero(y)
        out: list[tuple[str, int, int]] = []
        cur: list | None = None
        labels = self.labels
        for i, lab_i in zip(idx.tolist(), y[idx].tolist(), strict=True):
            lab = labels[lab_i]
            typ = lab[2:]
            if lab[0] == "B" or cur is None or cur[0] != typ or cur[2] != i:
                if cur:
                    out.append((cur[0], cur[1], cur[2]))
                cur = [typ, i, i + 1]
            else:
                cur[2] = i + 1
        if cur:
            out.append((cur[0], cur[1], cur[2]))
        return out


# ------------------------------------------------------------------ the compiled loops


def _emissions(F, free, W, template_sparse, template_key, dense, skeys, srows, E):  # pragma: no cover - compiled
    n, T = F.shape
    L = W.shape[1]
    rows = np.empty(T, dtype=np.int64)
    for i in range(n):
        if not free[i]:
            continue
        for j in range(T):
            if template_sparse[j]:
                q = F[i, j] | template_key[j]
                lo, hi = 0, skeys.shape[0] - 1  # the first key >= q (the sentinel at worst)
                while lo < hi:
                    mid = (lo + hi) >> 1
                    if skeys[mid] < q:
                        lo = mid + 1
                    else:
                        hi = mid
                rows[j] = srows[lo] if skeys[lo] == q else 0
            else:
                k = F[i, j] + template_key[j]
                if k < 0:  # numpy's indexing, which this replaces, counted from the end
                    k += dense.shape[0]
                if k < 0 or k >= dense.shape[0]:
                    raise IndexError("feature value outside the dense tables")
                rows[j] = dense[k]
        r = rows[0]
        for y in range(L):
            E[i, y] = W[r, y]
        for j in range(1, T):  # template by template, as the sums were always made
            r = rows[j]
            for y in range(L):
                E[i, y] += W[r, y]


def _viterbi(E, held, Tr, out):  # pragma: no cover - compiled
    n, L = E.shape
    delta = np.empty(L)
    nxt = np.empty(L)
    back = np.empty((n, L), dtype=np.int64)
    s = 0
    while s < n:
        if held[s]:
            out[s] = 0
            s += 1
            continue
        e = s
        while e < n and not held[e]:
            e += 1
        for y in range(L):  # a clause after a held O starts with the transition from O
            delta[y] = E[s, y] + (Tr[0, y] if s > 0 else 0.0)
        for t in range(s + 1, e):
            for y in range(L):
                best = delta[0] + Tr[0, y]
                arg = 0
                for p in range(1, L):
                    v = delta[p] + Tr[p, y]
                    if v > best:
                        best = v
                        arg = p
                nxt[y] = best + E[t, y]
                back[t, y] = arg
            for y in range(L):
                delta[y] = nxt[y]
        y = 0
        best = delta[0] + (Tr[0, 0] if e < n else 0.0)
        for p in range(1, L):  # ... and one before a held O ends with the transition to it
            v = delta[p] + (Tr[p, 0] if e < n else 0.0)
            if v > best:
                best = v
                y = p
        for t in range(e - 1, s, -1):
            out[t] = y
            y = back[t, y]
        out[s] = y
        s = e


_KERNELS: Any = None
_KERNELS_LOCK = threading.Lock()


def _kernels() -> Any:
    """The loops above, compiled on first use (cached on disk by numba after the first run)."""
    global _KERNELS
    if _KERNELS is None:
        with _KERNELS_LOCK:
            if _KERNELS is None:
                from numba import njit

                jit = njit(cache=True, nogil=True)
                _KERNELS = SimpleNamespace(emissions=jit(_emissions), viterbi=jit(_viterbi))
    return _KERNELS


def bio_to_spans(labels: Sequence[str]) -> list[tuple[str, int, int]]:
    spans = []
    cur: list | None = None
    for i, lab in enumerate(labels):
        if lab.startswith("B-") or (lab.startswith("I-") and (cur is None or cur[0] != lab[2:])):
            if cur:
                spans.append(tuple(cur))
            cur = [lab[2:], i, i + 1]
        elif lab.startswith("I-") and cur:
            cur[2] = i + 1
        else:
            if cur:
                spans.append(tuple(cur))
            cur = None
    if cur:
        spans.append(tuple(cur))
    return spans  # type: ignore[return-value]


def spans_to_bio(n: int, spans: Sequence[tuple[str, int, int]]) -> list[str]:
    labels = ["O"] * n
    for typ, s, e in spans:
        if s < 0 or e > n or s >= e:
            continue
        labels[s] = "B-" + typ
        for k in range(s + 1, e):
            labels[k] = "I-" + typ
    return labels
