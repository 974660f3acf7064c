"""Compressed inputs: ``.gz``, ``.bz2``, ``.xz`` and ``.zst``, told by the file's extension.

The compressed bytes are the file (their sha256 is its ``file_id``); they are
decompressed as a stream, in memory, up to a size limit (a decompression bomb is
``too_large``, never a full disk or an exhausted memory). Nothing is ever written
to disk. A damaged stream is ``undecodable``, a cut-off one ``truncated``.
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
from dataclasses import dataclass
from typing import BinaryIO

from tasks import reasons

__all__ = ["COMPRESSIONS", "DecompressFailure", "decompress"]

# Extension → compression. The name without it gives the format: x.jsonl.gz is JSON Lines.
COMPRESSIONS: dict[str, str] = {".gz": "gzip", ".bz2": "bz2", ".xz": "xz", ".zst": "zstd"}

_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class DecompressFailure:
    reason: str
    detail: str


def _reader(data: bytes, compression: str) -> BinaryIO:
    raw = io.BytesIO(data)
    if compression == "gzip":
        return gzip.GzipFile(fileobj=raw)  # type: ignore[return-value]
    if compression == "bz2":
        return bz2.BZ2File(raw)  # type: ignore[return-value]
    if compression == "xz":
        return lzma.LZMAFile(raw)  # type: ignore[return-value]
    if compression == "zstd":
        import zstandard  # a wheel; imported only for .zst inputs

        return zstandard.ZstdDecompressor().stream_reader(raw, read_across_frames=True)  # type: ignore[return-value]
    raise ValueError(f"unknown compression {compression!r}")


def decompress(data: bytes, compression: str, *, limit: int) -> bytes | DecompressFailure:
    """The decompressed bytes of ``data``, read in chunks, at most ``limit`` of them.

    Returns a :class:`DecompressFailure` (``too_large``, ``truncated``,
    ``undecodable`` or ``unsupported_format``) instead of raising.
    """
    try:
        reader = _reader(data, compression)
    except ImportError:
        return DecompressFailure(
            reasons.UNSUPPORTED_FORMAT,
            ".zst input needs the zstandard package: pip install zstandard",
        )
    chunks: list[bytes] = []
    total = 0
    try:
        with reader:
            while total <= limit:
                chunk = reader.read(min(_CHUNK, limit + 1 - total))
                if not chunk:
                    break
                chunks.append(chunk)
                total += len(chunk)
    except EOFError as e:
        return DecompressFailure(
            reasons.TRUNCATED,
            f"the {compression} stream ends early ({e}); the file was probably cut off while "
            "being copied or written",
        )
    except Exception as e:  # OSError, lzma.LZMAError, zstandard.ZstdError …: a damaged stream
        return DecompressFailure(
            reasons.UNDECODABLE,
            f"the file is not valid {compression} data ({e}); check that it is really "
            f"compressed as its extension says",
        )
    if total > limit:
        return DecompressFailure(
            reasons.TOO_LARGE,
            f"the file decompresses to more than the {limit:,}-byte limit; split it into "
            "smaller files, or raise the limit (newsflow run --max-file-mb MB)",
        )
    return b"".join(chunks)
