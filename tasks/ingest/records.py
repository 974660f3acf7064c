"""Records of a scraper's export to documents: JSON, JSON Lines, CSV and Parquet.

Each *document* of a file (the whole ``.json``, a line of ``.jsonl``, a row of ``.csv``
or ``.parquet``) holds records: the list at the field map's ``records`` path, or the
document itself (a top-level JSON array: its items). Each record with text becomes
one :class:`~tasks.model.SourceDocument` marked ``record=True``: normalize never
splits it and never merges it with another, and its metadata (title, date, id, url,
source, author) is the article's. HTML in a field is turned into lines of text
(:mod:`.markup`); the file's ``raw_text`` keeps the original.

Nothing goes silently: a line that is not JSON, a record without text, a record with
empty text are counted in flags; a ``--records`` or ``--map`` path that matches nothing
in the whole file rejects the file (``field_not_found``), naming the path and showing
one record's keys, and so does a file where no record gives text.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from tasks import reasons
from tasks.ingest.fieldmap import DEFAULT_FIELD_MAP, FIELDS, MISSING, FieldMap, lookup
from tasks.ingest.markup import strip_markup
from tasks.model import SourceDocument

__all__ = [
    "ParseFailure",
    "Parsed",
    "parse_csv",
    "parse_json",
    "parse_jsonl",
    "parse_parquet",
]

# How many bad line numbers to list in the flag (the count is always exact).
_MAX_LISTED_LINES = 20
# Rows read from a Parquet file at a time: bounds the Python objects alive at once.
PARQUET_BATCH_ROWS = 1024
_META_FIELDS = tuple(f for f in FIELDS if f != "text")


@dataclass(frozen=True, slots=True)
class Parsed:
    """Documents found in one file, plus flags about what was skipped or guessed."""

    documents: tuple[SourceDocument, ...]
    flags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ParseFailure:
    """The file holds no usable document; ``reason`` is a ``tasks.reasons`` code."""

    reason: str
    detail: str


def _meta_value(value: object) -> str | None:
    # Numbers (a numeric date or id) are kept as text; objects and null are not metadata.
    if isinstance(value, str):
        value = strip_markup(value).strip()
        return value or None
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float | dt.date):  # dt.datetime is a dt.date
        return str(value)
    if isinstance(value, list):  # authors given as a list
        parts = [v for v in (_meta_value(x) for x in value) if v]
        return "、".join(parts) or None
    return None


def _text_value(value: object) -> str | None:
    if isinstance(value, str):
        return strip_markup(value)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return strip_markup("\n".join(value))  # paragraphs given as a list
    return None


def _keys(obj: object, depth: int = 1) -> str:
    """One record's keys as dot paths, nested objects one level down: for error messages."""
    if not isinstance(obj, dict):
        return f"(not an object: {type(obj).__name__})"
    keys: list[str] = []
    for key, value in obj.items():
        if isinstance(value, dict) and value and depth > 0:
            keys.extend(f"{key}.{k}" for k in value)
        else:
            keys.append(str(key))
    shown = ", ".join(keys[:40])
    return shown + (f", … ({len(keys)} keys)" if len(keys) > 40 else "")


class _Collector:
    """Turns documents into record documents and keeps count of what did not fit."""

    def __init__(self, fieldmap: FieldMap, what: str, *, lines: bool) -> None:
        self.fm = fieldmap
        self.what = what  # "line" / "row": how a document is named in messages
        self.lines = lines  # documents are lines or rows (numbered), not one whole file
        self.docs: list[SourceDocument] = []
        self.bad: list[int] = []  # documents that could not be read (not JSON …)
        self.problems: Counter[str] = Counter()
        self.n_documents = 0
        self.n_records = 0
        self.records_found = False  # the records path matched a list at least once
        self.first_document: object = MISSING
        self.first_record: object = MISSING
        self.matched: Counter[str] = Counter()  # field -> records where its path matched
        self.no_text = 0  # records whose text path matched nothing
        self.empty = 0  # records whose text is empty

    def bad_document(self, number: int, problem: str) -> None:
        self.bad.append(number)
        self.problems[problem] += 1

    def add(self, number: int, document: object) -> None:
        self.n_documents += 1
        if self.first_document is MISSING:
            self.first_document = document
        if self.fm.records is not None:
            found = lookup(document, self.fm.records)
            if not isinstance(found, list):
                self.problems[f"no list at {self.fm.records!r}"] += 1
                return
            self.records_found = True
            for k, record in enumerate(found):
                self._record(number, record, k)
        elif isinstance(document, list) and not self.lines:
            for k, record in enumerate(document):  # a .json file holding an array of records
                self._record(number, record, k)
        elif isinstance(document, dict):
            if not self._record(number, document, None):
                self.bad_document(number, f'no non-empty "{self.fm.path("text")}"')
        else:
            self.bad_document(number, "not an object")

    def _record(self, number: int, record: object, k: int | None) -> bool:
        self.n_records += 1
        if self.first_record is MISSING:
            self.first_record = record
        if not isinstance(record, dict):
            self.problems["record not an object"] += 1
            return False
        meta: dict[str, str] = {"line": str(number)} if self.lines or k is None else {}
        if k is not None:
            meta["record"] = str(k)
        for field in _META_FIELDS:
            value = lookup(record, self.fm.path(field))
            if value is MISSING:
                continue
            self.matched[field] += 1
            value = _meta_value(value)
            if value is not None:
                meta[field] = value
        raw = lookup(record, self.fm.path("text"))
        if raw is MISSING:
            self.no_text += 1
            return False
        self.matched["text"] += 1
        text = _text_value(raw)
        if text is None or not text.strip():
            self.empty += 1
            return False
        if self.fm.source and "source" not in meta:
            meta["source"] = self.fm.source
        self.docs.append(SourceDocument(text=text, meta=meta, record=True))
        return True

    def result(self) -> tuple[tuple[SourceDocument, ...], tuple[str, ...]] | tuple[str, str]:
        """``(documents, flags)``, or ``(reason, detail)`` when the file must be rejected."""
        fm = self.fm
        if fm.records is not None and not self.records_found:
            return reasons.FIELD_NOT_FOUND, (
                f"--records {fm.records} matched no list in any of the {self.n_documents} "
                f"{self.what}(s) of the file; one {self.what}'s keys: {_keys(self.first_document)}"
            )
        if self.records_found and not self.n_records:
            return reasons.EMPTY, (
                f"every list at {fm.records!r} in the file is empty: no records (a day without "
                "stories?); nothing to load"
            )
        unmatched = sorted(f for f in fm.explicit if not self.matched[f])
        if unmatched and self.n_records:
            paths = ", ".join(f"{f}={fm.path(f)}" for f in unmatched)
            return reasons.FIELD_NOT_FOUND, (
                f"--map {paths} matched nothing in any of the {self.n_records} record(s) of the "
                f"file; one record's keys: {_keys(self.first_record)}"
            )
        if not self.docs:
            if self.matched["text"] and not fm.is_default:
                return reasons.NO_TEXT, (
                    f"all {self.matched['text']} record(s) have empty text at {fm.path('text')!r}; "
                    "nothing to load"
                )
            what = ", ".join(f"{n} {p}" for p, n in sorted(self.problems.items())) or "nothing"
            reason = reasons.BAD_JSONL if fm.is_default else reasons.FIELD_NOT_FOUND
            example = (
                f"; one record's keys: {_keys(self.first_record)}"
                if self.first_record is not MISSING and isinstance(self.first_record, dict)
                else ""
            )
            return reason, (
                f"no record with text at {fm.path('text')!r} ({what}){example}. Each record must "
                'hold its text, e.g. {"text": "…", "title": "…"}, or map it: --map text=PATH'
            )
        flags: list[str] = []
        if self.bad:
            listed = ",".join(str(n) for n in self.bad[:_MAX_LISTED_LINES])
            flags += [f"bad_jsonl_lines:{len(self.bad)}", f"bad_jsonl_line_nos:{listed}"]
        if fm.records is not None or not self.lines:
            if self.no_text:
                flags.append(f"records_without_text:{self.no_text}")
            if self.empty:
                flags.append(f"records_with_empty_text:{self.empty}")
            if self.problems["record not an object"]:
                flags.append(f"records_not_objects:{self.problems['record not an object']}")
            missing = self.problems.get(f"no list at {fm.records!r}", 0) if fm.records else 0
            if missing:
                flags.append(f"documents_without_records:{missing}")
        return tuple(self.docs), tuple(flags)


def _lines(text: str) -> Iterator[tuple[int, object | None, str]]:
    """(line number, parsed object or None, problem) for every non-blank line."""
    # Split on "\n" only: str.splitlines() also splits on U+0085, U+2028 and other
    # characters that JSON writers leave unescaped inside strings (ensure_ascii=False).
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line), ""
        except ValueError:  # JSONDecodeError (also an unpaired surrogate escape)
            yield number, None, "not JSON"
        except RecursionError:  # a line of 100k nested brackets
            yield number, None, "nested too deeply"


def _collect(
    items: Iterable[tuple[int, object | None, str]], fm: FieldMap, what: str, *, lines: bool
) -> tuple[tuple[SourceDocument, ...], tuple[str, ...]] | tuple[str, str]:
    c = _Collector(fm, what, lines=lines)
    for number, obj, problem in items:
        if problem:
            c.bad_document(number, problem)
        else:
            c.add(number, obj)
    return c.result()


def parse_jsonl(text: str, fieldmap: FieldMap = DEFAULT_FIELD_MAP) -> Parsed | ParseFailure:
    """One document per line; each gives its records (or is one). A bad line is counted.

    Without a field map a line is ``{"text": …, "title"?, "url"?, "date"?, "source"?,
    "id"?, "author"?}``; ``meta`` gets those fields present and ``line`` (1-based), so
    each document can be traced back into ``raw_text``. Flags: ``bad_jsonl_lines:N``
    and ``bad_jsonl_line_nos:3,7,…`` (first 20), and the record counts of ``_Collector``.
    """
    return _parsed(_collect(_lines(text), fieldmap, "line", lines=True))


def parse_json(text: str, fieldmap: FieldMap = DEFAULT_FIELD_MAP) -> Parsed | ParseFailure:
    """A ``.json`` file: one JSON document (an object, or an array of records).

    A file of several documents, one per line (what many scrapers write under
    ``.json``), is read as JSON Lines.
    """
    try:
        document = json.loads(text)
    except ValueError as e:
        if getattr(e, "msg", "") == "Extra data":
            return parse_jsonl(text, fieldmap)
        return ParseFailure(reasons.BAD_JSONL, f"the file is not JSON ({e}); check the export")
    except RecursionError:
        return ParseFailure(reasons.BAD_JSONL, "the JSON is nested too deeply to read")
    return _parsed(_collect([(1, document, "")], fieldmap, "document", lines=False))


def _csv_dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    try:
        return csv.Sniffer().sniff(text[:8192], delimiters=",\t;|")
    except csv.Error:
        return csv.excel


def parse_csv(text: str, fieldmap: FieldMap = DEFAULT_FIELD_MAP) -> Parsed | ParseFailure:
    """A ``.csv`` (or ``.tsv``) file with a header row: each row is a document.

    Columns are named by the header; a map's path is a column name (or a dot path into
    a column that holds JSON is not followed: CSV cells are text).
    """
    reader = csv.DictReader(io.StringIO(text, newline=""), dialect=_csv_dialect(text))

    def rows() -> Iterator[tuple[int, object | None, str]]:
        try:
            for row in reader:
                yield reader.line_num, {k: v for k, v in row.items() if k is not None}, ""
        except csv.Error as e:
            yield reader.line_num, None, f"bad CSV ({e})"

    return _parsed(_collect(rows(), fieldmap, "row", lines=True))


def parse_parquet(data: bytes, fieldmap: FieldMap = DEFAULT_FIELD_MAP) -> tuple[Parsed | ParseFailure, str]:
    """A ``.parquet`` file: each row is a document (nested columns are objects and lists).

    Rows are read in batches of ``PARQUET_BATCH_ROWS``. Returns the parse and the rows
    as JSON Lines, what ``files.raw_text`` keeps of the file: values JSON has no type
    for (dates, timestamps, decimals) are written as ``str(value)``, the same text the
    field map reads from them, so ``--full-refresh`` (which re-reads these lines with
    :func:`parse_jsonl`) makes the same articles.
    """
    import pyarrow.parquet as pq

    lines: list[str] = []

    def rows() -> Iterator[tuple[int, object | None, str]]:
        number = 0
        for batch in pq.ParquetFile(io.BytesIO(data)).iter_batches(batch_size=PARQUET_BATCH_ROWS):
            for row in batch.to_pylist():
                number += 1
                line = json.dumps(row, ensure_ascii=False, default=str)
                lines.append(line)
                # the row as the refresh will see it: JSON types only
                yield number, json.loads(line), ""

    try:
        parsed = _parsed(_collect(rows(), fieldmap, "row", lines=True))
    except Exception as e:  # pyarrow on a damaged file: report, don't crash
        return ParseFailure(reasons.BAD_JSONL, f"the Parquet file cannot be read ({e}); check the export"), ""
    return parsed, "".join(line + "\n" for line in lines)


def _parsed(
    result: tuple[tuple[SourceDocument, ...], tuple[str, ...]] | tuple[str, str],
) -> Parsed | ParseFailure:
    if isinstance(result[0], str):
        return ParseFailure(*result)  # type: ignore[arg-type]
    return Parsed(*result)  # type: ignore[arg-type]
