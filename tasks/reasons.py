"""Closed sets of reason and rule codes.

The codes are stored in the warehouse (``rejected_files.reason``,
``removed_lines.reason``, ``repairs.rule``) and the Great Expectations suites
check the columns against these very sets, so adding a code here is the only
way to add one anywhere.
"""

from __future__ import annotations

# ---------------------------------------------------------- rejected_files.reason
EMPTY = "empty"  # zero bytes, or only whitespace once decoded
BINARY = "binary"  # NUL bytes or control characters: not text
UNDECODABLE = "undecodable"  # no supported encoding decodes it cleanly
TRUNCATED = "truncated"  # a multi-byte sequence cut off at the end
TOO_LARGE = "too_large"  # over the configured size limit
UNREADABLE = "unreadable"  # permission denied or another OS error
BROKEN_LINK = "broken_link"  # a symlink whose target does not exist
LINK_LOOP = "link_loop"  # a symlink or directory loop
CHANGED_WHILE_READING = "changed_while_reading"
UNSUPPORTED_FORMAT = "unsupported_format"  # not a supported extension (tasks.ingest.formats)
BAD_JSONL = "bad_jsonl"  # JSON/JSONL/CSV/Parquet that holds no record with text
NO_TEXT = "no_text"  # an HTML page with no extractable main text; records all with empty text
NOT_FOUND = "not_found"  # a PATH given on the command line that does not exist
FIELD_NOT_FOUND = "field_not_found"  # a --records/--map path that matches nothing in the file

REJECTION_REASONS: frozenset[str] = frozenset(
    {
        EMPTY,
        BINARY,
        UNDECODABLE,
        TRUNCATED,
        TOO_LARGE,
        UNREADABLE,
        BROKEN_LINK,
        LINK_LOOP,
        CHANGED_WHILE_READING,
        UNSUPPORTED_FORMAT,
        BAD_JSONL,
        NO_TEXT,
        NOT_FOUND,
        FIELD_NOT_FOUND,
    }
)

# ----------------------------------------------------------- removed_lines.reason
SHARE_BAR = "share_bar"  # 分享到: / 分享到微信朋友圈 / 扫一扫
BREADCRUMB = "breadcrumb"  # 首页 > 时政
BANNER = "banner"  # app, e-paper and forum banners
EDITOR_LINE = "editor_line"  # 编辑: 责任编辑: 一审/二审/终审 (kept as metadata)
SOURCE_LINE = "source_line"  # 来源: … (kept as metadata)
RELATED_LINKS = "related_links"  # 相关文章 / 相关稿件 and their link lists
HOT_POSTS = "hot_posts"  # 热文推荐 and similar lists
FORUM_SPAM = "forum_spam"  # 我要回帖 / 随机推荐 / 查看完整版本 …
PHOTO_CAPTION = "photo_caption"  # photo source lines, short captions
DUP_HEADLINE = "dup_headline"  # the headline repeated (image captions)
DUP_LINE = "dup_line"  # any other line repeated within the file
CORPUS_REPEAT = "corpus_repeat"  # a line seen in many files of the corpus
NAVIGATION = "navigation"  # 上一篇/下一篇, page furniture
TIMESTAMP = "timestamp"  # forum post header: user - date time
BLANK = "blank"  # whitespace-only line (not stored, counted)
BYLINE = "byline"  # author line under a headline: 市委书记 易鹏飞 (kept as Article.authors)
TITLE = "title"  # the headline line, moved to articles.title (not chrome: nothing is lost)
# the dateline or lead at the head of a story (央视网消息（新闻联播）：, 新华社北京3月5日电（记者 …）,
# 本报讯): its source, place, date and reporters go to the article's metadata
DATELINE = "dateline"

REMOVED_LINE_REASONS: frozenset[str] = frozenset(
    {
        SHARE_BAR,
        BREADCRUMB,
        BANNER,
        EDITOR_LINE,
        SOURCE_LINE,
        RELATED_LINKS,
        HOT_POSTS,
        FORUM_SPAM,
        PHOTO_CAPTION,
        DUP_HEADLINE,
        DUP_LINE,
        CORPUS_REPEAT,
        NAVIGATION,
        TIMESTAMP,
        BLANK,
        BYLINE,
        TITLE,
        DATELINE,
    }
)

# ------------------------------------------------------------------ repairs.rule
LOOKALIKE = "lookalike"  # 苐→第: a look-alike that plain t2s leaves or maps wrong
LOOKALIKE_CONTEXT = "lookalike_context"  # 玖→久 only where the context makes a word
OPENCC_UPDATE = "opencc_update"  # where the package lags the official OpenCC (擡→抬)
OPENCC_KEEP = "opencc_keep"  # proper names that must keep their character (乾安县)
HAND_CORRECTION = "hand_correction"  # learnt from hand-corrected text (著→着 as particle)
QUOTE_STYLE = "quote_style"  # 「」→“”
MASK_RESTORED = "mask_restored"  # * restored from context (人民*府 → 人民政府)

REPAIR_RULES: frozenset[str] = frozenset(
    {
        LOOKALIKE,
        LOOKALIKE_CONTEXT,
        OPENCC_UPDATE,
        OPENCC_KEEP,
        HAND_CORRECTION,
        QUOTE_STYLE,
        MASK_RESTORED,
    }
)

# --------------------------------------------------------------- other closed sets
SCRIPTS: frozenset[str] = frozenset({"simplified", "traditional", "mixed"})
ENTITY_KINDS: frozenset[str] = frozenset({"person", "place", "org"})
FILE_STATUSES: frozenset[str] = frozenset({"loaded", "superseded"})
POST_TENSES: frozenset[str] = frozenset({"current", "former", "ended", "elect", "honorary"})
POST_HOLDERS: frozenset[str] = frozenset({"single", "multi"})
TENURE_STATUSES: frozenset[str] = frozenset({"current", "ended"})
TENURE_FLAGS: frozenset[str] = frozenset({"overlap"})
PERSON_NAME_REASONS: frozenset[str] = frozenset({"full_name", "cut_short"})

# ------------------------------------------- meetings, statements and documents (#22)
MEETING_LEVELS: frozenset[str] = frozenset({"national", "provincial", "prefectural", "county", "international"})
MEETING_ROLES: frozenset[str] = frozenset({"chair", "speech", "attend", "report", "pledge"})
SPEAKER_KINDS: frozenset[str] = frozenset({"person", "meeting"})
SPEAKER_RESOLUTIONS: frozenset[str] = frozenset({"explicit", "pronoun", "carried"})
# The classes of tasks/extract/dicts/speech_verbs.tsv (a test keeps the file within these).
VERB_CLASSES: frozenset[str] = frozenset({"assert", "say", "direct", "propose", "announce"})
# The kinds of tasks/extract/dicts/document_kinds.tsv, and "other" for a title nothing types.
DOCUMENT_KINDS: frozenset[str] = frozenset(
    {
        "law", "regulation", "plan", "opinion", "notice", "decision", "report", "declaration",
        "treaty", "charter", "speech", "signed_article", "book", "periodical", "film",
        "programme", "song", "other",
    }
)
# What a quoted phrase is (slogans.kind, slogan_phrases.kind; tasks.extract.slogans) and,
# for names, what they name (name_class).
PHRASE_KINDS: frozenset[str] = frozenset({"slogan", "formula", "name", "term", "quotation"})
NAME_CLASSES: frozenset[str] = frozenset(
    {"weapon", "spacecraft", "ship", "craft", "operation", "organisation", "programme", "product",
     "event", "work", "honour", "storm", "animal", "other"}
)
