"""An article's source, authors and dates, read from its lines and the removed ones.

Reads the dateline at the head of a story (央视网消息（新闻联播）：, 新华社北京3月5日电（记者 …）,
本报讯, (记者 … 通讯员 …): :func:`read_dateline`, cut from the text by normalize), reporters
in brackets, editor, source, byline, banner and photo-credit lines that chrome removal
took out of the body, and the document's own metadata. A record's own metadata wins:
its date is the article's date as given (:func:`record_date`), and a date in its text
never beats it; a dateline's month and day are resolved against it. Elsewhere a date
without a year is completed only by year evidence in the same article; never guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from tasks import reasons
from tasks.normalize.chrome import BULLETS, BYLINE, Line, is_heading
from tasks.normalize.repairs import restore_line

# --------------------------------------------------------- metadata

_FULL_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_SLASH_DATE = re.compile(r"(?<!\d)(\d{4})[/\-.](\d{1,2})[/\-.](\d{1,2})(?!\d)")
_MONTH_DAY = re.compile(r"(?<![\d年])(\d{1,2})月(\d{1,2})日")
# Evidence of the current year inside the text: 全市2020年决战脱贫攻坚大会,
# 全市2017年1-9月份 (a this-year report). Targets (到2020年) are not evidence.
_YEAR_EVIDENCE = re.compile(r"(?:全|本|今)[市省县区州国镇乡]?\s*(\d{4})\s*年")
_REPORTER = re.compile(r"[(（]([^()（）]{0,16}?)(记者|通讯员)\s*([^()（）]{2,30})[)）]")
_EDITOR = re.compile(
    r"(责任编辑|编辑|责编|一审|二审|三审|终审|审核|校对|监制)\s*[:：]\s*"
    r"(.+?)(?=(?:责任编辑|编辑|责编|一审|二审|三审|终审|审核|校对|监制)\s*[:：]|$)"
)
_SOURCE_LINE = re.compile(r"^[(（]?(?:来源|稿源|出处|转自|文章来源|本文来源|信息来源)[:：]\s*([^)）\s]{2,20})")
# 陇东报数字报 (an e-paper banner): the newspaper behind the site.
_PAPER_BANNER = re.compile(r"^([\u4e00-\u9fff]{2,10}?报)(?:数字报|电子报|数字版|电子版)$")
# Photo credits on removed caption lines: …基地。欧阳常海摄 / 图片来源:新华视点.
_PHOTOGRAPHER = re.compile(r"[。\s]([\u4e00-\u9fff·]{2,4})\s*/?\s*(?:摄|供图)$")
_PHOTO_SOURCE = re.compile(r"(?:图片来源|图片|图)[:：]\s*(\S{2,20})$")
_OUTLET = re.compile(r"^[\s(（]*([\u4e00-\u9fff]{2,12}?(?:网|报|台|社|发布|新闻|客户端|中心))(?:讯|消息)")
_WIRE = re.compile(r"^(新华社|中新社|中新网|人民网|央视网)")
_NAME_SPLIT = re.compile(r"[\s、,，/]+")
_NAME = re.compile(r"^[\u4e00-\u9fff·]{2,4}$")


def _valid_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


@dataclass
class _Meta:
    source: str | None = None
    authors: list[str] = field(default_factory=list)
    date_text: str | None = None
    published: dt.date | None = None
    extra: dict[str, str] = field(default_factory=dict)

    def add_author(self, name: str) -> None:
        name = name.strip()
        if _NAME.match(name) and name not in self.authors:
            self.authors.append(name)


def _names(value: str) -> list[str]:
    return [n for n in _NAME_SPLIT.split(value.strip()) if _NAME.match(n)]


# --------------------------------------------------------- datelines

_HAN = r"[\u4e00-\u9fff]"
# The outlet of a dateline: 本报/本台 (the publication itself), or a name ending like an
# outlet's (央视网, 新华社, 湖北日报, 贺州新闻网, 郴州发布). 消息 and 讯 alone are common words;
# only after such a name, at the head of a story, are they a dateline.
_DATELINE = re.compile(
    r"^[(（【\[]?\s*"
    r"(?P<outlet>本报|本台|本网|本刊|" + _HAN + r"{1,12}?(?:网|报|台|社|新闻|客户端|中心|发布|之声))"
    r"(?:(?P<place>" + _HAN + r"{2,10}?)?\s*(?:(?P<year>\d{4})\s*年)?\s*(?P<month>\d{1,2})\s*月"
    r"\s*(?P<day>\d{1,2})\s*日)?"
    r"(?P<kind>电|讯|消息)"
    r"(?:\s*[(（](?P<bracket>[^()（）]{1,40})[)）])?"
    r"(?P<colon>\s*[:：])?[\s】\]]*"
)
# (记者 张三 通讯员 李四) at the head, with no outlet before it.
_REPORTER_HEAD = re.compile(
    r"^[(（](?P<bracket>[^()（）]{0,12}?(?:记者|通讯员|实习生)[^()（）]{1,40})[)）][\s:：]*"
)
_REPORTER_WORDS = re.compile(r"记者|通讯员|实习生")
_LOCAL = frozenset({"本报", "本台", "本网", "本刊"})


@dataclass(frozen=True, slots=True)
class Dateline:
    """The dateline or lead at the head of a story, as :func:`read_dateline` read it."""

    end: int  # characters it takes at the start of the line (with the colon and spaces after it)
    text: str  # as written (stripped)
    outlet: str | None = None  # 央视网, 新华社, 湖北日报; 本报 and 本台 are the publication itself
    place: str | None = None  # 北京, 华盛顿
    year: int | None = None
    month: int | None = None
    day: int | None = None
    program: str | None = None  # 新闻联播 in 央视网消息（新闻联播）
    reporters: tuple[str, ...] = ()


def _reporters(bracket: str) -> list[str]:
    return _names(re.sub(r"(特约记者|记者|通讯员|摄影|实习生|报道)", " ", bracket))


def read_dateline(line: str) -> Dateline | None:
    """The dateline at the head of ``line`` (a converted body line), or None.

    Reads up to three pieces in a row (央视网消息(新闻联播)：本台消息： …). ``end`` is how
    much of the line they take; what follows is the story (nothing, when the dateline
    stands on a line of its own).

    >>> d = read_dateline("新华社北京3月5日电（记者 张三 李四）十二届全国人大一次会议5日开幕。")
    >>> d.outlet, d.place, d.month, d.day, d.reporters
    ('新华社', '北京', 3, 5, ('张三', '李四'))
    >>> read_dateline("这个消息让人振奋。") is None
    True
    """
    pos = 0
    found: dict[str, Any] = {}
    reporters: list[str] = []
    for _ in range(3):
        rest = line[pos:]
        m = _DATELINE.match(rest)
        if m is not None and _is_dateline(m):
            bracket = (m.group("bracket") or "").strip()
            if _REPORTER_WORDS.search(bracket):
                reporters.extend(_reporters(bracket))
            elif bracket:
                found.setdefault("program", bracket)
            found.setdefault("outlet", m.group("outlet"))
            for key in ("place", "year", "month", "day"):
                if m.group(key) and key not in found:
                    found[key] = m.group(key) if key == "place" else int(m.group(key))
            pos += m.end()
            continue
        r = _REPORTER_HEAD.match(rest)
        if r is not None:
            reporters.extend(_reporters(r.group("bracket")))
            pos += r.end()
            continue
        break
    if not pos:
        return None
    return Dateline(
        end=pos,
        text=line[:pos].strip(),
        reporters=tuple(dict.fromkeys(reporters)),
        **found,
    )


def _is_dateline(m: re.Match[str]) -> bool:
    kind, outlet = m.group("kind"), m.group("outlet")
    dated = m.group("day") is not None
    if kind == "消息":  # 平台消息显示… is a sentence: a dateline's 消息 is followed by ： or (…)
        return bool(m.group("colon") or m.group("bracket"))
    if kind == "电":  # 新华社北京3月5日电, 中新社电; 来电 and 致电 are words
        return dated or outlet.endswith(("社", "网"))
    return outlet in _LOCAL or dated or len(outlet) >= 3  # 湖北日报讯, 本报讯, 本报北京3月5日讯


# --------------------------------------------------------- record dates

_RECORD_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_COMPACT_DATE = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})(?:\D|$)")
_EPOCH = re.compile(r"^\s*(\d{10}|\d{13})(?:\.\d+)?\s*$")
# Epoch timestamps in a Chinese scrape are read in China's time (UTC+8, no daylight saving).
_CHINA = dt.timezone(dt.timedelta(hours=8))


def record_date(value: str | None) -> dt.date | None:
    """The day of a record's date field, as given: ``2013-03-08 19:15:43``, ``2013/3/8``,
    ``2013年3月8日``, ``20130308``, ISO 8601 with a time zone (the day as written), or
    epoch seconds or milliseconds (read in China's time). None when it is none of these.

    >>> record_date("2013-03-08 19:15:43"), record_date("20190101"), record_date("3月8日")
    (datetime.date(2013, 3, 8), datetime.date(2019, 1, 1), None)
    """
    if not value:
        return None
    m = _RECORD_DATE.match(value) or _COMPACT_DATE.match(value)
    if m:
        return _valid_date(*map(int, m.groups()))
    e = _EPOCH.match(value)
    if e:
        seconds = int(e.group(1)) / (1000 if len(e.group(1)) == 13 else 1)
        return dt.datetime.fromtimestamp(seconds, _CHINA).date()
    return None


def resolve_month_day(month: int, day: int, anchor: dt.date) -> dt.date | None:
    """A month and day without a year, in the year that puts it on or before ``anchor``
    (give or take a week: a story can announce what is planned for the next days).

    >>> resolve_month_day(12, 31, dt.date(2013, 1, 2)), resolve_month_day(3, 5, dt.date(2013, 3, 6))
    (datetime.date(2012, 12, 31), datetime.date(2013, 3, 5))
    """
    date = _valid_date(anchor.year, month, day)
    if date is not None and date > anchor + dt.timedelta(days=7):
        date = _valid_date(anchor.year - 1, month, day)
    return date


# --------------------------------------------------------- reading an article's metadata


def read_meta(
    body: list[str],
    meta_lines: list[Line],
    doc_meta: dict[str, str],
    *,
    head: str | None = None,
    dateline: Dateline | None = None,
    record: bool = False,
) -> _Meta:
    """Source, authors and dates of one article (body: converted kept lines).

    ``head`` is the article's first body line before its ``dateline`` was cut: the
    outlet, reporters and date are read from it as from any first line. A ``record``'s
    own source, authors and date win over the text's.
    """
    meta = _Meta()
    # the dateline is the first line that is not headline-shaped
    first = next((b for b in body if not is_heading(b)), body[0] if body else "")
    if head is not None:
        first = head
    text = "\n".join(body)
    if dateline is not None:
        text = dateline.text + "\n" + text
    m = _OUTLET.match(first) or _WIRE.match(first)
    if m:
        meta.source = m.group(1)
    if dateline is not None:
        _dateline_meta(meta, dateline)
    for m in _REPORTER.finditer(text):
        for name in _names(re.sub(r"(记者|通讯员|摄影|实习生)", " ", m.group(3))):
            meta.add_author(name)
    stamp: tuple[str, dt.date | None] | None = None
    for ln in meta_lines:
        conv = restore_line(ln.raw)
        if ln.reason == reasons.BYLINE:
            bm = BYLINE.match(conv)
            if bm:
                meta.add_author(bm.group(2) or bm.group(3))
        elif ln.reason == reasons.EDITOR_LINE:
            for em in _EDITOR.finditer(conv):
                for name in _names(em.group(2)):
                    meta.add_author(name)
                meta.extra.setdefault("editors", "")
                meta.extra["editors"] = (meta.extra["editors"] + " " + em.group(0)).strip()
        elif ln.reason == reasons.SOURCE_LINE:
            sm = _SOURCE_LINE.match(conv)
            if sm and meta.source is None:
                meta.source = sm.group(1)
        elif ln.reason == reasons.BANNER:
            pm = _PAPER_BANNER.match(conv.lstrip(BULLETS))
            if pm:
                meta.extra.setdefault("newspaper", pm.group(1))
        elif ln.reason == reasons.PHOTO_CAPTION:
            # Photo credits go to meta, not authors: they credit the picture, not the text.
            for key, rx in (("photographers", _PHOTOGRAPHER), ("photo_sources", _PHOTO_SOURCE)):
                cm = rx.search(conv)
                if cm and cm.group(1) not in meta.extra.get(key, "").split("、"):
                    meta.extra[key] = "、".join(filter(None, (meta.extra.get(key), cm.group(1))))
        elif ln.reason == reasons.TIMESTAMP and stamp is None:
            tm = _SLASH_DATE.search(conv) or _FULL_DATE.search(conv)
            if tm:
                stamp = (tm.group(0), _valid_date(*map(int, tm.groups())))
    if record and _record_meta(meta, doc_meta, dateline):
        return meta
    if meta.source is None and doc_meta.get("source"):
        meta.source = doc_meta["source"]
    # Dates: a full dateline first, then a post timestamp, then a year-less dateline
    # completed only by year evidence in the same article.
    lead = first[:60]
    fm = _FULL_DATE.search(lead)
    md = _MONTH_DAY.search(first[:40])
    if fm:
        meta.date_text = fm.group(0)
        meta.published = _valid_date(*map(int, fm.groups()))
    elif stamp is not None:
        meta.date_text, meta.published = stamp
    elif md:
        meta.date_text = md.group(0)
        years = Counter(int(y) for y in _YEAR_EVIDENCE.findall(text))
        if years:
            year = years.most_common(1)[0][0]
            meta.published = _valid_date(year, int(md.group(1)), int(md.group(2)))
    if meta.date_text is None and doc_meta.get("date"):
        meta.date_text = doc_meta["date"]
        meta.published = record_date(doc_meta["date"])
        dm = _FULL_DATE.search(doc_meta["date"]) or _SLASH_DATE.search(doc_meta["date"])
        if meta.published is None and dm:
            meta.published = _valid_date(*map(int, dm.groups()))
    return meta


def _record_meta(meta: _Meta, doc_meta: dict[str, str], dateline: Dateline | None) -> bool:
    """A record's own fields over what the text says; True when its date settled the date."""
    # Its source (or the run's --source label) before the dateline's outlet; the
    # dateline's stays in meta (dateline_source).
    if doc_meta.get("source"):
        meta.source = doc_meta["source"]
    if doc_meta.get("author"):
        given = [n.strip() for n in _AUTHOR_SPLIT.split(doc_meta["author"]) if n.strip()]
        meta.authors = list(dict.fromkeys(given + meta.authors))
    day = record_date(doc_meta.get("date"))
    if day is None:
        return False
    # A date inside the story never beats the record's: the record's date, as given.
    meta.date_text, meta.published = doc_meta["date"], day
    if dateline is not None and dateline.month and dateline.day:
        on = (_valid_date(dateline.year, dateline.month, dateline.day) if dateline.year
              else resolve_month_day(dateline.month, dateline.day, day))
        if on is not None:
            meta.extra["dateline_date"] = on.isoformat()
    return True


_AUTHOR_SPLIT = re.compile(r"[、,，;；/]+|\s{2,}")


def _dateline_meta(meta: _Meta, d: Dateline) -> None:
    """Reporters, and what a dateline says beyond them, kept in ``articles.meta``."""
    for name in d.reporters:
        meta.add_author(name)
    meta.extra["dateline"] = d.text
    if d.outlet:
        meta.extra["dateline_source"] = d.outlet
        if meta.source is None and d.outlet not in _LOCAL:
            meta.source = d.outlet
    if d.place:
        meta.extra["dateline_place"] = d.place
    if d.program:
        meta.extra["program"] = d.program
    if d.month and d.day:
        meta.extra["dateline_date"] = (
            f"{d.year}-{d.month:02d}-{d.day:02d}" if d.year else f"{d.month}月{d.day}日"
        )
