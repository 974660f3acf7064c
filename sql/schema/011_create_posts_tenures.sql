-- Officials and their posts over time (#21): every observation of a person named with a
-- post (posts, derived per article like the other extraction tables), the spells of
-- holding a post that follow from all of them (tenures, recomputed at every publish by
-- sql/derive/tenures.sql), and the country of every place (countries.tsv, foreign_places.tsv).
alter table entities add column if not exists country varchar;

comment on column entities.country is 'Places: the country the place is in (中国 for every Chinese division; 美国 for 美 and for 华盛顿), when known.';

create table if not exists posts (
    article_id     varchar not null,
    person         varchar not null,
    post           varchar not null,
    head           varchar not null,
    organisation   varchar,
    place          varchar,
    country        varchar,
    qualifier      varchar,
    tense          varchar not null,
    resolved       boolean not null,
    holders        varchar not null,
    title          varchar not null,
    observed_on    date,
    sentence_year  integer,
    start_offset   integer not null,
    end_offset     integer not null,
    person_start   integer not null,
    person_end     integer not null,
    dict_version   varchar not null
);

comment on table posts is 'One row per observation of a person named with a post in an article (国务院总理|李克强, 普京|总统): the evidence tenures are derived from.';
comment on column posts.article_id is 'articles.article_id.';
comment on column posts.person is 'The person, as entities.name.';
comment on column posts.post is 'The full post as analysts write it (国务院总理, 北京市委书记, 外交部部长, 美国总统) when resolved; otherwise the post as written (总统, 市委书记).';
comment on column posts.head is 'The title head the post ends with (总理, 书记, 部长, 总统).';
comment on column posts.organisation is 'The body the post belongs to (国务院, 庆阳市委, 外交部), when there is one.';
comment on column posts.place is 'The place the post is of: 中国 for national posts, the division (庆阳市) or the country (美国).';
comment on column posts.country is 'The country whose post it is (中国, 美国); null for international bodies (联合国秘书长) and unresolved posts.';
comment on column posts.qualifier is 'Qualifier written with the post: 代 常务 兼 原 前 时任 已故 退休 当选 候任 名誉 …; null when none.';
comment on column posts.tense is 'current (evidence of holding it on observed_on), ended (announced as left that day: 不再担任…职务, 免去…职务), former (原/前/时任/已故…, or a person the article mourns or commemorates), elect (当选/候任) or honorary.';
comment on column posts.resolved is 'True when the post''s organisation or place is known (from the title or the article), so it can be compared across articles.';
comment on column posts.holders is 'single (one holder at a time: 总理, 省委书记, 总统) or multi (several at once: 副总理, 常委, 国务委员).';
comment on column posts.title is 'The post as written in the article (the part of the title chain that names it).';
comment on column posts.observed_on is 'The article''s published_date: the day this observation is evidence for.';
comment on column posts.sentence_year is 'The latest year written before the name in its sentence (2012年…), when any: a sentence about an earlier year is no evidence of the observation day.';
comment on column posts.start_offset is 'Character offset of the post as written in articles.text.';
comment on column posts.end_offset is 'Character offset just past the post as written.';
comment on column posts.person_start is 'Character offset of the person''s name in articles.text.';
comment on column posts.person_end is 'Character offset just past the person''s name.';
comment on column posts.dict_version is 'Version of the dictionaries that produced the row, as in entities.dict_version.';

create table if not exists tenures (
    person         varchar not null,
    post           varchar not null,
    place          varchar,
    organisation   varchar,
    country        varchar,
    holders        varchar not null,
    first_seen     date not null,
    last_seen      date not null,
    articles       integer not null,
    predecessor    varchar,
    successor      varchar,
    status         varchar not null,
    flag           varchar,
    overlaps_with  varchar
);

comment on table tenures is 'One row per person and post held continuously, as the published posts show it; recomputed from all of posts at every publish (sql/derive/tenures.sql), so a full refresh and any incremental order give the same rows.';
comment on column tenures.person is 'The person (canonical: a name the entity pass cut short, 梅德韦, is the one it cut, 梅德韦杰夫; a homonym of another country gets its country in brackets).';
comment on column tenures.post is 'The full post, as posts.post.';
comment on column tenures.place is 'The place of the post (中国, 北京市, 美国).';
comment on column tenures.organisation is 'The body of the post (国务院, 北京市委), when there is one.';
comment on column tenures.country is 'The country whose post it is; null for international bodies.';
comment on column tenures.holders is 'single or multi, as posts.holders.';
comment on column tenures.first_seen is 'The first day an article shows the person holding the post in this spell.';
comment on column tenures.last_seen is 'The last day an article shows the person holding the post in this spell.';
comment on column tenures.articles is 'Articles that show the person holding the post in this spell (a story published twice counts twice: the count does not depend on which copy was loaded first).';
comment on column tenures.predecessor is 'Single-holder posts: the holder of the spell before this one.';
comment on column tenures.successor is 'Single-holder posts: the holder of the spell after this one.';
comment on column tenures.status is 'ended (a successor holds the post since, the person is later named its former holder, or, for a post several hold at once, not seen for a year while others are) or current.';
comment on column tenures.flag is 'Null, or overlap when another person''s spell of the same single-holder post overlaps this one (two claimants, or two posts read as one): look at both.';
comment on column tenures.overlaps_with is 'For a flagged spell: the other holder whose spell overlaps it.';

create table if not exists person_names (
    name    varchar not null,
    person  varchar not null,
    reason  varchar not null
);

comment on table person_names is 'One row per name of a person other than the one they are known by (recomputed from posts at every publish by sql/derive/person_names.sql): tenures and summary_people use the person.';
comment on column person_names.name is 'A name as the entity pass read it (entities.name, posts.person).';
comment on column person_names.person is 'The name the person is known by in tenures and summary_people.';
comment on column person_names.reason is 'full_name (安格拉·默克尔 is 默克尔, who holds the same post) or cut_short (梅德韦 is 梅德韦杰夫, 王毅作 is 王毅: the form of the same post with the most articles).';
