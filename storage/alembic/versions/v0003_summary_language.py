"""The language a chat wants its summaries in (``chat_settings.summary_language``).

NULL for each article's own language; only a model server writes a summary in another one.
A SQLite file of the plain-SQL era that ran ``storage/legacy/004_summary_language.sql`` has the
column already (``storage.database`` finishes every legacy file to that version and marks it as
revision 0001): it is kept as it is.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    columns = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("chat_settings")}
    if "summary_language" in columns:  # a legacy SQLite file (its migration 004)
        return
    # A plain ADD COLUMN on both databases (no table copy on SQLite).
    with op.batch_alter_table("chat_settings", recreate="never") as batch:
        batch.add_column(sa.Column("summary_language", sa.Text))
