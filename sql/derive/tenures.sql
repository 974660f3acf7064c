-- Tenures: who held which post, from when to when, as the published posts show it.
-- Recomputed from all of main.posts at every publish (inside its transaction), so an article
-- that extends or ends a spell changes it, and a full refresh equals any incremental order.
--
-- 1. evidence: resolved posts written as held on the article's day (not 原/前/时任, not in
--    an obituary, not in a sentence about an earlier year), or announced as left that day
--    (不再担任…职务: held until then), dated;
-- 2. people: each name as main.person_names (derived just before) says (安格拉·默克尔 →
--    默克尔, 梅德韦 → 梅德韦杰夫); a bare head (普京总统) is the one post of that head the
--    person holds, within a year of its evidence; a name's posts of a country that is not its
--    own (most evidence) are dropped as misread, unless they are many: then a homonym's;
-- 3. spells of single-holder posts: a day's evidence counts when its person has a quarter
--    of the post's evidence in the month before or after it; then the evidence in day order
--    is cut where the holder changes, a run of one person between two runs of another with
--    more articles (李克强 … 周恩来总理 … 李克强) is dropped as a mention of the past, three times
--    over, and runs of one person join. Posts several hold at once (副总理) make one spell per person,
--    cut at a gap of two years;
-- 4. predecessor, successor, status and the overlap flag.
delete from main.tenures;

insert into main.tenures
with

evidence as (
    select
        person,
        post,
        place,
        organisation,
        country,
        holders,
        observed_on as day,
        tense = 'ended' as leaving,
        article_id
    from main.posts
    where resolved
      and tense in ('current', 'ended')
      and observed_on is not null
      and (sentence_year is null or sentence_year >= year(observed_on))
),

-- a bare head (普京总统, 新任总统奥朗德) is the post its person holds with that head, when
-- the person holds only one (法国总统) and the mention falls within a year of that evidence
bare_heads as (
    select
        coalesce(person_names.person, posts.person) as person,
        posts.head,
        posts.observed_on as day,
        posts.article_id
    from main.posts
    left join main.person_names as person_names
        on person_names.name = posts.person
    where not posts.resolved
      and posts.tense = 'current'
      and posts.post = posts.head
      and posts.observed_on is not null
      and (posts.sentence_year is null or posts.sentence_year >= year(posts.observed_on))
),

held_heads as (
    select
        coalesce(person_names.person, posts.person) as person,
        posts.head,
        any_value(posts.post) as post,
        any_value(posts.place) as place,
        any_value(posts.organisation) as organisation,
        any_value(posts.country) as country,
        any_value(posts.holders) as holders,
        min(posts.observed_on) as first_day,
        max(posts.observed_on) as last_day
    from main.posts
    left join main.person_names as person_names
        on person_names.name = posts.person
    where posts.resolved
      and posts.tense in ('current', 'ended')
      and posts.observed_on is not null
    group by 1, 2
    having count(distinct posts.post) = 1
),

resolved_bare as (
    select
        bare_heads.person,
        held_heads.post,
        held_heads.place,
        held_heads.organisation,
        held_heads.country,
        held_heads.holders,
        bare_heads.day,
        false as leaving,
        bare_heads.article_id
    from bare_heads
    inner join held_heads using (person, head)
    where bare_heads.day between held_heads.first_day - 365 and held_heads.last_day + 365
),

-- 2. people ---------------------------------------------------------------------------
named as (
    select
        coalesce(person_names.person, evidence.person) as person,
        evidence.* exclude (person)
    from evidence
    left join main.person_names as person_names
        on person_names.name = evidence.person
    union all
    select * from resolved_bare
),

person_countries as (
    select person, country, count(distinct article_id) as articles
    from named
    where country is not null
    group by person, country
),

home_country as (
    select person, arg_max(country, articles) as country, max(articles) as articles
    from person_countries
    group by person
),

people as (
    -- a post of another country than the person's own: a homonym when it has at least
    -- five articles and half the home country's, else a misreading (dropped)
    select
        named.* exclude (person),
        case
            when named.country is null or home.country is null or named.country = home.country
                then named.person
            else named.person || '（' || named.country || '）'
        end as person
    from named
    left join home_country as home using (person)
    left join person_countries as other
        on other.person = named.person and other.country = named.country
    where named.country is null
       or home.country is null
       or named.country = home.country
       or (other.articles >= 5 and other.articles * 2 >= home.articles)
),

-- 3. spells ---------------------------------------------------------------------------
daily as (
    select
        post,
        person,
        day,
        any_value(holders) as holders,
        -- on the day of a change the leaving holder comes first (不再担任…; …任)
        case when bool_or(leaving) then 0 else 1 end as turn,
        count(distinct article_id) as articles
    from people
    group by post, person, day
),

-- a day's evidence of a single-holder post counts when its person has at least a quarter
-- of the post's evidence in the month before it or in the month after it (so a new holder
-- and a leaving one both count at the change); a name amid another's tenure does not
shares as (
    select
        *,
        sum(articles) over (partition by post, person order by day
            range between interval 30 days preceding and current row) as own_before,
        sum(articles) over (partition by post order by day
            range between interval 30 days preceding and current row) as all_before,
        sum(articles) over (partition by post, person order by day
            range between current row and interval 30 days following) as own_after,
        sum(articles) over (partition by post order by day
            range between current row and interval 30 days following) as all_after
    from daily
    where holders = 'single'
),

single_days as (
    select post, person, day, turn, articles
    from shares
    where own_before * 4 >= all_before or own_after * 4 >= all_after
),

runs_0 as (
    select post, person, day, turn, articles,
        sum(case when person is distinct from prev then 1 else 0 end)
            over (partition by post order by day, turn, person rows unbounded preceding) as run
    from (
        select *, lag(person) over (partition by post order by day, turn, person) as prev
        from single_days
    )
),

-- one pass: a run of one person between two runs of another, with fewer articles than
-- either of them, is dropped (the same step three times over)
run_sizes_1 as (
    select post, run, any_value(person) as person, sum(articles) as articles from runs_0 group by post, run
),
weak_1 as (
    select post, run from (
        select *,
            lag(person) over w as prev_person, lead(person) over w as next_person,
            lag(articles) over w as prev_articles, lead(articles) over w as next_articles
        from run_sizes_1
        window w as (partition by post order by run)
    )
    where prev_person = next_person and articles < least(prev_articles, next_articles)
),
kept_1 as (
    select post, person, day, turn, articles from runs_0
    anti join weak_1 using (post, run)
),
runs_1 as (
    select post, person, day, turn, articles,
        sum(case when person is distinct from prev then 1 else 0 end)
            over (partition by post order by day, turn, person rows unbounded preceding) as run
    from (select *, lag(person) over (partition by post order by day, turn, person) as prev from kept_1)
),

run_sizes_2 as (
    select post, run, any_value(person) as person, sum(articles) as articles from runs_1 group by post, run
),
weak_2 as (
    select post, run from (
        select *,
            lag(person) over w as prev_person, lead(person) over w as next_person,
            lag(articles) over w as prev_articles, lead(articles) over w as next_articles
        from run_sizes_2
        window w as (partition by post order by run)
    )
    where prev_person = next_person and articles < least(prev_articles, next_articles)
),
kept_2 as (
    select post, person, day, turn, articles from runs_1
    anti join weak_2 using (post, run)
),
runs_2 as (
    select post, person, day, turn, articles,
        sum(case when person is distinct from prev then 1 else 0 end)
            over (partition by post order by day, turn, person rows unbounded preceding) as run
    from (select *, lag(person) over (partition by post order by day, turn, person) as prev from kept_2)
),

run_sizes_3 as (
    select post, run, any_value(person) as person, sum(articles) as articles from runs_2 group by post, run
),
weak_3 as (
    select post, run from (
        select *,
            lag(person) over w as prev_person, lead(person) over w as next_person,
            lag(articles) over w as prev_articles, lead(articles) over w as next_articles
        from run_sizes_3
        window w as (partition by post order by run)
    )
    where prev_person = next_person and articles < least(prev_articles, next_articles)
),
kept_3 as (
    select post, person, day, turn from runs_2
    anti join weak_3 using (post, run)
),
runs_3 as (
    select post, person, day, turn,
        sum(case when person is distinct from prev then 1 else 0 end)
            over (partition by post order by day, turn, person rows unbounded preceding) as run
    from (select *, lag(person) over (partition by post order by day, turn, person) as prev from kept_3)
),

multi_spells as (
    select post, person, day,
        sum(case when prev is null or day - prev > 730 then 1 else 0 end)
            over (partition by post, person order by day rows unbounded preceding) as run
    from (
        select *, lag(day) over (partition by post, person order by day) as prev
        from daily
        where holders = 'multi'
    )
),

spells as (
    select post, person, run, 'single' as holders from runs_3
    union all
    select post, person, run, 'multi' as holders from multi_spells
),

spell_days as (
    select post, person, run, day from runs_3
    union all
    select post, person, run, day from multi_spells
),

spell_evidence as (
    select
        spell_days.post,
        spell_days.person,
        spell_days.run,
        min(spell_days.day) as first_seen,
        max(spell_days.day) as last_seen,
        count(distinct people.article_id) as articles,
        mode(people.place) as place,
        mode(people.organisation) as organisation,
        mode(people.country) as country,
        any_value(people.holders) as holders
    from spell_days
    inner join people
        on people.post = spell_days.post
       and people.person = spell_days.person
       and people.day = spell_days.day
    group by spell_days.post, spell_days.person, spell_days.run
),

-- 4. neighbours, status, overlaps -------------------------------------------------------
ordered as (
    select *,
        case when holders = 'single' then lag(person) over w end as predecessor,
        case when holders = 'single' then lead(person) over w end as successor,
        max(last_seen) over (partition by post) as post_last_seen
    from spell_evidence
    window w as (partition by post order by first_seen, last_seen, person)
),

named_former as (
    -- the person named the post's former holder (原/前/时任) after the spell, or announced
    -- as leaving it (不再担任…职务) on its last day: the spell ended
    select distinct coalesce(person_names.person, posts.person) as person, post, observed_on, tense
    from main.posts
    left join main.person_names as person_names
        on person_names.name = posts.person
    where resolved and tense in ('former', 'ended') and observed_on is not null
),

with_status as (
    select
        ordered.*,
        case
            when ordered.successor is not null then 'ended'
            when exists (
                select 1 from named_former f
                where f.person = ordered.person and f.post = ordered.post
                  and (f.observed_on > ordered.last_seen or (f.tense = 'ended' and f.observed_on = ordered.last_seen))
            ) then 'ended'
            when ordered.holders = 'multi' and ordered.last_seen < ordered.post_last_seen - 365 then 'ended'
            else 'current'
        end as status
    from ordered
),

overlapping as (
    select a.post, a.person, a.first_seen, min(b.person) as overlaps_with
    from with_status as a
    inner join with_status as b
        on a.post = b.post
       and a.person <> b.person
       and a.holders = 'single'
       and a.first_seen < b.last_seen
       and b.first_seen < a.last_seen
    group by a.post, a.person, a.first_seen
),

final as (
    select
        with_status.person,
        with_status.post,
        with_status.place,
        with_status.organisation,
        with_status.country,
        with_status.holders,
        with_status.first_seen,
        with_status.last_seen,
        with_status.articles,
        with_status.predecessor,
        with_status.successor,
        with_status.status,
        case when overlapping.overlaps_with is not null then 'overlap' end as flag,
        overlapping.overlaps_with
    from with_status
    left join overlapping using (post, person, first_seen)
)

select * from final
order by post, first_seen, person;
