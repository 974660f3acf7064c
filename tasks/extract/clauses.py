"""What the meeting, statement and document rules share: sentences, people, dates.

Finds nothing itself. Everything works on the article's text and the person mentions the
entity pass already found (no second tokenization): sentence spans come from one regex
over the text, the people of a stretch from a bisection over the sorted mentions, and a
date written in the text (5日, 3月13日, 今天) is resolved against the article's date,
never guessed without one.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from tasks.extract import gazetteer, tokenizer
from tasks.extract.facts import parse_number
from tasks.extract.lexicon import looks_like_name, orgish, title_ending_at, title_starting_at
from tasks.model import EntityMention

# Marks that end a clause / a sentence. Scraped text mixes full- and half-width commas.
STOP = "，。；！？,;!?\n"
SENTENCE_END = "。！？!?\n"
_SENTENCE_RE = re.compile(r"[^。！？!?\n]+[。！？!?]*[”\u2019」』]*")

# 他/她 as a pronoun, not inside 其他, 他们, 他人, 她们, 吉他.
PRONOUN_RE = re.compile(r"(?<![其吉])[他她](?![们人国乡])")

_CN = "零〇一二两三四五六七八九十"
_NUM = rf"(?:[0-9\uff10-\uff19]{{1,4}}|[{_CN}]{{1,4}})"
# 2016年12月14日 / 12月14日 / 14日 / 14号 / 今天 …; a range 14日至16日 is read at its first day.
DATE_RE = re.compile(
    rf"(?:(?P<y>[0-9\uff10-\uff19]{{4}}|[{_CN}]{{4}})年)?(?:(?P<m>{_NUM})月)?(?P<d>{_NUM})[日号](?![报元])"
    r"|(?P<rel>今天|今日|昨天|昨日|前天)"
)
# The people of a byline (记者谢慧敏) report the story; they take no part in it.
_BYLINE_TITLES = ("记者", "通讯员", "编辑", "责编", "摄影", "实习生")
_RELATIVE_DAYS = {"今天": 0, "今日": 0, "昨天": -1, "昨日": -1, "前天": -2}


def cn_int(s: str) -> int | None:
    """'17' → 17, '十七' → 17, full-width digits too (None when not a whole number)."""
    value = parse_number(s)
    return int(value) if value is not None and value == int(value) else None


def resolve_date(m: re.Match[str], published: dt.date | None) -> dt.date | None:
    """The day a DATE_RE match names, read against the article's date.

    A day without a year needs the article's date, and is taken as the latest such day
    on or before it (a story reports what was held, not what will be): 30日 in a story of
    1 August is 30 July. Without an article date only a full date resolves.

    >>> resolve_date(DATE_RE.search("5日"), dt.date(2016, 12, 16))
    datetime.date(2016, 12, 5)
    >>> resolve_date(DATE_RE.search("12月30日"), dt.date(2017, 1, 2))
    datetime.date(2016, 12, 30)
    >>> resolve_date(DATE_RE.search("3月13日"), None) is None
    True
    """
    if m.group("rel"):
        return published + dt.timedelta(days=_RELATIVE_DAYS[m.group("rel")]) if published else None
    day = cn_int(m.group("d"))
    month = cn_int(m.group("m")) if m.group("m") else None
    year = cn_int(m.group("y")) if m.group("y") else None
    if day is None:
        return None
    try:
        if year is not None and month is not None:
            return dt.date(year, month, day)
        if published is None:
            return None
        if month is not None:
            found = dt.date(published.year, month, day)
            # a day well after the story is last year's (a story of 2 January on 30 December)
            return found.replace(year=published.year - 1) if (found - published).days > 31 else found
        if day <= published.day + 1:
            return published.replace(day=day)
        first = published.replace(day=1) - dt.timedelta(days=1)  # the month before
        return first.replace(day=day)
    except ValueError:  # 2月30日, 31日 in a 30-day month: not a day
        return None


@dataclass(frozen=True, slots=True)
class Person:
    """A person mention: canonical ``name``, the text as written, its span and title."""

    name: str
    surface: str
    start: int
    end: int
    title: str | None


@dataclass
class Context:
    """One article as the discourse rules read it: text, sentences, people, places, date."""

    text: str
    entities: Sequence[EntityMention]
    published: dt.date | None = None
    sentences: list[tuple[int, int]] = field(init=False)
    people: list[Person] = field(init=False)
    _starts: list[int] = field(init=False, repr=False)
    _sentence_starts: list[int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.sentences = [m.span() for m in _SENTENCE_RE.finditer(self.text)]
        self._sentence_starts = [s for s, _ in self.sentences]
        people = sorted(
            (m for m in self.entities if m.kind == "person" and _name_shaped(self.text, m.start, m.end)
             and not (m.title or "").endswith(_BYLINE_TITLES)),
            key=lambda m: m.start,
        )
        self.people = [_trimmed(self.text, m) for m in people]
        self._starts = [p.start for p in self.people]

    def sentence_at(self, pos: int) -> int:
        """Index of the sentence holding ``pos`` (the last one starting at or before it)."""
        return max(0, bisect.bisect_right(self._sentence_starts, pos) - 1)

    def people_in(self, start: int, end: int) -> list[Person]:
        """People whose mention lies inside [start, end), in text order."""
        i = bisect.bisect_left(self._starts, start)
        out = []
        while i < len(self.people) and self.people[i].start < end:
            if self.people[i].end <= end:
                out.append(self.people[i])
            i += 1
        return out

    def places_in(self, start: int, end: int) -> list[EntityMention]:
        return [m for m in self.entities if m.kind == "place" and start <= m.start and m.end <= end]


def _trimmed(text: str, m: EntityMention) -> Person:
    """The person of a mention, without the end of a title it starts with (执行主|席王晨: 主席
    is a title, the name is 王晨)."""
    for k in (1, 2):
        if m.end - m.start - k >= 2 and title_ending_at(text, m.start + k) > k:
            name = m.name[k:] if m.name == text[m.start : m.end] else m.name
            return Person(name, text[m.start + k : m.end], m.start + k, m.end, m.title)
    return Person(m.name, text[m.start : m.end], m.start, m.end, m.title)


def _name_shaped(text: str, start: int, end: int) -> bool:
    """False for a "person" that ends inside a title word (国家副|主席: 副主席 is a title)."""
    return not any(title_starting_at(text, end - k) > k for k in (1, 2) if end - k > start)


def dates_in(text: str, start: int, end: int) -> list[re.Match[str]]:
    """Date expressions inside text[start:end] (matches index ``text``)."""
    return list(DATE_RE.finditer(text, start, end))


def clause_start(text: str, pos: int, floor: int = 0) -> int:
    """Offset just after the last clause stop before ``pos`` (not before ``floor``)."""
    i = pos
    while i > floor and text[i - 1] not in STOP:
        i -= 1
    return i


def sentence_end(text: str, pos: int) -> int:
    """Offset of the sentence-ending mark at or after ``pos`` (or the text's end)."""
    i = pos
    while i < len(text) and text[i] not in SENTENCE_END:
        i += 1
    return i


def name_in_head(ctx: Context, head: str) -> str | None:
    """A name the entity pass missed, making up a clause's head before its verb with at
    most a title before or after it (普京说, 斯洛伐克总理菲乔表示, 栗战书委员长出席): shaped like
    a Chinese name, or written after a title somewhere in the article (俄罗斯总统普京).
    Never a word, a place or an organisation."""
    name = head
    after = title_ending_at(name, len(name))
    if after and len(name) - after >= 2:  # 栗战书|委员长
        name = name[: len(name) - after]
    for k in range(len(name) - 1, 0, -1):  # 总理菲乔: the name after a title at the head's start
        if title_ending_at(name, k) and len(name[:k]) <= 12 and not re.search("[的了在对把将]", name[:k]):
            name = name[k:]
            break
    if re.match("[的之了等和与及在]", name) or title_ending_at(name, len(name)):
        return None  # 习主席: a title is no name
    if not (2 <= len(name) <= 10) or not all("\u3400" <= c <= "\u9fff" or c == "·" for c in name):
        return None
    if name.endswith(("方", "们", "人", "者", "界", "国", "省", "市", "县")) or gazetteer.is_place_name(name):
        return None
    lx = tokenizer.lexicon()
    tag = lx.tags.get(name, "")
    if (tag.startswith(("v", "a", "d")) or tag in ("n", "nt", "vn")) and lx.freq.get(name, 0) >= 50:
        return None  # 批示, 文章, 外交部: words, even after a title (总理批示)
    if "·" not in name and len(name) > 4:
        return None
    text = ctx.text
    taught = any(title_ending_at(text, m.start()) for m in re.finditer(re.escape(name), text))
    return name if taught or (looks_like_name(name) and not orgish(name)) else None
