-- The staged registry of quoted and listed phrases is the whole of it (tasks.load.phrases
-- rebuilds it at every build); a build that staged none (nothing derived) keeps the old one.
delete from main.slogan_phrases
where exists (select 1 from staging.slogan_phrases);

insert into main.slogan_phrases by name
select * from staging.slogan_phrases;
