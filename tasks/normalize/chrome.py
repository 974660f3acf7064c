"""Page chrome and repeats: which lines of a document are not article text.

Classifies every line: chrome by pattern (share bars, breadcrumbs, banners, editor
and source lines, link lists, forum spam), lines repeated across many files of a
batch, repeated headlines and lines, photo captions under a repeated headline, and
author bylines under a headline. A removed line is never lost: it comes back as a
``RemovedLine`` with its reason. Never removes a line for its content alone, and never
a line of a list (:func:`list_lines`): names of leaders who sent congratulations
(越南国家主席 张晋创), repeated under each leader they wrote to, are content, not bylines
or repeats.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from tasks import reasons
from tasks.model import RemovedLine
from tasks.normalize.inline import cut_lines
from tasks.normalize.repairs import restore_line
from tasks.normalize.rules import Rules, rule_tables
from tasks.normalize.t2s import to_simplified, to_simplified_known

# --------------------------------------------------------- line classification

BULLETS = "•·●▪◆■□○◇-–* \u3000\t"  # noqa: RUF001
TERMINAL = "。！？!?；;，,、：:…"
DATE_PREFIX = re.compile(r"^\d{1,2}[.\-/]\d{1,2}\s+")
_OFFICE = (
    r"(书记|副书记|主任|市长|县长|省长|区长|州长|主席|部长|厅长|局长|社长|总编辑|台长|"
    r"记者|通讯员|评论员|特约评论员|本报评论员)"
)
BYLINE = re.compile(
    r"^(?:[\u4e00-\u9fff、*]{0,30}?" + _OFFICE + r"\s*([\u4e00-\u9fff·]{2,4})"
    r"|(?:文|作者|撰文|文字|记者)\s*[/:：]\s*([\u4e00-\u9fff·]{2,4}))$"
)

END_OF_ARTICLE = frozenset(
    {
        reasons.RELATED_LINKS,
        reasons.HOT_POSTS,
        reasons.FORUM_SPAM,
        reasons.SHARE_BAR,
        reasons.NAVIGATION,
        reasons.EDITOR_LINE,
        reasons.SOURCE_LINE,
        reasons.CORPUS_REPEAT,
    }
)


def line_key(conv: str) -> str:
    """What two lines must share to count as repeats: no spaces, no leading date."""
    if conv[:1].isdigit():  # \d is a subset of str.isdigit: no digit, no date prefix
        conv = DATE_PREFIX.sub("", conv)
    # str.split() cuts at exactly the characters re's \s matches, at C speed.
    return "".join(conv.split())


def _chrome_reason(conv: str) -> str | None:
    bare = conv.lstrip(BULLETS)
    for reason, pattern in rule_tables().chrome:
        if pattern.search(bare):
            return reason
    return None


def is_heading(conv: str) -> bool:
    """A headline-shaped line: short and not ending like a sentence."""
    return 0 < len(conv) <= 40 and conv[-1] not in TERMINAL and "。" not in conv


@dataclass
class Line:
    no: int  # 1-based line number in the document
    start: int  # offset of the raw line in the document text
    end: int
    raw: str  # the line as written, stripped
    lead: int  # characters stripped at the left (offset of raw inside the line)
    conv: str  # plain t2s of raw (classification and metadata only)
    reason: str | None = None
    kind: str = "body"  # body | heading | byline
    gap: bool = False  # a blank line precedes it
    key: str = ""  # line_key(conv), set by classify for non-blank lines
    plain: bool = False  # holds nothing to convert or repair: conv is raw, no repairs
    hits: frozenset[str] = frozenset()  # the characters of raw in Rules.plain
    # inline chrome cut out of the line (tasks.normalize.inline): (start, end, text, reason),
    # offsets in the line as written; raw and conv then hold what is left
    cuts: tuple[tuple[int, int, str, str], ...] = ()


_LONG_LINE = 256  # from here on a table lookup beats a set test (~4x on THUCNews)


def _hits(line: str, r: Rules) -> frozenset[str]:
    """The characters of ``line`` in ``r.plain`` (usually none)."""
    if len(line) < _LONG_LINE:
        return r.plain.intersection(line)
    # Set tests make a str object per character; a long line is cheaper as an array
    # of code points looked up in a table (one C loop each, no objects).
    codes = np.frombuffer(line.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    found = codes[r.plain_lut[codes]]
    if not found.size:
        return frozenset()
    return frozenset(map(chr, found.tolist()))


def lines_of(text: str) -> list[Line]:
    # Most lines of Simplified news hold no character that t2s, a repair or a
    # correction acts on: one set test per line proves it and every later step
    # skips such a line (the throughput of the whole step rests on this).
    # The characters found (``hits``, a handful) then tell which of t2s, repairs
    # and the Traditional count a line needs, without scanning it again.
    r = rule_tables()
    lines: list[Line] = []
    pos = 0
    for no, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        lead = len(line) - len(line.lstrip())
        hits = _hits(stripped, r)
        if not hits:
            lines.append(Line(no, pos, pos + len(line), stripped, lead, stripped, plain=True))
        else:
            conv = stripped if r.t2s_triggers.isdisjoint(hits) else to_simplified_known(stripped, hits)
            lines.append(Line(no, pos, pos + len(line), stripped, lead, conv, hits=hits))
        pos += len(line) + 1
    return lines


# A run of this many short headline-shaped lines in a row is a list, whatever precedes it.
LIST_RUN = 3
_INTRO_END = ("：", ":")


def list_lines(lines: list[Line], item: Callable[[Line], bool] | None = None) -> set[int]:
    """Numbers of the lines that are items of a list, and of the lines introducing one.

    A list is a run of item lines (headline-shaped: short, not ending like a sentence;
    or ``item``) right under a line ending with a colon (向国家主席习近平致贺的有：), or a
    run of at least ``LIST_RUN`` of them packed line after line right under a paragraph
    (a headline block, at the top of a page or after chrome, is no list). Lines already
    removed as chrome are skipped.
    """
    is_item = item or (lambda ln: is_heading(ln.conv))
    body = [ln for ln in lines if ln.raw and ln.reason is None]
    out: set[int] = set()
    k = 0
    while k < len(body):
        if not is_item(body[k]):
            k += 1
            continue
        j = k
        while j < len(body) and is_item(body[j]):
            j += 1
        before = body[k - 1] if k > 0 else None
        intro = before if before is not None and before.conv.endswith(_INTRO_END) else None
        packed = (
            j - k >= LIST_RUN
            and before is not None
            and before.no == body[k].no - 1
            and not any(ln.gap for ln in body[k + 1 : j])
        )
        if intro is not None or packed:
            out.update(ln.no for ln in body[k:j])
            if intro is not None:
                out.add(intro.no)
        k = j
    return out


def classify(
    lines: list[Line], common_lines: frozenset[str], *, record: bool = False, title: str | None = None
) -> None:
    """Set ``reason`` (removed) or ``kind`` (kept) on every non-blank line.

    A ``record`` (one story of a scraper's export) is read as a story, not a page: only
    its ``title`` repeated (as a caption) is a repeat to remove, while other lines
    repeated inside it — a speaker's label before each answer, a refrain, a list — are
    its content; and a banner-shaped line between two lines of its text is one of its
    headlines (新华社推出新版客户端 in a news brief), not an app banner.
    """
    blank_before = False
    for ln in lines:
        if not ln.raw:
            blank_before = True
            continue
        ln.gap, blank_before = blank_before, False
        ln.key = line_key(ln.conv)
        ln.reason = _chrome_reason(ln.conv)
        if ln.reason is None and common_lines and ln.key in common_lines:
            ln.reason = reasons.CORPUS_REPEAT
    # Inline chrome out of the lines kept (我要评论 …), before repeats are counted: a line
    # is a repeat of another by its text, not by the furniture a page put after it.
    for ln in cut_lines(lines):
        if ln.reason is None:  # what is left may be chrome of its own (掌中庆阳客户端我要评论)
            ln.key = line_key(ln.conv)
            ln.reason = _chrome_reason(ln.conv)
        if ln.reason is None and common_lines and ln.key in common_lines:
            ln.reason = reasons.CORPUS_REPEAT
    if record:
        _keep_embedded_banners(lines)
    repeat_keys = frozenset({line_key(to_simplified(title))} if title else ()) if record else None
    # Repeats: the first occurrence stays (a repeated headline becomes the title). Items of
    # a list stay every time: the same leader congratulates two of ours.
    counts = Counter(ln.key for ln in lines if ln.raw and ln.reason is None)
    in_list = list_lines(lines) if any(n > 1 for n in counts.values()) else set()
    seen: set[str] = set()
    previous: Line | None = None
    for ln in lines:
        if not ln.raw:
            continue
        key = ln.key
        # A short captioned line right under a repeated headline is the image's caption.
        if (
            ln.reason is None
            and previous is not None
            and previous.reason == reasons.DUP_HEADLINE
            and len(ln.conv) <= 24
            and ln.conv.endswith("。")
        ):
            ln.reason = reasons.PHOTO_CAPTION
        if ln.reason is None and counts[key] > 1 and len(key) >= 4:
            if key in seen and ln.no not in in_list and (repeat_keys is None or key in repeat_keys):
                ln.reason = reasons.DUP_HEADLINE if is_heading(ln.conv) else reasons.DUP_LINE
            seen.add(key)
        if ln.reason is None:
            if is_heading(ln.conv):
                ln.kind = "heading"
        previous = ln


def _keep_embedded_banners(lines: list[Line]) -> None:
    """In a record, a banner-shaped line between two lines of text is a headline of the
    text: a news brief's own (新华社推出新版客户端, 东方经济论坛举办媒体分论坛,
    南京开通党员干部廉洁教育网站), not an app or site banner (掌中庆阳客户端)."""
    body = [ln for ln in lines if ln.raw]
    for k in range(1, len(body) - 1):
        ln = body[k]
        if ln.reason == reasons.BANNER and body[k - 1].reason is None and body[k + 1].reason is None:
            ln.reason = None


def is_repeated_headline(ln: Line, lines: list[Line]) -> bool:
    return any(o.reason == reasons.DUP_HEADLINE and o.key == ln.key for o in lines)


# --------------------------------------------------------- article splitting


def mark_bylines(kept: list[Line], *, within: int | None = None) -> None:
    """Author lines under a headline (市委书记、市人大常委会主任易鹏飞) become bylines.

    Not in a list (:func:`list_lines`, of headline-shaped lines or of byline-shaped ones):
    three or more such lines in a row, or any under a line ending with a colon (他们是：),
    are names listed in the story. ``within``: only among the first lines (a record: deeper
    in a transcript, 本台记者 杨潇 or 北京市副市长 张工 introduce who speaks next).
    """
    shaped = {ln.no for ln in kept if ln.kind == "heading" and BYLINE.match(restore_line(ln.raw))}
    if not shaped:
        return
    listed = list_lines(kept) | list_lines(kept, lambda ln: ln.no in shaped)
    for k, ln in enumerate(kept[:within]):
        if ln.no not in shaped or ln.no in listed:
            continue
        near_heading = any(o.kind in ("heading", "byline") for o in kept[max(0, k - 3) : k])
        if near_heading:
            ln.kind = "byline"
            ln.reason = reasons.BYLINE


def removed_of(lines: Iterable[Line], doc_index: int) -> list[RemovedLine]:
    removed: list[RemovedLine] = []
    for ln in lines:
        if ln.raw and ln.reason is not None:
            removed.append(RemovedLine(ln.no, ln.raw, ln.reason, doc_index))
        # parts of a kept line (inline chrome), with where they sat in the line
        removed.extend(RemovedLine(ln.no, text, why, doc_index, s, e) for s, e, text, why in ln.cuts)
    return removed



def find_common_lines(texts: Iterable[str], *, min_files: int = 5) -> frozenset[str]:
    """Lines that occur in at least ``min_files`` of ``texts`` (site furniture).

    Lines are compared as ``normalize_file`` compares them (stripped, Simplified,
    no spaces); a line counts once per story, not once per text: copies of one
    story (the same page saved twice, in two encodings, under two names) share
    their body, and counting each copy would strip that body as "furniture".
    A story is known by its three longest lines. Lines shorter than 4
    characters are never returned (a lone "1" or "图" is not evidence of a
    template).
    """
    counts: Counter[str] = Counter()
    stories: set[frozenset[str]] = set()
    for text in texts:
        keys = {line_key(to_simplified(line.strip())) for line in text.split("\n")}
        keys = {k for k in keys if len(k) >= 4}
        story = frozenset(sorted(keys, key=lambda k: (-len(k), k))[:3])
        if story in stories:
            continue
        stories.add(story)
        counts.update(keys)
    return frozenset(k for k, n in counts.items() if n >= min_files)
