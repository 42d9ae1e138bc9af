"""/search queries too long for a button move from process memory into the database; SQLite's
unread FTS5 index goes.

- ``search_queries``: the chat, the key a "Next »" button carries, the query and when it was
  last used (``storage/search.py``, :class:`SearchQueries`). A button pressed on another
  replica, or after a restart, finds its query.
- SQLite: ``article_fts`` and the three triggers that kept it current. Search ranks the chat's
  own articles from ``article_search`` (FTS5's bm25 cannot be limited to a chat), so the index
  was written on every save and read by nothing (61 MiB of a 911 MiB file at 100,000 articles).
  ``articles_search_bd`` (which deletes an article's search row with it) stays.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

_SQLITE_FTS = (
    "CREATE VIRTUAL TABLE article_fts USING fts5(title, body, content='article_search',"
    " content_rowid='article_id', tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER article_search_ai AFTER INSERT ON article_search BEGIN"
    " INSERT INTO article_fts (rowid, title, body) VALUES (new.article_id, new.title, new.body);"
    " END",
    "CREATE TRIGGER article_search_ad AFTER DELETE ON article_search BEGIN"
    " INSERT INTO article_fts (article_fts, rowid, title, body)"
    " VALUES ('delete', old.article_id, old.title, old.body); END",
    "CREATE TRIGGER article_search_au AFTER UPDATE ON article_search BEGIN"
    " INSERT INTO article_fts (article_fts, rowid, title, body)"
    " VALUES ('delete', old.article_id, old.title, old.body);"
    " INSERT INTO article_fts (rowid, title, body) VALUES (new.article_id, new.title, new.body);"
    " END",
)


_FTS_TRIGGERS = ("article_search_ai", "article_search_ad", "article_search_au")


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        for name in _FTS_TRIGGERS:
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
        conn.exec_driver_sql("DROP TABLE IF EXISTS article_fts")
    op.create_table(
        "search_queries",
        sa.Column("chat_id", Id, primary_key=True, autoincrement=False),
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("query", sa.Text, nullable=False),
        sa.Column("used_at", sa.Float, nullable=False),
    )
    op.create_index("search_queries_used", "search_queries", ["used_at"])


def downgrade() -> None:
    op.drop_index("search_queries_used", table_name="search_queries")
    op.drop_table("search_queries")
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":  # revision 0005's FTS5 index, rebuilt from article_search
        for statement in _SQLITE_FTS:
            conn.exec_driver_sql(statement)
        conn.exec_driver_sql("INSERT INTO article_fts (article_fts) VALUES ('rebuild')")
