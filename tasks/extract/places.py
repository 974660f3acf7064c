"""Places: where the text names them, and how the references write them.

Finds gazetteer places, townships and villages after a known place (镇原县|殷家城乡),
one-character abbreviations in context (访美, 中非|合作, 赣、粤、闽), and splits two places
written as one (中国香港). Resolution to the administrative hierarchy is
:mod:`tasks.extract.gazetteer`'s. Never makes a place of a township-shaped common word
(乡村, 贫困村).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from tasks.extract import gazetteer, tokenizer
from tasks.extract.lexicon import (
    CJK,
    Covering,
    entity_tables,
    inside_of,
    known_as_place,
    known_place_word,
    nested_spans,
    token_spans,
)
from tasks.extract.organisations import org_token_kind
from tasks.model import EntityMention

_TOWNSHIP_RE = re.compile(rf"[{CJK}]{{2,5}}?(?:乡|镇|村|街道|社区|苏木|嘎查)")


def bad_township(name: str) -> bool:
    """深度贫困村, 富裕村, 示范村: a common word plus 村/乡/镇 is no place name."""
    if not name.endswith(("乡", "镇", "村")) or gazetteer.is_place_name(name):
        return False
    if name in _NOT_TOWNSHIP or "贫困" in name:
        return True
    stem = name[:-1]
    tag = tokenizer.lexicon().tags.get(stem, "")
    return tag in ("a", "ad", "an", "d", "v", "vd", "vn", "m") and tokenizer.lexicon().freq.get(stem, 0) >= 50


_PLACE_PREFIX_END = ("县", "区", "市", "旗", "乡", "镇", "州", "盟")


_NOT_TOWNSHIP = {"乡村", "城乡", "农村", "全村", "各村", "本村", "该村", "每村", "新农村", "村镇", "乡镇", "城镇", "小镇", "集镇", "县乡", "县乡村", "贫困村", "行政村", "自然村", "重点村", "示范村", "富裕村", "建制村", "贫困乡", "贫困乡镇"}


# Gazetteer entries that are common words in news text (the sea area, the suburbs).
_PLACE_WORDS = frozenset({"海域", "郊区", "矿区", "城区"})


def find_places(text: str, tokens: Sequence[str], crf: Sequence[tuple[str, int, int]], persons: Sequence[EntityMention]) -> list[tuple[int, int]]:
    spans: set[tuple[int, int]] = set()
    lx = tokenizer.lexicon()
    g = gazetteer.gazetteer()
    full, alias = g.full, g.alias
    for s, e, tok in token_spans(tokens):
        if len(tok) < 2 or not (tok in full or tok in alias) or tok in _PLACE_WORDS:
            continue
        if g.full.get(tok):
            spans.add((s, e))
        elif g.alias.get(tok):
            # A short name is a place when the dictionary agrees or does not know the word
            # (紫云 is nr in jieba's dictionary: the gazetteer wins over that tag, but 和平
            # as a plain word does not become a district).
            tag = lx.tags.get(tok)
            # 沙田|镇 is a township, not Hong Kong's 沙田区: the suffix after it decides.
            if text[e : e + 1] in ("镇", "乡", "村") or text[e : e + 2] == "街道":
                continue
            if tag is None or tag == "ns" or (tag in ("nr", "nrt") and lx.freq.get(tok, 0) < 100):
                spans.add((s, e))
    for typ, s, e in crf:
        if typ == "LOC":
            spans.add((s, e))
        elif typ == "PER" and gazetteer.is_place_name(text[s:e]):
            spans.add((s, e))
    # Townships and villages right after a known place: 镇原县殷家城乡, 环县秦团庄乡王团庄村.
    changed = True
    while changed:
        changed = False
        for s, e in sorted(spans):
            if not text[s:e].endswith(_PLACE_PREFIX_END + ("村",)) and not gazetteer.gazetteer().full.get(text[s:e]):
                continue
            m = _TOWNSHIP_RE.match(text, e)
            if m is None and text[e : e + 1] == "、" and text[s:e].endswith(("乡", "镇", "村", "街道")):
                m = _TOWNSHIP_RE.match(text, e + 1)  # 平桂区公会镇、沙田镇新民村
            if m and m.group(0) not in _NOT_TOWNSHIP and (m.start(), m.end()) not in spans:
                name = m.group(0)
                if not re.search(r"[的了和与在是为把对从向等、]", name) and not name.startswith(("全", "各", "每", "本", "该")):
                    spans.add((m.start(), m.end()))
                    changed = True
    split: set[tuple[int, int]] = set()
    for s, e in spans:
        split.update(split_place(text, s, e))
    spans = {(s, e) for s, e in split if not bad_township(text[s:e])}
    # Drop places inside person names and places contained in longer places.
    in_person = inside_of([(p.start, p.end) for p in persons])
    nested = nested_spans(spans)
    return sorted((s, e) for s, e in spans if (s, e) not in nested and not in_person(s, e))


_NOT_PLACE_WORDS = frozenset({"亚军", "川资", "法医"})


# 中, common alone, is China in these words (中外名流, 名贵中药, 中医世家, 中餐馆), as
# the reference annotations write them (中外: 5 of 5 in the MSRA training file).
_CHINA_WORD_RE = re.compile("中(?:外|药|医|餐|草药|成药|资)")


# Words the model reads into a place that are not part of its name: 港澳|同胞, 亚洲|各国,
# 渭源县|农村, 西藏|地方(政府).
_NOT_OF_THE_PLACE = ("同胞", "人民", "各国", "各地", "农村", "地方", "一带", "境内", "全境")


# Dictionary tags of words a pair of abbreviations can also spell (非法, 中意 "to like").
_NOT_A_PAIR_TAGS = frozenset({"a", "ad", "an", "b", "d", "i", "l", "v", "vn"})


# Words that follow a person, not a place (美国总统 is a place only because 美国 is known;
# not 国王: 萨克拉门托国王 is a team).
PERSON_AFTER = ("总统", "总理", "夫人", "先生", "女士", "教练", "主席", "副总统", "首相", "等人")


_PLACE_SPLIT_SUFFIX = ("省", "市", "县", "区", "旗", "州", "盟", "乡", "镇", "村", "街道")


def two_places(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """中国香港 → 中国 + 香港, 奥地利维也纳 → 奥地利 + 维也纳: a span that is two known places
    written together is two places (as the reference annotations write them: 344 such
    pairs in the training files, 4 joined ones), unless it is known as a whole."""
    if e - s >= 4 and not known_as_place(text[s:e]) and not known_place_word(text[s:e]):
        for k in range(e - 2, s + 1, -1):
            if known_as_place(text[s:k]) and known_as_place(text[k:e]):
                return [(s, k), (k, e)]
    return [(s, e)]


def split_place(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """广西北海市 → 广西 + 北海市; 镇原县庙渠乡慕塬村 → 镇原县 + 庙渠乡 + 慕塬村.

    The reference annotations (and the warehouse) want each administrative unit as its
    own place. Split at a gazetteer name that is a prefix of the span, or after a unit
    suffix when what follows is itself a township/village name.
    """
    g = gazetteer.gazetteer()
    out = []
    pos = s
    while pos < e:
        best = 0
        for L in range(min(12, e - pos), 1, -1):
            piece = text[pos : pos + L]
            if (g.full.get(piece) or g.alias.get(piece)) and (pos + L == e or e - pos - L >= 2):
                best = L
                break
        if best == e - pos:
            # The gazetteer knows the whole (梁河县河西乡), but the reference annotations
            # write the county and the township apart: split before a township-level rest.
            for L in range(min(12, e - pos - 2), 1, -1):
                piece, rest = text[pos : pos + L], text[pos + L : e]
                if (g.full.get(piece) or g.alias.get(piece)) and (rest.endswith(("乡", "镇", "村", "街道")) or g.full.get(rest)):
                    best = L
                    break
        if not best:
            m = _TOWNSHIP_RE.match(text, pos, e)
            if m and m.end() < e and e - m.end() >= 2:
                best = m.end() - pos
        if not best or pos + best == e:
            out.append((pos, e))
            break
        # Only split when the rest is itself a unit (ends with a unit suffix or is known).
        rest = text[pos + best : e]
        known = g.full.get(rest) or g.alias.get(rest)
        if not known and (not rest.endswith(_PLACE_SPLIT_SUFFIX) or rest in tokenizer.lexicon().freq):
            # 香港|特区, 苏州|新区, 北仑|河口: the rest is a common word, not a unit name.
            out.append((pos, e))
            break
        out.append((pos, pos + best))
        pos += best
    return out


def abbreviated_places(text: str, crf: Sequence[tuple[str, int, int]], tokens: Sequence[str]) -> list[tuple[str, int, int]]:
    """One-character places as news abbreviates them, each its own place (as the reference
    annotations write them): the model's 港澳, 亚欧, 欧美 split in two; lists 赣、粤、闽、湘,
    sides 中方, 美方, pairs before a relation (中非合作, 美日之间), places after a travel
    verb (访美, 抵沪) and in words such as 美军, 川菜 that the model leaves out; and what the
    model read into a place that is no part of it (港澳|同胞). Chosen by cross-validation on
    the train files (MSRA place F1 +0.009 for the first three, +0.009 for the others)."""
    t = entity_tables()
    out: list[tuple[str, int, int]] = []
    for typ, s, e in crf:
        tail = next((w for w in _NOT_OF_THE_PLACE if text.endswith(w, s, e)), "") if typ == "LOC" else ""
        if tail and not gazetteer.is_place_name(text[s:e]):
            e -= len(tail)  # 港澳|同胞, 亚洲|各国
            if e == s:
                continue
        if typ == "LOC" and e - s == 2 and text[s] != text[s + 1] and text[s] in t.place_abbrevs and text[s + 1] in t.place_abbrevs and not known_place_word(text[s:e]):
            out += [("LOC", s, s + 1), ("LOC", s + 1, e)]
        else:
            out.append((typ, s, e))
    # Candidates are rare: the text is searched, and the tokens looked at only where one is.
    singles: list[int] = []  # each its own place where the model has none
    lx = tokenizer.lexicon()
    for m in t.abbrev_pair_re.finditer(text):
        pair = m.group(0)
        if len(set(pair)) == len(pair) and not any(lx.tags.get(pair[i : i + 2]) in _NOT_A_PAIR_TAGS for i in range(len(pair) - 1)):
            singles += range(m.start(), m.end())
    sides: list[int] = []
    words, lists, side_marks, travels = (list(r.finditer(text)) for r in (t.place_word_re, t.abbrev_list_re, t.side_re, t.travel_re))
    china = list(_CHINA_WORD_RE.finditer(text))
    if words or lists or side_marks or travels or china:
        cover = Covering(tokens)
        for m in words:
            if cover[m.start()][:2] == m.span() and m.group(0) not in _NOT_PLACE_WORDS:
                singles.append(m.start())
        for m in china:
            # a word of its own, not the start of a name (蔡家坡中医|眼科医院)
            if cover[m.start()][:2] == m.span() and (m.end() >= len(text) or org_token_kind(cover[m.end()][2]) is False):
                singles.append(m.start())
        for m in lists:
            # members that are words of their own (not 科比、阿泰斯特), two at least (not 看法、新的)
            members = [i for i in range(m.start(), m.end(), 2) if cover[i][:2] == (i, i + 1)]
            if len(members) >= 2:
                singles += members
        for m in side_marks:
            a, _, tok = cover[m.start()]
            if a == m.start() and (tok == m.group(0) or len(tok) == 1):  # 中方 or 中|方, not 集中|方式
                sides.append(a)
        for m in travels:
            verb, at = m.start(), m.start() + 1
            a, b, tok = cover[verb]
            if (a, b) == (verb, at + 1):  # one word: 访美, 来华
                singles.append(at)
            elif (a, b) == (verb, at) and cover[at][:2] == (at, at + 1):
                # 来 right after a time word reads "since" (近年|来, 今年|来): no visit
                if not (tok == "来" and verb > 0 and (lx.tags.get(cover[verb - 1][2]) == "t" or text[verb - 1] in "年月天日")):
                    singles.append(at)
    if sides or singles:
        covered = {i for _, s, e in out for i in range(s, e)}
        out += [("LOC", i, i + 1) for i in sides if i not in covered and i + 1 not in covered]
        out += [("LOC", i, i + 1) for i in sorted(set(singles)) if i not in covered]
    return sorted(out, key=lambda span: span[1])
