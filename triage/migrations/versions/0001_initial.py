"""Initial case store: users, cases, decisions, audit_log.

Revision ID: 0001
Revises:
Create Date: 2026-01-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.CheckConstraint("role IN ('operator', 'supervisor', 'bot')", name=op.f("ck_users_role")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("name", name=op.f("uq_users_name")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_users_token_hash")),
    )
    op.create_table(
        "cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(32), nullable=False),
        sa.Column("channel", sa.String(8), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("contact", sa.String(200), nullable=True),
        sa.Column("raw_title", sa.Text(), nullable=False),
        sa.Column("raw_text", sa.Text(), nullable=False),
        sa.Column("raw_contact", sa.String(200), nullable=True),
        sa.Column("address", sa.String(500), nullable=True),
        sa.Column("time", TS, nullable=True),
        sa.Column("status", sa.String(8), nullable=False),
        sa.Column("satisfaction", sa.String(8), nullable=True),
        sa.Column("suggestion", sa.JSON(), nullable=False),
        sa.Column("suggested_category", sa.String(64), nullable=True),
        sa.Column("suggested_department", sa.String(64), nullable=True),
        sa.Column("decided_category", sa.String(64), nullable=True),
        sa.Column("decided_department", sa.String(64), nullable=True),
        sa.Column("model_version", sa.String(128), nullable=True),
        sa.Column("flagged", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.CheckConstraint("channel IN ('phone', 'web', 'bot')", name=op.f("ck_cases_channel")),
        sa.CheckConstraint("status IN ('已受理', '已派单', '办理中', '已办结')", name=op.f("ck_cases_status")),
        sa.CheckConstraint("satisfaction IS NULL OR satisfaction IN ('满意', '基本满意', '不满意')",
                           name=op.f("ck_cases_satisfaction")),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"], name=op.f("fk_cases_created_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cases")),
        sa.UniqueConstraint("number", name=op.f("uq_cases_number")),
    )
    for col in ("suggested_category", "suggested_department", "decided_category", "decided_department",
                "flagged", "created_at"):
        op.create_index(op.f(f"ix_cases_{col}"), "cases", [col])
    op.create_index("ix_cases_status_id", "cases", ["status", "id"])

    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("accepted", sa.Boolean(), nullable=False),
        sa.Column("suggested_category", sa.String(64), nullable=True),
        sa.Column("suggested_department", sa.String(64), nullable=True),
        sa.Column("decided_category", sa.String(64), nullable=True),
        sa.Column("decided_department", sa.String(64), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("model_version", sa.String(128), nullable=True),
        sa.Column("case_version", sa.Integer(), nullable=False),
        sa.Column("day", sa.String(10), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_decisions_case_id_cases"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_decisions_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decisions")),
    )
    op.create_index(op.f("ix_decisions_case_id"), "decisions", ["case_id"])
    op.create_index(op.f("ix_decisions_day"), "decisions", ["day"])

    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("detail", sa.String(200), nullable=True),
        sa.Column("at", TS, nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_audit_log_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    for col in ("user_id", "case_id", "at"):
        op.create_index(op.f(f"ix_audit_log_{col}"), "audit_log", [col])


def downgrade() -> None:
    op.drop_table("audit_log")
    op.drop_table("decisions")
    op.drop_table("cases")
    op.drop_table("users")
