"""People (with official titles), places and organisations in one article's text.

Two layers:

* the character CRF of :mod:`tasks.extract.ner.model` proposes PER/LOC/ORG spans anywhere;
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

import re
from collections.abc import Sequence

from tasks.extract import gazetteer, tokenizer
from tasks.extract.lexicon import (
    CJK,
    COMMON_WORD_FREQ,
    UNIT_ENDS,
    Covering,
    common_word_name,
    entity_tables,
    inside_of,
    is_cjk,
    known_place,
    surname_len,
    title_ending_at,
    title_starting_at,
    training_person,
)
from tasks.extract.name_lists import listed_people
from tasks.extract.ner import model as ner_model
from tasks.extract.organisations import (
    GROUP_HEADS,
    STANDALONE_ORGS,
    find_organisations,
    not_orgs,
    org_suffix,
    organisation_units,
    periodical_name,
    place_led_organisations,
    quoted_organisations,
)
from tasks.extract.people import (
    CONJUNCTIONS,
    find_people,
    lone_surname_ok,
    name_run_into_word,
)
from tasks.extract.places import (
    PERSON_AFTER,
    abbreviated_places,
    bad_township,
    find_places,
    split_place,
    two_places,
)
from tasks.extract.teams import sports_teams
from tasks.extract.titles import TITLE_PREFIXES
from tasks.model import EntityMention


def _starts_with_known_name(s: str) -> bool:
    """温家宝五省: the span starts with a name jieba's dictionary knows."""
    tags = tokenizer.lexicon().tags
    return any(tags.get(s[:L], "").startswith("nr") for L in range(2, min(4, len(s) - 1) + 1))


def _names_something(text: str, s: int, e: int, cover: Covering) -> bool:
    """Does ``text[s:e]`` hold a place or a named body (意大利|国际米兰队), not only words
    that describe what follows (卫冕冠军, 种子)?"""
    i = s
    while i < e:
        a, b, tok = cover[i]
        if tokenizer.pos_of(tok) in ("ns", "nt", "nz", "j") or gazetteer.is_place_name(tok):
            return True
        i = b
    return False


def _clean_model_spans(text: str, crf: Sequence[tuple[str, int, int]], tokens: Sequence[str] | None = None) -> list[tuple[str, int, int]]:
    """Filter the model's spans with what the dictionaries know for sure."""
    lx = tokenizer.lexicon()
    listed = listed_people(text, crf)
    out: list[tuple[str, int, int]] = []
    # Idioms and set phrases (明查暗访, which jieba's dictionary even tags nr): a span that
    # starts or ends inside one is no name.
    # (A 4-char nr word is often a name with a word run in, so it vetoes places and orgs only.)
    cover = Covering(tokens) if tokens is not None and crf else None

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
        return a < s and b > e and min(lx.freq.get(first, 0), lx.freq.get(last, 0)) >= COMMON_WORD_FREQ

    for typ, s, e in crf:
        if cover is not None and cuts_set_phrase(typ, s, e):
            continue
        if typ == "PER" and cover is not None and (s, e) not in listed and cuts_two_words(s, e):
            continue
        # Never across whitespace or line ends; trim brackets the model took in (《检察日报》).
        while s < e and not (is_cjk(text[s]) or text[s].isalnum()):
            s += 1
        while e > s and not (is_cjk(text[e - 1]) or text[e - 1].isalnum() or text[e - 1] in ")）"):
            e -= 1
        name = text[s:e]
        if not name or re.search(r"\s", name):
            continue
        if typ == "PER" and len(name) >= 3 and name[-1] in UNIT_ENDS and "·" not in name and not _starts_with_known_name(name):
            typ = "LOC"  # 阿马里洛市, 罗赖马州: a "name" ending in a unit is a place (温家宝五省 is not)
        elif typ == "LOC" and len(name) >= 2 and text.startswith(PERSON_AFTER, e) and not known_place(name):
            typ = "PER"  # 库马拉通加总统, 扎加洛教练: an unknown "place" before a person's title
        if typ == "PER":
            if name.endswith("摄") and len(name) >= 3:
                e -= 1  # 常海 摄: a photo credit
                name = text[s:e]
            if len(name) == 1:
                if not lone_surname_ok(text, s, e):
                    continue  # a lone surname is a person only as 老王, 李老师, 唐外长
                out.append((typ, s, e))
                continue  # (刘, 郑 are dictionary words too: the context decides here)
            if len(name) >= 5 and "·" not in name and "•" not in name and surname_len(name, 0):
                continue  # Chinese names have at most four characters (甘青宁新五省)
            half = len(name) // 2
            if len(name) >= 4 and name[:half] == name[half:]:
                out += [(typ, s, s + half), (typ, s + half, e)]  # 秘书长刘晨刘晨：the name, then the speaker
                continue
            if name in TITLE_PREFIXES and title_starting_at(text, e):
                continue  # 连战荣誉主席: 荣誉 (which jieba tags nr) begins the title
            kept = name_run_into_word(text, s, e)
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
                and not training_person(name)
            ):
                continue
            if common_word_name(name):
                continue  # 幸福感, 施工图: jieba's dictionary calls them nr
            if name[0] in CONJUNCTIONS and not training_person(name):
                continue  # 党支部书记或村第一书记: 或村 is no name
            # 习近平新|时代: a dictionary name plus one stray character.
            if len(name) >= 4 and lx.tags.get(name[:-1], "").startswith("nrfg"):
                e -= 1
        elif typ == "LOC":
            if len(name) == 2 and name[1] in "省市县区州" and not gazetteer.is_place_name(name):
                continue  # 中省, 我省, 该市: one char plus a unit suffix is no place name
            for a, b in two_places(text, s, e):
                out.extend(("LOC", c, d) for c, d in split_place(text, a, b))
            continue
        elif typ == "ORG":
            if name in entity_tables().surnames or name in entity_tables().compound:
                continue
            if len(name) >= 3 and name[-1] == name[-2] and title_starting_at(text, e - 1) >= 2:
                e -= 1  # 中国代表团团|长: the head of the delegation, 团长, takes the last 团
                name = text[s:e]
            title = title_ending_at(text, e)
            if title and e - title - s >= 2 and (org_suffix(name[:-title]) or name[:-title].endswith(GROUP_HEADS)):
                e -= title  # 淮安独立团|政委: the title of the person named next
                name = text[s:e]
            if cover is not None and name.endswith("队"):
                a, _, team = cover[e - 1]
                if a > s and len(team) >= 3 and tokenizer.pos_of(team) in ("nt", "nz") and not _names_something(text, s, a, cover):
                    s, name = a, team  # 卫冕冠军|巴西队, 东道主|法国队: the team is the dictionary's
            # 日本政府, 美国政府: a country's (or a named region's) government is written
            # as the place (as in the reference annotations); 市政府 stays an org.
            if name.endswith("政府") and len(name) > 3:
                prefix = name[:-2]
                if tokenizer.pos_of(prefix) == "ns" or gazetteer.is_place_name(prefix):
                    out.append(("LOC", s, e - 2))
                    continue
        out.append((typ, s, e))
    return out


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
        tokens = tokenizer.tokenize(text)
    crf = ner_model.tag_entities(text, tokens)
    crf = place_led_organisations(text, abbreviated_places(text, crf, tokens), tokens)
    crf = _clean_model_spans(text, crf, tokens)
    if people and named is None:
        named = tokenizer.tokenize(text, people)
    persons = find_people(text, tokens, crf, people, named or ())
    pspans = [(p.start, p.end) for p in persons]
    place_spans = find_places(text, tokens, crf, persons)
    org_spans = find_organisations(text, tokens, crf, pspans)
    # An org wins over a place it contains (湖北日报 is an org; 湖北 inside it is not a
    # separate place mention), a place wins over an org of the same span.
    place_spans = [(s, e) for s, e in place_spans if not any(a <= s and e <= b and (a, b) != (s, e) for a, b in org_spans)]
    org_spans = [(s, e) for s, e in org_spans if (s, e) not in set(place_spans)]
    org_spans, place_spans = quoted_organisations(text, tokens, org_spans, place_spans)
    org_spans, place_spans = sports_teams(text, org_spans, place_spans)
    org_spans = organisation_units(text, tokens, org_spans, pspans)
    # 法院, 研究所, 国家队: words the annotations seldom mark, no organisation alone (but
    # 市政府 stays one: analysts count 市委、市政府 as two bodies).
    vetoed = not_orgs()
    org_spans = [(s, e) for s, e in org_spans if text[s:e] not in vetoed or text[s:e] in STANDALONE_ORGS]
    in_org = inside_of(org_spans)  # the rules above grew organisations over places
    place_spans = [(s, e) for s, e in place_spans if not in_org(s, e)]
    # 环县秦团庄乡王团庄村|党委, 福鼎市柏洋村|党委: a village party committee names its
    # village; the places inside stay places (only down to township/village level, so
    # 中国致公党 does not turn 中国 into a separate mention).
    for s, e in org_spans:
        m = re.match(rf"[{CJK}]{{2,20}}(?:乡|镇|村|街道|社区)", text[s:e])
        if m and e - s - m.end() <= 5 and not re.search("[部局委院司厅办署]", m.group(0)):  # not 科学技术部农村|科技司
            for a, b in split_place(text, s, s + m.end()):
                if (a, b) not in place_spans and (b - a) >= 2 and not bad_township(text[a:b]):
                    place_spans.append((a, b))
    place_spans.sort()
    surfaces = [text[s:e] for s, e in place_spans]
    out: list[EntityMention] = list(persons)
    resolved_at: dict[int, object] = {}  # end offset → Place, for townships that follow
    for s, e in place_spans:
        surface = text[s:e]
        name, place = gazetteer.resolve(surface, surfaces)
        if place is None and surface.endswith(("乡", "镇", "村", "街道", "社区")) and resolved_at.get(s) is not None:
            # 镇原县|庙渠乡|慕塬村: a township sits in the county written right before it.
            place = resolved_at[s]  # type: ignore[assignment]
        if place is not None:
            resolved_at[e] = place
        out.append(EntityMention(kind="place", name=name, start=s, end=e, place=place, surface=surface if surface != name else None))
    for s, e in org_spans:
        surface = text[s:e]
        name = periodical_name(surface)
        out.append(EntityMention(kind="org", name=name, start=s, end=e, surface=surface if surface != name else None))
    out.sort(key=lambda m: (m.start, m.end, m.kind))
    return tuple(out)
