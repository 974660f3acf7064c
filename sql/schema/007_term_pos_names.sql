-- From this version on, a name tag in term_counts.pos is extract's finding, not jieba's
-- dictionary's (which tags 建立健全 and 明白 nr, 城市 ns). Rows written before keep the old
-- tags until `newsflow run --full-refresh` rebuilds them.
comment on column term_counts.pos is 'Part-of-speech tag (jieba tag set: n, v, m, x …). nr, ns and nt mark only terms extract found as a person, place or organisation in that article; other words jieba''s dictionary tags as names are n.';
