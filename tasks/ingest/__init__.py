"""Ingest: find the input files, read each once, decode it, split it into documents.

The first step, and the only one that touches the input folder; it reads the
filesystem only (no Prefect, no DuckDB but the warehouse's file list for a refresh).

- :mod:`.discovery`: PATHs (files, folders, globs) to the files to read;
- :mod:`.reading`: one file to a ``FileRecord`` or a ``Rejection`` (size limits,
  changes while reading, files already loaded);
- :mod:`.encodings`: bytes to text (UTF-8/16, GB18030, Big5), judged by character
  frequencies;
- :mod:`.compression`: ``.gz``/``.bz2``/``.xz``/``.zst`` streamed open;
- :mod:`.formats`: decoded text to documents, by format (txt, md, html, and the
  record formats of :mod:`.records`: jsonl, json, csv, parquet);
- :mod:`.fieldmap`: where records and fields sit in a scraper's export
  (``--records``, ``--map``, ``--source``, ``--config``); :mod:`.markup`: HTML in fields;
- :mod:`.batching`: the run's work in batches of files sized by bytes.

What its neighbours call: :func:`plan_batches` (or :func:`refresh_batches`) and
:func:`read_file`.
"""

from tasks.ingest.batching import Batch, input_bytes, plan_batches, refresh_batches
from tasks.ingest.discovery import discover
from tasks.ingest.fieldmap import (
    DEFAULT_FIELD_MAP,
    FIELDS,
    FieldMap,
    FieldMapError,
    field_map_from_options,
    load_config,
)
from tasks.ingest.markup import strip_markup
from tasks.ingest.reading import (
    ALREADY_INGESTED,
    DEFAULT_MAX_BYTES,
    ingest_paths,
    is_known_marker,
    read_file,
)

__all__ = [
    "ALREADY_INGESTED",
    "DEFAULT_FIELD_MAP",
    "DEFAULT_MAX_BYTES",
    "FIELDS",
    "Batch",
    "FieldMap",
    "FieldMapError",
    "discover",
    "field_map_from_options",
    "ingest_paths",
    "input_bytes",
    "is_known_marker",
    "load_config",
    "plan_batches",
    "read_file",
    "refresh_batches",
    "strip_markup",
]
