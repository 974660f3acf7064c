"""newsflow's steps as plain functions, one package per step: Prefect lives in ``flows/``.

- :mod:`tasks.ingest`: input files to decoded records, or rejections with a reason;
- :mod:`tasks.normalize`: records to clean Simplified articles, removed lines and repairs;
- :mod:`tasks.extract`: an article to entities, facts, slogans, term counts and keywords;
- :mod:`tasks.load`: rows into staging, the quality gate, and the publish.

Shared by them: :mod:`tasks.model` (the records), :mod:`tasks.reasons` (reason and rule
codes), :mod:`tasks.db` (the only module that opens DuckDB) and :mod:`tasks.steps` (batch
glue for the flow); :mod:`tasks.report` builds ``newsflow report``. See docs/architecture.md.
"""
