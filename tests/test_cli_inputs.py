"""The field-map options of ``newsflow run`` and ``newsflow serve`` (issue #20 item 1)."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.cli import EXIT_USAGE, build_parser, main
from flows.inputs import field_map_of

JUDGED = ["--records", "videoList", "--map", "text=video_detail.content", "--map", "title=video_title",
          "--map", "date=pub_date", "--map", "id=video_id", "--map", "url=video_url", "--source", "新闻联播"]


def test_options_become_the_flows_field_map_parameter(tmp_path: Path) -> None:
    args = build_parser().parse_args(["run", "x.jsonl.gz", *JUDGED, "--workers", "2"])
    assert field_map_of(args) == {
        "records": "videoList", "source": "新闻联播",
        "map": {"text": "video_detail.content", "title": "video_title", "date": "pub_date",
                "url": "video_url", "id": "video_id"},
    }
    assert field_map_of(build_parser().parse_args(["run"])) is None  # today's JSONL keys


def test_serve_takes_the_same_options_and_config(tmp_path: Path) -> None:
    cfg = tmp_path / "newsflow.toml"
    cfg.write_text('[input]\nrecords = "videoList"\n[input.map]\ntext = "video_detail.content"\n', encoding="utf-8")
    args = build_parser().parse_args(["serve", "--inbox", str(tmp_path), "--config", str(cfg), "--source", "新闻联播"])
    assert field_map_of(args) == {"records": "videoList", "map": {"text": "video_detail.content"}, "source": "新闻联播"}


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["run", "--map", "body=content"], "unknown field 'body'"),
        (["run", "--map", "text"], "expected FIELD=PATH"),
        (["run", "--config", "/nonexistent/newsflow.toml"], "cannot read the config file"),
    ],
)
def test_bad_options_are_usage_errors(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == EXIT_USAGE
    assert message in capsys.readouterr().err


def test_help_explains_each_option_with_an_example(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["run", "--help"])
    out = capsys.readouterr().out
    for example in ("--records videoList", "--map text=video_detail.content", "--source 新闻联播", "[input.map]"):
        assert example in out, example
