-- Canonical people: the name a person is known by in tenures and summary_people, for every
-- other name the published posts show them with. Recomputed at every publish, before tenures.
--   a full foreign name written with · (安格拉·默克尔) is the part of it that holds the same
--   post (默克尔); a name the entity pass cut short or ran on (梅德韦, 王毅作) is the form of
--   the same post with the most articles that it begins or that begins it.
delete from main.person_names;

insert into main.person_names
with

evidence as (
    select person, post, article_id
    from main.posts
    where resolved
      and tense = 'current'
),

name_posts as (
    select person, post, count(distinct article_id) as articles
    from evidence
    group by person, post
),

dot_parts as (
    select person, post, unnest(string_split(person, '·')) as part
    from name_posts
    where contains(person, '·')
),

aliases as (
    select dot_parts.person, 1 as priority, arg_max(part.person, part.articles) as canonical, 'full_name' as reason
    from dot_parts
    inner join name_posts as part
        on part.person = dot_parts.part
       and part.post = dot_parts.post
    group by dot_parts.person
    union all
    select a.person, 2 as priority, arg_max(b.person, b.articles) as canonical, 'cut_short' as reason
    from name_posts as a
    inner join name_posts as b
        on b.post = a.post
       and b.person <> a.person
       and (starts_with(b.person, a.person) or starts_with(a.person, b.person))
       and b.articles > a.articles
       and least(length(a.person), length(b.person)) >= 2
       and not contains(a.person, '·')
       and not contains(b.person, '·')
    group by a.person
),

final as (
    select
        person as name,
        arg_min(canonical, priority) as person,
        arg_min(reason, priority) as reason
    from aliases
    group by person
)

select * from final
order by name;
