"""A character CRF for PER/LOC/ORG whose features and decoding are numpy array work.

Why a CRF: jieba's dictionary tags are noisy (建立健全, 紫云 and 明白 are ``nr`` there) and
posseg is slow. A linear-chain CRF over characters, fed the segmentation the extract step
already made (the SAME tokens it counts: the text is never tokenized twice), the word's
dictionary tag, the gazetteer, the surname list, the title and organisation-suffix
lexicons and the names of the training set (``tasks/dicts/ner_names.txt``, matched longest
first; jackknifed in training, see :mod:`tasks.train_ner`), learns which of those signals
to trust.

Why numpy and not ``pycrfsuite.Tagger.tag``: profiling (pyinstrument over THUCNews)
showed that building one list of "name=value" strings per character in Python, and
crfsuite turning each string back into an attribute id, cost more than jieba's whole
segmentation (and the old code segmented every sentence a second time). Here every feature
is an integer computed for the whole text at once (code points, code-point pairs, per-token
tags spread over their characters with ``np.repeat``). The small templates index dense
tables; the character pairs are looked up in one sorted key array (``np.searchsorted``);
the emission scores are a sum of row gathers.

Decoding is Viterbi with separators (，。、 quotes, spaces: never inside a name) held at O.
That cuts the text into clauses, decoded together, one numpy step per character of the
longest clause. With nothing held it gives exactly crfsuite's labels (a test checks this);
holding the separators changed the spans of 4 of 60 THUCNews articles (人社部 instead of
下称“人社部”)部, 梁晓雯 without a trailing space; but an English org name with spaces
inside was cut too).

A second model of the same form, trained with synthetic name lists added
(``tasks/dicts/ner_crf_lists.model``), relabels only the stretches of text where the first
one's output shows names run together (:func:`list_stretches`).

Training still uses crfsuite (``python -m tasks.train_ner``, deterministic, a few minutes
on one core; never on the test files): the same integer features are written as ``"k:v"`` strings, and
the weights are read back from the crfsuite model file ``tasks/dicts/ner_crf.model``.
Loading needs ``python-crfsuite``; without it, or without the model file,
:func:`tag_entities` returns nothing and extract falls back to its rules.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from tasks import terms

MODEL_PATH = Path(__file__).resolve().parent / "dicts" / "ner_crf.model"
LABELS = ("PER", "LOC", "ORG")

_LOCK = threading.Lock()

# Sentence ends: character windows do not look across them (the model is trained on
# sentences, so a window that crosses one would show it contexts it never saw).
_SENT_END = "。！？!?\n；;"
# Characters are features by code point; everything outside the BMP shares one value, and
# two pseudo code points stand for "before / after the sentence".
_BOS = 0x10000
_EOS = 0x10001
_ASTRAL = 0x10002
_NCHAR = 0x10003
_PAIR = _NCHAR  # pair key = a * _PAIR + b
_KEY_SHIFT = 44  # key = template << 44 | value
_CN_NUMERALS = "〇零一二三四五六七八九十百千万亿两"

# Templates, in column order. Every character gets one value for each.
TEMPLATES = (
    "b",  # bias
    "c", "c-1", "c+1", "c-2", "c+2",
    "c-1c", "cc+1", "c-1c+1", "c-2c-1", "c+1c+2",
    "s",  # shape: Arabic digit, Chinese numeral, Han, letter, space, punctuation
    "wp",  # position in the token: B M E S
    "wt",  # token's dictionary tag
    "wpt",  # position + tag
    "wl",  # position + token length (capped at 5)
    "wc",  # position + lexicon class (title, gazetteer full/short name, org suffix)
    "sur",  # surname char, and whether it starts its token
    "aftT",  # a title token ends right before this token
    "befT",  # a title token starts right after this char
    "pwt",  # tag of the previous char's token + position
    "nwt",  # tag of the next char's token + position
    "surtok",  # the token starts with a surname: token length + position
    "list",  # 、/，/space two to four chars back or ahead (name lists)
    "name",  # longest match of a training-set name (tasks/dicts/ner_names.txt): type + B/M/E
)
_T = len(TEMPLATES)

_CLS = {"-": 0, "T": 1, "G": 2, "g": 3, "O": 4}
_POS = {"B": 0, "M": 1, "E": 2, "S": 3}


# Every tag jieba 0.42.1's dictionary and ours use, plus pos_of's shape tags. Fixed here (not
# read from the dictionaries) so a tag id never shifts under a trained model.
TAGS = (
    "a", "ad", "ag", "an", "b", "c", "d", "df", "dg", "e", "f", "g", "h", "i", "j", "k", "l", "m",
    "mg", "mq", "n", "ng", "nnt", "nr", "nrfg", "nrt", "ns", "nt", "nz", "o", "p", "q", "r", "rg",
    "rr", "rz", "s", "t", "tg", "u", "ud", "ug", "uj", "ul", "uv", "uz", "v", "vd", "vg", "vi", "vn",
    "vq", "x", "y", "z", "zg", "eng", "un",
)
_TAG_ID = {t: i for i, t in enumerate(TAGS)}
_NO_TAG = 63  # unknown tag, and "no token" before/after the text


def tag_id(tag: str) -> int:
    """A small fixed integer for a POS tag string."""
    return _TAG_ID.get(tag, _NO_TAG - 1)


class _Lex:
    """Tables the features look things up in (built once per process)."""

    def __init__(self) -> None:
        from tasks import places

        surnames = [s for s in terms.read_lines("surnames.txt") if len(s) == 1]
        self.titles = frozenset(terms.read_lines("titles.txt"))
        self.org_suffixes = frozenset(terms.read_lines("org_suffixes.txt"))
        self.max_suffix = max(len(t) for t in self.org_suffixes)
        self.gaz = places.gazetteer()
        # Per BMP code point: is it a surname, and its shape class.
        self.surname = np.zeros(_NCHAR, dtype=np.int8)
        for s in surnames:
            self.surname[ord(s)] = 1
        shape = np.full(_NCHAR, 5, dtype=np.int8)  # P
        shape[0x3400:0xA000] = 2  # H
        shape[_ASTRAL] = 2  # (CJK extensions B and later)
        for ch in _CN_NUMERALS:
            shape[ord(ch)] = 1  # C
        shape[ord("0")] = 0  # D (digits are normalized to 0)
        shape[ord("a")] = 3  # A (ASCII letters are normalized to a)
        for ch in " \t\r\n\u3000":
            shape[ord(ch)] = 4  # S
        self.shape = shape
        self.sent_end = np.zeros(_NCHAR, dtype=bool)
        for ch in _SENT_END:
            self.sent_end[ord(ch)] = True
        self.sep = np.zeros(_NCHAR, dtype=bool)
        for ch in "、，, \u3000":
            self.sep[ord(ch)] = True
        # Characters held at O while decoding (normalized code points: ，→, and so on):
        # separators, never inside a name. They cut the text into short pieces.
        self.decode_sep = np.zeros(_NCHAR, dtype=bool)
        for ch in "，。！？；：、,!?;:“”‘’\"\n\r\t \u3000":
            ch = chr(ord(ch) - 0xFEE0) if 0xFF01 <= ord(ch) <= 0xFF5E else ch
            self.decode_sep[ord(ch)] = True
        self.token_cache: dict[str, int] = {}

    def token_info(self, tok: str) -> int:
        """Tag id, lexicon class and surname-start flag of one token, packed, cached."""
        info = self.token_cache.get(tok)
        if info is not None:
            return info
        if tok in self.titles:
            cls = "T"
        elif self.gaz.full.get(tok):
            cls = "G"
        elif self.gaz.alias.get(tok):
            cls = "g"
        elif any(tok[-k:] in self.org_suffixes for k in range(1, min(len(tok), self.max_suffix) + 1)):
            cls = "O"
        else:
            cls = "-"
        first = ord(tok[0]) if tok else 0
        sur = int(self.surname[first]) if first < _NCHAR else 0
        info = 1 << 12 | tag_id(terms.pos_of(tok)) << 4 | _CLS[cls] << 1 | sur  # never 0
        if len(self.token_cache) > 200_000:
            self.token_cache.clear()  # bounded: a long run meets many one-off tokens
        self.token_cache[tok] = info
        return info


class NameLex:
    """Longest-match lookup of a name list (name → small positive type id) in a text.

    Candidate starts are found in numpy (a hash of the first two characters' code points
    hits a bit table of the names' first pairs); only those are tried in Python, longest
    name first, left to right.
    """

    _HASH_BITS = 20

    def __init__(self, names: dict[str, int]) -> None:
        self.names = {k: v for k, v in names.items() if len(k) >= 2}
        by2: dict[str, set[int]] = {}
        for nm in self.names:
            by2.setdefault(nm[:2], set()).add(len(nm))
        self.by2 = {k: tuple(sorted(v, reverse=True)) for k, v in by2.items()}
        self.hit = np.zeros(1 << self._HASH_BITS, dtype=bool)
        if by2:
            a = np.array([ord(k[0]) for k in by2], dtype=np.int64)
            b = np.array([ord(k[1]) for k in by2], dtype=np.int64)
            self.hit[self._hash(a, b)] = True

    @classmethod
    def _hash(cls, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return (a * 40503 + b) & ((1 << cls._HASH_BITS) - 1)

    def match(self, text: str, raw: np.ndarray) -> np.ndarray:
        """Per char: 0, or type * 4 + position (1 B, 2 M, 3 E) of the match covering it
        (``raw``: the text's code points, not normalized)."""
        n = len(text)
        out = np.zeros(n, dtype=np.int64)
        if n < 2 or not self.by2:
            return out
        cand = np.flatnonzero(self.hit[self._hash(raw[:-1], raw[1:])])
        nxt = 0
        names, by2 = self.names, self.by2
        found: list[tuple[int, int, int]] = []
        for i in cand.tolist():
            if i < nxt:
                continue
            for L in by2.get(text[i : i + 2], ()):
                t = names.get(text[i : i + L])
                if t and i + L <= n:
                    found.append((i, i + L, t))
                    nxt = i + L
                    break
        if found:
            s, e, t = (np.array(x, dtype=np.int64) for x in zip(*found, strict=True))
            lens = e - s
            pos = np.arange(int(lens.sum())) - np.repeat(np.cumsum(lens) - lens, lens)
            code = np.where(pos == 0, 1, np.where(pos == np.repeat(lens, lens) - 1, 3, 2))
            out[np.repeat(s, lens) + pos] = np.repeat(t, lens) * 4 + code
        return out


NAMES_PATH = Path(__file__).resolve().parent / "dicts" / "ner_names.txt"
NAME_TYPES = {"PER": 1, "LOC": 2, "ORG": 3}
_NAMES: NameLex | None = None
_NAMES_LOADED = False


def read_names(path: Path) -> dict[str, int]:
    out: dict[str, int] = {}
    if path.exists():
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                name, _, typ = line.rstrip("\n").partition("\t")
                if name and not name.startswith("#") and typ in NAME_TYPES:
                    out[name] = NAME_TYPES[typ]
    return out


def names() -> NameLex:
    """The shipped training-set name list (``tasks/dicts/ner_names.txt``), loaded once."""
    global _NAMES, _NAMES_LOADED
    if not _NAMES_LOADED:
        with _LOCK:
            if not _NAMES_LOADED:
                _NAMES = NameLex(read_names(NAMES_PATH))
                _NAMES_LOADED = True
    assert _NAMES is not None
    return _NAMES


def set_names(lexicon: NameLex | None) -> None:
    """Use ``lexicon`` instead of the shipped name list (cross-validation); None reloads."""
    global _NAMES, _NAMES_LOADED
    with _LOCK:
        _NAMES, _NAMES_LOADED = lexicon, lexicon is not None


_LEXICON: _Lex | None = None


def lex() -> _Lex:
    global _LEXICON
    if _LEXICON is None:
        with _LOCK:
            if _LEXICON is None:
                _LEXICON = _Lex()
    return _LEXICON


def code_points(text: str) -> np.ndarray:
    """Normalized code points, one per character of ``text`` (offsets are kept).

    Full-width ASCII (MSRA's ``１９９７``, ``ＷＴＯ``) maps to half-width, the ideographic
    space to a space, every digit to ``0`` and every ASCII letter to ``a``.
    """
    return _normalize(raw_code_points(text))


def raw_code_points(text: str) -> np.ndarray:
    """The code points of ``text``, as they are (int64)."""
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)


def _normalize(raw: np.ndarray) -> np.ndarray:
    cp = raw.copy()
    fw = (cp >= 0xFF01) & (cp <= 0xFF5E)
    cp[fw] -= 0xFEE0
    cp[cp == 0x3000] = 0x20
    cp[(cp >= 0x30) & (cp <= 0x39)] = 0x30
    cp[((cp >= 0x41) & (cp <= 0x5A)) | ((cp >= 0x61) & (cp <= 0x7A))] = 0x61
    cp[cp >= 0x10000] = _ASTRAL
    return cp


def feature_matrix(text: str, tokens: Sequence[str], name_lex: NameLex | None = None) -> np.ndarray:
    """(len(text), len(TEMPLATES)) int64 feature values; ``tokens`` must tile ``text``.

    ``name_lex``: the name list for the ``name`` template (default: the shipped one)."""
    lx = lex()
    n = len(text)
    raw = raw_code_points(text)
    cp = _normalize(raw)
    # Sentence ids: windows are cut at sentence ends (the end char belongs to its sentence).
    end = lx.sent_end[cp]
    sid = np.zeros(n, dtype=np.int64)
    if n > 1:
        np.cumsum(end[:-1], out=sid[1:])

    def shifted(k: int) -> np.ndarray:
        out = np.full(n, _BOS if k < 0 else _EOS, dtype=np.int64)
        if k < 0 and n + k > 0:
            src, dst = slice(0, n + k), slice(-k, n)
        elif k > 0 and n - k > 0:
            src, dst = slice(k, n), slice(0, n - k)
        else:
            return out
        same = sid[src] == sid[dst]
        out[dst] = np.where(same, cp[src], _BOS if k < 0 else _EOS)
        return out

    cm2, cm1, cp1, cp2 = shifted(-2), shifted(-1), shifted(1), shifted(2)

    # Per-token values spread over their characters.
    lens = np.array(list(map(len, tokens)), dtype=np.int64)
    if int(lens.sum()) != n:
        raise ValueError("tokens do not tile the text")
    packed = list(map(lx.token_cache.get, tokens))
    if None in packed:
        packed = [p if p is not None else lx.token_info(t) for p, t in zip(packed, tokens, strict=True)]
    info = np.array(packed, dtype=np.int64)
    tok_of = np.repeat(np.arange(len(tokens)), lens)
    starts = np.cumsum(lens) - lens
    k = np.arange(n) - starts[tok_of]
    L = lens[tok_of]
    wp = np.where(L == 1, 3, np.where(k == 0, 0, np.where(k == L - 1, 2, 1)))
    tinfo = info[tok_of]
    tag = (tinfo >> 4) & 63
    cls = (tinfo >> 1) & 7
    surtok = tinfo & 1
    wlen = np.minimum(L, 5)
    is_start = (wp == 0) | (wp == 3)
    is_end = (wp == 2) | (wp == 3)
    tag_m1 = np.empty(n, dtype=np.int64)
    tag_p1 = np.empty(n, dtype=np.int64)
    if n:
        tag_m1[0] = _NO_TAG
        tag_m1[1:] = tag[:-1]
        tag_p1[-1] = _NO_TAG
        tag_p1[:-1] = tag[1:]
    cls_m1 = np.zeros(n, dtype=np.int64)
    cls_p1 = np.zeros(n, dtype=np.int64)
    wp_p1 = np.full(n, 3, dtype=np.int64)
    if n > 1:
        cls_m1[1:] = cls[:-1]
        cls_p1[:-1] = cls[1:]
        wp_p1[:-1] = wp[1:]
    aft = (is_start & (cls_m1 == _CLS["T"])).astype(np.int64)
    bef = (is_end & (cls_p1 == _CLS["T"]) & ((wp_p1 == 0) | (wp_p1 == 3))).astype(np.int64)
    sur = lx.surname[cp].astype(np.int64) * (1 + is_start)
    # Name lists: a separator 2-4 chars back / ahead (钟得志、王周华、朱东).
    sep = lx.sep[cp]
    back = np.zeros(n, dtype=np.int64)
    ahead = np.zeros(n, dtype=np.int64)
    for d in (3, 2, 1):  # nearest separator wins
        if n > d:
            back[d:] = np.where(sep[:-d], d, back[d:])
            ahead[:-d] = np.where(sep[d:], d, ahead[:-d])
    lst = back * 8 + ahead

    # Training-set names (jackknifed in training: see tasks/train_ner.py).
    namev = (name_lex or names()).match(text, raw)

    F = np.empty((n, _T), dtype=np.int64)
    F[:, 0] = 0
    F[:, 1] = cp
    F[:, 2] = cm1
    F[:, 3] = cp1
    F[:, 4] = cm2
    F[:, 5] = cp2
    F[:, 6] = cm1 * _PAIR + cp
    F[:, 7] = cp * _PAIR + cp1
    F[:, 8] = cm1 * _PAIR + cp1
    F[:, 9] = cm2 * _PAIR + cm1
    F[:, 10] = cp1 * _PAIR + cp2
    F[:, 11] = lx.shape[cp]
    F[:, 12] = wp
    F[:, 13] = tag
    F[:, 14] = wp << 6 | tag
    F[:, 15] = wp * 8 + wlen
    F[:, 16] = wp * 8 + cls
    F[:, 17] = sur
    F[:, 18] = aft
    F[:, 19] = bef
    F[:, 20] = tag_m1 << 2 | wp
    F[:, 21] = tag_p1 << 2 | wp
    F[:, 22] = surtok * (wp * 8 + wlen + 1)
    F[:, 23] = lst
    F[:, 24] = namev
    return F


def feature_strings(F: np.ndarray) -> list[list[str]]:
    """The crfsuite attribute strings (``"k:v"``) of a feature matrix, for training."""
    return [[f"{j}:{v}" for j, v in enumerate(row)] for row in F.tolist()]


# Templates whose values are small enough for a dense table (value → weight row); the
# character-pair templates are looked up by binary search instead.
_SPARSE = frozenset(j for j, name in enumerate(TEMPLATES) if name in ("c-1c", "cc+1", "c-1c+1", "c-2c-1", "c+1c+2"))
_DENSE_SIZE = tuple(0 if j in _SPARSE else _NCHAR if name in ("c", "c-1", "c+1", "c-2", "c+2") else 512 for j, name in enumerate(TEMPLATES))


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
        self.dense_cols = np.array([j for j in range(_T) if j not in _SPARSE], dtype=np.int64)
        self.sparse_cols = np.array(sorted(_SPARSE), dtype=np.int64)
        offsets = np.cumsum([0, *_DENSE_SIZE])
        self.dense_off = offsets[self.dense_cols]
        self.dense = np.zeros(int(offsets[-1]), dtype=np.int32)
        skeys: list[tuple[int, int]] = []
        for (j, v), r in rows.items():
            if j in _SPARSE:
                skeys.append((j << _KEY_SHIFT | v, r))
            elif 0 <= v < _DENSE_SIZE[j]:
                self.dense[offsets[j] + v] = r
        skeys.sort()
        self.skeys = np.array([k for k, _ in skeys] + [np.iinfo(np.int64).max], dtype=np.int64)
        self.srows = np.array([r for _, r in skeys] + [0], dtype=np.int32)
        self.sparse_shift = self.sparse_cols << _KEY_SHIFT
        self.trans = np.zeros((L, L))
        for (a, b), w in info.transitions.items():
            self.trans[li[a], li[b]] = w
        self.n_features = len(rows)

    def emissions(self, F: np.ndarray) -> np.ndarray:
        n = F.shape[0]
        R = np.empty((n, _T), dtype=np.int32)
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


# The same CRF trained with synthetic name lists added (see tasks.train_ner): it reads
# 李鹏乔石李瑞环 as three names, but costs plain text 0.01-0.02 of person F1, so it is
# asked only about the stretches where the plain model's output shows such a list.
def list_model_path(model_path: Path) -> Path:
    """Where the list model trained beside ``model_path`` lives (ner_crf_lists.model)."""
    return model_path.with_name(model_path.stem + "_lists" + model_path.suffix)


LIST_MODEL_PATH = list_model_path(MODEL_PATH)

_MODEL: CRF | None = None
_LIST_MODEL: CRF | None = None
_MODEL_LOADED = False


def _load(path: Path) -> CRF | None:
    if not path.exists():
        return None
    try:
        return CRF(path)
    except ImportError:
        return None


def model() -> CRF | None:
    """The shipped model, loaded once; None when it or python-crfsuite is missing."""
    global _MODEL, _LIST_MODEL, _MODEL_LOADED
    if not _MODEL_LOADED:
        with _LOCK:
            if not _MODEL_LOADED:
                _MODEL = _load(MODEL_PATH)
                _LIST_MODEL = _load(LIST_MODEL_PATH)
                _MODEL_LOADED = True
    return _MODEL


def list_model() -> CRF | None:
    """The list-trained model (None when not shipped); loaded with :func:`model`."""
    model()
    return _LIST_MODEL


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


def _is_chinese_name_start(text: str, i: int) -> bool:
    c = ord(text[i])
    return c < _NCHAR and bool(lex().surname[c])


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
            if e - s >= 5 and "·" not in text[s:e] and _is_chinese_name_start(text, s):
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


def model_available() -> bool:
    return model() is not None


def tag_entities(text: str, tokens: Sequence[str] | None = None) -> list[tuple[str, int, int]]:
    """(label, start, end) spans the CRF finds in ``text``; [] when no model is shipped.

    ``tokens`` is the segmentation of ``text`` the caller already has (they must tile it);
    without it the text is tokenized here.
    """
    m = model()
    if m is None or not text:
        return []
    if tokens is None:
        tokens = terms.tokenize(text)
    F = feature_matrix(text, tokens)
    spans = m.spans(F)
    lm = list_model()
    if lm is None:
        return spans
    for a, b in list_stretches(text, spans):
        inside = [(typ, a + s, a + e) for typ, s, e in lm.spans(F[a:b])]
        # Names run together can only be read apart by their surnames (or a ·): the
        # list model's other "people" there (张家辉|力撑|周星驰, a headline) are none.
        inside = [x for x in inside if x[0] != "PER" or _is_chinese_name_start(text, x[1]) or "·" in text[x[1] : x[2]]]
        if _reads_as_list(text, a, b, inside):
            spans = [x for x in spans if x[2] <= a or x[1] >= b] + inside
    return sorted(spans, key=lambda x: x[1])


LIST_COVER = 0.8  # share of a stretch that must be names for the list model's reading to stand


def _reads_as_list(text: str, a: int, b: int, spans: Sequence[tuple[str, int, int]]) -> bool:
    """Is the list model's reading of ``text[a:b]`` a list: three or more people covering
    most of it (not 胡锦涛|抵俄|出席上合峰会, a headline that ran words together)."""
    people = [e - s for typ, s, e in spans if typ == "PER"]
    marks = sum(3 * text.count(mark, a, b) for mark in _FEMALE_MARKS)
    return len(people) >= 3 and sum(people) >= LIST_COVER * (b - a - marks)
