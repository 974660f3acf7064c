"""Ingest: find input files, read each once, decode it, split it into documents.

The first step of the pipeline, and the only one that touches the input
folder. It only reads the filesystem (no Prefect, no DuckDB), so the flow can
run it anywhere and the tests can call it directly.

Every input ends as exactly one of:

- a :class:`~tasks.model.FileRecord`: ``file_id`` (sha256 of the bytes, hex),
  ``path`` (as discovered), ``size_bytes``, ``encoding`` (canonical name, see
  :mod:`tasks.encodings`), ``format`` (``txt``/``md``/``html``/``jsonl``),
  ``raw_text`` (the whole decoded file, BOM removed, nothing else changed),
  ``documents`` and ``quality_flags`` (what was doubtful but not fatal);
- a :class:`~tasks.model.Rejection`: ``reason`` (a code from
  ``tasks.reasons.REJECTION_REASONS``) and a ``detail`` that says what to do.

Bad input never raises: a run over a folder with one broken file reports that
file and goes on with the rest.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from tasks import reasons
from tasks.encodings import DecodeFailure, Decoded, declared_charset, decode_bytes
from tasks.formats import SUPPORTED_SUFFIXES, ParseFailure, format_for_suffix, parse
from tasks.model import FileRecord, Rejection

__all__ = [
    "ALREADY_INGESTED",
    "DEFAULT_MAX_BYTES",
    "SUPPORTED_SUFFIXES",
    "DecodeFailure",
    "Decoded",
    "decode_bytes",
    "discover",
    "ingest_paths",
    "is_known_marker",
    "read_file",
]

DEFAULT_MAX_BYTES = 50_000_000
# Quality flag of the marker record ingest_paths yields for a file already in the
# warehouse (see ingest_paths): it has no raw_text and no documents.
ALREADY_INGESTED = "already_ingested"

_CHUNK = 1 << 20
_GLOB_CHARS = re.compile(r"[*?\[]")


# ------------------------------------------------------------------ discover


def discover(paths: Sequence[str | os.PathLike[str]]) -> Iterator[Path | Rejection]:
    """Expand PATH arguments into the files to read, in a deterministic order.

    Each argument may be a file, a directory (walked recursively), or a glob
    (``data/*.txt``, ``data/**/*.html``, ``**``). Arguments are expanded in the
    order given; within one argument, entries are sorted by name at every level
    (depth first). Hidden files and directories (``.git``, ``.DS_Store``) are
    skipped inside directories and globs, but a hidden file named explicitly is
    read. Symlinks are followed; a link to an ancestor directory is reported
    once as ``link_loop`` instead of being walked forever, and a file reached
    twice (two links, or two arguments) is yielded once.

    Yields a :class:`Path` per file to read, or a :class:`Rejection` for a
    missing PATH (``not_found``), a glob that matches nothing (``not_found``),
    a broken symlink (``broken_link``), a symlink/directory loop (``link_loop``),
    an unreadable directory or a FIFO/socket/device (``unreadable``).
    Files of unsupported types are yielded too: ``read_file`` rejects them
    with ``unsupported_format``, so the user sees them in ``rejected_files``.
    """
    seen: set[tuple[int, int]] = set()  # (st_dev, st_ino) of everything yielded or walked
    for arg in paths:
        text = os.fspath(arg)
        if _GLOB_CHARS.search(text) and not os.path.lexists(text):
            yield from _expand_glob(text, seen)
        else:
            yield from _expand_path(Path(text), seen, ancestors=frozenset())


def _os_rejection(path: Path | str, e: OSError, *, action: str = "read") -> Rejection:
    """Map an OSError on ``path`` to the most specific rejection reason."""
    p = str(path)
    if e.errno == errno.ELOOP:
        return Rejection(
            p,
            reasons.LINK_LOOP,
            f"symlink loop: resolving {p} leads back to itself; fix or remove the link",
        )
    if e.errno in (errno.ENOENT, errno.ENOTDIR):
        if os.path.islink(p):
            return _broken_link(p)
        return Rejection(p, reasons.NOT_FOUND, f"{p} does not exist; check the path")
    if e.errno in (errno.EACCES, errno.EPERM):
        return Rejection(
            p,
            reasons.UNREADABLE,
            f"permission denied when trying to {action} {p}; grant read access "
            "(e.g. chmod a+r, or a+rx for a directory) or run as a user who can read it",
        )
    return Rejection(
        p, reasons.UNREADABLE, f"cannot {action} {p}: {e.strerror or e!r}; check the disk and path"
    )


def _broken_link(p: str) -> Rejection:
    try:
        target = os.readlink(p)
    except OSError:
        target = "?"
    return Rejection(
        p,
        reasons.BROKEN_LINK,
        f"symlink {p} points to {target}, which does not exist; restore the target or remove the link",
    )


def _special_file(p: str) -> Rejection:
    return Rejection(
        p,
        reasons.UNREADABLE,
        f"{p} is not a regular file (a FIFO, socket or device); copy its content into a file",
    )


def _stat(path: Path) -> os.stat_result | Rejection:
    """stat following links, with link problems told apart from missing files."""
    try:
        return os.stat(path)
    except OSError as e:
        return _os_rejection(path, e, action="open")


def _expand_path(
    path: Path, seen: set[tuple[int, int]], ancestors: frozenset[tuple[int, int]]
) -> Iterator[Path | Rejection]:
    st = _stat(path)
    if isinstance(st, Rejection):
        yield st
        return
    key = (st.st_dev, st.st_ino)
    if stat.S_ISDIR(st.st_mode):
        if key in ancestors:
            yield _loop_rejection(path)
            return
        if key in seen:  # already walked through another link or argument
            return
        seen.add(key)
        yield from _walk(path, seen, ancestors | {key})
    elif stat.S_ISREG(st.st_mode):
        if key not in seen:
            seen.add(key)
            yield path
    else:
        yield _special_file(str(path))


def _loop_rejection(path: Path) -> Rejection:
    try:
        target = os.path.realpath(path)
    except OSError:
        target = "?"
    return Rejection(
        str(path),
        reasons.LINK_LOOP,
        f"directory loop: {path} leads back to {target}, which contains it; it was not "
        "walked again (remove the link if it is a mistake)",
    )


def _scandir_sorted(path: Path) -> list[os.DirEntry[str]] | Rejection:
    try:
        with os.scandir(path) as it:
            # Sort by name: scandir order depends on the filesystem; runs must not. Links
            # come after real entries, so a file reached both directly and through a link
            # is recorded under its own path, which stays valid when the link goes.
            return sorted((e for e in it if not e.name.startswith(".")), key=_links_last)
    except OSError as e:
        return _os_rejection(path, e, action="list the directory")


def _links_last(entry: os.DirEntry[str]) -> tuple[bool, str]:
    try:
        is_link = entry.is_symlink()
    except OSError:  # gone since the listing (a scraper renames its temp files): read it as a file
        is_link = False
    return is_link, entry.name


def _walk(
    directory: Path, seen: set[tuple[int, int]], ancestors: frozenset[tuple[int, int]]
) -> Iterator[Path | Rejection]:
    entries = _scandir_sorted(directory)
    if isinstance(entries, Rejection):
        yield entries
        return
    for entry in entries:
        yield from _expand_path(directory / entry.name, seen, ancestors)


# A glob is matched against paths relative to its literal prefix. We walk that
# prefix ourselves instead of using glob.glob, so "**" gets the same loop
# protection, hidden-file rule and sort order as a directory argument.


def _segment_regex(segment: str) -> str:
    out = []
    i = 0
    while i < len(segment):
        c = segment[i]
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[":
            j = segment.find("]", i + 2 if segment[i + 1 : i + 2] in ("!", "]") else i + 1)
            if j == -1:
                out.append(re.escape(c))
            else:
                body = segment[i + 1 : j]
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append("[" + body.replace("\\", "\\\\") + "]")
                i = j
        else:
            out.append(re.escape(c))
        i += 1
    return "".join(out)


def _glob_regex(parts: Sequence[str]) -> re.Pattern[str]:
    pieces: list[str] = []
    for k, part in enumerate(parts):
        last = k == len(parts) - 1
        if part == "**":
            pieces.append(".*" if last else "(?:[^/]+/)*")
        else:
            pieces.append(_segment_regex(part) + ("" if last else "/"))
    return re.compile("".join(pieces), re.DOTALL)


def _expand_glob(pattern: str, seen: set[tuple[int, int]]) -> Iterator[Path | Rejection]:
    parts = Path(pattern).parts
    first_magic = next(i for i, p in enumerate(parts) if _GLOB_CHARS.search(p))
    base = Path(*parts[:first_magic]) if first_magic else Path(".")
    rest = parts[first_magic:]
    regex = _glob_regex(rest)
    max_depth = None if "**" in rest else len(rest)
    hits = [0]  # matches, counting files already yielded by an earlier argument
    yield from _glob_walk(base, (), regex, max_depth, seen, frozenset(), hits)
    if not hits[0]:
        yield Rejection(
            pattern,
            reasons.NOT_FOUND,
            f"the pattern {pattern!r} matched no files (hidden files are skipped); check it, "
            "and quote it so the shell does not expand it first",
        )


def _glob_walk(
    directory: Path,
    rel: tuple[str, ...],
    regex: re.Pattern[str],
    max_depth: int | None,
    seen: set[tuple[int, int]],
    ancestors: frozenset[tuple[int, int]],
    hits: list[int],
) -> Iterator[Path | Rejection]:
    st = _stat(directory)
    if isinstance(st, Rejection):
        # The literal prefix of the glob is missing: report only via "matched nothing".
        if rel:
            yield st
        return
    key = (st.st_dev, st.st_ino)
    if key in ancestors:
        yield _loop_rejection(directory)
        return
    ancestors = ancestors | {key}
    entries = _scandir_sorted(directory)
    if isinstance(entries, Rejection):
        yield entries
        return
    for entry in entries:
        child_rel = (*rel, entry.name)
        child = directory / entry.name
        matched = regex.fullmatch("/".join(child_rel)) is not None
        try:
            is_dir = entry.is_dir()  # follows symlinks
        except OSError:
            is_dir = False
        if matched:
            hits[0] += 1
            # A matching directory contributes all its files (like a directory argument).
            yield from _expand_path(child, seen, ancestors)
        elif is_dir and (max_depth is None or len(child_rel) < max_depth):
            yield from _glob_walk(child, child_rel, regex, max_depth, seen, ancestors, hits)


# ------------------------------------------------------------------ read_file


def _read_all(fd: int, limit: int) -> bytes:
    """Read up to ``limit`` bytes from ``fd`` (module-level so tests can interpose)."""
    chunks: list[bytes] = []
    total = 0
    while total < limit:
        chunk = os.read(fd, min(_CHUNK, limit - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def read_file(
    path: str | os.PathLike[str],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    known: Iterable[str] | frozenset[str] = frozenset(),
) -> FileRecord | Rejection:
    """Read one file once, decode it and split it into documents; never raises.

    :param path: the file (a symlink is followed).
    :param max_bytes: files larger than this are rejected ``too_large`` unread.
    :param known: file_ids already in the warehouse: for these the bytes are
        hashed but not decoded or parsed, and a marker record is returned (see
        :func:`ingest_paths`).
    :returns: a :class:`FileRecord` (``file_id`` = sha256 hex of the bytes read,
        ``encoding``, ``format``, ``raw_text``, ``documents``, ``mtime`` and
        ``quality_flags``), or a :class:`Rejection` whose ``reason`` is one of
        ``unsupported_format``, ``not_found``, ``broken_link``, ``link_loop``,
        ``unreadable``, ``too_large``, ``changed_while_reading``, ``empty``,
        ``binary``, ``truncated``, ``undecodable``, ``bad_jsonl``, ``no_text``.
        Rejections after the bytes were read carry ``file_id`` and ``size_bytes``.
    """
    p = Path(path)
    try:
        return _read_file(p, max_bytes, known)
    except Exception as e:  # a bug here must not end a run over thousands of files
        return Rejection(
            str(p),
            reasons.UNREADABLE,
            f"unexpected error while reading ({e!r}); this is a newsflow bug, please report it",
        )


def _read_file(path: Path, max_bytes: int, known: Iterable[str]) -> FileRecord | Rejection:
    p = str(path)
    fmt = format_for_suffix(path.suffix)
    if fmt is None:
        # Decided by name before reading: an archive or image is never opened.
        return Rejection(
            p,
            reasons.UNSUPPORTED_FORMAT,
            f"unsupported file type {path.suffix or '(no extension)'!r}; supported: "
            f"{', '.join(SUPPORTED_SUFFIXES)}. Rename it if it is one of these, or leave it out",
        )

    before = _stat(path)
    if isinstance(before, Rejection):
        return before
    if stat.S_ISDIR(before.st_mode):
        return Rejection(
            p, reasons.UNREADABLE, f"{p} is a directory; pass it as a PATH to read the files in it"
        )
    if not stat.S_ISREG(before.st_mode):
        return _special_file(p)  # never open a FIFO: it would block the run
    if before.st_size > max_bytes:
        return _too_large(p, before.st_size, max_bytes)

    try:
        # O_NONBLOCK: if the path was swapped for a FIFO since stat, open must not hang.
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC | getattr(os, "O_NONBLOCK", 0))
    except OSError as e:
        return _os_rejection(path, e)
    try:
        opened = os.fstat(fd)
        if not stat.S_ISREG(opened.st_mode):
            return _special_file(p)
        # One byte past the limit tells "grew past the limit" from "exactly at it".
        data = _read_all(fd, max_bytes + 1)
        after = os.fstat(fd)
    except OSError as e:
        return _os_rejection(path, e)
    finally:
        os.close(fd)

    changed = _change(path, opened, after, len(data))
    if changed:
        return Rejection(
            p,
            reasons.CHANGED_WHILE_READING,
            f"the file changed while it was being read ({changed}); it is probably still "
            "being written (by the scraper?). It will be read again on the next run",
            size_bytes=len(data),
        )
    if len(data) > max_bytes:
        return _too_large(p, len(data), max_bytes)

    file_id = hashlib.sha256(data).hexdigest()
    size = len(data)
    if file_id in known:
        return FileRecord(
            file_id=file_id,
            path=p,
            size_bytes=size,
            encoding="",
            format=fmt,
            raw_text="",
            documents=(),
            mtime=opened.st_mtime,
            quality_flags=(ALREADY_INGESTED,),
        )

    # A page's <meta charset> is a hint for the detector (a tie-breaker, never trusted blindly).
    decoded = decode_bytes(data, declared=declared_charset(data) if fmt == "html" else None)
    if isinstance(decoded, DecodeFailure):
        return Rejection(p, decoded.reason, decoded.detail, file_id=file_id, size_bytes=size)
    if not decoded.text.strip():
        return Rejection(
            p,
            reasons.EMPTY,
            f"the file holds only whitespace ({size} bytes); check the scraper output",
            file_id=file_id,
            size_bytes=size,
        )

    parsed = parse(path.suffix, decoded.text)
    if isinstance(parsed, ParseFailure):
        return Rejection(p, parsed.reason, parsed.detail, file_id=file_id, size_bytes=size)
    return FileRecord(
        file_id=file_id,
        path=p,
        size_bytes=size,
        encoding=decoded.encoding,
        format=fmt,
        raw_text=decoded.text,
        documents=parsed.documents,
        mtime=opened.st_mtime,
        quality_flags=(*decoded.flags, *parsed.flags),
    )


def _too_large(p: str, size: int, limit: int) -> Rejection:
    return Rejection(
        p,
        reasons.TOO_LARGE,
        f"the file is {size:,} bytes, over the {limit:,}-byte limit; split it into smaller "
        "files, or raise the limit (newsflow run --max-file-mb MB) if it really is one document",
        size_bytes=size,
    )


def _change(path: Path, opened: os.stat_result, after: os.stat_result, nread: int) -> str:
    """Describe how the file changed between open and the end of reading, or ''."""
    if after.st_size != opened.st_size or nread != after.st_size:
        return f"size {opened.st_size} → {after.st_size} bytes, {nread} read"
    if after.st_mtime_ns != opened.st_mtime_ns:
        return "modification time changed"
    try:
        now = os.stat(path)
    except OSError:
        return "it was deleted or moved"
    if (now.st_dev, now.st_ino) != (opened.st_dev, opened.st_ino):
        return "it was replaced by another file"
    return ""


# --------------------------------------------------------------- ingest_paths


def is_known_marker(record: FileRecord | Rejection) -> bool:
    """True for the marker :func:`ingest_paths` yields for an already-loaded file."""
    return isinstance(record, FileRecord) and ALREADY_INGESTED in record.quality_flags


def ingest_paths(
    paths: Sequence[str | os.PathLike[str]],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    known: Iterable[str] = frozenset(),
) -> Iterator[FileRecord | Rejection]:
    """Discover and read every input: ``discover`` then ``read_file``, lazily.

    :param known: file_ids already in the warehouse. Such a file is still read
        and hashed (its bytes are its identity), but not decoded or parsed: the
        record yielded is a *marker*, a ``FileRecord`` with that ``file_id``,
        ``path``, ``size_bytes`` and ``mtime``, ``encoding=""``, ``raw_text=""``,
        ``documents=()`` and ``quality_flags=("already_ingested",)``. The flow
        counts it as seen and must not load it (``is_known_marker`` or
        ``record.file_id in known`` tells it apart).

    Yields one record per discovered file, plus discovery rejections, in
    :func:`discover` order.
    """
    known_set = known if isinstance(known, frozenset | set) else frozenset(known)
    for item in discover(paths):
        if isinstance(item, Rejection):
            yield item
        else:
            yield read_file(item, max_bytes=max_bytes, known=known_set)
