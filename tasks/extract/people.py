"""People, with the official titles they are named with.

Finds, beside the CRF's names: ``TITLE+NAME`` chains as written (市委书记、市人大常委会主任|
李宏庆, with 、 between titles), ``NAME+TITLE`` (习近平|总书记), bylines (``(记者 何海峰
李彬)``), name lists joined by 、 or padded with spaces (a title before a list applies to
all), and every name so found wherever else it occurs whole (王伟中, never 王伟 inside it).
Never makes a person of a gazetteer name (紫云) or of a title alone.
"""

from __future__ import annotations

import bisect
import dataclasses
import itertools
import re
from collections.abc import Iterable, Sequence

from tasks.extract import gazetteer, tokenizer
from tasks.extract.lexicon import (
    CJK,
    COMMON_WORD_FREQ,
    FUNCTION_SURNAMES,
    ORGISH_END,
    Covering,
    entity_tables,
    is_cjk,
    looks_like_name,
    nested_spans,
    surname_len,
    title_starting_at,
    token_spans,
    training_person,
)
from tasks.extract.name_lists import (
    BYLINE_KEYS,
    BYLINE_STOP,
    CJK_RUN_RE,
    LIST_RE,
    LIST_SOFT_SEP_RE,
    byline_name_end,
    padded_list_names,
)
from tasks.extract.titles import chain_start, name_after_re
from tasks.model import EntityMention

# Words right after a name that show the name ended (朱涛|主持, 韩勇|在).
_AFTER_NAME = set("出主在说指强讲等表参作一同和与及、，,。带到率陪为对是的了向也就还并先要代")


# Conjunctions that are no surname at all: a "name" the model starts with one is a misreading.
CONJUNCTIONS = frozenset("或与及并且而")


# Function characters that never end a two-character given name in this genre.
_STRONG_AFTER_NAME = set("在等和与及、，,。的了是为向对把被也就还并")


_NAME_VERBS = ("强调", "指出", "表示", "要求", "主持", "出席", "讲话", "说", "认为", "介绍", "提出", "希望", "宣布", "会见", "调研", "考察")


def _name_at(text: str, p: int, crf_starts: dict[int, int], known: Sequence[str]) -> int:
    """Length of the person name starting at ``p`` (0 when there is none)."""
    for k in sorted(known, key=len, reverse=True):
        if text.startswith(k, p):
            return len(k)
    if p in crf_starts and 2 <= crf_starts[p] - p <= 4:
        return crf_starts[p] - p
    sl = surname_len(text, p)
    if not sl:
        return 0
    n = len(text)
    # Given name of 1 or 2 characters: take 2 unless the third char clearly starts the
    # next word (朱涛|主持), or the 3-char form is a dictionary word.
    if p + sl >= n or not is_cjk(text[p + sl]):
        return 0
    if p + sl + 1 >= n or not is_cjk(text[p + sl + 1]):
        return sl + 1
    three = text[p : p + sl + 2]
    if text.count(three) >= 2:
        return sl + 2
    nxt = text[p + sl + 1]
    nxt2 = text[p + sl + 1 : p + sl + 3]
    lx = tokenizer.lexicon()
    if nxt in _STRONG_AFTER_NAME:
        return sl + 1
    if nxt in _AFTER_NAME or any(text.startswith(v, p + sl + 1) for v in _NAME_VERBS):
        if text.count(text[p : p + sl + 1]) >= 2 or nxt2 in lx.freq or nxt in "，,、。":
            return sl + 1
    if len(nxt2) == 2 and lx.freq.get(nxt2, 0) >= 100 and lx.tags.get(nxt2, "").startswith("v"):
        return sl + 1
    return sl + 2


def corpus_people(names: Iterable[str]) -> frozenset[str]:
    """The names, found with a title somewhere in the corpus, that may be read as people
    wherever the tokenizer (which then knows them) reads one as a word.

    A wrong name here would recur in every later article, and a name the dictionaries or
    the training files already know needs no help, so only unknown names shaped like one
    are kept: a surname and a one- or two-character given name (or a foreign name written
    with ·), no place, title or dictionary word (the reporter 马力 is also 马力,
    horsepower) but the rare ones jieba tags as names, and no verb at the start
    (记者|解释说, the byline rule's old misreading).
    """
    lx = tokenizer.lexicon()
    t = entity_tables()
    out = set()
    for name in names:
        if "·" in name:
            shaped = 3 <= len(name) <= 16 and all(is_cjk(c) or c == "·" for c in name)
        else:
            sl = surname_len(name, 0) if all(is_cjk(c) for c in name) else 0
            head = lx.tags.get(name[:2], "")[:1] in ("v", "d", "p", "c", "r") and lx.freq.get(name[:2], 0) >= 300
            shaped = bool(sl) and 1 <= len(name) - sl <= 2 and name[0] not in FUNCTION_SURNAMES and not head
        if not shaped or gazetteer.is_place_name(name) or name in t.titles:
            continue
        rare_name = lx.tags.get(name, "").startswith("nr") and lx.freq.get(name, 0) < 100
        if (name in lx.freq and not rare_name) or training_person(name):
            continue  # known already: the model matches the training files' names itself
        out.add(name)
    return frozenset(out)


def find_people(
    text: str, tokens: Sequence[str], crf: Sequence[tuple[str, int, int]],
    people: frozenset[str] = frozenset(), named: Sequence[str] = (),
) -> list[EntityMention]:
    t = entity_tables()
    spans = token_spans(tokens)
    cover = Covering(tokens)
    crf_per = {s: e for typ, s, e in crf if typ == "PER"}
    found: dict[tuple[int, int], EntityMention] = {}

    def add(s: int, e: int, title: str | None, name: str | None = None) -> None:
        key = (s, e)
        old = found.get(key)
        if old is None or (title and not old.title):
            surface = text[s:e]
            found[key] = EntityMention(kind="person", name=name or surface, start=s, end=e, title=title,
                                       surface=surface if name and name != surface else None)

    # 1. Bylines: (记者 何海峰 李彬), 编辑:孙雅茹责任编辑:吴树权, (广电融媒体记者 梁寿基 韩俊彤)
    key_re = "|".join(map(re.escape, BYLINE_KEYS))
    stop_re = "|".join(map(re.escape, BYLINE_STOP))
    name_re = rf"[{CJK}]{{2,4}}?(?=[\s)）】\]，,。、;；/]|$|{stop_re})"
    for m in re.finditer(rf"(?P<title>[{CJK}]{{0,8}}?(?:{key_re}))[ \t　]*[:：]?[ \t　]*(?P<names>{name_re}(?:[ \t　、,，]+{name_re})*)", text):
        title = m.group("title")
        # Title prefix: keep only what follows an opening bracket or a 讯/电 dateline.
        # (a 电 of 广电 is no dateline: split only at 讯 and at 日电/月电 as in 3月5日电;
        # the 讯 of 通讯员 is none either).
        title = re.split(r"讯(?!员)|[日月]电", title)[-1]
        for nm in re.finditer(rf"[{CJK}]+", m.group("names")):
            s, e = m.start("names") + nm.start(), m.start("names") + nm.end()
            e = byline_name_end(text, s, e)
            if e and not gazetteer.is_place_name(text[s:e]) and text[s:e] not in t.titles:
                add(s, e, title)

    # 2. TITLE(+、TITLE)* NAME (and a title before a name list applies to each name).
    for m in t.title_re.finditer(text):
        hs, he = m.start(), m.end()
        if he >= len(text) or not is_cjk(text[he]):
            continue
        if m.group(0) in BYLINE_KEYS:
            continue  # bylines were handled above, with their own name rules
        nl = _name_at(text, he, crf_per, [])
        if not nl:
            continue
        # 市领导|章志兼、卫达: a model name one char short of a list separator is cut short.
        if (
            nl == 2
            and he + 3 < len(text)
            and text[he + 3] == "、"
            and is_cjk(text[he + 2])
            and text[he + 2] not in _AFTER_NAME
            and surname_len(text, he) == 1
        ):
            nl = 3
        ns, ne = he, he + nl
        cand = text[ns:ne]
        if not looks_like_name(cand) and crf_per.get(ns) != ne:
            continue
        cs = chain_start(text, hs, cover)
        title = text[cs:he]
        add(ns, ne, title)
        # A list after the title: 市领导章志兼、卫达、马骥等出席
        pos = ne
        while pos < len(text) and text[pos] == "、":
            m2 = re.match(rf"[{CJK}]{{2,4}}(?=[、，,。；;\s]|等)", text[pos + 1 : pos + 7])
            nl2 = m2.end() if m2 else _name_at(text, pos + 1, crf_per, [])
            if not nl2 or not looks_like_name(text[pos + 1 : pos + 1 + nl2]):
                break
            add(pos + 1, pos + 1 + nl2, title)
            pos = pos + 1 + nl2

    # 3. Name lists: ≥3 items of 2-4 chars joined by 、 (or ≥4 joined by ，/spaces),
    #    most of them name-like; then the other short items of such a list are names too
    #    (义芳 in 卿汤义、义芳、徐海浪: a rare surname the table lacks).
    lx = tokenizer.lexicon()
    for m in LIST_RE.finditer(text):
        items = [(m.start() + p.start(), m.start() + p.end()) for p in CJK_RUN_RE.finditer(m.group(0))]
        # 、 lists are the safe kind; lists joined by ，/spaces need more, and more names.
        min_items, share = (3, 0.7) if not LIST_SOFT_SEP_RE.search(m.group(0)) else (4, 0.8)
        if len(items) < min_items:
            continue
        # The last item runs into the next word (…梁文,市 / …马骥等出席): cut it to a name.
        ls, _le = items[-1]
        nl = _name_at(text, ls, crf_per, [])
        if nl:
            items[-1] = (ls, ls + nl)
        # The first item may carry a prefix (出席会议的|钟得志): keep the name-like tail.
        fs, fe = items[0]
        for k in range(fs, fe - 1):
            if looks_like_name(text[k:fe]):
                items[0] = (k, fe)
                break
        # an item the model marked as a person counts too (阿加尼亚 has no surname)
        good = [(a, b) for a, b in items if looks_like_name(text[a:b]) or crf_per.get(a) == b]
        if len(good) < max(min_items, int(share * len(items) + 0.999)):
            continue
        for a, b in items:
            w = text[a:b]
            if (a, b) in good or (
                2 <= len(w) <= 3
                and lx.freq.get(w, 0) < 20
                and not gazetteer.is_place_name(w)
                and w not in t.titles
                and not w.endswith(ORGISH_END)
            ):
                add(a, b, None)

    # 3b. Lists typeset in columns, two-character names padded to three (王　明　李四光　张　三):
    #     the padded name is one person, named without the padding.
    for s_, e_, name in padded_list_names(text):
        add(s_, e_, None, name)

    # 4. NAME+TITLE: 习近平总书记, 李克强总理.
    token_starts = {ts for ts, _, _ in spans}
    for m in name_after_re().finditer(text):
        e = m.start()
        for L in (3, 2, 4):
            s = e - L
            if s < 0:
                continue
            cand = text[s:e]
            dict_name = lx.tags.get(cand, "").startswith("nr") and lx.freq.get(cand, 0) < 50 and len(cand) >= 2
            left_ok = s == 0 or not is_cjk(text[s - 1]) or crf_per.get(s) == e or s in token_starts
            if (crf_per.get(s) == e or dict_name) and left_ok and looks_like_name(cand):
                add(s, e, m.group(0) if m.group(0) != "同志" else None)
                break

    # 5. The CRF's people (not place names, not titles).
    for typ, s, e in crf:
        if typ != "PER":
            continue
        name = text[s:e]
        if gazetteer.is_place_name(name) or name in t.titles or not any(is_cjk(c) for c in name):
            continue
        if any(a <= s and e <= b and (a, b) != (s, e) for (a, b) in found):
            continue
        add(s, e, None)

    # 6. Every name found, wherever else it occurs (whole names only).
    names = sorted({m.name for m in found.values() if len(m.name) >= 2}, key=len, reverse=True)
    for nm in names:
        for mm in re.finditer(re.escape(nm), text):
            s, e = mm.start(), mm.end()
            if (s, e) in found:
                continue
            if any(a <= s and e <= b for (a, b) in found):
                continue
            # 王伟 inside 王伟中 is a fragment, not a mention.
            if e < len(text) and any(other.startswith(nm) and text.startswith(other, s) for other in names if other != nm):
                continue
            add(s, e, None)

    # 7. Names found with a title elsewhere in the corpus, where the tokenizer that knows
    #    them reads one as a word: 钟得志指出, with no title in this article. Not where the
    #    next word goes on with a name (梅德韦|杰夫: a title once cut 梅德韦杰夫 short).
    if people:
        ends = list(itertools.accumulate(map(len, named)))
        for i, tok in enumerate(named):
            if tok not in people:
                continue
            s, e = ends[i] - len(tok), ends[i]
            after = named[i + 1] if i + 1 < len(named) else ""
            goes_on = is_cjk(after[:1]) and (lx.tags.get(after, "").startswith("nr") or not lx.freq.get(after))
            if not goes_on and not any(a < e and s < b for a, b in found):
                add(s, e, None)

    # A rule's name that cuts into a span of the model (长葛市|职, 班达拉|奈克 as a 3-char
    # name after a title) is dropped: where the model marked a name, its boundaries win
    # (a rule name may still extend a model name: 章志 → 章志兼). Its title moves to a
    # model person span that holds it.
    model_spans = sorted((a, b) for _typ, a, b in crf)
    model_ends = [b for _, b in model_spans]  # sorted too: the model's spans never overlap
    per_spans = {(a, b) for typ, a, b in crf if typ == "PER"}
    for s, e in list(found):
        if (s, e) in per_spans:
            continue
        for a, b in model_spans[bisect.bisect_right(model_ends, s) :]:
            if a >= e:
                break
            if (a, b) != (s, e) and not (s <= a and b <= e):
                m = found.pop((s, e))
                if m.title and (a, b) in found and a <= s and e <= b and not found[(a, b)].title:
                    found[(a, b)] = dataclasses.replace(found[(a, b)], title=m.title)
                break

    # Drop fragments: a person span strictly inside another person span. A fragment's
    # title goes to the whole name that starts where it starts (市领导|章志 → 章志兼).
    keys = sorted(found)
    nested = nested_spans(keys)
    for s, e in nested:
        title = found[(s, e)].title
        if not title:
            continue
        for a, b in keys:
            if a == s and b > e and not found[(a, b)].title:
                found[(a, b)] = dataclasses.replace(found[(a, b)], title=title)
    return [found[k] for k in keys if k not in nested]


# What may follow a lone surname the model calls a person: 老王/王老, 李老师, 唐外长, 刘家,
# and the Thomas and Uber cups (汤杯, 尤杯), which the reference annotations mark so.
_LONE_SURNAME_NEXT = ("先生", "女士", "小姐", "老师", "师傅", "同志", "大娘", "大爷", "大妈", "大姐", "大哥", "教授", "大夫", "医生", "外长", "总书记", "主席", "总理", "委员长")


# Characters that follow a name and never end a four-character one (陈晓太|则说, 吴汉宝|称).
_AFTER_FULL_NAME = frozenset("则称们向像等说曾又也就都还却便在和与及对为是的了")


def name_run_into_word(text: str, s: int, e: int) -> int:
    """Length of the model's four-character "name" once the word it ran into is cut off
    (0: no name at all).

    A Chinese name with a one-character surname has at most three characters: in
    吴汉宝|称 or 陈晓太|则说 the model took in the next word's first character. One that
    ends in a whole common word is a brand or a place (金隅可乐, 惠达陶瓷, 杨高南路):
    cutting it to two characters would only make a new wrong name, repeated wherever it
    occurs. Transliterated names (米尔萨普, 马约卡斯) are left alone: their last
    characters begin no word.
    """
    name = text[s:e]
    if len(name) != 4 or surname_len(name, 0) != 1 or training_person(name):
        return e - s
    lx = tokenizer.lexicon()
    if name in lx.freq:
        return e - s
    tail = name[2:]
    if lx.freq.get(tail, 0) >= 100 and not lx.tags.get(tail, "").startswith("nr"):
        return 0
    last = name[3]
    if (last in _AFTER_FULL_NAME or lx.freq.get(text[e - 1 : e + 1], 0) >= COMMON_WORD_FREQ) and looks_like_name(name[:3]):
        return 3
    return e - s


def lone_surname_ok(text: str, s: int, e: int) -> bool:
    if text[e : e + 1] in set("老总某家氏杯") or text[max(0, s - 1) : s] in ("老", "小"):
        return True
    if text.startswith(_LONE_SURNAME_NEXT, e):
        return True
    return title_starting_at(text, e) > 0
