"""Print the conversion scores: OpenCC's to-Simplified cases and UD GSD dev/test sentences.

    python bench/eval_conversion.py

Compares plain t2s (the package, through tasks.t2s) with tasks.normalize.convert
(look-alike repair + t2s + the correction layer of tasks/normalize/rules/t2s_opencc.tsv and
t2s_corrections.tsv). The Traditional round trip on news is bench/eval_roundtrip.py.
The rules were tuned on gsd_dev only; gsd_test is measured, never read for rules.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CORPORA = ROOT.parent / "shared" / "corpora"

from tasks.normalize import convert  # noqa: E402
from tasks.normalize.t2s import to_simplified  # noqa: E402


def _jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def opencc_cases(verbose: bool = False) -> tuple[int, int, int]:
    """(plain correct, corrected correct, total) over the t2s cases."""
    cases = [c for c in _jsonl(CORPORA / "opencc-testcases" / "to_simplified_cases.jsonl") if c["config"] == "t2s"]
    plain = fixed = 0
    for c in cases:
        plain += to_simplified(c["input"]) == c["expected"]
        out = convert(c["input"])[0]
        fixed += out == c["expected"]
        if verbose and out != c["expected"]:
            print("  miss", c["id"], c["input"], "->", out, "expected", c["expected"])
    return plain, fixed, len(cases)


def gsd(split: str, verbose: bool = False) -> tuple[int, int, int]:
    """(plain identical, corrected identical, total) sentences of a GSD split."""
    rows = _jsonl(CORPORA / "ud-chinese-gsd-parallel" / f"gsd_{split}_parallel.jsonl")
    plain = fixed = 0
    for r in rows:
        plain += to_simplified(r["traditional"]) == r["simplified"]
        out = convert(r["traditional"])[0]
        fixed += out == r["simplified"]
        if verbose and out != r["simplified"]:
            print("  miss", r["id"], r["traditional"], "->", out)
    return plain, fixed, len(rows)


def main() -> int:
    if not CORPORA.is_dir():
        print(f"skipped: {CORPORA} not found (the shared corpora are not available here)")
        return 0
    verbose = "-v" in sys.argv
    p, f, n = opencc_cases(verbose)
    print(f"OpenCC t2s cases: plain {p}/{n}, corrected {f}/{n}")
    # the other to-Simplified configs: Taiwan/Hong Kong input (tw2s, hk2s); the *p ones
    # also swap regional vocabulary (軟體 -> 软件), which newsflow does not do
    by_config: dict[str, list[int]] = {}
    for c in _jsonl(CORPORA / "opencc-testcases" / "to_simplified_cases.jsonl"):
        if c["config"] != "t2s":
            counts = by_config.setdefault(c["config"], [0, 0, 0])
            counts[0] += to_simplified(c["input"]) == c["expected"]
            counts[1] += convert(c["input"])[0] == c["expected"]
            counts[2] += 1
    print("OpenCC other cases: " + ", ".join(f"{k} plain {a}/{n}, corrected {b}/{n}" for k, (a, b, n) in sorted(by_config.items())))
    for split in ("dev", "test"):
        p, f, n = gsd(split, verbose and split == "dev")
        print(f"UD GSD {split}: plain {p}/{n}, corrected {f}/{n} sentences identical to the hand-corrected text")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
