"""OpenCC's conversion, as the C++ library does it, from the dictionary text files.

Measurement code for ``bench/eval_roundtrip.py`` (never imported by the pipeline).
OpenCC 1.x converts with a dictionary group: at each position it takes the longest
key of the phrase dictionary that starts there, else the character dictionary's
entry, else the character itself, and moves past what it matched (left to right,
longest prefix first); the first value of an entry is the output. Before that, the
CJK compatibility ideographs are mapped to their unified forms (the
``normalization`` pass of every built-in config).

The files are OpenCC's own (``../shared/corpora/opencc-dictionaries/``, Apache-2.0).
"""

from __future__ import annotations

from pathlib import Path


def read_dict(path: Path) -> dict[str, str]:
    """``key -> first value`` of an OpenCC dictionary text file (comments skipped)."""
    table: dict[str, str] = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            key, values = line.split("\t", 1)
            table[key] = values.split(" ")[0]
    return table


class MaxMatch:
    """Left-to-right longest-prefix conversion over phrase and character tables."""

    def __init__(self, phrases: dict[str, str], chars: dict[str, str], normal: dict[str, str]) -> None:
        self.phrases = phrases
        self.chars = chars
        self.normal = str.maketrans(normal) if normal else None
        self.longest = max((len(k) for k in phrases), default=1)
        # a position can start a phrase only if its character starts some key
        self.starts = frozenset(k[0] for k in phrases)

    @classmethod
    def from_dir(cls, folder: Path, direction: str) -> MaxMatch:
        """``direction`` is ``"s2t"`` or ``"t2s"``: OpenCC's configs of those names."""
        prefix = {"s2t": "ST", "t2s": "TS"}[direction]
        normal = read_dict(folder / "CJK_Compatibility_Ideographs.txt")
        return cls(
            read_dict(folder / f"{prefix}Phrases.txt"),
            read_dict(folder / f"{prefix}Characters.txt"),
            {k: v for k, v in normal.items() if len(k) == 1 and len(v) == 1},
        )

    def convert(self, text: str) -> str:
        if self.normal is not None:
            text = text.translate(self.normal)
        out: list[str] = []
        i, n = 0, len(text)
        phrases, chars, starts = self.phrases, self.chars, self.starts
        while i < n:
            c = text[i]
            if c in starts:
                for k in range(min(self.longest, n - i), 1, -1):
                    v = phrases.get(text[i : i + k])
                    if v is not None:
                        out.append(v)
                        i += k
                        break
                else:
                    out.append(phrases.get(c) or chars.get(c, c))
                    i += 1
            else:
                out.append(chars.get(c, c))
                i += 1
        return "".join(out)
