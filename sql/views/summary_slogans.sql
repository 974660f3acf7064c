-- Slogans and formulas across the corpus: every article that uses a known phrase, quoted or not.
create or replace view summary_slogans as
with

phrases as (
    select
        phrase,
        kind,
        in_list
    from slogan_phrases
    where known
),

uses as (
    select
        slogan_uses.phrase,
        slogan_uses.article_id,
        slogan_uses.mentions,
        slogan_uses.quoted,
        articles.published_date
    from slogan_uses
    inner join articles using (article_id)
    where articles.duplicate_of is null
),

forms as (
    select
        slogans.phrase,
        list_sort(list_distinct(list(slogans.raw))) as forms
    from slogans
    inner join articles using (article_id)
    where articles.duplicate_of is null
    group by slogans.phrase
),

counted as (
    select
        phrase,
        min(published_date) as first_seen,
        -- the earliest dated article; ties go to the smallest id, so the answer is stable
        arg_min(article_id, strftime(published_date, '%Y-%m-%d') || article_id)
            filter (where published_date is not null) as first_article,
        count(*) as articles,
        count(*) filter (where quoted) as quoted_articles,
        max(published_date) as last_seen,
        sum(mentions) as mentions
    from uses
    group by phrase
),

final as (
    select
        phrases.phrase,
        phrases.kind,
        counted.first_seen,
        counted.first_article,
        counted.articles,
        counted.quoted_articles,
        counted.last_seen,
        counted.mentions,
        coalesce(forms.forms, []) as forms,
        phrases.in_list
    from phrases
    inner join counted using (phrase)
    left join forms using (phrase)
)

select * from final order by articles desc, mentions desc, phrase;

comment on view summary_slogans is 'One row per slogan or formula (slogan_phrases.known; names of things, terms and speech are left out): first and last date and the first article that uses it, stories using it (quoted or not), stories quoting it, mentions, and the forms it was quoted in.';
