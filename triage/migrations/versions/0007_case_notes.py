"""case_notes, and the status 已撤销.

Notes keep what was said about a case after it was filed: the citizen's additions (补充) and
withdrawal requests (撤销申请), through the bot or an operator taking the call, and staff's
remarks (备注). An operator withdraws an open case (已撤销, 撤单) with its reason, kept as a note.

SQLite cannot alter a CHECK constraint: the cases table is copied with the new one (batch mode,
the old constraint named so that it is left out of the copy).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

OLD = "status IN ('已受理', '已派单', '办理中', '已办结')"
NEW = "status IN ('已受理', '已派单', '办理中', '已办结', '已撤销')"


def _status_check(sql: str) -> None:
    with op.batch_alter_table("cases", recreate="always") as batch:
        batch.drop_constraint(op.f("ck_cases_status"), type_="check")
        batch.create_check_constraint(op.f("ck_cases_status"), sql)


def upgrade() -> None:
    _status_check(NEW)
    op.create_table(
        "case_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("author", sa.String(4), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("raw_text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('补充', '撤销申请', '备注', '撤销')", name=op.f("ck_case_notes_kind")),
        sa.CheckConstraint("author IN ('市民', '坐席', '主管')", name=op.f("ck_case_notes_author")),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_case_notes_case_id_cases"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_case_notes_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_notes")),
    )
    op.create_index(op.f("ix_case_notes_case_id"), "case_notes", ["case_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_case_notes_case_id"), table_name="case_notes")
    op.drop_table("case_notes")
    op.execute("UPDATE cases SET status = '已办结' WHERE status = '已撤销'")
    _status_check(OLD)
