"""Load: rows into staging, the quality gate, and the publish that it allows.

- :mod:`.rows`: the pipeline's records as columnar tables of the warehouse contract,
  and staging them (``staging.*``, a DuckDB schema beside the published tables);
- :mod:`.phrases`: the known policy phrases and every use of them (``slogan_phrases``,
  ``slogan_uses``), staged over the whole warehouse once the batches are staged;
- :mod:`.validate`: the Great Expectations suites run over the staged rows, batch by batch,
  and over the derived tables (tenures) inside the publish transaction;
- :mod:`.publish`: staging into the published tables, the derived tables (tenures)
  recomputed from them, and the views, in one transaction that commits only when the
  gate passed.

Every write to the warehouse goes through here, in the flow's own process.

What its neighbours call: :func:`build_rows` and :func:`stage_tables` (with
:func:`prepare_staging` first), a :class:`ChunkedValidation` fed each staged batch,
:func:`stage_phrases` (its tables fed to the validation too), and :func:`publish_staging`
with :func:`record_run`.
"""

from tasks.load.phrases import PhraseBuild, stage_phrases
from tasks.load.publish import RunRecord, derive_tables, drop_staging, publish_staging, record_run
from tasks.load.rows import (
    Rows,
    article_id,
    build_rows,
    mark_duplicates,
    prepare_staging,
    stage_tables,
)
from tasks.load.validate import (
    ChunkedValidation,
    FailedExpectation,
    ValidationReport,
    derived_frames,
    merge_reports,
    validate_frames,
    write_data_docs,
)

__all__ = [
    "ChunkedValidation",
    "FailedExpectation",
    "PhraseBuild",
    "Rows",
    "RunRecord",
    "ValidationReport",
    "article_id",
    "build_rows",
    "derive_tables",
    "derived_frames",
    "drop_staging",
    "mark_duplicates",
    "merge_reports",
    "prepare_staging",
    "publish_staging",
    "record_run",
    "stage_phrases",
    "stage_tables",
    "validate_frames",
    "write_data_docs",
]
