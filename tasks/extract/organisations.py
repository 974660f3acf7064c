"""Organisations: bodies, institutions, periodicals, units within bodies.

Finds the CRF's organisations and grows them the way references write names: a place
before an organisation (西安市|妇联), a name in quotes inside one (台湾“工商建设研究会”经贸
考察团), a periodical with its place or kind (香港《大公报》), a unit after its body
(科学技术部|农村|科技司). Never keeps, alone, a word the training files seldom mark as
an organisation (法院, a bare 公司; ``ner/ner_not_orgs.txt``), except government bodies
(市政府).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence

from tasks.extract import gazetteer, tokenizer
from tasks.extract.lexicon import (
    CHAIN_STOP_WORDS,
    TABLES_LOCK,
    Covering,
    entity_tables,
    inside_of,
    known_as_place,
    nested_spans,
    overlaps,
    title_ending_at,
    token_spans,
)

_NOT_ORGS = frozenset({"无政府", "干部", "基层干部", "村干部", "驻村干部", "党员干部", "广大干部", "政委", "大局", "部署"})


# Kinds of institution: after a bare place they describe (中国公司: Chinese companies), not name.
_INSTITUTION_KINDS = frozenset({"公司", "企业", "工厂", "大学", "学院", "中学", "小学", "银行", "医院", "中心", "集团", "部队", "机构"})


_ORG_PREFIX = ("市", "省", "县", "区", "州", "镇", "乡", "村", "中共", "全国", "国家")


STANDALONE_ORGS = frozenset({"市委", "省委", "县委", "区委", "州委", "党中央", "国务院", "省政府", "市政府", "县政府", "区政府", "省政协", "市政协", "县政协", "全国政协", "全国人大", "省人大", "市人大", "市人大常委会", "省人大常委会", "中共中央", "全国人大常委会", "新华社"})


def org_suffix(tok: str) -> str | None:
    """The longest organisation suffix ``tok`` ends with (set lookups, not a scan)."""
    t = entity_tables()
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
        _ORG_SUFFIX_SET = frozenset(entity_tables().org_suffixes)
    return _ORG_SUFFIX_SET


_ORG_TOKEN_CACHE: dict[str, bool | str] = {}


def org_token_kind(tok: str) -> bool | str:
    """True: an organisation by itself (市委, a dictionary ``nt``); its org suffix when it
    ends like one (扶贫办 → 办); False otherwise. Cached per token: most tokens repeat."""
    cached = _ORG_TOKEN_CACHE.get(tok)
    if cached is not None:
        return cached
    lx = tokenizer.lexicon()
    kind: bool | str
    if tok.endswith("政府") and len(tok) > 3 and (tokenizer.pos_of(tok[:-2]) == "ns" or gazetteer.is_place_name(tok[:-2])):
        kind = False  # 日本政府 (a dictionary nt): the place, as the reference annotations write it
    elif tok in STANDALONE_ORGS:
        kind = True  # (a dictionary nt is no org by itself: 儿童文学, 音乐会, 党组织 are nt there)
    else:
        suffix = org_suffix(tok)
        kind = suffix if suffix is not None else False
        if suffix is not None and title_ending_at(tok, len(tok)) > len(suffix):
            kind = False  # 中央政治局常委 ends with a title (常委), not with the org suffix 委
        if suffix is not None and tok != suffix and tok in lx.freq and tokenizer.pos_of(tok) not in ("nt", "j"):
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


def _periodical_span(text: str, m: re.Match[str], crf: Sequence[tuple[str, int, int]], cover: Covering) -> tuple[int, int]:
    """The organisation a periodical match names: the title alone (《文摘报》 → 文摘报), or,
    where a place comes right before the marks or the kind of periodical after them, all
    of it with the marks (香港《大公报》, 美国《科学》杂志), as the reference annotations
    write it."""
    s, e = m.span()
    place = next((a for typ, a, b in crf if typ == "LOC" and b == s), None)
    if place is None and s > 0:
        a, b, tok = cover[s - 1]
        if b == s and (known_as_place(tok) or tokenizer.pos_of(tok) == "ns"):
            place = a
    if place is None:
        return m.span(1) if m.group(1) else (s, e)
    return place, e


def periodical_name(surface: str) -> str:
    """One name for a periodical however the text places it: 香港《大公报》 and 《大公报》
    are 大公报; 美国《科学》杂志 is 《科学》杂志. Other names stay as written."""
    i = surface.find("《")
    if i < 0:
        return surface
    rest = surface[i:]
    return rest[1:-1] if rest.endswith("》") and rest.count("《") == 1 else rest


def find_organisations(text: str, tokens: Sequence[str], crf: Sequence[tuple[str, int, int]], taken: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    spans: set[tuple[int, int]] = set()
    for typ, s, e in crf:
        if typ == "ORG":
            spans.add((s, e))
    toks = token_spans(tokens)
    lx = tokenizer.lexicon()
    cache = _ORG_TOKEN_CACHE
    for i, (s, e, tok) in enumerate(toks):
        kind = cache.get(tok)
        if kind is None:
            kind = org_token_kind(tok)
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
                if tokenizer.pos_of(pt) in ("n", "vn", "nz", "b") and len(pt) >= 2 and pt not in CHAIN_STOP_WORDS:
                    j -= 1
                    continue
            break
        if j == i or toks[j][2] not in _ORG_PREFIX:
            if tok in STANDALONE_ORGS or (len(tok) > len(suffix) and tok.startswith(_ORG_PREFIX) and tok not in lx.freq):
                spans.add((s, e))  # 市扶贫办 as one token
            continue
        # A place + 政府 is the place in the reference annotations (美国政府 → 美国).
        if toks[j][2] not in ("中共",) and gazetteer.is_place_name(toks[j][2]) and tok in ("政府", "人民政府"):
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
            if gazetteer.is_place_name(prefix) or tokenizer.pos_of(prefix + m.group(0)) in ("nz", "nt"):
                spans.add((a, m.end()))
                strong.add((a, m.end()))
                break
    # The model's spans do not overlap one another: sorted by start, their ends are sorted
    # too, so the ones overlapping [s, e) are one slice found by bisection.
    model = sorted((a, b) for typ, a, b in crf)
    m_starts = [a for a, _ in model]
    m_ends = [b for _, b in model]
    model_org = {(a, b) for typ, a, b in crf if typ == "ORG"}
    in_taken = inside_of(taken)
    nested = nested_spans(spans)
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
    cover = Covering(tokens) if periodicals else None
    papers = [_periodical_span(text, m, crf, cover) for m in periodicals]  # type: ignore[arg-type]
    papers = [(s, e) for s, e in papers if not overlaps(s, e, taken)]
    if papers:
        out = [(s, e) for s, e in out if not overlaps(s, e, papers)] + papers
    return sorted(out)


# A name in quotes inside an organisation's name: 台湾“工商建设研究会”经贸考察团,
# “幸福工程”组委会, 美国“哥伦比亚”号航天飞机, “青岛”号导弹驱逐舰. Quotes are held at O
# when the model decodes, so it reads such a name in pieces (or none).
_QUOTED_NAME_RE = re.compile(r"“[^“”《》，。、；：！？\s]{1,15}”|「[^「」《》，。、；：！？\s]{1,15}」|『[^『』《》，。、；：！？\s]{1,15}』")


# Groups named by a quoted name that org_suffixes.txt leaves out (a bare 团 or 会 ends too
# many words): “小天使”艺术团, “革命武装力量”游击队, “幸福工程”组委会 (not 组团 or 乐队).
GROUP_HEADS = ("团", "队", "委会")


# A ship or shuttle named in quotes (“挑战者”号航天飞机): the reference annotations write
# it as an organisation (its crew); stations, probes and satellites as places.
_VESSEL_RE = re.compile(r"号[\u4e00-\u9fff]{0,6}?(?:航天飞机|舰|船|艇)")


def quoted_organisations(
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
    cover = Covering(tokens)
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
    inside = inside_of(merged)
    return (
        sorted({*merged, *((a, b) for a, b in orgs if not inside(a, b))}),
        [(a, b) for a, b in places_ if not inside(a, b)],
    )


def _generic_head_end(text: str, cover: Covering, at: int) -> int | None:
    """The end of a generic organisation head starting at ``at`` (经贸|考察团, 组委会,
    游击队), at most two words; None where the words there name something of their own
    (a dictionary organisation, a place's team) or are a title."""
    a, b, tok = cover[at]
    if a != at:
        return None
    for _ in range(2):
        tag = tokenizer.pos_of(tok)
        if tag not in ("n", "vn", "nz", "b") or tok in entity_tables().titles or gazetteer.is_place_name(tok):
            return None
        generic = org_token_kind(tok) is not False or (len(tok) >= 3 and tok.endswith(GROUP_HEADS))
        if generic and tok not in _INSTITUTION_KINDS and tok not in _NOT_ORGS and not tok.endswith("政府"):
            return b
        if b >= len(text):
            return None
        a, b, tok = cover[b]
    return None


# Units inside an organisation that org_suffixes.txt leaves out (a bare 系 or 科 ends too
# many words): 西安大学师范学院|外语系, 长治人民医院|宣教科, 科学技术部|农村|科技司.
_SUBUNIT_ENDS = ("系", "司", "科", "处", "室", "所", "组", "分行", "支行", "分会", "分社", "分校", "中心")


_SUBUNIT_TAGS = frozenset({"n", "nz", "j", "b"})


_NOT_UNITS = ("关系", "两院")  # 美中关系 ends in 系, 议会两院 in 院


def organisation_units(text: str, tokens: Sequence[str], orgs: Sequence[tuple[int, int]], taken: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """An organisation and the unit of it named right after (西安大学师范学院|外语系,
    科学技术部|农村|科技司, 国家体育总局|小球|中心) are one organisation, as the reference
    annotations write them; so are two organisations written together, which they never
    mark apart. Not a body of its own that follows (北京市委|市政府, 市委|省政府: two)."""
    if not orgs:
        return list(orgs)
    toks = token_spans(tokens)
    tok_at = {s: i for i, (s, _, _) in enumerate(toks)}
    in_taken = inside_of(taken)

    def own_body(s: int, e: int) -> bool:
        return text.startswith(_ORG_PREFIX, s) or text[s:e] in STANDALONE_ORGS

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
            unit = org_token_kind(tok) is not False or (len(tok) >= 3 and tok.endswith(_SUBUNIT_ENDS) and tok not in _NOT_ORGS)
            if unit and not own_body(a, b) and not tok.endswith(_NOT_UNITS) and tokenizer.pos_of(tok) in (*_SUBUNIT_TAGS, "nt") and not in_taken(a, b):
                after = toks[j + 1][2] if j + 1 < len(toks) else ""
                if not (len(after) == 1 and tokenizer.pos_of(after) in ("n", "ng")):  # 大学|政府|学教授: no unit
                    e = b  # the unit's head ends the name
                break
            if tokenizer.pos_of(tok) not in _SUBUNIT_TAGS or len(tok) < 2 or tok in CHAIN_STOP_WORDS:
                break
            j += 1
        out.append((s, e))
    return out


# More heads a place names (中国|图片社, 长葛市|职业中专, 福州|海关, 中国|男排), which
# org_suffixes.txt (a feature of the model) leaves out; after a place of two characters
# at least (驻|华|大使馆 is the embassy in China, not China's).
_PLACE_LED_HEADS = ("社", "厂", "团", "议会", "海关", "分校", "中专", "总会", "大使馆", "领事馆", "饭店", "男排", "女排", "男篮", "女篮", "男足", "女足")


def place_led_organisations(text: str, crf: Sequence[tuple[str, int, int]], tokens: Sequence[str]) -> list[tuple[str, int, int]]:
    """苏丹|卫生部, 天津市|中华民族文化促进会, 西安市|妇联: a place the model reads right
    before an organisation, or right before a word that ends like one, names it; the two
    are one organisation (as the reference annotations write it). Not where the
    organisation starts with a place of its own (河南省|郑州市公安局: the province, then the
    city's bureau), and not before 政府 (日本政府 is the place). Both chosen by
    cross-validation on the train files."""
    cover = Covering(tokens)
    starts = {s for _, s, _ in crf}
    out: list[tuple[str, int, int]] = []
    for typ, s, e in sorted(crf, key=lambda span: span[1]):
        if typ == "LOC" and e not in starts and e < len(text) and cover[e][0] == e:
            word = cover[e][2]
            # (Not a bare 公司 or 大学: 中国公司 is "Chinese companies", no name.)
            if len(word) >= 2 and word not in _INSTITUTION_KINDS and not word.endswith("政府") and (org_token_kind(word) is not False or (e - s >= 2 and word.endswith(_PLACE_LED_HEADS) and word not in _NOT_ORGS)):
                typ, e = "ORG", e + len(word)
        if typ == "ORG" and out and out[-1][0] == "LOC" and out[-1][2] == s:
            if not any(gazetteer.is_place_name(text[s : s + L]) for L in range(2, min(6, e - s) + 1)):
                out[-1] = ("ORG", out[-1][1], e)
                continue
        out.append((typ, s, e))
    return out


NOT_ORGS_PATH = tokenizer.NER_DIR / "ner_not_orgs.txt"


_NOT_ORG_WORDS: frozenset[str] | None = None


def not_orgs() -> frozenset[str]:
    """Words the training files seldom mark as an organisation (tasks/extract/ner/ner_not_orgs.txt,
    written by ``python -m tasks.extract.ner.train``), loaded once."""
    global _NOT_ORG_WORDS
    if _NOT_ORG_WORDS is None:
        with TABLES_LOCK:
            if _NOT_ORG_WORDS is None:
                _NOT_ORG_WORDS = frozenset(tokenizer.read_lines(NOT_ORGS_PATH)) if NOT_ORGS_PATH.exists() else frozenset()
    return _NOT_ORG_WORDS


def set_not_orgs(words: Iterable[str] | None) -> None:
    """Use ``words`` instead of the shipped list (cross-validation); None reloads."""
    global _NOT_ORG_WORDS
    with TABLES_LOCK:
        _NOT_ORG_WORDS = None if words is None else frozenset(words)
