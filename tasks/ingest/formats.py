"""Turn a decoded input file into documents, by format.

One function per format, each from the decoded text to a :class:`Parsed` (the
documents plus quality flags) or a :class:`ParseFailure` (a ``tasks.reasons``
code and a detail). None of them raises for bad input: a library error on a
pathological page becomes a ``ParseFailure``, so one bad file never ends a run.

- ``.txt`` / ``.md``: the whole text is one document (``text == raw_text``).
- ``.html`` / ``.htm``: main text extracted with trafilatura (offline: it never
  fetches anything when given a string); ``title``, ``date``, ``url`` and
  ``source`` (the site name) go into ``meta``.
- ``.jsonl``: one article per line, ``{"text": …, "title"?, "url"?, "date"?,
  "source"?}``; bad lines are counted in flags, the good ones kept.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass

from tasks import reasons
from tasks.model import SourceDocument

__all__ = [
    "FORMATS",
    "SUPPORTED_SUFFIXES",
    "ParseFailure",
    "Parsed",
    "format_for_suffix",
    "parse",
    "parse_html",
    "parse_jsonl",
    "parse_text",
]

# Metadata keys a jsonl line may carry, kept as strings in SourceDocument.meta.
JSONL_META_KEYS: tuple[str, ...] = ("title", "url", "date", "source")
# How many bad line numbers to list in the flag (the count is always exact).
_MAX_LISTED_LINES = 20


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


# ------------------------------------------------------------------- text


def parse_text(text: str) -> Parsed:
    """A plain-text or Markdown file is one document, its text unchanged."""
    return Parsed((SourceDocument(text=text),))


# ------------------------------------------------------------------ jsonl


def _meta_value(value: object) -> str | None:
    # Numbers (a numeric date or id) are kept as text; lists/objects/null are not metadata.
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return str(value)
    return None


def parse_jsonl(text: str) -> Parsed | ParseFailure:
    """One document per valid line; a bad line is counted, never fatal.

    A line is valid when it is a JSON object whose ``text`` is a non-empty
    string. Blank lines are ignored. ``meta`` gets ``title``/``url``/``date``/
    ``source`` when present, and ``line`` (1-based line number) so the document
    can be traced back into ``raw_text``. Flags: ``bad_jsonl_lines:N`` and
    ``bad_jsonl_line_nos:3,7,…`` (first 20).
    """
    docs: list[SourceDocument] = []
    bad: list[int] = []
    problems: dict[str, int] = {}
    # Split on "\n" only: str.splitlines() also splits on U+0085, U+2028 and other
    # characters that JSON writers leave unescaped inside strings (ensure_ascii=False).
    for line_no, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except ValueError:  # JSONDecodeError (also an unpaired surrogate escape)
            bad.append(line_no)
            problems["not JSON"] = problems.get("not JSON", 0) + 1
            continue
        except RecursionError:  # a line of 100k nested brackets
            bad.append(line_no)
            problems["nested too deeply"] = problems.get("nested too deeply", 0) + 1
            continue
        if not isinstance(obj, dict):
            bad.append(line_no)
            problems["not an object"] = problems.get("not an object", 0) + 1
            continue
        body = obj.get("text")
        if not isinstance(body, str) or not body.strip():
            bad.append(line_no)
            problems['no non-empty "text"'] = problems.get('no non-empty "text"', 0) + 1
            continue
        meta = {"line": str(line_no)}
        for key in JSONL_META_KEYS:
            value = _meta_value(obj.get(key))
            if value is not None:
                meta[key] = value
        docs.append(SourceDocument(text=body, meta=meta))

    if not docs:
        what = ", ".join(f"{n} {p}" for p, n in sorted(problems.items())) or "no lines"
        return ParseFailure(
            reasons.BAD_JSONL,
            f"no valid article line ({what}); each line must be a JSON object with a "
            'non-empty "text" field, e.g. {"text": "…", "title": "…"}',
        )
    flags: tuple[str, ...] = ()
    if bad:
        listed = ",".join(str(n) for n in bad[:_MAX_LISTED_LINES])
        flags = (f"bad_jsonl_lines:{len(bad)}", f"bad_jsonl_line_nos:{listed}")
    return Parsed(tuple(docs), flags)


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

FORMATS: dict[str, tuple[str, Callable[[str], Parsed | ParseFailure]]] = {
    ".txt": ("txt", parse_text),
    ".md": ("md", parse_text),
    ".html": ("html", parse_html),
    ".htm": ("html", parse_html),
    ".jsonl": ("jsonl", parse_jsonl),
}
SUPPORTED_SUFFIXES: tuple[str, ...] = tuple(FORMATS)


def format_for_suffix(suffix: str) -> str | None:
    """``txt``/``md``/``html``/``jsonl`` for a file suffix (any case), or None."""
    entry = FORMATS.get(suffix.lower())
    return entry[0] if entry else None


def parse(suffix: str, text: str) -> Parsed | ParseFailure:
    """Parse decoded ``text`` by the file ``suffix``; never raises."""
    entry = FORMATS.get(suffix.lower())
    if entry is None:
        return ParseFailure(
            reasons.UNSUPPORTED_FORMAT,
            f"unsupported file type {suffix or '(no extension)'!r}; supported: "
            + ", ".join(SUPPORTED_SUFFIXES),
        )
    try:
        return entry[1](text)
    except Exception as e:  # a parser bug must not end the run
        return ParseFailure(reasons.NO_TEXT, f"parsing failed unexpectedly: {e!r}")
