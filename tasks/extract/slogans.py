"""Quoted formulas (slogans): “两不愁三保障”, 「精准扶贫」, 『四个意识』.

A quotation is a slogan when it reads as a formula, not as reported speech: at most
``MAX_SLOGAN_CHARS`` characters once spaces and punctuation are dropped, no sentence-final
punctuation inside (。！？), and at most ``MAX_PARTS`` comma/顿号 parts. Longer quotations
are speech (习近平总书记 … “夺取脱贫攻坚战全面胜利，坚决完成…！”). Titles in 《…》 are
documents and never slogans, nor is a quote nested inside a title.

``phrase`` is canonical: Simplified (the pipeline's own t2s when present, else OpenCC),
NFKC, no spaces and no punctuation, so “两不愁 三保障”, “两不愁、三保障” and
“兩不愁三保障” are one slogan.
"""

from __future__ import annotations

import re
import unicodedata

from tasks.model import SloganMention
from tasks.normalize import to_simplified

MAX_SLOGAN_CHARS = 16
MAX_PARTS = 4

_QUOTE_RE = re.compile(r"“([^“”\n]{1,80})”|「([^「」\n]{1,80})」|『([^『』\n]{1,80})』|\"([^\"\n]{1,80})\"")
_TITLE_RE = re.compile(r"《[^《》\n]*》")
_SENTENCE_END = re.compile(r"[。！？!?…]")
_PART_SEP = re.compile(r"[，,、；;\s]+")
_DROP = re.compile(r"[\W_]+", re.UNICODE)


def canonical_phrase(raw: str) -> str:
    """Simplified, NFKC, without spaces or punctuation: “兩不愁、三保障” → 两不愁三保障."""
    s = unicodedata.normalize("NFKC", raw)
    s = to_simplified(s)
    return _DROP.sub("", s)


def is_slogan(raw: str) -> bool:
    """A formula rather than a speech quotation (see the module docstring)."""
    inner = raw.strip()
    if _SENTENCE_END.search(inner.rstrip("。！？!?…")) or re.search(r"[。！？!?]$", inner):
        return False
    canon = canonical_phrase(inner)
    if not (2 <= len(canon) <= MAX_SLOGAN_CHARS):
        return False
    if not re.search(r"[\u3400-\u9fff]", canon):
        return False
    parts = [p for p in _PART_SEP.split(inner) if p]
    return len(parts) <= MAX_PARTS


def extract_slogans(text: str) -> tuple[SloganMention, ...]:
    """Slogans in ``text``; start/end and ``raw`` cover the quoted text without the marks."""
    titles = [(m.start(), m.end()) for m in _TITLE_RE.finditer(text)]
    out = []
    for m in _QUOTE_RE.finditer(text):
        gi = next(i for i in range(1, 5) if m.group(i) is not None)
        raw = m.group(gi)
        start, end = m.start(gi), m.end(gi)
        if any(a <= start < b for a, b in titles):
            continue
        if not is_slogan(raw):
            continue
        out.append(SloganMention(phrase=canonical_phrase(raw), raw=raw, start=start, end=end))
    return tuple(out)
