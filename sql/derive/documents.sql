-- Documents: one row per document cited, gathered from all of main.document_mentions at
-- every publish (inside its transaction). Ties are broken by the earliest citation
-- (published date, article id, offset): independent of load order.
delete from main.documents;

insert into main.documents by name
with

source as (
    select
        d.*,
        a.published_date,
        a.duplicate_of,
        coalesce(cast(a.published_date as varchar), '9999-12-31') || d.article_id
            || lpad(cast(d.start_offset as varchar), 9, '0') as cite_order
    from main.document_mentions as d
    inner join main.articles as a using (article_id)
),

gathered as (
    select
        document_id,
        arg_min(title, cite_order) as title,
        -- a kind that says something beats "other"; then the earliest citation's
        arg_min(kind, cast(kind = 'other' as integer) || cite_order) as kind,
        arg_min(issuer, cite_order) filter (where issuer is not null) as issuer,
        min(published_date) as first_seen,
        max(published_date) as last_seen,
        count(distinct article_id) filter (where duplicate_of is null) as articles,
        count(*) as mentions
    from source
    group by document_id
)

select * from gathered;
