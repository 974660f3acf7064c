-- Meetings held and reported, with who chaired, spoke and attended (in the order written).
create or replace view summary_meetings as
with

source as (
    select
        meeting_id,
        name,
        kind,
        series_no,
        held_on,
        place,
        level,
        articles,
        first_reported
    from meetings
    where articles > 0
),

-- one place per (meeting, role, person): where its earliest report first names them, so
-- a list keeps the order the first report gives it (protocol order)
roles as (
    select
        meeting_roles.meeting_id,
        meeting_roles.role,
        meeting_roles.person,
        min(
            coalesce(cast(articles.published_date as varchar), '9999-12-31')
            || meeting_roles.article_id
            || lpad(cast(meeting_roles.start_offset as varchar), 9, '0')
        ) as seen_order
    from meeting_roles
    inner join articles using (article_id)
    where articles.duplicate_of is null
    group by meeting_roles.meeting_id, meeting_roles.role, meeting_roles.person
),

listed as (
    select
        meeting_id,
        list(person order by seen_order) filter (where role = 'chair') as chairs,
        list(person order by seen_order) filter (where role = 'speech') as speakers,
        list(person order by seen_order) filter (where role = 'attend') as attendees,
        list(person order by seen_order) filter (where role in ('report', 'pledge')) as reporters
    from roles
    group by meeting_id
),

final as (
    select
        source.meeting_id,
        source.name as meeting,
        source.kind,
        source.series_no,
        source.held_on,
        source.place,
        source.level,
        listed.chairs[1] as chair,
        coalesce(listed.speakers, []) as speakers,
        coalesce(listed.attendees, []) as attendees,
        coalesce(listed.reporters, []) as reporters,
        source.articles,
        source.first_reported
    from source
    left join listed using (meeting_id)
)

select * from final order by held_on desc nulls last, first_reported desc nulls last, meeting;

comment on view summary_meetings is 'One row per meeting held and reported: name, kind, day, place, level, its chair, speakers and attendees in the order written, reports (articles).';
