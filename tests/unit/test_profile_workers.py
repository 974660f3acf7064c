"""bench/profile_workers.py reads a run's log and py-spy's speedscope file correctly."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import profile_workers as pw

LOG = """\
10:00:00.000 | INFO    | Flow run 'brave-fox' - Beginning flow run 'brave-fox' for flow 'newsflow'
10:00:01.000 | INFO    | Task run 'ingest-9a4' - Finished in state Completed()
10:00:01.500 | INFO    | Task run 'normalize-ffd' - Finished in state Completed()
10:00:07.500 | INFO    | Task run 'extract-7a6' - Finished in state Completed()
10:00:07.900 | INFO    | Flow run 'brave-fox' - batch 1: 10 file(s) seen, 10 new
10:00:08.000 | INFO    | Task run 'load-ba7' - Finished in state Completed()
10:00:10.000 | INFO    | Task run 'validate-45c' - Finished in state Completed()
10:00:10.250 | INFO    | Task run 'publish-1bb' - Finished in state Completed()
10:00:10.500 | INFO    | Flow run 'brave-fox' - Finished in state Completed()
"""


def test_step_walls_are_the_gaps_between_task_ends() -> None:
    walls = pw.step_walls(LOG)
    assert walls == pytest.approx({"ingest": 1.0, "normalize": 0.5, "extract": 6.0, "load": 0.5,
                                   "validate": 2.0, "publish": 0.25, "end of flow": 0.25})


def test_cpu_is_attributed_by_the_innermost_step_and_by_process_role() -> None:
    names = ["<module>", "_process_worker", "_file_tables", "validate_frames", "select",
             "ForkingPickler.dumps", "Tokenizer.initialize"]
    frames = [{"name": n} for n in names]

    def thread(name: str, samples: list[list[int]]) -> dict:
        return {"name": name, "samples": samples, "weights": [0.01] * len(samples)}

    profile = {"shared": {"frames": frames}, "profiles": [
        thread('Process 100 Thread 100 "MainThread"', [[0, 3], [0, 3], [0]]),
        thread('Process 101 Thread 101 "MainThread"', [[1, 2, 6], [1, 2], [1, 5]]),
        thread('Process 102 Thread 102 ""', [[0, 4]]),  # Prefect's API server
    ]}
    cpu = pw.cpu_by_process(profile)
    assert cpu["flow"] == pytest.approx({"validate": 0.02, "other": 0.01})
    assert cpu["workers"] == pytest.approx({"extract": 0.02, "pickling": 0.01})
    assert cpu["other"] == pytest.approx({"other": 0.01})


def test_top_functions_are_the_heaviest_self_samples_per_role() -> None:
    frames = [{"name": "<module>"}, {"name": "_process_worker"}, {"name": "Segmenter.lcut", "file": "/x/segment.py", "line": 9},
              {"name": "stage_tables", "file": "/x/rows.py", "line": 3}]

    def thread(name: str, samples: list[list[int]]) -> dict:
        return {"name": name, "samples": samples, "weights": [0.5] * len(samples)}

    profile = {"shared": {"frames": frames}, "profiles": [
        thread('Process 100 Thread 100 "MainThread"', [[0, 3], [0, 3], [0]]),
        thread('Process 101 Thread 101 "MainThread"', [[1, 2], [1, 2], [1]]),
    ]}
    top = pw.top_functions(profile, 1)
    assert top["flow"] == [("stage_tables (rows.py:3)", 1.0)]
    assert top["workers"] == [("Segmenter.lcut (segment.py:9)", 1.0)]
