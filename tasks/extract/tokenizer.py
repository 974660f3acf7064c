"""Segmentation, term counts and TF-IDF keywords for the extract step.

Everything here runs on one ISOLATED ``jieba.Tokenizer`` that carries our versioned
domain dictionaries (``tasks/extract/dicts``) and the gazetteer's full place names; the global
``jieba.dt`` is never touched, so tests and other steps cannot leak words into us.

Part of speech comes from a dictionary lookup, not from ``jieba.posseg``: posseg runs an
HMM over the whole text and is ~7x slower than ``lcut`` (perf-baselines §3). A word that
is in no dictionary gets a shape tag (``m`` numeral, ``eng``, ``x`` punctuation) or ``un``;
the extract step overrides tags of words it recognised as entities (nr/ns/nt).
"""

from __future__ import annotations

import hashlib
import heapq
import logging
import math
import re
import threading
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache, partial
from operator import itemgetter
from pathlib import Path

import jieba

from tasks.extract.segment import Segmenter
from tasks.model import Keyword, TermCount

# jieba announces loading its dictionary on stderr at every start: noise in `newsflow
# extract`'s output, in every worker and in the Prefect logs.
jieba.setLogLevel(logging.WARNING)

DICT_DIR = Path(__file__).resolve().parent / "dicts"
# The NER model, its name lists and its not-organisation list: written by its training.
NER_DIR = Path(__file__).resolve().parent / "ner"
NER_FILES = ("ner_crf.model", "ner_crf_lists.model", "ner_names.txt", "ner_not_orgs.txt")
_JIEBA_DIR = Path(jieba.__file__).resolve().parent

# Numerals in any script: Arabic (half/full width), Chinese digits and units, decimals.
_NUMERAL_RE = re.compile(r"^[0-9０-９.．,，%％〇零一二三四五六七八九十百千万亿两点几多余第]+$")
_HAS_DIGIT_RE = re.compile(r"[0-9０-９]")
_LATIN_RE = re.compile(r"^[A-Za-zＡ-Ｚａ-ｚ][A-Za-zＡ-Ｚａ-ｚ0-9０-９._\-]*$")
_CJK_RE = re.compile(r"[\u3400-\u9fff\U00020000-\U0002ffff]")


def read_lines(name: str | Path) -> list[str]:
    """Non-empty, non-comment lines of ``tasks/extract/dicts/<name>`` (or of a path)."""
    out = []
    with open(DICT_DIR / name, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if line.strip() and not line.lstrip().startswith("#"):
                out.append(line)
    return out


def _hash_files(paths: Iterable[Path]) -> str:
    h = hashlib.sha256()
    for p in sorted(paths, key=lambda p: p.name):
        h.update(p.name.encode())
        h.update(b"\0")
        h.update(p.read_bytes())
        h.update(b"\0")
    return h.hexdigest()[:16]


def dict_files() -> list[Path]:
    """Every data file that changes what extract outputs: our dicts, model, gazetteer."""
    from tasks.extract import gazetteer as places  # local import: places imports this module

    files = [p for p in DICT_DIR.iterdir() if p.is_file() and not p.name.startswith(".")]
    files += [NER_DIR / name for name in NER_FILES if (NER_DIR / name).is_file()]
    files.append(places.gazetteer_path())
    return files


@lru_cache(maxsize=1)
def dict_version() -> str:
    """sha256 (16 hex) over the dictionaries, the NER model and lists, and the gazetteer."""
    return _hash_files(dict_files())


# ------------------------------------------------------------------ tokenizer

_LOCK = threading.Lock()


class _Lexicon:
    """The isolated tokenizer plus the word -> POS table, built once per process."""

    def __init__(self) -> None:
        from tasks.extract import gazetteer as places

        tk = jieba.Tokenizer()
        tk.initialize()
        tags: dict[str, str] = {}
        # jieba's own dictionary carries a tag on every line; read it directly so we
        # need neither posseg nor the global tokenizer.
        with open(_JIEBA_DIR / "dict.txt", encoding="utf-8") as fh:
            for line in fh:
                parts = line.split()
                if len(parts) >= 3:
                    tags[parts[0]] = parts[2]
        for line in read_lines("policy_terms.txt"):
            word, freq, tag = (line.split() + ["", ""])[:3]
            tk.add_word(word, int(freq) if freq else None, tag or None)
            tags[word] = tag or "n"
        # Full division names (镇原县, 紫云苗族布依族自治县) and named regions are safe
        # to add: they are never common words. Short aliases (镇原) are not added, since
        # some are ordinary words (和平, 城关).
        for name in places.full_place_names():
            if name not in tk.FREQ or tags.get(name) != "ns":
                tk.add_word(name, max(tk.FREQ.get(name, 0), 2000), "ns")
            tags[name] = "ns"
        for line in read_lines("titles.txt"):
            if line not in tk.FREQ:
                tk.add_word(line, 500, "nnt")
                tags[line] = "nnt"
        self.tokenizer = tk
        self.segmenter = Segmenter(tk)  # after the last add_word: it snapshots the dictionary
        self.tags = tags
        self.freq = tk.FREQ
        self.stopwords = frozenset(read_lines("stopwords.txt"))


_LEX: _Lexicon | None = None


def lexicon() -> _Lexicon:
    """The process-wide read-only lexicon (lazy: importing this module costs nothing)."""
    global _LEX
    if _LEX is None:
        with _LOCK:
            if _LEX is None:
                _LEX = _Lexicon()
    return _LEX


# As for the gazetteer's place names: a known name outweighs any split of it (钟|得志).
CORPUS_NAME_FREQ = 2000


def tokenize(text: str, people: frozenset[str] = frozenset()) -> list[str]:
    """``lcut`` on the isolated tokenizer (HMM on, so unseen names stay whole).

    ``people``: names discovered in the corpus (:func:`tasks.extract.entities.corpus_people`),
    added as words, so 钟得志 stays one token where the dictionaries alone give 钟|得志.
    Computed by :class:`tasks.extract.segment.Segmenter`: the same tokens, about twice as fast.
    """
    return _segmenter(people).lcut(text)


@lru_cache(maxsize=2)
def _segmenter(people: frozenset[str]) -> Segmenter:
    base = lexicon().segmenter
    return base.with_words(sorted(people), CORPUS_NAME_FREQ) if people else base


@lru_cache(maxsize=4)
def versioned(people: frozenset[str]) -> str:
    """The dictionary version of rows extracted with ``people``: :func:`dict_version`,
    plus a hash of the names when there are any (``0f3c…+9a1b2c3d``)."""
    if not people:
        return dict_version()
    names = hashlib.sha256("\n".join(sorted(people)).encode()).hexdigest()[:8]
    return f"{dict_version()}+{names}"


@lru_cache(maxsize=1 << 16)
def pos_of(word: str) -> str:
    """Dictionary POS for ``word``; a shape tag when it is in no dictionary."""
    tag = lexicon().tags.get(word)
    if tag:
        return tag
    if not any(ch.isalnum() for ch in word):
        return "x"  # punctuation and symbols (jieba's own tag for them)
    if _NUMERAL_RE.match(word) or (_HAS_DIGIT_RE.search(word) and not _CJK_RE.search(word)):
        return "m"
    if _LATIN_RE.match(word):
        return "eng"
    if not _CJK_RE.search(word):
        return "x"
    return "un"


# jieba's tags for names of people, places and organisations.
_NAME_TAGS = frozenset({"nr", "nrt", "nrfg", "ns", "nt"})


def term_counts(
    tokens: Sequence[str], names: Mapping[str, str] | None = None
) -> tuple[TermCount, ...]:
    """Every token except whitespace, counted per (term, pos).

    ``names`` maps the tokens extract found as a person, place or organisation to their
    tag (nr, ns, nt); only they keep a name tag. jieba's dictionary tags 72,842 words
    ``nr``, among them 建立健全, 明白 and 季后赛, and 城市 ``ns``: a name tag the article
    does not confirm becomes ``n``, so ``pos = 'nr'`` selects people, not such words.
    """
    names = names or {}
    # Count tokens first, then tag each distinct token once (a term has one POS here).
    c = Counter(tokens)
    tags = lexicon().tags
    rows = []
    for tok, n in c.items():
        p = names.get(tok) or tags.get(tok)
        if p is None:
            if not tok.strip():
                continue
            p = pos_of(tok)
        elif p in _NAME_TAGS and tok not in names:
            p = "n"
        rows.append((tok, p, n))
    # Most frequent first, then by term (each term is one row: its POS never decides);
    # two sorts on plain keys, the second stable, instead of a key tuple per row.
    rows.sort(key=itemgetter(0))
    rows.sort(key=itemgetter(2), reverse=True)
    return tuple(map(_term_count, rows))


# TermCount from a (term, pos, n) tuple without a Python call per row (TermCount._make is one)
_term_count = partial(tuple.__new__, TermCount)


# ------------------------------------------------------------------- keywords


class _JiebaIdf:
    def __init__(self) -> None:
        idf: dict[str, float] = {}
        with open(_JIEBA_DIR / "analyse" / "idf.txt", encoding="utf-8") as fh:
            for line in fh:
                parts = line.split()
                if len(parts) == 2:
                    idf[parts[0]] = float(parts[1])
        vals = sorted(idf.values())
        self.idf = idf
        self.median = vals[len(vals) // 2]


_IDF: _JiebaIdf | None = None


def jieba_idf() -> _JiebaIdf:
    global _IDF
    if _IDF is None:
        with _LOCK:
            if _IDF is None:
                _IDF = _JiebaIdf()
    return _IDF


_KEYWORD_POS_EXCLUDED = frozenset({"m", "x", "w", "u", "p", "c", "uj", "ul", "uz", "ug", "uv", "ud", "r", "d", "q", "mq", "e", "y", "o", "f"})


_CANDIDATE_CACHE: dict[tuple[str, str], bool] = {}


def is_keyword_candidate(term: str, pos: str) -> bool:
    """Keywords are content words: no numerals, punctuation, stopwords or single chars."""
    key = (term, pos)
    hit = _CANDIDATE_CACHE.get(key)
    if hit is None:
        hit = _is_keyword_candidate(term, pos)
        if len(_CANDIDATE_CACHE) > 200_000:
            _CANDIDATE_CACHE.clear()  # bounded: long runs meet many one-off terms
        _CANDIDATE_CACHE[key] = hit
    return hit


def _is_keyword_candidate(term: str, pos: str) -> bool:
    if len(term) < 2 or not _CJK_RE.search(term) and pos != "eng":
        return False
    if pos in _KEYWORD_POS_EXCLUDED or _NUMERAL_RE.match(term) or _HAS_DIGIT_RE.search(term):
        return False
    return term not in lexicon().stopwords


def keywords_from_terms(
    terms: Sequence[TermCount], idf: Mapping[str, float] | None, *, top_k: int = 10
) -> tuple[Keyword, ...]:
    """TF-IDF keywords from term counts.

    ``idf`` is the warehouse's own IDF (from ``term_counts``) when given; a term it lacks
    falls back to jieba's IDF table, then to that table's median (jieba's own rule).
    Ties break on the term so the result is deterministic.
    """
    tf: dict[str, int] = {}
    total = 0
    cached = _CANDIDATE_CACHE.get
    for term, pos, n in terms:
        total += n
        candidate = cached((term, pos))
        if candidate is None:
            candidate = is_keyword_candidate(term, pos)
        if candidate:
            tf[term] = tf.get(term, 0) + n
    if not tf or total <= 0:
        return ()
    fallback = jieba_idf()
    fallback_idf, median = fallback.idf.get, fallback.median
    corpus_idf = idf.get if idf is not None else None
    scored = []
    for term, n in tf.items():
        w = corpus_idf(term) if corpus_idf is not None else None
        if w is None:
            w = fallback_idf(term, median)
        scored.append((-(n / total * w), term))
    # The top_k of a full sort (heaviest first, ties by term), without sorting every term.
    top = heapq.nsmallest(max(top_k, 0), scored)
    return tuple(
        Keyword(term=term, weight=round(-negative, 6), rank=i + 1)
        for i, (negative, term) in enumerate(top)
        if math.isfinite(negative)
    )
