"""Batch glue (tasks.steps): work cut into pieces for the pool gives what one piece gives."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

from tasks.model import FileRecord, SourceDocument
from tasks.steps import normalize_files

STORIES = [
    "央视网消息（新闻联播）：十二届全国人大一次会议8日下午在人民大会堂举行第二次全体会议。\n会议听取了报告。",
    "国务院总理李克强主持召开国务院常务会议。\n会议强调，要坚决打赢脱贫攻坚战。\n分享到:",
    "",  # a record without text
    "越南国家主席 张晋创\n老挝国家主席 本扬\n柬埔寨国王 西哈莫尼",
    "湖北日报讯 (记者谢慧敏)6月14日省委副书记马国强主持召开座谈会。\n相关文章:\n座谈会上，大家踊跃发言。",
]


def _record(file_id: str, n: int) -> FileRecord:
    docs = tuple(SourceDocument(STORIES[i % len(STORIES)] + f"\n第{i}条。", {"title": f"标题{i}", "line": str(i + 1)})
                 for i in range(n))
    raw = "\n".join(json.dumps({"text": d.text}, ensure_ascii=False) for d in docs)
    return FileRecord(file_id, f"{file_id}.jsonl", len(raw), "utf-8", "jsonl", raw, docs)


def test_a_file_of_many_documents_normalized_in_pieces_is_the_file_normalized_whole() -> None:
    records = [_record("a" * 64, 37), _record("b" * 64, 1), _record("c" * 64, 12)]
    whole = normalize_files(records)
    with ThreadPoolExecutor(2) as pool:
        pieces = normalize_files(records, pool=pool, workers=2)
    assert [nf.file_id for nf in pieces] == [r.file_id for r in records]
    assert pieces == whole
    # the pieces' documents and articles are numbered on from the head of their file
    assert [a.seq for a in pieces[0].articles] == list(range(len(whole[0].articles)))
    assert max(a.doc_index for a in pieces[0].articles) == 36


def test_compressed_files_are_batched_by_the_size_they_have_once_read(tmp_path) -> None:
    import gzip
    import os

    from tasks.ingest import plan_batches

    line = json.dumps({"text": "全市深度贫困地区脱贫攻坚工作会议召开。" * 20}, ensure_ascii=False) + "\n"
    for name in ("a", "b", "c"):
        with gzip.open(tmp_path / f"{name}.jsonl.gz", "wt", encoding="utf-8") as fh:
            fh.write(line * 2000)  # about 1.3 MB of text, a few kB compressed
    small = sum(os.path.getsize(p) for p in tmp_path.iterdir())
    assert small < 100_000
    batches = list(plan_batches([tmp_path], batch_bytes=2_000_000))
    assert [len(b.items) for b in batches] == [1, 1, 1]  # one file's text per batch, not all three
    assert sum(b.size_bytes for b in batches) == small  # progress still counts bytes on disk
