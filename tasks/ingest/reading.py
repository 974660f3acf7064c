"""Ingest: find input files, read each once, decode it, split it into documents.

The first step of the pipeline, and the only one that touches the input
folder. It only reads the filesystem (no Prefect, no DuckDB), so the flow can
run it anywhere and the tests can call it directly.

Every input ends as exactly one of:

- a :class:`~tasks.model.FileRecord`: ``file_id`` (sha256 of the bytes, hex),
  ``path`` (as discovered), ``size_bytes``, ``encoding`` (canonical name, see
  :mod:`tasks.ingest.encodings`), ``format`` (``txt``/``md``/``html``/``jsonl``/
  ``json``/``csv``/``parquet``), ``raw_text`` (the whole decoded file, decompressed, BOM
  removed, nothing else changed; a Parquet file's rows as JSON Lines),
  ``documents`` and ``quality_flags`` (what was doubtful but not fatal);
- a :class:`~tasks.model.Rejection`: ``reason`` (a code from
  ``tasks.reasons.REJECTION_REASONS``) and a ``detail`` that says what to do.

Bad input never raises: a run over a folder with one broken file reports that
file and goes on with the rest.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from tasks import reasons
from tasks.ingest.compression import DecompressFailure, decompress
from tasks.ingest.discovery import discover, os_rejection, special_file, stat_or_rejection
from tasks.ingest.encodings import DecodeFailure, declared_charset, decode_bytes
from tasks.ingest.fieldmap import DEFAULT_FIELD_MAP, FieldMap
from tasks.ingest.formats import (
    SUPPORTED_SUFFIXES,
    ParseFailure,
    input_kind,
    parse,
    sniff_format,
    with_default_source,
)
from tasks.ingest.records import parse_parquet
from tasks.model import FileRecord, Rejection

__all__ = ["ALREADY_INGESTED", "DEFAULT_MAX_BYTES", "ingest_paths", "is_known_marker", "read_file"]


DEFAULT_MAX_BYTES = 50_000_000


# Quality flag of the marker record ingest_paths yields for a file already in the
# warehouse (see ingest_paths): it has no raw_text and no documents.
ALREADY_INGESTED = "already_ingested"


_CHUNK = 1 << 20


def _read_all(fd: int, limit: int) -> bytes:
    """Read up to ``limit`` bytes from ``fd`` (module-level so tests can interpose)."""
    chunks: list[bytes] = []
    total = 0
    while total < limit:
        chunk = os.read(fd, min(_CHUNK, limit - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def read_file(
    path: str | os.PathLike[str],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    known: Iterable[str] | frozenset[str] = frozenset(),
    fieldmap: FieldMap = DEFAULT_FIELD_MAP,
) -> FileRecord | Rejection:
    """Read one file once, decode it and split it into documents; never raises.

    :param path: the file (a symlink is followed).
    :param max_bytes: files larger than this are rejected ``too_large`` unread; so are
        compressed files that decompress to more.
    :param fieldmap: where the records and fields are in JSON, CSV and Parquet input.
    :param known: file_ids already in the warehouse: for these the bytes are
        hashed but not decoded or parsed, and a marker record is returned (see
        :func:`ingest_paths`).
    :returns: a :class:`FileRecord` (``file_id`` = sha256 hex of the bytes read,
        ``encoding``, ``format``, ``raw_text``, ``documents``, ``mtime`` and
        ``quality_flags``), or a :class:`Rejection` whose ``reason`` is one of
        ``unsupported_format``, ``not_found``, ``broken_link``, ``link_loop``,
        ``unreadable``, ``too_large``, ``changed_while_reading``, ``empty``,
        ``binary``, ``truncated``, ``undecodable``, ``bad_jsonl``, ``no_text``,
        ``field_not_found``.
        Rejections after the bytes were read carry ``file_id`` and ``size_bytes``.
    """
    p = Path(path)
    try:
        return _read_file(p, max_bytes, known, fieldmap)
    except Exception as e:  # a bug here must not end a run over thousands of files
        return Rejection(
            str(p),
            reasons.UNREADABLE,
            f"unexpected error while reading ({e!r}); this is a newsflow bug, please report it",
        )


def _read_file(
    path: Path, max_bytes: int, known: Iterable[str], fieldmap: FieldMap
) -> FileRecord | Rejection:
    p = str(path)
    kind = input_kind(path.name)
    if kind is None:
        # Decided by name before reading: an archive or image is never opened.
        return Rejection(
            p,
            reasons.UNSUPPORTED_FORMAT,
            f"unsupported file type {''.join(path.suffixes[-2:]) or '(no extension)'!r}; supported: "
            f"{', '.join(SUPPORTED_SUFFIXES)} (compressed or not), or no extension. Rename it "
            "if it is one of these, or leave it out",
        )
    fmt, compression = kind

    before = stat_or_rejection(path)
    if isinstance(before, Rejection):
        return before
    if stat.S_ISDIR(before.st_mode):
        return Rejection(
            p, reasons.UNREADABLE, f"{p} is a directory; pass it as a PATH to read the files in it"
        )
    if not stat.S_ISREG(before.st_mode):
        return special_file(p)  # never open a FIFO: it would block the run
    if before.st_size > max_bytes:
        return _too_large(p, before.st_size, max_bytes)

    try:
        # O_NONBLOCK: if the path was swapped for a FIFO since stat, open must not hang.
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC | getattr(os, "O_NONBLOCK", 0))
    except OSError as e:
        return os_rejection(path, e)
    try:
        opened = os.fstat(fd)
        if not stat.S_ISREG(opened.st_mode):
            return special_file(p)
        # One byte past the limit tells "grew past the limit" from "exactly at it".
        data = _read_all(fd, max_bytes + 1)
        after = os.fstat(fd)
    except OSError as e:
        return os_rejection(path, e)
    finally:
        os.close(fd)

    changed = _change(path, opened, after, len(data))
    if changed:
        return Rejection(
            p,
            reasons.CHANGED_WHILE_READING,
            f"the file changed while it was being read ({changed}); it is probably still "
            "being written (by the scraper?). It will be read again on the next run",
            size_bytes=len(data),
        )
    if len(data) > max_bytes:
        return _too_large(p, len(data), max_bytes)

    file_id = hashlib.sha256(data).hexdigest()
    size = len(data)
    if file_id in known:
        return FileRecord(
            file_id=file_id,
            path=p,
            size_bytes=size,
            encoding="",
            format=fmt or "txt",
            raw_text="",
            documents=(),
            mtime=opened.st_mtime,
            quality_flags=(ALREADY_INGESTED,),
        )

    if compression is not None:
        inflated = decompress(data, compression, limit=max_bytes)
        if isinstance(inflated, DecompressFailure):
            return Rejection(p, inflated.reason, inflated.detail, file_id=file_id, size_bytes=size)
        data = inflated
    field_map = None if fieldmap.is_default else fieldmap.to_json()
    if fmt == "parquet":
        if not data:
            return _empty(p, size, file_id)
        parsed, raw_text = parse_parquet(data, fieldmap)
        parsed = with_default_source(parsed, fieldmap)
        if isinstance(parsed, ParseFailure):
            return Rejection(p, parsed.reason, parsed.detail, file_id=file_id, size_bytes=size)
        return FileRecord(
            file_id=file_id, path=p, size_bytes=size, encoding="utf-8", format=fmt,
            raw_text=raw_text, documents=parsed.documents, mtime=opened.st_mtime,
            quality_flags=parsed.flags, field_map=field_map,
        )

    # A page's <meta charset> is a hint for the detector (a tie-breaker, never trusted blindly).
    declared = declared_charset(data) if fmt in ("html", None) else None
    decoded = decode_bytes(data, declared=declared)
    if isinstance(decoded, DecodeFailure):
        return Rejection(p, decoded.reason, decoded.detail, file_id=file_id, size_bytes=size)
    if not decoded.text.strip():
        return _empty(p, size, file_id)

    fmt = fmt or sniff_format(decoded.text)
    parsed = parse(fmt, decoded.text, fieldmap)
    if isinstance(parsed, ParseFailure):
        return Rejection(p, parsed.reason, parsed.detail, file_id=file_id, size_bytes=size)
    return FileRecord(
        file_id=file_id,
        path=p,
        size_bytes=size,
        encoding=decoded.encoding,
        format=fmt,
        raw_text=decoded.text,
        documents=parsed.documents,
        mtime=opened.st_mtime,
        quality_flags=(*decoded.flags, *parsed.flags),
        field_map=field_map,
    )


def _empty(p: str, size: int, file_id: str) -> Rejection:
    return Rejection(
        p,
        reasons.EMPTY,
        f"the file holds only whitespace ({size} bytes); check the scraper output",
        file_id=file_id,
        size_bytes=size,
    )


def _too_large(p: str, size: int, limit: int) -> Rejection:
    return Rejection(
        p,
        reasons.TOO_LARGE,
        f"the file is {size:,} bytes, over the {limit:,}-byte limit; split it into smaller "
        "files, or raise the limit (newsflow run --max-file-mb MB) if it really is one document",
        size_bytes=size,
    )


def _change(path: Path, opened: os.stat_result, after: os.stat_result, nread: int) -> str:
    """Describe how the file changed between open and the end of reading, or ''."""
    if after.st_size != opened.st_size or nread != after.st_size:
        return f"size {opened.st_size} → {after.st_size} bytes, {nread} read"
    if after.st_mtime_ns != opened.st_mtime_ns:
        return "modification time changed"
    try:
        now = os.stat(path)
    except OSError:
        return "it was deleted or moved"
    if (now.st_dev, now.st_ino) != (opened.st_dev, opened.st_ino):
        return "it was replaced by another file"
    return ""


def is_known_marker(record: FileRecord | Rejection) -> bool:
    """True for the marker :func:`ingest_paths` yields for an already-loaded file."""
    return isinstance(record, FileRecord) and ALREADY_INGESTED in record.quality_flags


def ingest_paths(
    paths: Sequence[str | os.PathLike[str]],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    known: Iterable[str] = frozenset(),
    fieldmap: FieldMap = DEFAULT_FIELD_MAP,
) -> Iterator[FileRecord | Rejection]:
    """Discover and read every input: ``discover`` then ``read_file``, lazily.

    :param known: file_ids already in the warehouse. Such a file is still read
        and hashed (its bytes are its identity), but not decoded or parsed: the
        record yielded is a *marker*, a ``FileRecord`` with that ``file_id``,
        ``path``, ``size_bytes`` and ``mtime``, ``encoding=""``, ``raw_text=""``,
        ``documents=()`` and ``quality_flags=("already_ingested",)``. The flow
        counts it as seen and must not load it (``is_known_marker`` or
        ``record.file_id in known`` tells it apart).

    Yields one record per discovered file, plus discovery rejections, in
    :func:`discover` order.
    """
    known_set = known if isinstance(known, frozenset | set) else frozenset(known)
    for item in discover(paths):
        if isinstance(item, Rejection):
            yield item
        else:
            yield read_file(item, max_bytes=max_bytes, known=known_set, fieldmap=fieldmap)
