-- A file whose bytes were loaded before and later superseded (a.txt changed back to an
-- earlier version) becomes current again: its row is re-activated, not inserted twice.
update main.files
set status = 'loaded',
    superseded_by = null,
    path = staged.path
from staging.files as staged
where main.files.file_id = staged.file_id;

insert into main.files by name
select staged.*
from staging.files as staged
where staged.file_id not in (select file_id from main.files);
