-- Policy language over time (issue #23): what each quoted phrase is, every use of a known
-- phrase, and the period and place of a fact. Columns are added, none renamed; rows loaded
-- before this migration keep nulls in the new columns until --full-refresh re-derives them.

alter table slogans add column kind varchar;
alter table slogans add column name_class varchar;
alter table slogans add column cue varchar;
alter table slogans add column start_offset integer;
alter table slogans add column end_offset integer;
alter table slogans add column dict_version varchar;
alter table slogans add column quoted boolean;

comment on table slogans is 'One row per (article, quoted phrase), with what the quotation is (kind), and the items of a quoted numbered formula the article lists (quoted false); titles in 《》 are documents, not phrases. Every use of a known phrase, quoted or not, is in slogan_uses.';
comment on column slogans.kind is 'What this article''s quotation of the phrase is: slogan, formula (numbered: 四个意识; parallel clauses: 不忘初心、牢记使命), name (of a thing: “萨德”反导系统, “天网”行动), term (an ordinary word quoted: 打“老虎”) or quotation (words of speech). Read from the words around the quote (tasks/extract/dicts/quote_cues.tsv); slogan_phrases.kind is the phrase''s kind across the warehouse. Null: loaded before migration 013.';
comment on column slogans.name_class is 'Names: weapon, spacecraft, ship, craft (a named vessel or aircraft the text does not class), operation, organisation, programme, product, event, work, honour, storm, animal or other; null for other kinds.';
comment on column slogans.cue is 'The word next to the quote that decided the kind (行动, 极端组织, 所谓 …), or for an unquoted item the numbered formula it belongs to; null when the phrase''s own shape decided.';
comment on column slogans.start_offset is 'Character offset in articles.text of the first quotation (inside the marks).';
comment on column slogans.end_offset is 'Character offset just past the first quotation.';
comment on column slogans.quoted is 'True when the article puts the phrase in quotation marks; false for an item of a numbered formula the article lists without them (政治意识、大局意识、核心意识、看齐意识 next to “四个意识”: cue holds the formula). Null: loaded before migration 013.';
comment on column slogans.dict_version is 'Version (hash) of the dictionaries and cue lists that classified the row.';

create table if not exists slogan_phrases (
    phrase          varchar not null,
    kind            varchar not null,
    name_class      varchar,
    known           boolean not null,
    in_list         boolean not null,
    quotes          integer not null,
    quoted_articles integer not null,
    list_since      varchar,
    list_source     varchar,
    dict_version    varchar not null
);

comment on table slogan_phrases is 'One row per phrase quoted anywhere in the warehouse or listed in tasks/extract/dicts/policy_phrases.tsv, with its kind across all its quotations. Rebuilt at every publish.';
comment on column slogan_phrases.phrase is 'Canonical phrase (as slogans.phrase).';
comment on column slogan_phrases.kind is 'The phrase''s kind: the listed kind for a listed phrase; otherwise name when enough of its quotations name a thing, else the commonest kind of its quotations (slogan, formula, term, quotation).';
comment on column slogan_phrases.name_class is 'Names: the commonest class among the quotations that name a thing.';
comment on column slogan_phrases.known is 'True for slogans and formulas: every article that uses the phrase, quoted or not, is in slogan_uses.';
comment on column slogan_phrases.in_list is 'True when the phrase is in the versioned policy-phrase list.';
comment on column slogan_phrases.quotes is 'Quotations of the phrase in the warehouse, duplicates included (with the unquoted items of listed numbered formulas).';
comment on column slogan_phrases.quoted_articles is 'Articles that quote the phrase, or list it as an item of a quoted numbered formula (duplicates included).';
comment on column slogan_phrases.list_since is 'Listed phrases: when the list says the phrase was introduced (YYYY or YYYY-MM).';
comment on column slogan_phrases.list_source is 'Listed phrases: the document or speech the list names as its source.';
comment on column slogan_phrases.dict_version is 'Version (hash) of the dictionaries, cue lists and policy-phrase list that decided the row.';

create table if not exists slogan_uses (
    article_id varchar not null,
    phrase     varchar not null,
    mentions   integer not null,
    quoted     boolean not null
);

comment on table slogan_uses is 'One row per (article, known phrase the article uses), quoted or not: a plain search of articles.text with spaces and inner punctuation ignored (两不愁、三保障 is 两不愁三保障), a phrase inside a longer one counting for both. Re-derived for old articles when a phrase becomes known.';
comment on column slogan_uses.article_id is 'articles.article_id.';
comment on column slogan_uses.phrase is 'slogan_phrases.phrase (a known phrase).';
comment on column slogan_uses.mentions is 'Occurrences of the phrase in the article''s text.';
comment on column slogan_uses.quoted is 'True when the article also puts the phrase in quotation marks (a row in slogans with quoted true).';

alter table facts add column as_of varchar;
alter table facts add column as_of_start date;
alter table facts add column as_of_end date;
alter table facts add column as_of_text varchar;
alter table facts add column place varchar;

comment on column facts.as_of is 'The date or period the figure refers to, as its sentence says, resolved against the article''s date: 2018-12-31 (截至2018年底), 2019 (2019年), 2019-Q3 (三季度), 2019-H1 (上半年), 2019-05 (5月份), 2019-01/2019-09 (前三季度, 1至9月), 2016/2020 (十三五期间). XXXX stands for a year the article does not give (今年4月 in an undated article: XXXX-04). Null when the sentence names no period, or only a year the source stripped.';
comment on column facts.as_of_start is 'First day of as_of; null when its year is unknown.';
comment on column facts.as_of_end is 'Last day of as_of; null when its year is unknown.';
comment on column facts.as_of_text is 'The words as_of was read from (截至2018年底, 去年底, 前三季度).';
comment on column facts.place is 'Whose figure it is, when the sentence names a place before it: the nearest place entity (canonical name), or 中国 for 全国/我国/中国. Null otherwise.';
