create table if not exists runs (
    run_id              varchar primary key,
    flow_run_id         varchar,
    started_at          timestamp not null,
    finished_at         timestamp,
    files_seen          integer not null default 0,
    files_new           integer not null default 0,
    files_rejected      integer not null default 0,
    articles            integer not null default 0,
    validation_success  boolean,
    published           boolean not null default false,
    failed_expectations varchar[],
    message             varchar
);

comment on table runs is 'One row per pipeline run, including runs whose quality gate failed.';
comment on column runs.run_id is 'Id of the run (a UUID).';
comment on column runs.flow_run_id is 'Prefect flow run id, to find the run in the Prefect UI.';
comment on column runs.started_at is 'When the run started (UTC).';
comment on column runs.finished_at is 'When the run finished (UTC).';
comment on column runs.files_seen is 'Input files found by the run.';
comment on column runs.files_new is 'Files loaded for the first time (not already in the warehouse).';
comment on column runs.files_rejected is 'Inputs rejected by the run (see rejected_files).';
comment on column runs.articles is 'Articles the run added.';
comment on column runs.validation_success is 'Whether every Great Expectations suite passed on the staged build (null when there was nothing to validate).';
comment on column runs.published is 'Whether the run''s build was published (data and summary views).';
comment on column runs.failed_expectations is 'suite:expectation names that failed, when the gate failed.';
comment on column runs.message is 'One-line outcome of the run.';
