-- Places with their place in the administrative hierarchy, so analysts can group by province.
create or replace view summary_places as
with

source as (
    select
        entities.name,
        entities.province,
        entities.prefecture,
        entities.county,
        entities.admin_code,
        entities.mentions,
        entities.article_id
    from entities
    inner join articles using (article_id)
    where entities.kind = 'place'
      and articles.duplicate_of is null
),

counted as (
    select
        name,
        any_value(province) as province,
        any_value(prefecture) as prefecture,
        any_value(county) as county,
        any_value(admin_code) as admin_code,
        count(distinct article_id) as articles,
        sum(mentions) as mentions
    from source
    group by name
),

final as (
    select * from counted
)

select * from final order by articles desc, mentions desc, name;

comment on view summary_places is 'One row per place: province, prefecture, county, administrative code, stories and mentions.';
