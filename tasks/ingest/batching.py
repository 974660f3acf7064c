"""Group input files into batches sized by bytes.

Batches keep Prefect's task runs proportional to the corpus size in bytes,
not to the number of documents, and bound the memory a batch can take: a
compressed file counts with the size it has once read (a year of broadcast stories
is 4 MB as .gz and 20 MB of text), so two batches of a corpus take what two of one
file do, and memory stays flat however many files a folder holds.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

from tasks.ingest.compression import COMPRESSIONS
from tasks.ingest.fieldmap import FieldMap
from tasks.ingest.formats import ParseFailure, parse
from tasks.ingest.reading import discover
from tasks.model import FileRecord, Rejection

MAX_FILES_PER_BATCH = 2000
# What a compressed file without a recorded size is taken to grow to when read (text
# compresses three to five times).
COMPRESSED_GROWTH = 4


@dataclass(frozen=True, slots=True)
class Batch:
    """Files to process together: paths to read, or records rebuilt from the warehouse."""

    number: int
    items: tuple[Path | FileRecord, ...]
    rejections: tuple[Rejection, ...] = ()  # found while discovering (missing paths, loops)
    refresh: bool = False  # items are FileRecords already in the warehouse
    size_bytes: int = 0  # bytes of input in the batch (for progress)


def plan_batches(
    paths: Sequence[str | Path], *, batch_bytes: int, max_files: int = MAX_FILES_PER_BATCH
) -> Iterator[Batch]:
    """Stream batches of discovered files, each up to ``batch_bytes`` once read (at least one file)."""
    number = 0
    items: list[Path] = []
    rejections: list[Rejection] = []
    size = held = 0  # bytes on disk (for progress), bytes once read (for memory)
    for found in discover(paths):
        if isinstance(found, Rejection):
            rejections.append(found)
            continue
        try:
            file_size = found.stat().st_size
        except OSError:
            file_size = 0  # read_file will reject it with the precise reason
        read_size = read_bytes(found, file_size)
        if items and (held + read_size > batch_bytes or len(items) >= max_files):
            number += 1
            yield Batch(number, tuple(items), tuple(rejections), size_bytes=size)
            items, rejections, size, held = [], [], 0, 0
        items.append(found)
        size += file_size
        held += read_size
    if items or rejections:
        yield Batch(number + 1, tuple(items), tuple(rejections), size_bytes=size)


def read_bytes(path: Path, file_size: int) -> int:
    """How many bytes ``path`` gives once read: a .gz file records it (mod 4 GiB) in its
    last four bytes; another compressed file is taken to grow ``COMPRESSED_GROWTH`` times."""
    suffix = path.suffix.lower()
    if suffix not in COMPRESSIONS:
        return file_size
    if suffix == ".gz" and file_size >= 18:  # a gzip member is at least 18 bytes
        try:
            with open(path, "rb") as fh:
                fh.seek(-4, 2)
                recorded = int.from_bytes(fh.read(4), "little")
            return max(recorded, file_size)  # a size past 4 GiB wraps: never below the file's
        except OSError:
            return file_size
    return file_size * COMPRESSED_GROWTH


def input_bytes(paths: Sequence[str | Path]) -> int:
    """Total size of the files under PATHs (a cheap first pass, for progress)."""
    total = 0
    for found in discover(paths):
        if not isinstance(found, Rejection):
            try:
                total += found.stat().st_size
            except OSError:
                pass
    return total


def refresh_batches(
    con: duckdb.DuckDBPyConnection, *, batch_bytes: int, max_files: int = MAX_FILES_PER_BATCH
) -> Iterator[Batch]:
    """Batches rebuilt from ``files.raw_text`` (``--full-refresh``): no original file needed.

    Each file is parsed again with the field map it was read with (``files.field_map``).
    Files come in the order they were first loaded, so the earlier copy of a
    repeated story stays the original, as it was.
    """
    cursor = con.cursor()
    result = cursor.execute(
        "select file_id, path, size_bytes, encoding, format, raw_text, quality_flags, field_map "
        "from main.files where status = 'loaded' order by ingested_at, path, file_id"
    )
    number = 0
    items: list[FileRecord] = []
    size = 0
    while True:
        chunk = result.fetchmany(256)
        if not chunk:
            break
        for file_id, path, size_bytes, encoding, fmt, raw_text, flags, field_map in chunk:
            parsed = parse(fmt, raw_text, FieldMap.from_json(field_map))
            documents = () if isinstance(parsed, ParseFailure) else parsed.documents
            record = FileRecord(
                file_id=file_id,
                path=path,
                size_bytes=size_bytes,
                encoding=encoding,
                format=fmt,
                raw_text=raw_text,
                documents=documents,
                quality_flags=tuple(flags or ()),
                field_map=field_map,
            )
            if items and (size + size_bytes > batch_bytes or len(items) >= max_files):
                number += 1
                yield Batch(number, tuple(items), refresh=True, size_bytes=size)
                items, size = [], 0
            items.append(record)
            size += size_bytes
    cursor.close()
    if items:
        yield Batch(number + 1, tuple(items), refresh=True, size_bytes=size)
