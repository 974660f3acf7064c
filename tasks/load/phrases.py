"""Known phrases and every use of them: ``slogan_phrases`` and ``slogan_uses``, staged.

Run once per build, after the batches are staged and before the quality gate, in the
single writer. A phrase is known when the warehouse, as it will be once this build is
published, quotes it as a slogan or formula (its kind across all its quotations:
:func:`tasks.extract.phrase_kind`), or when the versioned policy-phrase list has it.
``slogan_uses`` then holds every (article, known phrase) the article's text contains:

- the build's new articles are searched for every known phrase;
- the warehouse's earlier articles only for the phrases that became known in this build
  (first quoted now, or newly listed), so a phrase found today is counted in the stories
  loaded years ago without searching them again for the phrases they were searched for;
- rows of phrases that are no longer known are dropped at publish.

An incremental load therefore ends with the rows a ``--full-refresh`` builds: every
current article against every known phrase. Nothing else is read or written here.
"""

from __future__ import annotations

import re
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

import duckdb
import pyarrow as pa

from tasks.extract import DICT_VERSION, KNOWN_KINDS, PhraseIndex, phrase_kind, policy_phrases
from tasks.load.rows import SCHEMAS

# Texts read to tell rare bigrams from common ones (PhraseIndex's sample).
SAMPLE_ARTICLES = 2000
FETCH_ROWS = 2048
# Up to this many newly known phrases, earlier stories are first filtered in SQL.
PREFILTER_MAX_PHRASES = 64
_CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass
class PhraseBuild:
    """What :func:`stage_phrases` did: counts and seconds, for the run's log."""

    phrases: int = 0
    known: int = 0
    newly_known: int = 0
    retired: int = 0
    new_articles_searched: int = 0
    old_articles_searched: int = 0
    uses: int = 0
    seconds: float = 0.0
    # the staged rows, as Arrow tables, for the quality gate
    tables: dict[str, pa.Table] = field(default_factory=dict, repr=False)


_CURRENT = """
create or replace table staging.phrase_current as
select article_id, true as staged from staging.articles
union all
select a.article_id, false as staged
from main.articles as a
inner join main.files as f using (file_id)
where not $full_refresh
  and f.status = 'loaded'
  -- a changed file at the same path replaces these articles when the build is published
  and not exists (
      select 1 from staging.files as s where s.path = f.path and s.file_id <> f.file_id
  )
  and a.article_id not in (select article_id from staging.articles)
"""

_VOTES = """
with quoted as (
    -- a full refresh re-derives every article: the published rows are the old version's
    select article_id, phrase, kind, name_class, mentions from main.slogans where not $full_refresh
    union all
    select article_id, phrase, kind, name_class, mentions from staging.slogans
)
select q.phrase, q.kind, q.name_class, count(distinct q.article_id), sum(q.mentions)
from quoted as q
inner join staging.phrase_current using (article_id)
where q.kind is not null
group by all
"""


def _texts(con: duckdb.DuckDBPyConnection, query: str) -> Iterator[tuple[str, str]]:
    cursor = con.cursor()
    try:
        result = cursor.execute(query)
        while chunk := result.fetchmany(FETCH_ROWS):
            yield from chunk
    finally:
        cursor.close()


def _search(
    con: duckdb.DuckDBPyConnection, index: PhraseIndex, query: str, quoted: set[tuple[str, str]],
    out: dict[str, list],
) -> int:
    n = 0
    for aid, text in _texts(con, query):
        n += 1
        for phrase, count in index.find(text or "").items():
            out["article_id"].append(aid)
            out["phrase"].append(phrase)
            out["mentions"].append(count)
            out["quoted"].append((aid, phrase) in quoted)
    return n


def stage_phrases(con: duckdb.DuckDBPyConnection, *, full_refresh: bool = False) -> PhraseBuild:
    """Stage ``slogan_phrases`` (every quoted or listed phrase) and ``slogan_uses`` (see the
    module docstring). ``full_refresh``: the build replaces every derived row."""
    started = time.perf_counter()
    build = PhraseBuild()
    con.execute(_CURRENT.replace("$full_refresh", "true" if full_refresh else "false"))

    votes: dict[str, dict[tuple[str, str | None], int]] = defaultdict(dict)
    quoted_articles: dict[str, int] = defaultdict(int)
    quotes: dict[str, int] = defaultdict(int)
    votes_sql = _VOTES.replace("$full_refresh", "true" if full_refresh else "false")
    for phrase, kind, name_class, articles, mentions in con.execute(votes_sql).fetchall():
        votes[phrase][(kind, name_class)] = int(articles)
        quoted_articles[phrase] += int(articles)
        quotes[phrase] += int(mentions)
    listed = policy_phrases()
    rows: dict[str, list] = {name: [] for name in SCHEMAS["slogan_phrases"].names}
    known: set[str] = set()
    for phrase in sorted(set(votes) | set(listed)):
        entry = listed.get(phrase)
        kind, name_class = (entry.kind, None) if entry else phrase_kind(votes[phrase])
        is_known = kind in KNOWN_KINDS
        if is_known:
            known.add(phrase)
        for name, value in (
            ("phrase", phrase), ("kind", kind), ("name_class", name_class), ("known", is_known),
            ("in_list", entry is not None), ("quotes", quotes.get(phrase, 0)),
            ("quoted_articles", quoted_articles.get(phrase, 0)),
            ("list_since", entry.since if entry else None),
            ("list_source", entry.source if entry else None), ("dict_version", DICT_VERSION),
        ):
            rows[name].append(value)
    build.tables["slogan_phrases"] = _insert(con, "slogan_phrases", rows)
    build.phrases, build.known = len(rows["phrase"]), len(known)

    before: set[str] = set() if full_refresh else {
        r[0] for r in con.execute("select phrase from main.slogan_phrases where known").fetchall()
    }
    new = known - before
    build.newly_known, build.retired = len(new), len(before - known)

    uses: dict[str, list] = {name: [] for name in SCHEMAS["slogan_uses"].names}
    staged = bool(con.execute("select count(*) from staging.articles").fetchall()[0][0])
    search_old = bool(new) and not full_refresh
    quoted: set[tuple[str, str]] = set()
    sample: list[str] = []
    if known and (staged or search_old):
        quoted = set(con.execute(
            "select article_id, phrase from staging.slogans where quoted union "
            f"select article_id, phrase from main.slogans where quoted and not {full_refresh}"
        ).fetchall())
        sample = [t for _, t in _texts(con, "select article_id, text from staging.articles "
                                            f"order by article_id limit {SAMPLE_ARTICLES}")]
    if known and staged:
        build.new_articles_searched = _search(
            con, PhraseIndex(known, sample), "select article_id, text from staging.articles", quoted, uses)
    if search_old:
        build.old_articles_searched = _search(
            con, PhraseIndex(new, sample),
            "select a.article_id, a.text from main.articles as a "
            "inner join staging.phrase_current as c on c.article_id = a.article_id and not c.staged "
            f"where {_may_contain(new)}",
            quoted, uses)
    build.tables["slogan_uses"] = _insert(con, "slogan_uses", uses)
    build.uses = len(uses["article_id"])
    con.execute("drop table if exists staging.phrase_current")
    build.seconds = time.perf_counter() - started
    return build


def _may_contain(phrases: set[str]) -> str:
    """A SQL condition every article using one of a few ``phrases`` meets: it holds each
    Chinese character of the phrase (the separators a use may have between them aside).
    DuckDB checks it on the stored texts, so a run that makes a few phrases known reads only
    the stories that may use them, not the whole warehouse."""
    if len(phrases) > PREFILTER_MAX_PHRASES:
        return "true"
    conditions = []
    for phrase in sorted(phrases):
        chars = sorted({ch for ch in phrase if _CJK.match(ch)})
        if not chars:
            return "true"
        conditions.append("(" + " and ".join(f"contains(a.text, '{ch}')" for ch in chars) + ")")
    return " or ".join(conditions) or "false"


def _insert(con: duckdb.DuckDBPyConnection, table: str, columns: dict[str, list]) -> pa.Table:
    con.execute(f"delete from staging.{table}")
    arrow = pa.Table.from_pydict(columns, schema=SCHEMAS[table])
    if arrow.num_rows:
        con.register("phrase_rows", arrow)
        try:
            con.execute(f"insert into staging.{table} by name select * from phrase_rows")
        finally:
            con.unregister("phrase_rows")
    return arrow
