"""The word lists of meetings, roles, statements and documents (tasks/extract/dicts) stay
within the closed sets the warehouse's suites allow (tasks/reasons.py)."""

from __future__ import annotations

import re

from tasks import reasons
from tasks.extract import tokenizer


def _column(name: str, index: int) -> set[str]:
    return {line.split("\t")[index] for line in tokenizer.read_lines(name)}


def test_lists_use_only_known_codes() -> None:
    assert _column("speech_verbs.tsv", 1) <= reasons.VERB_CLASSES
    assert {role.removesuffix(":after") for r in _column("role_cues.tsv", 0) for role in r.split("+")} <= reasons.MEETING_ROLES
    assert _column("meeting_levels.tsv", 1) <= reasons.MEETING_LEVELS
    assert _column("document_kinds.tsv", 1) | {"other"} <= reasons.DOCUMENT_KINDS


def test_every_pattern_compiles() -> None:
    for name, col in (("meeting_levels.tsv", 2), ("document_kinds.tsv", 2), ("role_cues.tsv", 1)):
        for rx in _column(name, col):
            re.compile(rx.replace("{STOP}", "，。"))


def test_lists_are_part_of_the_dictionary_version() -> None:
    names = {p.name for p in tokenizer.dict_files()}
    assert {"meeting_kinds.tsv", "role_cues.tsv", "speech_verbs.tsv", "document_kinds.tsv"} <= names
