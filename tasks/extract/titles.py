"""Official titles as written around a name: where a title chain before a name starts.

A chain is titles joined as written (市委书记、市人大常委会主任), reaching back over the
organisations and places they belong to (中共庆阳市委|书记). Never reaches over a verb,
a preposition or a clause boundary.
"""

from __future__ import annotations

import re

from tasks.extract import tokenizer
from tasks.extract.lexicon import (
    CHAIN_STOP_WORDS,
    Covering,
    entity_tables,
    is_cjk,
    orgish,
    title_ending_at,
)

# Tokens that end a title chain when walking left from a title (会议由|市委副书记…).
_CHAIN_STOP_TAGS = frozenset({"p", "c", "u", "uj", "ul", "uz", "ud", "ug", "uv", "v", "vd", "t", "tg", "r", "d", "m", "q", "y", "e", "f", "x", "zg", "a", "ad"})


# Words that begin a title (荣誉主席, 名誉会长), never a name before one.
TITLE_PREFIXES = frozenset({"荣誉", "名誉"})


def chain_start(text: str, head_start: int, cover: Covering) -> int:
    """Walk left from a title head over org parts and 、-joined titles; return chain start.

    会议由|市委副书记、市长|林冠 → the chain is 市委副书记、市长: 由 (a preposition) stops
    the walk, 、 is crossed only when a title ends right before it, and plain nouns
    (农业, 产业化, 工作) are taken only when an organisation part lies further left.
    """
    pos = head_start
    start = head_start
    steps = 0
    while pos > 0 and steps < 16:
        steps += 1
        ch = text[pos - 1]
        if ch == "、":
            L = title_ending_at(text, pos - 1)
            if not L:
                break
            pos = pos - 1 - L
            start = pos
            continue
        if ch == "*" and pos >= 2 and is_cjk(text[pos - 2]):
            pos -= 1  # a masked character inside a name (市人民*府市长)
            continue
        if not is_cjk(ch):
            break
        s, _e, tok = cover[pos - 1]
        piece = text[s:pos]
        if piece in CHAIN_STOP_WORDS:
            break
        if orgish(piece):
            pos = s
            start = s
            continue
        tag = tokenizer.pos_of(tok)
        if tag in _CHAIN_STOP_TAGS or tag.startswith("nr") or tag == "un" or len(piece) > 6:
            break
        pos = s  # a plain noun: kept only if an org part follows further left
    return start


_NAME_AFTER_RE: re.Pattern[str] | None = None


def name_after_re() -> re.Pattern[str]:
    global _NAME_AFTER_RE
    if _NAME_AFTER_RE is None:
        _NAME_AFTER_RE = re.compile("|".join(map(re.escape, sorted(entity_tables().name_after_titles, key=len, reverse=True))))
    return _NAME_AFTER_RE
