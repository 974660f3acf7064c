"""What a quoted phrase is: slogan, formula, name of a thing, term, or quotation.

Read from the words around the quotation and from its own shape (used by
:func:`tasks.extract.slogans.extract_slogans`, one quotation at a time):

- ``name``: the name of a thing, with its ``name_class`` (weapon, spacecraft, ship, craft,
  operation, organisation, programme, product, event, work, honour, storm, animal, other):
  “萨德”反导系统, 极端组织“博科圣地”, “天网”行动, “雪龙”号, “叙利亚民主军”;
- ``formula``: a numbered formula or one of parallel clauses (四个意识, 两不愁三保障,
  不忘初心、牢记使命, 好邻居好朋友好同志好伙伴);
- ``term``: an ordinary word in quotation marks (打“老虎”, 补“短板”), or what something is
  called (被誉为“中国天眼”, 所谓“购岛”);
- ``quotation``: a few words of speech (他说：“很好”, 称其行为“非法”);
- ``slogan``: every other short phrase (中国梦, 新常态, 放管服).

The cues are data (``dicts/quote_cues.tsv``): a word after the closing mark (行动, 反导系统),
before the opening one (极端组织, 所谓), or at the end of the phrase itself (阵线, 号).
:func:`phrase_kind` decides a phrase's kind from all its quotations across the warehouse.
Nothing here reads the warehouse.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from tasks.extract import tokenizer as terms
from tasks.reasons import NAME_CLASSES, PHRASE_KINDS

SLOGAN, FORMULA, NAME, TERM, QUOTATION = "slogan", "formula", "name", "term", "quotation"
KNOWN_KINDS = frozenset({SLOGAN, FORMULA})  # kinds whose every use is counted
# Classes whose cues are never said of a formula (a formula has a forum, a programme, a
# prize named after it: “一带一路”高峰论坛, “五个一”工程).
STRONG_CLASSES = frozenset({"weapon", "spacecraft", "ship", "craft", "operation", "organisation",
                            "storm", "animal"})
# A phrase is a name when at least NAME_SHARE of its quotations name a thing, or at least
# two and STRONG_NAME_SHARE name it as one of STRONG_CLASSES: 基地 is 组织 in 133 of 147;
# a storm (飓风“桑迪”) is called one in a few of its quotations and simply “桑迪” after that.
# A numbered or parallel formula is a name only when most quotations say so (“三驾马车”):
# the noun after a formula is often a name's word by chance (“三会一课”组织生活).
NAME_SHARE = 0.25
STRONG_NAME_SHARE = 0.1
FORMULA_NAME_SHARE = 0.5
# An ordinary word in quotation marks is a term (or a quotation) when the dictionary
# knows it at least this well: 老虎 732, 短板 3 (too rare to tell), 共同富裕 3.
COMMON_WORD_FREQ = 20

_PART_SEP = re.compile(r"[，,、；;\s]+")
_NUMERAL = "一二两三四五六七八九十百千万双"
# opens with a count (四个全面; not 一: 一站式, 一把手; not 百/千/万: 千人计划 is a programme),
# or holds two (一带一路, 千村示范万村整治)
_NUMBERED = re.compile(rf"^[二两三四五六七八九十双]|[{_NUMERAL}].*[{_NUMERAL}]")
_ORDINAL = re.compile(r"^第")
_ALL_NUMERALS = re.compile(rf"^[{_NUMERAL}〇零]+$")  # 五一, 九一八: days, not formulas
_FIVE_YEAR = re.compile(r"^十[一二三四五六七八九]五$")  # 十三五: a plan, a formula
# 2015年, 70年, 十年, 100天: a date or a span of time, not a phrase
_SPAN_OF_TIME = re.compile(r"^[0-9一二三四五六七八九十百千]+(?:年|周年|个月|月|天|日|小时|分钟)$")
_CONGRESS = re.compile(rf"^[{_NUMERAL}]+[大届]$")  # 十八大
_MODEL_NUMBER = re.compile(r"^[\u3400-\u9fff]{1,6}-?[0-9]{1,3}[A-Za-z]?$")  # 海巡01, 北溪-2 (NFKC'd)
_PARTICLE_END = re.compile(r"[吗呢吧啊呀啦嘛哦哇了]$|^.{1,2}的$")  # 好的, 坏的: words of speech
# Speech right before the quote: 他说：“…”, 表示，“…”, 称“…” (but not 称为/称作).
_SPEECH_BEFORE = re.compile(
    r"(?:说|说道|表示|指出|强调|称|认为|问|回答|答|喊|喊道|写道|感叹|坦言|直言|告诉记者|笑着说)[：:，,]?\s*$"
)
_COLON_BEFORE = re.compile(r"[：:]\s*$")
_THEME_BEFORE = re.compile(r"(?:主题|口号|标语|题目|宣传语|横幅)[是为]?[：:]\s*$")
# 号召, 号角, 号令, 号称 are words, not a craft's 号; nor is 口号, 称号 … a craft's name.
_NOT_CRAFT_AFTER = re.compile(r"^号[召角令称脉]")
# Phrases that end like a name and are not one: 全面从严治党 is done to a party, 强军 to an
# army; 口号, 称号 are not a craft's 号, nor 之旅 a brigade.
_NOT_A_NAME_END = re.compile(
    r"(?:治|管|建|强|兴|爱|入|全|跟|听|护|立|政|同|本)党$"
    r"|(?:强|建|治|参|从|援|扩|裁|整|练|率|领|行|进|撤|驻|劳|拥|随)军$"
    r"|(?:之|商|军|劲|行|逆)旅$"
    r"|(?:口|信|称|符|记|番|旗|暗|问|句|型|编|账|字|名|年|挂|逗|等|商|绰|别|代|冲锋|集结)号$"
)
# 大功三连, 红一团: a numbered army unit
_ARMY_UNIT = re.compile(r"[一二三四五六七八九十]+(?:连|营|团|师)$")
# 神十, 歼十: a craft's short name (not 统一, 合一: a common word, or ending in 一)
_SHORT_MODEL = re.compile(r"^[\u4e00-\u9fff]{1,2}[二三四五六七八九十][一二三四五六七八九十]?$")
# 猎狐2014, 和平使命-2013: an operation or exercise of a year (not 中国制造2025, a plan's target)
_NAME_YEAR = re.compile(r"^[\u4e00-\u9fff]{2,8}-?((?:19|20)[0-9]{2})$")
_CRAFT_CLASSES = frozenset({"ship", "spacecraft", "craft", "product", "weapon"})
# Cues that may follow a few words after the quote (“墨子号”量子卫星): said of things, never
# of a formula; not 组织, which ends 党组织 and opens 组织生活.
_GAP_CLASSES = frozenset({"weapon", "spacecraft", "ship", "craft", "programme", "product"})
_GAP = re.compile(r"(?!的)[\u4e00-\u9fff]{1,5}")  # 被誉为“中国天眼”的射电望远镜: an epithet


@dataclass(frozen=True)
class _Cue:
    kind: str
    name_class: str | None
    text: str
    weak: bool


@dataclass(frozen=True)
class _Cues:
    after: re.Pattern[str]
    before: re.Pattern[str]
    end: re.Pattern[str]
    table: dict[tuple[str, str], _Cue]  # (where, cue) -> cue
    policy_words: frozenset[str]


_CUES: _Cues | None = None
_LOCK = threading.Lock()


def _alternation(words: Sequence[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


def _cues() -> _Cues:
    global _CUES
    if _CUES is None:
        with _LOCK:
            if _CUES is None:
                table: dict[tuple[str, str], _Cue] = {}
                for line in terms.read_lines("quote_cues.tsv"):
                    where, cue, kind, *rest = (p.strip() for p in line.split("\t"))
                    if kind not in PHRASE_KINDS:
                        raise ValueError(f"quote_cues.tsv: unknown kind {kind!r} for {cue!r}")
                    name_class = rest[0] if rest and rest[0] else None
                    if kind == NAME and name_class not in NAME_CLASSES:
                        raise ValueError(f"quote_cues.tsv: unknown name class {name_class!r} for {cue!r}")
                    weak = len(rest) > 1 and rest[1] == "weak"
                    table[(where, cue)] = _Cue(kind, name_class, cue, weak)
                by_where = {w: [c for (x, c) in table if x == w] for w in ("after", "before", "end")}
                _CUES = _Cues(
                    after=re.compile(f"(?:{_alternation(by_where['after'])})"),  # used with .match
                    before=re.compile(f"(?:{_alternation(by_where['before'])})$"),
                    end=re.compile(f"(?:{_alternation(by_where['end'])})$"),
                    table=table,
                    policy_words=frozenset(ln.split()[0] for ln in terms.read_lines("policy_terms.txt")),
                )
    return _CUES


def is_formula(raw: str, phrase: str) -> bool:
    """A numbered formula (四个全面, 一带一路, 十三五) or one of parallel clauses
    (不忘初心、牢记使命; 好邻居好朋友好同志好伙伴).

    >>> is_formula("两不愁三保障", "两不愁三保障"), is_formula("一站式", "一站式")
    (True, False)
    """
    if _ORDINAL.match(phrase):
        return False
    if _NUMBERED.search(phrase):
        return True
    parts = [p for p in _PART_SEP.split(raw.strip()) if p]
    if len(parts) >= 2 and all(len(p) >= 2 for p in parts):
        return max(map(len, parts)) - min(map(len, parts)) <= 1
    for k in (4, 3, 2):  # 好X好Y好Z, 有X有Y: parts of equal length that open alike
        if len(phrase) % k == 0 and len(phrase) // k >= 2:
            size = len(phrase) // k
            if len({phrase[i] for i in range(0, len(phrase), size)}) == 1:
                return True
    return False


def _common_word(phrase: str) -> str | None:
    """The dictionary's tag when ``phrase`` is one ordinary word (not a policy term)."""
    lex = terms.lexicon()
    if lex.freq.get(phrase, 0) < COMMON_WORD_FREQ or phrase in _cues().policy_words:
        return None
    return lex.tags.get(phrase)


def _after_cue(after: str) -> _Cue | None:
    """The cue the text after a quote opens with: “萨德”反导系统; “岁月”号客轮 (号, then what
    kind of craft); “墨子号”量子卫星 and “棱镜”监控项目, where a few words stand before a
    cue of a thing that is never said of a formula."""
    cues = _cues()
    if after.startswith("等"):  # “护网”“剑网”等专项行动
        after = after[1:]
    m = cues.after.match(after)
    if m and m.group(0) == "号":
        if _NOT_CRAFT_AFTER.match(after):
            return None
        more = cues.after.match(after, 1)
        if more and cues.table[("after", more.group(0))].name_class in _CRAFT_CLASSES:
            return cues.table[("after", more.group(0))]
    if m:
        return cues.table[("after", m.group(0))]
    gap = _GAP.match(after)
    for skip in range(1, len(gap.group(0)) if gap else 0):
        m = cues.after.match(after, skip)
        if m and len(m.group(0)) >= 2:
            cue = cues.table[("after", m.group(0))]
            if cue.name_class in _GAP_CLASSES:
                return cue
    return None


def classify_quote(
    raw: str, phrase: str, before: str, after: str, published: dt.date | None = None,
) -> tuple[str, str | None, str | None]:
    """``(kind, name_class, cue)`` of one quotation, from ``before`` (the text just before
    its opening mark) and ``after`` (just after its closing mark); ``published``, the
    story's date, tells an exercise of the year (利刃2012) from a plan's target (中国制造2025).

    >>> classify_quote("萨德", "萨德", "韩国部署", "反导系统将")
    ('name', 'weapon', '反导系统')
    >>> classify_quote("四个意识", "四个意识", "牢固树立", "，坚定")
    ('formula', None, None)
    """
    cues = _cues()
    formula = is_formula(raw, phrase)
    found = _after_cue(after)
    m = cues.before.search(before)
    if m:
        cue = cues.table[("before", m.group(0))]
        # A cue that names a thing outranks a slogan/term cue on the other side.
        if found is None or (found.kind != NAME and cue.kind == NAME) or (
            found.kind == cue.kind and len(cue.text) > len(found.text)
        ):
            found = cue
    if found is None:
        m = cues.end.search(phrase)
        # the phrase may be the cue itself when the cue is a whole name (“青年党”)
        if m and (len(phrase) > len(m.group(0)) or len(phrase) >= 3) and not _NOT_A_NAME_END.search(phrase):
            found = cues.table[("end", m.group(0))]
    if found is not None and not (found.weak and formula):
        if found.kind == NAME or found.kind in (TERM, QUOTATION):
            return found.kind, found.name_class, found.text
        # a slogan's cue (以“人类”为主题) does not make an ordinary word a slogan
        if found.kind == SLOGAN and (formula or _common_word(phrase) is None):
            return (FORMULA if formula else SLOGAN), None, found.text
    if _SPAN_OF_TIME.match(phrase):
        return TERM, None, None
    if _CONGRESS.match(phrase):
        return NAME, "event", None
    if _ARMY_UNIT.search(phrase) and len(phrase) >= 3:
        return NAME, "organisation", None
    year = _NAME_YEAR.match(phrase)
    if year and published is not None and int(year.group(1)) <= published.year + 1:
        return NAME, "operation", None
    if _ALL_NUMERALS.match(phrase) and not _FIVE_YEAR.match(phrase):
        return TERM, None, None
    if formula:
        tag = _common_word(phrase)
        return (TERM, None, None) if tag == "i" else (FORMULA, None, None)  # 一心一意: an idiom
    if _MODEL_NUMBER.match(phrase):
        return NAME, "product", None
    if _SHORT_MODEL.match(phrase) and _common_word(phrase) is None:
        return NAME, "craft", None
    if _SPEECH_BEFORE.search(before) or (_COLON_BEFORE.search(before) and not _THEME_BEFORE.search(before)):
        return QUOTATION, None, None
    if _PARTICLE_END.search(phrase):
        return QUOTATION, None, None
    tag = _common_word(phrase)
    if tag is not None:
        # an ordinary noun is a term (打“老虎”); a verb or adjective is someone's word (“非法”)
        return (TERM if tag[:1] in ("n", "i", "l", "j", "t", "s") else QUOTATION), None, None
    return SLOGAN, None, None



def phrase_kind(votes: Mapping[tuple[str, str | None], int]) -> tuple[str, str | None]:
    """A phrase's kind from the kinds of all its quotations: ``{(kind, name_class): n}``.

    A name when at least ``NAME_SHARE`` of the quotations name a thing, or two and
    ``STRONG_NAME_SHARE`` name it a weapon, a craft, an organisation …; a formula only when
    ``FORMULA_NAME_SHARE`` do (the commonest class wins); otherwise the commonest other kind, ties going to slogan, formula, term, quotation.

    >>> phrase_kind({("name", "organisation"): 133, ("slogan", None): 14})
    ('name', 'organisation')
    >>> phrase_kind({("formula", None): 4600, ("name", "event"): 375})
    ('formula', None)
    """
    total = sum(votes.values())
    names = {c: n for (k, c), n in votes.items() if k == NAME}
    share = sum(names.values()) / total if total else 0.0
    strong = sum(n for c, n in names.items() if c in STRONG_CLASSES)
    if any(k == FORMULA for k, _ in votes):
        is_name = share >= FORMULA_NAME_SHARE
    else:
        is_name = share >= NAME_SHARE or (strong >= 2 and strong >= STRONG_NAME_SHARE * total)
    if names and is_name:
        return NAME, max(sorted(names, key=str), key=lambda c: (names[c], c in STRONG_CLASSES))
    order = (SLOGAN, FORMULA, TERM, QUOTATION)
    counts = {k: sum(n for (kind, _), n in votes.items() if kind == k) for k in order}
    if not any(counts.values()):
        return SLOGAN, None
    return max(order, key=lambda k: (counts[k], -order.index(k))), None
