-- Where each slogan is taken up: first use in stories about each province, with how many
-- stories about that province there were, so a province the news seldom covers is not read
-- as one that never adopted the phrase.
create or replace view summary_slogan_provinces as
with

place_mentions as (
    select
        entities.article_id,
        entities.province,
        sum(entities.mentions) as mentions
    from entities
    inner join articles using (article_id)
    where entities.kind = 'place'
      and entities.province is not null
      and articles.duplicate_of is null
      and articles.published_date is not null
    group by entities.article_id, entities.province
),

ranked as (
    select
        article_id,
        province,
        mentions,
        row_number() over (partition by article_id order by mentions desc, province) as place_rank,
        lead(mentions) over (partition by article_id order by mentions desc, province) as runner_up
    from place_mentions
),

-- A story is about a province when it names places there at least twice and more often
-- than places in any other province.
about as (
    select
        ranked.article_id,
        ranked.province,
        articles.published_date,
        date_trunc('month', articles.published_date)::date as month
    from ranked
    inner join articles using (article_id)
    where ranked.place_rank = 1
      and ranked.mentions >= 2
      and (ranked.runner_up is null or ranked.mentions > ranked.runner_up)
),

province_months as (
    select
        province,
        month,
        count(*) as province_articles
    from about
    group by province, month
),

known as (
    select
        slogan_phrases.phrase,
        slogan_phrases.kind,
        min(articles.published_date) as national_first_seen
    from slogan_phrases
    inner join slogan_uses using (phrase)
    inner join articles using (article_id)
    where slogan_phrases.known
      and articles.duplicate_of is null
    group by slogan_phrases.phrase, slogan_phrases.kind
),

used as (
    select
        slogan_uses.phrase,
        about.province,
        min(about.published_date) as first_seen,
        arg_min(about.article_id, strftime(about.published_date, '%Y-%m-%d') || about.article_id)
            as first_article,
        count(*) as articles
    from slogan_uses
    inner join about using (article_id)
    group by slogan_uses.phrase, about.province
),

coverage as (
    select
        known.phrase,
        province_months.province,
        sum(province_months.province_articles) as province_articles
    from known
    inner join province_months
        on province_months.month >= date_trunc('month', known.national_first_seen)::date
    group by known.phrase, province_months.province
),

final as (
    select
        known.phrase,
        known.kind,
        coverage.province,
        used.first_seen,
        used.first_article,
        used.first_seen - known.national_first_seen as lag_days,
        coalesce(used.articles, 0) as articles,
        coverage.province_articles,
        round(coalesce(used.articles, 0) / coverage.province_articles, 6) as share,
        date_trunc('month', used.first_seen)::date as first_month,
        first_month.province_articles as first_month_province_articles,
        known.national_first_seen
    from known
    inner join coverage using (phrase)
    left join used
        on used.phrase = coverage.phrase
       and used.province = coverage.province
    left join province_months as first_month
        on first_month.province = coverage.province
       and first_month.month = date_trunc('month', used.first_seen)::date
)

select * from final order by phrase, first_seen nulls last, province;

comment on view summary_slogan_provinces is 'One row per (slogan, province covered since its first use anywhere): first use in a story about the province (most of its places there), days after the first use anywhere, stories about the province using it, all stories about the province since that first use (province_articles; share = articles / province_articles), and the stories about the province in the month of its first use there. A null first_seen with many province_articles is non-adoption; with few, too little coverage to tell.';
