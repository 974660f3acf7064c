-- Uses of phrases that are no longer known go; the staged uses (new articles, and earlier
-- articles for the phrases that became known) are added, for articles that are current.
delete from main.slogan_uses
where exists (select 1 from staging.slogan_phrases)
  and phrase not in (select phrase from staging.slogan_phrases where known);

insert into main.slogan_uses by name
select staged.*
from staging.slogan_uses as staged
where staged.article_id in (select article_id from main.articles);
