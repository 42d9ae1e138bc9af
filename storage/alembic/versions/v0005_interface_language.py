"""The language the bot writes in, chosen with /language (``chat_settings.interface_language``).

NULL for no choice: each user's Telegram language, else English (``handlers.language``).

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    columns = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("chat_settings")}
    if "interface_language" in columns:  # a schema set back by hand to an older revision
        return
    # A plain ADD COLUMN on both databases (no table copy on SQLite).
    with op.batch_alter_table("chat_settings", recreate="never") as batch:
        batch.add_column(sa.Column("interface_language", sa.Text))


def downgrade() -> None:
    with op.batch_alter_table("chat_settings") as batch:
        batch.drop_column("interface_language")
