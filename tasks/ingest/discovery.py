"""Which input files a run reads: PATHs as files, folders (recursively) and globs.

Yields every regular file once, in a stable order, a folder's real entries before its
links (so a file reached both ways is recorded under its own path). Broken links,
loops, special files and unreadable folders come back as rejections with a reason;
discovery itself never raises on bad input and never opens a file.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Iterator, Sequence
from pathlib import Path

from tasks import reasons
from tasks.model import Rejection

_GLOB_CHARS = re.compile(r"[*?\[]")


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


def os_rejection(path: Path | str, e: OSError, *, action: str = "read") -> Rejection:
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


def special_file(p: str) -> Rejection:
    return Rejection(
        p,
        reasons.UNREADABLE,
        f"{p} is not a regular file (a FIFO, socket or device); copy its content into a file",
    )


def stat_or_rejection(path: Path) -> os.stat_result | Rejection:
    """stat following links, with link problems told apart from missing files."""
    try:
        return os.stat(path)
    except OSError as e:
        return os_rejection(path, e, action="open")


def _expand_path(
    path: Path, seen: set[tuple[int, int]], ancestors: frozenset[tuple[int, int]]
) -> Iterator[Path | Rejection]:
    st = stat_or_rejection(path)
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
        yield special_file(str(path))


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
        return os_rejection(path, e, action="list the directory")


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
    st = stat_or_rejection(directory)
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
