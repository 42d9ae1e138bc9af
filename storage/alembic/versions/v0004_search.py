"""Full-text search over the articles (``storage/search.py``).

``article_search`` holds each article's folded search text, one row per article, dropped with
it. On SQLite the FTS5 table ``article_fts`` indexes its ``title`` and ``body`` as external
content, kept current by triggers; on PostgreSQL its ``vector`` (a ``tsvector``) has a GIN index.
Existing articles are indexed here, folded by the same Python code as new ones.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.search import index_article

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_SQLITE = (
    "CREATE TABLE article_search ("
    " article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,"
    " title TEXT NOT NULL, body TEXT NOT NULL)",
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
    # A cascade from articles fires no trigger here unless recursive_triggers is on: delete first.
    "CREATE TRIGGER articles_search_bd BEFORE DELETE ON articles BEGIN"
    " DELETE FROM article_search WHERE article_id = old.id; END",
)
_POSTGRES = (
    "CREATE TABLE article_search ("
    " article_id BIGINT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,"
    " vector TSVECTOR NOT NULL)",
    "CREATE INDEX article_search_vector ON article_search USING GIN (vector)",
)


def upgrade() -> None:
    conn = op.get_bind()
    for statement in _POSTGRES if conn.dialect.name == "postgresql" else _SQLITE:
        conn.exec_driver_sql(statement)
    rows = conn.execute(sa.text("SELECT id, title, data FROM articles ORDER BY id"))
    for article_id, title, data in rows.all():
        index_article(conn, int(article_id), title, data)


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "postgresql":
        for name in ("articles_search_bd", "article_search_au", "article_search_ad",
                     "article_search_ai"):  # fmt: skip
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
        conn.exec_driver_sql("DROP TABLE IF EXISTS article_fts")
    conn.exec_driver_sql("DROP TABLE IF EXISTS article_search")
