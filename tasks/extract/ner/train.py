"""Train the NER CRFs shipped as ``tasks/extract/ner/ner_crf.model`` and ``ner_crf_lists.model``.

    python -m tasks.extract.ner.train                 # the shipped model (all training sentences)
    python -m tasks.extract.ner.train --holdout 0.2   # train on 80 %, print F1 on the last 20 %
    python -m tasks.extract.ner.train --folds 5 [--jobs 2]   # 5-fold cross-validation (settings are picked so)
      [--corpora ../shared/corpora] [--out tasks/extract/ner/ner_crf.model] [--names-out tasks/extract/ner/ner_names.txt]
      [--not-orgs-out tasks/extract/ner/ner_not_orgs.txt]
      [--c1 0.05] [--c2 0.01] [--iterations 150] [--minfreq 1] [--augment 1] [--augment-types LOC,ORG] [--lists 0.3]

Training data, and only this (the *test* files are for measurement): the MSRA train
sample (``msra-ner-train/msra_train_val3000.jsonl``) and the People's Daily dev split
(``peoplesdaily-ner-train/example_dev.jsonl``), both ``{text, entities:[{type,start,end}]}``.

**No test sentence is trained on.** Both corpora are cut from 1998 People's Daily, and
sentences recur across them (208 sentences of the original MSRA train sample are verbatim
in the PD test set; ``shared/corpora/msra-ner-train/SOURCE.md``). When the test files
(``msra-ner-test/msra_test.jsonl``, ``peoplesdaily-ner-test/example_test.jsonl``) are
present under ``--corpora``, every training sentence whose text is also a test sentence is
dropped before anything else (the count is printed), so test scores are not inflated. (The
shared ``msra_train_val3000.jsonl`` already leaves those 208 out, so today 0 are dropped;
the check keeps it so whatever the files hold.)

Augmentation (``--augment N``, default 1): N extra copies of the training sentences that
hold a mention of the ``--augment-types`` (default ``LOC,ORG``), each such mention replaced
by another gold mention of its type from the *training part* (seeded, so deterministic;
held-out sentences are never used for it). Picked by 3 of 5 folds (``--folds 5
--only-folds 0,2,4``): swapping places and organisations raised every F1 but PD LOC
(-0.001); swapping people too (with Chinese names built from the surname list and given-name
characters of gold names, and jieba ``nrt`` words) cost MSRA PER 0.02 of precision.

Name list (the CRF's ``name`` feature; ``tasks/extract/ner/ner_names.txt``, written by the same
command, 3,645 names, 65 kB): every gold PER/LOC/ORG name of 2+ characters in the training
files, with its most frequent type. At inference a text is matched against it (longest
match, left to right; type and B/M/E position per character). In training it is
*jackknifed*: the training sentences are cut into 5 contiguous parts, and each part's
sentences are featurized with the names of the other 4 parts only (their augmented copies
swap in names of their own part), so the CRF learns how far a name list built from other
text can be trusted, not that every training name is in it. Under ``--folds`` the held-out
part is matched against the names of that run's training part only. ``extract_article``'s
PER filter also keeps a model person that is a frequent non-name dictionary word (桥本, 罗干)
when the name list calls it a person, and its org rule no longer reads a token ending in a
title (中央政治局常委) as an organisation. Picked by 3 of 5 folds (``--folds 5 --only-folds
0,2,4``; extract F1, MSRA / PD): PER 0.859 → 0.860 / 0.824 → 0.840, LOC 0.828 → 0.833 /
0.883 → 0.883, ORG 0.754 → 0.758 / 0.744 → 0.750. Tried on the same folds and dropped:
with the name list, tokens to the next org-suffix token in the clause and tokens back to a
place (MSRA ORG -0.017, PD ORG +0.021); a gazetteer longest match over whole tokens (MSRA
PER -0.004, ORG -0.005); c-3/c+3 unigrams (MSRA ORG -0.009, PD PER -0.009); all of those
without the name list cost PER and LOC about 0.01.

Words that are no organisation alone (``tasks/extract/ner/ner_not_orgs.txt``, written by the same
command; :func:`build_not_orgs`): words of the training text that end like an organisation
(or that the annotations mark as one at least once) but are marked in under 30 % of their
occurrences outside other names, seen so at least three times (法院, 研究所, a bare 公司).
``extract_entities`` drops an organisation that is one of them, but for the government
bodies analysts count (市政府). Under ``--folds`` the list comes from the training part.
Picked on 5 folds: MSRA / PD organisations 0.780 → 0.784 / 0.780 (dropping 市政府 and
省政府 too would give PD 0.005 more).

List model (``tasks/extract/ner/ner_crf_lists.model``, written by the same command beside the
plain one): official lists print names run together (委员：李鹏乔石李瑞环…（女）…), and the
training files hold no list of three names so printed, so the plain model reads such a
list as one long name or as none. The list model is the same CRF trained with ``--lists``
(0.3) synthetic lists per training sentence, built from the training part's own person
names (:func:`name_lists`: run together or joined by 、 or spaces, some marked （女）, some
after a title and a colon; only names with a surname, or with ·, run together). It costs
plain text 0.01-0.02 of person F1, so :func:`tasks.extract.ner.model.tag_entities` asks it only
about the stretches where the plain model's output shows a list (a "name" of five or more
characters with a surname, or names touching), and keeps its reading only where three or
more people cover 80 % of the stretch. Under ``--folds`` both models are trained per fold,
and 200 lists of the held-out part's names, run together, are scored as ``lists``. On 3 of
5 folds (MSRA / PD): person, place and organisation F1 exactly as before (0.860 / 0.840,
0.833 / 0.883, 0.758 / 0.750), lists of held-out names 0.357 → 0.927. One model trained
with 0.03, 0.1 or 0.3 lists per sentence read the lists at 0.89, 0.92, 0.93 but cost
plain-text person F1 (MSRA 0.845, 0.838, 0.832; PD 0.830, 0.835, 0.826): hence two models.

Training is deterministic (L-BFGS from zero weights, data in file order, seeded
augmentation), so the same data and dictionaries give the same model. ``--holdout`` keeps
the last fraction of each file out of training; ``--folds K`` trains K models, each
without one contiguous K-th of each file, and scores the held part; both report the CRF's
spans and ``extract_article``'s (surface names per sentence, as ``bench/eval_ner.py``).
Training sentences whose text equals a held-out sentence (90 sentences occur in both
train files) are left out of that run's training.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from tasks.extract import lexicon, organisations
from tasks.extract import tokenizer as terms
from tasks.extract.ner import model as ner_model

REPO = Path(__file__).resolve().parent.parent
TRAIN_FILES = (
    "msra-ner-train/msra_train_val3000.jsonl",
    "peoplesdaily-ner-train/example_dev.jsonl",
)
TEST_FILES = (
    "msra-ner-test/msra_test.jsonl",
    "peoplesdaily-ner-test/example_test.jsonl",
)

Row = tuple[str, list[tuple[str, int, int]]]
JACK_PARTS = 5
LIST_EVAL = 200  # synthetic lists of held-out names scored per fold


def load(path: Path) -> list[Row]:
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                d = json.loads(line)
                spans = [(e["type"], e["start"], e["end"]) for e in d["entities"] if e["type"] in ner_model.LABELS]
                out.append((d["text"], spans))
    return out


def test_texts(corpora: Path) -> set[str]:
    """Texts of the test sentences (empty when the test files are absent)."""
    texts: set[str] = set()
    for rel in TEST_FILES:
        p = corpora / rel
        if p.exists():
            with open(p, encoding="utf-8") as fh:
                texts.update(json.loads(line)["text"] for line in fh if line.strip())
    return texts


def load_training(corpora: Path) -> list[list[Row]]:
    """Each training file's sentences, less those whose text is a test sentence."""
    banned = test_texts(corpora)
    out = []
    for rel in TRAIN_FILES:
        data = load(corpora / rel)
        kept = [r for r in data if r[0] not in banned]
        print(f"{rel}: {len(data)} sentences, {len(data) - len(kept)} dropped (text in a test file)", file=sys.stderr)
        out.append(kept)
    return out


# ---------------------------------------------------------------- augmentation


def _clean_nrt(word: str) -> bool:
    return 2 <= len(word) <= 6 and all("\u4e00" <= c <= "\u9fff" for c in word)


def augment(rows: Sequence[Row], copies: int, seed: int = 1998, types: str = "LOC,ORG") -> list[Row]:
    """``copies`` copies of the rows that hold a mention, every mention replaced by another
    name of its type (seeded, so deterministic). Names come from ``rows`` only (plus the
    surname list and jieba's ``nrt`` words): pass the training part, never held-out text."""
    if copies <= 0:
        return []
    rng = random.Random(seed)
    pool: dict[str, list[str]] = {lab: [] for lab in ner_model.LABELS}
    seen: set[tuple[str, str]] = set()
    given: list[str] = []
    surnames = [s for s in terms.read_lines("surnames.txt") if len(s) == 1]
    sset = set(surnames)
    for text, spans in rows:
        for typ, s, e in spans:
            name = text[s:e]
            if (typ, name) not in seen and e - s >= 2:
                seen.add((typ, name))
                pool[typ].append(name)
            if typ == "PER" and 2 <= len(name) <= 3 and name[0] in sset:
                given.extend(name[1:])
    lx = terms.lexicon()
    nrt = sorted(w for w, t in lx.tags.items() if t == "nrt" and _clean_nrt(w) and lx.freq.get(w, 0) >= 3)
    out: list[Row] = []
    swap = set(types.split(","))
    with_spans = [r for r in rows if any(t in swap for t, _, _ in r[1])]

    def person() -> str:
        r = rng.random()
        if r < 0.4:
            return rng.choice(pool["PER"])
        if r < 0.75 or not nrt:
            return rng.choice(surnames) + "".join(rng.choice(given) for _ in range(rng.choice((1, 2, 2))))
        return rng.choice(nrt)

    for _ in range(copies):
        for text, spans in with_spans:
            parts: list[str] = []
            new: list[tuple[str, int, int]] = []
            pos = 0
            for typ, s, e in sorted(spans, key=lambda x: x[1]):
                if s < pos:
                    continue
                parts.append(text[pos:s])
                start = sum(map(len, parts))
                name = text[s:e] if typ not in swap else person() if typ == "PER" else rng.choice(pool[typ])
                parts.append(name)
                new.append((typ, start, start + len(name)))
                pos = e
            parts.append(text[pos:])
            out.append(("".join(parts), new))
    return out


def name_lists(rows: Sequence[Row], count: int, seed: int = 1998, seps: Sequence[str] = ("", "", "、", " ", "\u3000")) -> list[Row]:
    """``count`` synthetic name lists (as official lists print them: 委员：李鹏乔石李瑞环…,
    names run together or joined by 、 or spaces, some marked （女）), from the PER names of
    ``rows`` only. The training files hold no list of more than two names run together, so
    without these the CRF reads such a list as one long name or none."""
    if count <= 0:
        return []
    rng = random.Random(seed)
    people = sorted({text[s:e] for text, spans in rows for t, s, e in spans if t == "PER" and 2 <= e - s <= 12})
    # Run-together lists are of Chinese names (and minority names with ·): a reader can
    # only cut them because each name starts with a surname.
    surnames = {s for s in terms.read_lines("surnames.txt") if len(s) == 1}
    chinese = [p for p in people if ("·" in p or (p[0] in surnames and len(p) <= 4))]
    titles = [t for t in terms.read_lines("titles.txt") if len(t) <= 4]
    if len(chinese) < 3:
        return []
    out: list[Row] = []
    for _ in range(count):
        sep = rng.choice(seps)
        parts: list[str] = []
        spans: list[tuple[str, int, int]] = []
        pos = 0
        if titles and rng.random() < 0.7:
            parts.append(rng.choice(titles) + "：")
            pos = len(parts[0])
        for i in range(rng.randint(3, 20)):
            if i:
                parts.append(sep)
                pos += len(sep)
            name = rng.choice(people if sep else chinese)
            parts.append(name)
            spans.append(("PER", pos, pos + len(name)))
            pos += len(name)
            if rng.random() < 0.1:
                parts.append("（女）")
                pos += 3
        if rng.random() < 0.5:
            parts.append("。")
        out.append(("".join(parts), spans))
    return out


# ---------------------------------------------------------------- training and scoring


def build_names(rows: Sequence[Row]) -> dict[str, str]:
    """Gold names of ``rows`` (2+ chars), each with its most frequent type."""
    count: dict[str, dict[str, int]] = {}
    for text, spans in rows:
        for typ, s, e in spans:
            if e - s >= 2:
                c = count.setdefault(text[s:e], {})
                c[typ] = c.get(typ, 0) + 1
    return {nm: max(ner_model.LABELS, key=lambda t: (c.get(t, 0), -ner_model.LABELS.index(t))) for nm, c in count.items()}


def name_lex(rows: Sequence[Row]) -> ner_model.NameLex:
    return ner_model.NameLex({k: ner_model.NAME_TYPES[v] for k, v in build_names(rows).items()})


def write_names(rows: Sequence[Row], path: Path) -> None:
    names = build_names(rows)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("# Gold PER/LOC/ORG names of the NER training files (python -m tasks.extract.ner.train)\n")
        for nm in sorted(names):
            fh.write(f"{nm}\t{names[nm]}\n")
    print(f"{len(names)} names -> {path} ({path.stat().st_size} bytes)", file=sys.stderr)


# A word is no organisation by itself where the annotations mark it in under this share
# of its occurrences outside other names, seen free at least NOT_ORG_MIN_FREE times.
NOT_ORG_SHARE = 0.3
NOT_ORG_MIN_FREE = 3


def build_not_orgs(rows: Sequence[Row]) -> list[str]:
    """Words the model may read as an organisation that the annotations seldom mark so
    (法院, 研究所, 国家队, 农产品: seven times in ten or more a plain word there), from
    the segmentation of ``rows``; only words that end like an organisation or that are
    marked at least once, since no other word is read as one."""
    marked: dict[str, int] = {}
    free: dict[str, int] = {}
    for text, spans in rows:
        covered = bytearray(len(text))
        for _, s, e in spans:
            covered[s:e] = b"\x01" * (e - s)
        orgs = {(s, e) for t, s, e in spans if t == "ORG"}
        pos = 0
        for tok in terms.tokenize(text):
            s, e = pos, pos + len(tok)
            pos = e
            if len(tok) < 2:
                continue
            if (s, e) in orgs:
                marked[tok] = marked.get(tok, 0) + 1
            elif not any(covered[s:e]):
                free[tok] = free.get(tok, 0) + 1
    out = []
    for w, n in free.items():
        m = marked.get(w, 0)
        if n >= NOT_ORG_MIN_FREE and m < NOT_ORG_SHARE * (m + n) and (m or w.endswith(lexicon.ORGISH_END) or organisations.org_suffix(w)):
            out.append(w)
    return sorted(out)


def write_not_orgs(rows: Sequence[Row], path: Path) -> None:
    words = build_not_orgs(rows)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("# Words the NER training files seldom mark as an organisation (python -m tasks.extract.ner.train)\n")
        fh.writelines(f"{w}\n" for w in words)
    print(f"{len(words)} words -> {path} ({path.stat().st_size} bytes)", file=sys.stderr)


def jackknife(rows: Sequence[Row], copies: int, types: str, lists: float = 0.0, parts: int = JACK_PARTS) -> tuple[list[Row], list]:
    """The training rows plus augmented copies, each with the name list it is featurized
    with: for a sentence of part j (of ``parts`` contiguous parts), the names of the other
    parts only, so the CRF learns how far a name list built elsewhere can be trusted.
    Augmented copies swap in names of their own part (which the list of the other parts
    then holds no more often than for a real unseen sentence)."""
    out_rows: list[Row] = []
    out_lex: list = []
    bounds = [int(len(rows) * j / parts) for j in range(parts + 1)]
    for j in range(parts):
        part = list(rows[bounds[j] : bounds[j + 1]])
        lexj = name_lex([r for k, r in enumerate(rows) if not bounds[j] <= k < bounds[j + 1]])
        extra = augment(part, copies, seed=1998 + j, types=types) + name_lists(part, round(lists * len(part)), seed=1998 + j)
        out_rows += part + extra
        out_lex += [lexj] * (len(part) + len(extra))
    return out_rows, out_lex


def train_model(rows: Sequence[Row], out: Path, params: dict, lexes: Sequence | None = None) -> None:
    import pycrfsuite

    t0 = time.time()
    trainer = pycrfsuite.Trainer(verbose=False)
    for i, (text, spans) in enumerate(rows):
        F = ner_model.feature_matrix(text, terms.tokenize(text), lexes[i] if lexes is not None else None)
        trainer.append(ner_model.feature_strings(F), ner_model.spans_to_bio(len(text), spans))
    print(f"features for {len(rows)} sentences in {time.time() - t0:.1f}s", file=sys.stderr)
    trainer.set_params({"feature.possible_transitions": True, **params})
    t0 = time.time()
    out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))
    print(f"trained in {time.time() - t0:.1f}s -> {out} ({out.stat().st_size} bytes)", file=sys.stderr)


def train_models(train: Sequence[Row], out: Path, params: dict, copies: int, types: str, lists: float) -> None:
    """The plain model at ``out`` and the list model (``lists`` synthetic name lists per
    training sentence) beside it."""
    for share, path in ((0.0, out), (lists, ner_model.list_model_path(out))):
        rows, lexes = jackknife(train, copies, types, share)
        train_model(rows, path, params, lexes)


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    pr = tp / (tp + fp) if tp + fp else 0.0
    rc = tp / (tp + fn) if tp + fn else 0.0
    return pr, rc, 2 * pr * rc / (pr + rc) if pr + rc else 0.0


def score(model_path: Path, held: Sequence[Row]) -> dict[str, dict[str, list[int]]]:
    """tp/fp/fn per type of the surface names per sentence (as bench/eval_ner.py counts
    them) that the CRFs alone find (``crf``) and that ``extract_article`` finds (``extract``)."""
    from tasks.extract import extract_article

    ner_model.MODEL_PATH = model_path
    ner_model.LIST_MODEL_PATH = ner_model.list_model_path(model_path)
    ner_model._MODEL_LOADED = False  # reload the models just trained
    assert ner_model.model() is not None
    kinds = {"person": "PER", "place": "LOC", "org": "ORG"}
    res = {k: {lab: [0, 0, 0] for lab in ner_model.LABELS} for k in ("crf", "extract")}
    for text, spans in held:
        gold = {(t, text[s:e]) for t, s, e in spans}
        pred_crf = {(t, text[s:e]) for t, s, e in ner_model.tag_entities(text)}
        pred_extract = {(kinds[m.kind], text[m.start : m.end]) for m in extract_article(text).entities}
        for key, g, p in (("crf", gold, pred_crf), ("extract", gold, pred_extract)):
            for lab in ner_model.LABELS:
                gl = {x for x in g if x[0] == lab}
                pl = {x for x in p if x[0] == lab}
                c = res[key][lab]
                c[0] += len(gl & pl)
                c[1] += len(pl - gl)
                c[2] += len(gl - pl)
    return res


def _run_fold(job: tuple) -> list[dict]:
    files, lo, hi, params, copies, types, lists, out = job
    train, helds = [], []
    for data in files:
        a, b = int(len(data) * lo), int(len(data) * hi)
        helds.append(data[a:b])
    held_texts = {t for h in helds for t, _ in h}
    for data in files:
        a, b = int(len(data) * lo), int(len(data) * hi)
        train += [r for r in data[:a] + data[b:] if r[0] not in held_texts]
    train_models(train, Path(out), params, copies, types, lists)
    ner_model.set_names(name_lex(train))  # held-out text is matched against training names only
    organisations.set_not_orgs(build_not_orgs(train))
    try:
        # Lists of held-out names run together measure what no training file holds.
        held_lists = name_lists([r for h in helds for r in h], LIST_EVAL, seed=7, seps=("",))
        return [score(Path(out), h) for h in helds] + [score(Path(out), held_lists)]
    finally:
        ner_model.set_names(None)
        organisations.set_not_orgs(None)


def _report(name: str, res: dict[str, dict[str, list[int]]]) -> None:
    for key in ("crf", "extract"):
        cells = "  ".join(f"{lab} {p:.3f}/{r:.3f}/{f:.3f}" for lab, (p, r, f) in ((lab, _prf(*c)) for lab, c in res[key].items()))
        print(f"{name:<10} {key:<8} {cells}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpora", type=Path, default=REPO.parent / "shared" / "corpora")
    ap.add_argument("--out", type=Path, default=None, help="default: the shipped model, or a temp file with --holdout/--folds")
    ap.add_argument("--names-out", type=Path, default=None, help="default: the shipped name list tasks/extract/ner/ner_names.txt")
    ap.add_argument("--not-orgs-out", type=Path, default=None, help="default: the shipped list tasks/extract/ner/ner_not_orgs.txt")
    ap.add_argument("--holdout", type=float, default=0.0)
    ap.add_argument("--folds", type=int, default=0)
    ap.add_argument("--only-folds", type=str, default="", help="with --folds: comma-separated fold numbers to run")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--c1", type=float, default=0.05)
    ap.add_argument("--c2", type=float, default=0.01)
    ap.add_argument("--iterations", type=int, default=150)
    ap.add_argument("--minfreq", type=float, default=1)
    ap.add_argument("--augment", type=int, default=1, help="augmented copies of the training sentences")
    ap.add_argument("--augment-types", default="LOC,ORG", help="mention types replaced in the copies")
    ap.add_argument("--lists", type=float, default=0.3, help="synthetic name lists per training sentence, for the list model")
    args = ap.parse_args(argv)
    params = {"c1": args.c1, "c2": args.c2, "max_iterations": args.iterations, "feature.minfreq": args.minfreq}
    files = load_training(args.corpora)
    if args.holdout or args.folds:
        # A holdout run must never overwrite the shipped model.
        base = args.out or Path(tempfile.gettempdir()) / "ner_crf.holdout.model"
        if args.holdout:
            ranges = [(1 - args.holdout, 1.0)]
            outs = [base]
        else:
            K = args.folds
            which = [int(x) for x in args.only_folds.split(",")] if args.only_folds else list(range(K))
            ranges = [(k / K, (k + 1) / K) for k in which]
            outs = [base.with_suffix(f".fold{k}") for k in which]
        jobs = [(files, lo, hi, params, args.augment, args.augment_types, args.lists, str(o)) for (lo, hi), o in zip(ranges, outs, strict=True)]
        if args.jobs > 1 and len(jobs) > 1:
            import multiprocessing as mp

            with mp.get_context("fork").Pool(args.jobs) as pool:
                results = pool.map(_run_fold, jobs, chunksize=1)
        else:
            results = [_run_fold(j) for j in jobs]
        names = ("MSRA", "PD", "lists")
        total = {n: {k: {lab: [0, 0, 0] for lab in ner_model.LABELS} for k in ("crf", "extract")} for n in names}
        for (lo, hi), per_file in zip(ranges, results, strict=True):
            for n, res in zip(names, per_file, strict=True):
                if len(results) > 1:
                    _report(f"{n}[{lo:.2f}:{hi:.2f}]", res)
                for k in res:
                    for lab in res[k]:
                        total[n][k][lab] = [a + b for a, b in zip(total[n][k][lab], res[k][lab], strict=True)]
        for n in names:
            _report(f"{n} all", total[n])
        return 0
    out = args.out or ner_model.MODEL_PATH
    train = [r for data in files for r in data]
    train_models(train, out, params, args.augment, args.augment_types, args.lists)
    write_names(train, args.names_out or ner_model.NAMES_PATH)
    write_not_orgs(train, args.not_orgs_out or organisations.NOT_ORGS_PATH)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
