"""The records that move between the pipeline's steps.

Every step is a plain function from these records to these records; the flow
only moves them around. They are frozen so a step can never change what an
earlier step produced, and plain so they pickle cheaply to worker processes.

Offsets are always character offsets (Python ``str`` indices), end exclusive.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import NamedTuple

# --------------------------------------------------------------------- ingest


@dataclass(frozen=True, slots=True)
class SourceDocument:
    """One document read from an input file, before normalization.

    A ``.txt`` file is one document; a ``.jsonl`` file gives one per line and an
    ``.html`` page one after main-text extraction. ``meta`` carries what the
    format already told us (``title``, ``date``, ``url``, ``source``, ``id``, ``author``).
    ``record`` marks one record of a scraper's export (a JSON, JSON Lines, CSV or
    Parquet record): one article, never split, whose metadata is the article's.
    """

    text: str
    meta: dict[str, str] = field(default_factory=dict)
    record: bool = False


@dataclass(frozen=True, slots=True)
class FileRecord:
    """An input file that was read and decoded.

    ``file_id`` is the sha256 of the bytes, so the same bytes are the same file
    wherever they come from. ``raw_text`` is the whole decoded file (decompressed;
    a Parquet file's rows as JSON Lines), kept in the warehouse so every article can
    be re-derived without the original; ``field_map`` (JSON) is the field map it was
    read with, so a refresh reads it the same way.
    """

    file_id: str
    path: str
    size_bytes: int
    encoding: str
    format: str  # txt | md | html | jsonl | json | csv | parquet
    raw_text: str
    documents: tuple[SourceDocument, ...]
    mtime: float | None = None
    quality_flags: tuple[str, ...] = ()  # e.g. "decoded_with_replacements"
    field_map: str | None = None  # FieldMap.to_json() when not the default


@dataclass(frozen=True, slots=True)
class Rejection:
    """An input that could not be read; ``reason`` is a code from tasks.reasons."""

    path: str
    reason: str
    detail: str
    file_id: str | None = None
    size_bytes: int | None = None


# ------------------------------------------------------------------ normalize


@dataclass(frozen=True, slots=True)
class RemovedLine:
    """A line (or part of one) taken out of a file as page chrome or a repeat.

    ``line_no`` is 1-based in the file's ``raw_text``; ``reason`` is a code from
    ``tasks.reasons.REMOVED_LINE_REASONS``.
    """

    line_no: int
    text: str
    reason: str
    doc_index: int = 0  # which SourceDocument of the file the line belongs to
    # A part of a line removed (a dateline, inline chrome): where ``text`` sat in the line
    # as written; None when the whole line went.
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True, slots=True)
class Repair:
    """A character changed beyond plain t2s.

    ``offset`` indexes the article's normalized ``text``; ``original`` is what
    the input had there (before t2s), ``replacement`` what the text now holds.
    ``rule`` is a code from ``tasks.reasons.REPAIR_RULES``.
    """

    offset: int
    original: str
    replacement: str
    rule: str


@dataclass(frozen=True, slots=True)
class Article:
    """One article split out of a file, normalized to Simplified Chinese."""

    seq: int  # 0-based position of the article in its file
    title: str | None
    text: str  # normalized Simplified body: chrome removed, repaired
    script: str  # simplified | traditional | mixed
    start: int  # offsets of the article's span in the file's raw_text
    end: int
    source: str | None = None  # outlet: 庆阳网, 湖北日报 …
    authors: tuple[str, ...] = ()  # reporters and editors as written
    date_text: str | None = None  # the date as written (may lack a year)
    published_date: dt.date | None = None  # only when the text gives the year
    masked_chars: int = 0  # '*' masks left in the text (not restorable)
    stripped_digits: int = 0  # places where the source dropped digits (年 without a year)
    repairs: tuple[Repair, ...] = ()
    doc_index: int = 0
    meta: dict[str, str] = field(default_factory=dict)  # extra metadata (url, editor lines …)
    source_id: str | None = None  # the record's own id in the scrape (a record's ``id`` field)

    @property
    def char_count(self) -> int:
        return len(self.text)


@dataclass(frozen=True, slots=True)
class NormalizedFile:
    """What normalize made of one file: its articles and every line it removed."""

    file_id: str
    articles: tuple[Article, ...]
    removed_lines: tuple[RemovedLine, ...]


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """``normalize_text`` result for one-off text (the ``newsflow normalize`` verb)."""

    text: str
    script: str
    repairs: tuple[Repair, ...]
    removed_lines: tuple[RemovedLine, ...] = ()


# -------------------------------------------------------------------- extract


@dataclass(frozen=True, slots=True)
class Place:
    """Where a place name sits in the administrative hierarchy (when resolvable)."""

    province: str | None = None
    prefecture: str | None = None
    county: str | None = None
    code: str | None = None  # GB/T 2260 administrative code
    country: str | None = None  # 中国 for every Chinese division; a foreign place's country


@dataclass(frozen=True, slots=True)
class EntityMention:
    """One mention of a person, place or organisation in an article's text."""

    kind: str  # person | place | org
    name: str  # canonical name (深圳 and 深圳市 → 深圳市)
    start: int
    end: int
    title: str | None = None  # persons: the official title as written
    place: Place | None = None  # places: the resolved hierarchy
    surface: str | None = None  # the text as written, when it differs from name


@dataclass(frozen=True, slots=True)
class Post:
    """A post named in an official title: 国务院|副总理, 庆阳市委|书记, 美国|总统.

    ``post`` is the full post as analysts write it when the title (or its context) says
    whose it is (``resolved``); otherwise the title as written (总统, 市委书记).
    ``start``/``end`` index the title string given to :func:`tasks.extract.posts_of`, or
    the article's text in a :class:`PostMention`.
    """

    post: str
    head: str  # the title head: 总理, 书记, 总统
    organisation: str | None  # 国务院, 庆阳市委, 外交部 (None for a head of state: 美国总统)
    place: str | None  # canonical place: 中国 (national posts), 庆阳市, 美国
    country: str | None  # 中国 or the foreign country the post belongs to
    qualifier: str | None  # as written: 代 常务 兼 原 前 时任 已故 退休 当选 候任 名誉
    tense: str  # current | former (原/前/时任…, obituaries, anniversaries) | elect | honorary
    resolved: bool  # organisation/place known: the post can be compared across articles
    holders: str  # single (one holder at a time) | multi
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class PostMention:
    """A person named with a post in an article: 国务院总理|李克强, 普京|总统.

    Offsets index the article's text: ``post`` spans the post as written, ``person_*``
    the name. ``sentence_year`` is the latest year written before the name in its
    sentence (2012年, 时任…): a sentence about an earlier year is no evidence of today.
    """

    person: str
    post: Post
    person_start: int
    person_end: int
    sentence_year: int | None = None


@dataclass(frozen=True, slots=True)
class Fact:
    """A numeric fact: 26.65万人 → value 266500, unit 人.

    ``as_of`` is the period the figure refers to, as its sentence says (截至2018年底 →
    ``2018-12-31``; see ``tasks.extract.periods``), with its first and last day and the
    words it was read from; ``place`` is whose figure it is, when the sentence names it.
    """

    subject: str | None
    value: float
    unit: str | None
    raw: str
    start: int
    end: int
    role: str | None = None  # for change expressions: "from" | "to"
    as_of: str | None = None
    as_of_start: dt.date | None = None
    as_of_end: dt.date | None = None
    as_of_text: str | None = None
    place: str | None = None


@dataclass(frozen=True, slots=True)
class SloganMention:
    """A quoted phrase; ``phrase`` is canonical (Simplified, no spaces or inner punctuation).

    ``kind`` says what the quotation is (slogan, formula, name, term, quotation; see
    ``tasks.extract.slogans``); names carry their ``name_class`` (weapon, ship, operation,
    organisation …), and ``cue`` is the word next to the quote that told (行动, 极端组织).
    An unquoted item of a listed numbered formula has ``quoted`` False and the formula as
    its ``cue``.
    """

    phrase: str
    raw: str
    start: int
    end: int
    kind: str = "slogan"
    name_class: str | None = None
    cue: str | None = None
    quoted: bool = True  # False: an item of a numbered formula the text lists (政治意识)


class TermCount(NamedTuple):
    """How often a term occurs in one article, with its part of speech.

    A NamedTuple, not a frozen dataclass like the other records: an article has hundreds
    of terms, and building these tuples is about 3x cheaper.
    """

    term: str
    pos: str
    n: int


@dataclass(frozen=True, slots=True)
class Keyword:
    term: str
    weight: float
    rank: int


@dataclass(frozen=True, slots=True)
class MeetingRole:
    """A person's role at a meeting held: chair, speech, attend, report or pledge.

    ``position`` is the 1-based place in the list the cue governs (中共中央政治局常委李克强、
    栗战书、汪洋…出席), ``partial`` whether that list ends with 等; start/end span the name.
    """

    person: str  # canonical name
    surface: str  # the name as written
    title: str | None  # the title as written with the name in this report
    role: str
    cue: str  # the cue as written (主持, 出席会议并讲话, 通报了)
    position: int
    partial: bool
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Meeting:
    """A meeting the article reports as held; start/end span its first held mention.

    ``name`` is as written (a head written apart from its body is joined to it:
    中共中央政治局会议), ``name_norm`` the form meetings are matched on. ``cluster_key`` is
    what makes two articles' meetings one (None: this article's alone).
    """

    name: str
    name_norm: str
    kind: str  # the meeting head it ends in (座谈会, 全体会议, 电视电话会议 …)
    series_no: int | None  # 第五次 → 5
    held_on: dt.date | None  # only a day written in the text, resolved against the article date
    date_text: str | None  # that day as written
    place: str | None
    level: str | None  # national | provincial | prefectural | county | international
    start: int
    end: int
    roles: tuple[MeetingRole, ...] = ()
    cluster_key: str | None = None


@dataclass(frozen=True, slots=True)
class Statement:
    """Something said: 贠建民指出，…; 会议强调，…; 他说：“…”.

    start/end span the content (to the end of its sentence, or inside the quotes of a
    direct quote); ``cue_start`` is where the verb is written. ``meeting`` indexes the
    Extraction's meetings when the statement is part of a meeting's report.
    """

    speaker: str  # a person's canonical name, or the meeting word as written (会议, 全会)
    speaker_kind: str  # person | meeting
    resolution: str  # explicit | pronoun | carried
    verb: str
    verb_class: str  # assert | say | direct | propose | announce
    direct: bool
    content: str
    start: int
    end: int
    cue_start: int
    meeting: int | None = None


@dataclass(frozen=True, slots=True)
class DocumentMention:
    """A title in 《…》: the document it names, its kind and issuer, and the citing verb.

    ``title`` is the document cited (关于印发《X》的通知 cites X; a short 《意见》 after the
    full title is that title); ``surface`` is what the brackets hold here.
    """

    title: str
    surface: str
    kind: str
    issuer: str | None
    verb: str | None
    start: int  # the opening 《
    end: int  # just past the closing 》


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything extract found in one article's normalized text."""

    entities: tuple[EntityMention, ...]
    facts: tuple[Fact, ...]
    slogans: tuple[SloganMention, ...]
    terms: tuple[TermCount, ...]
    keywords: tuple[Keyword, ...]
    dict_version: str
    posts: tuple[PostMention, ...] = ()
    meetings: tuple[Meeting, ...] = ()
    statements: tuple[Statement, ...] = ()
    documents: tuple[DocumentMention, ...] = ()
