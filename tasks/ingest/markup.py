"""HTML inside a record's fields: tags out, paragraphs kept as lines, entities unescaped.

Scrapers keep an article's body as the site served it, an HTML fragment
(``<p>　　央视网消息(新闻联播)：…</p>\\r\\n<p>…</p>``). This turns such a value into
text the way a reader sees it: block tags (``p``, ``br``, ``div``, ``li``, headings,
table rows) end a line, other tags go, ``script``/``style`` and comments go with their
content, entities with a semicolon are unescaped (``&ldquo;`` → “), and each line is
trimmed of spaces and full-width indents (``　　``). A value with no tag and no entity
is returned unchanged, so plain text is never touched (``AT&T`` stays).

One compiled regex pass per value, no parser: this runs on every record of an export.
Never drops text between tags; the original value stays in ``files.raw_text``.
"""

from __future__ import annotations

import html
import re

__all__ = ["looks_like_markup", "strip_markup"]

_MARKUP = re.compile(r"<[a-zA-Z/!][^<>]*>|&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});")
_DROP = re.compile(r"<(script|style|noscript|template)\b[^>]*>.*?</\1\s*>|<!--.*?-->", re.I | re.S)
_BLOCK = (
    r"p|br|div|li|ul|ol|h[1-6]|tr|table|section|article|blockquote|pre|dd|dt|dl|hr"
    r"|header|footer|figure|figcaption|center"
)
_TAG = re.compile(rf"<(/?)({_BLOCK})\b[^<>]*>|<[a-zA-Z/!][^<>]*>", re.I)
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});")
# Spaces, full-width indents and non-breaking spaces (&nbsp;) at either end of a line.
_EDGE = " \t\r\f\v\u3000\xa0\u2002\u2003\u2009\u200b\ufeff"


def looks_like_markup(value: str) -> bool:
    """True when ``value`` holds a tag or an entity (with its semicolon)."""
    return _MARKUP.search(value) is not None


def _tag(m: re.Match[str]) -> str:
    return "\n" if m.group(2) else ""


def _entity(m: re.Match[str]) -> str:
    out = html.unescape(m.group())
    # A non-breaking space is a space here; a broken reference (&#0;) is left as written.
    return " " if out == "\xa0" else out


def strip_markup(value: str) -> str:
    """The text of an HTML fragment, one paragraph per line; plain text unchanged.

    >>> strip_markup("<p>　　央视网消息：&ldquo;两会&rdquo;开幕。</p>\\r\\n<p>　　第二段。</p>")
    '央视网消息：“两会”开幕。\\n第二段。'
    >>> strip_markup("AT&T 3<5")
    'AT&T 3<5'
    """
    if not looks_like_markup(value):
        return value
    text = _DROP.sub("", value)
    text = _TAG.sub(_tag, text)
    text = _ENTITY.sub(_entity, text)
    if "&" in text:  # entities escaped twice (&amp;ldquo;): a common scraper slip
        text = _ENTITY.sub(_entity, text)
    lines = (line.strip(_EDGE) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    return "\n".join(line for line in lines if line)
