"""PER/LOC/ORG F1 of ``extract_article`` on the MSRA and People's Daily NER test sets.

    python bench/eval_ner.py [--corpora ../shared/corpora] [--limit N] [--every K]
    python bench/eval_ner.py --train-holdout 0.2 --model /tmp/ner_crf.holdout.model
    python bench/eval_ner.py --split-chars 1000   # long sentences (name lists) apart
    python bench/eval_ner.py --cli                # through `newsflow extract --jsonl`, as judged

The second form scores the last 20 % of each TRAIN file with a model trained without it
(``python -m tasks.extract.ner.train --holdout 0.2`` writes that model): the place to tune rules,
since the test files are for the final measurement only.

Each test sentence goes through ``extract_article`` on its own; person → PER, place → LOC,
org → ORG. Per sentence we compare sets of (type, surface text) where the surface is
``text[start:end]`` — a place's ``name`` is canonical (深圳 → 深圳市), the gold is what is
written. Micro-averaged precision, recall and F1 per type. The test files are for
measurement only: nothing here feeds back into training (``python -m tasks.extract.ner.train``).

MSRA digits are full-width; the text is passed as is, as normalize would leave it.
With ``--cli`` the sentences go through ``newsflow extract --jsonl`` (one process for a
whole test set) and each entity's ``name`` (the text at its offsets) is scored instead.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

TEST_SETS = {
    "MSRA": "msra-ner-test/msra_test.jsonl",
    "PD": "peoplesdaily-ner-test/example_test.jsonl",
}
KIND_TO_TYPE = {"person": "PER", "place": "LOC", "org": "ORG"}
TYPES = ("PER", "LOC", "ORG")
TRAIN_SETS = {
    "MSRA train holdout": "msra-ner-train/msra_train_val3000.jsonl",
    "PD train holdout": "peoplesdaily-ner-train/example_dev.jsonl",
}


def load(path: Path, limit: int | None = None, every: int = 1) -> list[dict]:
    out = []
    with open(path, encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i % every:
                continue
            if line.strip():
                out.append(json.loads(line))
            if limit and len(out) >= limit:
                break
    return out


def predict(text: str) -> set[tuple[str, str]]:
    from tasks.extract import extract_article

    x = extract_article(text)
    return {(KIND_TO_TYPE[e.kind], text[e.start : e.end]) for e in x.entities}


def predict_cli(rows: list[dict]) -> list[set[tuple[str, str]]]:
    """What ``newsflow extract --jsonl`` answers for each row, in order."""
    lines = "".join(json.dumps({"id": i, "text": r["text"]}, ensure_ascii=False) + "\n" for i, r in enumerate(rows))
    cmd = [sys.executable, "-m", "flows", "extract", "--jsonl"]
    done = subprocess.run(cmd, input=lines, capture_output=True, text=True, cwd=REPO, check=True)
    out: list[set[tuple[str, str]]] = [set() for _ in rows]
    for line in done.stdout.splitlines():
        rec = json.loads(line)
        out[rec["id"]] = {(KIND_TO_TYPE[e["kind"]], e["name"]) for e in rec.get("entities", [])}
    return out


def score(rows: list[dict], cli: bool = False) -> dict[str, tuple[float, float, float]]:
    counts = {t: [0, 0, 0] for t in TYPES}  # tp, fp, fn
    preds = predict_cli(rows) if cli else None
    for k, row in enumerate(rows):
        gold = {(e["type"], e["text"]) for e in row["entities"] if e["type"] in TYPES}
        pred = preds[k] if preds is not None else predict(row["text"])
        for t in TYPES:
            g = {x for x in gold if x[0] == t}
            p = {x for x in pred if x[0] == t}
            counts[t][0] += len(g & p)
            counts[t][1] += len(p - g)
            counts[t][2] += len(g - p)
    out = {}
    for t, (tp, fp, fn) in counts.items():
        pr = tp / (tp + fp) if tp + fp else 0.0
        rc = tp / (tp + fn) if tp + fn else 0.0
        out[t] = (pr, rc, 2 * pr * rc / (pr + rc) if pr + rc else 0.0)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpora", type=Path, default=REPO.parent / "shared" / "corpora")
    ap.add_argument("--limit", type=int, default=None, help="sentences per test set")
    ap.add_argument("--every", type=int, default=1, help="take every K-th sentence")
    ap.add_argument("--split-chars", type=int, default=None, metavar="N",
                    help="also score sentences of at most N characters and the longer ones apart")
    ap.add_argument("--train-holdout", type=float, default=0.0, help="score the last fraction of the train files instead")
    ap.add_argument("--model", type=Path, default=None,
                    help="a CRF model other than the shipped one (its list model is read from beside it)")
    ap.add_argument("--cli", action="store_true", help="score what `newsflow extract --jsonl` prints (the test sets only)")
    args = ap.parse_args(argv)
    if args.cli and (args.model is not None or args.train_holdout):
        ap.error("--cli scores the shipped model on the test sets: leave out --model and --train-holdout")
    if args.model is not None:
        from tasks.extract.ner import model as ner_model

        ner_model.MODEL_PATH = args.model
        ner_model.LIST_MODEL_PATH = ner_model.list_model_path(args.model)
    if args.train_holdout:
        print("| train holdout | sentences | PER P/R/F1 | LOC P/R/F1 | ORG P/R/F1 | seconds |")
        print("|---|---|---|---|---|---|")
        # The held-out part is matched against the name lists of the training part only.
        from tasks.extract import organisations
        from tasks.extract.ner import model as ner_model
        from tasks.extract.ner import train as train_ner

        files = train_ner.load_training(args.corpora)
        cut = [int(len(data) * (1 - args.train_holdout)) for data in files]
        held = {text for data, c in zip(files, cut, strict=True) for text, _ in data[c:]}
        train = [r for data, c in zip(files, cut, strict=True) for r in data[:c] if r[0] not in held]
        ner_model.set_names(train_ner.name_lex(train))
        organisations.set_not_orgs(train_ner.build_not_orgs(train))
        for name, rel in TRAIN_SETS.items():
            rows = load(args.corpora / rel)
            rows = rows[int(len(rows) * (1 - args.train_holdout)) :][:: args.every]
            t0 = time.perf_counter()
            res = score(rows)
            dt = time.perf_counter() - t0
            cells = " | ".join(f"{p:.3f}/{r:.3f}/**{f:.3f}**" for p, r, f in (res[t] for t in TYPES))
            print(f"| {name} | {len(rows)} | {cells} | {dt:.1f} |")
        return 0
    missing = [p for p in TEST_SETS.values() if not (args.corpora / p).exists()]
    if missing:
        print(f"skipped: test sets not found under {args.corpora}: {', '.join(missing)}")
        return 0
    print("| test set | sentences | PER P/R/F1 | LOC P/R/F1 | ORG P/R/F1 | seconds |")
    print("|---|---|---|---|---|---|")
    for name, rel in TEST_SETS.items():
        rows = load(args.corpora / rel, args.limit, args.every)
        parts = [(name, rows)]
        if args.split_chars:
            n = args.split_chars
            parts += [(f"{name} (≤ {n} chars)", [r for r in rows if len(r["text"]) <= n]),
                      (f"{name} (> {n} chars)", [r for r in rows if len(r["text"]) > n])]
        for label, part in parts:
            if not part:
                continue
            t0 = time.perf_counter()
            res = score(part, args.cli)
            dt = time.perf_counter() - t0
            cells = " | ".join(f"{p:.3f}/{r:.3f}/**{f:.3f}**" for p, r, f in (res[t] for t in TYPES))
            print(f"| {label} | {len(part)} | {cells} | {dt:.1f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
