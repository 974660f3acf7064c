-- Articles split out of files, normalized to Simplified Chinese.
create table if not exists articles (
    article_id      varchar primary key,
    file_id         varchar not null,
    seq             integer not null,
    title           varchar,
    source          varchar,
    authors         varchar[],
    published_date  date,
    date_text       varchar,
    script          varchar not null,
    text            varchar not null,
    char_count      integer not null,
    repaired_chars  integer not null,
    masked_chars    integer not null,
    stripped_digits integer not null,
    duplicate_of    varchar,
    doc_index       integer not null,
    start_offset    integer not null,
    end_offset      integer not null,
    text_hash       varchar not null,
    url             varchar,
    run_id          varchar
);

comment on table articles is 'One row per article; a file may hold several. Duplicates are marked (duplicate_of), never deleted.';
comment on column articles.article_id is 'Stable id: sha1 of file_id, document index and sequence number.';
comment on column articles.file_id is 'files.file_id of the file the article came from.';
comment on column articles.seq is '0-based position of the article within its file.';
comment on column articles.title is 'Headline, normalized to Simplified.';
comment on column articles.source is 'Outlet named by the page (贺州新闻网, 庆阳网, 湖北日报 …), when given.';
comment on column articles.authors is 'Reporters and editors named in bylines and editor lines, as written.';
comment on column articles.published_date is 'Publication date, only when the text gives the year; never guessed.';
comment on column articles.date_text is 'The date as written in the article (may lack a year).';
comment on column articles.script is 'Script of the input: simplified, traditional or mixed (share of characters t2s would change).';
comment on column articles.text is 'Normalized Simplified body: chrome and repeats removed (see removed_lines), look-alikes repaired (see repairs).';
comment on column articles.char_count is 'Number of characters in text.';
comment on column articles.repaired_chars is 'Number of characters changed beyond plain t2s (rows in repairs).';
comment on column articles.masked_chars is 'Masked characters (*) left in text because no single character was clearly right.';
comment on column articles.stripped_digits is 'Places where the source stripped digits (年 with no year, 全市万群众); flagged, never invented.';
comment on column articles.duplicate_of is 'article_id of the earlier article this one repeats (same or nearly the same text); null for originals.';
comment on column articles.doc_index is 'Index of the source document within the file (jsonl line, 0 for plain text).';
comment on column articles.start_offset is 'Character offset of the article''s span in its source document.';
comment on column articles.end_offset is 'Character offset just past the article''s span in its source document.';
comment on column articles.text_hash is 'sha256 of text, used to find exact duplicates.';
comment on column articles.url is 'URL given by the input (jsonl or html), when any.';
comment on column articles.run_id is 'runs.run_id of the run that built the article.';

create table if not exists removed_lines (
    file_id   varchar not null,
    doc_index integer not null,
    line_no   integer not null,
    text      varchar not null,
    reason    varchar not null
);

comment on table removed_lines is 'One row per line removed from a file as page chrome or a repeat; kept lines plus these rebuild the input.';
comment on column removed_lines.file_id is 'files.file_id of the file the line was removed from.';
comment on column removed_lines.doc_index is 'Index of the source document within the file (jsonl line, 0 for plain text).';
comment on column removed_lines.line_no is '1-based line number within the source document.';
comment on column removed_lines.text is 'The removed line as it was in the input.';
comment on column removed_lines.reason is 'Reason code from a closed set (share_bar, breadcrumb, banner, editor_line, related_links, dup_headline, corpus_repeat …).';

create table if not exists repairs (
    article_id  varchar not null,
    "offset"    integer not null,
    original    varchar not null,
    replacement varchar not null,
    rule        varchar not null
);

comment on table repairs is 'One row per character changed beyond plain Traditional-to-Simplified conversion.';
comment on column repairs.article_id is 'articles.article_id of the repaired article.';
comment on column repairs."offset" is 'Character offset of the change in articles.text.';
comment on column repairs.original is 'What the input had (before conversion).';
comment on column repairs.replacement is 'What articles.text holds now.';
comment on column repairs.rule is 'Rule code from a closed set (lookalike, lookalike_context, opencc_update, hand_correction, quote_style, mask_restored …).';
