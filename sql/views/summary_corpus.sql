-- The corpus at a glance: one row. Each story counts once (duplicates excluded from article counts).
create or replace view summary_corpus as
with

files_counted as (
    select
        count(*) filter (where status = 'loaded') as files,
        count(*) filter (where status = 'superseded') as files_superseded
    from files
),

rejected_counted as (
    select count(distinct path) as rejected_inputs
    from rejected_files
),

articles_counted as (
    select
        count(*) filter (where duplicate_of is null) as articles,
        count(*) filter (where duplicate_of is not null) as duplicate_articles,
        sum(char_count) filter (where duplicate_of is null) as characters,
        count(*) filter (where duplicate_of is null and script = 'traditional') as traditional_articles,
        count(*) filter (where duplicate_of is null and script = 'mixed') as mixed_articles,
        count(*) filter (where duplicate_of is null and script = 'simplified') as simplified_articles,
        count(distinct source) filter (where duplicate_of is null) as sources,
        count(source_id) filter (where duplicate_of is null) as record_articles,
        count(*) filter (where duplicate_of is null and published_date is null) as undated_articles,
        min(published_date) as first_published,
        max(published_date) as last_published
    from articles
),

final as (
    select
        files_counted.*,
        rejected_counted.*,
        articles_counted.*
    from files_counted
    cross join rejected_counted
    cross join articles_counted
)

select * from final;

comment on view summary_corpus is 'One row: files, rejected inputs, articles (each story once), duplicates, characters, scripts, sources, articles from records of a scraper export (with their own id), articles without a date, and the date range.';
