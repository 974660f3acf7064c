"""``*`` masks: which asterisks stand for a censored character, and which character.

Finds the ``*`` that a censoring scraper put in place of one Chinese character
(人民*府, 以习近平同志为核心的*中央) and restores it only where one candidate of
``rules/mask_candidates.txt`` makes common dictionary words around it clearly better
than every other. A mask with no clear winner stays as it is and is counted.

Never takes for a mask, and so never restores nor counts, an asterisk that is
arithmetic or a quantity (7*24小时, 4000*3000, 降低等级*3.5, 宝箱(疗伤药*3), 150米*150米),
a stock marker (*ST八钢), a formula (总价=单价*数量), a run of asterisks (手机号151****2897,
markdown **粗体**), a list bullet (``* 第一条``), code (``/* 注释 */``, ``char *p``), or the
sign named (带*号的, 按*键).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from tasks.normalize.rules import CJK
from tasks.normalize.words import support

# A neighbour (spaces skipped) that makes the asterisk arithmetic, code or a marker:
# digits, Latin letters (ASCII or full-width) and operators.
_NOT_MASK_NEIGHBOUR = re.compile(r"[0-9A-Za-z０-９Ａ-Ｚａ-ｚ+\-*/=^%<>＋－／＝％.．_&|\\~#@$`]")  # noqa: RUF001
# An operator in the same clause makes ``*`` a multiplication sign: 总价=单价*数量.
_FORMULA = re.compile(r"[=＝+＋÷×]")  # noqa: RUF001
_CLAUSE_END = re.compile(r"[。！？；，,;!?\n]")
_RUN = re.compile(r"\*+")
_NAMES_THE_SIGN = frozenset("号號键鍵")

# The restored character's word must be a common one, or a four-character phrase
# (党和人民 of 向*和人民, frequency 3): jieba's junk entries (等级法, frequency 3) and
# rare words (泉台 3, 丹江 28) are no evidence of a censored 党 or 政.
MIN_WORD_FREQ = 100


def _clause(text: str, i: int) -> str:
    start = max((m.end() for m in _CLAUSE_END.finditer(text, 0, i)), default=0)
    m = _CLAUSE_END.search(text, i)
    return text[start : m.start() if m else len(text)]


def _neighbour(text: str, i: int, step: int) -> str:
    """The nearest character that is not a space, from ``i`` in direction ``step``."""
    j = i + step
    while 0 <= j < len(text) and text[j] in " \t\u3000":
        j += step
    return text[j] if 0 <= j < len(text) else ""


def is_mask(text: str, i: int) -> bool:
    """Can the single ``*`` at ``text[i]`` stand for a censored Chinese character?"""
    if text[i - 1 : i] == "*" or text[i + 1 : i + 2] == "*":
        return False  # a run: masked digits (151****2897) or markdown (**粗体**)
    if not (CJK.match(text[i - 1 : i] or " ") or CJK.match(text[i + 1 : i + 2] or " ")):
        return False  # a mask replaces a character inside Chinese text
    if text[i + 1 : i + 2] in _NAMES_THE_SIGN:
        return False  # the sign itself: 带*号的为预估值, 按*键
    for step in (-1, 1):
        if _NOT_MASK_NEIGHBOUR.match(_neighbour(text, i, step) or " "):
            return False
    return not _FORMULA.search(_clause(text, i))


def mask_positions(text: str) -> list[int]:
    """Offsets of the ``*`` in ``text`` that stand for a censored character."""
    if "*" not in text:
        return []
    return [m.start() for m in _RUN.finditer(text) if m.end() - m.start() == 1 and is_mask(text, m.start())]


def restore_choice(conv: str, i: int, candidates: Sequence[str]) -> str | None:
    """The censored character a mask at ``conv[i]`` stands for, or None to keep it.

    Candidates are ranked by the longest dictionary word they make around the
    ``*``, then by how far their words reach (人民*府: 人民政府 beats 民主). The
    winner must make a word of three characters or more, or words on both sides of
    the ``*``; its word must be common (``MIN_WORD_FREQ``) or four characters long;
    and it must beat the runner-up on those ranks, or else make a word ten times more
    frequent than the runner-up's (从*策: 政策 against 中策). Otherwise the ``*`` is
    kept and counted.
    """
    scored = sorted(
        (
            (longest, left + right, freq, cand)
            for cand in candidates
            for left, right, freq, longest in [support(conv, i, cand)]
        ),
        reverse=True,
    )
    best = scored[0]
    if best[0] < 4 and best[2] < MIN_WORD_FREQ:
        return None
    if best[0] < 3 and best[1] < 2:
        return None  # one two-character word on one side (他说*是: 说法) is no evidence
    second = scored[1] if len(scored) > 1 else (0, 0, 0, "")
    if best[:2] > second[:2]:
        return best[3]  # 党中央 (3 characters) against 开国/国中 (2 + 2)
    if best[2] >= 10 * second[2]:
        return best[3]  # 从*策: 从政 + 政策 (14792) against 从中 + 中策 (1170)
    return None


def count_masks(text: str) -> int:
    """Censored characters left in ``text``: masks not restored, and runs of ``*``
    inside Chinese text (习**讲话) that are not markdown emphasis (**要点**)."""
    if "*" not in text:
        return 0
    runs = list(_RUN.finditer(text))
    lengths = [m.end() - m.start() for m in runs]
    n = 0
    for m, length in zip(runs, lengths, strict=True):
        if length == 1:
            n += is_mask(text, m.start())
        elif (
            CJK.match(text[m.start() - 1 : m.start()] or " ")
            and CJK.match(text[m.end() : m.end() + 1] or " ")
            and lengths.count(length) == 1  # **要点** comes in pairs
        ):
            n += length
    return n
