-- Fingerprints let a run find duplicates of earlier articles without re-reading their text.
create table if not exists article_fingerprints (
    article_id varchar primary key,
    exact_key  varchar not null,
    signature  uinteger[] not null
);

comment on table article_fingerprints is 'One row per article: what duplicate detection compares (articles.duplicate_of), kept so later runs need not re-read earlier texts.';
comment on column article_fingerprints.article_id is 'articles.article_id.';
comment on column article_fingerprints.exact_key is 'sha256 of the text without whitespace and punctuation: equal for the same story in any file or encoding.';
comment on column article_fingerprints.signature is 'MinHash signature over character 5-grams; the share of equal slots estimates the similarity of two articles.';
