"""Normalize raw scraped news text to clean Simplified Chinese articles.

Nothing is dropped silently: every removed line comes back as a ``RemovedLine``
with a reason from ``tasks.reasons``, every character changed beyond plain t2s as
a ``Repair`` with its rule. The steps, per line of a document:

1. classify the line (:mod:`.chrome`): page chrome (``rules/chrome_patterns.tsv``), a line seen in
   many files of the corpus, a repeated headline or line, a photo caption, a byline; and cut
   the page furniture a scraper joined into a line of text (:mod:`.inline`: 我要评论,
   相关新闻： and its list, (XWT185)), recorded as removed parts of the line with offsets;
2. convert what is kept (:mod:`.repairs`): look-alike repair and ``*`` restoration decided on the
   context (dictionary words of jieba's dictionary), then plain t2s
   (``tasks.normalize.t2s``, identical to opencc-python-reimplemented), then the correction
   layer of ``rules/t2s_corrections.tsv`` (official-OpenCC updates, hand corrections);
3. split the document into articles (:mod:`.split`) where a new headline starts after chrome or
   right under a repeat of the page headline (with paragraphs of its own), or a
   headline is followed by a dateline, or the paragraph layout changes; the title
   line is recorded as a removed line (reason ``title``), so kept plus removed lines
   rebuild every document;
4. read metadata (:mod:`.metadata`: title, source, authors, dates) from the article and from the
   editor, source and byline lines that were taken out of the body.

Throughput rests on one set test per line (``chrome.lines_of``): most lines of
Simplified news hold no character that t2s, a repair or a correction acts on, and
such a line skips every later conversion step.

Every conversion keeps the length of the line (t2s maps one character to one,
repairs replace one character by one), so an offset into the input line is the
same offset into the output line.

The other modules: :mod:`.rules` loads the data files of ``rules/``; :mod:`.t2s` is the
plain conversion; :mod:`.script` names an article's script; :mod:`.sentences` splits text
into sentences; :mod:`.dedup` fingerprints articles and finds duplicates.

What its neighbours call: :func:`normalize_file` (a file's documents to articles, removed
lines and repairs), with :func:`find_common_lines` over a batch first; :func:`normalize_text`
(one text, as ``newsflow normalize`` prints it); ``exact_key``, ``signature`` and
``DuplicateIndex`` for duplicates; :func:`warm_up` to load the tables before the first article.

>>> normalize_text("分享到:\\n脫貧攻堅苐五次會議").text
'脱贫攻坚第五次会议'
"""

from __future__ import annotations

from collections.abc import Sequence

from tasks import reasons
from tasks.model import (
    Article,
    FileRecord,
    NormalizedFile,
    NormalizedText,
    RemovedLine,
    Repair,
    SourceDocument,
)
from tasks.normalize.chrome import (
    DATE_PREFIX,
    Line,
    classify,
    find_common_lines,
    line_key,
    lines_of,
    mark_bylines,
    removed_of,
)
from tasks.normalize.dedup import DuplicateIndex, exact_key, signature
from tasks.normalize.masks import count_masks
from tasks.normalize.metadata import Dateline, read_dateline, read_meta
from tasks.normalize.repairs import convert, convert_line, count_stripped_digits
from tasks.normalize.script import script_of
from tasks.normalize.sentences import split_sentences
from tasks.normalize.split import KICKER, pick_title, split_points
from tasks.normalize.t2s import to_simplified
from tasks.normalize.words import word_pairs

__all__ = [
    "DuplicateIndex",
    "convert",
    "exact_key",
    "find_common_lines",
    "normalize_file",
    "normalize_text",
    "signature",
    "split_sentences",
    "to_simplified",
    "warm_up",
]



def _assemble(lines: Sequence[Line]) -> tuple[str, list[Repair]]:
    """Join converted lines with newlines; repairs re-based onto the joined text."""
    parts: list[str] = []
    repairs: list[Repair] = []
    pos = 0
    for ln in lines:
        if ln.plain:
            conv = ln.raw
        else:
            conv, reps = convert_line(ln.raw, ln.conv, ln.hits)
            repairs.extend(Repair(r.offset + pos, r.original, r.replacement, r.rule) for r in reps)
        parts.append(conv)
        pos += len(conv) + 1
    return "\n".join(parts), repairs



def _span(ln: Line) -> tuple[int, int]:
    """Where the kept text of ``ln`` starts and ends in the document's text: inline chrome
    cut at either end of the line lies outside it."""
    start, end = ln.lead, ln.lead + len(ln.raw) + sum(e - s for s, e, _, _ in ln.cuts)
    for s, e, _, _ in ln.cuts:  # the cuts at the start, one after the other
        if s == start:
            start = e
    for s, e, _, _ in reversed(ln.cuts):  # … and at the end
        if e == end:
            end = s
    return ln.start + start, ln.start + end


# A record's byline stands under its title: among its first lines.
_RECORD_BYLINE_WITHIN = 3
_META_REASONS = frozenset(
    {
        reasons.BYLINE,
        reasons.EDITOR_LINE,
        reasons.SOURCE_LINE,
        reasons.TIMESTAMP,
        reasons.BANNER,
        reasons.PHOTO_CAPTION,
    }
)


def _articles_of(
    doc: SourceDocument, doc_index: int, common_lines: frozenset[str], seq0: int
) -> tuple[list[Article], list[RemovedLine]]:
    lines = lines_of(doc.text)
    # A record is read as a story, not a page: see classify; and a byline is one of its
    # first lines (deeper down, a name under a title introduces who speaks next).
    classify(lines, common_lines, record=doc.record, title=doc.meta.get("title"))
    kept = [ln for ln in lines if ln.raw and ln.reason is None]
    mark_bylines(kept, within=_RECORD_BYLINE_WITHIN if doc.record else None)
    kept = [ln for ln in kept if ln.reason is None]
    if doc.record:
        # One record is one article: never split, never emptied. A record whose every
        # line looks like chrome keeps them all (the rules are wrong about it, not the record).
        if not kept:
            for ln in lines:
                ln.reason = None
            kept = [ln for ln in lines if ln.raw]
        points = [0] if kept else []
    else:
        points = split_points(kept, lines) if kept else []
    articles: list[Article] = []
    cuts: list[RemovedLine] = []
    for a, p in enumerate(points):
        q = points[a + 1] if a + 1 < len(points) else len(kept)
        part = kept[p:q]
        first_no = part[0].no if a > 0 else 1
        last_no = kept[q].no - 1 if q < len(kept) else len(lines)
        title, title_line = _title_of(doc, part, lines)
        body_lines = [ln for ln in part if ln is not title_line]
        start = _span(part[0])[0]
        end = _span(part[-1])[1]
        head, dateline = _cut_dateline(body_lines, doc_index, cuts)
        body_lines = [ln for ln in body_lines if ln.reason is None]
        text, repairs = _assemble(body_lines)
        meta_lines = [
            ln for ln in lines if first_no <= ln.no <= last_no and ln.reason in _META_REASONS
        ]
        body_conv = text.split("\n") if text else []
        meta = read_meta(body_conv, meta_lines, doc.meta, head=head, dateline=dateline,
                         record=doc.record)
        script_lines = body_lines + ([title_line] if title_line is not None else [])
        extra = dict(meta.extra)
        for key in ("url",):
            if doc.meta.get(key):
                extra[key] = doc.meta[key]
        articles.append(
            Article(
                seq=seq0 + a,
                title=title,
                text=text,
                script=script_of(script_lines),
                start=start,
                end=end,
                source=meta.source,
                authors=tuple(meta.authors),
                date_text=meta.date_text,
                published_date=meta.published,
                masked_chars=count_masks(text),
                stripped_digits=count_stripped_digits(text),
                repairs=tuple(repairs),
                doc_index=doc_index,
                meta=extra,
                source_id=doc.meta.get("id") if doc.record else None,
            )
        )
    removed = removed_of(lines, doc_index) + cuts
    removed.sort(key=lambda r: (r.line_no, r.start or 0))
    return articles, removed


def _title_of(doc: SourceDocument, part: list[Line], lines: list[Line]) -> tuple[str | None, Line | None]:
    """The article's title, and the line it was taken from (recorded as removed, reason
    ``title``), if any."""
    if doc.record and doc.meta.get("title"):
        # A record's own title is the article's, as given. Its first line repeating it
        # (a page's headline scraped with the body) is that title, not text.
        title = doc.meta["title"]
        first = part[0]
        if len(part) > 1 and first.key == line_key(to_simplified(title)):
            first.reason = reasons.TITLE
            return title, first
        return title, None
    # leading headline block → title; the rest of the block stays in the body
    block = []
    for ln in part:
        if ln.kind != "heading":
            break
        block.append(ln)
    title_line = pick_title(block, lines) if block and len(block) < len(part) else None
    if title_line is not None:
        # Moved to Article.title and recorded as a removed line (reason ``title``),
        # so kept lines plus removed lines still rebuild the document.
        title_line.reason = reasons.TITLE
        title_conv, _ = convert_line(title_line.raw)
        return DATE_PREFIX.sub("", title_conv).strip() or None, title_line
    # No headline above the body: the first heading inside it names it, and
    # stays in the body. Seed 003's third piece (an essay pasted after another)
    # is one case. Seed 004 is another: a forum repost whose 导读 intro comes
    # before the 署名文章; its first heading is the signed article's own headline
    # (传承红色基因…收官之战), which is what a reader would call the piece, and not
    # the forum's truncated thread title (…市委书记市长发表联合).
    inner = [ln for ln in part[:8] if ln.kind == "heading" and not KICKER.search(ln.conv)]
    return (convert_line(inner[0].raw)[0] if inner else doc.meta.get("title")), None


# The dateline is looked for in the first lines of a story, up to its first body line:
# a story opens with it, after its headline block at most.
_DATELINE_WITHIN = 3


def _find_dateline(body: list[Line]) -> tuple[int, Dateline] | None:
    """The index of the line that opens with the dateline, and the dateline read."""
    for k, ln in enumerate(body[:_DATELINE_WITHIN]):
        dateline = read_dateline(ln.conv)
        if dateline is not None:
            return k, dateline
        if ln.kind != "heading":
            return None
    return None


def _cut_dateline(
    body: list[Line], doc_index: int, cuts: list[RemovedLine]
) -> tuple[str | None, Dateline | None]:
    """Cut the dateline from the head of the story; recorded in ``cuts`` with its offsets.

    Returns the head line as it was (converted) and the dateline read, or ``(None, None)``.
    The line keeps the rest (offsets into the input line stay exact: conversion keeps
    lengths); a line that is all dateline is removed whole (reason ``dateline``), unless
    it is all the story has.
    """
    found = _find_dateline(body)
    if found is None:
        return None, None
    k, dateline = found
    ln = body[k]
    head = ln.conv
    kept = ln.raw[: dateline.end].rstrip()
    if len(kept) == len(ln.raw):
        if len(body) == 1:
            return None, None
        ln.reason = reasons.DATELINE
        head = next((b.conv for b in body[k + 1 :] if b.kind != "heading"), body[k + 1].conv)
        return dateline.text + head, dateline
    cuts.append(RemovedLine(ln.no, kept, reasons.DATELINE, doc_index,
                            start=ln.lead, end=ln.lead + len(kept)))
    skipped = len(ln.raw) - len(ln.raw[dateline.end :].lstrip())
    ln.raw, ln.conv = ln.raw[skipped:], ln.conv[skipped:]
    ln.lead += skipped
    ln.key = line_key(ln.conv)
    return head, dateline


def normalize_file(
    record: FileRecord, *, common_lines: frozenset[str] = frozenset()
) -> NormalizedFile:
    """Split every document of ``record`` into normalized articles.

    Recorded: each removed line as a ``RemovedLine`` (``line_no`` 1-based within
    the document's text, ``doc_index`` the document); each character changed
    beyond plain t2s as a ``Repair`` on its article (offset into ``Article.text``).
    ``Article.start``/``end`` are offsets into the document's text. A headline line
    moved to ``Article.title`` is recorded as a removed line with reason ``title``, so
    for each document the kept lines (the articles' text lines, in order) plus the
    removed lines are exactly its non-blank lines; a removed part of a line (inline
    chrome: ``RemovedLine.start``/``end`` set, offsets in the line as written) is out
    of its kept line. ``common_lines`` comes from
    :func:`find_common_lines` over the corpus; such lines are removed as
    ``corpus_repeat``.
    """
    documents = record.documents or (SourceDocument(record.raw_text),)
    articles: list[Article] = []
    removed: list[RemovedLine] = []
    for doc_index, doc in enumerate(documents):
        arts, rem = _articles_of(doc, doc_index, common_lines, len(articles))
        articles.extend(arts)
        removed.extend(rem)
    return NormalizedFile(record.file_id, tuple(articles), tuple(removed))




def warm_up() -> None:
    """Load every table normalize uses, so the first article pays nothing.

    The look-alike repair's word tables (~1 s) are otherwise built lazily by the first
    article that needs a repair: in the middle of the flow, instead of in the warm-up
    that overlaps Prefect's start.
    """
    normalize_text("脫貧攻堅")
    word_pairs()


def normalize_text(text: str) -> NormalizedText:
    """Normalize one piece of text: Simplified, repaired, chrome and repeats removed.

    Unlike :func:`normalize_file` nothing is split off as a title: every kept line
    is in ``text`` (joined with newlines, stripped), so kept lines plus
    ``removed_lines`` are all non-blank input lines (a removed part of a line, inline
    chrome, has its offsets in the line). ``repairs`` index the returned text.

    >>> normalize_text("鈈漏一村").text  # 鈈 is 不 here; plain t2s would write 钚
    '不漏一村'
    """
    lines = lines_of(text)
    classify(lines, frozenset())
    kept = [ln for ln in lines if ln.raw and ln.reason is None]
    out, repairs = _assemble(kept)
    return NormalizedText(
        text=out,
        script=script_of(kept),
        repairs=tuple(repairs),
        removed_lines=tuple(removed_of(lines, 0)),
    )
