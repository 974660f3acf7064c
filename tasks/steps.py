"""Batch-level glue between the pure step functions and the flow.

These functions loop over a batch, optionally in worker processes, and read
what a run needs from the warehouse (known file ids, corpus IDF, earlier
articles for duplicate detection). They hold no logic of their own beyond
that: normalize, extract and dedup live in their modules.
"""

from __future__ import annotations

import atexit
import contextlib
import dataclasses
import datetime as dt
import logging
import math
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from typing import Any

import duckdb
import pyarrow as pa

from tasks.db import scalar
from tasks.extract import corpus_people as names_taught_by_titles
from tasks.extract import extract_article
from tasks.ingest import DEFAULT_FIELD_MAP, Batch, FieldMap, is_known_marker, read_file
from tasks.load import article_id, build_rows
from tasks.model import Extraction, FileRecord, NormalizedFile, Rejection
from tasks.normalize import DuplicateIndex, exact_key, find_common_lines, normalize_file, signature
from tasks.normalize import warm_up as normalize_warm_up

# jieba logs its dictionary loading at DEBUG to stderr; in a run that is noise
# in every worker and in the Prefect logs.
logging.getLogger("jieba").setLevel(logging.WARNING)

# Below this many articles the warehouse's own document frequencies are too
# noisy to weigh keywords; jieba's IDF table is used instead.
MIN_ARTICLES_FOR_CORPUS_IDF = 50
# A name becomes a word of the corpus once this many articles give it a title: a title
# rule's one-off misreading (副总经理|全景网) would otherwise recur in every later article.
MIN_TITLED_ARTICLES = 2
# A line repeated in at least this many files of a batch is treated as chrome.
COMMON_LINE_MIN_FILES = 5


def _warm_worker() -> None:
    # load the converters, dictionaries and tokenizer once per worker, not per batch
    logging.getLogger("jieba").setLevel(logging.WARNING)
    normalize_warm_up()
    extract_article("脱贫攻坚")


def _warm_pool_worker() -> None:
    _warm_worker()
    atexit.register(_skip_teardown)


def _skip_teardown() -> None:
    # A worker leaves when the pool shuts down, its results long delivered; freeing its
    # dictionaries one by one kept the run waiting.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


# Pools started ahead of the flow by ``prestart_worker_pool``, by size.
_PRESTARTED: dict[int, ProcessPoolExecutor] = {}
_WARM_UP: list[threading.Thread] = []


def _new_pool(workers: int) -> ProcessPoolExecutor:
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_warm_pool_worker)
    # start the workers now: their ~3 s of imports and dictionary loading overlap
    # with whatever the caller does next instead of delaying the first batch
    for _ in range(workers):
        pool.submit(int)
    return pool


def prestart_worker_pool(workers: int) -> None:
    """Spawn and warm ``workers`` processes now, for the next ``worker_pool(workers)``.

    The CLI calls this before it waits for Prefect's API, so the workers load their
    dictionaries while the server starts, as the single-process run does.
    """
    if workers > 1 and workers not in _PRESTARTED:
        _PRESTARTED[workers] = _new_pool(workers)


@contextlib.contextmanager
def worker_pool(workers: int) -> Iterator[Executor | None]:
    """A process pool for the CPU-heavy steps, or None to run them in-process.

    Spawned, not forked: the flow process runs Prefect's threads, and forking a
    threaded process can deadlock the child.
    """
    if workers <= 1:
        yield None
        return
    with _PRESTARTED.pop(workers, None) or _new_pool(workers) as pool:
        yield pool


def warm_up_in_background(*, load_dictionaries: bool) -> threading.Thread:
    """Import Great Expectations (this process validates) and load the dictionaries
    (when it extracts too), on a daemon thread.

    Started before the flow (once per process): the temporary Prefect API takes
    seconds to start, mostly waiting, and this work would otherwise come after it.
    Failures are ignored: every step loads what it needs itself.
    """
    if _WARM_UP:
        return _WARM_UP[0]

    def work() -> None:
        with contextlib.suppress(Exception):
            # GE first: a rerun with nothing new needs it and not the dictionaries, and
            # measured, the other order left its imports running into the flow
            import great_expectations  # noqa: F401 — ~3 s of imports

            if load_dictionaries:
                _warm_worker()

    thread = threading.Thread(target=work, name="newsflow-warm-up", daemon=True)
    thread.start()
    _WARM_UP.append(thread)
    return thread


def known_file_ids(con: duckdb.DuckDBPyConnection) -> frozenset[str]:
    """Ids of the files whose rows are current in the warehouse.

    Superseded versions are not "known": a file changed back to an earlier
    version must become current again, not be skipped as already seen.
    """
    rows = con.execute("select file_id from main.files where status = 'loaded'").fetchall()
    return frozenset(row[0] for row in rows)


def corpus_idf(con: duckdb.DuckDBPyConnection) -> dict[str, float] | None:
    """IDF of every term from the warehouse's own ``term_counts``, or None if too small."""
    n_articles = int(scalar(con, "select count(*) from main.articles where duplicate_of is null"))  # type: ignore[arg-type]
    if n_articles < MIN_ARTICLES_FOR_CORPUS_IDF:
        return None
    rows = con.execute(
        "select term, count(distinct article_id) from main.term_counts group by term"
    ).fetchall()
    return {term: math.log(n_articles / df) for term, df in rows}


def corpus_people(con: duckdb.DuckDBPyConnection) -> frozenset[str]:
    """People's names the published warehouse has found with a title (市委书记钟得志) in
    at least ``MIN_TITLED_ARTICLES`` articles (a story published twice counts once), as
    far as they can be read as people elsewhere (:func:`tasks.extract.corpus_people`)."""
    rows = con.execute(
        "select m.name from main.entity_mentions m join main.articles a using (article_id)"
        " where m.kind = 'person' and m.title is not null and a.duplicate_of is null"
        " group by m.name having count(distinct m.article_id) >= ?",
        [MIN_TITLED_ARTICLES],
    ).fetchall()
    return names_taught_by_titles(row[0] for row in rows)


def ingest_files(
    batch: Batch, *, known: frozenset[str], max_bytes: int, fieldmap: FieldMap = DEFAULT_FIELD_MAP
) -> tuple[list[FileRecord], list[Rejection], int]:
    """Read a batch's files: new records, rejections, and how many were already loaded.

    Known files are only hashed, not decoded, so an unchanged rerun costs little;
    the same bytes twice in one batch are read once.
    """
    records: list[FileRecord] = []
    rejections: list[Rejection] = list(batch.rejections)
    unchanged = 0
    seen: set[str] = set()
    for item in batch.items:
        if isinstance(item, FileRecord):  # --full-refresh: rebuilt from files.raw_text
            records.append(item)
            continue
        result = read_file(item, max_bytes=max_bytes, known=known, fieldmap=fieldmap)
        if isinstance(result, Rejection):
            rejections.append(result)
        elif is_known_marker(result) or result.file_id in seen:
            unchanged += 1
        else:
            seen.add(result.file_id)
            records.append(result)
    return records, rejections, unchanged


def _normalize_one(args: tuple[FileRecord, frozenset[str]]) -> NormalizedFile:
    record, common = args
    return normalize_file(record, common_lines=common)


def normalize_files(
    records: Sequence[FileRecord], *, pool: Executor | None = None, workers: int = 1,
) -> list[NormalizedFile]:
    """Normalize a batch; lines repeated across many of its files count as chrome.

    With a ``pool``, a file of many documents (a scraper's export: a year of stories in
    one file) is cut into pieces of documents normalized side by side, and put back
    together here: its articles are numbered as if it had been normalized whole.
    """
    common = find_common_lines((r.raw_text for r in records), min_files=COMMON_LINE_MIN_FILES)
    n_docs = sum(max(1, len(r.documents)) for r in records)
    if pool is None or n_docs < 2:
        return [_normalize_one((r, common)) for r in records]
    size = max(1, math.ceil(n_docs / max(1, workers * 4)))
    jobs: list[tuple[FileRecord, frozenset[str]]] = []
    first_docs: list[int] = []  # the first document of each job in its file
    for record in records:
        if len(record.documents) <= size:
            jobs.append((record, common))
            first_docs.append(0)
            continue
        for d in range(0, len(record.documents), size):
            # the piece's own documents only: raw_text stays here (the workers never read it)
            piece = dataclasses.replace(record, raw_text="", documents=record.documents[d : d + size])
            jobs.append((piece, common))
            first_docs.append(d)
    parts = list(pool.map(_normalize_one, jobs))
    out: list[NormalizedFile] = []
    for first_doc, part in zip(first_docs, parts, strict=True):
        if first_doc == 0:
            out.append(part)
        else:
            out[-1] = _joined(out[-1], part, first_doc)
    return out


def _joined(head: NormalizedFile, piece: NormalizedFile, first_doc: int) -> NormalizedFile:
    """``head`` followed by the normalized ``piece`` of its file's documents from
    ``first_doc`` on: the piece's document indices and article numbers continue the head's."""
    seq0 = len(head.articles)
    articles = tuple(dataclasses.replace(a, doc_index=a.doc_index + first_doc, seq=a.seq + seq0)
                     for a in piece.articles)
    removed = tuple(dataclasses.replace(r, doc_index=r.doc_index + first_doc) for r in piece.removed_lines)
    return NormalizedFile(head.file_id, head.articles + articles, head.removed_lines + removed)


Fingerprint = tuple[str, tuple[int, ...]]  # (exact key, MinHash signature)


def extract_files(
    normalized: Sequence[NormalizedFile], *, idf: dict[str, float] | None = None,
    people: frozenset[str] = frozenset(),
) -> tuple[dict[str, Extraction], dict[str, Fingerprint]]:
    """Extract and fingerprint every article of a batch; both keyed by article_id."""
    extractions: dict[str, Extraction] = {}
    fingerprints: dict[str, Fingerprint] = {}
    for nf in normalized:
        for art in nf.articles:
            aid = article_id(nf.file_id, art.doc_index, art.seq)
            extractions[aid] = extract_article(art.text, idf=idf, people=people, source=art.source,
                                               published=art.published_date)
            fingerprints[aid] = (exact_key(art.text), signature(art.text))
    return extractions, fingerprints


def article_tables(
    normalized: Sequence[NormalizedFile],
    *,
    idf: dict[str, float] | None = None,
    people: frozenset[str] = frozenset(),
    pool: Executor | None = None,
    workers: int = 1,
    run_id: str,
    now: dt.datetime,
) -> dict[str, pa.Table]:
    """Extract a normalized batch and return its rows as columnar tables.

    Runs where the batch runs (a Dask worker, or the flow's task thread): only
    Arrow tables travel back to the single writer, never Python objects per row.
    With a local ``pool``, each worker also builds the rows of its share of the
    files: unpickling hundreds of term records per article and flattening them
    were serial work in the writer that bounded the speed-up of ``--workers``.
    """
    n_articles = sum(len(nf.articles) for nf in normalized)
    if pool is None or n_articles < 2:
        return _file_tables((list(normalized), idf, people, run_id, now))
    # A few jobs per worker (the IDF table is pickled once per job) of about equal
    # text length, longest first, so no worker is left alone with a long last job;
    # a file of many articles (a JSONL export) is cut into pieces.
    share = max(1, workers * 6)
    target = sum(len(a.text) for nf in normalized for a in nf.articles) / share
    jobs: list[list[NormalizedFile]] = [[]]
    sizes = [0]
    for piece in _pieces(normalized, max(1, math.ceil(n_articles / share))):
        if sizes[-1] >= target:
            jobs.append([])
            sizes.append(0)
        jobs[-1].append(piece)
        sizes[-1] += sum(len(a.text) for a in piece.articles)
    futures = {i: pool.submit(_file_tables, (jobs[i], idf, people, run_id, now))
               for i in sorted(range(len(jobs)), key=lambda i: -sizes[i])}
    parts = [futures[i].result() for i in range(len(jobs))]
    return {name: pa.concat_tables([part[name] for part in parts]) for name in parts[0]}


def _pieces(normalized: Sequence[NormalizedFile], size: int) -> Iterator[NormalizedFile]:
    """The files, those of more than ``size`` articles cut into pieces of ``size``.

    A file's removed lines go with its first piece, so the concatenated tables keep
    the row order of one uncut batch.
    """
    for nf in normalized:
        if len(nf.articles) <= size:
            yield nf
            continue
        for i in range(0, len(nf.articles), size):
            yield NormalizedFile(nf.file_id, nf.articles[i : i + size], nf.removed_lines if i == 0 else ())


def _file_tables(
    args: tuple[list[NormalizedFile], dict[str, float] | None, frozenset[str], str, dt.datetime],
) -> dict[str, pa.Table]:
    normalized, idf, people, run_id, now = args
    extractions, fingerprints = extract_files(normalized, idf=idf, people=people)
    rows = build_rows([], normalized, extractions, [], run_id=run_id, now=now,
                      fingerprints=fingerprints)
    return rows.tables()


class DuplicateTracker:
    """Marks articles that repeat an earlier one (same or nearly the same text).

    Pre-loaded with the fingerprints of the warehouse's original articles, so a
    story that arrives again next week, in another encoding or under another
    name, is marked too — without re-reading any earlier text.
    """

    def __init__(self, index: DuplicateIndex, earlier: Callable[[], Iterable[tuple[str, str, Any]]] | None = None) -> None:
        self.index = index
        self._earlier = earlier

    @classmethod
    def from_warehouse(
        cls, con: duckdb.DuckDBPyConnection, *, full_refresh: bool = False, threshold: float = 0.8
    ) -> DuplicateTracker:
        """A tracker that reads the warehouse's fingerprints when a batch first brings
        articles: an unchanged rerun never pays for the whole warehouse's index."""

        def earlier() -> Iterator[tuple[str, str, Any]]:
            cursor = con.cursor()
            try:
                result = cursor.execute(
                    "select f.article_id, f.exact_key, f.signature from main.article_fingerprints f "
                    "join main.articles a using (article_id) where a.duplicate_of is null "
                    "order by a.run_id, a.file_id, a.doc_index, a.seq"
                )
                while chunk := result.fetchmany(4096):
                    yield from chunk
            finally:
                cursor.close()

        return cls(DuplicateIndex(threshold), None if full_refresh else earlier)

    def assign(self, fingerprints: pa.Table) -> dict[str, str]:
        """``{article_id: duplicate_of}`` for a batch's articles that repeat an earlier one.

        ``fingerprints`` is the batch's ``article_fingerprints`` table, in article order.
        """
        found: dict[str, str] = {}
        if fingerprints.num_rows and self._earlier is not None:
            for aid, key, sig in self._earlier():
                self.index.add(aid, tuple(sig), key)
            self._earlier = None
        for aid, key, sig in zip(
            fingerprints.column("article_id").to_pylist(),
            fingerprints.column("exact_key").to_pylist(),
            fingerprints.column("signature").to_pylist(),
            strict=True,
        ):
            earlier = self.index.find(tuple(sig), key)
            if earlier is None:
                self.index.add(aid, tuple(sig), key)
            elif earlier != aid:
                found[aid] = earlier
        return found
