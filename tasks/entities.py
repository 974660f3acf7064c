"""People (with official titles), places and organisations in one article's text.

Two layers:

* the character CRF of :mod:`tasks.ner_model` proposes PER/LOC/ORG spans anywhere;
* rules that know this genre add what a general model gets wrong or cannot say:
  - ``TITLE+NAME`` chains as written (市委书记、市人大常委会主任|李宏庆), with 、 between titles;
  - ``NAME+TITLE`` (习近平|总书记, 李克强|总理);
  - bylines (``(记者 何海峰 李彬)``, ``编辑:孙雅茹责任编辑:吴树权``);
  - name lists joined by 、 (钟得志、王周华、朱东…), and a title before a list applies to all;
  - every name found so is also found wherever else it occurs in the text, whole
    (王伟中, never 王伟 inside it);
  - gazetteer names are places, never people (紫云), and resolve to the hierarchy;
  - townships and villages after a known place (镇原县|殷家城乡, 环县秦团庄乡|王团庄村).
"""

from __future__ import annotations

import bisect
import dataclasses
import itertools
import re
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from tasks import ner_model, places, terms
from tasks.model import EntityMention

_CJK = r"\u3400-\u9fff"
_LOCK = threading.Lock()

# Byline keywords, longest first; a title run may stand before them (广电融媒体记者).
_BYLINE_KEYS = ("责任编辑", "首席记者", "特约记者", "见习记者", "本报记者", "实习生", "通讯员", "记者", "编辑", "责编", "摄影", "撰稿", "作者")
_BYLINE_STOP = ("责任编辑", "责编", "编辑", "记者", "通讯员", "摄影", "审核", "校对", "一审", "二审", "三审", "终审", "来源", "实习生", "报道", "发自", "电")
# Tokens that end a title chain when walking left from a title (会议由|市委副书记…).
_CHAIN_STOP_TAGS = frozenset({"p", "c", "u", "uj", "ul", "uz", "ud", "ug", "uv", "v", "vd", "t", "tg", "r", "d", "m", "q", "y", "e", "f", "x", "zg", "a", "ad"})
_CHAIN_STOP_WORDS = frozenset({"由", "在", "和", "与", "及", "以及", "是", "为", "的", "了", "对", "向", "把", "被", "将", "等", "同", "跟", "会议", "会上", "召开", "主持", "出席", "参加", "同志", "代表", "全体"})
# Words right after a name that show the name ended (朱涛|主持, 韩勇|在).
_AFTER_NAME = set("出主在说指强讲等表参作一同和与及、，,。带到率陪为对是的了向也就还并先要代")
_FUNCTION_SURNAMES = set("和时于向从以及与把被对为在是有同让给将但而并也都还就才又再更最太很不没无非要会能可应该当关那这其之所")
# A dictionary word this frequent is a common word, never the edge of a name run into it.
_COMMON_WORD_FREQ = 1000
# Words that begin a title (荣誉主席, 名誉会长), never a name before one.
_TITLE_PREFIXES = frozenset({"荣誉", "名誉"})
# Conjunctions that are no surname at all: a "name" the model starts with one is a misreading.
_CONJUNCTIONS = frozenset("或与及并且而")
# Function characters that never end a two-character given name in this genre.
_STRONG_AFTER_NAME = set("在等和与及、，,。的了是为向对把被也就还并")
_NAME_VERBS = ("强调", "指出", "表示", "要求", "主持", "出席", "讲话", "说", "认为", "介绍", "提出", "希望", "宣布", "会见", "调研", "考察")


@dataclass
class _Tables:
    surnames: frozenset[str]
    compound: tuple[str, ...]
    title_re: re.Pattern[str]
    titles: frozenset[str]
    org_suffixes: tuple[str, ...]
    name_after_titles: tuple[str, ...]
    place_abbrevs: frozenset[str]  # 中, 美, 港, 澳 (tasks/dicts/place_abbreviations.txt)
    abbrev_list_re: re.Pattern[str]  # 赣、粤、闽、湘
    side_re: re.Pattern[str]  # 中方, 美方
    abbrev_pair_re: re.Pattern[str]  # 中美|关系, 中非|合作
    travel_re: re.Pattern[str]  # 访|美, 抵|沪 (not 来|日: _COMMON_ALONE)
    place_word_re: re.Pattern[str]  # 美军, 台胞, 川菜


_T: _Tables | None = None


def _tables() -> _Tables:
    global _T
    if _T is None:
        with _LOCK:
            if _T is None:
                sur = terms.read_lines("surnames.txt")
                titles = sorted(set(terms.read_lines("titles.txt")), key=len, reverse=True)
                abbrevs = places.abbreviations()
                chars = "".join(abbrevs)
                plain = "".join(c for c in chars if c not in _COMMON_ALONE)
                heads = terms.read_lines("org_suffixes.txt") + terms.read_lines("organisation_heads.txt")
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


def _is_cjk(ch: str) -> bool:
    return bool(ch) and ("\u3400" <= ch <= "\u9fff")


def _surname_len(text: str, p: int) -> int:
    t = _tables()
    if text[p : p + 2] in t.compound:
        return 2
    return 1 if p < len(text) and text[p] in t.surnames else 0


def _common_word_name(s: str) -> bool:
    """幸福感, 施工图, 获得感: a 3-char dictionary word (jieba may even tag it ``nr``) whose
    first two chars are a common non-name word (幸福, 施工) is a word, not a person."""
    if len(s) != 3:
        return False
    lx = terms.lexicon()
    head = s[:2]
    return s in lx.freq and lx.freq.get(head, 0) >= 300 and not lx.tags.get(head, "").startswith("nr")


def _looks_like_name(s: str) -> bool:
    """A 2-4 char string whose first char(s) are a surname and which is no common word."""
    if not (2 <= len(s) <= 4) or not all(_is_cjk(c) for c in s):
        return False
    sl = _surname_len(s, 0)
    if not sl or len(s) - sl > 2 or len(s) - sl < 1:
        return False
    if sl == 1 and s[0] in _FUNCTION_SURNAMES:
        return False  # 和班子, 时带领, 以…: rare surnames that are mostly function words
    lx = terms.lexicon()
    tag = lx.tags.get(s)
    if tag and not tag.startswith("nr") and lx.freq.get(s, 0) > 30:
        return False  # 王府, 高原, 文明 …: dictionary words that are not names
    if s in _tables().titles or places.is_place_name(s):
        return False
    if _common_word_name(s):
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


def _name_at(text: str, p: int, crf_starts: dict[int, int], known: Sequence[str]) -> int:
    """Length of the person name starting at ``p`` (0 when there is none)."""
    for k in sorted(known, key=len, reverse=True):
        if text.startswith(k, p):
            return len(k)
    if p in crf_starts and 2 <= crf_starts[p] - p <= 4:
        return crf_starts[p] - p
    sl = _surname_len(text, p)
    if not sl:
        return 0
    n = len(text)
    # Given name of 1 or 2 characters: take 2 unless the third char clearly starts the
    # next word (朱涛|主持), or the 3-char form is a dictionary word.
    if p + sl >= n or not _is_cjk(text[p + sl]):
        return 0
    if p + sl + 1 >= n or not _is_cjk(text[p + sl + 1]):
        return sl + 1
    three = text[p : p + sl + 2]
    if text.count(three) >= 2:
        return sl + 2
    nxt = text[p + sl + 1]
    nxt2 = text[p + sl + 1 : p + sl + 3]
    lx = terms.lexicon()
    if nxt in _STRONG_AFTER_NAME:
        return sl + 1
    if nxt in _AFTER_NAME or any(text.startswith(v, p + sl + 1) for v in _NAME_VERBS):
        if text.count(text[p : p + sl + 1]) >= 2 or nxt2 in lx.freq or nxt in "，,、。":
            return sl + 1
    if len(nxt2) == 2 and lx.freq.get(nxt2, 0) >= 100 and lx.tags.get(nxt2, "").startswith("v"):
        return sl + 1
    return sl + 2


_SPANS_CACHE = threading.local()  # per thread: (tokens object, its spans), one article


def _token_spans(tokens: Sequence[str]) -> list[tuple[int, int, str]]:
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


def _orgish(piece: str) -> bool:
    """Could ``piece`` be part of a title chain's organisation (市委, 省政协, 常委会, 固原市)?"""
    if not piece:
        return False
    if piece in _ORGISH_WORDS or piece in _tables().titles or piece.endswith(ORGISH_END):
        return True
    return places.is_place_name(piece) or terms.pos_of(piece) in ("ns", "nt", "nnt", "j")


class _Covering:
    """``cover[i]``: the token (start, end, text) covering char offset ``i`` (bisect, lazy)."""

    def __init__(self, tokens: Sequence[str]) -> None:
        self.spans = _token_spans(tokens)
        self.starts = [s for s, _, _ in self.spans]

    def __getitem__(self, i: int) -> tuple[int, int, str]:
        return self.spans[bisect.bisect_right(self.starts, i) - 1]


def _title_ending_at(text: str, end: int) -> int:
    """Length of the longest title that ends at ``end`` (0 if none)."""
    t = _tables()
    for L in range(min(10, end), 1, -1):
        if text[end - L : end] in t.titles:
            return L
    return 0


def _chain_start(text: str, head_start: int, cover: _Covering) -> int:
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
            L = _title_ending_at(text, pos - 1)
            if not L:
                break
            pos = pos - 1 - L
            start = pos
            continue
        if ch == "*" and pos >= 2 and _is_cjk(text[pos - 2]):
            pos -= 1  # a masked character inside a name (市人民*府市长)
            continue
        if not _is_cjk(ch):
            break
        s, _e, tok = cover[pos - 1]
        piece = text[s:pos]
        if piece in _CHAIN_STOP_WORDS:
            break
        if _orgish(piece):
            pos = s
            start = s
            continue
        tag = terms.pos_of(tok)
        if tag in _CHAIN_STOP_TAGS or tag.startswith("nr") or tag == "un" or len(piece) > 6:
            break
        pos = s  # a plain noun: kept only if an org part follows further left
    return start


_LIST_RE = re.compile(rf"(?:[{_CJK}]{{2,4}}[、，, \u3000]+){{2,}}[{_CJK}]{{2,4}}(?=[，,。；;等\s]|$|[{_CJK}])")
_CJK_RUN_RE = re.compile(rf"[{_CJK}]+")
_LIST_SOFT_SEP_RE = re.compile("[，, \u3000]")
_NAME_AFTER_RE: re.Pattern[str] | None = None


def _name_after_re() -> re.Pattern[str]:
    global _NAME_AFTER_RE
    if _NAME_AFTER_RE is None:
        _NAME_AFTER_RE = re.compile("|".join(map(re.escape, sorted(_tables().name_after_titles, key=len, reverse=True))))
    return _NAME_AFTER_RE


def _nested(spans: Iterable[tuple[int, int]]) -> set[tuple[int, int]]:
    """The spans that lie inside another (different) span of ``spans``: O(n log n)."""
    out: set[tuple[int, int]] = set()
    max_end = -1
    for a, b in sorted(set(spans), key=lambda x: (x[0], -x[1])):
        if b <= max_end:
            out.add((a, b))
        else:
            max_end = b
    return out


def _inside(outer: Iterable[tuple[int, int]]) -> Callable[[int, int], bool]:
    """A test ``(s, e) -> bool``: does some span of ``outer`` contain [s, e)?"""
    spans = sorted(outer)
    starts = [a for a, _ in spans]
    best_end = list(itertools.accumulate((b for _, b in spans), max))

    def test(s: int, e: int) -> bool:
        k = bisect.bisect_right(starts, s)
        return k > 0 and best_end[k - 1] >= e

    return test


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
    lx = terms.lexicon()
    t = _tables()
    out = set()
    for name in names:
        if "·" in name:
            shaped = 3 <= len(name) <= 16 and all(_is_cjk(c) or c == "·" for c in name)
        else:
            sl = _surname_len(name, 0) if all(_is_cjk(c) for c in name) else 0
            head = lx.tags.get(name[:2], "")[:1] in ("v", "d", "p", "c", "r") and lx.freq.get(name[:2], 0) >= 300
            shaped = bool(sl) and 1 <= len(name) - sl <= 2 and name[0] not in _FUNCTION_SURNAMES and not head
        if not shaped or places.is_place_name(name) or name in t.titles:
            continue
        rare_name = lx.tags.get(name, "").startswith("nr") and lx.freq.get(name, 0) < 100
        if (name in lx.freq and not rare_name) or _training_person(name):
            continue  # known already: the model matches the training files' names itself
        out.add(name)
    return frozenset(out)


def _persons(
    text: str, tokens: Sequence[str], crf: Sequence[tuple[str, int, int]],
    people: frozenset[str] = frozenset(), named: Sequence[str] = (),
) -> list[EntityMention]:
    t = _tables()
    spans = _token_spans(tokens)
    cover = _Covering(tokens)
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
    key_re = "|".join(map(re.escape, _BYLINE_KEYS))
    stop_re = "|".join(map(re.escape, _BYLINE_STOP))
    name_re = rf"[{_CJK}]{{2,4}}?(?=[\s)）】\]，,。、;；/]|$|{stop_re})"
    for m in re.finditer(rf"(?P<title>[{_CJK}]{{0,8}}?(?:{key_re}))[ \t　]*[:：]?[ \t　]*(?P<names>{name_re}(?:[ \t　、,，]+{name_re})*)", text):
        title = m.group("title")
        # Title prefix: keep only what follows an opening bracket or a 讯/电 dateline.
        # (a 电 of 广电 is no dateline: split only at 讯 and at 日电/月电 as in 3月5日电;
        # the 讯 of 通讯员 is none either).
        title = re.split(r"讯(?!员)|[日月]电", title)[-1]
        for nm in re.finditer(rf"[{_CJK}]+", m.group("names")):
            s, e = m.start("names") + nm.start(), m.start("names") + nm.end()
            e = _byline_name_end(text, s, e)
            if e and not places.is_place_name(text[s:e]) and text[s:e] not in t.titles:
                add(s, e, title)

    # 2. TITLE(+、TITLE)* NAME (and a title before a name list applies to each name).
    for m in t.title_re.finditer(text):
        hs, he = m.start(), m.end()
        if he >= len(text) or not _is_cjk(text[he]):
            continue
        if m.group(0) in _BYLINE_KEYS:
            continue  # bylines were handled above, with their own name rules
        nl = _name_at(text, he, crf_per, [])
        if not nl:
            continue
        # 市领导|章志兼、卫达: a model name one char short of a list separator is cut short.
        if (
            nl == 2
            and he + 3 < len(text)
            and text[he + 3] == "、"
            and _is_cjk(text[he + 2])
            and text[he + 2] not in _AFTER_NAME
            and _surname_len(text, he) == 1
        ):
            nl = 3
        ns, ne = he, he + nl
        cand = text[ns:ne]
        if not _looks_like_name(cand) and crf_per.get(ns) != ne:
            continue
        cs = _chain_start(text, hs, cover)
        title = text[cs:he]
        add(ns, ne, title)
        # A list after the title: 市领导章志兼、卫达、马骥等出席
        pos = ne
        while pos < len(text) and text[pos] == "、":
            m2 = re.match(rf"[{_CJK}]{{2,4}}(?=[、，,。；;\s]|等)", text[pos + 1 : pos + 7])
            nl2 = m2.end() if m2 else _name_at(text, pos + 1, crf_per, [])
            if not nl2 or not _looks_like_name(text[pos + 1 : pos + 1 + nl2]):
                break
            add(pos + 1, pos + 1 + nl2, title)
            pos = pos + 1 + nl2

    # 3. Name lists: ≥3 items of 2-4 chars joined by 、 (or ≥4 joined by ，/spaces),
    #    most of them name-like; then the other short items of such a list are names too
    #    (义芳 in 卿汤义、义芳、徐海浪: a rare surname the table lacks).
    lx = terms.lexicon()
    for m in _LIST_RE.finditer(text):
        items = [(m.start() + p.start(), m.start() + p.end()) for p in _CJK_RUN_RE.finditer(m.group(0))]
        # 、 lists are the safe kind; lists joined by ，/spaces need more, and more names.
        min_items, share = (3, 0.7) if not _LIST_SOFT_SEP_RE.search(m.group(0)) else (4, 0.8)
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
            if _looks_like_name(text[k:fe]):
                items[0] = (k, fe)
                break
        # an item the model marked as a person counts too (阿加尼亚 has no surname)
        good = [(a, b) for a, b in items if _looks_like_name(text[a:b]) or crf_per.get(a) == b]
        if len(good) < max(min_items, int(share * len(items) + 0.999)):
            continue
        for a, b in items:
            w = text[a:b]
            if (a, b) in good or (
                2 <= len(w) <= 3
                and lx.freq.get(w, 0) < 20
                and not places.is_place_name(w)
                and w not in t.titles
                and not w.endswith(ORGISH_END)
            ):
                add(a, b, None)

    # 3b. Lists typeset in columns, two-character names padded to three (王　明　李四光　张　三):
    #     the padded name is one person, named without the padding.
    for s_, e_, name in _padded_list_names(text):
        add(s_, e_, None, name)

    # 4. NAME+TITLE: 习近平总书记, 李克强总理.
    token_starts = {ts for ts, _, _ in spans}
    for m in _name_after_re().finditer(text):
        e = m.start()
        for L in (3, 2, 4):
            s = e - L
            if s < 0:
                continue
            cand = text[s:e]
            dict_name = lx.tags.get(cand, "").startswith("nr") and lx.freq.get(cand, 0) < 50 and len(cand) >= 2
            left_ok = s == 0 or not _is_cjk(text[s - 1]) or crf_per.get(s) == e or s in token_starts
            if (crf_per.get(s) == e or dict_name) and left_ok and _looks_like_name(cand):
                add(s, e, m.group(0) if m.group(0) != "同志" else None)
                break

    # 5. The CRF's people (not place names, not titles).
    for typ, s, e in crf:
        if typ != "PER":
            continue
        name = text[s:e]
        if places.is_place_name(name) or name in t.titles or not any(_is_cjk(c) for c in name):
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
            goes_on = _is_cjk(after[:1]) and (lx.tags.get(after, "").startswith("nr") or not lx.freq.get(after))
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
    nested = _nested(keys)
    for s, e in nested:
        title = found[(s, e)].title
        if not title:
            continue
        for a, b in keys:
            if a == s and b > e and not found[(a, b)].title:
                found[(a, b)] = dataclasses.replace(found[(a, b)], title=title)
    return [found[k] for k in keys if k not in nested]


_SPACED_LIST_RE = re.compile(rf"(?:[{_CJK}]{{1,4}}[ \u3000]+){{4,}}[{_CJK}]{{1,4}}")
_PAD = " \u3000"


# Tags of words that end a byline name run into the sentence (曹元|近日, 崔群|根据).
_BYLINE_TAIL_TAGS = frozenset({"t", "p", "d", "c", "v", "r", "f"})


def _byline_name_end(text: str, s: int, e: int) -> int:
    """End of the byline name written at ``text[s:e]``, or 0 when it is no name.

    记者 is also a word of the sentence (向记者解释说，记者过了马路，记者会上，有韩国记者问).
    Where a byline is set apart by a space or a colon (记者：唐珩 关宏), its names are
    trusted; a "name" run into the text that starts with a function word, or that ends
    the clause without looking like a name, is the sentence going on. A time word or a
    preposition run into a name (本报记者 曹元近日，) is cut off.
    """
    if not _surname_len(text, s):
        return 0
    set_apart = s > 0 and text[s - 1] in " \t\u3000:："
    if not set_apart and text[s] in _FUNCTION_SURNAMES:
        return 0
    lx = terms.lexicon()
    tail = text[e - 2 : e]
    if e - s == 4 and lx.tags.get(tail, "")[:1] in _BYLINE_TAIL_TAGS and lx.freq.get(tail, 0) >= 300:
        e -= 2
    if not 2 <= e - s <= 4:
        return 0
    if not set_apart and text[e : e + 1] in ("，", ",", "。", "、") and not _looks_like_name(text[s:e]):
        return 0
    return e


def _padded_list_names(text: str) -> list[tuple[int, int, str]]:
    """(start, end, name) of the names of space-separated lists in which two-character
    names are padded with one space to the width of three (王　明), the usual typesetting
    of name lists. Only lists holding such a padded name, with most items name-like."""
    out: list[tuple[int, int, str]] = []
    for m in _SPACED_LIST_RE.finditer(text):
        runs = [(m.start() + r.start(), m.start() + r.end()) for r in _CJK_RUN_RE.finditer(m.group(0))]
        items: list[tuple[int, int, str]] = []
        i = 0
        while i < len(runs):
            s, e = runs[i]
            if e - s == 1 and i + 1 < len(runs):
                s2, e2 = runs[i + 1]
                if e2 - s2 == 1 and s2 == e + 1 and text[e] in _PAD and _surname_len(text, s) == 1:
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
        good = [it for it in items if _looks_like_name(it[2])]
        if padded >= 2 and len(good) >= max(4, len(items) / 2):
            out.extend(good)
    return out


_TOWNSHIP_RE = re.compile(rf"[{_CJK}]{{2,5}}?(?:乡|镇|村|街道|社区|苏木|嘎查)")
def _bad_township(name: str) -> bool:
    """深度贫困村, 富裕村, 示范村: a common word plus 村/乡/镇 is no place name."""
    if not name.endswith(("乡", "镇", "村")) or places.is_place_name(name):
        return False
    if name in _NOT_TOWNSHIP or "贫困" in name:
        return True
    stem = name[:-1]
    tag = terms.lexicon().tags.get(stem, "")
    return tag in ("a", "ad", "an", "d", "v", "vd", "vn", "m") and terms.lexicon().freq.get(stem, 0) >= 50


_PLACE_PREFIX_END = ("县", "区", "市", "旗", "乡", "镇", "州", "盟")
_NOT_TOWNSHIP = {"乡村", "城乡", "农村", "全村", "各村", "本村", "该村", "每村", "新农村", "村镇", "乡镇", "城镇", "小镇", "集镇", "县乡", "县乡村", "贫困村", "行政村", "自然村", "重点村", "示范村", "富裕村", "建制村", "贫困乡", "贫困乡镇"}


# Gazetteer entries that are common words in news text (the sea area, the suburbs).
_PLACE_WORDS = frozenset({"海域", "郊区", "矿区", "城区"})


def _places(text: str, tokens: Sequence[str], crf: Sequence[tuple[str, int, int]], persons: Sequence[EntityMention]) -> list[tuple[int, int]]:
    spans: set[tuple[int, int]] = set()
    lx = terms.lexicon()
    g = places.gazetteer()
    full, alias = g.full, g.alias
    for s, e, tok in _token_spans(tokens):
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
        elif typ == "PER" and places.is_place_name(text[s:e]):
            spans.add((s, e))
    # Townships and villages right after a known place: 镇原县殷家城乡, 环县秦团庄乡王团庄村.
    changed = True
    while changed:
        changed = False
        for s, e in sorted(spans):
            if not text[s:e].endswith(_PLACE_PREFIX_END + ("村",)) and not places.gazetteer().full.get(text[s:e]):
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
        split.update(_split_place(text, s, e))
    spans = {(s, e) for s, e in split if not _bad_township(text[s:e])}
    # Drop places inside person names and places contained in longer places.
    in_person = _inside([(p.start, p.end) for p in persons])
    nested = _nested(spans)
    return sorted((s, e) for s, e in spans if (s, e) not in nested and not in_person(s, e))


_NOT_ORGS = frozenset({"无政府", "干部", "基层干部", "村干部", "驻村干部", "党员干部", "广大干部", "政委", "大局", "部署"})
# Kinds of institution: after a bare place they describe (中国公司: Chinese companies), not name.
_INSTITUTION_KINDS = frozenset({"公司", "企业", "工厂", "大学", "学院", "中学", "小学", "银行", "医院", "中心", "集团", "部队", "机构"})
_ORG_PREFIX = ("市", "省", "县", "区", "州", "镇", "乡", "村", "中共", "全国", "国家")
_STANDALONE_ORGS = frozenset({"市委", "省委", "县委", "区委", "州委", "党中央", "国务院", "省政府", "市政府", "县政府", "区政府", "省政协", "市政协", "县政协", "全国政协", "全国人大", "省人大", "市人大", "市人大常委会", "省人大常委会", "中共中央", "全国人大常委会", "新华社"})


def org_suffix(tok: str) -> str | None:
    """The longest organisation suffix ``tok`` ends with (set lookups, not a scan)."""
    t = _tables()
    suffixes = _org_suffix_set()
    for k in range(min(len(tok), 6), 0, -1):
        if tok[-k:] in suffixes:
            return tok[-k:]
    del t
    return None


_ORG_SUFFIX_SET: frozenset[str] | None = None


def _org_suffix_set() -> frozenset[str]:
    global _ORG_SUFFIX_SET
    if _ORG_SUFFIX_SET is None:
        _ORG_SUFFIX_SET = frozenset(_tables().org_suffixes)
    return _ORG_SUFFIX_SET


_ORG_TOKEN_CACHE: dict[str, bool | str] = {}


def _org_token_kind(tok: str) -> bool | str:
    """True: an organisation by itself (市委, a dictionary ``nt``); its org suffix when it
    ends like one (扶贫办 → 办); False otherwise. Cached per token: most tokens repeat."""
    cached = _ORG_TOKEN_CACHE.get(tok)
    if cached is not None:
        return cached
    lx = terms.lexicon()
    kind: bool | str
    if tok.endswith("政府") and len(tok) > 3 and (terms.pos_of(tok[:-2]) == "ns" or places.is_place_name(tok[:-2])):
        kind = False  # 日本政府 (a dictionary nt): the place, as the reference annotations write it
    elif tok in _STANDALONE_ORGS:
        kind = True  # (a dictionary nt is no org by itself: 儿童文学, 音乐会, 党组织 are nt there)
    else:
        suffix = org_suffix(tok)
        kind = suffix if suffix is not None else False
        if suffix is not None and _title_ending_at(tok, len(tok)) > len(suffix):
            kind = False  # 中央政治局常委 ends with a title (常委), not with the org suffix 委
        if suffix is not None and tok != suffix and tok in lx.freq and terms.pos_of(tok) not in ("nt", "j"):
            # 干部, 大局, 部署, 无政府 are words that merely end like an org.
            if len(suffix) < 2 or tok in _NOT_ORGS:
                kind = False
    if len(_ORG_TOKEN_CACHE) > 200_000:
        _ORG_TOKEN_CACHE.clear()
    _ORG_TOKEN_CACHE[tok] = kind
    return kind


_MEDIA_RE = re.compile("日报|晚报|商报|时报|青年报|电视台|广播电视台|新闻网")
# A periodical in title marks: its name ends like one (《文摘报》, 《每日新闻》), or the
# kind of periodical follows the marks (《阳光》杂志, 美国《时代》周刊).
_PERIODICAL_RE = re.compile(r"《([^《》\s]{2,15}(?:报|杂志|周刊|月刊|画报|新闻))》|《[^《》\s]{1,15}》(?:杂志社|杂志|周刊|月刊|画报)")


def _periodical_span(text: str, m: re.Match[str], crf: Sequence[tuple[str, int, int]], cover: _Covering) -> tuple[int, int]:
    """The organisation a periodical match names: the title alone (《文摘报》 → 文摘报), or,
    where a place comes right before the marks or the kind of periodical after them, all
    of it with the marks (香港《大公报》, 美国《科学》杂志), as the reference annotations
    write it."""
    s, e = m.span()
    place = next((a for typ, a, b in crf if typ == "LOC" and b == s), None)
    if place is None and s > 0:
        a, b, tok = cover[s - 1]
        if b == s and (_known_as_place(tok) or terms.pos_of(tok) == "ns"):
            place = a
    if place is None:
        return m.span(1) if m.group(1) else (s, e)
    return place, e


def _periodical_name(surface: str) -> str:
    """One name for a periodical however the text places it: 香港《大公报》 and 《大公报》
    are 大公报; 美国《科学》杂志 is 《科学》杂志. Other names stay as written."""
    i = surface.find("《")
    if i < 0:
        return surface
    rest = surface[i:]
    return rest[1:-1] if rest.endswith("》") and rest.count("《") == 1 else rest


def _orgs(text: str, tokens: Sequence[str], crf: Sequence[tuple[str, int, int]], taken: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    spans: set[tuple[int, int]] = set()
    for typ, s, e in crf:
        if typ == "ORG":
            spans.add((s, e))
    toks = _token_spans(tokens)
    lx = terms.lexicon()
    cache = _ORG_TOKEN_CACHE
    for i, (s, e, tok) in enumerate(toks):
        kind = cache.get(tok)
        if kind is None:
            kind = _org_token_kind(tok)
        if kind is False:
            continue
        if kind is True:
            spans.add((s, e))
            continue
        suffix = kind
        # The local-government shorthand of this genre: 市|扶贫办, 市|人大常委会, 省|政协,
        # 中共|郴州市委. Longer names (陇东学院, 郴州市疾控中心) are the model's job.
        j = i
        while j > 0 and i - j < 4:
            pt = toks[j - 1][2]
            if pt in _ORG_PREFIX:
                j -= 1
                break
            if j < i or tok == suffix:
                # nouns between the prefix and the suffix: 市|农业产业化工作|领导小组
                if terms.pos_of(pt) in ("n", "vn", "nz", "b") and len(pt) >= 2 and pt not in _CHAIN_STOP_WORDS:
                    j -= 1
                    continue
            break
        if j == i or toks[j][2] not in _ORG_PREFIX:
            if tok in _STANDALONE_ORGS or (len(tok) > len(suffix) and tok.startswith(_ORG_PREFIX) and tok not in lx.freq):
                spans.add((s, e))  # 市扶贫办 as one token
            continue
        # A place + 政府 is the place in the reference annotations (美国政府 → 美国).
        if toks[j][2] not in ("中共",) and places.is_place_name(toks[j][2]) and tok in ("政府", "人民政府"):
            continue
        spans.add((toks[j][0], e))
    # Newspapers and stations: 湖北日报, 光明日报, 郴州日报 (a place or a dictionary name
    # before the suffix) stand even where the model saw a place inside them. (Long
    # dictionary orgs do not: that made 日本政府 an org and cost F1 on the train holdout.)
    strong: set[tuple[int, int]] = set()
    for m in _MEDIA_RE.finditer(text):
        for L in (4, 3, 2):
            a = m.start() - L
            if a < 0:
                continue
            prefix = text[a : m.start()]
            if places.is_place_name(prefix) or terms.pos_of(prefix + m.group(0)) in ("nz", "nt"):
                spans.add((a, m.end()))
                strong.add((a, m.end()))
                break
    # The model's spans do not overlap one another: sorted by start, their ends are sorted
    # too, so the ones overlapping [s, e) are one slice found by bisection.
    model = sorted((a, b) for typ, a, b in crf)
    m_starts = [a for a, _ in model]
    m_ends = [b for _, b in model]
    model_org = {(a, b) for typ, a, b in crf if typ == "ORG"}
    in_taken = _inside(taken)
    nested = _nested(spans)
    out = []
    for s, e in spans:
        inside_ok = (s, e) in strong
        lo, hi = bisect.bisect_right(m_ends, s), bisect.bisect_left(m_starts, e)
        if (s, e) not in model_org and any(
            (a, b) != (s, e) and not (s <= a and b <= e and ((a, b) in model_org or inside_ok))
            for a, b in model[lo:hi]
        ):
            continue  # the model read this stretch differently (中美 → 中 + 美 as places)
        if in_taken(s, e) or (s, e) in nested:
            continue
        if re.search(r"[()（）\[\]【】、，,。;；\s]", text[s:e]):
            continue  # 县(区)党委: a span across brackets or separators is no one name
        out.append((s, e))
    # 《文摘报》, 《华盛顿邮报》: a periodical named in title marks is its publisher, the
    # organisation (as the reference annotations write it), over whatever the rest read there.
    periodicals = list(_PERIODICAL_RE.finditer(text))
    cover = _Covering(tokens) if periodicals else None
    papers = [_periodical_span(text, m, crf, cover) for m in periodicals]  # type: ignore[arg-type]
    papers = [(s, e) for s, e in papers if not _overlaps(s, e, taken)]
    if papers:
        out = [(s, e) for s, e in out if not _overlaps(s, e, papers)] + papers
    return sorted(out)


# A name in quotes inside an organisation's name: 台湾“工商建设研究会”经贸考察团,
# “幸福工程”组委会, 美国“哥伦比亚”号航天飞机, “青岛”号导弹驱逐舰. Quotes are held at O
# when the model decodes, so it reads such a name in pieces (or none).
_QUOTED_NAME_RE = re.compile(r"“[^“”《》，。、；：！？\s]{1,15}”|「[^「」《》，。、；：！？\s]{1,15}」|『[^『』《》，。、；：！？\s]{1,15}』")
# Groups named by a quoted name that org_suffixes.txt leaves out (a bare 团 or 会 ends too
# many words): “小天使”艺术团, “革命武装力量”游击队, “幸福工程”组委会 (not 组团 or 乐队).
_GROUP_HEADS = ("团", "队", "委会")
# A ship or shuttle named in quotes (“挑战者”号航天飞机): the reference annotations write
# it as an organisation (its crew); stations, probes and satellites as places.
_VESSEL_RE = re.compile(r"号[\u4e00-\u9fff]{0,6}?(?:航天飞机|舰|船|艇)")


def _quoted_orgs(
    text: str, tokens: Sequence[str], orgs: Sequence[tuple[int, int]], places_: Sequence[tuple[int, int]]
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Organisations whose name holds a name in quotes: the quote, a generic head right
    after it (考察团, 组委会, or 号 and a vessel; at most one word before the head) and a
    place or organisation right before it, as one organisation; what was read inside it
    goes. Not where what follows is a name of its own (“刮输了”南非队, “打不赢就跑”民生银行:
    a quote before a named team or bank is no part of its name) or a title (“文传会”主委)."""
    quotes = list(_QUOTED_NAME_RE.finditer(text))
    if not quotes:
        return list(orgs), list(places_)
    cover = _Covering(tokens)
    merged: list[tuple[int, int]] = []
    for m in quotes:
        s, e = m.span()
        if e >= len(text):
            continue
        vessel = _VESSEL_RE.match(text, e)
        head_end = vessel.end() if vessel and "的" not in vessel.group(0) else _generic_head_end(text, cover, e)
        if head_end is None:
            continue
        start = next((a for a, b in (*places_, *orgs) if b == s), s)
        merged.append((start, head_end))
    if not merged:
        return list(orgs), list(places_)
    inside = _inside(merged)
    return (
        sorted({*merged, *((a, b) for a, b in orgs if not inside(a, b))}),
        [(a, b) for a, b in places_ if not inside(a, b)],
    )


def _generic_head_end(text: str, cover: _Covering, at: int) -> int | None:
    """The end of a generic organisation head starting at ``at`` (经贸|考察团, 组委会,
    游击队), at most two words; None where the words there name something of their own
    (a dictionary organisation, a place's team) or are a title."""
    a, b, tok = cover[at]
    if a != at:
        return None
    for _ in range(2):
        tag = terms.pos_of(tok)
        if tag not in ("n", "vn", "nz", "b") or tok in _tables().titles or places.is_place_name(tok):
            return None
        generic = _org_token_kind(tok) is not False or (len(tok) >= 3 and tok.endswith(_GROUP_HEADS))
        if generic and tok not in _INSTITUTION_KINDS and tok not in _NOT_ORGS and not tok.endswith("政府"):
            return b
        if b >= len(text):
            return None
        a, b, tok = cover[b]
    return None


# A sentence about a match: a score (２∶１), or words of competition.
_SPORTS_RE = re.compile(r"[0-9０-９][∶:][0-9０-９]|比赛|决赛|小组赛|出线|锦标赛|联赛|世界杯|杯赛|夺冠")
# Where a country or province is the team: after a verb of the match (战胜丹麦, 对奥地利踢平),
# or in a list that ends with a team (意大利、巴西队; 德国、法国和希腊四支国家队).
_OPPONENT_BEFORE = ("对阵", "战胜", "击败", "负于", "逼平", "迎战", "淘汰", "对")
_TEAM_COUNT_RE = re.compile(r"(?:[两三四五六七八九十]|[0-9０-９]+)支(?:国家队|球队|队)|等(?:强队|球队)")


def _sports_teams(
    text: str, orgs: Sequence[tuple[int, int]], places_: Sequence[tuple[int, int]]
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """In a sentence about a match, a country or province that plays is the team, as the
    reference annotations write it (对奥地利, 意大利、巴西队 are organisations): after a verb
    of the match, or in a list of places that ends with a team or a count of teams."""
    if not places_ or not _SPORTS_RE.search(text):
        return list(orgs), list(places_)
    place_at = {s: e for s, e in places_}
    team_at = {s: e for s, e in orgs if text[e - 1] == "队"}
    teams: set[tuple[int, int]] = set()
    for s, e in sorted(places_):
        if (s, e) in teams or e - s < 2 or not _in_sports_sentence(text, s, e):
            continue
        if text.endswith(_OPPONENT_BEFORE, 0, s) and (e == len(text) or text[e] in "，。；、踢队"):
            teams.add((s, e))
            continue
        if s and text[s - 1] in "在于赴到来抵从":
            continue  # 在成都与四川全兴队苦战: where they played
        chain, pos = [(s, e)], e
        while pos < len(text) - 1 and text[pos] in "、和与及" and pos + 1 in place_at:
            chain.append((pos + 1, place_at[pos + 1]))
            pos = place_at[pos + 1]
        ends_in_team = pos < len(text) - 1 and text[pos] in "、和与及" and pos + 1 in team_at
        if ends_in_team or _TEAM_COUNT_RE.match(text, pos):
            teams.update(c for c in chain if c[1] - c[0] >= 2)
    if not teams:
        return list(orgs), list(places_)
    return sorted({*orgs, *teams}), [p for p in places_ if p not in teams]


def _in_sports_sentence(text: str, s: int, e: int) -> bool:
    start = max(text.rfind(c, 0, s) for c in "。！？；\n") + 1
    end = min((i for i in (text.find(c, e) for c in "。！？；\n") if i >= 0), default=len(text))
    return bool(_SPORTS_RE.search(text, start, end))


# Units inside an organisation that org_suffixes.txt leaves out (a bare 系 or 科 ends too
# many words): 西安大学师范学院|外语系, 长治人民医院|宣教科, 科学技术部|农村|科技司.
_SUBUNIT_ENDS = ("系", "司", "科", "处", "室", "所", "组", "分行", "支行", "分会", "分社", "分校", "中心")
_SUBUNIT_TAGS = frozenset({"n", "nz", "j", "b"})
_NOT_UNITS = ("关系", "两院")  # 美中关系 ends in 系, 议会两院 in 院


def _org_units(text: str, tokens: Sequence[str], orgs: Sequence[tuple[int, int]], taken: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """An organisation and the unit of it named right after (西安大学师范学院|外语系,
    科学技术部|农村|科技司, 国家体育总局|小球|中心) are one organisation, as the reference
    annotations write them; so are two organisations written together, which they never
    mark apart. Not a body of its own that follows (北京市委|市政府, 市委|省政府: two)."""
    if not orgs:
        return list(orgs)
    toks = _token_spans(tokens)
    tok_at = {s: i for i, (s, _, _) in enumerate(toks)}
    in_taken = _inside(taken)

    def own_body(s: int, e: int) -> bool:
        return text.startswith(_ORG_PREFIX, s) or text[s:e] in _STANDALONE_ORGS

    out: list[tuple[int, int]] = []
    for s, e in sorted(orgs):
        if out and out[-1][1] == s and not own_body(s, e):
            s = out.pop()[0]  # two organisations written together
        elif out and out[-1][0] <= s and e <= out[-1][1]:
            continue  # inside the unit just joined
        i = tok_at.get(e)
        j = i
        while j is not None and j < len(toks) and j - i < 3:
            a, b, tok = toks[j]
            unit = _org_token_kind(tok) is not False or (len(tok) >= 3 and tok.endswith(_SUBUNIT_ENDS) and tok not in _NOT_ORGS)
            if unit and not own_body(a, b) and not tok.endswith(_NOT_UNITS) and terms.pos_of(tok) in (*_SUBUNIT_TAGS, "nt") and not in_taken(a, b):
                after = toks[j + 1][2] if j + 1 < len(toks) else ""
                if not (len(after) == 1 and terms.pos_of(after) in ("n", "ng")):  # 大学|政府|学教授: no unit
                    e = b  # the unit's head ends the name
                break
            if terms.pos_of(tok) not in _SUBUNIT_TAGS or len(tok) < 2 or tok in _CHAIN_STOP_WORDS:
                break
            j += 1
        out.append((s, e))
    return out


def _overlaps(s: int, e: int, spans: Iterable[tuple[int, int]]) -> bool:
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
_PERSON_AFTER = ("总统", "总理", "夫人", "先生", "女士", "教练", "主席", "副总统", "首相", "等人")

# Last characters of place names that no person's name in the news ends with.
_UNIT_ENDS = frozenset("市州省县镇乡村岛湾港")
_PLACE_SPLIT_SUFFIX = ("省", "市", "县", "区", "旗", "州", "盟", "乡", "镇", "村", "街道")


def _two_places(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """中国香港 → 中国 + 香港, 奥地利维也纳 → 奥地利 + 维也纳: a span that is two known places
    written together is two places (as the reference annotations write them: 344 such
    pairs in the training files, 4 joined ones), unless it is known as a whole."""
    if e - s >= 4 and not _known_as_place(text[s:e]) and not _known_place_word(text[s:e]):
        for k in range(e - 2, s + 1, -1):
            if _known_as_place(text[s:k]) and _known_as_place(text[k:e]):
                return [(s, k), (k, e)]
    return [(s, e)]


def _split_place(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """广西北海市 → 广西 + 北海市; 镇原县庙渠乡慕塬村 → 镇原县 + 庙渠乡 + 慕塬村.

    The reference annotations (and the warehouse) want each administrative unit as its
    own place. Split at a gazetteer name that is a prefix of the span, or after a unit
    suffix when what follows is itself a township/village name.
    """
    g = places.gazetteer()
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
        if not known and (not rest.endswith(_PLACE_SPLIT_SUFFIX) or rest in terms.lexicon().freq):
            # 香港|特区, 苏州|新区, 北仑|河口: the rest is a common word, not a unit name.
            out.append((pos, e))
            break
        out.append((pos, pos + best))
        pos += best
    return out


# What may follow a lone surname the model calls a person: 老王/王老, 李老师, 唐外长, 刘家,
# and the Thomas and Uber cups (汤杯, 尤杯), which the reference annotations mark so.
_LONE_SURNAME_NEXT = ("先生", "女士", "小姐", "老师", "师傅", "同志", "大娘", "大爷", "大妈", "大姐", "大哥", "教授", "大夫", "医生", "外长", "总书记", "主席", "总理", "委员长")


# Characters that follow a name and never end a four-character one (陈晓太|则说, 吴汉宝|称).
_AFTER_FULL_NAME = frozenset("则称们向像等说曾又也就都还却便在和与及对为是的了")


def _name_run_into_word(text: str, s: int, e: int) -> int:
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
    if len(name) != 4 or _surname_len(name, 0) != 1 or _training_person(name):
        return e - s
    lx = terms.lexicon()
    if name in lx.freq:
        return e - s
    tail = name[2:]
    if lx.freq.get(tail, 0) >= 100 and not lx.tags.get(tail, "").startswith("nr"):
        return 0
    last = name[3]
    if (last in _AFTER_FULL_NAME or lx.freq.get(text[e - 1 : e + 1], 0) >= _COMMON_WORD_FREQ) and _looks_like_name(name[:3]):
        return 3
    return e - s


def _lone_surname_ok(text: str, s: int, e: int) -> bool:
    if text[e : e + 1] in set("老总某家氏杯") or text[max(0, s - 1) : s] in ("老", "小"):
        return True
    if text.startswith(_LONE_SURNAME_NEXT, e):
        return True
    return _title_starting_at(text, e) > 0


def _title_starting_at(text: str, s: int) -> int:
    """Length of the longest title that starts at ``s`` (0 if none)."""
    t = _tables()
    for L in range(min(6, len(text) - s), 1, -1):
        if text[s : s + L] in t.titles:
            return L
    return 0


def _listed_people(text: str, crf: Sequence[tuple[str, int, int]]) -> set[tuple[int, int]]:
    """The model's people that stand in a list of three or more names run together
    (李鹏乔石李瑞环, as official lists print them): each is a name, even one that is a
    common word (万里, 黄华)."""
    return {span for run in ner_model.touching_runs(text, crf) if len(run) >= 3 for span in run}


# How sure a rule must be that a word is a place differs, hence three tests:


def _training_place(word: str) -> bool:
    """The training files' gold names call ``word`` a place."""
    return ner_model.names().names.get(word) == ner_model.NAME_TYPES["LOC"]


def _training_person(word: str) -> bool:
    """The training files' gold names call ``word`` a person."""
    return ner_model.names().names.get(word) == ner_model.NAME_TYPES["PER"]


def _known_place(name: str) -> bool:
    """A place the gazetteer, jieba's dictionary (a common ``ns`` word) or the training
    data knows, or that ends like one (阿马里洛市, 美国): one the model may call a place
    even before 总统 (美国总统)."""
    lx = terms.lexicon()
    return (
        places.is_place_name(name)
        or (lx.tags.get(name) == "ns" and lx.freq.get(name, 0) >= 50)
        or _training_place(name)
        or name[-1] in _UNIT_ENDS
        or name[-1] == "国"
    )


def _known_as_place(word: str) -> bool:
    """In the gazetteer, or a training place (奥地利, 维也纳) that is no common noun (特区,
    大陆, 广场: the training files mark them as places, but they name nothing alone): one
    half of two places written together (中国|香港)."""
    return places.is_place_name(word) or (_training_place(word) and terms.lexicon().tags.get(word) not in ("n", "vn", "a"))


def _known_place_word(word: str) -> bool:
    """南京, 华中 (gazetteer), 南亚, 印尼 (common dictionary places), 中华: one place, not two."""
    lx = terms.lexicon()
    tag = lx.tags.get(word, "")
    return places.is_place_name(word) or tag == "nz" or (tag == "ns" and lx.freq.get(word, 0) >= 400)


def _abbreviated_places(text: str, crf: Sequence[tuple[str, int, int]], tokens: Sequence[str]) -> list[tuple[str, int, int]]:
    """One-character places as news abbreviates them, each its own place (as the reference
    annotations write them): the model's 港澳, 亚欧, 欧美 split in two; lists 赣、粤、闽、湘,
    sides 中方, 美方, pairs before a relation (中非合作, 美日之间), places after a travel
    verb (访美, 抵沪) and in words such as 美军, 川菜 that the model leaves out; and what the
    model read into a place that is no part of it (港澳|同胞). Chosen by cross-validation on
    the train files (MSRA place F1 +0.009 for the first three, +0.009 for the others)."""
    t = _tables()
    out: list[tuple[str, int, int]] = []
    for typ, s, e in crf:
        tail = next((w for w in _NOT_OF_THE_PLACE if text.endswith(w, s, e)), "") if typ == "LOC" else ""
        if tail and not places.is_place_name(text[s:e]):
            e -= len(tail)  # 港澳|同胞, 亚洲|各国
            if e == s:
                continue
        if typ == "LOC" and e - s == 2 and text[s] != text[s + 1] and text[s] in t.place_abbrevs and text[s + 1] in t.place_abbrevs and not _known_place_word(text[s:e]):
            out += [("LOC", s, s + 1), ("LOC", s + 1, e)]
        else:
            out.append((typ, s, e))
    # Candidates are rare: the text is searched, and the tokens looked at only where one is.
    singles: list[int] = []  # each its own place where the model has none
    lx = terms.lexicon()
    for m in t.abbrev_pair_re.finditer(text):
        pair = m.group(0)
        if len(set(pair)) == len(pair) and not any(lx.tags.get(pair[i : i + 2]) in _NOT_A_PAIR_TAGS for i in range(len(pair) - 1)):
            singles += range(m.start(), m.end())
    sides: list[int] = []
    words, lists, side_marks, travels = (list(r.finditer(text)) for r in (t.place_word_re, t.abbrev_list_re, t.side_re, t.travel_re))
    china = list(_CHINA_WORD_RE.finditer(text))
    if words or lists or side_marks or travels or china:
        cover = _Covering(tokens)
        for m in words:
            if cover[m.start()][:2] == m.span() and m.group(0) not in _NOT_PLACE_WORDS:
                singles.append(m.start())
        for m in china:
            # a word of its own, not the start of a name (蔡家坡中医|眼科医院)
            if cover[m.start()][:2] == m.span() and (m.end() >= len(text) or _org_token_kind(cover[m.end()][2]) is False):
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


# More heads a place names (中国|图片社, 长葛市|职业中专, 福州|海关, 中国|男排), which
# org_suffixes.txt (a feature of the model) leaves out; after a place of two characters
# at least (驻|华|大使馆 is the embassy in China, not China's).
_PLACE_LED_HEADS = ("社", "厂", "团", "议会", "海关", "分校", "中专", "总会", "大使馆", "领事馆", "饭店", "男排", "女排", "男篮", "女篮", "男足", "女足")


def _place_led_orgs(text: str, crf: Sequence[tuple[str, int, int]], tokens: Sequence[str]) -> list[tuple[str, int, int]]:
    """苏丹|卫生部, 天津市|中华民族文化促进会, 西安市|妇联: a place the model reads right
    before an organisation, or right before a word that ends like one, names it; the two
    are one organisation (as the reference annotations write it). Not where the
    organisation starts with a place of its own (河南省|郑州市公安局: the province, then the
    city's bureau), and not before 政府 (日本政府 is the place). Both chosen by
    cross-validation on the train files."""
    cover = _Covering(tokens)
    starts = {s for _, s, _ in crf}
    out: list[tuple[str, int, int]] = []
    for typ, s, e in sorted(crf, key=lambda span: span[1]):
        if typ == "LOC" and e not in starts and e < len(text) and cover[e][0] == e:
            word = cover[e][2]
            # (Not a bare 公司 or 大学: 中国公司 is "Chinese companies", no name.)
            if len(word) >= 2 and word not in _INSTITUTION_KINDS and not word.endswith("政府") and (_org_token_kind(word) is not False or (e - s >= 2 and word.endswith(_PLACE_LED_HEADS) and word not in _NOT_ORGS)):
                typ, e = "ORG", e + len(word)
        if typ == "ORG" and out and out[-1][0] == "LOC" and out[-1][2] == s:
            if not any(places.is_place_name(text[s : s + L]) for L in range(2, min(6, e - s) + 1)):
                out[-1] = ("ORG", out[-1][1], e)
                continue
        out.append((typ, s, e))
    return out


def _starts_with_known_name(s: str) -> bool:
    """温家宝五省: the span starts with a name jieba's dictionary knows."""
    tags = terms.lexicon().tags
    return any(tags.get(s[:L], "").startswith("nr") for L in range(2, min(4, len(s) - 1) + 1))


def _names_something(text: str, s: int, e: int, cover: _Covering) -> bool:
    """Does ``text[s:e]`` hold a place or a named body (意大利|国际米兰队), not only words
    that describe what follows (卫冕冠军, 种子)?"""
    i = s
    while i < e:
        a, b, tok = cover[i]
        if terms.pos_of(tok) in ("ns", "nt", "nz", "j") or places.is_place_name(tok):
            return True
        i = b
    return False


def _clean_model_spans(text: str, crf: Sequence[tuple[str, int, int]], tokens: Sequence[str] | None = None) -> list[tuple[str, int, int]]:
    """Filter the model's spans with what the dictionaries know for sure."""
    lx = terms.lexicon()
    listed = _listed_people(text, crf)
    out: list[tuple[str, int, int]] = []
    # Idioms and set phrases (明查暗访, which jieba's dictionary even tags nr): a span that
    # starts or ends inside one is no name.
    # (A 4-char nr word is often a name with a word run in, so it vetoes places and orgs only.)
    cover = _Covering(tokens) if tokens is not None and crf else None

    def cuts_set_phrase(typ: str, s: int, e: int) -> bool:
        for a, b, tok in (cover[s], cover[e - 1]):
            if (a < s or b > e) and b - a >= 3:
                tag = lx.tags.get(tok)
                if tag in ("i", "l") or (typ != "PER" and b - a >= 4 and tag == "nr"):
                    return True
        return False

    def cuts_two_words(s: int, e: int) -> bool:
        # 如何|利用 → 何利: a "name" that starts inside one common word and ends inside the next
        (a, _, first), (_, b, last) = cover[s], cover[e - 1]
        return a < s and b > e and min(lx.freq.get(first, 0), lx.freq.get(last, 0)) >= _COMMON_WORD_FREQ

    for typ, s, e in crf:
        if cover is not None and cuts_set_phrase(typ, s, e):
            continue
        if typ == "PER" and cover is not None and (s, e) not in listed and cuts_two_words(s, e):
            continue
        # Never across whitespace or line ends; trim brackets the model took in (《检察日报》).
        while s < e and not (_is_cjk(text[s]) or text[s].isalnum()):
            s += 1
        while e > s and not (_is_cjk(text[e - 1]) or text[e - 1].isalnum() or text[e - 1] in ")）"):
            e -= 1
        name = text[s:e]
        if not name or re.search(r"\s", name):
            continue
        if typ == "PER" and len(name) >= 3 and name[-1] in _UNIT_ENDS and "·" not in name and not _starts_with_known_name(name):
            typ = "LOC"  # 阿马里洛市, 罗赖马州: a "name" ending in a unit is a place (温家宝五省 is not)
        elif typ == "LOC" and len(name) >= 2 and text.startswith(_PERSON_AFTER, e) and not _known_place(name):
            typ = "PER"  # 库马拉通加总统, 扎加洛教练: an unknown "place" before a person's title
        if typ == "PER":
            if name.endswith("摄") and len(name) >= 3:
                e -= 1  # 常海 摄: a photo credit
                name = text[s:e]
            if len(name) == 1:
                if not _lone_surname_ok(text, s, e):
                    continue  # a lone surname is a person only as 老王, 李老师, 唐外长
                out.append((typ, s, e))
                continue  # (刘, 郑 are dictionary words too: the context decides here)
            if len(name) >= 5 and "·" not in name and "•" not in name and _surname_len(name, 0):
                continue  # Chinese names have at most four characters (甘青宁新五省)
            half = len(name) // 2
            if len(name) >= 4 and name[:half] == name[half:]:
                out += [(typ, s, s + half), (typ, s + half, e)]  # 秘书长刘晨刘晨：the name, then the speaker
                continue
            if name in _TITLE_PREFIXES and _title_starting_at(text, e):
                continue  # 连战荣誉主席: 荣誉 (which jieba tags nr) begins the title
            kept = _name_run_into_word(text, s, e)
            if not kept:
                continue
            e = s + kept
            name = text[s:e]
            if (s, e) in listed:
                out.append((typ, s, e))
                continue
            tag = lx.tags.get(name, "")
            # 红利: dictionary words, not names. But jieba's dictionary tags many names
            # nz (金正日, 穆勒, 刘彦彬) and even t (周恩来): those tags do not veto the model.
            # (Unless the training data names it a person: 桥本, 罗干 are n/ns words there.)
            if (
                tag
                and not tag.startswith("nr")
                and tag != "nz"
                and not (tag == "t" and len(name) >= 3)
                and lx.freq.get(name, 0) >= 20
                and not _training_person(name)
            ):
                continue
            if _common_word_name(name):
                continue  # 幸福感, 施工图: jieba's dictionary calls them nr
            if name[0] in _CONJUNCTIONS and not _training_person(name):
                continue  # 党支部书记或村第一书记: 或村 is no name
            # 习近平新|时代: a dictionary name plus one stray character.
            if len(name) >= 4 and lx.tags.get(name[:-1], "").startswith("nrfg"):
                e -= 1
        elif typ == "LOC":
            if len(name) == 2 and name[1] in "省市县区州" and not places.is_place_name(name):
                continue  # 中省, 我省, 该市: one char plus a unit suffix is no place name
            for a, b in _two_places(text, s, e):
                out.extend(("LOC", c, d) for c, d in _split_place(text, a, b))
            continue
        elif typ == "ORG":
            if name in _tables().surnames or name in _tables().compound:
                continue
            if len(name) >= 3 and name[-1] == name[-2] and _title_starting_at(text, e - 1) >= 2:
                e -= 1  # 中国代表团团|长: the head of the delegation, 团长, takes the last 团
                name = text[s:e]
            title = _title_ending_at(text, e)
            if title and e - title - s >= 2 and (org_suffix(name[:-title]) or name[:-title].endswith(_GROUP_HEADS)):
                e -= title  # 淮安独立团|政委: the title of the person named next
                name = text[s:e]
            if cover is not None and name.endswith("队"):
                a, _, team = cover[e - 1]
                if a > s and len(team) >= 3 and terms.pos_of(team) in ("nt", "nz") and not _names_something(text, s, a, cover):
                    s, name = a, team  # 卫冕冠军|巴西队, 东道主|法国队: the team is the dictionary's
            # 日本政府, 美国政府: a country's (or a named region's) government is written
            # as the place (as in the reference annotations); 市政府 stays an org.
            if name.endswith("政府") and len(name) > 3:
                prefix = name[:-2]
                if terms.pos_of(prefix) == "ns" or places.is_place_name(prefix):
                    out.append(("LOC", s, e - 2))
                    continue
        out.append((typ, s, e))
    return out


NOT_ORGS_PATH = terms.DICT_DIR / "ner_not_orgs.txt"
_NOT_ORG_WORDS: frozenset[str] | None = None


def not_orgs() -> frozenset[str]:
    """Words the training files seldom mark as an organisation (tasks/dicts/ner_not_orgs.txt,
    written by ``python -m tasks.train_ner``), loaded once."""
    global _NOT_ORG_WORDS
    if _NOT_ORG_WORDS is None:
        with _LOCK:
            if _NOT_ORG_WORDS is None:
                _NOT_ORG_WORDS = frozenset(terms.read_lines(NOT_ORGS_PATH.name)) if NOT_ORGS_PATH.exists() else frozenset()
    return _NOT_ORG_WORDS


def set_not_orgs(words: Iterable[str] | None) -> None:
    """Use ``words`` instead of the shipped list (cross-validation); None reloads."""
    global _NOT_ORG_WORDS
    with _LOCK:
        _NOT_ORG_WORDS = None if words is None else frozenset(words)


def extract_entities(
    text: str, tokens: Sequence[str] | None = None, people: frozenset[str] = frozenset(),
    named: Sequence[str] | None = None,
) -> tuple[EntityMention, ...]:
    """People, places and organisations of ``text``, ordered by offset.

    ``tokens``: the text's segmentation by the dictionaries alone (what the model was
    trained on). ``people``: names found with a title elsewhere in the corpus
    (:func:`corpus_people`), read as people where the tokenizer that knows them makes one
    a word; the model still sees the dictionaries' segmentation, since a name it never saw
    as one word changed its reading of the words around (崔大林协查风波 became an
    organisation). ``named``: the text's segmentation with ``people`` as words, when the
    caller has it already (else it is made here).

    >>> [(m.kind, m.name, m.title) for m in extract_entities("省政协主席韩勇出席")]
    [('org', '省政协', None), ('person', '韩勇', '省政协主席')]
    """
    if tokens is None:
        tokens = terms.tokenize(text)
    crf = ner_model.tag_entities(text, tokens)
    crf = _place_led_orgs(text, _abbreviated_places(text, crf, tokens), tokens)
    crf = _clean_model_spans(text, crf, tokens)
    if people and named is None:
        named = terms.tokenize(text, people)
    persons = _persons(text, tokens, crf, people, named or ())
    pspans = [(p.start, p.end) for p in persons]
    place_spans = _places(text, tokens, crf, persons)
    org_spans = _orgs(text, tokens, crf, pspans)
    # An org wins over a place it contains (湖北日报 is an org; 湖北 inside it is not a
    # separate place mention), a place wins over an org of the same span.
    place_spans = [(s, e) for s, e in place_spans if not any(a <= s and e <= b and (a, b) != (s, e) for a, b in org_spans)]
    org_spans = [(s, e) for s, e in org_spans if (s, e) not in set(place_spans)]
    org_spans, place_spans = _quoted_orgs(text, tokens, org_spans, place_spans)
    org_spans, place_spans = _sports_teams(text, org_spans, place_spans)
    org_spans = _org_units(text, tokens, org_spans, pspans)
    # 法院, 研究所, 国家队: words the annotations seldom mark, no organisation alone (but
    # 市政府 stays one: analysts count 市委、市政府 as two bodies).
    vetoed = not_orgs()
    org_spans = [(s, e) for s, e in org_spans if text[s:e] not in vetoed or text[s:e] in _STANDALONE_ORGS]
    in_org = _inside(org_spans)  # the rules above grew organisations over places
    place_spans = [(s, e) for s, e in place_spans if not in_org(s, e)]
    # 环县秦团庄乡王团庄村|党委, 福鼎市柏洋村|党委: a village party committee names its
    # village; the places inside stay places (only down to township/village level, so
    # 中国致公党 does not turn 中国 into a separate mention).
    for s, e in org_spans:
        m = re.match(rf"[{_CJK}]{{2,20}}(?:乡|镇|村|街道|社区)", text[s:e])
        if m and e - s - m.end() <= 5 and not re.search("[部局委院司厅办署]", m.group(0)):  # not 科学技术部农村|科技司
            for a, b in _split_place(text, s, s + m.end()):
                if (a, b) not in place_spans and (b - a) >= 2 and not _bad_township(text[a:b]):
                    place_spans.append((a, b))
    place_spans.sort()
    surfaces = [text[s:e] for s, e in place_spans]
    out: list[EntityMention] = list(persons)
    resolved_at: dict[int, object] = {}  # end offset → Place, for townships that follow
    for s, e in place_spans:
        surface = text[s:e]
        name, place = places.resolve(surface, surfaces)
        if place is None and surface.endswith(("乡", "镇", "村", "街道", "社区")) and resolved_at.get(s) is not None:
            # 镇原县|庙渠乡|慕塬村: a township sits in the county written right before it.
            place = resolved_at[s]  # type: ignore[assignment]
        if place is not None:
            resolved_at[e] = place
        out.append(EntityMention(kind="place", name=name, start=s, end=e, place=place, surface=surface if surface != name else None))
    for s, e in org_spans:
        surface = text[s:e]
        name = _periodical_name(surface)
        out.append(EntityMention(kind="org", name=name, start=s, end=e, surface=surface if surface != name else None))
    out.sort(key=lambda m: (m.start, m.end, m.kind))
    return tuple(out)
