-- Who holds each post as of the latest evidence: the current spells, one row per post and
-- holder (posts several hold at once have several rows), with the day the post was last seen.
create or replace view summary_officials_now as
with

source as (
    select
        *,
        max(last_seen) over (partition by post) as post_last_seen,
        row_number() over (partition by post order by last_seen desc, first_seen desc) as newest
    from tenures
),

current_holders as (
    select *
    from source
    where status = 'current'
      and (holders = 'multi' or newest = 1)
),

final as (
    select
        post,
        person,
        place,
        organisation,
        country,
        holders,
        first_seen as since,
        last_seen,
        post_last_seen as as_of,
        articles,
        predecessor,
        flag
    from current_holders
)

select * from final order by articles desc, post, person;

comment on view summary_officials_now is 'One row per post and its current holder as of the latest evidence (tenures with status current; the newest spell of a single-holder post): since, last seen, articles, predecessor.';
