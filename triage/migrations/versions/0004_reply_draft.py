"""cases.reply_draft / reply_saved_at: the reply (答复意见) staff drafted and saved with a case.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("cases", sa.Column("reply_draft", sa.Text(), nullable=True))
    op.add_column("cases", sa.Column("reply_saved_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("cases") as batch:  # SQLite: drop columns by copying the table
        batch.drop_column("reply_saved_at")
        batch.drop_column("reply_draft")
