"""When and whose a figure is: 截至2018年底 → 2018-12-31, 前三季度 → 2019-01/2019-09.

:func:`find_periods` reads the time expressions of a text and resolves them against the
article's date: a year as written (2019年 → ``2019``), the end of a year or month (截至2018年
底 → ``2018-12-31``, 6月底 → ``2019-06-30``), a quarter (三季度 → ``2019-Q3``), a half
(上半年 → ``2019-H1``), months (1至5月, 前5个月 → ``2019-01/2019-05``), a plan period
(十三五期间 → ``2016/2020``), a day (5月10日 → ``2019-05-10``), 目前/截至目前 (the article's
date), and years counted from the article's (今年, 去年底). A period without a year takes the
article's year, or the year before when it would otherwise lie after the article. When the
article has no date, the year stays unknown and is written ``XXXX`` (EDTF's unspecified
digits: 今年4月 → ``XXXX-04``), never guessed. A year the source stripped (从年的44.1万人)
is seen and left unresolved.

:func:`date_facts` gives each fact the period nearest before it in its sentence (or the
one right after it in its clause, when nothing stands between), and the place the
sentence names before it (the nearest place entity; 全国, 我国 → 中国).

Labels follow ISO 8601 (intervals with ``/``), with ``Qn`` and ``Hn`` for quarters and
halves; ``start`` and ``end`` are the first and last day of the period.
"""

from __future__ import annotations

import bisect
import calendar
import dataclasses
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from tasks.model import EntityMention, Fact

_CN = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
       "十": 10, "十一": 11, "十二": 12}
_CN_YEAR = str.maketrans("〇零一二三四五六七八九", "00123456789")
_N = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二两三四五六七八九])"  # a month or count 1 to 12
_DAY = r"(?:3[01]|[12][0-9]|0?[1-9])"
_YEAR = r"(?P<year>(?:19|20)[0-9]{2}|[一二][〇零一二三四五六七八九]{3})年|(?P<rel>今年|去年|前年|明年|上年|本年|当年)"
_TO = r"(?:至|到|—|\uff0d|-|~|\uff5e)"  # 1-5月, 1至5月
_PERIOD_RE = re.compile(
    rf"""(?P<lead>截至|截止到|截止|到)?
    (?:
        (?P<plan>十[一二三四五]五)(?:”)?(?:期间|时期|末)?
      | (?P<now>目前|当前|至今|迄今|现在)
      | (?P<this_yend>年底|年末)
      # a year, months or days: never empty, and tried only where a digit or a numeral
      # could open one (a regex that may match nothing is tried at every character)
      | (?=[0-9一二两三四五六七八九十今去前明上本当第下])
        (?:{_YEAR})?
        (?:
            (?P<m1>{_N}){_TO}(?P<m2>{_N})月(?:份)?
          | 前(?P<first_months>{_N})个?月
          | 前(?P<first_q>[一二三1-3])(?:个)?季度
          | (?:第)?(?P<q>[一二三四1-4])季度
          | (?P<half>上半年|下半年)
          | (?P<month>{_N})月(?:份)?(?:(?P<day>{_DAY})[日号]|(?P<mend>底|末))?
          | (?P<yend>底|末)
        )?
    )""",
    re.VERBOSE,
)
# A year the source stripped (从年的44.1万人, （年10月17日）): 年 where its digits stood, as
# tasks.normalize counts them. 到年底 is this year's end, not a stripped year.
_STRIPPED = re.compile(r"(?:^|(?<=[\s从到至于在自截止（(，,。、：:；]))年(?=[的以，,、）)0-9月])")
_PLANS = {"一": 2006, "二": 2011, "三": 2016, "四": 2021, "五": 2026}  # 十一五 … 十五五
_SENTENCE = re.compile(r"[。！？!?\n]")
_CLAUSE = re.compile(r"[，,；;。！？!?\n]")
_NATION = re.compile(r"全国|我国|中国")


@dataclass(frozen=True, slots=True)
class Period:
    """A time expression: ``label`` (None when unresolvable), first and last day when
    the year is known, the words as written and where they are."""

    label: str | None
    start: dt.date | None
    end: dt.date | None
    text: str
    begin: int
    stop: int


def _num(s: str) -> int:
    return int(s) if s.isdigit() else _CN[s]


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _year_of(m: re.Match[str], published: dt.date | None) -> int | None:
    if m.group("year"):
        return int(m.group("year").translate(_CN_YEAR))
    rel = m.group("rel")
    if rel and published:
        return published.year + {"今年": 0, "本年": 0, "当年": 0, "去年": -1, "上年": -1, "前年": -2, "明年": 1}[rel]
    return None


def _resolve(m: re.Match[str], published: dt.date | None) -> tuple[str, dt.date | None, dt.date | None] | None:
    """(label, start, end) of one match, or None when it names no period."""
    g = m.group
    if g("plan"):
        first = _PLANS[g("plan")[1]]
        return f"{first}/{first + 4}", dt.date(first, 1, 1), dt.date(first + 4, 12, 31)
    if g("now"):
        return (published.isoformat(), published, published) if published else None
    if g("this_yend"):
        if not g("lead"):
            return None  # 年底 alone: a stripped year, or no period
        return (f"{published.year}-12-31", dt.date(published.year, 12, 31),
                dt.date(published.year, 12, 31)) if published else ("XXXX-12-31", None, None)
    year = _year_of(m, published)
    explicit = bool(g("year") or g("rel"))
    if not explicit and not any(g(k) for k in ("m1", "first_months", "first_q", "q", "half", "month")):
        return None  # 底 alone, or nothing
    if g("rel") and year is None and not any(g(k) for k in ("m1", "first_months", "first_q", "q", "half", "month", "yend")):
        return None  # 今年 in an undated article: nothing known
    months: tuple[int, int]
    day: int | None = None
    kind = "months"
    if g("m1"):
        months = (_num(g("m1")), _num(g("m2")))
    elif g("first_months"):
        months = (1, _num(g("first_months")))
    elif g("first_q"):
        months = (1, 3 * _num(g("first_q")))
    elif g("q"):
        kind, months = "quarter", (3 * _num(g("q")) - 2, 3 * _num(g("q")))
    elif g("half"):
        kind = "half"
        months = (1, 6) if g("half") == "上半年" else (7, 12)
    elif g("month"):
        month = _num(g("month"))
        months = (month, month)
        if g("day"):
            kind, day = "day", int(g("day"))
        elif g("mend"):
            kind = "month_end"
    elif g("yend"):
        kind, months = "year_end", (12, 12)
    else:
        kind, months = "year", (1, 12)
    if not (1 <= months[0] <= months[1] <= 12):
        return None
    if year is None and not explicit and published is not None:
        year = published.year
        # 12月份 in a January story is last year's; 到6月底 (by the end of June) is a target
        if dt.date(year, months[0], 1) > published and g("lead") != "到":
            year -= 1
    y = f"{year:04d}" if year is not None else "XXXX"
    if kind == "year":
        label = y
    elif kind == "quarter":
        label = f"{y}-Q{months[1] // 3}"
    elif kind == "half":
        label = f"{y}-H{1 if months[0] == 1 else 2}"
    elif kind == "year_end":
        label = f"{y}-12-31"
    elif kind == "month_end":
        label = f"{y}-{months[0]:02d}-{_last_day(year, months[0]) if year else 'XX'}"
    elif kind == "day":
        label = f"{y}-{months[0]:02d}-{day:02d}"
    elif months[0] == months[1]:
        label = f"{y}-{months[0]:02d}"
    else:
        label = f"{y}-{months[0]:02d}/{y}-{months[1]:02d}"
    if year is None:
        return label, None, None
    try:
        if kind == "day":
            start = end = dt.date(year, months[0], day)  # type: ignore[arg-type]
        elif kind in ("year_end", "month_end"):
            start = end = dt.date(year, months[1], _last_day(year, months[1]))
        else:
            start, end = dt.date(year, months[0], 1), dt.date(year, months[1], _last_day(year, months[1]))
    except ValueError:  # 2月30日
        return None
    return label, start, end


def find_periods(text: str, published: dt.date | None = None) -> list[Period]:
    """Every time expression in ``text``, resolved against ``published`` (see the module
    docstring); a stripped year gives a Period whose label is None.

    >>> [p.label for p in find_periods("截至2018年底，前三季度，去年底", dt.date(2019, 10, 20))]
    ['2018-12-31', '2019-01/2019-09', '2018-12-31']
    """
    out: list[Period] = []
    for m in _PERIOD_RE.finditer(text):
        if m.end() == m.start():
            continue
        # a number run on from the left, or an ordinal, is not a month or a year (第12月, 3012年)
        if m.start() > 0 and (text[m.start() - 1].isdigit() or text[m.start() - 1] == "第"):
            continue
        resolved = _resolve(m, published)
        if resolved is None:
            continue
        label, start, end = resolved
        out.append(Period(label, start, end, m.group(0), m.start(), m.end()))
    for m in _STRIPPED.finditer(text):
        out.append(Period(None, None, None, m.group(0), m.start(), m.end()))
    out.sort(key=lambda p: (p.begin, -p.stop))
    return out


def _sentence_bounds(ends: Sequence[int], start: int, end: int, size: int) -> tuple[int, int]:
    """The sentence around [start, end): ``ends`` are the offsets of the text's sentence ends."""
    i = bisect.bisect_left(ends, start)
    lo = ends[i - 1] + 1 if i else 0
    j = bisect.bisect_left(ends, end)
    return lo, ends[j] if j < len(ends) else size


def _period_for(
    text: str, fact: Fact, periods: Sequence[Period], facts: Sequence[Fact], ends: Sequence[int],
) -> Period | None:
    lo, hi = _sentence_bounds(ends, fact.start, fact.end, len(text))
    before = [p for p in periods if lo <= p.begin and p.stop <= fact.start]
    if before:
        return before[-1]
    if fact.role == "from":
        return None  # the period after a "from" value is the "to" value's
    clause = _CLAUSE.search(text, fact.end)
    limit = min(hi, clause.start() if clause else len(text))
    after = [p for p in periods if fact.end <= p.begin and p.stop <= limit]
    if not after:
        return None
    if any(fact.end <= f.start < after[0].begin for f in facts):
        return None  # another figure stands between: the period is that one's
    return after[0]


def _place_for(text: str, fact: Fact, places: Sequence[EntityMention], ends: Sequence[int]) -> str | None:
    lo, _ = _sentence_bounds(ends, fact.start, fact.end, len(text))
    best: tuple[int, str] | None = None
    for e in places:
        if lo <= e.start and e.end <= fact.start and (best is None or e.end > best[0]):
            best = (e.end, e.name)
    for m in _NATION.finditer(text, lo, fact.start):
        if best is None or m.end() > best[0]:
            best = (m.end(), "中国")
    return best[1] if best else None


def date_facts(
    text: str, facts: Sequence[Fact], entities: Sequence[EntityMention] = (),
    published: dt.date | None = None,
) -> tuple[Fact, ...]:
    """``facts`` with ``as_of`` (and its start, end and words) and ``place`` filled in
    from their sentences.

    >>> from tasks.extract.facts import extract_facts
    >>> text = "截至2018年底我省六盘山片区7.2万户26.65万人脱贫"
    >>> [(f.raw, f.as_of) for f in date_facts(text, extract_facts(text))]
    [('7.2万户', '2018-12-31'), ('26.65万人', '2018-12-31')]
    """
    if not facts:
        return ()
    periods = find_periods(text, published)
    places = [e for e in entities if e.kind == "place"]
    ends = [m.start() for m in _SENTENCE.finditer(text)]
    out = []
    for f in facts:
        p = _period_for(text, f, periods, facts, ends)
        place = _place_for(text, f, places, ends)
        if p is None:
            out.append(dataclasses.replace(f, place=place))
            continue
        out.append(dataclasses.replace(f, as_of=p.label, as_of_start=p.start, as_of_end=p.end,
                                       as_of_text=p.text, place=place))
    return tuple(out)
