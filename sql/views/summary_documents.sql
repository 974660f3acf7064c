-- Documents cited in 《…》 across the corpus.
create or replace view summary_documents as
with

source as (
    select
        document_id,
        title,
        kind,
        issuer,
        first_seen,
        last_seen,
        articles,
        mentions
    from documents
    where articles > 0
),

verbs as (
    select
        document_mentions.document_id,
        list_sort(list_distinct(list(document_mentions.verb) filter (where document_mentions.verb is not null))) as verbs
    from document_mentions
    inner join articles using (article_id)
    where articles.duplicate_of is null
    group by document_mentions.document_id
),

final as (
    select
        source.document_id,
        source.title as document,
        source.kind,
        source.issuer,
        source.first_seen,
        source.last_seen,
        source.articles,
        source.mentions,
        coalesce(verbs.verbs, []) as verbs
    from source
    left join verbs using (document_id)
)

select * from final order by articles desc, mentions desc, document;

comment on view summary_documents is 'One row per document cited in 《…》: kind, issuer, first and last date, stories citing it, citations and the verbs that cite it (贯彻, 印发 …).';
