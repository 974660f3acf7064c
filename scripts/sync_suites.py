"""Rewrite the closed-set expectations in expectations/*.json from tasks/reasons.py.

Run after adding a reason or rule code: ``python scripts/sync_suites.py``.
tests/expectations/test_suites.py fails until the suites agree with the code.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tasks import reasons
from tasks.db import EXPECTATIONS_DIR

VALUE_SETS: dict[tuple[str, str], frozenset[str]] = {
    ("rejected_files", "reason"): reasons.REJECTION_REASONS,
    ("removed_lines", "reason"): reasons.REMOVED_LINE_REASONS,
    ("repairs", "rule"): reasons.REPAIR_RULES,
    ("articles", "script"): reasons.SCRIPTS,
    ("entities", "kind"): reasons.ENTITY_KINDS,
    ("entity_mentions", "kind"): reasons.ENTITY_KINDS,
    ("files", "status"): reasons.FILE_STATUSES,
    ("posts", "tense"): reasons.POST_TENSES,
    ("posts", "holders"): reasons.POST_HOLDERS,
    ("tenures", "status"): reasons.TENURE_STATUSES,
    ("tenures", "holders"): reasons.POST_HOLDERS,
    ("tenures", "flag"): reasons.TENURE_FLAGS,
    ("person_names", "reason"): reasons.PERSON_NAME_REASONS,
    ("meeting_mentions", "level"): reasons.MEETING_LEVELS,
    ("meetings", "level"): reasons.MEETING_LEVELS,
    ("meeting_roles", "role"): reasons.MEETING_ROLES,
    ("statements", "speaker_kind"): reasons.SPEAKER_KINDS,
    ("statements", "speaker_resolution"): reasons.SPEAKER_RESOLUTIONS,
    ("statements", "verb_class"): reasons.VERB_CLASSES,
    ("document_mentions", "kind"): reasons.DOCUMENT_KINDS,
    ("documents", "kind"): reasons.DOCUMENT_KINDS,
    ("slogans", "kind"): reasons.PHRASE_KINDS,
    ("slogans", "name_class"): reasons.NAME_CLASSES,
    ("slogan_phrases", "kind"): reasons.PHRASE_KINDS,
    ("slogan_phrases", "name_class"): reasons.NAME_CLASSES,
}


def main() -> int:
    changed = []
    for (table, column), codes in VALUE_SETS.items():
        path = EXPECTATIONS_DIR / f"{table}.json"
        spec = json.loads(path.read_text(encoding="utf-8"))
        for expectation in spec["expectations"]:
            kwargs = expectation["kwargs"]
            if expectation["type"] == "expect_column_values_to_be_in_set" and kwargs["column"] == column:
                if set(kwargs["value_set"]) != codes:
                    kwargs["value_set"] = sorted(codes)
                    changed.append(f"{table}.{column}")
        path.write_text(json.dumps(spec, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print("updated: " + (", ".join(changed) if changed else "nothing"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
