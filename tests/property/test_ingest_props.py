"""Properties of ingest on arbitrary input: it never raises, and what it returns is well formed.

A scraper can drop anything into the input folder; a traceback would end a
scheduled run for every other file. Hypothesis writes arbitrary bytes (and
arbitrary text in every supported encoding) under each extension and checks
that ``read_file`` answers with a FileRecord or a Rejection with a known reason.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from pathlib import Path

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tasks import reasons
from tasks.ingest import read_file
from tasks.ingest.encodings import Decoded, DecodeFailure, decode_bytes
from tasks.model import FileRecord, Rejection, SourceDocument

SUFFIXES = [".txt", ".md", ".html", ".htm", ".jsonl", ".TXT", ".csv", ""]
ENCODINGS = ["utf-8", "utf-8-sig", "gb18030", "gbk", "big5", "big5hkscs", "utf-16"]
ALLOWED_ENCODINGS = {"utf-8", "utf-8-sig", "gb18030", "big5", "big5hkscs", "utf-16-le", "utf-16-be"}

# Bytes that look like our inputs more often than uniform noise would: CJK lead and
# trail bytes, ASCII, JSON and HTML punctuation, BOMs and NULs.
_chunks = st.one_of(
    st.binary(max_size=64),
    st.sampled_from(
        [b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x00", b"\n", b"{", b'"text"', b"<p>", b"\xa4", b"\xb0\xa1"]
    ),
    st.text(max_size=20).map(lambda s: s.encode("utf-8")),
    st.sampled_from(["脱贫攻坚", "脫貧攻堅", "，。", "全面建成小康社会"]).map(lambda s: s.encode("gb18030")),
    st.sampled_from(["脫貧攻堅", "會議"]).map(lambda s: s.encode("big5")),
)
arbitrary_bytes = st.lists(_chunks, max_size=12).map(b"".join)


def _check(result: FileRecord | Rejection, data: bytes) -> None:
    assert isinstance(result, FileRecord | Rejection)
    if isinstance(result, Rejection):
        assert result.reason in reasons.REJECTION_REASONS
        assert isinstance(result.detail, str) and result.detail
        return
    assert result.file_id == hashlib.sha256(data).hexdigest()
    assert result.size_bytes == len(data)
    assert result.encoding in ALLOWED_ENCODINGS
    assert result.format in {"txt", "md", "html", "jsonl"}
    assert result.raw_text.strip()
    assert result.documents and all(isinstance(d, SourceDocument) and d.text for d in result.documents)
    assert all(isinstance(f, str) for f in result.quality_flags)


@settings(max_examples=300, deadline=None)
@given(data=arbitrary_bytes, suffix=st.sampled_from(SUFFIXES))
def test_read_file_never_raises(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / f"input{suffix}"
        p.write_bytes(data)
        _check(read_file(p), data)


@settings(max_examples=200, deadline=None)
@given(data=arbitrary_bytes)
def test_decode_bytes_never_raises(data: bytes) -> None:
    result = decode_bytes(data)
    assert isinstance(result, Decoded | DecodeFailure)
    if isinstance(result, DecodeFailure):
        assert result.reason in reasons.REJECTION_REASONS
    else:
        assert result.encoding in ALLOWED_ENCODINGS


# Chinese-looking text: the characters of the seeds (both scripts, their punctuation
# and ASCII), so the alphabet is what real input holds.
_SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"
_ALPHABET = sorted(
    {c for p in sorted(_SAMPLES.glob("*.txt")) for c in p.read_text(encoding="utf-8") if c.isprintable() or c == "\n"}
)
_chinese = st.text(alphabet=st.sampled_from(_ALPHABET), min_size=1, max_size=300)


@settings(max_examples=200, deadline=None)
@given(text=_chinese, enc=st.sampled_from(ENCODINGS), suffix=st.sampled_from([".txt", ".md"]))
def test_encoded_chinese_round_trips_or_is_rejected_never_garbled(text: str, enc: str, suffix: str) -> None:
    # Whatever encoding wrote it, a FileRecord must hold exactly the text; a short
    # ambiguous input may be flagged, but silent mojibake is the one outcome not allowed.
    try:
        data = text.encode(enc)
    except UnicodeEncodeError:  # Big5 has no Simplified characters: not a file anyone writes
        assume(False)
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / f"input{suffix}"
        p.write_bytes(data)
        result = read_file(p)
    _check_text(result, text, data)


def _check_text(result: FileRecord | Rejection, text: str, data: bytes) -> None:
    _check(result, data)
    if isinstance(result, Rejection):
        # Only whitespace may be rejected as empty; real text must not be lost silently.
        if not text.strip():
            assert result.reason == reasons.EMPTY
        return
    doubt = [f for f in result.quality_flags if "confidence" in f or "ambiguous" in f or "legacy" in f]
    assert result.raw_text == text or doubt, (result.encoding, result.raw_text[:40], text[:40])


@settings(max_examples=100, deadline=None)
@given(
    lines=st.lists(
        st.one_of(
            st.fixed_dictionaries({"text": _chinese}, optional={"title": st.text(max_size=10), "date": st.integers()}),
            st.just("{broken"),
            st.lists(st.integers(), max_size=2),
            st.fixed_dictionaries({"title": st.text(max_size=5)}),
        ),
        max_size=8,
    )
)
def test_jsonl_keeps_every_valid_line(lines) -> None:
    body = "\n".join(x if isinstance(x, str) else json.dumps(x, ensure_ascii=False) for x in lines)
    data = body.encode("utf-8")
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "input.jsonl"
        p.write_bytes(data)
        result = read_file(p)
    good = [x["text"] for x in lines if isinstance(x, dict) and "text" in x and x["text"].strip()]
    if isinstance(result, Rejection):
        assert result.reason in {reasons.BAD_JSONL, reasons.EMPTY}
        assert not good
    else:
        assert [doc.text for doc in result.documents] == good
        bad = len(lines) - len(good)
        assert (f"bad_jsonl_lines:{bad}" in result.quality_flags) == (bad > 0)
