"""The NER model's features, as integer arrays computed for a whole text at once.

Per character: its code point and neighbours, code-point pairs, the token's dictionary
tag spread over its characters, the gazetteer, surname, title and organisation-suffix
lexicons, and the longest training-set name match (``ner_names.txt``). Never builds a
Python string per feature: that cost more than the segmentation itself.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from tasks.extract import tokenizer as terms

_LOCK = threading.Lock()


# Sentence ends: character windows do not look across them (the model is trained on
# sentences, so a window that crosses one would show it contexts it never saw).
_SENT_END = "。！？!?\n；;"


# Characters are features by code point; everything outside the BMP shares one value, and
# two pseudo code points stand for "before / after the sentence".
_BOS = 0x10000


_EOS = 0x10001


_ASTRAL = 0x10002


NCHAR = 0x10003


_PAIR = NCHAR  # pair key = a * _PAIR + b


KEY_SHIFT = 44  # key = template << 44 | value


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
    "name",  # longest match of a training-set name (tasks/extract/ner/ner_names.txt): type + B/M/E
)


TEMPLATE_INDEX = len(TEMPLATES)


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
        from tasks.extract import gazetteer as places

        surnames = [s for s in terms.read_lines("surnames.txt") if len(s) == 1]
        self.titles = frozenset(terms.read_lines("titles.txt"))
        self.org_suffixes = frozenset(terms.read_lines("org_suffixes.txt"))
        self.max_suffix = max(len(t) for t in self.org_suffixes)
        self.gaz = places.gazetteer()
        # Per BMP code point: is it a surname, and its shape class.
        self.surname = np.zeros(NCHAR, dtype=np.int8)
        for s in surnames:
            self.surname[ord(s)] = 1
        shape = np.full(NCHAR, 5, dtype=np.int8)  # P
        shape[0x3400:0xA000] = 2  # H
        shape[_ASTRAL] = 2  # (CJK extensions B and later)
        for ch in _CN_NUMERALS:
            shape[ord(ch)] = 1  # C
        shape[ord("0")] = 0  # D (digits are normalized to 0)
        shape[ord("a")] = 3  # A (ASCII letters are normalized to a)
        for ch in " \t\r\n\u3000":
            shape[ord(ch)] = 4  # S
        self.shape = shape
        self.sent_end = np.zeros(NCHAR, dtype=bool)
        for ch in _SENT_END:
            self.sent_end[ord(ch)] = True
        self.sep = np.zeros(NCHAR, dtype=bool)
        for ch in "、，, \u3000":
            self.sep[ord(ch)] = True
        # Characters held at O while decoding (normalized code points: ，→, and so on):
        # separators, never inside a name. They cut the text into short pieces.
        self.decode_sep = np.zeros(NCHAR, dtype=bool)
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
        sur = int(self.surname[first]) if first < NCHAR else 0
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


NAMES_PATH = Path(__file__).resolve().parent / "ner_names.txt"


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
    """The shipped training-set name list (``tasks/extract/ner/ner_names.txt``), loaded once."""
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

    F = np.empty((n, TEMPLATE_INDEX), dtype=np.int64)
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
