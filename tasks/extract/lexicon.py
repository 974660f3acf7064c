"""What the people, place and organisation rules share: word lists and span helpers.

The tables are built once per process from the dictionaries (surnames, titles,
organisation heads, place abbreviations) and the training files' names; the span
helpers read the tokenizer's segmentation (which tokens cover which characters).
Finds nothing itself.
"""

from __future__ import annotations

import bisect
import itertools
import re
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from tasks.extract import gazetteer, tokenizer
from tasks.extract.ner import model as ner_model

CJK = r"\u3400-\u9fff"


TABLES_LOCK = threading.Lock()


CHAIN_STOP_WORDS = frozenset({"由", "在", "和", "与", "及", "以及", "是", "为", "的", "了", "对", "向", "把", "被", "将", "等", "同", "跟", "会议", "会上", "召开", "主持", "出席", "参加", "同志", "代表", "全体"})


FUNCTION_SURNAMES = set("和时于向从以及与把被对为在是有同让给将但而并也都还就才又再更最太很不没无非要会能可应该当关那这其之所")


# A dictionary word this frequent is a common word, never the edge of a name run into it.
COMMON_WORD_FREQ = 1000


@dataclass
class _Tables:
    surnames: frozenset[str]
    compound: tuple[str, ...]
    title_re: re.Pattern[str]
    titles: frozenset[str]
    org_suffixes: tuple[str, ...]
    name_after_titles: tuple[str, ...]
    place_abbrevs: frozenset[str]  # 中, 美, 港, 澳 (tasks/extract/dicts/place_abbreviations.txt)
    abbrev_list_re: re.Pattern[str]  # 赣、粤、闽、湘
    side_re: re.Pattern[str]  # 中方, 美方
    abbrev_pair_re: re.Pattern[str]  # 中美|关系, 中非|合作
    travel_re: re.Pattern[str]  # 访|美, 抵|沪 (not 来|日: _COMMON_ALONE)
    place_word_re: re.Pattern[str]  # 美军, 台胞, 川菜


_T: _Tables | None = None


def entity_tables() -> _Tables:
    global _T
    if _T is None:
        with TABLES_LOCK:
            if _T is None:
                sur = tokenizer.read_lines("surnames.txt")
                titles = sorted(set(tokenizer.read_lines("titles.txt")), key=len, reverse=True)
                abbrevs = gazetteer.abbreviations()
                chars = "".join(abbrevs)
                plain = "".join(c for c in chars if c not in _COMMON_ALONE)
                heads = tokenizer.read_lines("org_suffixes.txt") + tokenizer.read_lines("organisation_heads.txt")
                _T = _Tables(
                    surnames=frozenset(s for s in sur if len(s) == 1),
                    compound=tuple(s for s in sur if len(s) == 2),
                    title_re=re.compile("|".join(map(re.escape, titles))),
                    titles=frozenset(titles),
                    org_suffixes=tuple(sorted(set(heads), key=len, reverse=True)),
                    name_after_titles=("总书记", "总理", "副总理", "委员长", "副委员长", "主席", "副主席", "同志", "书记", "省长", "市长", "县长"),
                    place_abbrevs=frozenset(chars),
                    abbrev_list_re=re.compile(f"[{chars}](?:、[{chars}])+"),
                    side_re=re.compile("[{}]方".format("".join(c for c, marks in abbrevs.items() if "方" in marks))),
                    abbrev_pair_re=re.compile(f"[{chars}]{{2,4}}(?={'|'.join(_RELATION_WORDS)})"),
                    travel_re=re.compile(f"[{_TRAVEL_VERBS}][{plain}]"),
                    place_word_re=re.compile(f"[{plain}][{_PLACE_WORD_ENDS}]"),
                )
    return _T


def is_cjk(ch: str) -> bool:
    return bool(ch) and ("\u3400" <= ch <= "\u9fff")


def surname_len(text: str, p: int) -> int:
    t = entity_tables()
    if text[p : p + 2] in t.compound:
        return 2
    return 1 if p < len(text) and text[p] in t.surnames else 0


def common_word_name(s: str) -> bool:
    """幸福感, 施工图, 获得感: a 3-char dictionary word (jieba may even tag it ``nr``) whose
    first two chars are a common non-name word (幸福, 施工) is a word, not a person."""
    if len(s) != 3:
        return False
    lx = tokenizer.lexicon()
    head = s[:2]
    return s in lx.freq and lx.freq.get(head, 0) >= 300 and not lx.tags.get(head, "").startswith("nr")


def looks_like_name(s: str) -> bool:
    """A 2-4 char string whose first char(s) are a surname and which is no common word."""
    if not (2 <= len(s) <= 4) or not all(is_cjk(c) for c in s):
        return False
    sl = surname_len(s, 0)
    if not sl or len(s) - sl > 2 or len(s) - sl < 1:
        return False
    if sl == 1 and s[0] in FUNCTION_SURNAMES:
        return False  # 和班子, 时带领, 以…: rare surnames that are mostly function words
    lx = tokenizer.lexicon()
    tag = lx.tags.get(s)
    if tag and not tag.startswith("nr") and lx.freq.get(s, 0) > 30:
        return False  # 王府, 高原, 文明 …: dictionary words that are not names
    if s in entity_tables().titles or gazetteer.is_place_name(s):
        return False
    if common_word_name(s):
        return False
    if tag and tag.startswith("nr"):
        return True
    # 关于扶|贫, 和班子, 时带领: a common word inside is a sign this is no name.
    head = s[: sl + 1] if sl == 1 and len(s) == 3 else s[:2]
    for w in {head, s[:2]}:
        wt = lx.tags.get(w, "")
        if lx.freq.get(w, 0) >= 300 and not wt.startswith("nr"):
            return False
    if len(s) == 3:
        tail = s[1:]
        tt = lx.tags.get(tail, "")
        if lx.freq.get(tail, 0) >= 1000 and (tt.startswith("v") or tt in ("p", "c", "d", "r")):
            return False
    return True


_SPANS_CACHE = threading.local()  # per thread: (tokens object, its spans), one article


def token_spans(tokens: Sequence[str]) -> list[tuple[int, int, str]]:
    """(start, end, token) for each token; computed once per token list and reused."""
    last = getattr(_SPANS_CACHE, "last", None)
    if last is not None and last[0] is tokens:
        return last[1]
    ends = list(itertools.accumulate(map(len, tokens)))
    out = list(zip([0, *ends[:-1]], ends, tokens, strict=True)) if ends else []
    _SPANS_CACHE.last = (tokens, out)
    return out


ORGISH_END = ("委", "会", "府", "组", "办", "局", "厅", "部", "院", "协", "队", "室", "处", "社", "所", "站", "团", "大", "网", "报", "台", "村", "乡", "镇")


_ORGISH_WORDS = frozenset({"市", "省", "县", "区", "州", "镇", "乡", "村", "中共", "党", "全国", "中央", "副", "人民"})


def orgish(piece: str) -> bool:
    """Could ``piece`` be part of a title chain's organisation (市委, 省政协, 常委会, 固原市)?"""
    if not piece:
        return False
    if piece in _ORGISH_WORDS or piece in entity_tables().titles or piece.endswith(ORGISH_END):
        return True
    return gazetteer.is_place_name(piece) or tokenizer.pos_of(piece) in ("ns", "nt", "nnt", "j")


class Covering:
    """``cover[i]``: the token (start, end, text) covering char offset ``i`` (bisect, lazy)."""

    def __init__(self, tokens: Sequence[str]) -> None:
        self.spans = token_spans(tokens)
        self.starts = [s for s, _, _ in self.spans]

    def __getitem__(self, i: int) -> tuple[int, int, str]:
        return self.spans[bisect.bisect_right(self.starts, i) - 1]


def title_ending_at(text: str, end: int) -> int:
    """Length of the longest title that ends at ``end`` (0 if none)."""
    t = entity_tables()
    for L in range(min(10, end), 1, -1):
        if text[end - L : end] in t.titles:
            return L
    return 0


def nested_spans(spans: Iterable[tuple[int, int]]) -> set[tuple[int, int]]:
    """The spans that lie inside another (different) span of ``spans``: O(n log n)."""
    out: set[tuple[int, int]] = set()
    max_end = -1
    for a, b in sorted(set(spans), key=lambda x: (x[0], -x[1])):
        if b <= max_end:
            out.add((a, b))
        else:
            max_end = b
    return out


def inside_of(outer: Iterable[tuple[int, int]]) -> Callable[[int, int], bool]:
    """A test ``(s, e) -> bool``: does some span of ``outer`` contain [s, e)?"""
    spans = sorted(outer)
    starts = [a for a, _ in spans]
    best_end = list(itertools.accumulate((b for _, b in spans), max))

    def test(s: int, e: int) -> bool:
        k = bisect.bisect_right(starts, s)
        return k > 0 and best_end[k - 1] >= e

    return test


def overlaps(s: int, e: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(a < e and s < b for a, b in spans)


# What follows countries or regions abbreviated in pairs: 中美|关系, 中非|合作, 美日|之间.
_RELATION_WORDS = (
    "关系", "合作", "贸易", "两国", "三国", "双方", "之间", "友好", "会谈", "峰会", "建交", "边境",
    "经贸", "合资", "首脑", "战略", "伙伴", "对话", "交流", "协议", "谈判", "冲突", "争端", "两军",
    "联合", "友谊", "外交", "双边", "三边", "航线", "两地", "三地", "间",
)


# Verbs of travel written before a one-character place: 访美, 赴法, 抵沪, 进京, 援藏.
_TRAVEL_VERBS = "访赴抵离返驻援进来"


# Abbreviations that are also common words (新 new, 日 day, 意 intent, 约 appointment …): not
# read after a travel verb (来日方长, 来意, 赴约, 返青).
_COMMON_ALONE = frozenset("新中日意加老以古比约土希江黄青宁波罗马阿沙智")


# Words of an abbreviated place and what belongs to it: its army, people, capital, cuisine,
# medicine, opera (美军, 台胞, 港资, 日寇, 川菜, 藏医, 京戏); the place is a mention (not the
# style of 欧式, which names no place an analyst counts). Not 亚军 (runner-up), 川资 (travel
# money), 法医 (coroner).
_PLACE_WORD_ENDS = "军籍商资胞侨寇菜医戏"


# Last characters of place names that no person's name in the news ends with.
UNIT_ENDS = frozenset("市州省县镇乡村岛湾港")


def title_starting_at(text: str, s: int) -> int:
    """Length of the longest title that starts at ``s`` (0 if none)."""
    t = entity_tables()
    for L in range(min(6, len(text) - s), 1, -1):
        if text[s : s + L] in t.titles:
            return L
    return 0


def _training_place(word: str) -> bool:
    """The training files' gold names call ``word`` a place."""
    return ner_model.names().names.get(word) == ner_model.NAME_TYPES["LOC"]


def training_person(word: str) -> bool:
    """The training files' gold names call ``word`` a person."""
    return ner_model.names().names.get(word) == ner_model.NAME_TYPES["PER"]


def known_place(name: str) -> bool:
    """A place the gazetteer, jieba's dictionary (a common ``ns`` word) or the training
    data knows, or that ends like one (阿马里洛市, 美国): one the model may call a place
    even before 总统 (美国总统)."""
    lx = tokenizer.lexicon()
    return (
        gazetteer.is_place_name(name)
        or (lx.tags.get(name) == "ns" and lx.freq.get(name, 0) >= 50)
        or _training_place(name)
        or name[-1] in UNIT_ENDS
        or name[-1] == "国"
    )


def known_as_place(word: str) -> bool:
    """In the gazetteer, or a training place (奥地利, 维也纳) that is no common noun (特区,
    大陆, 广场: the training files mark them as places, but they name nothing alone): one
    half of two places written together (中国|香港)."""
    return gazetteer.is_place_name(word) or (_training_place(word) and tokenizer.lexicon().tags.get(word) not in ("n", "vn", "a"))


def known_place_word(word: str) -> bool:
    """南京, 华中 (gazetteer), 南亚, 印尼 (common dictionary places), 中华: one place, not two."""
    lx = tokenizer.lexicon()
    tag = lx.tags.get(word, "")
    return gazetteer.is_place_name(word) or tag == "nz" or (tag == "ns" and lx.freq.get(word, 0) >= 400)
