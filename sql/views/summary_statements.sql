-- Who said what how often: statements by speaker and verb.
create or replace view summary_statements as
with

source as (
    select
        statements.speaker,
        statements.speaker_kind,
        statements.verb,
        statements.verb_class,
        statements.article_id,
        articles.published_date
    from statements
    inner join articles using (article_id)
    where articles.duplicate_of is null
),

counted as (
    select
        speaker,
        speaker_kind,
        verb,
        any_value(verb_class) as verb_class,
        count(*) as statements,
        count(distinct article_id) as articles,
        min(published_date) as first_date,
        max(published_date) as last_date
    from source
    group by speaker, speaker_kind, verb
),

final as (
    select * from counted
)

select * from final order by statements desc, speaker, verb;

comment on view summary_statements is 'One row per (speaker, verb): statements, stories, first and last date (the meeting itself speaking is speaker_kind meeting).';
