"""Ingest: encodings, formats, bad files and discovery, on real seed text.

Every input file is generated in ``tmp_path`` from paragraphs of the seeds in
``data/samples`` (Traditional 000/001, Simplified 002/004), so each row of the
matrices says exactly which bytes it feeds in and why.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from tasks import reasons
from tasks.ingest import discover, ingest_paths, is_known_marker, read_file
from tasks.ingest import reading as ingest
from tasks.ingest.encodings import Decoded, DecodeFailure, decode_bytes, text_stats
from tasks.model import FileRecord, Rejection

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"
SEED = {p.name[:3]: p for p in SAMPLES.glob("*.txt")}


def paragraphs(seed: str, encodings: tuple[str, ...], n: int = 4, min_len: int = 30) -> str:
    """The first ``n`` long lines of a seed that every one of ``encodings`` can encode.

    Seeds carry a few characters outside GBK/Big5 (•, », a non-breaking space),
    and Big5 cannot encode Simplified characters; a row tests decoding, so it
    takes only text its encoding can represent.
    """
    out: list[str] = []
    for line in SEED[seed].read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if len(line) < min_len:
            continue
        try:
            for enc in encodings:
                line.encode(enc)
        except UnicodeEncodeError:
            continue
        out.append(line)
        if len(out) == n:
            break
    assert out, f"seed {seed} has no paragraph encodable in {encodings}"
    return "\n\n".join(out) + "\n"


def encode(text: str, enc: str) -> bytes:
    """Encode like a real writer would; the utf-16 rows get a BOM, as Notepad writes it."""
    if enc == "utf-16-le":
        return b"\xff\xfe" + text.encode("utf-16-le")
    if enc == "utf-16-be":
        return b"\xfe\xff" + text.encode("utf-16-be")
    return text.encode(enc)


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    p = tmp_path / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return p


def must_record(r: FileRecord | Rejection) -> FileRecord:
    assert isinstance(r, FileRecord), f"rejected: {r}"
    return r


def must_reject(r: FileRecord | Rejection, reason: str) -> Rejection:
    assert isinstance(r, Rejection), f"not rejected: {r.encoding} {r.quality_flags} {r.raw_text[:40]!r}"
    assert r.reason == reason, r
    assert r.reason in reasons.REJECTION_REASONS
    assert r.detail and len(r.detail) > 20  # a sentence a human can act on
    return r


# ----------------------------------------------------------------- encodings

ENCODING_MATRIX = [
    # (seed, writer encoding, names we accept as the recorded encoding)
    ("000", "utf-8", {"utf-8"}),  # the common case: no BOM, strict UTF-8
    ("000", "utf-8-sig", {"utf-8-sig"}),  # Windows tools prepend a BOM; it must not reach raw_text
    ("000", "gb18030", {"gb18030"}),  # Traditional text in GB18030 must not be read as Big5
    ("000", "gbk", {"gb18030"}),  # GBK is a subset of GB18030: recorded as the superset
    ("000", "big5", {"big5"}),  # Big5 bytes are also valid GBK: plausibility must pick Big5
    ("000", "big5hkscs", {"big5", "big5hkscs"}),  # HKSCS writer, standard chars: same bytes as Big5
    ("000", "utf-16-le", {"utf-16-le"}),  # Notepad "Unicode": LE with BOM
    ("000", "utf-16-be", {"utf-16-be"}),  # big-endian with BOM
    ("001", "utf-8", {"utf-8"}),
    ("001", "utf-8-sig", {"utf-8-sig"}),
    ("001", "gb18030", {"gb18030"}),
    ("001", "gbk", {"gb18030"}),  # Traditional chars sit in GBK/3-4, where HKSCS leads also live
    ("001", "big5", {"big5"}),
    ("001", "big5hkscs", {"big5", "big5hkscs"}),
    ("001", "utf-16-le", {"utf-16-le"}),
    ("001", "utf-16-be", {"utf-16-be"}),
    ("002", "utf-8", {"utf-8"}),
    ("002", "utf-8-sig", {"utf-8-sig"}),
    ("002", "gb18030", {"gb18030"}),
    ("002", "gbk", {"gb18030"}),  # GB2312-range Simplified decodes "validly" as Big5 too
    ("002", "utf-16-le", {"utf-16-le"}),
    ("002", "utf-16-be", {"utf-16-be"}),
    ("004", "utf-8", {"utf-8"}),
    ("004", "utf-8-sig", {"utf-8-sig"}),
    ("004", "gb18030", {"gb18030"}),
    ("004", "gbk", {"gb18030"}),  # forum page with masked '*' characters: ASCII mixed in
    ("004", "utf-16-le", {"utf-16-le"}),
    ("004", "utf-16-be", {"utf-16-be"}),
    # Big5 cannot encode Simplified characters, so 002/004 have no Big5 rows.
]


@pytest.mark.parametrize(("seed", "enc", "expected"), ENCODING_MATRIX)
def test_each_encoding_decodes_back_to_the_utf8_original(tmp_path, seed, enc, expected):
    text = paragraphs(seed, ("gbk", "big5") if seed in ("000", "001") else ("gbk",))
    data = encode(text, enc)
    rec = must_record(read_file(write(tmp_path, f"{seed}.txt", data)))
    assert rec.raw_text == text  # exactly the original, BOM removed
    assert rec.encoding in expected
    assert rec.file_id == hashlib.sha256(data).hexdigest()
    assert rec.size_bytes == len(data)
    assert rec.documents[0].text == rec.raw_text
    # A confident decode of a long real text carries no doubt flags.
    assert not [f for f in rec.quality_flags if "confidence" in f or "ambiguous" in f]


@pytest.mark.parametrize("seed", ["000", "001", "002", "003", "004"])
def test_whole_seed_files_in_gb18030(tmp_path, seed):
    # Whole seeds, chrome and all (•, », nbsp, ASCII forum headers): GB18030 encodes everything.
    text = SEED[seed].read_text(encoding="utf-8")
    rec = must_record(read_file(write(tmp_path, "a.txt", text.encode("gb18030"))))
    assert (rec.raw_text, rec.encoding) == (text, "gb18030")


def test_big5hkscs_only_characters(tmp_path):
    # Cantonese particles 佢 哋 咗 嘅 exist only in HKSCS: big5 fails, big5hkscs must win.
    text = paragraphs("000", ("big5",), n=2) + "佢哋今日去咗開會,講到扶貧嘅工作。\n"
    rec = must_record(read_file(write(tmp_path, "hk.txt", text.encode("big5hkscs"))))
    assert (rec.raw_text, rec.encoding) == (text, "big5hkscs")


def test_crlf_and_ideographic_spaces_are_kept(tmp_path):
    # raw_text keeps every decoded character: CRLF and U+3000 indentation are not "fixed".
    text = "\u3000\u3000" + paragraphs("002", ("gbk",), n=2).replace("\n", "\r\n")
    rec = must_record(read_file(write(tmp_path, "crlf.txt", text.encode("gbk"))))
    assert rec.raw_text == text


def test_gbk_read_as_big5_is_mojibake_by_the_numbers():
    # Why plausibility scoring is needed: GB2312 bytes decode without error as Big5,
    # but the characters are a random draw; the score must tell them apart.
    text = paragraphs("002", ("gbk",))
    data = text.encode("gbk")
    wrong = data.decode("big5", errors="replace")
    assert text_stats(wrong).good_share < 0.75 < text_stats(text).good_share
    assert decode_bytes(data) == Decoded(text, "gb18030", ())


def test_decode_bytes_alone():
    assert isinstance(decode_bytes(b""), DecodeFailure)
    d = decode_bytes("脫貧攻堅".encode("big5"))
    assert isinstance(d, Decoded) and d.text == "脫貧攻堅"
    assert decode_bytes(b"plain ascii\n") == Decoded("plain ascii\n", "utf-8", ())


# --------------------------------------------------------------- bad inputs


def _trad() -> str:
    return paragraphs("000", ("gbk", "big5"), n=2)


def _simp() -> str:
    return paragraphs("002", ("gbk",), n=2)


BAD_BYTES = [
    # (file name, bytes, reason, why)
    ("empty.txt", b"", reasons.EMPTY),  # 0 bytes: a failed download
    ("blank.txt", " \n\t\r\n".encode(), reasons.EMPTY),  # whitespace only
    ("blank3000.txt", "\u3000\u3000\n".encode(), reasons.EMPTY),  # ideographic spaces are whitespace too
    ("bom_only.txt", b"\xef\xbb\xbf", reasons.EMPTY),  # a BOM and nothing else
    ("nul.txt", b"abc\x00def" + _simp().encode(), reasons.BINARY),  # NUL bytes are never text
    ("png.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)), reasons.BINARY),  # an image named .txt
    ("gz.txt", b"\x1f\x8b\x08\x00" + b"\x00" * 20, reasons.BINARY),  # gzip named .txt
    ("ctrl.txt", b"\x01\x02\x03\x04\x05\x06\x07\x08" * 20 + b"text", reasons.BINARY),  # control bytes
    ("utf16_nobom.txt", _simp().encode("utf-16-le"), reasons.BINARY),  # UTF-16 without BOM: NULs
    ("trunc_utf8.txt", _simp().encode()[:-2], reasons.TRUNCATED),  # cut inside a 3-byte char
    ("trunc_gbk.txt", _simp().rstrip().encode("gbk")[:-1], reasons.TRUNCATED),  # lone GBK lead byte
    ("trunc_big5.txt", _trad().rstrip().encode("big5")[:-1], reasons.TRUNCATED),  # lone Big5 lead byte
    ("trunc_utf16.txt", encode(_simp(), "utf-16-le")[:-1], reasons.TRUNCATED),  # odd byte count
    ("latin1.txt", "Café déjà vu à côté".encode("latin-1"), reasons.UNDECODABLE),  # é before space: no CJK pair
    ("latin1_pairs.txt", "Äpfel und Öl für Müller".encode("latin-1"), reasons.UNDECODABLE),  # valid GBK pairs, rare chars
    ("cp1252.txt", "“Smart” quotes – and ‘dashes’ …".encode("cp1252"), reasons.UNDECODABLE),
    ("double_utf8.txt", _simp().encode().decode("latin-1").encode(), reasons.UNDECODABLE),  # UTF-8 twice
    ("shift_jis.txt", "日本語のテキストです。ひらがなとカタカナ。".encode("shift_jis"), reasons.UNDECODABLE),
    ("random_high.txt", bytes(range(0x80, 0x100)) * 4, reasons.UNDECODABLE),  # every high byte
    ("bad_utf16.txt", b"\xff\xfe" + b"\x00\xd8\x41\x00", reasons.UNDECODABLE),  # lone surrogate after BOM
]


@pytest.mark.parametrize(("name", "data", "reason"), BAD_BYTES, ids=[r[0] for r in BAD_BYTES])
def test_bad_bytes_get_their_specific_reason(tmp_path, name, data, reason):
    r = must_reject(read_file(write(tmp_path, name, data)), reason)
    if data:  # the bytes were read: the rejection still says which bytes
        assert r.file_id == hashlib.sha256(data).hexdigest()
        assert r.size_bytes == len(data)


def test_mojibake_is_never_quiet(tmp_path):
    # UTF-8 whose characters went through cp1252 with replacement: valid UTF-8, full of
    # U+FFFD and Latin letters. Kept (it is what the bytes say) but flagged twice.
    text = _simp().encode().decode("cp1252", errors="replace")
    rec = must_record(read_file(write(tmp_path, "moji.txt", text.encode())))
    assert any(f.startswith("replacement_chars:") for f in rec.quality_flags)
    assert any(f.startswith("low_cjk_share:") for f in rec.quality_flags)


def test_a_damaged_byte_in_a_long_file_is_flagged_not_lost(tmp_path):
    # One corrupt byte in the middle of a long GBK file: keep the file, say so.
    data = bytearray(paragraphs("002", ("gbk",), n=8).encode("gbk"))
    data[len(data) // 2 : len(data) // 2 + 1] = b"\xff"
    rec = must_record(read_file(write(tmp_path, "dmg.txt", bytes(data))))
    assert rec.encoding == "gb18030"
    # The bad byte and the character it broke become U+FFFD; the rest is intact.
    assert [f for f in rec.quality_flags if f.startswith("decoded_with_replacements:")]
    assert rec.raw_text.count("\ufffd") <= 3


def test_too_large(tmp_path):
    # Over max_bytes: rejected from stat, before reading a byte.
    p = write(tmp_path, "big.txt", _simp())
    r = must_reject(read_file(p, max_bytes=10), reasons.TOO_LARGE)
    assert "--max-file-mb" in r.detail  # names the real command-line option
    assert must_record(read_file(p, max_bytes=p.stat().st_size))  # exactly at the limit is fine


def test_permission_denied(tmp_path):
    p = write(tmp_path, "secret.txt", _simp())
    p.chmod(0)
    try:
        if os.access(p, os.R_OK):
            pytest.skip("running as root: chmod 0 does not stop reads")
        r = must_reject(read_file(p), reasons.UNREADABLE)
        assert "permission" in r.detail
    finally:
        p.chmod(0o644)


def test_broken_symlink(tmp_path):
    link = tmp_path / "gone.txt"
    link.symlink_to(tmp_path / "nowhere.txt")
    must_reject(read_file(link), reasons.BROKEN_LINK)
    assert [r.reason for r in discover([tmp_path])] == [reasons.BROKEN_LINK]


def test_symlink_to_itself(tmp_path):
    # a.txt -> a.txt: stat gives ELOOP
    link = tmp_path / "a.txt"
    link.symlink_to(link)
    must_reject(read_file(link), reasons.LINK_LOOP)


def test_missing_file(tmp_path):
    must_reject(read_file(tmp_path / "no.txt"), reasons.NOT_FOUND)


@pytest.mark.parametrize("name", ["report.pdf", "page.docx", "photo.png", "a.zip", "x.png.gz"])
def test_unsupported_extension(tmp_path, name):
    # Decided by name, so the detail can list what is supported.
    r = must_reject(read_file(write(tmp_path, name, _simp())), reasons.UNSUPPORTED_FORMAT)
    assert ".jsonl" in r.detail and ".txt" in r.detail


def test_upper_case_extension_is_supported(tmp_path):
    assert must_record(read_file(write(tmp_path, "A.TXT", _simp()))).format == "txt"


def test_fifo_does_not_hang(tmp_path):
    # Opening a FIFO for reading blocks until a writer comes: it must be refused unopened.
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    must_reject(read_file(fifo), reasons.UNREADABLE)
    assert [r.reason for r in discover([tmp_path])] == [reasons.UNREADABLE]


def test_directory_given_to_read_file(tmp_path):
    d = tmp_path / "d.txt"
    d.mkdir()
    must_reject(read_file(d), reasons.UNREADABLE)


def test_changed_while_reading(tmp_path, monkeypatch):
    # The scraper appends while we read: simulated by writing between read and fstat.
    p = write(tmp_path, "growing.txt", _simp())
    real = ingest._read_all

    def read_then_append(fd: int, limit: int) -> bytes:
        data = real(fd, limit)
        with p.open("ab") as f:
            f.write("续写的内容。\n".encode())
        return data

    monkeypatch.setattr(ingest, "_read_all", read_then_append)
    r = must_reject(read_file(p), reasons.CHANGED_WHILE_READING)
    assert "next run" in r.detail


def test_replaced_while_reading(tmp_path, monkeypatch):
    # An atomic rename over the file (how well-behaved scrapers write) while we read.
    p = write(tmp_path, "swap.txt", _simp())
    real = ingest._read_all

    def read_then_replace(fd: int, limit: int) -> bytes:
        data = real(fd, limit)
        tmp = write(tmp_path, "swap.tmp", _trad())
        tmp.replace(p)
        return data

    monkeypatch.setattr(ingest, "_read_all", read_then_replace)
    must_reject(read_file(p), reasons.CHANGED_WHILE_READING)


def test_read_file_never_raises_on_internal_errors(tmp_path, monkeypatch):
    # Even a bug (here: a decoder that blows up) becomes a rejection, not a traceback.
    def boom(data: bytes):
        raise RuntimeError("boom")

    monkeypatch.setattr(ingest, "decode_bytes", boom)
    r = read_file(write(tmp_path, "a.txt", _simp()))
    assert isinstance(r, Rejection) and r.reason in reasons.REJECTION_REASONS


# ------------------------------------------------------------------ formats


def test_md_is_plain_text(tmp_path):
    text = "# 标题\n\n" + _simp()
    rec = must_record(read_file(write(tmp_path, "a.md", text)))
    assert rec.format == "md" and rec.documents[0].text == rec.raw_text == text


def _jsonl_line(obj) -> str:
    return json.dumps(obj, ensure_ascii=False)


def test_jsonl_articles_with_metadata(tmp_path):
    lines = [
        {"text": _simp(), "title": "庆阳市深度贫困地区脱贫攻坚工作会议召开", "url": "http://x/1", "date": "2018-10-12", "source": "庆阳网"},
        {"text": _trad(), "title": "深圳:為決勝脫貧攻堅"},  # metadata is optional
        {"text": "第三篇", "date": 20200313, "extra": [1]},  # a numeric date is kept as text
    ]
    body = "\n".join(_jsonl_line(o) for o in lines) + "\n\n"  # a trailing blank line is not bad
    rec = must_record(read_file(write(tmp_path, "a.jsonl", body)))
    assert rec.format == "jsonl" and rec.raw_text == body and rec.quality_flags == ()
    assert [d.text for d in rec.documents] == [o["text"] for o in lines]
    assert rec.documents[0].meta == {"line": "1", **{k: v for k, v in lines[0].items() if k != "text"}}
    assert rec.documents[1].meta == {"line": "2", "title": "深圳:為決勝脫貧攻堅"}
    assert rec.documents[2].meta == {"line": "3", "date": "20200313"}


def test_jsonl_bad_lines_keep_the_good_ones(tmp_path):
    body = "\n".join(
        [
            _jsonl_line({"text": _simp()}),
            "{not json",  # broken JSON (a cut-off write)
            _jsonl_line(["a", "list"]),  # JSON, but not an object
            _jsonl_line({"title": "no text"}),  # no "text"
            _jsonl_line({"text": "   "}),  # blank "text"
            _jsonl_line({"text": _trad()}),
        ]
    )
    rec = must_record(read_file(write(tmp_path, "mixed.jsonl", body)))
    assert [d.meta["line"] for d in rec.documents] == ["1", "6"]
    assert "bad_jsonl_lines:4" in rec.quality_flags
    assert "bad_jsonl_line_nos:2,3,4,5" in rec.quality_flags


@pytest.mark.parametrize(
    "body",
    [
        "{not json\n[1,2]\n",  # nothing parses into an article
        '{"title": "only a title"}\n',  # objects without text
        '"just a string"\n',
    ],
)
def test_jsonl_without_a_valid_line_is_rejected(tmp_path, body):
    must_reject(read_file(write(tmp_path, "bad.jsonl", body)), reasons.BAD_JSONL)


def test_jsonl_in_gbk(tmp_path):
    # jsonl goes through the same encoding detection as text.
    body = _jsonl_line({"text": _simp(), "title": "标题"}) + "\n"
    rec = must_record(read_file(write(tmp_path, "g.jsonl", body.encode("gbk"))))
    assert rec.encoding == "gb18030" and rec.documents[0].meta["title"] == "标题"


HTML = """<!DOCTYPE html><html><head><meta charset="{charset}">
<title>庆阳市深度贫困地区脱贫攻坚工作会议召开_庆阳网</title>
<meta property="og:title" content="庆阳市深度贫困地区脱贫攻坚工作会议召开">
<meta property="og:url" content="http://www.example.cn/a/1.html">
<meta property="og:site_name" content="庆阳网">
<meta name="publishdate" content="2018-10-12">
</head><body>
<div class="nav"><a href="/">首页</a> &gt; <a href="/sz">时政</a></div>
<article><h1>庆阳市深度贫困地区脱贫攻坚工作会议召开</h1>
{paras}
</article>
<div class="footer">版权所有 庆阳网 陇ICP备00000000号</div>
</body></html>
"""


@pytest.mark.parametrize("enc", ["utf-8", "gbk"])
def test_html_main_text_and_metadata(tmp_path, enc):
    # A GBK page (with its meta charset) goes through the same byte detection.
    paras = "\n".join(f"<p>{p}</p>" for p in _simp().split("\n\n"))
    html = HTML.format(charset=enc, paras=paras)
    rec = must_record(read_file(write(tmp_path, "page.html", html.encode(enc))))
    assert rec.format == "html" and rec.raw_text == html
    (doc,) = rec.documents
    assert _simp().split("\n\n")[0].strip() in doc.text
    assert "版权所有" not in doc.text  # the footer is chrome
    assert doc.meta["title"] == "庆阳市深度贫困地区脱贫攻坚工作会议召开"
    assert doc.meta["date"] == "2018-10-12"
    assert doc.meta["url"] == "http://www.example.cn/a/1.html"
    assert doc.meta["source"] == "庆阳网"


def test_htm_without_metadata_is_flagged(tmp_path):
    html = "<html><body><p>" + _trad().replace("\n", "") + "</p></body></html>"
    rec = must_record(read_file(write(tmp_path, "bare.htm", html)))
    assert rec.format == "html" and rec.documents[0].text
    assert "html_no_date" in rec.quality_flags


@pytest.mark.parametrize(
    "html",
    [
        "<html><head><title></title></head><body><script>var a = 1;</script></body></html>",
        "<html><body>   </body></html>",
    ],
)
def test_html_without_text_is_no_text(tmp_path, html):
    # A JavaScript-rendered page saved before rendering: nothing to read.
    must_reject(read_file(write(tmp_path, "js.html", html)), reasons.NO_TEXT)


# ---------------------------------------------------------------- discovery


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """root/{b.txt, a.txt, sub/c.jsonl, sub/deeper/d.html, .git/x.txt, .hidden.txt, notes.pdf}"""
    write(tmp_path, "b.txt", _simp())
    write(tmp_path, "a.txt", _trad())
    write(tmp_path, "sub/c.jsonl", _jsonl_line({"text": _simp()}))
    write(tmp_path, "sub/deeper/d.html", HTML.format(charset="utf-8", paras="<p>" + _simp() + "</p>"))
    write(tmp_path, ".git/x.txt", "hidden repository file")
    write(tmp_path, ".hidden.txt", "hidden file")
    write(tmp_path, "notes.pdf", b"%PDF-1.4")
    return tmp_path


def names(items, root: Path) -> list[str]:
    return [
        os.path.relpath(i, root) if isinstance(i, Path) else f"{i.reason}:{os.path.relpath(i.path, root)}"
        for i in items
    ]


def test_directory_is_recursive_sorted_and_skips_hidden(tree):
    assert names(discover([tree]), tree) == [
        "a.txt",
        "b.txt",
        "notes.pdf",  # yielded: read_file rejects it, so the user sees it was skipped
        "sub/c.jsonl",
        "sub/deeper/d.html",
    ]


def test_explicit_hidden_file_is_read(tree):
    assert names(discover([tree / ".hidden.txt"]), tree) == [".hidden.txt"]


def test_paths_keep_argument_order_and_yield_each_file_once(tree):
    got = names(discover([tree / "b.txt", tree, tree / "a.txt"]), tree)
    assert got == ["b.txt", "a.txt", "notes.pdf", "sub/c.jsonl", "sub/deeper/d.html"]


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("*.txt", ["a.txt", "b.txt"]),  # one level, hidden .hidden.txt not matched
        ("**/*.html", ["sub/deeper/d.html"]),  # ** spans directories
        ("sub/*", ["sub/c.jsonl", "sub/deeper/d.html"]),  # a matching directory brings its files
        ("**", ["a.txt", "b.txt", "notes.pdf", "sub/c.jsonl", "sub/deeper/d.html"]),
        ("[ab].txt", ["a.txt", "b.txt"]),  # character class
        ("?.txt", ["a.txt", "b.txt"]),
    ],
)
def test_globs(tree, pattern, expected):
    assert names(discover([str(tree / pattern)]), tree) == expected


def test_relative_glob(tree, monkeypatch):
    monkeypatch.chdir(tree)
    assert [str(p) for p in discover(["sub/**/*.html", "*.txt"])] == ["sub/deeper/d.html", "a.txt", "b.txt"]


def test_missing_path_and_empty_glob_are_not_found(tree):
    got = list(discover([tree / "nope.txt", str(tree / "*.csv"), tree / "a.txt"]))
    assert [getattr(g, "reason", None) for g in got] == [reasons.NOT_FOUND, reasons.NOT_FOUND, None]


def test_directory_loop_does_not_hang(tree):
    # sub/deeper/up -> root: walking would never end without tracking visited dirs.
    (tree / "sub" / "deeper" / "up").symlink_to(tree, target_is_directory=True)
    got = names(discover([tree]), tree)
    assert got == ["a.txt", "b.txt", "notes.pdf", "sub/c.jsonl", "sub/deeper/d.html", "link_loop:sub/deeper/up"]
    assert reasons.LINK_LOOP in [getattr(g, "reason", None) for g in discover([str(tree / "**")])]


def test_two_links_to_one_directory_walk_it_once(tree):
    # "alias" sorts before "sub", but the file is recorded under its real path.
    (tree / "alias").symlink_to(tree / "sub", target_is_directory=True)
    got = names(discover([tree]), tree)
    assert "sub/c.jsonl" in got and "alias/c.jsonl" not in got


def test_a_linked_file_is_recorded_under_its_own_path(tree):
    (tree / "a_link.txt").symlink_to(tree / "b.txt")
    got = names(discover([tree]), tree)
    assert "b.txt" in got and "a_link.txt" not in got


def test_ingest_paths_reads_everything_and_goes_on_after_bad_files(tree):
    write(tree, "z_empty.txt", b"")
    out = list(ingest_paths([tree, tree / "missing"]))
    kinds = [(type(o).__name__, getattr(o, "reason", None)) for o in out]
    assert kinds == [
        ("FileRecord", None),
        ("FileRecord", None),
        ("Rejection", reasons.UNSUPPORTED_FORMAT),
        ("FileRecord", None),
        ("FileRecord", None),
        ("Rejection", reasons.EMPTY),
        ("Rejection", reasons.NOT_FOUND),
    ]


def test_known_files_yield_a_light_marker(tree):
    first = [r for r in ingest_paths([tree]) if isinstance(r, FileRecord)]
    known = frozenset(r.file_id for r in first[:2])
    again = [r for r in ingest_paths([tree], known=known) if isinstance(r, FileRecord)]
    assert [r.file_id for r in again] == [r.file_id for r in first]
    markers = [r for r in again if is_known_marker(r)]
    assert {m.file_id for m in markers} == known
    assert all(m.raw_text == "" and m.documents == () for m in markers)
    assert not any(is_known_marker(r) for r in again[2:])


def test_html_meta_charset_breaks_a_tie(tmp_path):
    # Two characters are too few to tell GBK from Big5 by frequency: the page's own
    # <meta charset> decides, and without it the file is flagged ambiguous.
    body = "<html><head><meta charset='{}'></head><body><p>中文</p></body></html>"
    rec = must_record(read_file(write(tmp_path, "gbk.html", body.format("gb2312").encode("gbk"))))
    assert rec.encoding == "gb18030"
    assert not [f for f in rec.quality_flags if "ambiguous" in f]
    bare = must_record(read_file(write(tmp_path, "gbk.txt", "中文".encode("gbk"))))
    assert "ambiguous_encoding:gb18030|big5" in bare.quality_flags


def test_stale_meta_charset_is_flagged_not_obeyed(tmp_path):
    # A page re-saved as UTF-8 that kept <meta charset=gbk>: valid UTF-8 wins, flagged.
    html = HTML.format(charset="gbk", paras="<p>" + _simp() + "</p>")
    rec = must_record(read_file(write(tmp_path, "stale.html", html.encode("utf-8"))))
    assert rec.encoding == "utf-8" and rec.raw_text == html
    assert "declared_charset_mismatch:gb18030" in rec.quality_flags


def test_permission_denied_mapping_even_as_root(tmp_path, monkeypatch):
    # test_permission_denied skips under root; this row checks the same mapping by making
    # open() fail the way it does for an unprivileged user.
    import errno

    p = write(tmp_path, "secret.txt", _simp())
    real_open = os.open

    def denied(path, flags, *args, **kwargs):
        if os.fspath(path) == os.fspath(p):
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(ingest.os, "open", denied)
    r = must_reject(read_file(p), reasons.UNREADABLE)
    assert "permission denied" in r.detail and "chmod" in r.detail


def test_unlistable_directory_is_reported_and_the_walk_goes_on(tree, monkeypatch):
    import errno

    real_scandir = os.scandir

    def denied(path="."):
        if os.fspath(path).endswith("deeper"):
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(ingest.os, "scandir", denied)
    assert names(discover([tree]), tree) == ["a.txt", "b.txt", "notes.pdf", "sub/c.jsonl", "unreadable:sub/deeper"]
