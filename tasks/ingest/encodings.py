"""Detect the encoding of an input file's bytes and decode them, or say why not.

The scraper hands us bytes in whatever encoding the site used: UTF-8 (with or
without a BOM), GB18030/GBK, Big5 or Big5-HKSCS, sometimes UTF-16 with a BOM.
The legacy CJK encodings overlap so much that a wrong guess usually decodes
*without error*: Big5 bytes are almost always valid GBK, and GB2312 bytes are
mostly valid Big5. So a clean decode proves nothing; what we check is whether
the result reads like Chinese. The order is strict and explainable:

1. a BOM decides (UTF-8, UTF-16 LE/BE);
2. NUL bytes or many control bytes mean binary, not text;
3. strict UTF-8 (a random non-UTF-8 file is almost never valid UTF-8);
4. the legacy candidates (gb18030, big5, big5hkscs), each decoded strictly and
   scored by how common its CJK characters are (``tasks/ingest/charfreq.tsv``,
   character frequencies from jieba's dictionary, Simplified plus the
   Traditional forms OpenCC gives for them); the best plausible one wins;
5. a multi-byte character cut off at the very end is ``truncated``;
6. anything else is ``undecodable`` — never quiet mojibake.

``decode_bytes`` returns a :class:`Decoded` (text, canonical encoding name,
quality flags) or a :class:`DecodeFailure` (a reason code from
``tasks.reasons`` and a human-readable detail). It never raises.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from tasks import reasons

__all__ = [
    "LEGACY_CANDIDATES",
    "DecodeFailure",
    "Decoded",
    "TextStats",
    "declared_charset",
    "decode_bytes",
    "text_stats",
]

CHARFREQ_PATH = Path(__file__).with_name("charfreq.tsv")

# Tried in this order after strict UTF-8; ties in score keep this order, so a
# file that both big5 and big5hkscs decode identically is recorded as big5.
LEGACY_CANDIDATES: tuple[str, ...] = ("gb18030", "big5", "big5hkscs")

# Plausibility thresholds, measured on the seeds (see tests/unit/test_ingest.py):
# real Chinese news decodes to >= 0.97 "good" non-ASCII characters (common CJK
# characters and CJK punctuation); the cross-decodings (Big5 read as GBK, GBK
# read as Big5) land well below 0.75.
GOOD_SHARE_ACCEPT = 0.90  # at or above: accept without a flag
GOOD_SHARE_FLAG = 0.75  # between FLAG and ACCEPT: accept, flagged low confidence
# Below this many non-ASCII characters the shares are noise: accept if nothing
# is outright bad, but flag that the guess rests on little evidence.
MIN_EVIDENCE = 8
# A decode that needed replacement characters is accepted (flagged) only when
# the damage is tiny: at most this many bad sequences and 0.1% of the text.
MAX_REPLACEMENTS = 3
# When the runner-up reading is plausible too and its total log-likelihood is
# within this many nats of the winner, the file is flagged ambiguous_encoding.
# Real paragraphs win by hundreds of nats; a two-character file by a few.
AMBIGUOUS_GAP = 20.0
# Characters judged per candidate; the strict decode still covers the whole file.
SAMPLE_CHARS = 200_000

_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v\x1a\x1b")  # \x1a: DOS EOF, \x1b: ANSI escapes


@dataclass(frozen=True, slots=True)
class Decoded:
    """A successful decode: the text (BOM removed), the canonical encoding name,
    and quality flags worth recording on the file (e.g. ``low_confidence_encoding``)."""

    text: str
    encoding: str
    flags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DecodeFailure:
    """Why the bytes are not usable text: ``reason`` is a ``tasks.reasons`` code."""

    reason: str
    detail: str


@dataclass(frozen=True, slots=True)
class TextStats:
    """Character classes of a decoded text, used to judge whether a decode is plausible.

    Only non-ASCII characters are judged (ASCII decodes the same in every
    candidate, so it carries no evidence about the encoding).
    """

    non_ascii: int  # characters >= U+0080
    common_cjk: int  # CJK ideographs in the frequency table
    rare_cjk: int  # CJK ideographs not in the table
    cjk_punct: int  # CJK / fullwidth / general punctuation and symbols seen in news
    other: int  # Latin-1 letters, Greek, Cyrillic, kana, box drawing …
    bad: int  # private use, unassigned, C1 controls, U+FFFD, surrogates
    controls: int  # C0 control characters other than tab/newline/… (ASCII range)
    log_prob: float  # summed log frequency of the non-ASCII characters

    @property
    def good_share(self) -> float:
        """Share of non-ASCII characters that look like ordinary Chinese text."""
        if not self.non_ascii:
            return 1.0
        return (self.common_cjk + self.cjk_punct) / self.non_ascii

    @property
    def mean_log_prob(self) -> float:
        return self.log_prob / self.non_ascii if self.non_ascii else 0.0


# ----------------------------------------------------------------- char table


@lru_cache(maxsize=1)
def _charfreq() -> dict[str, float]:
    """char -> natural-log relative frequency, loaded once from the shipped table."""
    table: dict[str, float] = {}
    total = 0
    raw: list[tuple[str, int]] = []
    with CHARFREQ_PATH.open(encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            ch, n = line.rstrip("\n").split("\t")
            raw.append((ch, int(n)))
            total += int(n)
    for ch, n in raw:
        table[ch] = math.log(n / total)
    return table


# log-probabilities for characters outside the table: a rare CJK character is
# unlikely, anything else in a Chinese news page more so, garbage much more.
_LP_RARE_CJK = math.log(1e-7)
_LP_PUNCT = math.log(1e-3)
_LP_OTHER = math.log(1e-8)
_LP_BAD = math.log(1e-12)


def _is_cjk_ideograph(cp: int) -> bool:
    return (
        0x4E00 <= cp <= 0x9FFF  # URO
        or 0x3400 <= cp <= 0x4DBF  # Extension A
        or 0xF900 <= cp <= 0xFAFF  # compatibility ideographs
        or 0x20000 <= cp <= 0x3FFFF  # Extensions B… (SIP, TIP)
    )


def _is_cjk_punct(ch: str, cp: int) -> bool:
    # Punctuation and symbols an ordinary Chinese page uses: CJK symbols (、。「」),
    # fullwidth forms (，：１Ａ), general punctuation (“”…—·), and · × ÷ ° ①.
    if 0x3000 <= cp <= 0x303F or 0xFF01 <= cp <= 0xFF5E or 0xFF5F <= cp <= 0xFFEF:
        return True
    if 0x2000 <= cp <= 0x206F:  # general punctuation
        return True
    if 0x2460 <= cp <= 0x24FF or 0x2160 <= cp <= 0x217F:  # ① Ⅰ
        return True
    # (Not ¤ or ¨: GB2312 has them, but a page never uses them, and C2 A4 is both
    # "¤" in UTF-8 and 陇 in GBK.)
    return ch in "\u00a0·×÷°±§©®«»℃№※→←↑↓■□▲△◆◇○●★☆"


# Character classes of text_stats, in TextStats field order after non_ascii.
_COMMON, _RARE, _PUNCT, _OTHER, _BAD, _CONTROL, _ASCII = range(7)


@lru_cache(maxsize=1 << 16)
def _char_class(ch: str) -> tuple[int, float]:
    """(class, log probability) of one character, as text_stats counts it."""
    cp = ord(ch)
    if cp < 0x80:
        if cp < 0x20 and ch not in _ALLOWED_CONTROLS or cp == 0x7F:
            return _CONTROL, 0.0
        return _ASCII, 0.0
    if _is_cjk_ideograph(cp):
        f = _charfreq().get(ch)
        return (_RARE, _LP_RARE_CJK) if f is None else (_COMMON, f)
    if _is_cjk_punct(ch, cp):
        return _PUNCT, _LP_PUNCT
    if cp == 0xFFFD or cp <= 0x9F or unicodedata.category(ch) in ("Co", "Cn", "Cs", "Cc"):
        return _BAD, _LP_BAD
    return _OTHER, _LP_OTHER


def text_stats(text: str, *, limit: int | None = None) -> TextStats:
    """Count the character classes of ``text`` (see :class:`TextStats`).

    :param limit: judge only the first ``limit`` characters (a large file's
        encoding is settled long before its end; this keeps big files cheap).
    """
    if limit is not None and len(text) > limit:
        text = text[:limit]
    # Each distinct character is classified once (Counter runs in C): a Python step per
    # character made this the largest cost of ingest.
    counts = [0] * 7
    lp = 0.0
    for ch, n in Counter(text).items():
        cls, p = _char_class(ch)
        counts[cls] += n
        lp += p * n
    non_ascii = len(text) - counts[_ASCII] - counts[_CONTROL]
    return TextStats(non_ascii, *counts[: _CONTROL + 1], lp)


# --------------------------------------------------------------------- decode

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    # (bom, codec used to decode what follows it, canonical name recorded)
    (b"\xef\xbb\xbf", "utf-8", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be", "utf-16-be"),
)

# Signatures of common binary formats, so the detail can say what the file is.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document: extract its text first (e.g. pdftotext)"),
    (b"PK\x03\x04", "a ZIP archive (or .docx/.xlsx): unpack it or export the text"),
    (b"\x1f\x8b", "a gzip file: decompress it (gunzip) and ingest the result"),
    (b"\x89PNG", "a PNG image, not text"),
    (b"\xff\xd8\xff", "a JPEG image, not text"),
    (b"GIF8", "a GIF image, not text"),
    (b"\xd0\xcf\x11\xe0", "an old Office document (.doc/.xls): export it as text"),
    (b"7z\xbc\xaf", "a 7z archive: unpack it first"),
    (b"Rar!", "a RAR archive: unpack it first"),
    (b"\x7fELF", "an executable, not text"),
    (b"SQLite format 3", "an SQLite database, not text"),
)


def _binary_detail(data: bytes, what: str) -> str:
    for magic, desc in _MAGIC:
        if data.startswith(magic):
            return f"{what}; the file looks like {desc}"
    return (
        f"{what}; this is not a text file. If it is UTF-16 without a byte-order mark, "
        "re-save it as UTF-8"
    )


# UnicodeDecodeError.reason values meaning "the data stopped inside a character".
_END_OF_DATA = frozenset({"unexpected end of data", "incomplete multibyte sequence", "truncated data"})


def _truncated_at_end(data: bytes, codec: str) -> str | None:
    """Decode ``data`` minus an incomplete final character, if that is the only problem.

    Returns the text of the complete part, or None when the error is elsewhere.
    """
    try:
        data.decode(codec)
        return None
    except UnicodeDecodeError as e:
        # Only an error that runs into the end of the data is a cut-off character.
        if e.end != len(data) or e.reason not in _END_OF_DATA:
            return None
        start = e.start
    try:
        return data[:start].decode(codec)
    except UnicodeDecodeError:
        return None


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _judge(stats: TextStats) -> str:
    """'accept', 'flag' or 'reject' for a decode, from its character statistics."""
    if stats.non_ascii == 0:
        return "accept"
    if stats.bad > 0:
        return "reject"
    if stats.non_ascii < MIN_EVIDENCE:
        # Too few characters for shares to mean much. Mojibake of Latin-1 bytes
        # read as GBK ("Äpfel" → "膒fel") gives only rare ideographs: reject that;
        # anything else short and imperfect is accepted, flagged.
        if stats.common_cjk + stats.cjk_punct == 0 and stats.rare_cjk > stats.other:
            return "reject"
        return "flag" if stats.good_share < 1.0 else "accept"
    share = stats.good_share
    if share >= GOOD_SHARE_ACCEPT:
        return "accept"
    if share >= GOOD_SHARE_FLAG:
        return "flag"
    return "reject"


def _text_flags(text: str, stats: TextStats) -> list[str]:
    flags: list[str] = []
    if "\ufffd" in text:
        # The bytes themselves carry U+FFFD: an earlier tool already lost characters.
        flags.append(f"replacement_chars:{text.count(chr(0xFFFD))}")
    if stats.controls:
        flags.append(f"control_chars:{stats.controls}")
    return flags


def _describe(stats: TextStats) -> str:
    return (
        f"{stats.good_share:.0%} of its {stats.non_ascii} non-ASCII characters are common "
        f"Chinese characters or punctuation"
    )


def _check_controls(text: str, stats: TextStats, encoding: str) -> DecodeFailure | None:
    if "\x00" in text:
        return DecodeFailure(
            reasons.BINARY, _binary_detail(b"", f"decoded as {encoding} it contains NUL characters")
        )
    # A few stray control characters happen in scraped text (flagged); many mean binary.
    if stats.controls > max(8, min(len(text), SAMPLE_CHARS) // 100):
        return DecodeFailure(
            reasons.BINARY,
            f"{stats.controls} control characters in {len(text)} characters; this is not a text file",
        )
    return None


def decode_bytes(data: bytes, *, declared: str | None = None) -> Decoded | DecodeFailure:
    """Detect the encoding of ``data`` and decode it; never raises.

    :param data: the whole file's bytes.
    :param declared: the charset the file declares about itself (an HTML
        ``<meta charset>``, see :func:`declared_charset`). A hint only: it breaks
        a tie between plausible legacy readings, never overrides a BOM, valid
        UTF-8 or an implausible decode; a contradicted declaration is flagged
        ``declared_charset_mismatch:<declared>``.
    :returns: :class:`Decoded` with the text (no BOM), the canonical encoding name
        (``utf-8``, ``utf-8-sig``, ``utf-16-le``, ``utf-16-be``, ``gb18030``,
        ``big5``, ``big5hkscs``) and flags; or :class:`DecodeFailure` with reason
        ``empty``, ``binary``, ``truncated`` or ``undecodable``.

    >>> decode_bytes("脱贫攻坚".encode("gbk")).encoding
    'gb18030'
    >>> decode_bytes("脫貧攻堅".encode("big5")).encoding
    'big5'
    >>> decode_bytes(b"").reason
    'empty'
    """
    try:
        return _decode(data, _canonical_declared(declared))
    except Exception as e:  # a codec bug must not end the run: report it as undecodable
        return DecodeFailure(reasons.UNDECODABLE, f"decoding failed unexpectedly: {e!r}")


def _decode(data: bytes, declared: str | None = None) -> Decoded | DecodeFailure:
    if not data:
        return DecodeFailure(reasons.EMPTY, "the file is empty (0 bytes); check the scraper output")

    # 1. A BOM is the writer telling us the encoding: trust it, but decode strictly.
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            if data.startswith(b"\xff\xfe\x00\x00"):
                break  # UTF-32 LE BOM: not supported, falls through to binary (NULs)
            body = data[len(bom) :]
            text = _strict(body, codec)
            if text is None:
                part = _truncated_at_end(body, codec)
                if part is not None:
                    return DecodeFailure(
                        reasons.TRUNCATED,
                        f"the file has a {name} byte-order mark but ends in the middle of a "
                        "character: it was probably cut off while being written or downloaded; "
                        "fetch it again",
                    )
                return DecodeFailure(
                    reasons.UNDECODABLE,
                    f"the file starts with a {name} byte-order mark but is not valid {codec}; "
                    "re-save it as UTF-8",
                )
            stats = text_stats(text, limit=SAMPLE_CHARS)
            failure = _check_controls(text, stats, name)
            if failure:
                return failure
            flags = _text_flags(text, stats)
            if _judge(stats) != "accept":
                flags.append(f"low_cjk_share:{stats.good_share:.2f}")
            return Decoded(text, name, tuple(flags))

    # 2. NUL bytes never occur in UTF-8/GB18030/Big5 text.
    if b"\x00" in data:
        n = data.count(b"\x00")
        return DecodeFailure(reasons.BINARY, _binary_detail(data, f"{n} NUL bytes"))
    for magic, _desc in _MAGIC:
        if data.startswith(magic):
            return DecodeFailure(reasons.BINARY, _binary_detail(data, "binary signature"))

    # 3. Strict UTF-8: valid UTF-8 with non-ASCII content is very strong evidence.
    text = _strict(data, "utf-8")
    if text is not None:
        result = _decided_utf8(data, text)
        if declared and declared != "utf-8" and isinstance(result, Decoded) and result.encoding == "utf-8":
            # Common: a page re-saved as UTF-8 that kept its old <meta charset=gbk>.
            return Decoded(result.text, result.encoding, (*result.flags, f"declared_charset_mismatch:{declared}"))
        return result
    part = _truncated_at_end(data, "utf-8")
    if part is not None and any(ord(c) >= 0x80 for c in part):
        # Everything but the last character is valid UTF-8 with non-ASCII in it.
        return _truncated_failure("utf-8", len(data) - len(part.encode("utf-8")))

    # 4. Legacy candidates, each strict, scored for plausibility.
    scored: list[tuple[float, int, str, str, TextStats]] = []
    truncated: list[tuple[float, str, int]] = []
    for order, codec in enumerate(LEGACY_CANDIDATES):
        t = _strict(data, codec)
        if t is None:
            part = _truncated_at_end(data, codec)
            if part is not None:
                st = text_stats(part[-SAMPLE_CHARS:])
                if _judge(st) != "reject":
                    truncated.append((st.mean_log_prob, codec, len(data) - len(part.encode(codec))))
            continue
        st = text_stats(t, limit=SAMPLE_CHARS)
        scored.append((st.mean_log_prob, -order, codec, t, st))

    if scored:
        scored.sort(reverse=True)
        # The page's own declaration breaks ties: if its reading is plausible, it wins.
        chosen = next((s for s in scored if s[2] == declared and _judge(s[4]) == "accept"), None)
        if chosen is not None and chosen is not scored[0]:
            scored.remove(chosen)
            scored.insert(0, chosen)
        _lp, _o, codec, t, st = scored[0]
        verdict = _judge(st)
        if verdict != "reject":
            failure = _check_controls(t, st, codec)
            if failure:
                return failure
            flags = _text_flags(t, st)
            if verdict == "flag":
                flags.append(f"low_confidence_encoding:{codec}")
            # Two encodings that both read plausibly and whose likelihoods are close
            # (a short file: "鎮" in Big5 is "马" in GBK) cannot be told apart: say so.
            # (big5 and big5hkscs agree on most files: the runner-up is the best *other* text.)
            runner_up = next((s for s in scored[1:] if s[3] != t), None)
            if (
                runner_up is not None
                and st.log_prob - runner_up[4].log_prob < AMBIGUOUS_GAP
                and runner_up[4].bad == 0  # private-use/unassigned: clearly not the text
                and codec != declared  # the page said which it is
            ):
                flags.append(f"ambiguous_encoding:{codec}|{runner_up[2]}")
            if declared and declared != codec and not (declared == "big5" and codec == "big5hkscs"):
                flags.append(f"declared_charset_mismatch:{declared}")
            return Decoded(t, codec, tuple(flags))
        return DecodeFailure(
            reasons.UNDECODABLE,
            f"no supported encoding gives plausible Chinese text: the best guess, {codec}, "
            f"reads as mojibake ({_describe(st)}). Supported: UTF-8, GB18030/GBK, Big5, "
            "Big5-HKSCS, UTF-16 with a BOM. If the file is in another encoding (e.g. Latin-1 "
            "or Shift-JIS) convert it to UTF-8 first (iconv -f … -t UTF-8)",
        )
    # 5. Cut off at the end in a legacy encoding?
    if truncated:
        truncated.sort(reverse=True)
        _lp, codec, nbytes = truncated[0]
        return _truncated_failure(codec, nbytes)

    # 6. A handful of bad bytes in an otherwise plausible text: accept, flagged.
    lenient = _lenient(data)
    if lenient is not None:
        return lenient
    return DecodeFailure(
        reasons.UNDECODABLE,
        "the bytes are not valid UTF-8, GB18030/GBK, Big5 or Big5-HKSCS (and there is no "
        "UTF-16 byte-order mark). If the file is in another encoding (e.g. Latin-1, "
        "Windows-1252, Shift-JIS) convert it to UTF-8 first (iconv -f … -t UTF-8)",
    )


def _decided_utf8(data: bytes, text: str) -> Decoded | DecodeFailure:
    """Judge a strict UTF-8 decode: keep it, unless it is recognisable mojibake."""
    stats = text_stats(text, limit=SAMPLE_CHARS)
    failure = _check_controls(text, stats, "utf-8")
    if failure:
        return failure
    verdict = _judge(stats)
    if verdict != "accept":
        # UTF-8 that went through Latin-1/cp1252 and was encoded again ("å\x8f\x91"
        # for 发): the classic scraper mojibake. Reversible, but not ours to guess.
        for codec in ("latin-1", "cp1252"):
            try:
                inner = text.encode(codec).decode("utf-8")
            except (UnicodeEncodeError, UnicodeDecodeError):
                continue
            if inner != text and _judge(text_stats(inner, limit=SAMPLE_CHARS)) == "accept":
                return DecodeFailure(
                    reasons.UNDECODABLE,
                    "the file is UTF-8 encoded twice (its UTF-8 bytes were read as "
                    f"{codec} and encoded again), so it reads as mojibake; fix the scraper, or "
                    f"repair it with: iconv -f utf-8 -t {codec} FILE > FIXED",
                )
        # A short legacy-encoded file can happen to be valid UTF-8 (a GBK pair such
        # as C3 A5 is also UTF-8 for "å"): then the UTF-8 reading holds no CJK at all. Only then, prefer a legacy reading that is clean and reads better.
        for codec in LEGACY_CANDIDATES if stats.common_cjk + stats.rare_cjk == 0 else ():
            t = _strict(data, codec)
            if t is None:
                continue
            st = text_stats(t, limit=SAMPLE_CHARS)
            if _judge(st) == "accept" and st.mean_log_prob > stats.mean_log_prob + 1.0:
                return Decoded(t, codec, ("valid_utf8_but_legacy_reads_better",))
    # Valid UTF-8 that is not Chinese (English, Russian …) is still the text the
    # writer meant: keep it, flagged, rather than guess another encoding.
    flags = _text_flags(text, stats)
    if verdict != "accept":
        flags.append(f"low_cjk_share:{stats.good_share:.2f}")
    elif stats.common_cjk + stats.rare_cjk == 0:
        # Too little to tell (C2 B7 is "·" in UTF-8 and 路 in GBK): keep UTF-8, but say
        # that a legacy reading holding Chinese is as clean.
        for codec in LEGACY_CANDIDATES:
            t = _strict(data, codec)
            if t is not None and t != text and _judge(st := text_stats(t, limit=SAMPLE_CHARS)) == "accept" \
                    and st.common_cjk + st.rare_cjk > 0:
                flags.append(f"ambiguous_encoding:utf-8|{codec}")
                break
    return Decoded(text, "utf-8", tuple(flags))


# Charset labels seen in Chinese pages, mapped to the codec we decode with.
_DECLARED = {
    "utf-8": "utf-8", "utf8": "utf-8",
    "gb2312": "gb18030", "gbk": "gb18030", "gb18030": "gb18030", "x-gbk": "gb18030",
    "cp936": "gb18030", "euc-cn": "gb18030", "hz-gb-2312": None,
    "big5": "big5", "big-5": "big5", "cp950": "big5", "x-x-big5": "big5",
    "big5-hkscs": "big5hkscs", "big5hkscs": "big5hkscs",
}  # fmt: skip
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.I)


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in its first 4 KB (``<meta charset>`` or
    ``http-equiv`` content), lower-cased as written, or None."""
    m = _META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii").lower() if m else None


def _canonical_declared(label: str | None) -> str | None:
    return _DECLARED.get(label.lower()) if label else None


def _truncated_failure(codec: str, nbytes: int) -> DecodeFailure:
    return DecodeFailure(
        reasons.TRUNCATED,
        f"the file ends in the middle of a {codec} character (the last {nbytes} byte(s) are "
        "an incomplete multi-byte sequence): it was probably cut off while being written or "
        "downloaded; fetch it again",
    )


def _lenient(data: bytes) -> Decoded | None:
    """Decode with replacement characters when only a few bytes are damaged."""
    best: tuple[float, str, str, int] | None = None
    for codec in ("utf-8", *LEGACY_CANDIDATES):
        t = data.decode(codec, errors="replace")
        n = t.count("\ufffd")
        if n > MAX_REPLACEMENTS or n > max(1, len(t) // 1000):
            continue
        st = text_stats(t)
        # A bad byte in a double-byte encoding also shifts the pairing until the
        # next ASCII byte, so a few odd characters (often private-use) follow the
        # U+FFFD: allow a little of that damage, and judge the rest as usual.
        damage = st.bad  # includes the U+FFFD themselves
        if damage > 4 * MAX_REPLACEMENTS or damage > max(4, len(t) // 250):
            continue
        if st.non_ascii - damage < MIN_EVIDENCE:
            continue
        if (st.common_cjk + st.cjk_punct) / (st.non_ascii - damage) < GOOD_SHARE_ACCEPT:
            continue
        if best is None or st.mean_log_prob > best[0]:
            best = (st.mean_log_prob, codec, t, n)
    if best is None:
        return None
    _lp, codec, t, n = best
    return Decoded(t, codec, (f"decoded_with_replacements:{n}",))


# -------------------------------------------------------------- table builder


def build_charfreq(out: Path = CHARFREQ_PATH, *, top: int = 7000) -> int:
    """Rebuild ``tasks/ingest/charfreq.tsv`` from jieba's dictionary (maintainers only).

    Each character's count is the summed frequency of the dictionary words that
    contain it. The ``top`` Simplified characters are kept, and each one's
    Traditional forms (OpenCC s2t, s2tw, s2hk) get the same count, so Big5 and
    Traditional GBK text score as well as Simplified. Returns the number of rows.
    """
    import os

    import jieba
    from opencc import OpenCC

    counts: Counter[str] = Counter()
    with open(os.path.join(os.path.dirname(jieba.__file__), "dict.txt"), encoding="utf-8") as f:
        for line in f:
            word, n, *_ = line.split()
            for ch in word:
                if _is_cjk_ideograph(ord(ch)):
                    counts[ch] += int(n)
    table: dict[str, int] = dict(counts.most_common(top))
    converters = [OpenCC(c) for c in ("s2t", "s2tw", "s2hk")]
    for ch, n in list(table.items()):
        for cc in converters:
            for t in cc.convert(ch):
                if _is_cjk_ideograph(ord(t)) and table.get(t, 0) < n:
                    table[t] = n
    rows = sorted(table.items(), key=lambda kv: (-kv[1], kv[0]))
    with out.open("w", encoding="utf-8") as f:
        f.write(
            "# char<TAB>count: summed jieba 0.42.1 dict.txt word frequencies of the top "
            f"{top} characters,\n# plus their OpenCC s2t/s2tw/s2hk forms at the same count. "
            "Built by tasks.encodings.build_charfreq().\n"
        )
        for ch, n in rows:
            f.write(f"{ch}\t{n}\n")
    _charfreq.cache_clear()
    return len(rows)


def iter_candidates() -> Iterable[str]:
    """Every encoding name :func:`decode_bytes` may record."""
    return ("utf-8", "utf-8-sig", "utf-16-le", "utf-16-be", *LEGACY_CANDIDATES)


if __name__ == "__main__":  # python -m tasks.encodings  rebuilds the table
    print(build_charfreq(), "rows written to", CHARFREQ_PATH)
