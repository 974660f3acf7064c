-- People, with every official title they are named with, and when they appear.
create or replace view summary_people as
with

source as (
    select
        entities.name,
        entities.title,
        entities.mentions,
        entities.article_id,
        articles.published_date
    from entities
    inner join articles using (article_id)
    where entities.kind = 'person'
      and articles.duplicate_of is null
),

counted as (
    select
        name,
        list_sort(list_distinct(list(title) filter (where title is not null))) as titles,
        count(distinct article_id) as articles,
        sum(mentions) as mentions,
        min(published_date) as first_seen,
        max(published_date) as last_seen
    from source
    group by name
),

final as (
    select * from counted
)

select * from final order by articles desc, mentions desc, name;

comment on view summary_people is 'One row per person: titles as written, stories, mentions, first and last publication date.';
