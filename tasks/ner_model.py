"""A small character CRF for PER/LOC/ORG, with lexicon features from our own tables.

Why a CRF: jieba's dictionary tags are noisy (建立健全, 紫云 and 明白 are ``nr`` there) and
posseg is slow. A linear-chain CRF over characters, fed the segmentation of our isolated
tokenizer, the word's dictionary tag, the gazetteer, the surname list and the title and
organisation-suffix lexicons, learns which of those signals to trust. It trains in about a
minute on CPU from the two training sets in ``shared/corpora`` (``python -m tasks.train_ner``;
never on the test files) and ships as ``tasks/dicts/ner_crf.model`` (~1-3 MB).

Tagging needs ``python-crfsuite`` (a manylinux wheel). Without it, or without the model
file, :func:`tag_entities` returns nothing and extract falls back to its rules.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterator, Sequence
from pathlib import Path

from tasks import terms

MODEL_PATH = Path(__file__).resolve().parent / "dicts" / "ner_crf.model"
LABELS = ("PER", "LOC", "ORG")

_LOCK = threading.Lock()
# Sentences are tagged one at a time; this splits long texts at sentence ends so the CRF
# never sees more than a few hundred characters (it is linear, but features are per char).
_SENT_SPLIT = re.compile(r"[^。！？!?\n；;]*[。！？!?\n；;]?")


def _shape(ch: str) -> str:
    if ch.isdigit() or ch in "０１２３４５６７８９〇零一二三四五六七八九十百千万亿两":
        return "D" if ch.isdigit() else "C"  # Arabic vs Chinese numeral
    o = ord(ch)
    if 0x3400 <= o <= 0x9FFF or 0x20000 <= o <= 0x2FFFF:
        return "H"
    if ch.isalpha():
        return "A"
    if ch.isspace():
        return "S"
    return "P"


def _norm(ch: str) -> str:
    ch = unicodedata.normalize("NFKC", ch) or ch
    if ch.isdigit():
        return "0"
    if ch.isascii() and ch.isalpha():
        return "a"
    return ch


class _Lex:
    """Sets the features look things up in (built once per process)."""

    def __init__(self) -> None:
        from tasks import places

        self.surnames = frozenset(terms.read_lines("surnames.txt"))
        self.titles = sorted(set(terms.read_lines("titles.txt")), key=len, reverse=True)
        self.title_set = frozenset(self.titles)
        self.org_suffixes = frozenset(terms.read_lines("org_suffixes.txt"))
        self.gaz = places.gazetteer()
        self.max_title = max(len(t) for t in self.titles)
        self.max_suffix = max(len(t) for t in self.org_suffixes)


_LEXICON: _Lex | None = None


def lex() -> _Lex:
    global _LEXICON
    if _LEXICON is None:
        with _LOCK:
            if _LEXICON is None:
                _LEXICON = _Lex()
    return _LEXICON


def _word_features(text: str, tokens: Sequence[str]) -> list[tuple[str, str, int, str]]:
    """Per char: (position in word B/M/E/S, word tag, word length, lexicon class)."""
    lx = lex()
    out: list[tuple[str, str, int, str]] = []
    for tok in tokens:
        n = len(tok)
        tag = terms.pos_of(tok)
        if tok in lx.title_set:
            cls = "T"
        elif lx.gaz.full.get(tok):
            cls = "G"
        elif lx.gaz.alias.get(tok):
            cls = "g"
        elif tok in lx.org_suffixes or any(tok[-k:] in lx.org_suffixes for k in range(2, min(len(tok), lx.max_suffix) + 1)):
            cls = "O"
        else:
            cls = "-"
        for k in range(n):
            pos = "S" if n == 1 else "B" if k == 0 else "E" if k == n - 1 else "M"
            out.append((pos, tag, min(n, 5), cls))
    return out


def sentence_features(text: str, tokens: Sequence[str] | None = None) -> list[list[str]]:
    """CRF features for every character of ``text`` (one sentence)."""
    lx = lex()
    if tokens is None:
        tokens = terms.tokenize(text)
    wf = _word_features(text, tokens)
    chars = [_norm(c) for c in text]
    shapes = [_shape(c) for c in text]
    n = len(text)
    # Does a title end right before i (市委书记|李宏庆)? Does one start right after i?
    title_end_before = [False] * (n + 1)
    for i in range(2, n + 1):
        for L in range(2, min(lx.max_title, i) + 1):
            if text[i - L : i] in lx.title_set:
                title_end_before[i] = True
                break
    feats: list[list[str]] = []
    pad = ["<s>", "<s>"] + chars + ["</s>", "</s>"]
    for i in range(n):
        j = i + 2
        c = pad[j]
        pos, tag, wlen, cls = wf[i] if i < len(wf) else ("S", "x", 1, "-")
        f = [
            "b",
            "c=" + c,
            "c-1=" + pad[j - 1],
            "c+1=" + pad[j + 1],
            "c-2=" + pad[j - 2],
            "c+2=" + pad[j + 2],
            "c-1c=" + pad[j - 1] + c,
            "cc+1=" + c + pad[j + 1],
            "c-1c+1=" + pad[j - 1] + pad[j + 1],
            "c-2c-1=" + pad[j - 2] + pad[j - 1],
            "c+1c+2=" + pad[j + 1] + pad[j + 2],
            "s=" + shapes[i],
            "wp=" + pos,
            "wt=" + tag,
            "wpt=" + pos + tag,
            "wl=" + pos + str(wlen),
            "wc=" + pos + cls,
        ]
        if c in lx.surnames:
            f.append("sur")
            if pos in ("B", "S"):
                f.append("surB")
        if title_end_before[i]:
            f.append("aftT")
        if i + 1 < n and i + 1 < len(wf) and wf[i + 1][3] == "T" and wf[i + 1][0] in ("B", "S"):
            f.append("befT")
        if i > 0 and i - 1 < len(wf):
            f.append("pwt=" + wf[i - 1][1] + "|" + pos)
        if i + 1 < len(wf):
            f.append("nwt=" + wf[i + 1][1] + "|" + pos)
        feats.append(f)
    return feats


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


def sentences(text: str) -> Iterator[tuple[int, str]]:
    """(offset, sentence) pieces of ``text``, split after sentence-final punctuation."""
    for m in _SENT_SPLIT.finditer(text):
        if m.group(0):
            s = m.group(0)
            # Very long run-on "sentences" (003 drops punctuation) split at commas too.
            if len(s) > 300:
                off = m.start()
                for part in re.finditer(r"[^，,]*[，,]?", s):
                    if part.group(0):
                        yield off + part.start(), part.group(0)
            else:
                yield m.start(), s


class _Tagger:
    def __init__(self) -> None:
        self.tagger = None
        if MODEL_PATH.exists():
            try:
                import pycrfsuite

                t = pycrfsuite.Tagger()
                t.open(str(MODEL_PATH))
                self.tagger = t
            except ImportError:
                self.tagger = None


_TAGGER: _Tagger | None = None
_TAGGER_LOCK = threading.Lock()


def _tagger() -> _Tagger:
    global _TAGGER
    if _TAGGER is None:
        with _LOCK:
            if _TAGGER is None:
                _TAGGER = _Tagger()
    return _TAGGER


def model_available() -> bool:
    return _tagger().tagger is not None


def tag_entities(text: str) -> list[tuple[str, int, int]]:
    """(label, start, end) spans the CRF finds in ``text``; [] when no model is shipped."""
    t = _tagger().tagger
    if t is None:
        return []
    out: list[tuple[str, int, int]] = []
    for off, sent in sentences(text):
        if not sent.strip() or not re.search(r"[\u3400-\u9fff]", sent):
            continue
        feats = sentence_features(sent)
        with _TAGGER_LOCK:  # a crfsuite Tagger is not thread-safe
            labels = t.tag(feats)
        out.extend((typ, off + s, off + e) for typ, s, e in bio_to_spans(labels))
    return out
