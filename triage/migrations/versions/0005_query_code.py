"""cases.query_code_hash: the citizen's 查询码 (six digits, told once at filing), hashed.

The bot reads a case for a citizen only with it: case numbers are sequential, so a number alone
would let anyone follow someone else's complaint. Cases filed before this revision have none
(staff still read them; the bot does not).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("cases", sa.Column("query_code_hash", sa.String(64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("cases") as batch:  # SQLite: drop columns by copying the table
        batch.drop_column("query_code_hash")
