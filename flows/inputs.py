"""The field-map options of ``newsflow run`` and ``newsflow serve``.

``--records``, ``--map FIELD=PATH``, ``--source`` and ``--config FILE`` say where a
scraper's export keeps its articles; they become one plain dict, the flow's
``field_map`` parameter (``tasks.ingest.FieldMap.to_dict()``). No logic beyond that.
"""

from __future__ import annotations

import argparse
from typing import Any

INPUT_HELP = """\
scraper exports (JSON, JSON Lines, CSV, Parquet; compressed or not):
  newsflow run xwlb/ --records videoList --map text=video_detail.content \\
      --map title=video_title --map date=pub_date --map id=video_id \\
      --map url=video_url --source 新闻联播
  reads every item of each document's "videoList" list as one article. Without
  these options a record is {"text": …, "title": …, "date": …, "url": …,
  "source": …, "id": …, "author": …}. See docs/ingest.md.
"""


def add_input_options(parser: argparse.ArgumentParser) -> None:
    """Add ``--records``, ``--map``, ``--source`` and ``--config`` to a verb's parser."""
    group = parser.add_argument_group(
        "scraper exports",
        "Where the articles are in JSON, JSON Lines, CSV or Parquet input (.gz, .bz2,\n"
        ".xz and .zst are read as they are). A path is dotted: video_detail.content is\n"
        "the 'content' key of the 'video_detail' object; a number picks a list item\n"
        "(items.0). A --records or --map path that matches nothing in a whole file\n"
        "rejects the file (field_not_found, with one record's keys in the message).",
    )
    group.add_argument(
        "--records", metavar="PATH",
        help="dot path to the list of records inside each JSON document, e.g. --records "
             "videoList (default: the document, or each line of a .jsonl, is one record)",
    )
    group.add_argument(
        "--map", action="append", default=[], metavar="FIELD=PATH", dest="maps",
        help="where a field is in a record, repeatable, e.g. --map text=video_detail.content "
             "--map date=pub_date. FIELD is one of text, title, date, url, id, source, author "
             "(default: the key of the same name). HTML in a field becomes lines of text; the "
             "record's date, title, id and url are the article's",
    )
    group.add_argument(
        "--source", metavar="LABEL",
        help="source label for articles whose record names none, e.g. --source 新闻联播",
    )
    group.add_argument(
        "--config", metavar="FILE",
        help="TOML file with an [input] table holding the same settings (records = "
             '"videoList", source = "…", and [input.map] text = "video_detail.content" …); '
             "options given here win over it",
    )


def field_map_of(args: argparse.Namespace) -> dict[str, Any] | None:
    """The flow's ``field_map`` parameter from parsed options (raises FieldMapError)."""
    from tasks.ingest import field_map_from_options

    fm = field_map_from_options(records=args.records, maps=args.maps, source=args.source,
                                config=args.config)
    return None if fm.is_default else fm.to_dict()
