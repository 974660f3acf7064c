"""Where one document holds several articles, and which line is each one's title.

A new article starts where a headline follows chrome, stands right under a repeat of
the page headline with paragraphs of its own, is followed by a dateline, or where the
paragraph layout changes (two pages pasted one after the other). Never splits inside
a run of body paragraphs.
"""

from __future__ import annotations

import re

from tasks import reasons
from tasks.normalize.chrome import BULLETS, END_OF_ARTICLE, Line, is_repeated_headline
from tasks.normalize.rules import CJK

KICKER = re.compile(r"(强调|指出|表示|要求|说|称|时指出|时强调|发表讲话|讲话)$")
SUBTITLE = re.compile(r"^(——|--|――|—)")
DATELINE = re.compile(
    r"^[\s(（]*("
    r"[\u4e00-\u9fff]{2,12}?(讯|消息)"  # 湖北日报讯, 贺州新闻网讯
    r"|(本报|新华社|中新社|中新网|人民网|央视网)"
    r"|[(（][^()（）]{0,14}(记者|通讯员)"  # (记者 李妮)
    r"|[\u4e00-\u9fff]{2,12}\d{1,2}月\d{1,2}日电"
    r")"
)


# --------------------------------------------------------- article splitting


def split_points(kept: list[Line], lines: list[Line]) -> list[int]:
    """Indexes into ``kept`` where a new article starts (always includes 0)."""
    points = [0]
    by_no = {ln.no: ln for ln in lines}
    for k, ln in enumerate(kept):
        if k == 0 or ln.kind != "heading":
            continue
        if kept[k - 1].kind == "heading" and not _removed_between(kept[k - 1], ln, by_no):
            continue  # inside a headline block: the block starts earlier
        # the line before the block (chrome or blank skipped) in the document
        prev_no = ln.no - 1
        while prev_no >= 1 and not by_no[prev_no].raw:
            prev_no -= 1
        after_chrome = prev_no >= 1 and by_no[prev_no].reason in END_OF_ARTICLE
        # the first body line after the headline block
        j = k + 1
        while (
            j < len(kept)
            and kept[j].kind == "heading"
            and not _removed_between(kept[j - 1], kept[j], by_no)
        ):
            j += 1
        dateline = (
            j < len(kept)
            and kept[j].kind == "body"
            and bool(DATELINE.match(kept[j].conv))
            and not _removed_between(kept[j - 1], kept[j], by_no)
        )
        # A headline straight under a repeat of the page headline, with paragraphs of
        # its own below and paragraphs of the piece before above: a second piece on the
        # same page (seed 000: the meeting report, then the commentary 向党和人民交出优异答卷).
        # Section headings inside an article (学习宁德经验，全力以赴…) follow body text,
        # not a repeated page headline, so they never start an article here.
        after_page_headline = (
            prev_no >= 1
            and by_no[prev_no].reason == reasons.DUP_HEADLINE
            and _body_run(kept, j) >= 2
            and any(o.kind == "body" for o in kept[points[-1] : k])
        )
        if after_chrome or dateline or after_page_headline:
            points.append(k)
    points.extend(_layout_changes(kept, points))
    return sorted(set(points))


def _body_run(kept: list[Line], j: int) -> int:
    """How many body paragraphs (not headings) follow from ``kept[j]`` on."""
    n = 0
    while j + n < len(kept) and kept[j + n].kind == "body":
        n += 1
    return n


def _removed_between(a: Line, b: Line, by_no: dict[int, Line]) -> bool:
    return any(by_no[n].raw and by_no[n].reason for n in range(a.no + 1, b.no))


def _layout_changes(kept: list[Line], points: list[int]) -> list[int]:
    """Split where paragraph layout changes: ≥3 paragraphs packed line after line,
    then ≥3 separated by blank lines (two pages' texts pasted one after the other,
    seed 003's third article). Bullet lists are not paragraphs here."""
    body = [
        (k, ln)
        for k, ln in enumerate(kept)
        if ln.kind == "body" and not ln.raw.startswith(tuple(BULLETS[:6]))
    ]
    out = []
    for n in range(3, len(body) - 2):
        before = [ln for _, ln in body[n - 3 : n]]
        after = [ln for _, ln in body[n : n + 3]]
        k = body[n][0]
        if (
            not any(ln.gap for ln in before[1:])
            and all(ln.gap for ln in after)
            and not any(p for p in points if body[n - 3][0] < p <= k)
        ):
            out.append(k)
    return out



def pick_title(block: list[Line], lines: list[Line]) -> Line | None:
    for ln in block:
        if is_repeated_headline(ln, lines):
            return ln
    plain = [
        ln
        for ln in block
        if not KICKER.search(ln.conv) and not SUBTITLE.match(ln.conv) and CJK.search(ln.conv)
    ]
    return plain[-1] if plain else (block[-1] if block else None)
