-- People, one row each whatever name or title they carry, with their latest post, every
-- post they held, every title as written, and when they appear.
create or replace view summary_people as
with

source as (
    select
        coalesce(person_names.person, entities.name) as name,
        entities.name as written,
        entities.title,
        entities.mentions,
        entities.article_id,
        articles.published_date
    from entities
    inner join articles using (article_id)
    left join person_names
        on person_names.name = entities.name
    where entities.kind = 'person'
      and articles.duplicate_of is null
),

counted as (
    select
        name,
        list_sort(list_distinct(list(title) filter (where title is not null))) as titles,
        list_sort(list_distinct(list(written) filter (where written <> name))) as other_names,
        count(distinct article_id) as articles,
        sum(mentions) as mentions,
        min(published_date) as first_seen,
        max(published_date) as last_seen
    from source
    group by name
),

held as (
    select
        -- a homonym's spells (王勇（美国）) belong to that person, not to the name
        person as name,
        arg_max(post, last_seen) as latest_post,
        max(last_seen) as latest_post_seen,
        list(post order by first_seen) as posts
    from tenures
    group by person
),

final as (
    select
        counted.name,
        counted.titles,
        counted.articles,
        counted.mentions,
        counted.first_seen,
        counted.last_seen,
        held.latest_post,
        held.latest_post_seen,
        list_distinct(held.posts) as posts,
        counted.other_names
    from counted
    left join held using (name)
)

select * from final order by articles desc, mentions desc, name;

comment on view summary_people is 'One row per person (other names of the same person, person_names, folded in): titles as written, stories, mentions, first and last publication date, the latest post held (tenures) and every post held.';
