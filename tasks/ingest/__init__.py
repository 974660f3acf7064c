"""Ingest: find the input files, read each once, decode it, split it into documents.

The first step, and the only one that touches the input folder; it reads the
filesystem only (no Prefect, no DuckDB but the warehouse's file list for a refresh).

- :mod:`.discovery`: PATHs (files, folders, globs) to the files to read;
- :mod:`.reading`: one file to a ``FileRecord`` or a ``Rejection`` (size limits,
  changes while reading, files already loaded);
- :mod:`.encodings`: bytes to text (UTF-8/16, GB18030, Big5), judged by character
  frequencies;
- :mod:`.formats`: decoded text to documents, by format (txt, md, html, jsonl);
- :mod:`.batching`: the run's work in batches of files sized by bytes.

What its neighbours call: :func:`plan_batches` (or :func:`refresh_batches`) and
:func:`read_file`.
"""

from tasks.ingest.batching import Batch, input_bytes, plan_batches, refresh_batches
from tasks.ingest.discovery import discover
from tasks.ingest.reading import (
    ALREADY_INGESTED,
    DEFAULT_MAX_BYTES,
    ingest_paths,
    is_known_marker,
    read_file,
)

__all__ = [
    "ALREADY_INGESTED",
    "DEFAULT_MAX_BYTES",
    "Batch",
    "discover",
    "ingest_paths",
    "input_bytes",
    "is_known_marker",
    "plan_batches",
    "read_file",
    "refresh_batches",
]
