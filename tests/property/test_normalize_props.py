"""Properties of normalize_text on text built from seed lines, chrome and noise."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tasks.model import RemovedLine
from tasks.normalize import normalize_text

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"
_SEED_LINES = sorted(
    {
        line
        for path in SAMPLES.glob("*.txt")
        for line in path.read_text(encoding="utf-8").split("\n")
        if len(line) < 300
    }
)
_CHARS = "".join(sorted({c for line in _SEED_LINES for c in line})) + "*苐鈈玖財「」著 \t"

# page furniture a scraper joins into a line of text (THUCNews): cut out of the line
_INLINE = ["我要评论", " 相关新闻： 标题一  标题二 ", "(XWT185)", "订阅热线：800-810-0909",
           "。点击进入本刊更多内容：", "(微博)", "【ZOL-七天在线 it7t.com】", "我要", "评论"]
lines = st.one_of(
    st.sampled_from(_SEED_LINES),  # real lines: chrome, headlines, body, look-alikes
    st.text(alphabet=_CHARS, max_size=40),  # noise from the same characters
    st.just(""),
    st.lists(st.one_of(st.sampled_from(_SEED_LINES), st.sampled_from(_INLINE)), max_size=4).map("".join),
)
documents = st.lists(lines, max_size=12).map("\n".join)

SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(documents)
def test_normalize_text_idempotent(text: str) -> None:
    once = normalize_text(text)
    twice = normalize_text(once.text)
    assert twice.text == once.text
    assert twice.removed_lines == ()


@SETTINGS
@given(documents)
def test_kept_and_removed_lines_reconstruct_input(text: str) -> None:
    out = normalize_text(text)
    inputs = _kept_inputs(text, out.removed_lines)
    removed = {r.line_no: r.text for r in out.removed_lines if r.start is None}
    for no, line in removed.items():
        assert inputs[no - 1] == line
    kept_inputs = [line for no, line in enumerate(inputs, 1) if line and no not in removed]
    kept_outputs = out.text.split("\n") if out.text else []
    assert len(kept_outputs) == len(kept_inputs)
    # each kept line is its input line (less any inline chrome), converted character for character
    assert [len(k) for k in kept_outputs] == [len(k) for k in kept_inputs]


def _kept_inputs(text: str, rows: Sequence[RemovedLine]) -> list[str]:
    """Each input line, stripped, without the parts (inline chrome) rows removed from it;
    a part sits at its offsets in the line as written."""
    written = text.split("\n")
    for r in sorted((r for r in rows if r.start is not None), key=lambda r: -r.start):
        line = written[r.line_no - 1]
        assert line[r.start : r.end] == r.text
        written[r.line_no - 1] = line[: r.start] + line[r.end :]
    return [line.strip() for line in written]


@SETTINGS
@given(documents)
def test_repairs_account_for_every_change_beyond_t2s(text: str) -> None:
    from tasks.normalize.t2s import to_simplified

    out = normalize_text(text)
    whole = {r.line_no for r in out.removed_lines if r.start is None}
    kept_inputs = [
        line for no, line in enumerate(_kept_inputs(text, out.removed_lines), 1) if line and no not in whole
    ]
    plain = "\n".join(to_simplified(line) for line in kept_inputs)
    assert len(plain) == len(out.text)  # no repair changes the length
    repaired = {r.offset for r in out.repairs}
    for i, (a, b) in enumerate(zip(plain, out.text, strict=True)):
        if a != b:
            assert i in repaired, (i, a, b)


@SETTINGS
@given(st.lists(documents, min_size=1, max_size=3))
def test_normalize_file_kept_and_removed_lines_rebuild_each_document(docs: list[str]) -> None:
    """Per document: removed lines plus kept lines (the articles' text lines, in order)
    are exactly the non-blank lines, by line number; the title line is a removed line."""
    from tasks.model import FileRecord, SourceDocument
    from tasks.normalize import convert, normalize_file

    rec = FileRecord("f", "f.jsonl", 0, "utf-8", "jsonl", "", tuple(SourceDocument(t) for t in docs))
    nf = normalize_file(rec)
    for d, text in enumerate(docs):
        rows = [r for r in nf.removed_lines if r.doc_index == d]
        inputs = [line.strip() for line in text.split("\n")]
        nonblank = [no for no, line in enumerate(inputs, 1) if line]
        removed = {r.line_no: r.text for r in rows if r.start is None}
        assert len(removed) == sum(r.start is None for r in rows)
        assert set(removed) <= set(nonblank)
        # a line removed whole (a title, say) after inline chrome was cut from it holds the rest
        inputs = _kept_inputs(text, rows)
        assert all(inputs[no - 1] == line for no, line in removed.items())
        kept_inputs = [inputs[no - 1] for no in nonblank if no not in removed]
        kept_outputs = [
            line for a in nf.articles if a.doc_index == d for line in (a.text.split("\n") if a.text else [])
        ]
        assert kept_outputs == [convert(line)[0] for line in kept_inputs]
