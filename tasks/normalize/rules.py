"""The rule tables normalize reads: data files in ``rules/``, and jieba's word list.

Loaded once per process, read-only. The files are data, not code: look-alike
characters (``lookalikes.tsv``), the correction layer over t2s
(``t2s_corrections.tsv``), page-chrome patterns (``chrome_patterns.tsv``), mask
candidates and words jieba lacks. A rule or reason code a file names must exist in
``tasks.reasons``; a file that breaks that raises at load, never mid-run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from tasks import reasons
from tasks.normalize.t2s import conversion_triggers, traditional_characters

# Found through the module, never the working directory (worker processes differ).
RULES_DIR = Path(__file__).resolve().parent / "rules"

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")

# ------------------------------------------------------------------ rule tables


def data_rows(name: str) -> list[list[str]]:
    """Tab-separated rows of a rules file, comments and blank lines skipped."""
    rows = []
    with open(RULES_DIR / name, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.strip() and not line.startswith("#"):
                rows.append(line.split("\t"))
    return rows


@dataclass(frozen=True)
class Rules:
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
def rule_tables() -> Rules:
    lookalikes = {row[0]: tuple(row[1].split()) for row in data_rows("lookalikes.tsv")}
    corrections: dict[str, tuple[str, str]] = {}
    for key, value, rule in data_rows("t2s_corrections.tsv"):
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
        (reason, re.compile(pattern)) for reason, pattern in data_rows("chrome_patterns.tsv")
    )
    for reason, _ in chrome:
        if reason not in reasons.REMOVED_LINE_REASONS:
            raise ValueError(f"chrome_patterns.tsv: unknown reason {reason!r}")
    masks = tuple(row[0] for row in data_rows("mask_candidates.txt"))
    triggers = frozenset(lookalikes) | frozenset(by_anchor) | {"*"}
    plain = triggers | conversion_triggers()
    return Rules(
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
def dictionary_words() -> dict[str, int]:
    """jieba's dictionary (word -> frequency), read directly: read-only, no cache file."""
    import jieba  # imported here: only needed when a repair has to be decided

    words: dict[str, int] = {}
    with open(Path(jieba.__file__).resolve().parent / "dict.txt", encoding="utf-8") as f:
        for line in f:
            parts = line.split(" ")
            if len(parts) >= 2 and len(parts[0]) >= 2:
                words[parts[0]] = int(parts[1])
    # Words jieba lacks (做大 of 做大做强): rules/extra_words.tsv, frequencies on jieba's scale.
    for row in data_rows("extra_words.tsv"):
        words.setdefault(row[0], int(row[1]))
    return words
