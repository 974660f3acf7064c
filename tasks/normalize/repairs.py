"""Repairs beyond plain t2s, decided on context: look-alikes, masks, corrections.

Finds, per line: look-alike noise characters (鈈 for 不, 苐 for 第) and ``*`` masks
(人民*府), each repaired only where the repaired character makes dictionary words and
the character as written does not; then the correction layer over t2s. Counts what it
cannot repair (masks kept, digits the source stripped). Never invents: a mask with no
clear winner, and a stripped year, stay as they are and are counted.

Every conversion keeps the length of the line, so an offset into the input line is the
same offset into the output.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from tasks import reasons
from tasks.model import Repair
from tasks.normalize.rules import CJK, dictionary_words, rule_tables
from tasks.normalize.t2s import to_simplified

# --------------------------------------------------------- context (word) checks

_MIN_FREQ = 3  # jieba's dictionary holds some junk entries of frequency 1–2
_MAX_WORD = 4


def _support(text: str, i: int, ch: str) -> tuple[int, int, int, int]:
    """How well ``ch`` at ``text[i]`` forms dictionary words with its neighbours.

    Returns ``(left, right, best, longest)``: how far the words containing position
    ``i`` reach to the left and right of it, the best such word's frequency and the
    length of the longest one.
    """
    words = dictionary_words()
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
    has_left = i > 0 and bool(CJK.match(conv[i - 1]))
    has_right = i + 1 < len(conv) and bool(CJK.match(conv[i + 1]))
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
def word_pairs() -> frozenset[str]:
    """Every two-character sequence inside a dictionary word of 3+ characters."""
    out = set()
    for w, freq in dictionary_words().items():
        if len(w) >= 3 and freq >= _MIN_FREQ:
            out.update(w[k : k + 2] for k in range(len(w) - 1))
    return frozenset(out)


def _pair_support(text: str, i: int, ch: str) -> bool:
    """Does ``ch`` at ``text[i]`` form, with a Chinese neighbour, a pair found in words?"""
    pairs = word_pairs()
    left = text[i - 1] + ch if i > 0 and CJK.match(text[i - 1]) else ""
    right = ch + text[i + 1] if i + 1 < len(text) and CJK.match(text[i + 1]) else ""
    return (left in pairs) or (right in pairs)


# -------------------------------------------------------- line conversion


def _corrections(src: str) -> list[tuple[int, str, str]]:
    """Correction-table matches in ``src``: (start, output, rule), longest key first."""
    r = rule_tables()
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


def convert_line(
    src: str, conv: str | None = None, hits: frozenset[str] | None = None
) -> tuple[str, list[Repair]]:
    """Convert one line to Simplified; the repairs' offsets index the returned line.

    Order matters: look-alikes and masks are decided on a plain-t2s preview (the
    dictionary is Simplified) but applied to the input BEFORE t2s, because t2s maps
    some look-alikes to wrong characters (鈈 → 钚 plutonium, 鋶 → 锍). ``conv`` is
    ``to_simplified(src)`` when the caller already has it.
    """
    r = rule_tables()
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
    for w in dictionary_words():
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
        if not (dictionary_words().get(text[i : i + 2], 0) or dictionary_words().get(text[i : i + 3], 0)):
            n += 1
    for m in _CANDIDATE_WAN.finditer(text):
        i = m.start()
        if i == 0 or not "\u4e00" <= text[i - 1] <= "\u9fff":
            continue
        prev, nxt = text[i - 1], text[i + 1]
        if prev in _NUMERAL_BEFORE:
            continue
        words = dictionary_words()
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
        if (m.start() > 0 and CJK.match(text[m.start() - 1]))
        or (m.end() < len(text) and CJK.match(text[m.end()]))
    )


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
        conv, reps = convert_line(line)
        repairs.extend(Repair(r.offset + pos, r.original, r.replacement, r.rule) for r in reps)
        parts.append(conv)
        pos += len(line) + 1
    return "\n".join(parts), tuple(repairs)


def restore_line(raw: str) -> str:
    """A removed line converted like kept text, for reading metadata from it."""
    return convert_line(raw)[0]
