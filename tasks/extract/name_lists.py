"""Names written as lists and bylines: 钟得志、王周华、朱东, 王　明  李　强, (记者 何海峰 李彬).

Lists joined by 、 or padded with full-width spaces, official lists run together, and
reporters' bylines. A name run into the text after a byline is cut where it stops
looking like a name (曹元|近日). Never reads a function word as a surname.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from tasks.extract import tokenizer
from tasks.extract.lexicon import CJK, FUNCTION_SURNAMES, looks_like_name, surname_len
from tasks.extract.ner import model as ner_model

# Byline keywords, longest first; a title run may stand before them (广电融媒体记者).
BYLINE_KEYS = ("责任编辑", "首席记者", "特约记者", "见习记者", "本报记者", "实习生", "通讯员", "记者", "编辑", "责编", "摄影", "撰稿", "作者")


BYLINE_STOP = ("责任编辑", "责编", "编辑", "记者", "通讯员", "摄影", "审核", "校对", "一审", "二审", "三审", "终审", "来源", "实习生", "报道", "发自", "电")


LIST_RE = re.compile(rf"(?:[{CJK}]{{2,4}}[、，, \u3000]+){{2,}}[{CJK}]{{2,4}}(?=[，,。；;等\s]|$|[{CJK}])")


CJK_RUN_RE = re.compile(rf"[{CJK}]+")


LIST_SOFT_SEP_RE = re.compile("[，, \u3000]")


_SPACED_LIST_RE = re.compile(rf"(?:[{CJK}]{{1,4}}[ \u3000]+){{4,}}[{CJK}]{{1,4}}")


_PAD = " \u3000"


# Tags of words that end a byline name run into the sentence (曹元|近日, 崔群|根据).
_BYLINE_TAIL_TAGS = frozenset({"t", "p", "d", "c", "v", "r", "f"})


def byline_name_end(text: str, s: int, e: int) -> int:
    """End of the byline name written at ``text[s:e]``, or 0 when it is no name.

    记者 is also a word of the sentence (向记者解释说，记者过了马路，记者会上，有韩国记者问).
    Where a byline is set apart by a space or a colon (记者：唐珩 关宏), its names are
    trusted; a "name" run into the text that starts with a function word, or that ends
    the clause without looking like a name, is the sentence going on. A time word or a
    preposition run into a name (本报记者 曹元近日，) is cut off.
    """
    if not surname_len(text, s):
        return 0
    set_apart = s > 0 and text[s - 1] in " \t\u3000:："
    if not set_apart and text[s] in FUNCTION_SURNAMES:
        return 0
    lx = tokenizer.lexicon()
    tail = text[e - 2 : e]
    if e - s == 4 and lx.tags.get(tail, "")[:1] in _BYLINE_TAIL_TAGS and lx.freq.get(tail, 0) >= 300:
        e -= 2
    if not 2 <= e - s <= 4:
        return 0
    if not set_apart and text[e : e + 1] in ("，", ",", "。", "、") and not looks_like_name(text[s:e]):
        return 0
    return e


def padded_list_names(text: str) -> list[tuple[int, int, str]]:
    """(start, end, name) of the names of space-separated lists in which two-character
    names are padded with one space to the width of three (王　明), the usual typesetting
    of name lists. Only lists holding such a padded name, with most items name-like."""
    out: list[tuple[int, int, str]] = []
    for m in _SPACED_LIST_RE.finditer(text):
        runs = [(m.start() + r.start(), m.start() + r.end()) for r in CJK_RUN_RE.finditer(m.group(0))]
        items: list[tuple[int, int, str]] = []
        i = 0
        while i < len(runs):
            s, e = runs[i]
            if e - s == 1 and i + 1 < len(runs):
                s2, e2 = runs[i + 1]
                if e2 - s2 == 1 and s2 == e + 1 and text[e] in _PAD and surname_len(text, s) == 1:
                    items.append((s, e2, text[s] + text[s2]))
                    i += 2
                    continue
            items.append((s, e, text[s:e]))
            i += 1
        padded = sum(e - s == 3 and text[s + 1] in _PAD for s, e, _ in items)
        if not padded:
            continue  # a plain spaced list: step 3 decides on it
        # Padding is itself evidence of a name list: half the items name-like will do
        # (foreign names, 阿尔比, have no surname; the model finds those).
        good = [it for it in items if looks_like_name(it[2])]
        if padded >= 2 and len(good) >= max(4, len(items) / 2):
            out.extend(good)
    return out


def listed_people(text: str, crf: Sequence[tuple[str, int, int]]) -> set[tuple[int, int]]:
    """The model's people that stand in a list of three or more names run together
    (李鹏乔石李瑞环, as official lists print them): each is a name, even one that is a
    common word (万里, 黄华)."""
    return {span for run in ner_model.touching_runs(text, crf) if len(run) >= 3 for span in run}
