"""Train the NER CRF shipped as ``tasks/dicts/ner_crf.model``.

    python -m tasks.train_ner                 # the shipped model (all training sentences)
    python -m tasks.train_ner --holdout 0.2   # train on 80 %, print F1 on the last 20 %
      [--corpora ../shared/corpora] [--out tasks/dicts/ner_crf.model]
      [--c1 0.05] [--c2 0.01] [--iterations 150] [--minfreq 1]

Training data, and only this (the *test* files are for measurement): the MSRA train
sample (``msra-ner-train/msra_train_val3000.jsonl``) and the People's Daily dev split
(``peoplesdaily-ner-train/example_dev.jsonl``), both ``{text, entities:[{type,start,end}]}``.
Training is deterministic (L-BFGS from zero weights, data in file order), so the same data
and dictionaries give the same model. ``--holdout`` keeps the last fraction of each file
out of training and reports F1 on it, to pick settings without touching the test sets.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from tasks import ner_model, terms

REPO = Path(__file__).resolve().parent.parent
TRAIN_FILES = (
    "msra-ner-train/msra_train_val3000.jsonl",
    "peoplesdaily-ner-train/example_dev.jsonl",
)


def load(path: Path) -> list[tuple[str, list[tuple[str, int, int]]]]:
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                d = json.loads(line)
                spans = [(e["type"], e["start"], e["end"]) for e in d["entities"] if e["type"] in ner_model.LABELS]
                out.append((d["text"], spans))
    return out


def _f1(gold: list[set], pred: list[set]) -> dict[str, tuple[float, float, float]]:
    res = {}
    for lab in ner_model.LABELS:
        tp = fp = fn = 0
        for g, p in zip(gold, pred, strict=True):
            gl = {x for x in g if x[0] == lab}
            pl = {x for x in p if x[0] == lab}
            tp += len(gl & pl)
            fp += len(pl - gl)
            fn += len(gl - pl)
        pr = tp / (tp + fp) if tp + fp else 0.0
        rc = tp / (tp + fn) if tp + fn else 0.0
        res[lab] = (pr, rc, 2 * pr * rc / (pr + rc) if pr + rc else 0.0)
    return res


def main(argv: list[str] | None = None) -> int:
    import pycrfsuite

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpora", type=Path, default=REPO.parent / "shared" / "corpora")
    ap.add_argument("--out", type=Path, default=None, help="default: the shipped model, or a temp file with --holdout")
    ap.add_argument("--holdout", type=float, default=0.0)
    ap.add_argument("--c1", type=float, default=0.05)
    ap.add_argument("--c2", type=float, default=0.01)
    ap.add_argument("--iterations", type=int, default=150)
    ap.add_argument("--minfreq", type=float, default=1)
    args = ap.parse_args(argv)
    if args.out is None:
        # A holdout run must never overwrite the shipped model.
        args.out = ner_model.MODEL_PATH if not args.holdout else Path(tempfile.gettempdir()) / "ner_crf.holdout.model"

    train, held = [], []
    for rel in TRAIN_FILES:
        data = load(args.corpora / rel)
        k = int(len(data) * (1 - args.holdout))
        train += data[:k]
        held += data[k:]
    t0 = time.time()
    trainer = pycrfsuite.Trainer(verbose=False)
    for text, spans in train:
        F = ner_model.feature_matrix(text, terms.tokenize(text))
        trainer.append(ner_model.feature_strings(F), ner_model.spans_to_bio(len(text), spans))
    print(f"features for {len(train)} sentences in {time.time() - t0:.1f}s", file=sys.stderr)
    trainer.set_params(
        {
            "c1": args.c1,
            "c2": args.c2,
            "max_iterations": args.iterations,
            "feature.possible_transitions": True,
            "feature.minfreq": args.minfreq,
        }
    )
    t0 = time.time()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(args.out))
    print(f"trained in {time.time() - t0:.1f}s -> {args.out} ({args.out.stat().st_size} bytes)", file=sys.stderr)
    if held:
        crf = ner_model.CRF(args.out)
        gold, pred = [], []
        for text, spans in held:
            gold.append(set(spans))
            pred.append(set(ner_model.bio_to_spans(crf.tag(ner_model.feature_matrix(text, terms.tokenize(text))))))
        # The numpy decoder must agree with crfsuite's own Viterbi (ties aside).
        tagger = pycrfsuite.Tagger()
        tagger.open(str(args.out))
        same = sum(
            tagger.tag(ner_model.feature_strings(F)) == crf.tag(F)
            for F in (ner_model.feature_matrix(t, terms.tokenize(t)) for t, _ in held[:300])
        )
        print(f"numpy decoder == crfsuite on {same}/{min(300, len(held))} holdout sentences")
        for lab, (p, r, f) in _f1(gold, pred).items():
            print(f"holdout {lab}: P {p:.3f} R {r:.3f} F1 {f:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
