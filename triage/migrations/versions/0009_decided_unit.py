"""cases.decided_unit / decided_district and decisions.decided_unit: the acting unit an operator
chose for the decided department (another district's, or another unit of the department than the
triage named), and its district ("" at the city level).

Cases decided before this revision have none: their unit is the one at the complaint's place.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("cases", sa.Column("decided_unit", sa.String(120), nullable=True))
    op.add_column("cases", sa.Column("decided_district", sa.String(16), nullable=True))
    op.create_index("ix_cases_decided_district", "cases", ["decided_district"])
    op.add_column("decisions", sa.Column("decided_unit", sa.String(120), nullable=True))


def downgrade() -> None:
    op.drop_index("ix_cases_decided_district", table_name="cases")
    with op.batch_alter_table("cases") as batch:  # SQLite: drop columns by copying the table
        batch.drop_column("decided_district")
        batch.drop_column("decided_unit")
    with op.batch_alter_table("decisions") as batch:
        batch.drop_column("decided_unit")
