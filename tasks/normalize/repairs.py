"""Repairs beyond plain t2s, decided on context: look-alikes, masks, corrections.

Finds, per line: look-alike noise characters (鈈 for 不, 苐 for 第), repaired only where
the repaired character makes dictionary words and the character as written does not, and
``*`` masks (人民*府, decided in :mod:`.masks`); then the correction layer over t2s
(OpenCC's current dictionaries and hand corrections). Counts the digits the source
stripped. Never invents: a mask with no clear winner, and a stripped year, stay as they
are and are counted.

Every conversion keeps the length of the line, so an offset into the input line is the
same offset into the output.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

from tasks import reasons
from tasks.model import Repair
from tasks.normalize.masks import mask_positions, restore_choice
from tasks.normalize.rules import Rules, dictionary_words, rule_tables
from tasks.normalize.t2s import count_traditional, to_simplified
from tasks.normalize.words import pair_support, support, words_with


def _lookalike_choice(conv: str, i: int, original: str, candidates: Sequence[str]) -> str | None:
    """The candidate a look-alike stands for at ``conv[i]``, or None to keep it.

    A candidate wins when it makes a dictionary word with its neighbours and the
    character as written does not (or only a far rarer one): 历玖而弥新 → 历久 is a
    word, 玖佰元 makes none with 久, so the numeral stays.
    """
    kept = support(conv, i, conv[i])[2]
    best_choice, best_freq = None, 0
    for cand in candidates:
        cand_s = to_simplified(cand)
        left, right, freq, _ = support(conv, i, cand_s)
        if (left or right) and freq > best_freq:
            best_choice, best_freq = cand, freq
    if best_choice is None:
        # The character as written makes a word (财年 of 去年財年度), or is a character of
        # real words (财 of 吕兆財, 大发其財): pairs inside longer words (才高 of 才高八斗,
        # 其才 of 人尽其才) are too weak a sign against it.
        if kept or words_with(conv[i]):
            return None
        # No whole word: fall back to pairs seen inside dictionary words
        # (任偅而道不远: 任重 is part of 任重道远 and 任重而道远).
        if pair_support(conv, i, conv[i]):
            return None
        for cand in candidates:
            if pair_support(conv, i, to_simplified(cand)):
                return cand
        # A look-alike that is in no dictionary word at all (赱, a variant of 走) has no
        # reading of its own to protect: with a single candidate, that candidate it is
        # (甘肃还赱在 → 还走在, although neither 走在 nor 还走 is a dictionary word).
        if len(candidates) == 1:
            return candidates[0]
        return None
    # 囿于 is a word: the look-alike is real there. Require the repair to be much better.
    if kept and best_freq < 20 * kept:
        return None
    return best_choice


# -------------------------------------------------------- line conversion


def _positions(text: str, chars: Iterable[str]) -> Iterator[tuple[int, str]]:
    """Every ``(offset, character)`` of ``text`` whose character is in ``chars``.

    ``chars`` are the few characters the line is known to hold (``Line.hits``), so a
    ``str.find`` per character (C speed) replaces a regex class of 1,000+ characters.
    """
    for c in chars:
        pos = text.find(c)
        while pos != -1:
            yield pos, c
            pos = text.find(c, pos + 1)


def _corrections(src: str, present: Iterable[str]) -> list[tuple[int, str, str]]:
    """Correction-table matches in ``src``: (start, output, rule), longest key first.

    ``present``: the anchor characters ``src`` holds. A key written in Simplified
    characters only (打坏 → 打坯, 沈思 → 沉思) counts only in a Traditional line: in
    Simplified text 打坏 is "smash" and 沈 a surname.
    """
    r = rule_tables()
    found: list[tuple[int, int]] = []
    traditional: bool | None = None
    for pos, c in _positions(src, present):
        for key, offset in r.correction_by_anchor[c]:
            start = pos - offset
            if start >= 0 and src.startswith(key, start):
                if key in r.traditional_only:
                    if traditional is None:
                        traditional = _is_traditional(src, r)
                    if not traditional:
                        continue
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


def _is_traditional(line: str, r: Rules) -> bool:
    """Is ``line`` written in Traditional, beyond a few stray characters?

    Traditional news has about one character in four that t2s changes (發揮想像力: two
    in five); Simplified text sprinkled with Traditional characters (seed 003) about one
    in a hundred. The look-alikes themselves (財) are not counted.
    """
    n = count_traditional(line) - sum(line.count(c) for c in r.traditional.intersection(line) if c in r.lookalikes)
    return n >= 2 and n >= 0.1 * len(line)


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
    found = r.triggers.intersection(src if hits is None else hits)
    if not r.traditional.isdisjoint(src if hits is None else hits):
        # a line with Traditional characters: keys that apply in Traditional lines only
        found |= r.traditional_only_anchors.intersection(src)
    if not found:
        # No look-alike, mask or correction key can be here (one C-speed set test):
        # the common case, worth skipping every scan of the line for.
        return conv, []
    fixes: dict[int, tuple[str, str]] = {}  # offset -> (replacement in input, rule)
    traditional: bool | None = None  # is the line written in Traditional? (when asked)
    for i, _ in _positions(src, found.intersection(r.lookalikes)):
        if src[i] in r.traditional:
            # 財 is a look-alike of 才 only in Simplified text (落后財能 of seed 003); in
            # Traditional text it is the regular form of 财 (嚴財華 is a name).
            if traditional is None:
                traditional = _is_traditional(src, r)
            if traditional:
                continue
        choice = _lookalike_choice(conv, i, src[i], r.lookalikes[src[i]])
        if choice is not None:
            rule = reasons.LOOKALIKE if len(words_with(src[i])) == 0 else reasons.LOOKALIKE_CONTEXT
            fixes[i] = (choice, rule)
    for i in mask_positions(src) if "*" in found else ():
        choice = restore_choice(conv, i, r.mask_candidates)
        if choice is not None:
            fixes[i] = (choice, reasons.MASK_RESTORED)
    repaired = src
    if fixes:
        chars = list(src)
        for i, (rep, _) in fixes.items():
            chars[i] = rep
        repaired = "".join(chars)
        conv = to_simplified(repaired)
    plain = conv
    # a repair can bring an anchor in (or take one out): then look at the repaired line
    anchors = r.correction_anchors.intersection(repaired if fixes else found)
    corrections = _corrections(repaired, anchors) if anchors else []
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


# --------------------------------------------------------- stripped digits

# 年 or % with no number before them: 从年的44.1万人, (年10月17日), 贫困发生率%.
# The patterns start with the character they are about and the character before is
# checked in Python: a leading look-behind makes re try every position of the text.
_YEAR_AFTER = frozenset("从到至于在自截止（(，,。、：:；")
_BARE_YEAR = re.compile(r"年(?=[的以，,、）)\d月])")
_BARE_PERCENT = re.compile(r"[%％]")  # noqa: RUF001
# A measure word opening a sentence (。个贫困村全部出列) lost its number, unless it
# starts a word (人民, 万众, 个人).
# (a sentence mark first, not an alternation with ^: re then scans for the mark at C speed)
_LEADING_MEASURE = re.compile(r"[。！？；，,（(]([个万亿名户人])(?=[\u4e00-\u9fff])")
_OPENING_MEASURE = re.compile(r"[个万亿名户人](?=[\u4e00-\u9fff])")
_CANDIDATE_WAN = re.compile(r"万(?=[\u4e00-\u9fff])")
_NUMERAL_BEFORE = set("0123456789０１２３４５６７８９零〇一二三四五六七八九十百千万亿两几数上成近约逾余多")  # noqa: RUF001


def count_stripped_digits(text: str) -> int:
    """Places where the source dropped a number: 从年的44.1万人, (年10月17日), 全市万群众.

    Only counted, never filled in: the digits are gone and guessing would invent facts.
    """
    n = 0
    for m in _BARE_YEAR.finditer(text):
        i = m.start()
        if i == 0 or text[i - 1] in _YEAR_AFTER or text[i - 1].isspace():
            n += 1
    if "%" in text or "％" in text:  # noqa: RUF001
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
