"""The quality gate: Great Expectations suites run on the staged build.

Suites live as JSON in ``expectations/<table>.json`` (one per contract table).
GE 1.x cannot validate DuckDB through SQL, so the gate checks pandas frames, in chunks so
memory stays bounded however large a run is. A run checks its rows as they are staged
(:class:`ChunkedValidation`, from the batches' own Arrow tables, while the workers
extract the next batch) instead of reading the whole build back at the end.
Results are also rendered as Data Docs in a folder next to the warehouse.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from tasks.db import DERIVED_CHECKS, DERIVED_TABLES, EXPECTATIONS_DIR, read_sql

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

CHUNK_ROWS = 500_000
# ... or fewer when they are large: a files row holds a whole input file's text.
CHUNK_BYTES = 64_000_000
# Enough for the failures' samples and the Data Docs' counts; GE's default SUMMARY also
# tallies the unexpected values, a quarter more time for the same gate.
RESULT_FORMAT = {"result_format": "BASIC", "partial_unexpected_count": 5}
_DATASOURCE = "newsflow_staging"


@dataclass(frozen=True, slots=True)
class FailedExpectation:
    suite: str
    expectation: str
    column: str | None
    unexpected_count: int | None
    sample: tuple[str, ...]

    def label(self) -> str:
        where = f"{self.suite}.{self.column}" if self.column else self.suite
        return f"{where}:{self.expectation}"


@dataclass
class ValidationReport:
    """Outcome of validating a build: ``success`` is None when nothing was validated."""

    success: bool | None = None
    failures: list[FailedExpectation] = field(default_factory=list)
    checked: dict[str, int] = field(default_factory=dict)  # suite -> rows validated
    results: list[Any] = field(default_factory=list, repr=False)  # GE's, per chunk: for write_data_docs

    def reason(self) -> str:
        """One line naming the failed expectations."""
        if not self.failures:
            return "all expectations passed"
        names = sorted({f.label() for f in self.failures})
        return f"{len(names)} expectation(s) failed: " + ", ".join(names)


def suite_names(suites_dir: Path = EXPECTATIONS_DIR) -> list[str]:
    return sorted(p.stem for p in suites_dir.glob("*.json"))


def load_suite_spec(name: str, suites_dir: Path = EXPECTATIONS_DIR) -> dict[str, Any]:
    return json.loads((suites_dir / f"{name}.json").read_text(encoding="utf-8"))


def docs_site_dir(docs_root: Path) -> Path:
    """Folder of the Data Docs site (open its index.html) under a warehouse's GE folder."""
    return docs_root / "gx" / "uncommitted" / "data_docs" / "local_site"


def _context(docs_root: Path | None) -> Any:
    """An in-memory GE context, with a Data Docs site on disk when ``docs_root`` is set.

    In memory on purpose: a file-backed context keeps every past validation and
    re-renders them all on each build, so its cost grows with every run. The
    warehouse's ``runs`` table keeps the history; the docs show the latest run.
    """
    import great_expectations as gx
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
    )

    sites: dict[str, Any] = {}
    if docs_root is not None:
        site = docs_site_dir(docs_root)
        if site.exists():
            shutil.rmtree(site)  # the previous run's pages would be listed as current
        site.mkdir(parents=True, exist_ok=True)
        sites["local_site"] = {
            "class_name": "SiteBuilder",
            "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(site)},
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        }
    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
        data_docs_sites=sites,
        analytics_enabled=False,
    )
    ctx = gx.get_context(project_config=config, mode="ephemeral")
    ctx.variables.progress_bars = {"globally": False}
    return ctx


def _suite(ctx: Any, name: str, suites_dir: Path) -> Any:
    import great_expectations as gx
    from great_expectations.expectations.expectation_configuration import (
        ExpectationConfiguration,
    )

    spec = load_suite_spec(name, suites_dir)
    expectations = [
        ExpectationConfiguration(type=e["type"], kwargs=e["kwargs"], meta=e.get("meta", {})).to_domain_obj()
        for e in spec["expectations"]
    ]
    suite = gx.ExpectationSuite(name=name, expectations=expectations, meta=spec.get("meta", {}))
    return ctx.suites.add(suite)


def _validation(ctx: Any, source: Any, name: str, suites_dir: Path) -> Any:
    """A validation of one table's frames, on the context's one pandas data source (a
    source added again would replace it, and the assets of the tables checked so far)."""
    import great_expectations as gx

    batch = source.add_dataframe_asset(name).add_batch_definition_whole_dataframe("whole")
    suite = _suite(ctx, name, suites_dir)
    return ctx.validation_definitions.add(gx.ValidationDefinition(name=name, data=batch, suite=suite))


def _comparable(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with narrow integer columns widened to int64.

    GE compares only int64 and float64 columns vectorised; DuckDB's INTEGER arrives
    as int32, and ``expect_column_values_to_be_between`` then calls Python once per
    row (0.2 s of 0.4 s for 260k term counts). Widening changes no value.
    """
    narrow = {c: np.int64 for c, t in frame.dtypes.items()
              if isinstance(t, np.dtype) and t.kind in "iu" and t.itemsize < 8}
    return frame.astype(narrow) if narrow else frame


class _Validator:
    """Runs suites over frames, one GE context and validation definition per table."""

    def __init__(self, suites_dir: Path) -> None:
        self.suites_dir = suites_dir
        self.known = set(suite_names(suites_dir))
        self.report = ValidationReport()
        self._ctx: Any = None
        self._source: Any = None
        self._definitions: dict[str, Any] = {}

    def check_suites(self, names: Iterable[str]) -> None:
        """A table without a suite is an error: a new table cannot slip past the gate."""
        missing = sorted(set(names) - self.known)
        if missing:
            raise FileNotFoundError(f"no expectation suite for table(s) {missing} in {self.suites_dir}")

    def run(self, name: str, frame: pd.DataFrame) -> None:
        if frame.empty:
            return  # nothing to check
        if self._ctx is None:
            self._ctx = _context(None)
            self._source = self._ctx.data_sources.add_pandas(_DATASOURCE)
        if name not in self._definitions:
            self._definitions[name] = _validation(self._ctx, self._source, name, self.suites_dir)
        result = self._definitions[name].run(batch_parameters={"dataframe": _comparable(frame)},
                                             result_format=RESULT_FORMAT)
        report = self.report
        report.checked[name] = report.checked.get(name, 0) + len(frame)
        report.failures.extend(_failures(name, result))
        report.results.append(result)

    def done(self) -> ValidationReport:
        if self.report.results:
            self.report.success = not self.report.failures
        return self.report


def validate_frames(
    frames: Mapping[str, Iterable[pd.DataFrame]],
    *,
    suites_dir: Path = EXPECTATIONS_DIR,
) -> ValidationReport:
    """Run each table's suite over its frames (chunks) and collect failures.

    Each table is checked by ``<suites_dir>/<table>.json``; a table without a
    suite is an error, so a new table cannot slip past the gate unchecked.
    Empty frames are skipped: there is nothing to check.
    """
    validator = _Validator(suites_dir)
    validator.check_suites(frames)
    for name, chunks in frames.items():
        for frame in chunks:
            validator.run(name, frame)
    return validator.done()


class ChunkedValidation:
    """The gate, run while the build is staged: :meth:`add` each batch's tables (the
    Arrow tables that are staged), :meth:`finish` for the report.

    A table's rows are buffered until ``chunk_rows`` of them (or ``chunk_bytes``) are there
    and then checked as one frame, so the number of validations (and of Data Docs pages)
    does not grow with the number of batches, and memory holds at most one chunk per table.
    The checks are the suites' own, on the same rows the staging tables receive.
    """

    def __init__(self, suites_dir: Path = EXPECTATIONS_DIR, *, chunk_rows: int = CHUNK_ROWS,
                 chunk_bytes: int = CHUNK_BYTES) -> None:
        self._validator = _Validator(suites_dir)
        self._chunk_rows = chunk_rows
        self._chunk_bytes = chunk_bytes
        self._pending: dict[str, list[pa.Table]] = {}
        self._rows: dict[str, int] = {}
        self._bytes: dict[str, int] = {}

    def add(self, tables: Mapping[str, pa.Table]) -> None:
        self._validator.check_suites(tables)
        for name, table in tables.items():
            if table.num_rows == 0:
                continue
            self._pending.setdefault(name, []).append(table)
            self._rows[name] = self._rows.get(name, 0) + table.num_rows
            self._bytes[name] = self._bytes.get(name, 0) + table.nbytes
            if self._rows[name] >= self._chunk_rows or self._bytes[name] >= self._chunk_bytes:
                self._flush(name)

    def _flush(self, name: str) -> None:
        parts = self._pending.pop(name, [])
        self._rows.pop(name, None)
        self._bytes.pop(name, None)
        if parts:
            self._validator.run(name, pa.concat_tables(parts).to_pandas())

    def finish(self) -> ValidationReport:
        """Check what is left of every table; the report of the whole build."""
        for name in list(self._pending):
            self._flush(name)
        return self._validator.done()


def _failures(name: str, result: Any) -> Iterator[FailedExpectation]:
    for er in result.results:
        if er.success:
            continue
        cfg = er.expectation_config
        res = er.result or {}
        yield FailedExpectation(
            suite=name,
            expectation=cfg.type,
            column=cfg.kwargs.get("column") or ",".join(cfg.kwargs.get("column_list") or []) or None,
            unexpected_count=res.get("unexpected_count"),
            sample=tuple(str(v) for v in (res.get("partial_unexpected_list") or [])[:5]),
        )


def write_data_docs(results: Sequence[Any], docs_root: Path, suites_dir: Path = EXPECTATIONS_DIR) -> Path | None:
    """Render validation ``results`` (from :func:`validate_frames`) as the Data Docs site
    under ``docs_root``; the path of its index page.

    Apart from validation so it can run while the build is published: the gate needs
    the results, not their pages.
    """
    from great_expectations.data_context.types.resource_identifiers import (
        ExpectationSuiteIdentifier,
        ValidationResultIdentifier,
    )

    if not results:
        return None
    ctx = _context(docs_root)
    for name in sorted({r.suite_name for r in results}):
        _suite(ctx, name, suites_dir)
    for result in results:
        suite = ExpectationSuiteIdentifier(name=result.suite_name)
        key = ValidationResultIdentifier(
            expectation_suite_identifier=suite, run_id=result.meta["run_id"],
            batch_identifier=f"{_DATASOURCE}-{result.suite_name}",
        )
        ctx.validation_results_store.store_validation_results(
            suite_validation_result=result, suite_validation_result_identifier=key,
            expectation_suite_identifier=suite,
        )
    ctx.build_data_docs()
    index = docs_site_dir(docs_root) / "index.html"
    return index if index.exists() else None


def derived_frames(con: Any) -> Iterator[tuple[str, Iterator[pd.DataFrame]]]:
    """Frames of each derived table (``tenures``) as ``con`` itself sees it: inside the
    publish transaction, the rows about to be committed (a cursor is another connection,
    which would not see them). Derived tables are small: one frame each."""
    for table in DERIVED_TABLES:
        yield table, iter([con.execute(f"select * from main.{table}").df()])
    for check in DERIVED_CHECKS:
        yield check, iter([con.execute(read_sql(f"derive/{check}.sql")).df()])


def merge_reports(*reports: ValidationReport) -> ValidationReport:
    """One report of several validations (the staged build's and the derived tables')."""
    out = ValidationReport()
    for r in reports:
        out.failures.extend(r.failures)
        out.results.extend(r.results)
        for name, n in r.checked.items():
            out.checked[name] = out.checked.get(name, 0) + n
    if out.results:
        out.success = not out.failures
    return out
