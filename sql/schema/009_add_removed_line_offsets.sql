-- Part of a line can be removed too: a dateline at the head of a story (央视网消息（新闻联播）：)
-- or inline chrome inside a run-on article (我要评论, 相关新闻：). Such a row keeps the line's
-- number and the removed text, and says where in the line (as written) it sat.
alter table removed_lines add column if not exists start_offset integer;
alter table removed_lines add column if not exists end_offset integer;

comment on column removed_lines.start_offset is 'For a part of a line removed: character offset where the removed text starts in the line as written; null when the whole line was removed.';
comment on column removed_lines.end_offset is 'For a part of a line removed: character offset just past the removed text in the line as written; null when the whole line was removed.';
