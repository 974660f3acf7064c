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
from tasks.normalize.t2s import conversion_triggers, to_simplified, traditional_characters

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
    corrections: dict[str, tuple[str, str]]  # key -> (output, rule)
    correction_by_anchor: dict[str, list[tuple[str, int]]]  # anchor -> [(key, offset)]
    correction_anchors: frozenset[str]
    # keys written in characters Simplified text uses as they are, that change them
    # (打坏 → 打坯, 沈思 → 沉思): applied in Traditional lines only
    traditional_only: frozenset[str]
    traditional_only_anchors: frozenset[str]  # their anchors, unless also in ``triggers``
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


def _anchors(corrections: dict[str, tuple[str, str]]) -> dict[str, list[tuple[str, int]]]:
    """Each correction key under one of its characters, the one a line is tested for.

    A line holding no anchor needs no correction (one set test, see ``Rules.triggers``),
    so the anchor is the key's rarest character in Simplified text as far as the tables
    tell: one plain t2s changes (標 of 座標), else one whose output differs from plain t2s
    (沈 of 沈下 → 沉下, not 下), else a key of its own that the longer key shields (著 of
    著名), else the first.
    """
    changing = traditional_characters()
    single = {k for k in corrections if len(k) == 1}
    by_anchor: dict[str, list[tuple[str, int]]] = {}
    for key, (value, _) in corrections.items():
        plain = to_simplified(key)
        offset = next(
            (i for i, c in enumerate(key) if c in changing),
            next(
                (i for i, (v, p) in enumerate(zip(value, plain, strict=True)) if v != p),
                next((i for i, c in enumerate(key) if c in single), 0),
            ),
        )
        by_anchor.setdefault(key[offset], []).append((key, offset))
    return by_anchor


def _traditional_only(corrections: dict[str, tuple[str, str]]) -> frozenset[str]:
    """Keys that change text written only in characters Simplified text keeps as they are.

    Such a key is Traditional only by its meaning: in Traditional text 坏 is pī (打坏 →
    打坯) and 沈 the old 沉; in Simplified text 打坏 is "smash" and 沈 a surname (老沈下午来).
    """
    foreign = traditional_characters() | {k for k, (v, _) in corrections.items() if len(k) == 1 and v != k}
    return frozenset(k for k, (v, _) in corrections.items() if v != k and foreign.isdisjoint(k))


@lru_cache(maxsize=1)
def rule_tables() -> Rules:
    lookalikes = {row[0]: tuple(row[1].split()) for row in data_rows("lookalikes.tsv")}
    corrections: dict[str, tuple[str, str]] = {}
    # OpenCC's current dictionaries first (generated), then the hand corrections over them.
    for name in ("t2s_opencc.tsv", "t2s_corrections.tsv"):
        for key, value, rule, *_source in data_rows(name):
            if len(key) != len(value):
                raise ValueError(f"{name}: {key!r} -> {value!r} changes the length")
            if rule not in reasons.REPAIR_RULES:
                raise ValueError(f"{name}: unknown rule {rule!r}")
            corrections[key] = (value, rule)
    by_anchor = _anchors(corrections)
    chrome = tuple(
        (reason, re.compile(pattern)) for reason, pattern in data_rows("chrome_patterns.tsv")
    )
    for reason, _ in chrome:
        if reason not in reasons.REMOVED_LINE_REASONS:
            raise ValueError(f"chrome_patterns.tsv: unknown reason {reason!r}")
    masks = tuple(row[0] for row in data_rows("mask_candidates.txt"))
    traditional_only = _traditional_only(corrections)
    # Anchors of keys that apply in Traditional lines only are no triggers: a line with
    # none of t2s's characters is no Traditional line, and a line with some is looked at
    # anyway (Rules.traditional_only_anchors). Simplified text keeps its one set test per
    # line although 像 (of 想像) or 坏 (of 打坏) are everyday characters there.
    anchors_of = {key: key[offset] for keys in by_anchor.values() for key, offset in keys}
    anchors = frozenset(anchors_of[k] for k in corrections if k not in traditional_only)
    triggers = frozenset(lookalikes) | anchors | {"*"}
    plain = triggers | conversion_triggers()
    return Rules(
        lookalikes=lookalikes,
        corrections=corrections,
        correction_by_anchor=by_anchor,
        correction_anchors=frozenset(by_anchor),
        traditional_only=traditional_only,
        traditional_only_anchors=frozenset(anchors_of[k] for k in traditional_only) - triggers,
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
