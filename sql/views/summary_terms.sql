-- Terms ranked by the number of stories that use them (numerals, punctuation and function words left out).
create or replace view summary_terms as
with

source as (
    select
        term_counts.term,
        term_counts.pos,
        term_counts.article_id,
        term_counts.n
    from term_counts
    inner join articles using (article_id)
    where articles.duplicate_of is null
),

content_terms as (
    select *
    from source
    where length(term) > 1
      and pos not in ('m', 'mq', 'x', 'w', 'eng', 'uj', 'ul', 'uz', 'ug', 'uv', 'ud', 'u', 'p', 'c', 'r', 'd', 'f', 'q', 'y', 'e', 'o', 'zg')
      and not regexp_matches(term, '^[0-9０-９.,%％]+$')
),

counted as (
    select
        term,
        pos,
        count(distinct article_id) as articles,
        sum(n) as occurrences
    from content_terms
    group by term, pos
),

final as (
    select
        term,
        pos,
        articles,
        occurrences,
        rank() over (order by articles desc, occurrences desc) as rank
    from counted
)

select * from final order by rank, term;

comment on view summary_terms is 'Content terms ranked by the number of stories using them, with total occurrences.';
