"""Reading back what a run recorded in a Prefect API, for tests.

``PrefectClient.read_artifacts`` (3.8.8) sends ``null`` for every filter left
out, which this server (fastapi 0.154) rejects with 422; and sending empty
filters instead (``task_runs: {}``) silently joins on task runs, which drops
artifacts created by the flow itself. So artifacts are read with a request
body that names only the filters in use.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import (
    ArtifactFilter,
    ArtifactFilterFlowRunId,
    ArtifactFilterKey,
)
from prefect.client.schemas.objects import Artifact


def read_artifacts(artifact_filter: ArtifactFilter, *, limit: int = 200) -> list[Artifact]:
    body: dict[str, Any] = {
        "artifacts": artifact_filter.model_dump(mode="json", exclude_unset=True),
        "limit": limit,
        "sort": "CREATED_DESC",
    }
    with get_client(sync_client=True) as client:
        response = client.request("POST", "/artifacts/filter", json=body)  # type: ignore[arg-type]
    return Artifact.model_validate_list(response.json())


def artifacts_of_run(flow_run_id: UUID) -> dict[str, Artifact]:
    """The artifacts of one flow run, by key (a run creates each key once)."""
    found = read_artifacts(ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run_id])))
    return {a.key: a for a in found if a.key}


def artifacts_with_key(key: str) -> list[Artifact]:
    """Every version of the artifact ``key`` (its history in the UI), newest first."""
    return read_artifacts(ArtifactFilter(key=ArtifactFilterKey(any_=[key])))
