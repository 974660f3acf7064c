"""Write ``tasks/normalize/rules/t2s_opencc.tsv``: where current OpenCC converts differently.

    python scripts/build_t2s_opencc.py [--dicts ../shared/corpora/opencc-dictionaries]

newsflow's plain t2s is opencc-python-reimplemented 0.1.7 (``tasks.normalize.t2s``,
identical to the package), whose dictionaries are older than OpenCC's. This script
compares them with OpenCC's current dictionary files (Apache-2.0, see SOURCE.md
beside them) and writes, as rows of the correction layer, every entry where the
current dictionaries give another Simplified output:

* ``TSCharacters``: a character whose first value changed (逕 → 径; 祕 → 秘 where the
  package keeps 祕, 甦 kept where the package writes 苏), or that the package lacks (擡 → 抬);
* ``TSPhrases``: a phrase whose output differs from what newsflow gives it with the
  character rows applied (批覆 → 批复; 七逕 → 七迳 shields the place name from the
  new 逕 → 径), and phrases of the package that OpenCC dropped (酒逢知己千鍾少…);
* ``TWVariants``/``HKVariants``: a regional variant the Traditional table does not know
  (衞 → 卫 through 衛), converted as OpenCC's tw2s/hk2s convert it, unless OpenCC's
  reverse phrase lists show it is a character of its own as well (TW 著);
* ``CJK_Compatibility_Ideographs``: a compatibility ideograph (OpenCC's normalization
  pass) converted as its unified form.

Rows keep the length of their key (the correction layer maps character to
character); an entry that would not is left out and reported. Hand corrections
(``rules/t2s_corrections.tsv``) take precedence over these rows at load time.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "tasks" / "normalize" / "rules" / "t2s_opencc.tsv"
DEFAULT_DICTS = ROOT.parent / "shared" / "corpora" / "opencc-dictionaries"

import opencc  # noqa: E402  (opencc-python-reimplemented: its dictionaries are the old ones)

from tasks import reasons  # noqa: E402
from tasks.normalize.t2s import to_simplified  # noqa: E402

PACKAGE_DICTS = Path(opencc.__file__).resolve().parent / "dictionary"


def read_dict(path: Path) -> dict[str, str]:
    """``key -> first value`` of an OpenCC dictionary file (comment lines skipped)."""
    table: dict[str, str] = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line and not line.startswith("#"):
                key, values = line.split("\t", 1)
                table[key] = values.split(" ")[0]
    return table


def read_variants(path: Path) -> dict[str, list[str]]:
    """``standard -> [regional variants]`` of TWVariants/HKVariants."""
    table: dict[str, list[str]] = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line and not line.startswith("#"):
                key, values = line.split("\t", 1)
                table[key] = values.split(" ")
    return table


def commit_of(folder: Path) -> str:
    """The OpenCC commit the dictionaries come from (their SOURCE.md names it)."""
    source = folder / "SOURCE.md"
    if source.is_file():
        m = re.search(r"\*\*Commit:\*\*\s*([0-9a-f]{7,40})", source.read_text(encoding="utf-8"))
        if m:
            return m.group(1)
    return "unknown"


class Layer:
    """What newsflow outputs for a key: plain t2s, then the rows so far (longest key first)."""

    def __init__(self) -> None:
        self.rows: dict[str, tuple[str, str, str]] = {}  # key -> (value, rule, source)

    def add(self, key: str, value: str, source: str) -> None:
        # opencc_keep: the row keeps a character of the input that plain t2s changes
        # (乾 of 乾安縣 → 乾安县, where the package writes 干安县)
        plain = to_simplified(key)
        kept = any(v == k != p for k, v, p in zip(key, value, plain, strict=True))
        self.rows[key] = (value, reasons.OPENCC_KEEP if kept else reasons.OPENCC_UPDATE, source)

    def convert(self, text: str) -> str:
        out = list(to_simplified(text))
        used = [False] * len(text)
        keys = [
            (start, key)
            for n in range(len(text), 0, -1)
            for start in range(len(text) - n + 1)
            if (key := text[start : start + n]) in self.rows
        ]
        for start, key in keys:
            if not any(used[start : start + len(key)]):
                out[start : start + len(key)] = self.rows[key][0]
                used[start : start + len(key)] = [True] * len(key)
        return "".join(out)


def build(folder: Path) -> tuple[Layer, list[str]]:
    chars = read_dict(folder / "TSCharacters.txt")
    phrases = read_dict(folder / "TSPhrases.txt")
    old_chars = read_dict(PACKAGE_DICTS / "TSCharacters.txt")
    old_phrases = read_dict(PACKAGE_DICTS / "TSPhrases.txt")
    longest = max(map(len, phrases))
    skipped: list[str] = []
    layer = Layer()

    def ts(text: str) -> str:
        """OpenCC t2s of text (left to right, longest phrase first)."""
        out, i = [], 0
        while i < len(text):
            for n in range(min(len(text) - i, longest), 1, -1):
                if text[i : i + n] in phrases:
                    out.append(phrases[text[i : i + n]])
                    i += n
                    break
            else:
                out.append(chars.get(text[i], text[i]))
                i += 1
        return "".join(out)

    # 1. characters
    for key in sorted(set(chars) | set(old_chars)):
        new, old = chars.get(key, key), old_chars.get(key, key)
        if new == key and len(old) == 1 and ord(old) > 0xFFFF:
            # 㑮 → 𫝈: the entry now keeps the character first, but OpenCC's t2s config
            # still writes the extension-B form through TSCharactersExt (may_output_tofu),
            # a file the shared copy lacks; the C++ wheel converts all of these.
            continue
        if new != old and len(key) == 1:
            if len(new) != 1:
                skipped.append(f"TSCharacters {key} -> {new}")
                continue
            layer.add(key, new, "TSCharacters")
    # 2. regional variants unknown to the Traditional table, then compatibility ideographs
    for name in ("TWVariants", "HKVariants"):
        # A variant that OpenCC reverses only outside listed phrases (TW 著: 着 but 著名)
        # is a character of its own too: left to the hand corrections.
        in_phrases = set("".join(read_dict(folder / f"{name}RevPhrases.txt")))
        for standard, variants in read_variants(folder / f"{name}.txt").items():
            for v in variants:
                if len(v) == 1 and v != standard and v not in chars and v not in old_chars and v not in in_phrases:
                    target = ts(standard)
                    if len(target) == 1 and to_simplified(v) != target and v not in layer.rows:
                        layer.add(v, target, name)
    for compat, unified in read_dict(folder / "CJK_Compatibility_Ideographs.txt").items():
        if len(compat) == 1 and len(unified) == 1 and compat not in chars:
            target = ts(unified)
            if to_simplified(compat) != target:
                layer.add(compat, target, "CJK_Compatibility_Ideographs")
    # 3. phrases, checked against what the layer gives so far (shortest first, so a
    #    longer phrase is added only if the shorter rows do not already give it)
    for key in sorted(set(phrases) | set(old_phrases), key=lambda k: (len(k), k)):
        target = ts(key)
        if len(target) != len(key):
            skipped.append(f"TSPhrases {key} -> {target}")
            continue
        if layer.convert(key) != target:
            layer.add(key, target, "TSPhrases")
    return layer, skipped


def write(layer: Layer, folder: Path, out: Path) -> None:
    header = f"""\
# GENERATED by scripts/build_t2s_opencc.py: do not edit; hand corrections go in t2s_corrections.tsv.
#
# Data derived from OpenCC (Open Chinese Convert, https://github.com/BYVoid/OpenCC), commit
# {commit_of(folder)}, data/dictionary/{{TSCharacters,TSPhrases,TWVariants,HKVariants,TWVariantsRevPhrases,
# HKVariantsRevPhrases,CJK_Compatibility_Ideographs}}.txt. Copyright the OpenCC contributors (Carbo Kuo / BYVoid et al.),
# licensed under the Apache License, Version 2.0 (rules/OPENCC-LICENSE.txt,
# http://www.apache.org/licenses/LICENSE-2.0). Changed: only the entries where OpenCC's current
# Traditional-to-Simplified output differs from opencc-python-reimplemented 0.1.7's are kept,
# first value only, regional variants resolved to their Simplified form.
#
# Columns: key (as written in the input) <TAB> output <TAB> rule code <TAB> OpenCC dictionary.
# Read by tasks/normalize/rules.py into the correction layer (see t2s_corrections.tsv for how
# keys match); an output equal to the key keeps characters the package would convert.
"""
    lines = [header]
    for key, (value, rule, source) in sorted(layer.rows.items(), key=lambda kv: (kv[1][2], len(kv[0]), kv[0])):
        lines.append(f"{key}\t{value}\t{rule}\t{source}\n")
    out.write_text("".join(lines), encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dicts", type=Path, default=DEFAULT_DICTS)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    layer, skipped = build(args.dicts)
    write(layer, args.dicts, args.out)
    by_source: dict[str, int] = {}
    for _, _, source in layer.rows.values():
        by_source[source] = by_source.get(source, 0) + 1
    print(f"wrote {len(layer.rows)} rows to {args.out}: {by_source}")
    for s in skipped:
        print(f"  left out (changes the length): {s}")
    subprocess.run(["git", "-C", str(ROOT), "diff", "--stat", "--", str(args.out)], check=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
