"""The tables, as SQLAlchemy Core sees them: one schema for SQLite and PostgreSQL.

The migrations in ``storage/alembic/versions`` create exactly these tables; the repositories
query them through these objects, so one set of queries serves both databases.

Types are the ones the first SQLite schema used (``storage/legacy``), so databases made by it
are read as they are:

- times are UTC text ``YYYY-MM-DDTHH:MM:SS.SSSZ`` (``storage/timestamps.py``): one width, so they
  sort and compare as strings on both databases;
- flags are integers 0/1;
- Telegram's ids (chats, users) are 64-bit: ``BIGINT`` on PostgreSQL, ``INTEGER`` on SQLite
  (where an ``INTEGER PRIMARY KEY`` is the row id, numbered by SQLite itself).
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

# 64-bit on PostgreSQL; SQLite's INTEGER is already 64-bit and must stay INTEGER to be a row id.
Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _chat_ref() -> sa.Column[int]:
    return sa.Column(
        "chat_id", Id, sa.ForeignKey("chats.chat_id", ondelete="CASCADE"), nullable=False
    )


chats = sa.Table(
    "chats",
    metadata,
    sa.Column("chat_id", Id, primary_key=True, autoincrement=False),
    sa.Column("type", sa.Text, nullable=False),
    sa.Column("title", sa.Text),
    sa.Column("username", sa.Text),
    sa.Column("language", sa.Text),
    sa.Column("created_at", sa.Text, nullable=False),
    sa.Column("updated_at", sa.Text, nullable=False),
)

articles = sa.Table(
    "articles",
    metadata,
    sa.Column("id", Id, primary_key=True),
    sa.Column("canonical_url", sa.Text, nullable=False, unique=True),
    sa.Column("url", sa.Text, nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("site", sa.Text),
    sa.Column("language", sa.Text),
    sa.Column("published", sa.Text),  # 'YYYY-MM-DD'
    sa.Column("data", sa.Text, nullable=False),  # JSON, opaque here
    sa.Column("fetched_at", sa.Text, nullable=False),
    sa.Index("articles_fetched_at", "fetched_at"),
)

article_urls = sa.Table(
    "article_urls",
    metadata,
    sa.Column("url", sa.Text, primary_key=True),
    sa.Column(
        "article_id", Id, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Index("article_urls_article", "article_id"),
)

history = sa.Table(
    "history",
    metadata,
    sa.Column("id", Id, primary_key=True),
    _chat_ref(),
    sa.Column(
        "article_id", Id, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("url", sa.Text),
    sa.Column("shared_by_id", Id),
    sa.Column("shared_by_name", sa.Text),
    sa.Column("message_id", Id),
    sa.Column("reply_message_id", Id),
    sa.Column("thread_id", Id),
    sa.Column("shared_at", sa.Text, nullable=False),
    sa.Index("history_chat_time", "chat_id", sa.text("shared_at DESC"), sa.text("id DESC")),
    sa.Index("history_chat_reply", "chat_id", "reply_message_id"),
    sa.Index("history_chat_message", "chat_id", "message_id"),
    sa.Index("history_article", "article_id"),
)

chat_settings = sa.Table(
    "chat_settings",
    metadata,
    sa.Column(
        "chat_id", Id, sa.ForeignKey("chats.chat_id", ondelete="CASCADE"), primary_key=True,
        autoincrement=False,
    ),
    sa.Column("sentences", sa.Integer, nullable=False, server_default="3"),
    sa.Column("quotes", sa.Integer, nullable=False, server_default="3"),
    sa.Column("auto_summary", sa.Integer, nullable=False, server_default="0"),
    sa.Column("timezone", sa.Text, nullable=False, server_default="UTC"),
    # ISO 639-1; NULL for each article's own language (revision 0003).
    sa.Column("summary_language", sa.Text),
    # The bot's own language (/language): ISO 639-1; NULL for each user's (revision 0005).
    sa.Column("interface_language", sa.Text),
)

subscriptions = sa.Table(
    "subscriptions",
    metadata,
    sa.Column(
        "chat_id", Id, sa.ForeignKey("chats.chat_id", ondelete="CASCADE"), primary_key=True,
        autoincrement=False,
    ),
    sa.Column("thread_id", Id),
    sa.Column("local_time", sa.Text, nullable=False),  # 'HH:MM'
    sa.Column("timezone", sa.Text, nullable=False),
    sa.Column("max_stories", sa.Integer, nullable=False, server_default="10"),
    sa.Column("send_empty", sa.Integer, nullable=False, server_default="0"),
    sa.Column("active", sa.Integer, nullable=False, server_default="1"),
    sa.Column("paused_reason", sa.Text),
    sa.Column("created_by", Id),
    sa.Column("starts_at", sa.Text, nullable=False),
    sa.Column("updated_at", sa.Text, nullable=False),
    sa.Index("subscriptions_active", "active"),
)

DIGEST_STATES = ("sending", "sent", "empty", "failed")

digest_log = sa.Table(
    "digest_log",
    metadata,
    _chat_ref(),
    sa.Column("digest_date", sa.Text, nullable=False),  # 'YYYY-MM-DD', the chat's local date
    sa.Column("state", sa.Text, nullable=False),
    sa.Column("due_at", sa.Text, nullable=False),
    sa.Column("period_start", sa.Text, nullable=False),
    sa.Column("period_end", sa.Text, nullable=False),
    sa.Column("parts", sa.Text),  # JSON list
    sa.Column("parts_sent", sa.Integer, nullable=False, server_default="0"),
    sa.Column("message_ids", sa.Text, nullable=False, server_default="[]"),  # JSON list
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("retry_at", sa.Text),
    sa.Column("error", sa.Text),
    sa.Column("claimed_at", sa.Text, nullable=False),
    sa.Column("finished_at", sa.Text),
    sa.PrimaryKeyConstraint("chat_id", "digest_date"),
    sa.CheckConstraint(
        "state IN ('sending', 'sent', 'empty', 'failed')", name="digest_log_state_check"
    ),
    sa.Index("digest_log_state", "state"),
)

feeds = sa.Table(
    "feeds",
    metadata,
    sa.Column("id", Id, primary_key=True),
    sa.Column("url", sa.Text, nullable=False, unique=True),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("site_url", sa.Text),
    sa.Column("etag", sa.Text),
    sa.Column("last_modified", sa.Text),
    sa.Column("next_poll_at", sa.Text, nullable=False),
    sa.Column("last_polled_at", sa.Text),
    sa.Column("failures", sa.Integer, nullable=False, server_default="0"),
    sa.Column("last_error", sa.Text),
    sa.Column("created_at", sa.Text, nullable=False),
    sa.Index("feeds_next_poll", "next_poll_at"),
)

chat_feeds = sa.Table(
    "chat_feeds",
    metadata,
    _chat_ref(),
    sa.Column("feed_id", Id, sa.ForeignKey("feeds.id", ondelete="CASCADE"), nullable=False),
    sa.Column("added_by", Id),
    sa.Column("added_at", sa.Text, nullable=False),
    sa.PrimaryKeyConstraint("chat_id", "feed_id"),
    sa.Index("chat_feeds_feed", "feed_id"),
)

ITEM_STATES = ("new", "summarised", "failed", "skipped")

feed_items = sa.Table(
    "feed_items",
    metadata,
    sa.Column("id", Id, primary_key=True),
    sa.Column("feed_id", Id, sa.ForeignKey("feeds.id", ondelete="CASCADE"), nullable=False),
    sa.Column("guid", sa.Text, nullable=False),
    sa.Column("url", sa.Text, nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("summary", sa.Text, nullable=False, server_default=""),
    sa.Column("published", sa.Text),
    sa.Column("first_seen_at", sa.Text, nullable=False),
    sa.Column("state", sa.Text, nullable=False, server_default="new"),
    sa.UniqueConstraint("feed_id", "guid"),
    sa.CheckConstraint(
        "state IN ('new', 'summarised', 'failed', 'skipped')", name="feed_items_state_check"
    ),
    sa.Index("feed_items_feed_seen", "feed_id", "first_seen_at"),
    sa.Index("feed_items_state", "state", "first_seen_at"),
)

chat_filters = sa.Table(
    "chat_filters",
    metadata,
    _chat_ref(),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("keyword", sa.Text, nullable=False),
    sa.Column("folded", sa.Text, nullable=False),
    sa.Column("added_at", sa.Text, nullable=False),
    # The order keywords were added in (revision 0002; SQLite's row id before that).
    sa.Column("position", sa.Integer, nullable=False, server_default="0"),
    sa.PrimaryKeyConstraint("chat_id", "kind", "folded"),
    sa.CheckConstraint("kind IN ('include', 'exclude')", name="chat_filters_kind_check"),
)

chat_managers = sa.Table(
    "chat_managers",
    metadata,
    _chat_ref(),
    sa.Column("user_id", Id, nullable=False),
    sa.Column("seen_at", sa.Text, nullable=False),
    sa.PrimaryKeyConstraint("chat_id", "user_id"),
    sa.Index("chat_managers_user", "user_id"),
)

# The per-user link limit (revision 0002): the times of the links counted in the current
# window, as a JSON list of Unix seconds, and until when the user was told about the limit.
link_limits = sa.Table(
    "link_limits",
    metadata,
    sa.Column("user_id", Id, primary_key=True, autoincrement=False),
    sa.Column("stamps", sa.Text, nullable=False, server_default="[]"),
    sa.Column("told_until", sa.Float),
    sa.Column("updated_at", sa.Float, nullable=False),
    sa.Index("link_limits_updated", "updated_at"),
)

# /search queries too long for a button's 64 bytes, under the key the button carries (revision
# 0006): in the database, so a button pressed on another replica, or after a restart, works.
search_queries = sa.Table(
    "search_queries",
    metadata,
    sa.Column("chat_id", Id, primary_key=True, autoincrement=False),
    sa.Column("key", sa.Text, primary_key=True),
    sa.Column("query", sa.Text, nullable=False),
    sa.Column("used_at", sa.Float, nullable=False),
    sa.Index("search_queries_used", "used_at"),
)

# Parents before children: the order a copy inserts tables in (and deletes them in reverse).
TABLES_IN_ORDER = (
    chats,
    articles,
    article_urls,
    history,
    chat_settings,
    subscriptions,
    digest_log,
    feeds,
    chat_feeds,
    feed_items,
    chat_filters,
    chat_managers,
    link_limits,
    search_queries,
)
