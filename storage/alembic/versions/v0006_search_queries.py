"""/search queries too long for a button move from process memory into the database.

- ``search_queries``: the chat, the key a "Next »" button carries, the query and when it was
  last used (``storage/search.py``, :class:`SearchQueries`). A button pressed on another
  replica, or after a restart, finds its query.

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


def upgrade() -> None:
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
