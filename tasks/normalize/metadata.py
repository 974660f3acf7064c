"""An article's source, authors and dates, read from its lines and the removed ones.

Reads the dateline (湖北日报讯, 新华社), reporters in brackets, editor, source, byline,
banner and photo-credit lines that chrome removal took out of the body, and the
document's own metadata (a JSON record's ``source``, ``date``). A date without a year
is completed only by year evidence in the same article; never guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

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


def read_meta(body: list[str], meta_lines: list[Line], doc_meta: dict[str, str]) -> _Meta:
    """Source, authors and dates of one article (body: converted kept lines)."""
    meta = _Meta()
    # the dateline is the first line that is not headline-shaped
    first = next((b for b in body if not is_heading(b)), body[0] if body else "")
    text = "\n".join(body)
    head = text
    m = _OUTLET.match(first) or _WIRE.match(first)
    if m:
        meta.source = m.group(1)
    for m in _REPORTER.finditer(head):
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
        dm = _FULL_DATE.search(doc_meta["date"]) or _SLASH_DATE.search(doc_meta["date"])
        if dm:
            meta.published = _valid_date(*map(int, dm.groups()))
    return meta
