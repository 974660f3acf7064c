-- Quoted formulas across the corpus, one row per canonical phrase.
create or replace view summary_slogans as
with

source as (
    select
        slogans.phrase,
        slogans.raw,
        slogans.mentions,
        slogans.article_id,
        articles.published_date
    from slogans
    inner join articles using (article_id)
    where articles.duplicate_of is null
),

counted as (
    select
        phrase,
        count(distinct article_id) as articles,
        sum(mentions) as mentions,
        list_sort(list_distinct(list(raw))) as forms,
        min(published_date) as first_seen,
        max(published_date) as last_seen
    from source
    group by phrase
),

final as (
    select * from counted
)

select * from final order by articles desc, mentions desc, phrase;

comment on view summary_slogans is 'One row per slogan (canonical phrase): stories quoting it, mentions, the forms it was written in, first and last date.';
