"""Retraining: train_jobs (background jobs of POST /v1/train) and labelled_rows (examples
supervisors add, possibly of a new label).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "train_jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("stage", sa.String(32), nullable=False),
        sa.Column("percent", sa.Integer(), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("owner", sa.String(200), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("started_at", TS, nullable=True),
        sa.Column("finished_at", TS, nullable=True),
        sa.Column("updated_at", TS, nullable=False),
        sa.CheckConstraint("state IN ('queued', 'running', 'succeeded', 'failed')", name=op.f("ck_train_jobs_state")),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"], name=op.f("fk_train_jobs_created_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_train_jobs")),
    )
    op.create_index(op.f("ix_train_jobs_state"), "train_jobs", ["state"])
    op.create_index(op.f("ix_train_jobs_created_at"), "train_jobs", ["created_at"])

    op.create_table(
        "labelled_rows",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("label", sa.String(64), nullable=False),
        sa.Column("text_sha", sa.String(64), nullable=False),
        sa.Column("source", sa.String(200), nullable=True),
        sa.Column("created_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_labelled_rows")),
        sa.UniqueConstraint("text_sha", name=op.f("uq_labelled_rows_text_sha")),
    )
    op.create_index(op.f("ix_labelled_rows_label"), "labelled_rows", ["label"])


def downgrade() -> None:
    op.drop_table("labelled_rows")
    op.drop_table("train_jobs")
