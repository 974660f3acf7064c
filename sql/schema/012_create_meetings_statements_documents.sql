-- Meetings held and reported, who did what at them, what was said, and the documents cited
-- (issue #22). The *_mentions tables and meeting_roles/statements are derived per article
-- like the other extraction tables; meetings and documents are one row per meeting /
-- document across articles, rebuilt from the mentions at every publish, so a --full-refresh
-- gives what an incremental load of the same files gives.

create table if not exists meeting_mentions (
    article_id   varchar not null,
    meeting_id   varchar not null,
    name         varchar not null,
    name_norm    varchar not null,
    kind         varchar not null,
    series_no    integer,
    held_on      date,
    date_text    varchar,
    place        varchar,
    level        varchar,
    start_offset integer not null,
    end_offset   integer not null,
    dict_version varchar not null
);

comment on table meeting_mentions is 'One row per (article, meeting held it reports): the meeting as this article names and dates it; meetings gathers them.';
comment on column meeting_mentions.article_id is 'articles.article_id.';
comment on column meeting_mentions.meeting_id is 'meetings.meeting_id: articles reporting the same meeting (same normalised name and day, or the same numbered name) share it.';
comment on column meeting_mentions.name is 'The meeting''s name as written (a head written apart from its body is joined to it: 中共中央政治局会议).';
comment on column meeting_mentions.name_norm is 'The name meetings are matched on: Simplified, short forms (全国人大 for 全国人民代表大会), ordinals in Arabic digits without 第 (17次).';
comment on column meeting_mentions.kind is 'The meeting head the name ends in, from tasks/extract/dicts/meeting_kinds.tsv (座谈会, 全体会议, 电视电话会议 …).';
comment on column meeting_mentions.series_no is 'The meeting''s number where written (第五次 → 5, 首届 → 1).';
comment on column meeting_mentions.held_on is 'The day it was held, as written and resolved against the article''s date (5日, 3月13日, 今天); null when no day is written or the article has no date.';
comment on column meeting_mentions.date_text is 'That day as written.';
comment on column meeting_mentions.place is 'The place or venue written with it (北京人民大会堂, 京), as written.';
comment on column meeting_mentions.level is 'national, provincial, prefectural, county or international; null when nothing tells.';
comment on column meeting_mentions.start_offset is 'Character offset in articles.text of the first mention that reports it held.';
comment on column meeting_mentions.end_offset is 'Character offset just past that mention.';
comment on column meeting_mentions.dict_version is 'Version of the dictionaries and rules that produced the row (as in term_counts.dict_version).';

create table if not exists meetings (
    meeting_id       varchar not null,
    name             varchar not null,
    name_norm        varchar not null,
    kind             varchar not null,
    series_no        integer,
    held_on          date,
    place            varchar,
    level            varchar,
    articles         integer not null,
    first_article_id varchar not null,
    first_reported   date,
    last_reported    date
);

comment on table meetings is 'One row per meeting held and reported, gathered across the articles that report it (meeting_mentions); rebuilt at every publish.';
comment on column meetings.meeting_id is 'Stable id: a hash of the normalised name with the day held (or of the numbered name alone); a meeting with neither is its article''s own.';
comment on column meetings.name is 'The name as the earliest report writes it.';
comment on column meetings.name_norm is 'The normalised name (meeting_mentions.name_norm).';
comment on column meetings.kind is 'The meeting head the name ends in (座谈会, 全体会议 …).';
comment on column meetings.series_no is 'The meeting''s number where written (第五次 → 5).';
comment on column meetings.held_on is 'The day held (the earliest one its reports give); null when none is written.';
comment on column meetings.place is 'The place written by the earliest report that writes one.';
comment on column meetings.level is 'national, provincial, prefectural, county or international, from the earliest report that tells.';
comment on column meetings.articles is 'Articles reporting it, a story published twice counted once (duplicate_of is null).';
comment on column meetings.first_article_id is 'The earliest report (by published date, then article id).';
comment on column meetings.first_reported is 'Earliest published date of its reports.';
comment on column meetings.last_reported is 'Latest published date of its reports.';

create table if not exists meeting_roles (
    meeting_id    varchar not null,
    article_id    varchar not null,
    person        varchar not null,
    surface       varchar not null,
    title         varchar,
    role          varchar not null,
    cue           varchar not null,
    list_position integer not null,
    list_partial  boolean not null,
    start_offset  integer not null,
    end_offset    integer not null,
    dict_version  varchar not null
);

comment on table meeting_roles is 'One row per (meeting, article, person, role): who chaired, spoke at, attended, reported to or pledged at a meeting held, as the article writes it.';
comment on column meeting_roles.meeting_id is 'meetings.meeting_id.';
comment on column meeting_roles.article_id is 'articles.article_id of the report that names the role.';
comment on column meeting_roles.person is 'The person''s canonical name (as in entities.name).';
comment on column meeting_roles.surface is 'The name as written.';
comment on column meeting_roles.title is 'The title written with the name in this report (市委副书记、市长), as written.';
comment on column meeting_roles.role is 'chair (主持), speech (讲话, 致辞, 作报告, 发言), attend (出席, 参加, 列席, 在主席台就座), report (通报, 汇报, 作说明) or pledge (表态发言).';
comment on column meeting_roles.cue is 'The cue word as written (主持召开, 讲话, 出席, 通报).';
comment on column meeting_roles.list_position is '1-based place of the person in the list the cue governs, in the order written (protocol order).';
comment on column meeting_roles.list_partial is 'True when that list ends with 等 (and others).';
comment on column meeting_roles.start_offset is 'Character offset of the name in articles.text (equal to end_offset when the person is a pronoun 他 resolved to a name).';
comment on column meeting_roles.end_offset is 'Character offset just past the name.';
comment on column meeting_roles.dict_version is 'Version of the dictionaries and rules that produced the row.';

create table if not exists statements (
    article_id         varchar not null,
    meeting_id         varchar,
    speaker            varchar not null,
    speaker_kind       varchar not null,
    speaker_resolution varchar not null,
    verb               varchar not null,
    verb_class         varchar not null,
    direct             boolean not null,
    content            varchar not null,
    start_offset       integer not null,
    end_offset         integer not null,
    cue_offset         integer not null,
    dict_version       varchar not null
);

comment on table statements is 'One row per thing said (贠建民指出，…; 会议强调，…; 他说：“…”): speaker, verb and content with its span in articles.text.';
comment on column statements.article_id is 'articles.article_id.';
comment on column statements.meeting_id is 'meetings.meeting_id when the statement is part of a meeting''s report (the meeting speaking, or a person with a role at it); null otherwise.';
comment on column statements.speaker is 'A person''s canonical name, or the meeting word as written (会议, 全会) when the meeting itself speaks.';
comment on column statements.speaker_kind is 'person or meeting.';
comment on column statements.speaker_resolution is 'explicit (named with the verb), pronoun (他/她, resolved to the person the text is about) or carried (no subject written: the speaker of the sentence before, or the author of a 批示/贺信 that speaks).';
comment on column statements.verb is 'The cue verb as written (强调, 指出, 表示, 说 …), from tasks/extract/dicts/speech_verbs.tsv.';
comment on column statements.verb_class is 'assert, say, direct, propose or announce (speech_verbs.tsv).';
comment on column statements.direct is 'True for a direct quote (说：“…”): the content is what the quotes hold.';
comment on column statements.content is 'What was said: from after the verb to the end of the sentence, or inside the quotes.';
comment on column statements.start_offset is 'Character offset in articles.text where the content starts.';
comment on column statements.end_offset is 'Character offset just past the content.';
comment on column statements.cue_offset is 'Character offset of the verb.';
comment on column statements.dict_version is 'Version of the dictionaries and rules that produced the row.';

create table if not exists document_mentions (
    article_id   varchar not null,
    document_id  varchar not null,
    title        varchar not null,
    surface      varchar not null,
    kind         varchar not null,
    issuer       varchar,
    verb         varchar,
    start_offset integer not null,
    end_offset   integer not null,
    dict_version varchar not null
);

comment on table document_mentions is 'One row per title in 《…》 in an article: the document it cites, with the citing verb.';
comment on column document_mentions.article_id is 'articles.article_id.';
comment on column document_mentions.document_id is 'documents.document_id.';
comment on column document_mentions.title is 'The document cited: 关于印发《X》的通知 cites X; a short 《意见》 after the full title is that title.';
comment on column document_mentions.surface is 'What the brackets hold here, as written.';
comment on column document_mentions.kind is 'law, regulation, plan, opinion, notice, decision, report, declaration, treaty, charter, speech, signed_article, book, periodical, film, programme, song or other (tasks/extract/dicts/document_kinds.tsv).';
comment on column document_mentions.issuer is 'Who issued or wrote it, where written: in the title (中共中央关于…) or before the verb (中共中央办公厅印发了《…》).';
comment on column document_mentions.verb is 'The citing verb before the title (贯彻, 落实, 印发, 学习, 根据 …), from document_verbs.txt; null when none.';
comment on column document_mentions.start_offset is 'Character offset of the opening 《 in articles.text.';
comment on column document_mentions.end_offset is 'Character offset just past the closing 》.';
comment on column document_mentions.dict_version is 'Version of the dictionaries and rules that produced the row.';

create table if not exists documents (
    document_id varchar not null,
    title       varchar not null,
    kind        varchar not null,
    issuer      varchar,
    first_seen  date,
    last_seen   date,
    articles    integer not null,
    mentions    integer not null
);

comment on table documents is 'One row per document cited in 《…》 across the corpus (document_mentions gathered); rebuilt at every publish.';
comment on column documents.document_id is 'Stable id: a hash of the title with spaces and bracket widths normalised.';
comment on column documents.title is 'The title as its earliest citation writes it.';
comment on column documents.kind is 'The kind its citations give (one other than "other" when any does).';
comment on column documents.issuer is 'The issuer named by its earliest citation that names one.';
comment on column documents.first_seen is 'Earliest published date of an article citing it.';
comment on column documents.last_seen is 'Latest published date of an article citing it.';
comment on column documents.articles is 'Articles citing it, a story published twice counted once.';
comment on column documents.mentions is 'Citations in all articles.';
