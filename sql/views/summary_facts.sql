-- Numeric facts grouped by what they count and their unit.
create or replace view summary_facts as
with

source as (
    select
        coalesce(facts.subject, '(unknown)') as subject,
        facts.unit,
        facts.value,
        facts.raw,
        facts.article_id
    from facts
    inner join articles using (article_id)
    where articles.duplicate_of is null
),

counted as (
    select
        subject,
        unit,
        count(*) as facts,
        count(distinct article_id) as articles,
        min(value) as min_value,
        median(value) as median_value,
        max(value) as max_value,
        list(raw order by raw)[1:3] as examples
    from source
    group by subject, unit
),

final as (
    select * from counted
)

select * from final order by facts desc, subject, unit;

comment on view summary_facts is 'One row per (subject, unit): number of facts, stories, min/median/max value and a few examples as written.';
