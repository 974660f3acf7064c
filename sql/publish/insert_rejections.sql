-- A bad input seen again by a later run is already on record: add only new (path, reason, bytes).
insert into main.rejected_files by name
select staged.*
from staging.rejected_files as staged
where not exists (
    select 1
    from main.rejected_files as known
    where known.path = staged.path
      and known.reason = staged.reason
      and coalesce(known.file_id, '') = coalesce(staged.file_id, '')
);
