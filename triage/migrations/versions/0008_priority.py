"""cases.priority: a priority case (``nlu.priority``: 群体性欠薪, 老人被困楼上), or null.

The operators' queue lists open priority cases after the open dangers and before the rest. Cases
filed before this revision have none.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("cases", sa.Column("priority", sa.String(16), nullable=True))
    op.create_index("ix_cases_priority", "cases", ["priority"])


def downgrade() -> None:
    op.drop_index("ix_cases_priority", table_name="cases")
    with op.batch_alter_table("cases") as batch:  # SQLite: drop columns by copying the table
        batch.drop_column("priority")
