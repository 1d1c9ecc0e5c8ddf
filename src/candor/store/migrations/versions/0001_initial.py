"""The initial schema: users, assignments, sessions, reviews, journal, audit log, web sign-ins.

Revision ID: 0001
Revises: (none)
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _fk(column: str, table: str, owner: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{table}.id"], name=f"fk_{owner}_{column}_{table}", ondelete="CASCADE"
    )


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_users"),
        sa.UniqueConstraint("name", name="uq_users_name"),
    )
    op.create_table(
        "assignments",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("supervisor_id", sa.Integer, nullable=False),
        sa.Column("clinician_id", sa.Integer, nullable=False),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_assignments"),
        _fk("supervisor_id", "users", "assignments"),
        _fk("clinician_id", "users", "assignments"),
        sa.UniqueConstraint("supervisor_id", "clinician_id", name="uq_assignments_pair"),
    )
    op.create_index("ix_assignments_supervisor_id", "assignments", ["supervisor_id"])
    op.create_index("ix_assignments_clinician_id", "assignments", ["clinician_id"])
    op.create_table(
        "sessions",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("owner_id", sa.Integer, nullable=False),
        sa.Column("client_pseudonym", sa.String(200), nullable=False),
        sa.Column("session_date", sa.Date, nullable=True),
        sa.Column("source_name", sa.LargeBinary, nullable=False),
        sa.Column("format", sa.String(50), nullable=False),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("report", sa.LargeBinary, nullable=False),
        sa.Column("genuine", sa.String(20), nullable=False),
        sa.Column("expert_role", sa.String(20), nullable=False),
        sa.Column("intention", sa.String(20), nullable=False),
        sa.Column("balance", sa.String(20), nullable=False),
        sa.Column("self_involving_share", sa.Float, nullable=False),
        sa.Column("therapist_turns", sa.Integer, nullable=False),
        sa.Column("sentences", sa.Integer, nullable=False),
        sa.Column("self_involving", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_sessions"),
        _fk("owner_id", "users", "sessions"),
    )
    op.create_index("ix_sessions_owner_id", "sessions", ["owner_id"])
    op.create_index("ix_sessions_client_pseudonym", "sessions", ["client_pseudonym"])
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("session_id", sa.Integer, nullable=False),
        sa.Column("turn", sa.Integer, nullable=False),
        sa.Column("sentence", sa.Integer, nullable=False),
        sa.Column("reviewer_id", sa.Integer, nullable=False),
        sa.Column("action", sa.String(10), nullable=False),
        sa.Column("code", sa.String(20), nullable=True),
        sa.Column("flags", sa.String(200), nullable=False),
        sa.Column("comment", sa.LargeBinary, nullable=False),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_reviews"),
        _fk("session_id", "sessions", "reviews"),
        _fk("reviewer_id", "users", "reviews"),
    )
    op.create_index("ix_reviews_session_id", "reviews", ["session_id"])
    op.create_table(
        "journal_entries",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("author_id", sa.Integer, nullable=False),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("tips", sa.String(100), nullable=False),
        sa.Column("content", sa.LargeBinary, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_journal_entries"),
        _fk("author_id", "users", "journal_entries"),
    )
    op.create_index("ix_journal_entries_author_id", "journal_entries", ["author_id"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("actor_id", sa.Integer, nullable=True),
        sa.Column("actor_name", sa.String(100), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("object_type", sa.String(40), nullable=False),
        sa.Column("object_id", sa.Integer, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_audit_log"),
    )
    op.create_table(
        "web_sessions",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("user_id", sa.Integer, nullable=False),
        sa.Column("csrf", sa.String(64), nullable=False),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("expires", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_web_sessions"),
        sa.UniqueConstraint("token_hash", name="uq_web_sessions_token_hash"),
        _fk("user_id", "users", "web_sessions"),
    )
    op.create_index("ix_web_sessions_user_id", "web_sessions", ["user_id"])
    op.create_index("ix_web_sessions_expires", "web_sessions", ["expires"])
    op.create_table(
        "candor_meta",
        sa.Column("name", sa.String(40), nullable=False),
        sa.Column("value", sa.LargeBinary, nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_candor_meta"),
    )


def downgrade() -> None:
    for table in ("candor_meta", "web_sessions", "audit_log", "journal_entries", "reviews", "sessions", "assignments", "users"):
        op.drop_table(table)
