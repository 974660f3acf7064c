-- Meetings: one row per meeting, gathered from all of main.meeting_mentions at every publish
-- (inside its transaction). Ties are broken by the earliest report (published date, then
-- article id), so the row does not depend on the order articles were loaded in:
-- --full-refresh equals an incremental load.
delete from main.meetings;

insert into main.meetings by name
with

source as (
    select
        m.*,
        a.published_date,
        a.duplicate_of,
        coalesce(cast(a.published_date as varchar), '9999-12-31') || m.article_id as report_order
    from main.meeting_mentions as m
    inner join main.articles as a using (article_id)
),

gathered as (
    select
        meeting_id,
        arg_min(name, report_order) as name,
        arg_min(name_norm, report_order) as name_norm,
        arg_min(kind, report_order) as kind,
        arg_min(series_no, report_order) filter (where series_no is not null) as series_no,
        min(held_on) as held_on,
        arg_min(place, report_order) filter (where place is not null) as place,
        arg_min(level, report_order) filter (where level is not null) as level,
        count(distinct article_id) filter (where duplicate_of is null) as articles,
        arg_min(article_id, report_order) as first_article_id,
        min(published_date) as first_reported,
        max(published_date) as last_reported
    from source
    group by meeting_id
)

select * from gathered;
