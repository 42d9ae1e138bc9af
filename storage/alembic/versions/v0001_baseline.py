"""Baseline: the schema of the plain-SQL migrations 001-003 (``storage/legacy``).

A SQLite database made by those migrations (``PRAGMA user_version`` 3, no ``alembic_version``)
already has this schema: ``storage.database`` marks it as at this revision instead of running it.
(Legacy version 4 added one column more, which revision 0003 finds there and keeps.)
The tables are written out here, not taken from ``storage.schema``, which moves on.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _now() -> sa.TextClause:
    """The current UTC time as stored text (the default of ``chats.created_at``)."""
    if op.get_bind().dialect.name == "sqlite":
        return sa.text("(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))")
    return sa.text("""(to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))""")


def _chat_id(primary_key: bool = False) -> sa.Column[int]:
    return sa.Column(
        "chat_id",
        Id,
        sa.ForeignKey("chats.chat_id", ondelete="CASCADE"),
        nullable=False,
        primary_key=primary_key,
        autoincrement=False,
    )


def upgrade() -> None:
    op.create_table(
        "chats",
        sa.Column("chat_id", Id, primary_key=True, autoincrement=False),
        sa.Column("type", sa.Text, nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("username", sa.Text),
        sa.Column("language", sa.Text),
        sa.Column("created_at", sa.Text, nullable=False, server_default=_now()),
        sa.Column("updated_at", sa.Text, nullable=False, server_default=_now()),
    )
    op.create_table(
        "articles",
        sa.Column("id", Id, primary_key=True),
        sa.Column("canonical_url", sa.Text, nullable=False, unique=True),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("site", sa.Text),
        sa.Column("language", sa.Text),
        sa.Column("published", sa.Text),
        sa.Column("data", sa.Text, nullable=False),
        sa.Column("fetched_at", sa.Text, nullable=False),
    )
    op.create_index("articles_fetched_at", "articles", ["fetched_at"])
    op.create_table(
        "article_urls",
        sa.Column("url", sa.Text, primary_key=True),
        sa.Column(
            "article_id", Id, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False
        ),
    )
    op.create_index("article_urls_article", "article_urls", ["article_id"])
    op.create_table(
        "history",
        sa.Column("id", Id, primary_key=True),
        _chat_id(),
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
    )
    op.create_index(
        "history_chat_time", "history", ["chat_id", sa.text("shared_at DESC"), sa.text("id DESC")]
    )
    op.create_index("history_chat_reply", "history", ["chat_id", "reply_message_id"])
    op.create_index("history_chat_message", "history", ["chat_id", "message_id"])
    op.create_index("history_article", "history", ["article_id"])
    op.create_table(
        "chat_settings",
        _chat_id(primary_key=True),
        sa.Column("sentences", sa.Integer, nullable=False, server_default="3"),
        sa.Column("quotes", sa.Integer, nullable=False, server_default="3"),
        sa.Column("auto_summary", sa.Integer, nullable=False, server_default="0"),
        sa.Column("timezone", sa.Text, nullable=False, server_default="UTC"),
    )
    op.create_table(
        "subscriptions",
        _chat_id(primary_key=True),
        sa.Column("thread_id", Id),
        sa.Column("local_time", sa.Text, nullable=False),
        sa.Column("timezone", sa.Text, nullable=False),
        sa.Column("max_stories", sa.Integer, nullable=False, server_default="10"),
        sa.Column("send_empty", sa.Integer, nullable=False, server_default="0"),
        sa.Column("active", sa.Integer, nullable=False, server_default="1"),
        sa.Column("paused_reason", sa.Text),
        sa.Column("created_by", Id),
        sa.Column("starts_at", sa.Text, nullable=False),
        sa.Column("updated_at", sa.Text, nullable=False),
    )
    op.create_index("subscriptions_active", "subscriptions", ["active"])
    op.create_table(
        "digest_log",
        _chat_id(),
        sa.Column("digest_date", sa.Text, nullable=False),
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("due_at", sa.Text, nullable=False),
        sa.Column("period_start", sa.Text, nullable=False),
        sa.Column("period_end", sa.Text, nullable=False),
        sa.Column("parts", sa.Text),
        sa.Column("parts_sent", sa.Integer, nullable=False, server_default="0"),
        sa.Column("message_ids", sa.Text, nullable=False, server_default="[]"),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("retry_at", sa.Text),
        sa.Column("error", sa.Text),
        sa.Column("claimed_at", sa.Text, nullable=False),
        sa.Column("finished_at", sa.Text),
        sa.PrimaryKeyConstraint("chat_id", "digest_date"),
        sa.CheckConstraint(
            "state IN ('sending', 'sent', 'empty', 'failed')", name="digest_log_state_check"
        ),
    )
    op.create_index("digest_log_state", "digest_log", ["state"])
    op.create_table(
        "feeds",
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
    )
    op.create_index("feeds_next_poll", "feeds", ["next_poll_at"])
    op.create_table(
        "chat_feeds",
        _chat_id(),
        sa.Column("feed_id", Id, sa.ForeignKey("feeds.id", ondelete="CASCADE"), nullable=False),
        sa.Column("added_by", Id),
        sa.Column("added_at", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("chat_id", "feed_id"),
    )
    op.create_index("chat_feeds_feed", "chat_feeds", ["feed_id"])
    op.create_table(
        "feed_items",
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
    )
    op.create_index("feed_items_feed_seen", "feed_items", ["feed_id", "first_seen_at"])
    op.create_index("feed_items_state", "feed_items", ["state", "first_seen_at"])
    op.create_table(
        "chat_filters",
        _chat_id(),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("keyword", sa.Text, nullable=False),
        sa.Column("folded", sa.Text, nullable=False),
        sa.Column("added_at", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("chat_id", "kind", "folded"),
        sa.CheckConstraint("kind IN ('include', 'exclude')", name="chat_filters_kind_check"),
    )
    op.create_table(
        "chat_managers",
        _chat_id(),
        sa.Column("user_id", Id, nullable=False),
        sa.Column("seen_at", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("chat_id", "user_id"),
    )
    op.create_index("chat_managers_user", "chat_managers", ["user_id"])
