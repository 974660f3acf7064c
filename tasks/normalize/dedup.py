"""Exact and near-duplicate detection of normalized articles.

Two keys:

* ``exact_key(text)``: sha256 of the text with whitespace and punctuation removed.
  Normalization already made both copies Simplified and stripped of chrome, so the
  same story read from a GB18030 and a UTF-8 file, or saved under two names, gets
  the same key.
* ``signature(text)``: a MinHash of the text's character shingles (5-grams of the
  same punctuation-free text). ``similarity(a, b)`` estimates the Jaccard
  similarity of two texts' shingle sets from their signatures.

``DuplicateIndex`` answers "which earlier article is this one a copy of?" with
locality-sensitive hashing over signature bands, so a lookup touches only the
articles that share a band instead of every article seen. It can be pre-loaded
with ``(article_id, signature)`` pairs read back from the warehouse.

>>> idx = DuplicateIndex(threshold=0.8)
>>> idx.find_or_add("a1", "全市决战决胜脱贫攻坚推进会召开，会议强调要坚定信心决心。")
>>> idx.find_or_add("a2", "全市决战决胜脱贫攻坚推进会召开。会议强调,要坚定信心决心!")
'a1'
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

import numpy as np

NUM_PERM = 128
SHINGLE = 5
_BANDS = 32  # 32 bands x 4 rows: pairs at Jaccard 0.8 collide with probability ≈ 1
_ROWS = NUM_PERM // _BANDS
_MAX_HASH = np.uint64((1 << 32) - 1)

# Fixed seed: signatures stored in the warehouse must stay comparable across runs.
_rng = np.random.default_rng(20200313)
_A = _rng.integers(1, (1 << 61) - 1, size=NUM_PERM, dtype=np.uint64)
_B = _rng.integers(0, (1 << 61) - 1, size=NUM_PERM, dtype=np.uint64)

# Whitespace and punctuation carry no content (and differ between copies).
_NOISE = re.compile(r"[\s\W_]+", re.UNICODE)


def canonical(text: str) -> str:
    """The text as compared: whitespace and punctuation removed."""
    return _NOISE.sub("", text)


def exact_key(text: str) -> str:
    """sha256 hex of the canonical text: equal for the same story wherever it came from."""
    return hashlib.sha256(canonical(text).encode("utf-8")).hexdigest()


def _shingle_hashes(text: str) -> np.ndarray:
    """32-bit hashes of the character 5-grams of the canonical text, repeats included
    (a MinHash minimum over repeats is the minimum over the distinct ones: no sort).

    Vectorized: a polynomial hash over the code points, then a 64-bit mix,
    computed for all positions at once (hashing each 5-gram in Python cost
    ~2.5 ms per article). Deterministic across processes, unlike ``hash()``.
    """
    canon = canonical(text)
    if not canon:
        return np.empty(0, dtype=np.uint64)
    codes = np.frombuffer(canon.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    width = min(SHINGLE, len(codes))
    n = len(codes) - width + 1
    with np.errstate(over="ignore"):
        h = np.zeros(n, dtype=np.uint64)
        for j in range(width):
            h = h * np.uint64(1_000_003) + codes[j : j + n]
        # splitmix64 finalizer: spreads the polynomial hash over all bits
        h ^= h >> np.uint64(30)
        h *= np.uint64(0xBF58476D1CE4E5B9)
        h ^= h >> np.uint64(27)
        h *= np.uint64(0x94D049BB133111EB)
        h ^= h >> np.uint64(31)
    return h & _MAX_HASH


def signature(text: str) -> tuple[int, ...]:
    """MinHash signature (``NUM_PERM`` ints) of the text's character 5-gram shingles.

    An empty text gets a signature of maximal values (similar only to other empty texts).
    """
    hashes = _shingle_hashes(text)
    if hashes.size == 0:
        return (int(_MAX_HASH),) * NUM_PERM
    # multiply-shift hashing (wrapping 64-bit arithmetic, top 32 bits): a universal
    # family like (a*x + b) mod p, without the slow 64-bit modulo
    with np.errstate(over="ignore"):
        values = np.multiply.outer(hashes, _A)  # one (shingles, NUM_PERM) array, updated in place
        values += _B
        values >>= np.uint64(32)
    return tuple(values.min(axis=0).tolist())


def similarity(sig_a: Iterable[int], sig_b: Iterable[int]) -> float:
    """Estimated Jaccard similarity of two texts' shingle sets (share of equal slots)."""
    a = np.asarray(tuple(sig_a), dtype=np.uint64)
    b = np.asarray(tuple(sig_b), dtype=np.uint64)
    if a.shape != b.shape or a.size == 0:
        raise ValueError("signatures must have the same, non-zero length")
    return float(np.count_nonzero(a == b)) / a.size


# Band keys: a 64-bit mix of (band number, its 4 values). Equal bands get equal keys; a
# candidate found through a key is checked against the stored band itself, so a
# collision can never make two articles look alike.
_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93], dtype=np.uint64)
_BAND_SALT = (np.arange(_BANDS, dtype=np.uint64) + np.uint64(1)) * np.uint64(0x27D4EB2F165667C5)
# Rows added since the sorted key array was last merged are scanned directly.
_MERGE_EVERY = 512


def _band_keys(sig: np.ndarray) -> np.ndarray:
    """The ``_BANDS`` band keys (uint64) of one signature (``NUM_PERM`` uint32 values)."""
    with np.errstate(over="ignore"):
        h = (sig.reshape(_BANDS, _ROWS).astype(np.uint64) * _MIX).sum(axis=1, dtype=np.uint64) ^ _BAND_SALT
        h ^= h >> np.uint64(31)
        h *= np.uint64(0xBF58476D1CE4E5B9)
        h ^= h >> np.uint64(29)
    return h


class DuplicateIndex:
    """Articles seen so far, by exact key and by MinHash bands.

    ``find_or_add`` returns the id of an earlier article the text duplicates
    (same exact key, or estimated similarity ≥ ``threshold``), or adds the article
    and returns None. Picklable.

    Compact, because it holds every article of the warehouse: signatures are rows of
    one uint32 array and the band keys one sorted uint64 array (with the rows added
    since its last rebuild in a small dict), about 1.3 KB an article where tuples and
    a dict per band took 7 KB. Lookups see the candidates in the order they always
    did (band by band, earlier articles first), so the same article is found.
    """

    def __init__(self, threshold: float = 0.8) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError("threshold must be in (0, 1]")
        self.threshold = threshold
        self._exact: dict[str, str] = {}
        self._ids: list[str] = []
        self._sigs = np.zeros((0, NUM_PERM), dtype=np.uint32)
        self._keys = np.zeros((0, _BANDS), dtype=np.uint64)  # band keys of every row
        self._sorted = np.zeros(0, dtype=np.uint64)  # band keys of the first _merged rows, sorted
        self._sorted_rows = np.zeros(0, dtype=np.int64)  # ... and the row of each
        self._merged = 0
        self._last: tuple[object, np.ndarray, np.ndarray] | None = None  # find() then add()

    def __len__(self) -> int:
        return len(self._ids)

    def _prepared(self, sig: Iterable[int]) -> tuple[np.ndarray, np.ndarray]:
        """The signature as uint32 and its band keys (computed once for a find and its add)."""
        if self._last is not None and self._last[0] is sig:  # the same (immutable) tuple
            return self._last[1], self._last[2]
        arr = np.array(sig if isinstance(sig, np.ndarray | list | tuple) else tuple(sig), dtype=np.uint32)
        if arr.shape != (NUM_PERM,):
            raise ValueError(f"signature must have {NUM_PERM} values")
        keys = _band_keys(arr)
        self._last = (sig, arr, keys) if isinstance(sig, tuple) else None
        return arr, keys

    def add(self, article_id: str, sig: Iterable[int], key: str | None = None) -> None:
        """Register an article (e.g. loaded from the warehouse) without a lookup."""
        arr, keys = self._prepared(sig)
        row = len(self._ids)
        if row == len(self._sigs):  # grow by half: amortized appends
            cap = max(1024, row + row // 2)
            self._sigs = np.resize(self._sigs, (cap, NUM_PERM))
            self._keys = np.resize(self._keys, (cap, _BANDS))
        self._sigs[row] = arr
        self._keys[row] = keys
        self._ids.append(article_id)
        if key is not None:
            self._exact.setdefault(key, article_id)
        if row + 1 - self._merged >= _MERGE_EVERY:
            self._merge()

    def _merge(self) -> None:
        """Fold the rows added since the last merge into the sorted key array."""
        n = len(self._ids)
        new = self._keys[self._merged : n].ravel()
        order = np.argsort(new, kind="stable")
        new_keys = new[order]
        new_rows = self._merged + (order // _BANDS).astype(np.int64)
        # after the equal keys already there: a band's rows stay in the order they came
        at = np.searchsorted(self._sorted, new_keys, side="right")
        self._sorted = np.insert(self._sorted, at, new_keys)
        self._sorted_rows = np.insert(self._sorted_rows, at, new_rows)
        self._merged = n

    def load(self, pairs: Iterable[tuple[str, Iterable[int]]]) -> None:
        """Pre-load ``(article_id, signature)`` pairs (the warehouse's earlier articles)."""
        for article_id, sig in pairs:
            self.add(article_id, sig)

    def find(self, sig: Iterable[int], key: str | None = None) -> str | None:
        """The earliest-added article this signature (or exact key) duplicates, if any."""
        if key is not None and key in self._exact:
            return self._exact[key]
        if not self._ids:
            return None
        arr, keys = self._prepared(sig)
        lo = np.searchsorted(self._sorted, keys, side="left").tolist()
        hi = np.searchsorted(self._sorted, keys, side="right").tolist()
        recent: dict[int, list[int]] = {}
        if self._merged < len(self._ids):
            offsets, bands = np.nonzero(self._keys[self._merged : len(self._ids)] == keys)
            for off, b in zip(offsets.tolist(), bands.tolist(), strict=True):
                recent.setdefault(b, []).append(self._merged + off)
        best: tuple[float, str] | None = None
        seen: set[int] = set()
        for b in range(_BANDS):
            rows = self._sorted_rows[lo[b] : hi[b]].tolist() if hi[b] > lo[b] else []
            if b in recent:
                rows += recent[b]
            if not rows:
                continue
            band = arr[b * _ROWS : (b + 1) * _ROWS].tolist()
            for row in rows:
                if row in seen or self._sigs[row, b * _ROWS : (b + 1) * _ROWS].tolist() != band:
                    continue
                seen.add(row)
                sim = float(np.count_nonzero(self._sigs[row] == arr)) / NUM_PERM
                if sim >= self.threshold and (best is None or sim > best[0]):
                    best = (sim, self._ids[row])
        return best[1] if best else None

    def find_or_add(self, article_id: str, text: str) -> str | None:
        """The id of the earlier article ``text`` duplicates; else add it and return None."""
        key = exact_key(text)
        sig = signature(text)
        found = self.find(sig, key)
        if found is None:
            self.add(article_id, sig, key)
        return found
