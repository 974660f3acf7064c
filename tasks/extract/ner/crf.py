"""A linear-chain CRF decoded with numpy, its weights read from a crfsuite model file.

Viterbi with separators (，。、 quotes, spaces) held at O: never a name across them.
With nothing held it gives exactly crfsuite's labels (a test checks this).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

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
        self.dense_cols = np.array([j for j in range(TEMPLATE_INDEX) if j not in _SPARSE], dtype=np.int64)
        self.sparse_cols = np.array(sorted(_SPARSE), dtype=np.int64)
        offsets = np.cumsum([0, *_DENSE_SIZE])
        self.dense_off = offsets[self.dense_cols]
        self.dense = np.zeros(int(offsets[-1]), dtype=np.int32)
        skeys: list[tuple[int, int]] = []
        for (j, v), r in rows.items():
            if j in _SPARSE:
                skeys.append((j << KEY_SHIFT | v, r))
            elif 0 <= v < _DENSE_SIZE[j]:
                self.dense[offsets[j] + v] = r
        skeys.sort()
        self.skeys = np.array([k for k, _ in skeys] + [np.iinfo(np.int64).max], dtype=np.int64)
        self.srows = np.array([r for _, r in skeys] + [0], dtype=np.int32)
        self.sparse_shift = self.sparse_cols << KEY_SHIFT
        self.trans = np.zeros((L, L))
        for (a, b), w in info.transitions.items():
            self.trans[li[a], li[b]] = w
        self.n_features = len(rows)

    def emissions(self, F: np.ndarray) -> np.ndarray:
        n = F.shape[0]
        R = np.empty((n, TEMPLATE_INDEX), dtype=np.int32)
        R[:, self.dense_cols] = self.dense[F[:, self.dense_cols] + self.dense_off]
        q = F[:, self.sparse_cols] | self.sparse_shift
        idx = np.searchsorted(self.skeys, q)
        R[:, self.sparse_cols] = np.where(self.skeys[idx] == q, self.srows[idx], 0)
        # Summing template by template (np.take on contiguous rows) beats one (n, T, L)
        # gather and a reduction over T.
        W = self.W
        RT = np.ascontiguousarray(R.T)
        E = W.take(RT[0], axis=0)
        for j in range(1, RT.shape[0]):
            E += W.take(RT[j], axis=0)
        return E

    def decode(self, E: np.ndarray, fixed_o: np.ndarray | None = None) -> np.ndarray:
        """Best label index per position: Viterbi with the positions in ``fixed_o`` held at O.

        Holding separators (，。、 and spaces, never inside a name) at O cuts the text into
        clauses that are decoded independently and all at once: one numpy step per
        character of the longest clause, not per character of the text. With no position
        held, this is plain Viterbi over the whole sequence.
        """
        n, L = E.shape
        if n == 0:
            return np.zeros(0, dtype=np.int64)
        free = np.ones(n, dtype=bool) if fixed_o is None else ~fixed_o
        unc = np.flatnonzero(free)
        if not len(unc):
            return np.zeros(n, dtype=np.int64)
        # Runs of consecutive free positions, longest first (so the live runs at step t
        # are a prefix of the batch and finished runs drop off the end).
        breaks = np.flatnonzero(np.diff(unc) > 1)
        run_s = np.concatenate(([unc[0]], unc[breaks + 1]))
        run_e = np.concatenate((unc[breaks] + 1, [unc[-1] + 1]))
        lens = run_e - run_s
        order = np.argsort(-lens, kind="stable")
        run_s, run_e, lens = run_s[order], run_e[order], lens[order]
        R, M = len(lens), int(lens[0])
        Ep = E[np.minimum(run_s[:, None] + np.arange(M)[None, :], n - 1)]  # (R, M, L)
        Tr = self.trans
        delta = Ep[:, 0, :] + np.where((run_s > 0)[:, None], Tr[0][None, :], 0.0)
        finals = np.empty((R, L))
        live = np.searchsorted(-lens, -np.arange(1, M + 1), side="left")  # runs longer than t
        backs: list[np.ndarray] = [np.empty((0, L), dtype=np.int64)]
        k_prev = R
        # s[r, y, p] = delta[r, p] + Tr[p, y]: the predecessor axis last and contiguous.
        # numpy's max over a short last axis is several times slower than its argmax, so
        # the max is read back through the argmax (flat index) instead.
        buf = np.empty((R * L, L))
        TrT = np.ascontiguousarray(Tr.T)[None, :, :]
        flat_base = np.arange(R * L) * L
        for t in range(1, M):
            k = int(live[t - 1])
            if k < k_prev:
                finals[k:k_prev] = delta[k:k_prev]
                delta = delta[:k]
                k_prev = k
            s = buf[: k * L]
            np.add(delta[:, None, :], TrT, out=s.reshape(k, L, L))
            bp = s.argmax(axis=1)
            backs.append(bp.reshape(k, L))
            delta = s.ravel()[flat_base[: k * L] + bp].reshape(k, L)
            delta += Ep[:k, t, :]
        finals[:k_prev] = delta
        # A run that stops before the end of the text is followed by a held O.
        finals += np.where((run_e < n)[:, None], Tr[:, 0][None, :], 0.0)
        best = finals.argmax(axis=1)
        # Backtrack all runs at once: at step t the runs still live are a prefix.
        out = np.zeros(n, dtype=np.int64)
        y = np.zeros(R, dtype=np.int64)
        rows = np.arange(R)
        last = lens - 1
        for t in range(M - 1, -1, -1):
            k = int(live[t - 1]) if t > 0 else R
            y[:k] = np.where(last[:k] == t, best[:k], y[:k])
            out[run_s[:k] + t] = y[:k]
            if t > 0:
                y[:k] = backs[t][rows[:k], y[:k]]
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
        E = np.zeros((F.shape[0], self.W.shape[1]))
        free = ~held
        E[free] = self.emissions(F[free])
        y = self.decode(E, held)
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
