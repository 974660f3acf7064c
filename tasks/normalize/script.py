"""Which script an article is written in: simplified, traditional or mixed."""

from __future__ import annotations

from collections.abc import Sequence

from tasks.normalize.chrome import Line
from tasks.normalize.rules import CJK, rule_tables
from tasks.normalize.t2s import count_traditional

# --------------------------------------------------------- script


def script_of(lines: Sequence[Line]) -> str:
    """simplified / traditional / mixed from the share of characters t2s changes."""
    # Only lines whose hits (see lines_of) include a t2s trigger can hold a
    # Traditional character: the rest (most lines of Simplified text) need no count.
    traditional = rule_tables().traditional  # the characters count_traditional counts
    raws = [ln.raw for ln in lines if not ln.plain and not traditional.isdisjoint(ln.hits)]
    trad = sum(count_traditional(raw) for raw in raws)
    if trad == 0:
        return "simplified"
    cjk = sum(len(CJK.findall(ln.raw)) for ln in lines)
    share = trad / cjk
    if share >= 0.08:
        return "traditional"
    # One stray character (乾 in 乾隆) does not make a text mixed.
    return "mixed" if trad >= 2 else "simplified"
