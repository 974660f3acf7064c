-- Extraction also loads the people's names the corpus has shown with a title (in at least
-- two published articles): the version then names them too, after a '+'.
comment on column term_counts.dict_version is 'Version of the domain dictionaries that produced the row: a hash of tasks/dicts and the gazetteer, then, after a +, a hash of the names found with a title in earlier runs that were loaded as words and people.';
comment on column keywords.dict_version is 'Version of the domain dictionaries that produced the row: a hash of tasks/dicts and the gazetteer, then, after a +, a hash of the names found with a title in earlier runs that were loaded as words and people.';
comment on column entities.dict_version is 'Version of the domain dictionaries that produced the row: a hash of tasks/dicts and the gazetteer, then, after a +, a hash of the names found with a title in earlier runs that were loaded as words and people.';
comment on column facts.dict_version is 'Version of the domain dictionaries that produced the row: a hash of tasks/dicts and the gazetteer, then, after a +, a hash of the names found with a title in earlier runs that were loaded as words and people.';
