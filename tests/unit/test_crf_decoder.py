"""The compiled CRF scoring and decoding give the numpy decoder's labels, position for position.

The numpy implementation below is the decoder newsflow shipped before the loops were
compiled (tasks/extract/ner/crf.py), kept here as the reference: emissions summed template
by template with ``np.take``, Viterbi over all clauses at once with separators held at O.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tasks.extract import tokenizer as terms
from tasks.extract.ner import model as ner_model
from tasks.extract.ner.crf import CRF
from tasks.extract.ner.features import lex

CORPORA = Path(__file__).resolve().parents[3] / "shared" / "corpora"
THUCNEWS = CORPORA / "thucnews-cnews-val1000" / "cnews.val.txt"
XWLB = CORPORA / "xwlb-2012-2019"

TEXTS = [
    "市委书记、市人大常委会主任李宏庆出席会议并讲话",
    "钟得志、王周华、朱东、韦升安、毛任建、唐敬春等在市会议中心主会场出席会议。",
    "近日在江苏如皋市城西乡，１０００多个品种的花木盆景吸引了游客。",
    "湖北日报讯 (记者谢慧敏)6月14日省委副书记马国强主持召开座谈会",
    "，，。",  # nothing free: every position held
    "李",  # one character
    "会议由国务院总理李克强主持。 Apple Inc. 与“人社部”、下称“人社部”)部 签约",
]


def _models() -> list[CRF]:
    crf = ner_model.model()
    if crf is None:
        pytest.skip("no NER model shipped")
    return [m for m in (crf, ner_model.list_model()) if m is not None]


def numpy_emissions(crf: CRF, F: np.ndarray) -> np.ndarray:
    n = F.shape[0]
    dense_cols = np.flatnonzero(~crf.template_sparse)
    sparse_cols = np.flatnonzero(crf.template_sparse)
    R = np.empty((n, len(crf.template_sparse)), dtype=np.int32)
    R[:, dense_cols] = crf.dense[F[:, dense_cols] + crf.template_key[dense_cols]]
    q = F[:, sparse_cols] | crf.template_key[sparse_cols]
    idx = np.searchsorted(crf.skeys, q)
    R[:, sparse_cols] = np.where(crf.skeys[idx] == q, crf.srows[idx], 0)
    # Summing template by template (np.take on contiguous rows) beats one (n, T, L)
    # gather and a reduction over T.
    W = crf.W
    RT = np.ascontiguousarray(R.T)
    E = W.take(RT[0], axis=0)
    for j in range(1, RT.shape[0]):
        E += W.take(RT[j], axis=0)
    return E

def numpy_decode(crf: CRF, E: np.ndarray, fixed_o: np.ndarray | None = None) -> np.ndarray:
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
    Tr = crf.trans
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



def _agree(text: str) -> None:
    F = ner_model.feature_matrix(text, terms.tokenize(text))
    held = lex().decode_sep[F[:, 1]]
    for crf in _models():
        E = numpy_emissions(crf, F)
        assert np.array_equal(crf.emissions(F), E)
        assert crf.decode(E, held).tolist() == numpy_decode(crf, E, held).tolist()
        assert crf.decode(E).tolist() == numpy_decode(crf, E).tolist()


@pytest.mark.parametrize("text", TEXTS)
def test_compiled_decoder_equals_numpy(text: str) -> None:
    _agree(text)


def test_empty_input() -> None:
    for crf in _models():
        assert crf.decode(np.zeros((0, len(crf.labels)))).tolist() == []
        assert crf.spans(ner_model.feature_matrix("", [])) == []


@pytest.mark.corpus
@pytest.mark.parametrize("corpus", ["thucnews", "xwlb"])
def test_compiled_decoder_equals_numpy_on_real_text(corpus: str) -> None:
    if corpus == "thucnews":
        if not THUCNEWS.is_file():
            pytest.skip(f"{THUCNEWS} not found")
        with open(THUCNEWS, encoding="utf-8") as fh:
            texts = [line.split("\t", 1)[1] for _, line in zip(range(300), fh, strict=False)]
    else:
        import gzip
        import html
        import json
        import re

        files = sorted(XWLB.glob("xwlb-*.jsonl.gz"))
        if not files:
            pytest.skip(f"{XWLB} not found")
        with gzip.open(files[-1], "rt", encoding="utf-8") as fh:
            items = [item for line, _ in zip(fh, range(20), strict=False) for item in json.loads(line)["videoList"]]
        texts = [html.unescape(re.sub(r"<[^>]+>", "\n", (item.get("video_detail") or {}).get("content") or "")).strip()
                 for item in items]
    for text in texts:
        if text:
            _agree(text)
