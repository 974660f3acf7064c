"""Score meetings held, roles and statements against the hand labels (issue #22).

    python bench/eval_meetings.py                 # every part, through `newsflow extract --jsonl`
    python bench/eval_meetings.py --part dev      # one part: dev, check or seed
    python bench/eval_meetings.py --in-process    # extract_article in this process (faster)
    python bench/eval_meetings.py --warehouse     # load the stories with `newsflow run`, score the tables
    python bench/eval_meetings.py --show          # print each story's misses and extras

The labels (``bench/labels/meetings_dev.jsonl``) hold story ids and short anchors only:
CCTV 新闻联播 stories are read from ``../shared/corpora/xwlb-2012-2019`` (the body HTML
stripped as the pipeline strips a mapped HTML field, ``tasks.ingest.strip_markup``) and sent
with their broadcast date;
the seed articles are the bundled samples as the pipeline normalizes them, with their date
when the text gives one. How each figure is counted is in docs/evaluation-meetings.md:

- meeting names: predicted vs labelled names of meetings held, exact after normalisation
  (``tasks.extract.meetings.normalise_name`` on both sides);
- chair and speakers: (role, person) pairs of a story, roles chair and speech;
- attendees: recall of (person) among the labelled attend roles, and of (person, list
  position) — "with their order";
- statements: (speaker, verb) matched to a labelled one near the same place (the content
  start within 30 characters); "content start exact" is the share of those matches whose
  content starts where the label's anchor does.

Exits 0 with a message when ../shared/corpora is absent.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
LABELS = REPO / "bench" / "labels" / "meetings_dev.jsonl"
XWLB = REPO.parent / "shared" / "corpora" / "xwlb-2012-2019"
NEAR = 30  # characters between a predicted and a labelled content start that still match

def story_text(content: str) -> str:
    """A story's body HTML as the pipeline reads a mapped field (``tasks.ingest.strip_markup``:
    one line per paragraph, tags out, entities decoded). The 央视网消息（新闻联播）： dateline stays:
    ``newsflow extract`` is given the story as a scraper export holds it."""
    from tasks.ingest import strip_markup

    return strip_markup(content).strip()


def xwlb_items(ids: set[str], years: Iterable[int]) -> dict[str, dict]:
    """{video_id: the story's record as the scraper saved it} of the wanted stories."""
    out: dict[str, dict] = {}
    for year in sorted(set(years)):
        with gzip.open(XWLB / f"xwlb-{year}.jsonl.gz", "rt", encoding="utf-8") as fh:
            for line in fh:
                for item in json.loads(line).get("videoList") or []:
                    if item.get("video_id") in ids:
                        out[item["video_id"]] = item
    return out


def xwlb_stories(ids: set[str], years: Iterable[int]) -> dict[str, tuple[str, str]]:
    """{video_id: (date, text)} of the wanted stories."""
    return {
        vid: (item["pub_date"][:10], story_text((item.get("video_detail") or {}).get("content") or ""))
        for vid, item in xwlb_items(ids, years).items()
    }


# The command that loads the broadcast corpus (README, docs/ingest.md).
FIELD_MAP = ["--records", "videoList", "--map", "text=video_detail.content", "--map", "title=video_title",
             "--map", "date=pub_date", "--map", "id=video_id", "--map", "url=video_url", "--source", "新闻联播"]


def from_warehouse(labels: list[dict]) -> tuple[dict[str, tuple[str | None, str]], list[dict]]:
    """Load the labelled stories with ``newsflow run`` and the corpus field map into a
    throwaway warehouse; (texts, predictions) read back from its tables (articles.text and
    the offsets into it), shaped as ``newsflow extract --jsonl`` prints them."""
    import tempfile

    import duckdb

    items = xwlb_items({lab["id"] for lab in labels}, (lab["year"] for lab in labels))
    with tempfile.TemporaryDirectory(prefix="eval-meetings-") as tmp:
        export = Path(tmp) / "inbox" / "stories.jsonl"
        export.parent.mkdir()
        export.write_text("".join(json.dumps({"videoList": [items[lab["id"]]]}, ensure_ascii=False) + "\n"
                                  for lab in labels), encoding="utf-8")
        db = Path(tmp) / "wh.duckdb"
        subprocess.run([sys.executable, "-m", "flows", "run", str(export.parent), "--db", str(db), *FIELD_MAP],
                       cwd=REPO, check=True, capture_output=True, text=True)
        con = duckdb.connect(str(db), read_only=True)
        try:
            arts = {sid: (aid, str(day) if day else None, text) for sid, aid, day, text in con.execute(
                "select source_id, article_id, published_date, text from articles").fetchall()}
            meetings: dict[str, dict[str, dict]] = {}
            for aid, mid, name in con.execute("select article_id, meeting_id, name from meeting_mentions").fetchall():
                meetings.setdefault(aid, {})[mid] = {"name": name, "roles": []}
            for aid, mid, role, person, pos in con.execute(
                    "select article_id, meeting_id, role, person, list_position from meeting_roles").fetchall():
                meetings[aid][mid]["roles"].append({"role": role, "name": person, "position": pos})
            said: dict[str, list[dict]] = {}
            for aid, speaker, verb, start in con.execute(
                    "select article_id, speaker, verb, start_offset from statements order by start_offset").fetchall():
                said.setdefault(aid, []).append({"speaker": speaker, "verb": verb, "start": start})
        finally:
            con.close()
    texts = {sid: (day, text) for sid, (_, day, text) in arts.items()}
    preds = [{"meetings": list(meetings.get(arts[lab["id"]][0], {}).values()),
              "statements": said.get(arts[lab["id"]][0], [])} for lab in labels]
    return texts, preds


def seed_articles() -> dict[str, tuple[str | None, str]]:
    """{file-stem#doc.seq: (date, text)} of the bundled samples, normalized by the pipeline."""
    from tasks.db import SAMPLES_DIR
    from tasks.ingest import read_file
    from tasks.normalize import normalize_file

    out = {}
    for path in sorted(SAMPLES_DIR.glob("*.txt")):
        record = read_file(path)
        for art in normalize_file(record).articles:  # type: ignore[arg-type]
            date = art.published_date.isoformat() if art.published_date else None
            out[f"{path.stem}#{art.doc_index}.{art.seq}"] = (date, art.text)
    return out


def predict(stories: list[dict], in_process: bool) -> list[dict]:
    """What `newsflow extract --jsonl` answers for each story (``id``, ``text``, ``date``)."""
    if in_process:
        from flows.cli import extract_record

        return [extract_record(s["text"], {"date": s["date"]} if s["date"] else {}) for s in stories]
    lines = "".join(
        json.dumps({"id": i, "text": s["text"], "date": s["date"]}, ensure_ascii=False) + "\n"
        for i, s in enumerate(stories)
    )
    cmd = [sys.executable, "-m", "flows", "extract", "--jsonl"]
    done = subprocess.run(cmd, input=lines, capture_output=True, text=True, cwd=REPO, check=True)
    out: list[dict] = [{} for _ in stories]
    for line in done.stdout.splitlines():
        rec = json.loads(line)
        out[rec["id"]] = rec
    return out


def _same_person(a: str, b: str) -> bool:
    a, b = a.replace("·", "").replace(" ", ""), b.replace("·", "").replace(" ", "")
    return a == b or (len(a) >= 2 and len(b) >= 2 and (a.endswith(b) or b.endswith(a)))


def _anchor_start(text: str, anchor: str, verb: str) -> int:
    """Where a labelled content starts: the anchor's occurrence with its verb just before."""
    starts = [m.start() for m in re.finditer(re.escape(anchor), text)]
    for s in starts:
        if verb in text[max(0, s - 14) : s]:
            return s
    return starts[0] if starts else -1


class Tally:
    def __init__(self) -> None:
        self.c: dict[str, list[int]] = {}

    def add(self, key: str, tp: int, n_pred: int, n_gold: int) -> None:
        c = self.c.setdefault(key, [0, 0, 0])
        c[0] += tp
        c[1] += n_pred
        c[2] += n_gold

    def pr(self, key: str) -> tuple[float, float, int, int, int]:
        tp, n_pred, n_gold = self.c.get(key, [0, 0, 0])
        return (tp / n_pred if n_pred else 1.0, tp / n_gold if n_gold else 1.0, tp, n_pred, n_gold)


def _match_pairs(gold: list[tuple[str, str]], pred: list[tuple[str, str]]) -> tuple[int, list, list]:
    left = list(pred)
    missed = []
    tp = 0
    for role, name in gold:
        hit = next((p for p in left if p[0] == role and _same_person(p[1], name)), None)
        if hit:
            left.remove(hit)
            tp += 1
        else:
            missed.append((role, name))
    return tp, missed, left


def score(labels: list[dict], texts: dict[str, tuple[str | None, str]], preds: list[dict], show: bool) -> Tally:
    from tasks.extract.meetings import normalise_name

    t = Tally()
    for lab, pred in zip(labels, preds, strict=True):
        text = texts[lab["id"]][1]
        gold_meetings = [m for m in lab["meetings"] if not m.get("ceremony")]
        got = pred.get("meetings", [])
        notes = []
        # meeting names
        gold_names = [normalise_name(m["name"]) for m in gold_meetings]
        pred_names = [normalise_name(m["name"]) for m in got]
        hits = sum(1 for n in set(gold_names) if n in pred_names)
        t.add("meeting names", hits, len(set(pred_names)), len(set(gold_names)))
        notes += [f"meeting missed {n}" for n in set(gold_names) - set(pred_names)]
        notes += [f"meeting extra {n}" for n in set(pred_names) - set(gold_names)]
        # chair and speakers
        gold_roles = [(r["role"], r["name"]) for m in gold_meetings for r in m["roles"] if r["role"] in ("chair", "speech")]
        pred_roles = list({(r["role"], r["name"]) for m in got for r in m["roles"] if r["role"] in ("chair", "speech")})
        tp, missed, extra = _match_pairs(gold_roles, pred_roles)
        t.add("chair and speakers", tp, len(pred_roles), len(gold_roles))
        for role in ("chair", "speech"):
            g = [x for x in gold_roles if x[0] == role]
            p = [x for x in pred_roles if x[0] == role]
            t.add(f"  {role}", _match_pairs(g, p)[0], len(p), len(g))
        notes += [f"role missed {r}" for r in missed] + [f"role extra {r}" for r in extra]
        # attendees, with their order
        gold_att = [(r["name"], r["position"]) for m in gold_meetings for r in m["roles"] if r["role"] == "attend"]
        pred_att = [(r["name"], r["position"]) for m in got for r in m["roles"] if r["role"] == "attend"]
        found = [g for g in gold_att if any(_same_person(p[0], g[0]) for p in pred_att)]
        in_order = [g for g in gold_att if any(_same_person(p[0], g[0]) and p[1] == g[1] for p in pred_att)]
        t.add("attendees", len(found), len(pred_att), len(gold_att))
        t.add("attendees in order", len(in_order), len(pred_att), len(gold_att))
        notes += [f"attendee missed {g}" for g in gold_att if g not in in_order]
        notes += [f"attendee extra {p}" for p in pred_att if not any(_same_person(p[0], g[0]) for g in gold_att)]
        # statements
        gold_st = [(s["speaker"], s["verb"], _anchor_start(text, s["anchor"], s["verb"])) for s in lab["statements"]]
        pred_st = [(s["speaker"], s["verb"], s["start"]) for s in pred.get("statements", [])]
        left = list(pred_st)
        tp = exact = 0
        for sp, verb, start in gold_st:
            near = [p for p in left if p[1] == verb and _same_person(p[0], sp) and abs(p[2] - start) <= NEAR]
            if not near:
                notes.append(f"statement missed {sp}/{verb} @{start} {text[start:start + 12]!r}")
                continue
            best = min(near, key=lambda p: abs(p[2] - start))
            left.remove(best)
            tp += 1
            if best[2] == start:
                exact += 1
            else:
                notes.append(f"statement start {sp}/{verb}: {text[best[2]:best[2] + 10]!r} vs {text[start:start + 10]!r}")
        notes += [f"statement extra {p[0]}/{p[1]} {text[p[2]:p[2] + 12]!r}" for p in left]
        t.add("statements (speaker, verb)", tp, len(pred_st), len(gold_st))
        t.add("content start exact", exact, tp, tp)
        if show and notes:
            print(f"--- {lab['id']}")
            for n in notes:
                print("   ", n)
    return t


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--part", choices=("dev", "check", "seed"), action="append")
    ap.add_argument("--in-process", action="store_true", help="call extract in this process, not the CLI")
    ap.add_argument("--warehouse", action="store_true",
                    help="load the stories with `newsflow run` (the corpus field map) and score the tables")
    ap.add_argument("--show", action="store_true", help="print each story's misses and extras")
    args = ap.parse_args(argv)
    if not XWLB.is_dir():
        print(f"skipped: {XWLB} not found — the shared corpora (../shared/corpora beside the "
              "repository) are not available here")
        return 0
    labels = [json.loads(line) for line in LABELS.open(encoding="utf-8")]
    parts = args.part or ["dev", "check", "seed"]
    labels = [lab for lab in labels if lab["part"] in parts]
    texts: dict[str, tuple[str | None, str]] = {}
    if args.warehouse:  # the broadcast stories only: the seeds' warehouse is tests/flows'
        labels = [lab for lab in labels if lab["corpus"] != "seeds"]
        texts, preds = from_warehouse(labels)
    else:
        xwlb = [lab for lab in labels if lab["corpus"] != "seeds"]
        texts.update(xwlb_stories({lab["id"] for lab in xwlb}, (lab["year"] for lab in xwlb)))
        if any(lab["corpus"] == "seeds" for lab in labels):
            texts.update(seed_articles())
        stories = [{"text": texts[lab["id"]][1], "date": texts[lab["id"]][0]} for lab in labels]
        preds = predict(stories, args.in_process)
    goals = {"meeting names": (0.85, 0.85), "chair and speakers": (0.9, 0.9),
             "attendees in order": (None, 0.85), "statements (speaker, verb)": (0.85, 0.85),
             "content start exact": (0.85, None)}
    for part in parts:
        mine = [i for i, lab in enumerate(labels) if lab["part"] == part]
        if not mine:
            continue
        t = score([labels[i] for i in mine], texts, [preds[i] for i in mine], args.show)
        print(f"\n{part}: {len(mine)} stories")
        print(f"  {'':28} {'P':>6} {'R':>6}   right / found / labelled   goal")
        for key in t.c:
            p, r, tp, n_pred, n_gold = t.pr(key)
            goal = goals.get(key.strip())
            goal_s = "" if goal is None else "P≥" * (goal[0] is not None) + (f"{goal[0]}" if goal[0] else "") + (" R≥" + str(goal[1]) if goal[1] else "")
            if key == "content start exact":
                print(f"  {key:28} {p:6.3f} {'':>6}   {tp:5} / {n_pred:5}           {goal_s}")
            else:
                print(f"  {key:28} {p:6.3f} {r:6.3f}   {tp:5} / {n_pred:5} / {n_gold:5}   {goal_s}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
