-- Places with their place in the administrative hierarchy and their country, so analysts can
-- group by province or by country. Names are canonical: 中, 华 and 我国 are 中国, 美 is 美国.
create or replace view summary_places as
with

source as (
    select
        entities.name,
        entities.province,
        entities.prefecture,
        entities.county,
        entities.admin_code,
        entities.country,
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
        sum(mentions) as mentions,
        any_value(country) as country
    from source
    group by name
),

final as (
    select * from counted
)

select * from final order by articles desc, mentions desc, name;

comment on view summary_places is 'One row per place (canonical name: 中/华/我国 are 中国): province, prefecture, county, administrative code, stories, mentions and country (中国 for Chinese divisions).';
