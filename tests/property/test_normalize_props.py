"""Properties of normalize_text on text built from seed lines, chrome and noise."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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

lines = st.one_of(
    st.sampled_from(_SEED_LINES),  # real lines: chrome, headlines, body, look-alikes
    st.text(alphabet=_CHARS, max_size=40),  # noise from the same characters
    st.just(""),
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
    inputs = [line.strip() for line in text.split("\n")]
    removed = {r.line_no: r.text for r in out.removed_lines}
    for no, line in removed.items():
        assert inputs[no - 1] == line
    kept_inputs = [line for no, line in enumerate(inputs, 1) if line and no not in removed]
    kept_outputs = out.text.split("\n") if out.text else []
    assert len(kept_outputs) == len(kept_inputs)
    # each kept line is its input line, converted character for character
    assert [len(k) for k in kept_outputs] == [len(k) for k in kept_inputs]


@SETTINGS
@given(documents)
def test_repairs_account_for_every_change_beyond_t2s(text: str) -> None:
    from tasks.normalize.t2s import to_simplified

    out = normalize_text(text)
    kept_inputs = [
        line.strip()
        for no, line in enumerate(text.split("\n"), 1)
        if line.strip() and no not in {r.line_no for r in out.removed_lines}
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
        written = text.split("\n")
        inputs = [line.strip() for line in written]
        nonblank = [no for no, line in enumerate(inputs, 1) if line]
        rows = [r for r in nf.removed_lines if r.doc_index == d]
        removed = {r.line_no: r.text for r in rows if r.start is None}
        assert len({r.line_no for r in rows}) == len(rows)
        assert {r.line_no for r in rows} <= set(nonblank)
        assert all(inputs[no - 1] == line for no, line in removed.items())
        for r in rows:  # a part of a line (a dateline): at its offsets in the line as written
            if r.start is not None:
                line = written[r.line_no - 1]
                assert line[r.start : r.end] == r.text
                inputs[r.line_no - 1] = (line[: r.start] + line[r.end :]).strip()
        kept_inputs = [inputs[no - 1] for no in nonblank if no not in removed]
        kept_outputs = [
            line for a in nf.articles if a.doc_index == d for line in (a.text.split("\n") if a.text else [])
        ]
        assert kept_outputs == [convert(line)[0] for line in kept_inputs]
