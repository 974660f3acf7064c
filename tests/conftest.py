"""Shared fixtures: sample paths, corpora (skipped when absent), a Prefect test harness."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

# Offline and sandboxed before anything imports prefect or great_expectations.
os.environ["GX_ANALYTICS_ENABLED"] = "false"
os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
os.environ.setdefault("PREFECT_HOME", tempfile.mkdtemp(prefix="newsflow-prefect-home-"))
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "data" / "samples"
CORPORA = REPO.parent / "shared" / "corpora"


def corpus_path(*parts: str) -> Path:
    """A path inside ../shared/corpora, skipping the test when it is absent."""
    path = CORPORA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs {path} (the shared corpora sit beside the clone in CI, not in a fresh clone)")
    return path


@pytest.fixture
def samples() -> list[Path]:
    return sorted(SAMPLES.glob("*.txt"))


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """One temporary Prefect API for the whole session (starting one costs seconds)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    """A writable copy of the bundled samples."""
    target = tmp_path / "inbox"
    shutil.copytree(SAMPLES, target)
    return target
