"""Field maps: where newsflow's fields sit inside a scraper's records.

A scraper's export nests its articles: an API response per line, a list of items
per day (``{"videoList": [{"video_title": …, "video_detail": {"content": …}}]}``).
A :class:`FieldMap` says where the records are (``records``, a dot path to a list
inside each document; none: the document is the record), where each of newsflow's
fields is inside a record (``text``, ``title``, ``date``, ``url``, ``id``, ``source``,
``author``: dot paths), and a default ``source`` label.

It comes from the command line (``--records``, ``--map FIELD=PATH``, ``--source``) or
from the ``[input]`` table of a TOML file (``--config newsflow.toml``); options
given on the command line win over the file. It travels as a plain dict
(:meth:`FieldMap.to_dict`), so a Prefect deployment can carry it as a parameter and
``files.field_map`` can keep it for ``--full-refresh``. Reads no input itself.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "DEFAULT_FIELD_MAP",
    "FIELDS",
    "MISSING",
    "FieldMap",
    "FieldMapError",
    "field_map_from_options",
    "load_config",
    "lookup",
    "parse_map_option",
]

# newsflow's fields, in the order they are documented.
FIELDS: tuple[str, ...] = ("text", "title", "date", "url", "id", "source", "author")

# What lookup returns for a path that matches nothing (None is a value: JSON null).
MISSING: Any = object()


class FieldMapError(ValueError):
    """A field map option or config file that cannot be used; the message says why."""


@dataclass(frozen=True, slots=True)
class FieldMap:
    """Where the records and each field are; see the module docstring.

    ``fields`` holds only the fields mapped explicitly: a field not mapped is read
    from the record's key of the same name (``title`` from ``"title"``), which keeps
    newsflow's own JSONL (``{"text": …, "title": …}``) working without options. An
    explicit path that matches nothing in a whole file rejects the file; a default
    one that matches nothing is simply absent.
    """

    records: str | None = None
    fields: tuple[tuple[str, str], ...] = ()
    source: str | None = None

    def path(self, field: str) -> str:
        """The dot path of ``field`` in a record (its own name unless mapped)."""
        for name, path in self.fields:
            if name == field:
                return path
        return field

    @property
    def explicit(self) -> frozenset[str]:
        """Fields mapped on purpose (the ones whose paths must match)."""
        return frozenset(name for name, _ in self.fields)

    @property
    def is_default(self) -> bool:
        return self.records is None and not self.fields and self.source is None

    def to_dict(self) -> dict[str, Any]:
        """A plain, JSON-ready form: ``{"records": …, "map": {…}, "source": …}``."""
        out: dict[str, Any] = {}
        if self.records:
            out["records"] = self.records
        if self.fields:
            out["map"] = dict(self.fields)
        if self.source:
            out["source"] = self.source
        return out

    def to_json(self) -> str | None:
        """``to_dict`` as JSON, or None for the default map (what ``files.field_map`` stores)."""
        return None if self.is_default else json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_dict(cls, value: Mapping[str, Any] | None) -> FieldMap:
        """The inverse of :meth:`to_dict` (also reads an ``[input]`` table); validates."""
        if not value:
            return cls()
        unknown = set(value) - {"records", "map", "source"}
        if unknown:
            raise FieldMapError(
                f"unknown key(s) {', '.join(sorted(unknown))} in the input settings; "
                "allowed: records, map, source"
            )
        mapping = value.get("map") or {}
        if not isinstance(mapping, Mapping):
            raise FieldMapError('"map" must be a table of FIELD = "dot.path", e.g. text = "body.html"')
        # in FIELDS order: one map, one form (equal maps compare and serialize equal)
        fields = tuple(sorted((_checked(name, path) for name, path in mapping.items()),
                              key=lambda fp: FIELDS.index(fp[0])))
        records = value.get("records")
        source = value.get("source")
        for key, v in (("records", records), ("source", source)):
            if v is not None and (not isinstance(v, str) or not v.strip()):
                raise FieldMapError(f'"{key}" must be a non-empty string')
        return cls(records.strip() if records else None, fields, source.strip() if source else None)

    @classmethod
    def from_json(cls, value: str | None) -> FieldMap:
        return cls.from_dict(json.loads(value)) if value else cls()


DEFAULT_FIELD_MAP = FieldMap()


def _checked(field: str, path: object) -> tuple[str, str]:
    if field not in FIELDS:
        raise FieldMapError(f"unknown field {field!r}; newsflow's fields are: {', '.join(FIELDS)}")
    if not isinstance(path, str) or not path.strip() or any(not p for p in path.strip().split(".")):
        raise FieldMapError(
            f"the path for {field!r} must be a dot path like video_detail.content, not {path!r}"
        )
    return field, path.strip()


def parse_map_option(option: str) -> tuple[str, str]:
    """``"text=video_detail.content"`` → ``("text", "video_detail.content")``.

    >>> parse_map_option("title=video_title")
    ('title', 'video_title')
    """
    field, sep, path = option.partition("=")
    if not sep:
        raise FieldMapError(f"--map {option!r}: expected FIELD=PATH, e.g. --map text=video_detail.content")
    return _checked(field.strip(), path)


def load_config(path: str | Path) -> FieldMap:
    """The field map of the ``[input]`` table of a TOML file.

    ``[input]`` may hold ``records = "videoList"``, ``source = "新闻联播"`` and a
    ``map`` table (``[input.map]`` with ``text = "video_detail.content"`` …).
    """
    p = Path(path)
    try:
        with open(p, "rb") as f:
            config = tomllib.load(f)
    except OSError as e:
        raise FieldMapError(f"cannot read the config file {p}: {e.strerror or e}") from e
    except tomllib.TOMLDecodeError as e:
        raise FieldMapError(f"{p} is not valid TOML: {e}") from e
    table = config.get("input")
    if table is None:
        raise FieldMapError(f"{p} has no [input] table; see docs/ingest.md for an example")
    if not isinstance(table, dict):
        raise FieldMapError(f"{p}: input must be a table ([input])")
    try:
        return FieldMap.from_dict(table)
    except FieldMapError as e:
        raise FieldMapError(f"{p}: {e}") from e


def field_map_from_options(
    *,
    records: str | None = None,
    maps: Iterable[str] = (),
    source: str | None = None,
    config: str | Path | None = None,
) -> FieldMap:
    """The field map of the command-line options, over the config file's (options win)."""
    base = load_config(config) if config else DEFAULT_FIELD_MAP
    fields = dict(base.fields)
    fields.update(parse_map_option(m) for m in maps)
    return FieldMap.from_dict(
        {
            "records": records if records is not None else base.records,
            "map": fields,
            "source": source if source is not None else base.source,
        }
    )


def lookup(obj: object, path: str) -> Any:
    """The value at dot ``path`` in ``obj``, or ``MISSING``.

    A key holding the whole path wins (a CSV column named ``detail.content``);
    otherwise each dot-separated part is a key of an object, or an index of a list.
    """
    if isinstance(obj, dict) and path in obj:
        return obj[path]
    value = obj
    for part in path.split("."):
        if isinstance(value, dict):
            value = value.get(part, MISSING)
        elif isinstance(value, list) and part.lstrip("-").isdigit():
            i = int(part)
            value = value[i] if -len(value) <= i < len(value) else MISSING
        else:
            return MISSING
        if value is MISSING:
            return MISSING
    return value

