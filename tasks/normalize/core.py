"""Normalize raw scraped news text to clean Simplified Chinese articles.

Nothing is dropped silently: every removed line comes back as a ``RemovedLine``
with a reason from ``tasks.reasons``, every character changed beyond plain t2s as
a ``Repair`` with its rule. The steps, per line of a document:

1. classify the line: page chrome (``rules/chrome_patterns.tsv``), a line seen in
   many files of the corpus, a repeated headline or line, a photo caption, a byline;
2. convert what is kept: look-alike repair and ``*`` restoration decided on the
   context (dictionary words of jieba's dictionary), then plain t2s
   (``tasks.t2s``, identical to opencc-python-reimplemented), then the correction
   layer of ``rules/t2s_corrections.tsv`` (official-OpenCC updates, hand corrections);
3. split the document into articles where a new headline starts after chrome or
   right under a repeat of the page headline (with paragraphs of its own), or a
   headline is followed by a dateline, or the paragraph layout changes; the title
   line is recorded as a removed line (reason ``title``), so kept plus removed lines
   rebuild every document;
4. read metadata (title, source, authors, dates) from the article and from the
   editor, source and byline lines that were taken out of the body.

Throughput rests on one set test per line (``_read_lines``): most lines of
Simplified news hold no character that t2s, a repair or a correction acts on, and
such a line skips every later conversion step.

Every conversion keeps the length of the line (t2s maps one character to one,
repairs replace one character by one), so an offset into the input line is the
same offset into the output line.

>>> normalize_text("分享到:\\n脫貧攻堅苐五次會議").text
'脱贫攻坚第五次会议'
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

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
from tasks.sentences import split_sentences
from tasks.t2s import (
    conversion_triggers,
    count_traditional,
    to_simplified,
    to_simplified_known,
    traditional_characters,
)

__all__ = [
    "convert",
    "find_common_lines",
    "normalize_file",
    "normalize_text",
    "split_sentences",
    "warm_up",
]

# Found through the module, never the working directory (worker processes differ).
RULES_DIR = Path(__file__).resolve().parent / "rules"

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_SPACE = re.compile(r"\s+")

# ------------------------------------------------------------------ rule tables


def _data_rows(name: str) -> list[list[str]]:
    """Tab-separated rows of a rules file, comments and blank lines skipped."""
    rows = []
    with open(RULES_DIR / name, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.strip() and not line.startswith("#"):
                rows.append(line.split("\t"))
    return rows


@dataclass(frozen=True)
class _Rules:
    """Read-only rule tables, loaded once per process."""

    lookalikes: dict[str, tuple[str, ...]]
    lookalike_re: re.Pattern[str]
    corrections: dict[str, tuple[str, str]]  # key -> (output, rule)
    correction_lengths: tuple[int, ...]
    correction_by_anchor: dict[str, list[tuple[str, int]]]
    correction_re: re.Pattern[str]
    triggers: frozenset[str]  # a line holding none of these needs plain t2s only
    plain: frozenset[str]  # ... and holding none of these needs nothing at all
    t2s_triggers: frozenset[str]  # tasks.t2s.conversion_triggers()
    traditional: frozenset[str]  # tasks.t2s.traditional_characters() (⊆ t2s_triggers)
    plain_lut: np.ndarray  # code point -> in ``plain`` (for long lines, see _hits)
    mask_candidates: tuple[str, ...]
    chrome: tuple[tuple[str, re.Pattern[str]], ...]


def _lookup_table(chars: frozenset[str]) -> np.ndarray:
    table = np.zeros(0x110000, dtype=bool)
    table[[ord(c) for c in chars]] = True
    return table


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    lookalikes = {row[0]: tuple(row[1].split()) for row in _data_rows("lookalikes.tsv")}
    corrections: dict[str, tuple[str, str]] = {}
    for key, value, rule in _data_rows("t2s_corrections.tsv"):
        if len(key) != len(value):
            raise ValueError(f"t2s_corrections.tsv: {key!r} -> {value!r} changes the length")
        if rule not in reasons.REPAIR_RULES:
            raise ValueError(f"t2s_corrections.tsv: unknown rule {rule!r}")
        corrections[key] = (value, rule)
    # Each key is found through its first character that is not plain CJK common
    # stock (the character the rule is about); a character class finds them fast.
    by_anchor: dict[str, list[tuple[str, int]]] = {}
    single = {k for k in corrections if len(k) == 1}
    for key in corrections:
        offset = next((i for i, c in enumerate(key) if c in single), 0)
        by_anchor.setdefault(key[offset], []).append((key, offset))
    chrome = tuple(
        (reason, re.compile(pattern)) for reason, pattern in _data_rows("chrome_patterns.tsv")
    )
    for reason, _ in chrome:
        if reason not in reasons.REMOVED_LINE_REASONS:
            raise ValueError(f"chrome_patterns.tsv: unknown reason {reason!r}")
    masks = tuple(row[0] for row in _data_rows("mask_candidates.txt"))
    triggers = frozenset(lookalikes) | frozenset(by_anchor) | {"*"}
    plain = triggers | conversion_triggers()
    return _Rules(
        lookalikes=lookalikes,
        lookalike_re=re.compile("[" + "".join(map(re.escape, lookalikes)) + "]"),
        corrections=corrections,
        correction_lengths=tuple(sorted({len(k) for k in corrections}, reverse=True)),
        correction_by_anchor=by_anchor,
        correction_re=re.compile("[" + "".join(map(re.escape, sorted(by_anchor))) + "]"),
        triggers=triggers,
        plain=plain,
        t2s_triggers=conversion_triggers(),
        traditional=traditional_characters(),
        plain_lut=_lookup_table(plain),
        mask_candidates=masks,
        chrome=chrome,
    )


@lru_cache(maxsize=1)
def _words() -> dict[str, int]:
    """jieba's dictionary (word -> frequency), read directly: read-only, no cache file."""
    import jieba  # imported here: only needed when a repair has to be decided

    words: dict[str, int] = {}
    with open(Path(jieba.__file__).resolve().parent / "dict.txt", encoding="utf-8") as f:
        for line in f:
            parts = line.split(" ")
            if len(parts) >= 2 and len(parts[0]) >= 2:
                words[parts[0]] = int(parts[1])
    # Words jieba lacks (做大 of 做大做强): rules/extra_words.tsv, frequencies on jieba's scale.
    for row in _data_rows("extra_words.tsv"):
        words.setdefault(row[0], int(row[1]))
    return words


# --------------------------------------------------------- context (word) checks

_MIN_FREQ = 3  # jieba's dictionary holds some junk entries of frequency 1–2
_MAX_WORD = 4


def _support(text: str, i: int, ch: str) -> tuple[int, int, int, int]:
    """How well ``ch`` at ``text[i]`` forms dictionary words with its neighbours.

    Returns ``(left, right, best, longest)``: how far the words containing position
    ``i`` reach to the left and right of it, the best such word's frequency and the
    length of the longest one.
    """
    words = _words()
    lo = max(0, i - _MAX_WORD + 1)
    window = text[lo:i] + ch + text[i + 1 : i + _MAX_WORD]
    c = i - lo
    left = right = best = longest = 0
    for start in range(0, c + 1):
        for end in range(max(c + 1, start + 2), min(len(window), start + _MAX_WORD) + 1):
            freq = words.get(window[start:end], 0)
            if freq >= _MIN_FREQ:
                left = max(left, c - start)
                right = max(right, end - 1 - c)
                best = max(best, freq)
                longest = max(longest, end - start)
    return left, right, best, longest


def _lookalike_choice(conv: str, i: int, original: str, candidates: Sequence[str]) -> str | None:
    """The candidate a look-alike stands for at ``conv[i]``, or None to keep it.

    A candidate wins when it makes a dictionary word with its neighbours and the
    character as written does not (or only a far rarer one): 历玖而弥新 → 历久 is a
    word, 玖佰元 makes none with 久, so the numeral stays.
    """
    kept = _support(conv, i, conv[i])[2]
    best_choice, best_freq = None, 0
    for cand in candidates:
        cand_s = to_simplified(cand)
        left, right, freq, _ = _support(conv, i, cand_s)
        if (left or right) and freq > best_freq:
            best_choice, best_freq = cand, freq
    if best_choice is None:
        # No whole word: fall back to pairs seen inside dictionary words
        # (任偅而道不远: 任重 is part of 任重道远 and 任重而道远).
        if _pair_support(conv, i, conv[i]):
            return None
        for cand in candidates:
            if _pair_support(conv, i, to_simplified(cand)):
                return cand
        # A look-alike that is in no dictionary word at all (赱, a variant of 走) has no
        # reading of its own to protect: with a single candidate, that candidate it is
        # (甘肃还赱在 → 还走在, although neither 走在 nor 还走 is a dictionary word).
        if len(candidates) == 1 and not _words_with(conv[i]):
            return candidates[0]
        return None
    # 囿于 is a word: the look-alike is real there. Require the repair to be much better.
    if kept and best_freq < 20 * kept:
        return None
    return best_choice


def _mask_choice(conv: str, i: int, candidates: Sequence[str]) -> str | None:
    """The censored character a ``*`` at ``conv[i]`` stands for, or None to keep it.

    Candidates are ranked by the longest dictionary word they make around the
    ``*``, then by how far their words reach (人民*府: 人民政府 beats 民主). The
    winner must beat the runner-up on those and make a 3-character word or words on
    both sides, or else make a word ten times more frequent than the runner-up's
    (从*策: 政策 against 从中). Otherwise the ``*`` is kept and counted.
    """
    has_left = i > 0 and bool(_CJK.match(conv[i - 1]))
    has_right = i + 1 < len(conv) and bool(_CJK.match(conv[i + 1]))
    if not (has_left or has_right):
        return None
    # (longest word, reach, frequency of the best word, candidate), best first
    scored = sorted(
        (
            (longest, left + right, freq, cand)
            for cand in candidates
            for left, right, freq, longest in [_support(conv, i, cand)]
        ),
        reverse=True,
    )
    best = scored[0]
    if best[0] == 0:
        return None
    second = scored[1] if len(scored) > 1 else (0, 0, 0, "")
    if best[:2] > second[:2] and (best[0] >= 3 or best[1] >= 2):
        return best[3]  # 党中央 (3 characters) against 开国/国中 (2 + 2)
    if best[2] >= 10 * second[2]:
        return best[3]  # 使*策: 政策 (14792) against 命策 … 国策 (163)
    return None


@lru_cache(maxsize=1)
def _pairs() -> frozenset[str]:
    """Every two-character sequence inside a dictionary word of 3+ characters."""
    out = set()
    for w, freq in _words().items():
        if len(w) >= 3 and freq >= _MIN_FREQ:
            out.update(w[k : k + 2] for k in range(len(w) - 1))
    return frozenset(out)


def _pair_support(text: str, i: int, ch: str) -> bool:
    """Does ``ch`` at ``text[i]`` form, with a Chinese neighbour, a pair found in words?"""
    pairs = _pairs()
    left = text[i - 1] + ch if i > 0 and _CJK.match(text[i - 1]) else ""
    right = ch + text[i + 1] if i + 1 < len(text) and _CJK.match(text[i + 1]) else ""
    return (left in pairs) or (right in pairs)


# -------------------------------------------------------- line conversion


def _corrections(src: str) -> list[tuple[int, str, str]]:
    """Correction-table matches in ``src``: (start, output, rule), longest key first."""
    r = _rules()
    found: list[tuple[int, int]] = []
    for m in r.correction_re.finditer(src):
        pos = m.start()
        for key, offset in r.correction_by_anchor[m.group()]:
            start = pos - offset
            if start >= 0 and src.startswith(key, start):
                found.append((start, len(key)))
    if not found:
        return []
    found = sorted(set(found), key=lambda o: (-o[1], o[0]))
    used: set[int] = set()
    out = []
    for start, n in found:
        span = range(start, start + n)
        if used.isdisjoint(span):
            used.update(span)
            value, rule = r.corrections[src[start : start + n]]
            out.append((start, value, rule))
    return out


def _convert(
    src: str, conv: str | None = None, hits: frozenset[str] | None = None
) -> tuple[str, list[Repair]]:
    """Convert one line to Simplified; the repairs' offsets index the returned line.

    Order matters: look-alikes and masks are decided on a plain-t2s preview (the
    dictionary is Simplified) but applied to the input BEFORE t2s, because t2s maps
    some look-alikes to wrong characters (鈈 → 钚 plutonium, 鋶 → 锍). ``conv`` is
    ``to_simplified(src)`` when the caller already has it.
    """
    r = _rules()
    if conv is None:
        conv = to_simplified(src)
    if r.triggers.isdisjoint(src if hits is None else hits):
        # No look-alike, mask or correction key can be here (one C-speed set test):
        # the common case, worth skipping three regex scans of the line for.
        return conv, []
    fixes: dict[int, tuple[str, str]] = {}  # offset -> (replacement in input, rule)
    for m in r.lookalike_re.finditer(src):
        i = m.start()
        choice = _lookalike_choice(conv, i, src[i], r.lookalikes[src[i]])
        if choice is not None:
            rule = reasons.LOOKALIKE if len(_words_with(src[i])) == 0 else reasons.LOOKALIKE_CONTEXT
            fixes[i] = (choice, rule)
    if "*" in src:
        for m in re.finditer(r"(?<!\*)\*(?!\*)", src):
            choice = _mask_choice(conv, m.start(), r.mask_candidates)
            if choice is not None:
                fixes[m.start()] = (choice, reasons.MASK_RESTORED)
    repaired = src
    if fixes:
        chars = list(src)
        for i, (rep, _) in fixes.items():
            chars[i] = rep
        repaired = "".join(chars)
        conv = to_simplified(repaired)
    plain = conv
    corrections = _corrections(repaired)
    if corrections:
        chars = list(conv)
        for start, value, _rule in corrections:
            chars[start : start + len(value)] = value
        conv = "".join(chars)
    repairs: list[Repair] = [
        Repair(i, src[i], conv[i], rule) for i, (_, rule) in sorted(fixes.items()) if conv[i] != src[i]
    ]
    for start, value, rule in corrections:
        for j in range(len(value)):
            k = start + j
            if conv[k] != plain[k] and k not in fixes:
                repairs.append(Repair(k, src[k], conv[k], rule))
    repairs.sort(key=lambda rep: rep.offset)
    return conv, repairs


@lru_cache(maxsize=4096)
def _words_with(ch: str) -> tuple[str, ...]:
    """Is ``ch`` a character of real words? (any dictionary word holding it, capped)."""
    hits = []
    for w in _words():
        if ch in w:
            hits.append(w)
            if len(hits) >= 3:
                break
    return tuple(hits)


# --------------------------------------------------------- stripped digits

# 年 or % with no number before them: 从年的44.1万人, (年10月17日), 贫困发生率%.
# The patterns start with the character they are about and the character before is
# checked in Python: a leading look-behind makes re try every position of the text.
_YEAR_AFTER = frozenset("从到至于在自截止（(，,。、：:；")
_BARE_YEAR = re.compile(r"年(?=[的以，,、）)\d月])")
_BARE_PERCENT = re.compile(r"[%％]")
# A measure word opening a sentence (。个贫困村全部出列) lost its number, unless it
# starts a word (人民, 万众, 个人).
# (a sentence mark first, not an alternation with ^: re then scans for the mark at C speed)
_LEADING_MEASURE = re.compile(r"[。！？；，,（(]([个万亿名户人])(?=[\u4e00-\u9fff])")
_OPENING_MEASURE = re.compile(r"[个万亿名户人](?=[\u4e00-\u9fff])")
_CANDIDATE_WAN = re.compile(r"万(?=[\u4e00-\u9fff])")
_NUMERAL_BEFORE = set("0123456789０１２３４５６７８９零〇一二三四五六七八九十百千万亿两几数上成近约逾余多")


def count_stripped_digits(text: str) -> int:
    """Places where the source dropped a number: 从年的44.1万人, (年10月17日), 全市万群众.

    Only counted, never filled in: the digits are gone and guessing would invent facts.
    """
    n = 0
    for m in _BARE_YEAR.finditer(text):
        i = m.start()
        if i == 0 or text[i - 1] in _YEAR_AFTER or text[i - 1].isspace():
            n += 1
    if "%" in text or "％" in text:
        for m in _BARE_PERCENT.finditer(text):
            i = m.start()
            if i > 0 and "\u4e00" <= text[i - 1] <= "\u9fff":
                n += 1
    starts = [m.start(1) for m in _LEADING_MEASURE.finditer(text)]
    if _OPENING_MEASURE.match(text):
        starts.insert(0, 0)
    for i in starts:
        if not (_words().get(text[i : i + 2], 0) or _words().get(text[i : i + 3], 0)):
            n += 1
    for m in _CANDIDATE_WAN.finditer(text):
        i = m.start()
        if i == 0 or not "\u4e00" <= text[i - 1] <= "\u9fff":
            continue
        prev, nxt = text[i - 1], text[i + 1]
        if prev in _NUMERAL_BEFORE:
            continue
        words = _words()
        # 万一, 千万, 万众: 万 in a word is not a number that lost its digits.
        if words.get(prev + "万", 0) or words.get("万" + nxt, 0) or words.get(text[i : i + 3], 0):
            continue
        n += 1
    return n


def count_masks(text: str) -> int:
    """``*`` left in the text next to a Chinese character (a censored character we kept)."""
    if "*" not in text:
        return 0
    return sum(
        1
        for m in re.finditer(r"\*", text)
        if (m.start() > 0 and _CJK.match(text[m.start() - 1]))
        or (m.end() < len(text) and _CJK.match(text[m.end()]))
    )


# --------------------------------------------------------- line classification

_BULLETS = "•·●▪◆■□○◇-–* \u3000\t"
_TERMINAL = "。！？!?；;，,、：:…"
_DATE_PREFIX = re.compile(r"^\d{1,2}[.\-/]\d{1,2}\s+")
_KICKER = re.compile(r"(强调|指出|表示|要求|说|称|时指出|时强调|发表讲话|讲话)$")
_SUBTITLE = re.compile(r"^(——|--|――|—)")
_DATELINE = re.compile(
    r"^[\s(（]*("
    r"[\u4e00-\u9fff]{2,12}?(讯|消息)"  # 湖北日报讯, 贺州新闻网讯
    r"|(本报|新华社|中新社|中新网|人民网|央视网)"
    r"|[(（][^()（）]{0,14}(记者|通讯员)"  # (记者 李妮)
    r"|[\u4e00-\u9fff]{2,12}\d{1,2}月\d{1,2}日电"
    r")"
)
_OFFICE = (
    r"(书记|副书记|主任|市长|县长|省长|区长|州长|主席|部长|厅长|局长|社长|总编辑|台长|"
    r"记者|通讯员|评论员|特约评论员|本报评论员)"
)
_BYLINE = re.compile(
    r"^(?:[\u4e00-\u9fff、*]{0,30}?" + _OFFICE + r"\s*([\u4e00-\u9fff·]{2,4})"
    r"|(?:文|作者|撰文|文字|记者)\s*[/:：]\s*([\u4e00-\u9fff·]{2,4}))$"
)

_END_OF_ARTICLE = frozenset(
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


def _line_key(conv: str) -> str:
    """What two lines must share to count as repeats: no spaces, no leading date."""
    if conv[:1].isdigit():  # \d is a subset of str.isdigit: no digit, no date prefix
        conv = _DATE_PREFIX.sub("", conv)
    # str.split() cuts at exactly the characters re's \s matches, at C speed.
    return "".join(conv.split())


def _chrome_reason(conv: str) -> str | None:
    bare = conv.lstrip(_BULLETS)
    for reason, pattern in _rules().chrome:
        if pattern.search(bare):
            return reason
    return None


def _is_heading(conv: str) -> bool:
    """A headline-shaped line: short and not ending like a sentence."""
    return 0 < len(conv) <= 40 and conv[-1] not in _TERMINAL and "。" not in conv


@dataclass
class _Line:
    no: int  # 1-based line number in the document
    start: int  # offset of the raw line in the document text
    end: int
    raw: str  # the line as written, stripped
    lead: int  # characters stripped at the left (offset of raw inside the line)
    conv: str  # plain t2s of raw (classification and metadata only)
    reason: str | None = None
    kind: str = "body"  # body | heading | byline
    gap: bool = False  # a blank line precedes it
    key: str = ""  # _line_key(conv), set by _classify for non-blank lines
    plain: bool = False  # holds nothing to convert or repair: conv is raw, no repairs
    hits: frozenset[str] = frozenset()  # the characters of raw in _Rules.plain


_LONG_LINE = 256  # from here on a table lookup beats a set test (~4x on THUCNews)


def _hits(line: str, r: _Rules) -> frozenset[str]:
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


def _read_lines(text: str) -> list[_Line]:
    # Most lines of Simplified news hold no character that t2s, a repair or a
    # correction acts on: one set test per line proves it and every later step
    # skips such a line (the throughput of the whole step rests on this).
    # The characters found (``hits``, a handful) then tell which of t2s, repairs
    # and the Traditional count a line needs, without scanning it again.
    r = _rules()
    lines: list[_Line] = []
    pos = 0
    for no, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        lead = len(line) - len(line.lstrip())
        hits = _hits(stripped, r)
        if not hits:
            lines.append(_Line(no, pos, pos + len(line), stripped, lead, stripped, plain=True))
        else:
            conv = stripped if r.t2s_triggers.isdisjoint(hits) else to_simplified_known(stripped, hits)
            lines.append(_Line(no, pos, pos + len(line), stripped, lead, conv, hits=hits))
        pos += len(line) + 1
    return lines


def _classify(lines: list[_Line], common_lines: frozenset[str]) -> None:
    """Set ``reason`` (removed) or ``kind`` (kept) on every non-blank line."""
    blank_before = False
    for ln in lines:
        if not ln.raw:
            blank_before = True
            continue
        ln.gap, blank_before = blank_before, False
        ln.key = _line_key(ln.conv)
        ln.reason = _chrome_reason(ln.conv)
        if ln.reason is None and common_lines and ln.key in common_lines:
            ln.reason = reasons.CORPUS_REPEAT
    # Repeats: the first occurrence stays (a repeated headline becomes the title).
    counts = Counter(ln.key for ln in lines if ln.raw and ln.reason is None)
    seen: set[str] = set()
    previous: _Line | None = None
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
            if key in seen:
                ln.reason = reasons.DUP_HEADLINE if _is_heading(ln.conv) else reasons.DUP_LINE
            seen.add(key)
        if ln.reason is None:
            if _is_heading(ln.conv):
                ln.kind = "heading"
        previous = ln


def _is_repeated_headline(ln: _Line, lines: list[_Line]) -> bool:
    return any(o.reason == reasons.DUP_HEADLINE and o.key == ln.key for o in lines)


# --------------------------------------------------------- article splitting


def _split_points(kept: list[_Line], lines: list[_Line]) -> list[int]:
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
        after_chrome = prev_no >= 1 and by_no[prev_no].reason in _END_OF_ARTICLE
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
            and bool(_DATELINE.match(kept[j].conv))
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


def _body_run(kept: list[_Line], j: int) -> int:
    """How many body paragraphs (not headings) follow from ``kept[j]`` on."""
    n = 0
    while j + n < len(kept) and kept[j + n].kind == "body":
        n += 1
    return n


def _removed_between(a: _Line, b: _Line, by_no: dict[int, _Line]) -> bool:
    return any(by_no[n].raw and by_no[n].reason for n in range(a.no + 1, b.no))


def _layout_changes(kept: list[_Line], points: list[int]) -> list[int]:
    """Split where paragraph layout changes: ≥3 paragraphs packed line after line,
    then ≥3 separated by blank lines (two pages' texts pasted one after the other,
    seed 003's third article). Bullet lists are not paragraphs here."""
    body = [
        (k, ln)
        for k, ln in enumerate(kept)
        if ln.kind == "body" and not ln.raw.startswith(tuple(_BULLETS[:6]))
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


def _read_meta(body: list[str], meta_lines: list[_Line], doc_meta: dict[str, str]) -> _Meta:
    """Source, authors and dates of one article (body: converted kept lines)."""
    meta = _Meta()
    # the dateline is the first line that is not headline-shaped
    first = next((b for b in body if not _is_heading(b)), body[0] if body else "")
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
        conv = _restore_line(ln.raw)
        if ln.reason == reasons.BYLINE:
            bm = _BYLINE.match(conv)
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
            pm = _PAPER_BANNER.match(conv.lstrip(_BULLETS))
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


def _restore_line(raw: str) -> str:
    return _convert(raw)[0]


# --------------------------------------------------------- script


def _script(lines: Sequence[_Line]) -> str:
    """simplified / traditional / mixed from the share of characters t2s changes."""
    # Only lines whose hits (see _read_lines) include a t2s trigger can hold a
    # Traditional character: the rest (most lines of Simplified text) need no count.
    traditional = _rules().traditional  # the characters count_traditional counts
    raws = [ln.raw for ln in lines if not ln.plain and not traditional.isdisjoint(ln.hits)]
    trad = sum(count_traditional(raw) for raw in raws)
    if trad == 0:
        return "simplified"
    cjk = sum(len(_CJK.findall(ln.raw)) for ln in lines)
    share = trad / cjk
    if share >= 0.08:
        return "traditional"
    # One stray character (乾 in 乾隆) does not make a text mixed.
    return "mixed" if trad >= 2 else "simplified"


# --------------------------------------------------------- public API


def _assemble(lines: Sequence[_Line]) -> tuple[str, list[Repair]]:
    """Join converted lines with newlines; repairs re-based onto the joined text."""
    parts: list[str] = []
    repairs: list[Repair] = []
    pos = 0
    for ln in lines:
        if ln.plain:
            conv = ln.raw
        else:
            conv, reps = _convert(ln.raw, ln.conv, ln.hits)
            repairs.extend(Repair(r.offset + pos, r.original, r.replacement, r.rule) for r in reps)
        parts.append(conv)
        pos += len(conv) + 1
    return "\n".join(parts), repairs


def _mark_bylines(kept: list[_Line]) -> None:
    """Author lines under a headline (市委书记、市人大常委会主任易鹏飞) become bylines."""
    for k, ln in enumerate(kept):
        if ln.kind != "heading":
            continue
        near_heading = any(o.kind in ("heading", "byline") for o in kept[max(0, k - 3) : k])
        if near_heading and _BYLINE.match(_restore_line(ln.raw)):
            ln.kind = "byline"
            ln.reason = reasons.BYLINE


def _removed(lines: Iterable[_Line], doc_index: int) -> list[RemovedLine]:
    return [
        RemovedLine(ln.no, ln.raw, ln.reason, doc_index)
        for ln in lines
        if ln.raw and ln.reason is not None
    ]


def _pick_title(block: list[_Line], lines: list[_Line]) -> _Line | None:
    for ln in block:
        if _is_repeated_headline(ln, lines):
            return ln
    plain = [
        ln
        for ln in block
        if not _KICKER.search(ln.conv) and not _SUBTITLE.match(ln.conv) and _CJK.search(ln.conv)
    ]
    return plain[-1] if plain else (block[-1] if block else None)


def _articles_of(
    doc: SourceDocument, doc_index: int, common_lines: frozenset[str], seq0: int
) -> tuple[list[Article], list[RemovedLine]]:
    lines = _read_lines(doc.text)
    _classify(lines, common_lines)
    kept = [ln for ln in lines if ln.raw and ln.reason is None]
    _mark_bylines(kept)
    kept = [ln for ln in kept if ln.reason is None]
    points = _split_points(kept, lines) if kept else []
    articles: list[Article] = []
    meta_reasons = {
        reasons.BYLINE,
        reasons.EDITOR_LINE,
        reasons.SOURCE_LINE,
        reasons.TIMESTAMP,
        reasons.BANNER,
        reasons.PHOTO_CAPTION,
    }
    for a, p in enumerate(points):
        q = points[a + 1] if a + 1 < len(points) else len(kept)
        part = kept[p:q]
        first_no = part[0].no if a > 0 else 1
        last_no = kept[q].no - 1 if q < len(kept) else len(lines)
        # leading headline block → title; the rest of the block stays in the body
        block = []
        for ln in part:
            if ln.kind != "heading":
                break
            block.append(ln)
        title_line = _pick_title(block, lines) if block and len(block) < len(part) else None
        body_lines = [ln for ln in part if ln is not title_line]
        if title_line is not None:
            # Moved to Article.title and recorded as a removed line (reason ``title``),
            # so kept lines plus removed lines still rebuild the document.
            title_line.reason = reasons.TITLE
            title_conv, _ = _convert(title_line.raw)
            title: str | None = _DATE_PREFIX.sub("", title_conv).strip() or None
        else:
            # No headline above the body: the first heading inside it names it, and
            # stays in the body. Seed 003's third piece (an essay pasted after another)
            # is one case. Seed 004 is another: a forum repost whose 导读 intro comes
            # before the 署名文章; its first heading is the signed article's own headline
            # (传承红色基因…收官之战), which is what a reader would call the piece, and not
            # the forum's truncated thread title (…市委书记市长发表联合).
            inner = [ln for ln in part[:8] if ln.kind == "heading" and not _KICKER.search(ln.conv)]
            title = _convert(inner[0].raw)[0] if inner else doc.meta.get("title")
        text, repairs = _assemble(body_lines)
        meta_lines = [
            ln for ln in lines if first_no <= ln.no <= last_no and ln.reason in meta_reasons
        ]
        body_conv = text.split("\n") if text else []
        meta = _read_meta(body_conv, meta_lines, doc.meta)
        script_lines = body_lines + ([title_line] if title_line is not None else [])
        extra = dict(meta.extra)
        for key in ("url",):
            if doc.meta.get(key):
                extra[key] = doc.meta[key]
        start = part[0].start + part[0].lead
        end = part[-1].start + part[-1].lead + len(part[-1].raw)
        articles.append(
            Article(
                seq=seq0 + a,
                title=title,
                text=text,
                script=_script(script_lines),
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
            )
        )
    return articles, _removed(lines, doc_index)


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
    removed lines are exactly its non-blank lines. ``common_lines`` comes from
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


def convert(text: str) -> tuple[str, tuple[Repair, ...]]:
    """Convert text to Simplified with every repair, removing nothing.

    Look-alikes and masks are repaired, then plain t2s, then the correction layer,
    line by line; the result has the length of the input and ``repairs`` index it.

    >>> convert("擡頭「看」")[0]
    '抬头“看”'
    """
    parts: list[str] = []
    repairs: list[Repair] = []
    pos = 0
    for line in text.split("\n"):
        conv, reps = _convert(line)
        repairs.extend(Repair(r.offset + pos, r.original, r.replacement, r.rule) for r in reps)
        parts.append(conv)
        pos += len(line) + 1
    return "\n".join(parts), tuple(repairs)


def warm_up() -> None:
    """Load every table normalize uses, so the first article pays nothing.

    The look-alike repair's word tables (~1 s) are otherwise built lazily by the first
    article that needs a repair: in the middle of the flow, instead of in the warm-up
    that overlaps Prefect's start.
    """
    normalize_text("脫貧攻堅")
    _pairs()


def normalize_text(text: str) -> NormalizedText:
    """Normalize one piece of text: Simplified, repaired, chrome and repeats removed.

    Unlike :func:`normalize_file` nothing is split off as a title: every kept line
    is in ``text`` (joined with newlines, stripped), so kept lines plus
    ``removed_lines`` are all non-blank input lines. ``repairs`` index the returned text.

    >>> normalize_text("鈈漏一村").text  # 鈈 is 不 here; plain t2s would write 钚
    '不漏一村'
    """
    lines = _read_lines(text)
    _classify(lines, frozenset())
    kept = [ln for ln in lines if ln.raw and ln.reason is None]
    out, repairs = _assemble(kept)
    return NormalizedText(
        text=out,
        script=_script(kept),
        repairs=tuple(repairs),
        removed_lines=tuple(_removed(lines, 0)),
    )


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
        keys = {_line_key(to_simplified(line.strip())) for line in text.split("\n")}
        keys = {k for k in keys if len(k) >= 4}
        story = frozenset(sorted(keys, key=lambda k: (-len(k), k))[:3])
        if story in stories:
            continue
        stories.add(story)
        counts.update(keys)
    return frozenset(k for k, n in counts.items() if n >= min_files)
