"""Numeric facts: 26.65万人 → 266500 人, 贫困发生率由9.6%降至0.85% → two facts (from/to).

Regex on the text, not on tokens: jieba splits 26.65 / 万 (anchors.md). Only an open
subject, where no listed term names what is counted, is read from the tokens next to the
number. A number is a fact when a unit or a 万/亿 multiplier follows it (or it is a
percentage); years, dates, ordinals (第七) and numbers inside set phrases (一户一策, 两不愁三保障) are
not facts. Chinese numerals (二十六点六五万, 三个) count only with a unit and a subject (三个摘帽县;
两个根本 and 千万人 are figures of speech), and a bare 一 never does: 一个/一批 are figures of speech
far more often than counts. Chinese numerals are parsed here, not by cn2an, whose import
alone cost more than extracting an article (it stays as a fallback).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass

from tasks.extract import tokenizer as terms
from tasks.model import Fact

_ARABIC = r"[0-9０-９]+(?:[,，][0-9０-９]{3})*(?:[.．][0-9０-９]+)?"
_CN = r"[零〇一二两三四五六七八九十百千]+(?:点[零〇一二三四五六七八九]+)?"
_MULT = r"(?:万亿|千亿|百亿|亿|千万|百万|万)"
# Currencies as written → the unit stored (1250亿美元; 10亿人民币 is money, not 10亿 people).
_CURRENCIES = {
    "人民币": "元", "美元": "美元", "港元": "港元", "港币": "港元", "欧元": "欧元", "日元": "日元",
    "英镑": "英镑", "澳元": "澳元", "新台币": "新台币", "韩元": "韩元", "卢布": "卢布",
}
# Longest first. Units that name money fold their multiplier into the value.
_UNITS = (
    "个百分点", "百分点", "万人次", "人次", "万元", "亿元", "元", "％", "%", "人", "户", "个",
    "名", "家", "所", "座", "项", "村", "县", "亩", "公顷", "平方公里", "公里", "千米", "米",
    "吨", "套", "间", "辆", "台", "头", "只", "倍", "场", "批", "条", "处", "支", "件", "位",
    "对", "种", "栋", "口", "眼", "篇", "期", "所", "万", *_CURRENCIES,
)
_UNIT_RE = "|".join(re.escape(u) for u in sorted(set(_UNITS), key=len, reverse=True) if u != "万")
# Units after which the next noun is what is counted (526个贫困村, 三个摘帽县).
_CLASSIFIERS = frozenset("个名家所座项批条处支件位套间辆台头只种栋口眼篇期".replace("", " ").split())

_NUM_RE = re.compile(
    rf"(?P<num>{_ARABIC}|{_CN})(?P<mult>{_MULT})?(?P<approx>多|余)?(?P<unit>{_UNIT_RE})?"
)
# What makes a number a date/time, an ordinal or an edition rather than a count.
_NOT_AFTER = re.compile(r"^(?:年|月|日|号|时|点|分|秒|周年|世纪|年代|届|大(?!于)|期间|季度|个(?:小时|月|星期|季度|年头|世纪|工作日|多月|半月)|[-—~～至到][0-9０-９一二三四五六七八九十]+[年月日号])")
_NOT_BEFORE = re.compile(r"(?:第|苐|届|周|星期|礼拜|No\.?|[A-Za-z]-?)$")  # EB-5, F-16: names, not counts
_CLAUSE_END = re.compile(r"[，,。；;：:！!？?\n“”「」『』（）()、]")

_ARABIC_START = re.compile(r"[0-9０-９]")
_CN_RE = re.compile(_CN)
_FROM_RE = re.compile(r"(?:由|从)$")
_TO_VERBS = (
    "下降到", "下降至", "降低到", "降低至", "减少到", "减少至", "减少为", "降到", "降至", "减至", "减到",
    "增加到", "增加至", "增长到", "增长至", "提高到", "提高至", "上升到", "上升至", "提升到", "提升至",
    "增至", "升至", "升到", "扩大到", "扩大至", "达到", "变为", "到", "至",
)

_LOCK = threading.Lock()


@dataclass(frozen=True)
class _Tables:
    subjects: tuple[tuple[str, str], ...]  # (surface, canonical), longest surface first
    verbs: dict[str, tuple[str, str, str]]  # verb → (for 人, for 户, for other)
    blocked: tuple[str, ...]  # set phrases with numerals (policy terms)
    verbs_by_len: tuple[tuple[str, tuple[str, str, str]], ...] = ()  # longest verb first
    verb_ends: tuple[str, ...] = ()
    subject_re: re.Pattern[str] | None = None  # the surfaces, longest first
    subject_canon: dict[str, str] | None = None


_TABLES: _Tables | None = None


def _tables() -> _Tables:
    global _TABLES
    if _TABLES is None:
        with _LOCK:
            if _TABLES is None:
                from tasks.extract.tokenizer import read_lines

                subs = []
                for line in read_lines("fact_subjects.txt"):
                    surface, _, canon = line.partition("\t")
                    subs.append((surface.strip(), (canon or surface).strip()))
                subs.sort(key=lambda s: -len(s[0]))
                verbs = {}
                for line in read_lines("fact_verbs.txt"):
                    parts = (line.split("\t") + ["", "", ""])[:4]
                    verbs[parts[0].strip()] = tuple(p.strip() for p in parts[1:4])
                blocked = tuple(
                    w
                    for w in (ln.split()[0] for ln in read_lines("policy_terms.txt"))
                    if re.search(_CN, w)
                )
                by_len = tuple(sorted(verbs.items(), key=lambda kv: -len(kv[0])))
                canon: dict[str, str] = {}
                for surface, c in subs:
                    canon.setdefault(surface, c)
                _TABLES = _Tables(
                    tuple(subs), verbs, blocked,  # type: ignore[arg-type]
                    verbs_by_len=by_len,  # type: ignore[arg-type]
                    verb_ends=tuple(verbs),
                    subject_re=re.compile("|".join(re.escape(x) for x, _ in subs)),
                    subject_canon=canon,
                )
    return _TABLES


_FULLWIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")
_MULT_VALUE = {"万": 1e4, "十万": 1e5, "百万": 1e6, "千万": 1e7, "亿": 1e8, "十亿": 1e9, "百亿": 1e10, "千亿": 1e11, "万亿": 1e12}


_CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNIT = {"十": 10, "百": 100, "千": 1000}


def _parse_chinese(num: str) -> float | None:
    """二十六点六五 → 26.65, 一百零五 → 105, 十五 → 15, 二〇一八 → 2018 (no cn2an import:
    that package's import alone cost more than extracting a whole article)."""
    whole, _, frac = num.partition("点")
    if any(ch not in _CN_DIGIT for ch in frac):
        return None
    if whole and not any(ch in _CN_UNIT for ch in whole):
        if any(ch not in _CN_DIGIT for ch in whole):
            return None
        value = float(int("".join(str(_CN_DIGIT[ch]) for ch in whole)))  # digit by digit
    else:
        total, cur = 0, 0
        for ch in whole:
            if ch in _CN_DIGIT:
                cur = _CN_DIGIT[ch]
            elif ch in _CN_UNIT:
                total += (cur or 1) * _CN_UNIT[ch]
                cur = 0
            else:
                return None
        value = float(total + cur)
    if frac:
        value += float("0." + "".join(str(_CN_DIGIT[ch]) for ch in frac))
    return value


def parse_number(num: str) -> float | None:
    """'26.65' → 26.65, '１，２００' → 1200, '二十六点六五' → 26.65, '两' → 2."""
    s = num.translate(_FULLWIDTH).replace(",", "")
    try:
        return float(s)
    except ValueError:
        pass
    value = _parse_chinese(num)
    if value is not None:
        return value
    try:
        import cn2an

        return float(cn2an.cn2an(num, "smart"))
    except Exception:  # cn2an raises a bare ValueError on forms it does not know
        return None


def _clean(v: float) -> float:
    return float(round(v, 6))


def _clause_after(text: str, pos: int) -> str:
    """Up to 12 characters after ``pos``, stopping at the clause's end."""
    window = text[pos : pos + 12]
    cut = _CLAUSE_END.search(window)
    return window[: cut.start()] if cut else window


def _clause_before(text: str, start: int, limit: int) -> str:
    """Up to ``limit`` characters before ``start``, back to the clause's start."""
    lo = start
    while lo > 0 and not _CLAUSE_END.match(text[lo - 1]) and start - lo < limit:
        lo -= 1
    return text[lo:start]


def _subject_after(text: str, pos: int, unit: str | None) -> str | None:
    t = _tables()
    window = _clause_after(text, pos)
    # Up to 3 chars of modifier (省级, 深度) may stand between the unit and the noun.
    subject_re, subject_canon = t.subject_re, t.subject_canon or {}
    for skip in range(0, 4):
        m = subject_re.match(window, skip) if subject_re is not None else None
        if m is None:
            continue
        canon = subject_canon[m.group(0)]
        # A count of people is never a rate: 77万多人|贫困发生率降至… names the next fact.
        if not (unit and canon.endswith("率")):
            return canon
        for surface, canon in t.subjects:  # the longest was a rate: try shorter ones
            if window.startswith(surface, skip) and not (unit and canon.endswith("率")):
                return canon
    # 7.2万户26.65万人脱贫: skip further counts, then look for a verb that names them.
    rest = _NUM_RE.sub(lambda m: "" if m.group("unit") or m.group("mult") else m.group(0), window[:12])
    for verb, (per, hh, other) in t.verbs_by_len:
        if rest.startswith(verb) or window.startswith(verb):
            subj = per if unit in ("人", "万人次", "人次") else hh if unit == "户" else other
            return subj or None
    return None


def _subject_before(text: str, start: int, unit: str | None = None) -> str | None:
    t = _tables()
    # 累计脱贫77万多人: a verb just before a count of people/households names it.
    near = text[max(0, start - 4) : start]
    for verb, (per, hh, other) in t.verbs_by_len:
        if near.endswith(verb):
            subj = per if unit in ("人", "人次") else hh if unit == "户" else other if unit else ""
            if subj:
                return subj
    clause = _clause_before(text, start, 30)
    best: tuple[int, str, int] | None = None
    for surface, canon in _tables().subjects:
        i = clause.rfind(surface)
        if i >= 0 and (best is None or i + len(surface) > best[0]):
            best = (i + len(surface), canon, i)
    if best is None:
        return None
    end, canon, i = best
    # 牺牲在扶贫一线的党员干部就有11位: a 的-modifier that opens the clause belongs to
    # the subject (the count is of those cadres, not of all cadres).
    if unit in ("位", "名") and i > 1 and clause[i - 1] == "的" and end <= 16 and canon == clause[i:end]:
        return clause[:end].lstrip()
    return canon


# Open subjects, for a number no listed term names (most news outside poverty relief):
# the noun phrase right after a classifier (12个自然村, 1.1万名未脱贫人员), or the one before
# a linking verb (财政收入达到80万元). Not for Chinese numerals, whose subject decides
# whether they are a count at all: 两个根本 has a noun after it too.
_OPEN_AFTER = _CLASSIFIERS | {"户"}
_HEAD_POS = frozenset({"n", "nz", "vn", "nt", "ng", "j", "an", "nrt"})
_MODIFIER_POS = _HEAD_POS | {"a", "b", "ns", "nr", "l"}
_LINKS = frozenset({"为", "是", "达", "达到", "约", "约为", "共", "共计", "合计", "总计", "超过", "突破",
                    "逾", "近", "仅", "高达", "多达", "了"})
_MAX_OPEN_SUBJECT = 8  # characters: longer runs are clauses, not names of what is counted


def _noun_phrase_after(text: str, pos: int) -> str | None:
    phrase: list[tuple[str, str]] = []
    for tok in terms.tokenize(_clause_after(text, pos)):
        tag = terms.pos_of(tok)
        # A verb may lead the phrase, after a 未 (获奖学生, 未脱贫人员), but not stand inside
        # it (300家知名网站|浏览新闻).
        leads = not phrase or [t for t, _ in phrase] == ["未"]
        fits = tag in _MODIFIER_POS or (tok == "未" and not phrase) or (leads and tag == "v" and len(tok) > 1)
        if not fits or sum(len(t) for t, _ in phrase) + len(tok) > _MAX_OPEN_SUBJECT:
            break
        phrase.append((tok, tag))
    while phrase and phrase[-1][1] not in _HEAD_POS:
        phrase.pop()
    return _phrase_subject(phrase)


def _noun_phrase_before(text: str, start: int) -> str | None:
    tokens = terms.tokenize(_clause_before(text, start, 16))
    if not tokens or tokens[-1] not in _LINKS:
        return None
    while tokens and tokens[-1] in _LINKS:
        tokens.pop()
    phrase: list[tuple[str, str]] = []
    for tok in reversed(tokens):
        tag = terms.pos_of(tok)
        if (tag not in _HEAD_POS and tag not in ("a", "b")) or sum(len(t) for t, _ in phrase) + len(tok) > _MAX_OPEN_SUBJECT:
            break
        phrase.insert(0, (tok, tag))
    return _phrase_subject(phrase) if phrase and phrase[-1][1] in _HEAD_POS else None


def _phrase_subject(phrase: Sequence[tuple[str, str]]) -> str | None:
    subject = "".join(t for t, _ in phrase)
    return subject if len(subject) >= 2 else None


def _in_blocked_phrase(text: str, start: int, end: int) -> bool:
    for phrase in _tables().blocked:
        lo = max(0, start - len(phrase) + 1)
        i = text.find(phrase, lo, end + len(phrase))
        while i != -1 and i <= start:
            if i + len(phrase) > start:
                return True
            i = text.find(phrase, i + 1, end + len(phrase))
    return False


def extract_facts(text: str, skip_spans: Sequence[tuple[int, int]] = ()) -> tuple[Fact, ...]:
    """Every numeric fact in ``text``; ``skip_spans`` (e.g. slogans) are left alone."""
    facts: list[Fact] = []
    for m in _NUM_RE.finditer(text):
        num, mult, unit = m.group("num"), m.group("mult"), m.group("unit")
        start, end = m.start(), m.end()
        if any(a <= start < b for a, b in skip_spans):
            continue
        is_cn = not _ARABIC_START.match(num)
        if _NOT_BEFORE.search(text[max(0, start - 3) : start]):
            continue
        if not (mult or unit) or _NOT_AFTER.match(text[m.end("num") : m.end("num") + 6]):
            continue
        if is_cn:
            if not unit or num in ("一",) or _in_blocked_phrase(text, start, end):
                continue
            # 一心一意, 三番五次: a numeral run inside a four-character idiom.
            if start > 0 and _CN_RE.match(text[start - 1]):
                continue
        value = parse_number(num)
        if value is None:
            continue
        value *= _MULT_VALUE.get(mult or "", 1.0)
        out_unit = unit
        if unit in ("万元", "亿元"):
            value *= _MULT_VALUE[unit[0]]
            out_unit = "元"
        elif unit == "万人次":
            value *= 1e4
            out_unit = "人次"
        elif unit in _CURRENCIES:
            out_unit = _CURRENCIES[unit]
        elif unit == "％":
            out_unit = "%"
        elif unit == "百分点":
            out_unit = "个百分点"
        if out_unit == "%" and mult:
            continue  # 9.6万% is noise
        subject = None
        if unit in _CLASSIFIERS or unit in ("人", "户", "村", "县", "人次", "万人次"):
            subject = _subject_before(text, start, unit) if text[max(0, start - 4) : start].endswith(_tables().verb_ends) else None
            subject = subject or _subject_after(text, end, unit) or _subject_before(text, start, unit)
        else:
            subject = _subject_before(text, start) or _subject_after(text, end, unit)
        if is_cn and subject is None:
            continue  # 两个根本, 千万人命运: a Chinese-numeral count without its noun is a figure of speech
        if subject is None:
            subject = (_noun_phrase_after(text, end) if unit in _OPEN_AFTER else None) or _noun_phrase_before(text, start)
        facts.append(
            Fact(subject=subject, value=_clean(value), unit=out_unit, raw=m.group(0), start=start, end=end)
        )
    return tuple(_mark_changes(text, facts))


def _mark_changes(text: str, facts: list[Fact]) -> list[Fact]:
    """由A降至B / 从A减少到B: A gets role "from", B role "to", and they share a subject."""
    out = list(facts)
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        if a.role or b.role:
            continue
        pre = text[max(0, a.start - 8) : a.start]
        mid = text[a.end : b.start]
        if len(mid) > 12 or _CLAUSE_END.search(mid):
            continue
        # 由/从 may be followed by a time phrase: 从(20)13年的44.1万人.
        if not re.search(r"(?:由|从)[^，,。；;由从]{0,7}$", pre):
            continue
        if not any(v in mid for v in _TO_VERBS):
            continue
        subj = a.subject or b.subject
        out[i] = Fact(a.subject or subj, a.value, a.unit, a.raw, a.start, a.end, role="from")
        out[i + 1] = Fact(b.subject or subj, b.value, b.unit, b.raw, b.start, b.end, role="to")
    return out
