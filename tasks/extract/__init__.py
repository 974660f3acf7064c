"""Extract: entities, numeric facts, slogans, meetings, statements, documents cited, term
counts and keywords of one article.

Its modules, one per kind of thing found:

- :mod:`.tokenizer` and :mod:`.segment`: the one segmentation of the text (an isolated
  jieba tokenizer with the dictionaries of ``dicts/``), term counts, TF-IDF keywords and
  the dictionary version;
- :mod:`.entities`: the whole entity pass: the NER model's spans (:mod:`.ner`), then
  :mod:`.people` (with :mod:`.titles` and :mod:`.name_lists`), :mod:`.places` (with
  :mod:`.gazetteer`, the administrative hierarchy), :mod:`.organisations` and
  :mod:`.teams`, which share the word lists of :mod:`.lexicon`;
- :mod:`.facts`: numeric facts; :mod:`.slogans`: quoted formulas;
- :mod:`.meetings` (with :mod:`.roles`): meetings held and who chaired, spoke, attended;
  :mod:`.statements`: who said what; :mod:`.documents`: titles cited in 《》 — all three on
  the sentences and people of :mod:`.clauses`, after the entity pass.

What its neighbours call: :func:`extract_article`, a pure function of the normalized
Simplified text (and of the article's date, for the day a meeting was held; for keywords, the warehouse's IDF; for people, the names the corpus
has shown with a title, which :func:`corpus_people` reads from the warehouse), and
:func:`keywords_from_terms`. Everything it reads — the tokenizer, the gazetteer, the NER
model — is loaded once per process, lazily, from paths relative to this package, and never
changes afterwards; worker processes pay the loading cost once (about 2 s) and nothing is
pickled but strings and the frozen records.

``DICT_VERSION`` hashes every data file that changes the output (``tasks/extract/dicts/*``,
the NER model files in ``tasks/extract/ner/``, and the gazetteer table); it is returned in
every Extraction so derived rows can be re-derived when a dictionary changes. With corpus
names, a hash of them follows after a ``+``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from tasks.extract import tokenizer as terms
from tasks.extract.clauses import Context
from tasks.extract.documents import find_documents
from tasks.extract.entities import extract_entities
from tasks.extract.facts import extract_facts
from tasks.extract.meetings import find_meetings
from tasks.extract.people import corpus_people
from tasks.extract.periods import date_facts, find_periods
from tasks.extract.phrases import PhraseIndex, PolicyPhrase, match_text, policy_phrases
from tasks.extract.posts import PostContext, article_posts, posts_of
from tasks.extract.quote_kinds import KNOWN_KINDS, phrase_kind
from tasks.extract.slogans import canonical_phrase, extract_slogans
from tasks.extract.statements import find_statements, link_meetings
from tasks.model import Extraction, Keyword, TermCount

__all__ = [
    "DICT_VERSION",
    "KNOWN_KINDS",
    "PhraseIndex",
    "PolicyPhrase",
    "PostContext",
    "article_posts",
    "canonical_phrase",
    "corpus_people",
    "extract_article",
    "find_periods",
    "keywords_from_terms",
    "match_text",
    "phrase_kind",
    "policy_phrases",
    "posts_of",
]

DICT_VERSION: str = terms.dict_version()

_KIND_POS = {"person": "nr", "place": "ns", "org": "nt"}


def keywords_from_terms(
    terms_: Sequence[TermCount], idf: Mapping[str, float] | None, *, top_k: int = 10
) -> tuple[Keyword, ...]:
    """TF-IDF keywords from term counts (corpus ``idf`` first, jieba's IDF as fallback)."""
    return terms.keywords_from_terms(terms_, idf, top_k=top_k)


def extract_article(
    text: str, *, idf: Mapping[str, float] | None = None,
    people: frozenset[str] = frozenset(), top_k: int = 10, source: str | None = None,
    published: dt.date | None = None,
) -> Extraction:
    """Everything extract finds in one article's normalized Simplified ``text``.

    Offsets of entities, facts and slogans index ``text``. Person mentions span the name;
    the official title as written is in ``title``. Place mentions carry the canonical
    name (深圳 → 深圳市) and the hierarchy; the text as written is in ``surface``.
    ``people``: names found with a title elsewhere in the corpus
    (:func:`corpus_people`), words of the tokenizer and people wherever
    it reads them; they are part of the rows' ``dict_version``. ``source``: the outlet
    the article came from (湖北日报), which says whose 省委 a bare 省委书记 is when the
    text does not. ``published``: the article's date, against which a day written without
    its month or year (5日, 3月13日, 今天) is resolved for the meetings held (without it
    only a full date is), and a fact's period (去年底).

    >>> x = extract_article("市委书记、市人大常委会主任李宏庆出席会议")
    >>> [(e.name, e.title) for e in x.entities if e.kind == "person"]
    [('李宏庆', '市委书记、市人大常委会主任')]
    """
    version = terms.versioned(people)
    if not text:
        return Extraction((), (), (), (), (), version)
    # The corpus's names are words of the terms; the model reads the dictionaries' own
    # segmentation, which differs only where one of those names became a word (and only
    # then has the entity pass anything to look for).
    named = terms.tokenize(text, people)
    if people.isdisjoint(named):
        entities = extract_entities(text, named)
    else:
        entities = extract_entities(text, terms.tokenize(text), people, named)
    slogans = extract_slogans(text, entities, published)
    # Numbers inside slogans (“四个意识”, “最后一百米”) are part of a formula, not counts.
    facts = date_facts(text, extract_facts(text, [(s.start, s.end) for s in slogans]), entities, published)
    # Tokens that are exactly an entity take its tag (nr/ns/nt) in term_counts; jieba's
    # own tag would call 紫云 a person.
    names: dict[str, str] = {}
    for m in entities:
        names.setdefault(text[m.start : m.end], _KIND_POS[m.kind])
    counts = terms.term_counts(named, names)
    keywords = terms.keywords_from_terms(counts, idf, top_k=top_k)
    # Meetings, statements and documents read the same text and the people found above.
    context = Context(text, entities, published)
    statements, topics = find_statements(context)
    meetings = find_meetings(context, topics, [(s.start, s.end) for s in statements])
    return Extraction(
        entities=entities,
        facts=facts,
        slogans=slogans,
        terms=counts,
        keywords=keywords,
        dict_version=version,
        posts=article_posts(text, entities, named, source=source),
        meetings=meetings,
        statements=link_meetings(statements, meetings),
        documents=find_documents(context),
    )
