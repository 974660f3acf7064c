-- What extract found in each article.
create table if not exists term_counts (
    article_id   varchar not null,
    term         varchar not null,
    pos          varchar not null,
    n            integer not null,
    dict_version varchar not null
);

comment on table term_counts is 'One row per (article, term, part of speech): every term jieba found, so SQL can rank terms by region and time.';
comment on column term_counts.article_id is 'articles.article_id.';
comment on column term_counts.term is 'The term (a jieba token with the domain dictionaries loaded).';
comment on column term_counts.pos is 'Part-of-speech tag (jieba tag set: n, v, ns, nr, m, x …).';
comment on column term_counts.n is 'Occurrences of the term in the article.';
comment on column term_counts.dict_version is 'Version (hash) of the domain dictionaries that produced the row.';

create table if not exists keywords (
    article_id   varchar not null,
    term         varchar not null,
    weight       double not null,
    rank         integer not null,
    dict_version varchar not null
);

comment on table keywords is 'Top keywords of each article by TF-IDF (numerals, punctuation and stopwords excluded).';
comment on column keywords.article_id is 'articles.article_id.';
comment on column keywords.term is 'The keyword.';
comment on column keywords.weight is 'TF-IDF weight: IDF from the warehouse''s own term_counts when it is large enough, else jieba''s IDF table.';
comment on column keywords.rank is '1 for the strongest keyword of the article.';
comment on column keywords.dict_version is 'Version (hash) of the domain dictionaries that produced the row.';

create table if not exists entities (
    article_id   varchar not null,
    kind         varchar not null,
    name         varchar not null,
    title        varchar,
    mentions     integer not null,
    province     varchar,
    prefecture   varchar,
    county       varchar,
    admin_code   varchar,
    dict_version varchar not null
);

comment on table entities is 'One row per (article, entity): people with their titles, places with their province, organisations.';
comment on column entities.article_id is 'articles.article_id.';
comment on column entities.kind is 'person, place or org.';
comment on column entities.name is 'Canonical name (深圳 and 深圳市 are one place).';
comment on column entities.title is 'Persons: the official title as written next to the name (the first one seen in the article).';
comment on column entities.mentions is 'Number of mentions in the article.';
comment on column entities.province is 'Places: province-level division, when resolvable.';
comment on column entities.prefecture is 'Places: prefecture-level division, when resolvable.';
comment on column entities.county is 'Places: county-level division, when resolvable.';
comment on column entities.admin_code is 'Places: administrative division code (GB/T 2260), when resolvable.';
comment on column entities.dict_version is 'Version (hash) of the domain dictionaries that produced the row.';

create table if not exists entity_mentions (
    article_id   varchar not null,
    kind         varchar not null,
    name         varchar not null,
    surface      varchar not null,
    title        varchar,
    start_offset integer not null,
    end_offset   integer not null
);

comment on table entity_mentions is 'One row per mention of an entity, with its span in articles.text (the evidence behind entities).';
comment on column entity_mentions.article_id is 'articles.article_id.';
comment on column entity_mentions.kind is 'person, place or org.';
comment on column entity_mentions.name is 'Canonical name, as in entities.name.';
comment on column entity_mentions.surface is 'The text as written at this mention.';
comment on column entity_mentions.title is 'Persons: the title attached at this mention, as written.';
comment on column entity_mentions.start_offset is 'Character offset of the mention in articles.text.';
comment on column entity_mentions.end_offset is 'Character offset just past the mention.';

create table if not exists facts (
    article_id   varchar not null,
    subject      varchar,
    value        double not null,
    unit         varchar,
    raw          varchar not null,
    role         varchar,
    start_offset integer not null,
    end_offset   integer not null,
    dict_version varchar not null
);

comment on table facts is 'One row per numeric fact (26.65万人脱贫 → value 266500, unit 人). Years and dates are not facts.';
comment on column facts.article_id is 'articles.article_id.';
comment on column facts.subject is 'What the number counts (贫困人口, 贫困村, 贫困发生率, 人均收入 …), when found.';
comment on column facts.value is 'Absolute value: 26.65万 → 266500; percentages stay as written (9.6).';
comment on column facts.unit is 'Unit as written (人, 户, 个, 元, % …).';
comment on column facts.raw is 'The span as written in the article.';
comment on column facts.role is 'For change expressions (由9.6%降至0.85%): from or to; null otherwise.';
comment on column facts.start_offset is 'Character offset of raw in articles.text.';
comment on column facts.end_offset is 'Character offset just past raw.';
comment on column facts.dict_version is 'Version (hash) of the domain dictionaries that produced the row.';

create table if not exists slogans (
    article_id varchar not null,
    phrase     varchar not null,
    raw        varchar not null,
    mentions   integer not null
);

comment on table slogans is 'One row per (article, quoted formula); titles in 《》 are documents, not slogans.';
comment on column slogans.article_id is 'articles.article_id.';
comment on column slogans.phrase is 'Canonical phrase: Simplified, no spaces or inner punctuation (两不愁 三保障 = 两不愁、三保障 = 两不愁三保障).';
comment on column slogans.raw is 'The first quotation as written in the article.';
comment on column slogans.mentions is 'Number of times the slogan is quoted in the article.';
