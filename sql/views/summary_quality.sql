-- The quality funnel: what was rejected, removed, repaired and flagged, by reason.
create or replace view summary_quality as
with

rejected as (
    select 'rejected_files' as stage, reason as code, count(distinct path) as n
    from rejected_files
    group by reason
),

removed as (
    select 'removed_lines' as stage, reason as code, count(*) as n
    from removed_lines
    group by reason
),

repaired as (
    select 'repairs' as stage, rule as code, count(*) as n
    from repairs
    group by rule
),

flagged as (
    select 'articles' as stage, 'masked_chars' as code, coalesce(sum(masked_chars), 0) as n from articles
    union all
    select 'articles', 'stripped_digits', coalesce(sum(stripped_digits), 0) from articles
    union all
    select 'articles', 'duplicates', count(*) from articles where duplicate_of is not null
    union all
    select 'articles', 'without_date', count(*) from articles where published_date is null
),

final as (
    select * from rejected
    union all select * from removed
    union all select * from repaired
    union all select * from flagged
)

select * from final order by stage, n desc, code;

comment on view summary_quality is 'The quality funnel: rejected inputs, removed lines, repairs by rule, masked characters, stripped digits, duplicates and undated articles.';
