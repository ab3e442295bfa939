"""The managed risk register: entries merged from evidence, and their evidence.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "risk_register",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("merge_key", sa.String(1000), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("jurisdiction", sa.String(16), nullable=False),
        sa.Column("function", sa.Text(), nullable=False),
        sa.Column("unit", sa.Text(), nullable=False),
        sa.Column("risk", sa.Text(), nullable=False),
        sa.Column("mechanism", sa.Text(), nullable=False),
        sa.Column("category", sa.String(32), nullable=False),
        sa.Column("level", sa.String(16), nullable=False),
        sa.Column("multi_agency", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("factor", sa.String(64), nullable=True),
        sa.Column("function_area", sa.String(64), nullable=False),
        sa.Column("indicator", sa.Text(), nullable=False),
        sa.Column("measure", sa.Text(), nullable=False),
        sa.Column("completion_form", sa.Text(), nullable=False),
        sa.Column("responsible", sa.Text(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("probability", sa.Integer(), nullable=False),
        sa.Column("impact", sa.Integer(), nullable=False),
        sa.Column("scoring_rule", sa.Text(), nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("rejection_reason", sa.Text(), nullable=False),
        sa.Column("proposed_measures", sa.JSON(), nullable=False),
        sa.Column("edited", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("probability BETWEEN 1 AND 3",
                           name=op.f("ck_risk_register_probability")),
        sa.CheckConstraint("impact BETWEEN 1 AND 3", name=op.f("ck_risk_register_impact")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risk_register")),
        sa.UniqueConstraint("merge_key", name=op.f("uq_risk_register_merge_key")),
    )
    op.create_index(op.f("ix_risk_register_level"), "risk_register", ["level"])
    op.create_index(op.f("ix_risk_register_function_area"), "risk_register",
                    ["function_area"])
    op.create_index(op.f("ix_risk_register_status"), "risk_register", ["status"])

    op.create_table(
        "risk_evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("source_id", sa.String(300), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=True),
        sa.Column("norm", sa.Text(), nullable=False),
        sa.Column("link", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["entry_id"], ["risk_register.id"], ondelete="CASCADE",
                                name=op.f("fk_risk_evidence_entry_id_risk_register")),
        sa.ForeignKeyConstraint(["version_id"], ["document_versions.id"], ondelete="SET NULL",
                                name=op.f("fk_risk_evidence_version_id_document_versions")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risk_evidence")),
        sa.UniqueConstraint("entry_id", "kind", "source_id",
                            name=op.f("uq_risk_evidence_entry_id_kind_source_id")),
    )
    op.create_index(op.f("ix_risk_evidence_entry_id"), "risk_evidence", ["entry_id"])
    op.create_index(op.f("ix_risk_evidence_version_id"), "risk_evidence", ["version_id"])


def downgrade() -> None:
    op.drop_table("risk_evidence")
    op.drop_table("risk_register")
