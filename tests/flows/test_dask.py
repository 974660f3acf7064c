"""The same flow on a local Dask cluster (prefect-dask) builds the same warehouse.

``run(..., dask_local=2)`` is what ``newsflow run --dask-local 2`` calls: a
LocalCluster of two worker processes runs normalize and extract, the flow's own
process stays the single DuckDB writer. Compared with an in-process run over the
same copy of ``data/samples``: every contract table equal, run ids and timestamps
aside (``test_batches.warehouse_content``).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.flow, pytest.mark.slow, pytest.mark.usefixtures("prefect_harness"),
              pytest.mark.timeout(300)]

try:  # the optional extra [dask] (also in [dev])
    import distributed  # noqa: F401
    import prefect_dask  # noqa: F401

    DASK_MISSING = None
except ImportError as exc:  # pragma: no cover - depends on the install
    DASK_MISSING = f"prefect_dask/distributed not importable ({exc}); pip install -e '.[dask]'"

from test_batches import assert_same_content, warehouse_content  # noqa: E402 — tests/flows is on sys.path


@pytest.mark.skipif(DASK_MISSING is not None, reason=DASK_MISSING or "")
def test_local_dask_cluster_builds_the_same_warehouse(sample_copy: Path, tmp_path: Path) -> None:
    from flows.pipeline import run

    local, on_dask = tmp_path / "local.duckdb", tmp_path / "dask.duckdb"
    s_local = run([str(sample_copy)], db=str(local))
    t0 = time.monotonic()
    s_dask = run([str(sample_copy)], db=str(on_dask), dask_local=2)
    took = time.monotonic() - t0
    assert s_local.published and s_dask.published
    assert s_dask.files_new == s_local.files_new == 5
    assert s_dask.articles == s_local.articles > 0
    assert_same_content(warehouse_content(local), warehouse_content(on_dask))
    assert took < 120, f"the Dask run took {took:.0f} s"

