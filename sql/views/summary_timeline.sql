-- Stories per month of publication (articles without a known year fall in the null month).
create or replace view summary_timeline as
with

source as (
    select
        article_id,
        source,
        published_date
    from articles
    where duplicate_of is null
),

counted as (
    select
        date_trunc('month', published_date)::date as month,
        count(*) as articles,
        count(distinct source) as sources
    from source
    group by month
),

final as (
    select * from counted
)

select * from final order by month nulls last;

comment on view summary_timeline is 'Stories per month of publication; the row with a null month counts articles whose year the text does not give.';
