"""case_vectors: each case's e5 vector, so the case index takes the database's cases back after a
restart without encoding them again.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_vectors",
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("encoder", sa.String(200), nullable=False),
        sa.Column("vector", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_case_vectors_case_id_cases"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("case_id", name=op.f("pk_case_vectors")),
    )


def downgrade() -> None:
    op.drop_table("case_vectors")
