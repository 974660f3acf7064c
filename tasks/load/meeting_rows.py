"""Rows of the meeting, statement and document tables of an article.

Per article (like the other extraction tables): ``meeting_mentions``, ``meeting_roles``,
``statements`` and ``document_mentions``. Across articles, ``meetings`` and ``documents``
are derived tables (``tasks.db.DERIVED_TABLES``): never loaded row by row, but recomputed
from the published mentions at every publish by ``sql/derive/meetings.sql`` and
``sql/derive/documents.sql``, inside its transaction and checked by their suites before it
commits, so an incremental load and a --full-refresh of the same files give the same rows.

Ids are stable hashes of what identifies the thing, never of load order: a meeting's id is
its cluster key (normalised name and day, or a numbered name), or, when the article gives
neither, the name with the article's id; a document's id is its normalised title.
"""

from __future__ import annotations

import hashlib
import re
from typing import Protocol

import pyarrow as pa

from tasks.model import Extraction

SCHEMAS: dict[str, pa.Schema] = {
    "meeting_mentions": pa.schema([
        ("article_id", pa.string()), ("meeting_id", pa.string()), ("name", pa.string()),
        ("name_norm", pa.string()), ("kind", pa.string()), ("series_no", pa.int32()),
        ("held_on", pa.date32()), ("date_text", pa.string()), ("place", pa.string()),
        ("level", pa.string()), ("start_offset", pa.int32()), ("end_offset", pa.int32()),
        ("dict_version", pa.string()),
    ]),
    "meeting_roles": pa.schema([
        ("meeting_id", pa.string()), ("article_id", pa.string()), ("person", pa.string()),
        ("surface", pa.string()), ("title", pa.string()), ("role", pa.string()), ("cue", pa.string()),
        ("list_position", pa.int32()), ("list_partial", pa.bool_()), ("start_offset", pa.int32()),
        ("end_offset", pa.int32()), ("dict_version", pa.string()),
    ]),
    "statements": pa.schema([
        ("article_id", pa.string()), ("meeting_id", pa.string()), ("speaker", pa.string()),
        ("speaker_kind", pa.string()), ("speaker_resolution", pa.string()), ("verb", pa.string()),
        ("verb_class", pa.string()), ("direct", pa.bool_()), ("content", pa.string()),
        ("start_offset", pa.int32()), ("end_offset", pa.int32()), ("cue_offset", pa.int32()),
        ("dict_version", pa.string()),
    ]),
    "document_mentions": pa.schema([
        ("article_id", pa.string()), ("document_id", pa.string()), ("title", pa.string()),
        ("surface", pa.string()), ("kind", pa.string()), ("issuer", pa.string()), ("verb", pa.string()),
        ("start_offset", pa.int32()), ("end_offset", pa.int32()), ("dict_version", pa.string()),
    ]),
}


class _RowSink(Protocol):
    def add(self, table: str, **values: object) -> None: ...


def _hash(key: str) -> str:
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def meeting_id(cluster_key: str | None, name_norm: str, article_id: str) -> str:
    """The meeting's id: its cluster key, else its name within this article only."""
    return _hash(cluster_key if cluster_key else f"{name_norm}|{article_id}")


def document_id(title: str) -> str:
    """The document's id: its title without spaces, brackets of either width alike."""
    norm = re.sub(r"\s+", "", title).replace("（", "(").replace("）", ")")
    return _hash(norm)


def add_discourse(rows: _RowSink, aid: str, ex: Extraction) -> None:
    """Rows of an article's meetings, roles, statements and documents."""
    version = ex.dict_version
    ids = [meeting_id(m.cluster_key, m.name_norm, aid) for m in ex.meetings]
    for mid, m in zip(ids, ex.meetings, strict=True):
        rows.add("meeting_mentions", article_id=aid, meeting_id=mid, name=m.name, name_norm=m.name_norm,
                 kind=m.kind, series_no=m.series_no, held_on=m.held_on, date_text=m.date_text,
                 place=m.place, level=m.level, start_offset=m.start, end_offset=m.end,
                 dict_version=version)
        for r in m.roles:
            rows.add("meeting_roles", meeting_id=mid, article_id=aid, person=r.person, surface=r.surface,
                     title=r.title, role=r.role, cue=r.cue, list_position=r.position,
                     list_partial=r.partial, start_offset=r.start, end_offset=r.end,
                     dict_version=version)
    for s in ex.statements:
        rows.add("statements", article_id=aid, meeting_id=ids[s.meeting] if s.meeting is not None else None,
                 speaker=s.speaker, speaker_kind=s.speaker_kind, speaker_resolution=s.resolution,
                 verb=s.verb, verb_class=s.verb_class, direct=s.direct, content=s.content,
                 start_offset=s.start, end_offset=s.end, cue_offset=s.cue_start, dict_version=version)
    for d in ex.documents:
        rows.add("document_mentions", article_id=aid, document_id=document_id(d.title), title=d.title,
                 surface=d.surface, kind=d.kind, issuer=d.issuer, verb=d.verb, start_offset=d.start,
                 end_offset=d.end, dict_version=version)
