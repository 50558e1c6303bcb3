"""cases.urgent: the danger a complaint names now (``nlu.urgency``: 燃气泄漏, 火情 …), or null.

The operators' queue lists open urgent cases first. Cases filed before this revision have none.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("cases", sa.Column("urgent", sa.String(16), nullable=True))
    op.create_index("ix_cases_urgent", "cases", ["urgent"])


def downgrade() -> None:
    op.drop_index("ix_cases_urgent", table_name="cases")
    with op.batch_alter_table("cases") as batch:  # SQLite: drop columns by copying the table
        batch.drop_column("urgent")
