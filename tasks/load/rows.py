"""Turn step records into columnar tables and bulk-load them into staging.

Rows go to DuckDB as Arrow tables (``insert … by name select * from tbl``),
never row by row: ``executemany`` is about a thousand times slower.
Staging is the ``staging`` schema of the run's work database, with the same
tables as ``main``; publish moves it into ``main`` in one transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import duckdb
import pyarrow as pa

from tasks.db import CONTRACT_TABLES
from tasks.load import meeting_rows
from tasks.model import Extraction, FileRecord, NormalizedFile, Rejection, SloganMention


def article_id(file_id: str, doc_index: int, seq: int) -> str:
    """Stable id of an article: the same bytes always give the same ids."""
    return hashlib.sha1(f"{file_id}:{doc_index}:{seq}".encode()).hexdigest()[:20]


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# Column types of every staged table, in the order of sql/schema.
SCHEMAS: dict[str, pa.Schema] = {
    "files": pa.schema(
        [
            ("file_id", pa.string()),
            ("path", pa.string()),
            ("size_bytes", pa.int64()),
            ("encoding", pa.string()),
            ("format", pa.string()),
            ("status", pa.string()),
            ("ingested_at", pa.timestamp("us")),
            ("raw_text", pa.string()),
            ("quality_flags", pa.list_(pa.string())),
            ("superseded_by", pa.string()),
            ("run_id", pa.string()),
            ("field_map", pa.string()),
        ]
    ),
    "rejected_files": pa.schema(
        [
            ("path", pa.string()),
            ("reason", pa.string()),
            ("detail", pa.string()),
            ("rejected_at", pa.timestamp("us")),
            ("file_id", pa.string()),
            ("size_bytes", pa.int64()),
            ("run_id", pa.string()),
        ]
    ),
    "articles": pa.schema(
        [
            ("article_id", pa.string()),
            ("file_id", pa.string()),
            ("seq", pa.int32()),
            ("title", pa.string()),
            ("source", pa.string()),
            ("authors", pa.list_(pa.string())),
            ("published_date", pa.date32()),
            ("date_text", pa.string()),
            ("script", pa.string()),
            ("text", pa.string()),
            ("char_count", pa.int32()),
            ("repaired_chars", pa.int32()),
            ("masked_chars", pa.int32()),
            ("stripped_digits", pa.int32()),
            ("duplicate_of", pa.string()),
            ("doc_index", pa.int32()),
            ("start_offset", pa.int32()),
            ("end_offset", pa.int32()),
            ("text_hash", pa.string()),
            ("url", pa.string()),
            ("run_id", pa.string()),
            ("meta", pa.string()),
            ("source_id", pa.string()),
        ]
    ),
    "removed_lines": pa.schema(
        [
            ("file_id", pa.string()),
            ("doc_index", pa.int32()),
            ("line_no", pa.int32()),
            ("text", pa.string()),
            ("reason", pa.string()),
            ("start_offset", pa.int32()),
            ("end_offset", pa.int32()),
        ]
    ),
    "repairs": pa.schema(
        [
            ("article_id", pa.string()),
            ("offset", pa.int32()),
            ("original", pa.string()),
            ("replacement", pa.string()),
            ("rule", pa.string()),
        ]
    ),
    "term_counts": pa.schema(
        [
            ("article_id", pa.string()),
            ("term", pa.string()),
            ("pos", pa.string()),
            ("n", pa.int32()),
            ("dict_version", pa.string()),
        ]
    ),
    "keywords": pa.schema(
        [
            ("article_id", pa.string()),
            ("term", pa.string()),
            ("weight", pa.float64()),
            ("rank", pa.int32()),
            ("dict_version", pa.string()),
        ]
    ),
    "entities": pa.schema(
        [
            ("article_id", pa.string()),
            ("kind", pa.string()),
            ("name", pa.string()),
            ("title", pa.string()),
            ("mentions", pa.int32()),
            ("province", pa.string()),
            ("prefecture", pa.string()),
            ("county", pa.string()),
            ("admin_code", pa.string()),
            ("dict_version", pa.string()),
            ("country", pa.string()),
        ]
    ),
    "entity_mentions": pa.schema(
        [
            ("article_id", pa.string()),
            ("kind", pa.string()),
            ("name", pa.string()),
            ("surface", pa.string()),
            ("title", pa.string()),
            ("start_offset", pa.int32()),
            ("end_offset", pa.int32()),
        ]
    ),
    "facts": pa.schema(
        [
            ("article_id", pa.string()),
            ("subject", pa.string()),
            ("value", pa.float64()),
            ("unit", pa.string()),
            ("raw", pa.string()),
            ("role", pa.string()),
            ("start_offset", pa.int32()),
            ("end_offset", pa.int32()),
            ("dict_version", pa.string()),
            ("as_of", pa.string()),
            ("as_of_start", pa.date32()),
            ("as_of_end", pa.date32()),
            ("as_of_text", pa.string()),
            ("place", pa.string()),
        ]
    ),
    "slogans": pa.schema(
        [
            ("article_id", pa.string()),
            ("phrase", pa.string()),
            ("raw", pa.string()),
            ("mentions", pa.int32()),
            ("kind", pa.string()),
            ("name_class", pa.string()),
            ("cue", pa.string()),
            ("start_offset", pa.int32()),
            ("end_offset", pa.int32()),
            ("dict_version", pa.string()),
            ("quoted", pa.bool_()),
        ]
    ),
    # Derived over the whole warehouse at each build (tasks.load.phrases), not per batch.
    "slogan_phrases": pa.schema(
        [
            ("phrase", pa.string()),
            ("kind", pa.string()),
            ("name_class", pa.string()),
            ("known", pa.bool_()),
            ("in_list", pa.bool_()),
            ("quotes", pa.int32()),
            ("quoted_articles", pa.int32()),
            ("list_since", pa.string()),
            ("list_source", pa.string()),
            ("dict_version", pa.string()),
        ]
    ),
    "slogan_uses": pa.schema(
        [
            ("article_id", pa.string()),
            ("phrase", pa.string()),
            ("mentions", pa.int32()),
            ("quoted", pa.bool_()),
        ]
    ),
    "article_fingerprints": pa.schema(
        [
            ("article_id", pa.string()),
            ("exact_key", pa.string()),
            ("signature", pa.list_(pa.uint32())),
        ]
    ),
    "posts": pa.schema(
        [
            ("article_id", pa.string()),
            ("person", pa.string()),
            ("post", pa.string()),
            ("head", pa.string()),
            ("organisation", pa.string()),
            ("place", pa.string()),
            ("country", pa.string()),
            ("qualifier", pa.string()),
            ("tense", pa.string()),
            ("resolved", pa.bool_()),
            ("holders", pa.string()),
            ("title", pa.string()),
            ("observed_on", pa.date32()),
            ("sentence_year", pa.int32()),
            ("start_offset", pa.int32()),
            ("end_offset", pa.int32()),
            ("person_start", pa.int32()),
            ("person_end", pa.int32()),
            ("dict_version", pa.string()),
        ]
    ),
    **meeting_rows.SCHEMAS,
}
if tuple(SCHEMAS) != CONTRACT_TABLES:  # every staged table needs a schema here
    raise RuntimeError("tasks.load.rows.SCHEMAS and tasks.db.CONTRACT_TABLES disagree")


@dataclass
class Rows:
    """Rows for each staged table, collected column-wise as plain Python lists."""

    columns: dict[str, dict[str, list]] = field(
        default_factory=lambda: {t: {c: [] for c in s.names} for t, s in SCHEMAS.items()}
    )

    def add(self, table: str, **values: object) -> None:
        cols = self.columns[table]
        for name in cols:
            cols[name].append(values.get(name))

    def extend(self, table: str, count: int, **values: object) -> None:
        """``count`` rows at once: a list value is a column, any other value repeats."""
        for name, col in self.columns[table].items():
            value = values.get(name)
            col.extend(value if isinstance(value, list) else [value] * count)

    def tables(self) -> dict[str, pa.Table]:
        return {
            name: pa.Table.from_pydict(self.columns[name], schema=SCHEMAS[name])
            for name in SCHEMAS
        }


def build_rows(
    files: Sequence[FileRecord],
    normalized: Sequence[NormalizedFile],
    extractions: Mapping[str, Extraction],
    rejections: Iterable[Rejection],
    *,
    run_id: str,
    now: dt.datetime,
    duplicate_of: Mapping[str, str] | None = None,
    fingerprints: Mapping[str, tuple[str, Sequence[int]]] | None = None,
) -> Rows:
    """Flatten a batch's records into rows of every contract table.

    ``extractions``, ``duplicate_of`` and ``fingerprints`` (exact key,
    signature) are keyed by article_id.
    """
    rows = Rows()
    duplicate_of = duplicate_of or {}
    fingerprints = fingerprints or {}
    for record in files:
        rows.add(
            "files",
            file_id=record.file_id,
            path=record.path,
            size_bytes=record.size_bytes,
            encoding=record.encoding,
            format=record.format,
            status="loaded",
            ingested_at=now,
            raw_text=record.raw_text,
            quality_flags=list(record.quality_flags),
            run_id=run_id,
            field_map=record.field_map,
        )
    for rejection in rejections:
        rows.add(
            "rejected_files",
            path=rejection.path,
            reason=rejection.reason,
            detail=rejection.detail,
            rejected_at=now,
            file_id=rejection.file_id,
            size_bytes=rejection.size_bytes,
            run_id=run_id,
        )
    for nf in normalized:
        for line in nf.removed_lines:
            rows.add(
                "removed_lines",
                file_id=nf.file_id,
                doc_index=line.doc_index,
                line_no=line.line_no,
                text=line.text,
                reason=line.reason,
                start_offset=line.start,
                end_offset=line.end,
            )
        for art in nf.articles:
            aid = article_id(nf.file_id, art.doc_index, art.seq)
            rows.add(
                "articles",
                article_id=aid,
                file_id=nf.file_id,
                seq=art.seq,
                title=art.title,
                source=art.source,
                authors=list(art.authors),
                published_date=art.published_date,
                date_text=art.date_text,
                script=art.script,
                text=art.text,
                char_count=len(art.text),
                repaired_chars=len(art.repairs),
                masked_chars=art.masked_chars,
                stripped_digits=art.stripped_digits,
                duplicate_of=duplicate_of.get(aid),
                doc_index=art.doc_index,
                start_offset=art.start,
                end_offset=art.end,
                text_hash=text_hash(art.text),
                url=art.meta.get("url"),
                run_id=run_id,
                meta=json.dumps(art.meta, ensure_ascii=False, sort_keys=True) if art.meta else None,
                source_id=art.source_id,
            )
            if aid in fingerprints:
                key, sig = fingerprints[aid]
                rows.add("article_fingerprints", article_id=aid, exact_key=key, signature=list(sig))
            for repair in art.repairs:
                rows.add(
                    "repairs",
                    article_id=aid,
                    offset=repair.offset,
                    original=repair.original,
                    replacement=repair.replacement,
                    rule=repair.rule,
                )
            extraction = extractions.get(aid)
            if extraction is not None:
                _add_extraction(rows, aid, extraction, art.text, art.published_date)
    return rows


def _add_extraction(rows: Rows, aid: str, ex: Extraction, text: str, published: dt.date | None) -> None:
    version = ex.dict_version
    if ex.terms:
        # hundreds of terms per article: whole columns, not a call per row
        terms, pos, n = (list(col) for col in zip(*ex.terms, strict=True))
        rows.extend("term_counts", len(terms), article_id=aid, term=terms, pos=pos, n=n,
                    dict_version=version)
    for kw in ex.keywords:
        rows.add("keywords", article_id=aid, term=kw.term, weight=kw.weight, rank=kw.rank,
                 dict_version=version)

    # entities: one row per (kind, name); the title is the first one written next to the name
    mentions: Counter[tuple[str, str]] = Counter()
    first: dict[tuple[str, str], object] = {}
    titles: dict[tuple[str, str], str] = {}
    for m in ex.entities:
        key = (m.kind, m.name)
        mentions[key] += 1
        first.setdefault(key, m)
        if m.title and key not in titles:
            titles[key] = m.title
        rows.add("entity_mentions", article_id=aid, kind=m.kind, name=m.name,
                 surface=m.surface or m.name, title=m.title, start_offset=m.start,
                 end_offset=m.end)
    for key, n in mentions.items():
        m = first[key]
        place = m.place  # type: ignore[attr-defined]
        rows.add(
            "entities",
            article_id=aid,
            kind=key[0],
            name=key[1],
            title=titles.get(key),
            mentions=n,
            province=place.province if place else None,
            prefecture=place.prefecture if place else None,
            county=place.county if place else None,
            admin_code=place.code if place else None,
            dict_version=version,
            country=place.country if place else None,
        )
    for fact in ex.facts:
        rows.add("facts", article_id=aid, subject=fact.subject, value=fact.value, unit=fact.unit,
                 raw=fact.raw, role=fact.role, start_offset=fact.start, end_offset=fact.end,
                 dict_version=version, as_of=fact.as_of, as_of_start=fact.as_of_start,
                 as_of_end=fact.as_of_end, as_of_text=fact.as_of_text, place=fact.place)

    for pm in ex.posts:
        p = pm.post
        rows.add("posts", article_id=aid, person=pm.person, post=p.post, head=p.head,
                 organisation=p.organisation, place=p.place, country=p.country,
                 qualifier=p.qualifier, tense=p.tense, resolved=p.resolved, holders=p.holders,
                 title=text[p.start : p.end], observed_on=published, sentence_year=pm.sentence_year,
                 start_offset=p.start, end_offset=p.end, person_start=pm.person_start,
                 person_end=pm.person_end, dict_version=version)

    # One row per (article, phrase): the first quotation, unless a later one names a thing
    # (one “萨德”反导系统 makes every “萨德” of the article a name); quoted if any one is.
    slogan_counts: Counter[str] = Counter(s.phrase for s in ex.slogans)
    slogan_first: dict[str, SloganMention] = {}
    quoted: set[str] = set()
    for s in ex.slogans:
        first = slogan_first.get(s.phrase)
        if first is None or (s.kind == "name", s.quoted) > (first.kind == "name", first.quoted):
            slogan_first[s.phrase] = s
        if s.quoted:
            quoted.add(s.phrase)
    for phrase, n in slogan_counts.items():
        s = slogan_first[phrase]
        rows.add("slogans", article_id=aid, phrase=phrase, raw=s.raw, mentions=n, kind=s.kind,
                 name_class=s.name_class, cue=s.cue, start_offset=s.start, end_offset=s.end,
                 dict_version=version, quoted=phrase in quoted)
    meeting_rows.add_discourse(rows, aid, ex)


# ------------------------------------------------------------------- staging


def prepare_staging(con: duckdb.DuckDBPyConnection) -> None:
    """Empty ``staging.*`` tables shaped like the published ones."""
    con.execute("create schema if not exists staging")
    for table in CONTRACT_TABLES:
        con.execute(f"create or replace table staging.{table} as select * from main.{table} limit 0")


def stage_tables(con: duckdb.DuckDBPyConnection, tables: Mapping[str, pa.Table]) -> dict[str, int]:
    """Bulk-insert Arrow tables into the staging tables of the same name."""
    counts = {}
    for table, arrow_table in tables.items():
        if arrow_table.num_rows == 0:
            continue
        con.register("batch_rows", arrow_table)
        try:
            con.execute(f"insert into staging.{table} by name select * from batch_rows")
        finally:
            con.unregister("batch_rows")
        counts[table] = arrow_table.num_rows
    return counts


def mark_duplicates(articles: pa.Table, duplicate_of: Mapping[str, str]) -> pa.Table:
    """The batch's ``articles`` with ``duplicate_of`` set for those that repeat an earlier one.

    Set on the Arrow table before it is staged (never an UPDATE of the staged rows, which
    rewrote a growing table once per batch), so validation sees the rows as they are stored.
    """
    if not duplicate_of or articles.num_rows == 0:
        return articles
    ids = articles.column("article_id").to_pylist()
    earlier = articles.column("duplicate_of").to_pylist()
    marked = [duplicate_of.get(aid, old) for aid, old in zip(ids, earlier, strict=True)]
    column = articles.schema.get_field_index("duplicate_of")
    return articles.set_column(column, articles.schema.field(column), pa.array(marked, pa.string()))
