"""A character CRF for PER/LOC/ORG whose features and decoding are numpy array work.

Why a CRF: jieba's dictionary tags are noisy (建立健全, 紫云 and 明白 are ``nr`` there) and
posseg is slow. A linear-chain CRF over characters, fed the segmentation the extract step
already made (the SAME tokens it counts: the text is never tokenized twice), the word's
dictionary tag, the gazetteer, the surname list, the title and organisation-suffix
lexicons and the names of the training set (``tasks/extract/ner/ner_names.txt``, matched longest
first; jackknifed in training, see :mod:`tasks.extract.ner.train`), learns which of those signals
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
(``tasks/extract/ner/ner_crf_lists.model``), relabels only the stretches of text where the first
one's output shows names run together (:func:`list_stretches`).

Training still uses crfsuite (``python -m tasks.extract.ner.train``, deterministic, a few minutes
on one core; never on the test files): the same integer features are written as ``"k:v"`` strings, and
the weights are read back from the crfsuite model file ``tasks/extract/ner/ner_crf.model``.
Loading needs ``python-crfsuite``; without it, or without the model file,
:func:`tag_entities` returns nothing and extract falls back to its rules.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

from tasks.extract import tokenizer as terms
from tasks.extract.ner.crf import CRF, bio_to_spans, spans_to_bio
from tasks.extract.ner.features import (
    NAME_TYPES,
    NAMES_PATH,
    NameLex,
    code_points,
    feature_matrix,
    feature_strings,
    lex,
    names,
    read_names,
    set_names,
)
from tasks.extract.ner.lists import (
    is_chinese_name_start,
    list_stretches,
    reads_as_list,
    touching_runs,
)

__all__ = ["CRF", "LABELS", "LIST_MODEL_PATH", "MODEL_PATH", "NAMES_PATH", "NAME_TYPES", "NameLex", "bio_to_spans", "code_points", "feature_matrix", "feature_strings", "lex", "list_model", "list_model_path", "list_stretches", "model", "model_available", "names", "read_names", "set_names", "spans_to_bio", "tag_entities", "touching_runs"]


MODEL_PATH = Path(__file__).resolve().parent / "ner_crf.model"


LABELS = ("PER", "LOC", "ORG")


_LOCK = threading.Lock()


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
        inside = [x for x in inside if x[0] != "PER" or is_chinese_name_start(text, x[1]) or "·" in text[x[1] : x[2]]]
        if reads_as_list(text, a, b, inside):
            spans = [x for x in spans if x[2] <= a or x[1] >= b] + inside
    return sorted(spans, key=lambda x: x[1])
