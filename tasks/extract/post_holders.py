"""Who a title belongs to in an article's text, and where that title is written.

Reads, around the people the entity pass found: the title right before a name (reaching
back over its bodies and places, 国家|主席, 中国驻|日本大使, never over a verb) or right after
it (普京|总统); the names right after an explicit post that the entity pass did not read as
people (美国总统|奥巴马: jieba calls 奥巴马 a place); a name cut short or run into the next
word (梅德韦|杰夫, 王毅|作了报告); and the announcements that give or take a post
(任命王毅为外交部部长, …同志任…, …不再担任…职务). Never decides what a post is: that is
:mod:`tasks.extract.post_titles`, and the article's context is :mod:`tasks.extract.posts`.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from tasks.extract import gazetteer, tokenizer
from tasks.extract.lexicon import Covering, is_cjk
from tasks.extract.post_titles import QUALIFIERS, Piece, split_title, tables
from tasks.extract.titles import chain_start
from tasks.model import EntityMention

# Written right before or after a name, these end a title no matter what the name is.
SENTENCE_END = "。！？!?\n"

# Announcements: 赵克志同志任|贵州省委书记; 任命王毅|为外交部部长; …不再担任|贵州省委书记…职务.
_TITLE_RUN = r"(?P<title>[^，,。；;\n（(：:“”]{2,40}?)"

_GIVEN = re.compile(r"(?:同志)?(?:任|兼任|担任|出任|就任|接任|当选为|当选|代理)" + _TITLE_RUN + r"(?:职务)?(?=[，,。；;\n（(]|$)")


_NAMED_AS = re.compile(r"(?:同志)?为" + _TITLE_RUN + r"(?=[，,。；;\n（(]|$)")

_TAKEN = re.compile(r"不再(?:兼任|担任)" + _TITLE_RUN + r"(?:等)?职务")


_REMOVED = re.compile(r"(?:同志)?(?:的)?" + _TITLE_RUN + r"(?:等)?职务")

# Verbs a title chain never reaches back over (the entity pass sometimes did).
_VERBS = ("会见", "会晤", "接见", "看望", "慰问", "陪同", "出席", "参加", "主持", "邀请", "率领", "应约", "致电", "致函", "宣布", "表示", "任命", "担任", "当选为")

# What may follow a title written after a name: 普京总统|说, 李克强总理|主持.
_AFTER_HEAD = frozenset("和与及、等在说表指会出同就对向也还并将是为的了致主提强认希宣应发访抵称一分已")

# Characters that begin no name read after a title (就任总理|后首次出访, 总理|和尼雷尔).
_NAME_NEVER_STARTS = frozenset("后和与及同跟")

# Characters that end no name: the first of the next word (王毅|作了报告).
_NAME_NEVER_ENDS = frozenset("作在说等和与及会对表指强出主也就还是的了将向为同今分")

# Characters of transliterated names (梅德韦杰夫, 纳扎尔巴耶夫) that begin no common word.
_TRANSLITERATION = frozenset("阿埃艾奥巴贝比波布达德迪蒂杜厄尔菲夫弗盖戈格哈赫吉杰卡凯科克库拉莱兰朗勒雷里利列卢鲁罗洛马麦曼梅蒙米莫姆穆纳内尼涅努诺帕佩皮普齐奇乔萨塞桑森舍什斯索塔泰坦特提图托瓦韦维沃乌希谢雅亚扬耶伊约泽扎詹茨兹佐娃娜娅莎琳妮黛龙")


def title_span(text: str, m: EntityMention, cover: Covering | None = None) -> tuple[int, int] | None:
    """Where the title of a person mention is written: right before the name (reaching back
    over its bodies and places, never over a verb), right after it (习近平|总书记), or before
    the list the name ends (国务院副总理|张高丽、汪洋). ``cover``: the text's tokens, for the
    reach back."""
    span = _title_at(text, m)
    if span is None:
        return None
    s, e = span
    if e <= m.start:  # TITLE+NAME: the title may reach further left
        s = extend_title(text, s, cover)
    # …在中南海会见|英国怡和集团主席: a title never reaches back over a verb
    cut = max((i + len(v) for v in _VERBS for i in [text.rfind(v, s, e)] if i >= 0), default=s)
    return max(s, cut), e


def _title_at(text: str, m: EntityMention) -> tuple[int, int] | None:
    t = tables()
    title = m.title
    if title:
        if text.startswith(title, m.start - len(title)):
            return m.start - len(title), m.start
        if text.startswith(title, m.end):
            return m.end, m.end + len(title)
        at = text.rfind(title, max(0, m.start - 80), m.start)
        if at >= 0 and all(c not in SENTENCE_END + "，,；;" for c in text[at : m.start]):
            return at, at + len(title)
        return None
    # No title from the entity pass: a post head right after the name (普京|总统说) or right
    # before it (美国国务卿|克里), which the people rules do not know.
    for L in range(min(6, len(text) - m.end), 1, -1):
        nxt = text[m.end + L : m.end + L + 1]
        if text[m.end : m.end + L] in t.heads and (not is_cjk(nxt) or nxt in _AFTER_HEAD):
            return m.end, m.end + L
    for L in range(min(6, m.start), 1, -1):
        if text[m.start - L : m.start] in t.heads:
            return m.start - L, m.start
    return None


def _names_ending_at(text: str, at: int) -> int:
    """Length of the longest body, country or Chinese division written right before ``at``
    (0 when none): what a title may reach back over (国家|主席, 俄罗斯|总统, 北京市|委)."""
    t = tables()
    world = gazetteer.world().names
    g = gazetteer.gazetteer()
    for L in range(min(12, at), 1, -1):
        w = text[at - L : at]
        if w in t.bodies or w == "中共" or (w in world and world[w][1] == "country") or w in g.full or w in g.alias:
            return L
        if text[at : at + 1] == "部" and w + "部" in t.bodies:
            return L  # 外交|部长: the body shares its 部 with the head
    return 0


def extend_title(text: str, start: int, cover: Covering | None) -> int:
    """The title reaches back over the bodies and places it belongs to, and over titles
    joined to it by 、 or 兼 (国务委员兼|外交部长; the entity pass may also have stopped at
    国家|主席, or at a country it read as a person: 贝宁|总统亚伊)."""
    if cover is not None:
        start = min(start, chain_start(text, start, cover))
    heads = tables().heads
    for _ in range(8):
        L = _names_ending_at(text, start)
        if L:
            start -= L
            continue
        if text[start - 1 : start] == "驻":  # 中国驻|日本大使
            start -= 1
            continue
        if text[start - 2 : start] in ("第一", "常务") and text[start - 2 : start] + text[start:start + 3] in heads:
            start -= 2  # 俄罗斯|第一|副总理: the head is 第一副总理
            continue
        if text[start - 1 : start] in ("、", "兼") and start >= 3:
            h = next((k for k in range(min(6, start - 1), 1, -1) if text[start - 1 - k : start - 1] in heads), 0)
            if h:
                start -= 1 + h
                continue
        break
    return start


def qualifier_before(text: str, start: int) -> str | None:
    for q in sorted(QUALIFIERS, key=len, reverse=True):
        if text.startswith(q, start - len(q)) and len(q) <= start:
            if q in ("代", "准") and is_cjk(text[start - len(q) - 1 : start - len(q)] or "。"):
                continue  # 一代, 批准: only a 代 that begins the title
            return q
    return None


def looks_like_person(name: str) -> bool:
    if len(name) < 2 or not all(is_cjk(c) or c == "·" for c in name):
        return False
    if name[0] in _NAME_NEVER_STARTS or name[-1] in "前原" or "的" in name:
        return False  # 总理|后首次出访, 巴前|总理: the words around a title, no name
    return gazetteer.world().names.get(name) is None and not gazetteer.is_place_name(name) and name not in tables().heads


def whole_name(text: str, m: EntityMention) -> EntityMention:
    """The name as the text writes it whole: 安倍晋|三 (the dictionary knows 安倍晋三),
    王毅|作了报告 (the article writes 王毅 alone elsewhere)."""
    s, e = m.start, m.end
    lx = tokenizer.lexicon()
    for k in (2, 1):
        longer = text[s : e + k]
        if len(longer) == e - s + k and lx.tags.get(longer, "").startswith("nr") and not lx.tags.get(m.name, "").startswith("nr"):
            return dataclasses.replace(m, name=longer, end=e + k, surface=None)
    if e - s >= 3 and "·" not in m.name and text[e - 1] in _NAME_NEVER_ENDS and text.count(text[s : e - 1]) > text.count(text[s:e]):
        return dataclasses.replace(m, name=text[s : e - 1], end=e - 1, surface=None)
    if all(c in _TRANSLITERATION for c in m.name) and (
        text[e : e + 1] in _TRANSLITERATION or (text[e : e + 1] == "·" and text[e + 1 : e + 2] in _TRANSLITERATION)
    ):
        # 梅德韦|杰夫, 马克|龙, 特雷莎|·梅: a transliterated name goes on while its characters do
        k = e
        while k < len(text) and k - s < 10 and (
            text[k] in _TRANSLITERATION or (text[k] == "·" and text[k + 1 : k + 2] in _TRANSLITERATION)
        ):
            k += 1
        longer = text[s:k]
        if not gazetteer.world().names.get(longer) and longer not in gazetteer.world().places:
            return dataclasses.replace(m, name=longer, end=k, surface=None)
    return m


def titled_names(text: str, entities: Sequence[EntityMention], tokens: Sequence[str] | None) -> list[EntityMention]:
    """Names right after an explicit post (美国总统|奥巴马, 日本首相|安倍晋三) that the entity
    pass did not read as a person: jieba's dictionary calls 奥巴马 and 普京 places, and a
    title run into a name can come back as one organisation. The token after the head is
    the name when it is no known word but a name (or a place the gazetteer does not know)."""
    if not tokens:
        return []
    lx = tokenizer.lexicon()
    people = {m.start for m in entities if m.kind == "person"}
    covered = [(m.start, m.end) for m in entities if m.kind == "person"]
    starts: dict[int, str] = {}
    pos = 0
    for tok in tokens:
        starts[pos] = tok
        pos += len(tok)
    out = []
    for hm in tables().head_any.finditer(text):
        p = hm.end()
        tok = starts.get(p)
        if p in people or tok is None or not (2 <= len(tok) <= 8) or not all(is_cjk(c) or c == "·" for c in tok):
            continue
        tag = lx.tags.get(tok, "")
        if tag and not tag.startswith("nr") and tag not in ("ns", "nz"):
            continue  # 总统|选举, 首相|官邸: a word, no name
        more = starts.get(p + len(tok), "")
        if more and len(more) <= 2 and more not in lx.freq and all(is_cjk(c) for c in more):
            tok += more  # 野田|佳彦: a given name jieba did not know, run on
        if gazetteer.world().names.get(tok) or gazetteer.is_place_name(tok) or tok in gazetteer.world().places:
            continue
        if any(a < p + len(tok) and p < b for a, b in covered):
            continue
        # only after an explicit post: a country or body written before the head
        if not _names_ending_at(text, hm.start()):
            continue
        out.append(EntityMention(kind="person", name=tok, start=p, end=p + len(tok)))
    return out


def announcements(text: str, people: Sequence[EntityMention]) -> list[tuple[EntityMention, int, int, str | None, list[Piece]]]:
    """Posts given or taken in so many words: 任命王毅为外交部部长, 赵克志同志任贵州省委书记,
    习近平当选国家主席 (held from that day), 栗战书同志不再担任贵州省委书记…职务 and 免去…职务
    (held no more: a former post). The announcements that date a change to the day."""
    out = []
    for m in people:
        sentence_end = min((i for i in (text.find(c, m.end) for c in SENTENCE_END) if i >= 0), default=len(text))
        after = text[m.end : sentence_end]
        named_by = text[max(0, m.start - 2) : m.start] in ("任命", "免去", "决定")
        am = _GIVEN.match(after) if not named_by else _NAMED_AS.match(after)
        if am is not None and text[max(0, m.start - 2) : m.start] != "免去":
            s = m.end + am.start("title")
            pieces = split_title(am.group("title"))
            if pieces:
                out.append((m, s, s + len(am.group("title")), None, pieces))
        for tm in _TAKEN.finditer(after.split("；")[0]):
            if tm.start() > 0 and any(p.start < m.end + tm.start() and p.start > m.end for p in people):
                break  # another person's
            s = m.end + tm.start("title")
            pieces = split_title(tm.group("title"))
            if pieces:
                out.append((m, s, s + len(tm.group("title")), "不再担任", pieces))
        if text[max(0, m.start - 2) : m.start] == "免去":
            fm = _REMOVED.match(after)
            if fm is not None:
                s = m.end + fm.start("title")
                pieces = split_title(fm.group("title"))
                if pieces:
                    out.append((m, s, s + len(fm.group("title")), "不再担任", pieces))
    return out

