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
    """32-bit hashes of the distinct character 5-grams of the canonical text.

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
    return np.unique(h & _MAX_HASH)


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
        values = (hashes[:, None] * _A[None, :] + _B[None, :]) >> np.uint64(32)
    return tuple(values.min(axis=0).tolist())


def similarity(sig_a: Iterable[int], sig_b: Iterable[int]) -> float:
    """Estimated Jaccard similarity of two texts' shingle sets (share of equal slots)."""
    a = np.asarray(tuple(sig_a), dtype=np.uint64)
    b = np.asarray(tuple(sig_b), dtype=np.uint64)
    if a.shape != b.shape or a.size == 0:
        raise ValueError("signatures must have the same, non-zero length")
    return float(np.count_nonzero(a == b)) / a.size


class DuplicateIndex:
    """Articles seen so far, by exact key and by MinHash bands.

    ``find_or_add`` returns the id of an earlier article the text duplicates
    (same exact key, or estimated similarity ≥ ``threshold``), or adds the article
    and returns None. State is plain dicts, so the index pickles.
    """

    def __init__(self, threshold: float = 0.8) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError("threshold must be in (0, 1]")
        self.threshold = threshold
        self._exact: dict[str, str] = {}
        self._sigs: dict[str, tuple[int, ...]] = {}
        self._bands: list[dict[tuple[int, ...], list[str]]] = [{} for _ in range(_BANDS)]

    def __len__(self) -> int:
        return len(self._sigs)

    def add(self, article_id: str, sig: tuple[int, ...], key: str | None = None) -> None:
        """Register an article (e.g. loaded from the warehouse) without a lookup."""
        if len(sig) != NUM_PERM:
            raise ValueError(f"signature must have {NUM_PERM} values")
        self._sigs[article_id] = tuple(sig)
        if key is not None:
            self._exact.setdefault(key, article_id)
        for b in range(_BANDS):
            band = tuple(sig[b * _ROWS : (b + 1) * _ROWS])
            self._bands[b].setdefault(band, []).append(article_id)

    def load(self, pairs: Iterable[tuple[str, tuple[int, ...]]]) -> None:
        """Pre-load ``(article_id, signature)`` pairs (the warehouse's earlier articles)."""
        for article_id, sig in pairs:
            self.add(article_id, sig)

    def find(self, sig: tuple[int, ...], key: str | None = None) -> str | None:
        """The earliest-added article this signature (or exact key) duplicates, if any."""
        if key is not None and key in self._exact:
            return self._exact[key]
        best: tuple[float, str] | None = None
        seen: set[str] = set()
        for b in range(_BANDS):
            band = tuple(sig[b * _ROWS : (b + 1) * _ROWS])
            for other in self._bands[b].get(band, ()):
                if other in seen:
                    continue
                seen.add(other)
                sim = similarity(sig, self._sigs[other])
                if sim >= self.threshold and (best is None or sim > best[0]):
                    best = (sim, other)
        return best[1] if best else None

    def find_or_add(self, article_id: str, text: str) -> str | None:
        """The id of the earlier article ``text`` duplicates; else add it and return None."""
        key = exact_key(text)
        sig = signature(text)
        found = self.find(sig, key)
        if found is None:
            self.add(article_id, sig, key)
        return found
