-- Metadata the page gives beyond the contract columns (photographers, photo sources, the
-- newspaper behind a site, jsonl fields): kept instead of lost with the chrome lines.
alter table articles add column if not exists meta json;

comment on column articles.meta is 'Other metadata found with the article, as a JSON object (photographers, photo_sources, newspaper, jsonl fields …).';
