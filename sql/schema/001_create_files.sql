-- Every input file ever seen, with the decoded text kept so articles can be re-derived.
create table if not exists files (
    file_id       varchar primary key,
    path          varchar not null,
    size_bytes    bigint not null,
    encoding      varchar not null,
    format        varchar not null,
    status        varchar not null,
    ingested_at   timestamp not null,
    raw_text      varchar not null,
    quality_flags varchar[],
    superseded_by varchar,
    run_id        varchar
);

comment on table files is 'One row per input file ever seen (same bytes = same file). raw_text keeps the whole decoded file, so any article can be re-derived and audited without the original.';
comment on column files.file_id is 'sha256 of the file''s bytes (hex): the same bytes are the same file wherever they come from.';
comment on column files.path is 'Path the file was read from (the first path, for bytes seen under several names).';
comment on column files.size_bytes is 'Size of the file in bytes.';
comment on column files.encoding is 'Encoding the bytes were decoded with (utf-8, utf-8-sig, gb18030, big5hkscs, utf-16-le …).';
comment on column files.format is 'Input format: txt, md, html or jsonl.';
comment on column files.status is 'loaded, or superseded when a newer version of the file arrived at the same path (its derived rows were removed; raw_text stays).';
comment on column files.ingested_at is 'When the file was first loaded (UTC).';
comment on column files.raw_text is 'The whole decoded file, before any normalization.';
comment on column files.quality_flags is 'Problems noticed while reading that did not stop the load (for example bad_jsonl_lines:3).';
comment on column files.superseded_by is 'file_id of the newer version at the same path, when status = superseded.';
comment on column files.run_id is 'runs.run_id of the run that loaded the file.';

-- Inputs that could not be read: never silently dropped.
create table if not exists rejected_files (
    path        varchar not null,
    reason      varchar not null,
    detail      varchar not null,
    rejected_at timestamp not null,
    file_id     varchar,
    size_bytes  bigint,
    run_id      varchar
);

comment on table rejected_files is 'One row per input that could not be read, per run that saw it, with a reason code and a readable detail.';
comment on column rejected_files.path is 'Path of the rejected input as given or discovered.';
comment on column rejected_files.reason is 'Reason code from a closed set (empty, binary, undecodable, truncated, too_large, unreadable, broken_link, link_loop, changed_while_reading, unsupported_format, bad_jsonl, no_text, not_found).';
comment on column rejected_files.detail is 'What went wrong, in words, and what to do about it.';
comment on column rejected_files.rejected_at is 'When the input was rejected (UTC).';
comment on column rejected_files.file_id is 'sha256 of the bytes, when they could be read.';
comment on column rejected_files.size_bytes is 'Size in bytes, when known.';
comment on column rejected_files.run_id is 'runs.run_id of the run that rejected it.';
