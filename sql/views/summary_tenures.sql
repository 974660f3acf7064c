-- Who held which post, from when to when: every spell of tenures, with how long it is known
-- to have lasted and the share of the post's evidence it has, newest spells first per post.
create or replace view summary_tenures as
with

source as (
    select * from tenures
),

measured as (
    select
        post,
        person,
        place,
        organisation,
        country,
        holders,
        first_seen,
        last_seen,
        last_seen - first_seen + 1 as days_seen,
        articles,
        predecessor,
        successor,
        status,
        flag,
        sum(articles) over (partition by post) as post_articles
    from source
),

final as (
    select * from measured
)

select * from final order by post_articles desc, post, first_seen desc, person;

comment on view summary_tenures is 'One row per person and post held continuously (tenures): first and last day seen, days between, articles, predecessor and successor, status, flag; posts with the most evidence first.';
