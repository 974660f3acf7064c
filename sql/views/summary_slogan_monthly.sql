-- How each slogan spreads: stories using it per month, against all stories of that month.
create or replace view summary_slogan_monthly as
with

stories as (
    select
        article_id,
        date_trunc('month', published_date)::date as month
    from articles
    where duplicate_of is null
      and published_date is not null
),

month_totals as (
    select
        month,
        count(*) as month_articles
    from stories
    group by month
),

uses as (
    select
        slogan_uses.phrase,
        stories.month,
        slogan_uses.mentions,
        slogan_uses.quoted
    from slogan_uses
    inner join stories using (article_id)
    inner join slogan_phrases using (phrase)
    where slogan_phrases.known
),

counted as (
    select
        phrase,
        month,
        count(*) as articles,
        count(*) filter (where quoted) as quoted_articles,
        sum(mentions) as mentions
    from uses
    group by phrase, month
),

final as (
    select
        counted.phrase,
        counted.month,
        counted.articles,
        month_totals.month_articles,
        round(counted.articles / month_totals.month_articles, 6) as share,
        counted.quoted_articles,
        counted.mentions
    from counted
    inner join month_totals using (month)
)

select * from final order by phrase, month;

comment on view summary_slogan_monthly is 'One row per (slogan, month with a use): stories using it, all stories of the month (month_articles), their share, stories quoting it and mentions. Months without a use have no row: their share is 0.';
