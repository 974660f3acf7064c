"""Scheduled runs: serve the ``newsflow`` flow as a Prefect deployment over an inbox.

No pipeline logic here: the deployment runs the same flow as ``newsflow run``
with ``paths=[inbox]``. Runs are incremental (files already loaded, by sha256,
are skipped), so a scheduled run over an unchanged inbox publishes nothing new.
``serve`` keeps this process running: it polls the Prefect server for
scheduled (or manually triggered) runs of the deployment and executes each in
a subprocess.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

DEFAULT_CRON = "0 * * * *"
DEFAULT_NAME = "newsflow-inbox"


def inbox_deployment(inbox: Path, db: Path, cron: str = DEFAULT_CRON, *, name: str = DEFAULT_NAME,
                     timezone: str | None = None, workers: int = 1,
                     field_map: dict[str, Any] | None = None) -> object:
    """The RunnerDeployment for ``inbox`` → ``db`` on the ``cron`` schedule.

    ``field_map`` (``FieldMap.to_dict()``: records path, field paths, default source) is
    one of its parameters, so every scheduled run reads the scraper's export alike.
    """
    from prefect.deployments.runner import EntrypointType
    from prefect.schedules import Cron

    from flows.pipeline import newsflow

    return newsflow.to_deployment(
        name=name,
        schedules=[Cron(cron, timezone=timezone)],
        parameters={"paths": [str(inbox.resolve())], "db": str(db.resolve()), "workers": workers,
                    **({"field_map": field_map} if field_map else {})},
        description=f"Process new files arriving in {inbox.resolve()} into {db.resolve()} ({cron}).",
        tags=["newsflow", "inbox"],
        # A module path, not a file path: the run subprocess imports flows.pipeline
        # from the installed package, whatever directory serve was started in.
        entrypoint_type=EntrypointType.MODULE_PATH,
    )


def serve_inbox(inbox: Path, db: Path, cron: str = DEFAULT_CRON, *, name: str = DEFAULT_NAME,
                timezone: str | None = None, workers: int = 1, limit: int = 1,
                field_map: dict[str, Any] | None = None) -> None:
    """Serve the inbox deployment until interrupted (needs a running Prefect server).

    ``limit=1``: one run at a time, since runs of one warehouse queue on its
    lock anyway.
    """
    from prefect import serve

    serve(inbox_deployment(inbox, db, cron, name=name, timezone=timezone, workers=workers,  # type: ignore[arg-type]
                           field_map=field_map),
          limit=limit)
