-- A changed file at a path already loaded: the new version replaces the old one's rows.
-- The old files row stays (status superseded, raw_text kept) so nothing is lost.
create or replace temp table superseded_files as
select
    published.file_id as old_file_id,
    any_value(staged.file_id) as new_file_id
from main.files as published
inner join staging.files as staged
    on staged.path = published.path
   and staged.file_id <> published.file_id
where published.status = 'loaded'
group by published.file_id;

create or replace temp table superseded_articles as
select article_id
from main.articles
where file_id in (select old_file_id from superseded_files);

update main.files
set status = 'superseded',
    superseded_by = superseded_files.new_file_id
from superseded_files
where main.files.file_id = superseded_files.old_file_id;
