"""The per-user link limit moves into the database; keyword filters keep their order.

- ``link_limits``: one row per user who sent links (``storage/link_limits.py``).
- ``chat_filters.position``: the order keywords were added in. SQLite listed them by row id,
  which PostgreSQL does not have; existing rows take their row id.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "link_limits",
        sa.Column("user_id", Id, primary_key=True, autoincrement=False),
        sa.Column("stamps", sa.Text, nullable=False, server_default="[]"),
        sa.Column("told_until", sa.Float),
        sa.Column("updated_at", sa.Float, nullable=False),
    )
    op.create_index("link_limits_updated", "link_limits", ["updated_at"])
    # A plain ADD COLUMN on both databases (no table copy on SQLite).
    with op.batch_alter_table("chat_filters", recreate="never") as batch:
        batch.add_column(sa.Column("position", sa.Integer, nullable=False, server_default="0"))
    if op.get_bind().dialect.name == "sqlite":
        op.execute("UPDATE chat_filters SET position = rowid")
