-- Scraper exports (JSON, JSON Lines, CSV, Parquet with a field map): one record is one
-- article, and its own id is kept so analysts can join back to their scrape; the field
-- map a file was read with is kept beside its raw_text, so --full-refresh reads it alike.
alter table articles add column if not exists source_id varchar;
alter table files add column if not exists field_map json;

comment on column articles.source_id is 'The record''s own id in the input (the field mapped to id, e.g. --map id=video_id), as given; null for pages and plain text.';
comment on column files.field_map is 'The field map the file was read with, as JSON ({"records": …, "map": {field: dot path}, "source": …}); null for the default (text, title, date … read from keys of those names).';
