-- A check, not a table: spells of one single-holder post held by two people that overlap
-- in time with no flag on either. The tenure_overlaps suite expects none, so a change to
-- tenures.sql that lets two holders of 国务院总理 overlap silently fails the quality gate.
select
    a.post,
    a.person,
    a.first_seen,
    a.last_seen,
    b.person as other_person,
    b.first_seen as other_first_seen,
    b.last_seen as other_last_seen
from main.tenures as a
inner join main.tenures as b
    on a.post = b.post
   and a.person < b.person
where a.holders = 'single'
  and b.holders = 'single'
  and a.first_seen < b.last_seen
  and b.first_seen < a.last_seen
  and (a.flag is null or b.flag is null)
