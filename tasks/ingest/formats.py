"""Turn a decoded input file into documents, by format.

One function per format, each from the decoded text to a :class:`Parsed` (the
documents plus quality flags) or a :class:`ParseFailure` (a ``tasks.reasons`` code
and a detail). None of them raises for bad input: a library error on a pathological
page becomes a ``ParseFailure``, so one bad file never ends a run.

- ``.txt`` / ``.md``: the whole text is one document (``text == raw_text``).
- ``.html`` / ``.htm`` and pages saved as ``.shtml``, ``.xhtml``, ``.asp``, ``.aspx``,
  ``.php``, ``.jsp``: main text extracted with trafilatura (offline: it never fetches
  anything when given a string); ``title``, ``date``, ``url`` and ``source`` (the site
  name) go into ``meta``.
- ``.jsonl``, ``.json``, ``.csv``/``.tsv``, ``.parquet``: records, read with a field map
  (:mod:`.records`, :mod:`.fieldmap`); each record is one document.
- a file with no extension: the content decides (a page, JSON, or text).

Any of these may be compressed (``.gz``, ``.bz2``, ``.xz``, ``.zst``: :mod:`.compression`).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

from tasks import reasons
from tasks.ingest.compression import COMPRESSIONS
from tasks.ingest.fieldmap import DEFAULT_FIELD_MAP, FieldMap
from tasks.ingest.records import Parsed, ParseFailure, parse_csv, parse_json, parse_jsonl
from tasks.model import SourceDocument

__all__ = [
    "FORMATS",
    "RECORD_FORMATS",
    "SUPPORTED_SUFFIXES",
    "ParseFailure",
    "Parsed",
    "input_kind",
    "parse",
    "parse_html",
    "parse_jsonl",
    "parse_text",
    "sniff_format",
]

# ------------------------------------------------------------------- text


def parse_text(text: str) -> Parsed:
    """A plain-text or Markdown file is one document, its text unchanged."""
    return Parsed((SourceDocument(text=text),))


# ------------------------------------------------------------------- html


def _trafilatura_config():  # -> configparser.ConfigParser
    from trafilatura.settings import use_config

    config = use_config()
    # Chinese is dense: a 100-character article is a real article, but
    # trafilatura's defaults (250/200 characters) were tuned for English.
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "50")
    config.set("DEFAULT", "MIN_OUTPUT_SIZE", "10")
    config.set("DEFAULT", "MIN_EXTRACTED_COMM_SIZE", "10")
    config.set("DEFAULT", "MIN_OUTPUT_COMM_SIZE", "10")
    return config


_CONFIG = None


def parse_html(text: str) -> Parsed | ParseFailure:
    """Extract the main text of an HTML page with trafilatura (no network).

    ``meta`` gets ``title``, ``date`` (ISO, as found in the page), ``url`` (the
    canonical/og URL in the page) and ``source`` (the site name) when found.
    When trafilatura finds no main text, the page's whole visible text is used
    instead and the file is flagged ``html_fallback_extraction``; a page with
    no visible text at all is ``no_text``.
    """
    global _CONFIG
    try:
        import trafilatura
    except ImportError:
        return ParseFailure(
            reasons.NO_TEXT,
            "HTML input needs the trafilatura package: pip install 'trafilatura>=2.0'",
        )
    if _CONFIG is None:
        _CONFIG = _trafilatura_config()
    # trafilatura logs every page it finds too short at WARNING; the flag says it once.
    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    logging.getLogger("htmldate").setLevel(logging.ERROR)
    flags: list[str] = []
    try:
        doc = trafilatura.bare_extraction(
            text,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            deduplicate=False,  # normalize records repeated lines; do not drop them silently here
            config=_CONFIG,
        )
    except Exception as e:  # lxml/trafilatura on a pathological page: report, don't crash
        return ParseFailure(reasons.NO_TEXT, f"HTML extraction failed ({e!r}); check the page")
    body = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    meta: dict[str, str] = {}
    if doc is not None:
        for key, attr in (("title", "title"), ("date", "date"), ("url", "url"), ("source", "sitename")):
            value = getattr(doc, attr, None)
            if isinstance(value, str) and value.strip():
                meta[key] = value.strip()
    if not body:
        try:
            body = (trafilatura.html2txt(text) or "").strip()
        except Exception:
            body = ""
        if body:
            flags.append("html_fallback_extraction")
    if not body:
        return ParseFailure(
            reasons.NO_TEXT,
            "the HTML page has no extractable text; if the site renders its articles with "
            "JavaScript, save the rendered page (or the article text) instead",
        )
    if "title" not in meta:
        flags.append("html_no_title")
    if "date" not in meta:
        flags.append("html_no_date")
    return Parsed((SourceDocument(text=body, meta=meta),), tuple(flags))


# ---------------------------------------------------------------- dispatch

# Suffix → format. Chinese government and broadcaster sites serve .shtml; pages saved
# from PHP/ASP/JSP sites keep their script's extension.
FORMATS: dict[str, str] = {
    ".txt": "txt",
    ".md": "md",
    ".html": "html",
    ".htm": "html",
    ".shtml": "html",
    ".xhtml": "html",
    ".asp": "html",
    ".aspx": "html",
    ".php": "html",
    ".jsp": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".csv": "csv",
    ".tsv": "csv",
    ".parquet": "parquet",
}
SUPPORTED_SUFFIXES: tuple[str, ...] = (*FORMATS, *COMPRESSIONS)
# Formats whose documents are records, read with the field map.
RECORD_FORMATS = frozenset({"jsonl", "json", "csv", "parquet"})

_PAGE = re.compile(r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta\s|<title>", re.I)


def input_kind(name: str) -> tuple[str | None, str | None] | None:
    """``(format, compression)`` for a file name, or None for an unsupported type.

    The format is None when the name has no extension: :func:`sniff_format` decides
    on the content. ``news.jsonl.gz`` → ``("jsonl", "gzip")``; ``page.shtml`` →
    ``("html", None)``; ``photo.png`` → None.

    >>> input_kind("xwlb-2013.jsonl.gz"), input_kind("VIDE1363260843312138")
    (('jsonl', 'gzip'), (None, None))
    """
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem:  # no extension (a hidden name like ".env" has none either)
        return None, None
    ext = "." + ext.lower()
    compression = COMPRESSIONS.get(ext)
    if compression is not None:
        inner = input_kind(stem)
        if inner is None or inner[1] is not None:
            return None  # x.png.gz, or compressed twice
        return inner[0], compression
    fmt = FORMATS.get(ext)
    return (fmt, None) if fmt else None


def sniff_format(text: str) -> str:
    """The format of a file with no extension, from its first characters.

    A page (``<!DOCTYPE html``, ``<html``, ``<body`` …) is ``html``; a JSON object or
    array is ``json``; anything else is ``txt``.
    """
    head = text[:4096].lstrip("\ufeff \t\r\n")
    if head[:1] in "{[" and head:
        return "json"
    if _PAGE.search(head):
        return "html"
    return "txt"


_PARSERS: dict[str, Callable[[str, FieldMap], Parsed | ParseFailure]] = {
    "txt": lambda text, fm: parse_text(text),
    "md": lambda text, fm: parse_text(text),
    "html": lambda text, fm: parse_html(text),
    "jsonl": parse_jsonl,
    "json": parse_json,
    "csv": parse_csv,
    # files.raw_text keeps a Parquet file's rows as JSON Lines: a refresh reads those
    "parquet": parse_jsonl,
}


def parse(fmt: str, text: str, fieldmap: FieldMap = DEFAULT_FIELD_MAP) -> Parsed | ParseFailure:
    """Parse decoded ``text`` of format ``fmt`` (``txt``, ``html``, ``jsonl`` …); never raises.

    A default ``source`` of the field map is given to every document that names none.
    """
    parser = _PARSERS.get(fmt)
    if parser is None:
        return ParseFailure(
            reasons.UNSUPPORTED_FORMAT,
            f"unsupported format {fmt!r}; supported: " + ", ".join(sorted(_PARSERS)),
        )
    try:
        parsed = parser(text, fieldmap)
    except Exception as e:  # a parser bug must not end the run
        return ParseFailure(reasons.NO_TEXT, f"parsing failed unexpectedly: {e!r}")
    return with_default_source(parsed, fieldmap)


def with_default_source(parsed: Parsed | ParseFailure, fieldmap: FieldMap) -> Parsed | ParseFailure:
    """Give the field map's default source to every document that names none."""
    label = fieldmap.source
    if not label or isinstance(parsed, ParseFailure):
        return parsed
    docs = tuple(
        d if d.meta.get("source") else SourceDocument(d.text, {**d.meta, "source": label}, d.record)
        for d in parsed.documents
    )
    return Parsed(docs, parsed.flags)
