"""Citations between norms, clause subjects and collisions (issue 8, pipeline.references).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _address_columns() -> list[sa.Column]:
    return [sa.Column("section", sa.Text(), nullable=True),
            sa.Column("chapter", sa.Text(), nullable=True),
            sa.Column("article", sa.String(100), nullable=True),
            sa.Column("part", sa.String(100), nullable=True),
            sa.Column("point", sa.String(100), nullable=True),
            sa.Column("subpoint", sa.String(100), nullable=True),
            sa.Column("address", sa.Text(), nullable=False)]


def _fk(table: str, column: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
    name = target.split(".")[0]
    return sa.ForeignKeyConstraint([column], [target], ondelete=ondelete,
                                   name=op.f(f"fk_{table}_{column}_{name}"))


def upgrade() -> None:
    op.create_table(
        "citations",
        *_address_columns(),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("clause_id", sa.Integer(), nullable=True),
        sa.Column("char_start", sa.Integer(), nullable=False),
        sa.Column("char_end", sa.Integer(), nullable=False),
        sa.Column("mention", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("rule_id", sa.String(100), nullable=False),
        sa.Column("target_act", sa.String(2000), nullable=True),
        sa.Column("target_version_id", sa.Integer(), nullable=True),
        sa.Column("target_address", sa.Text(), nullable=False),
        sa.Column("target", sa.JSON(), nullable=False),
        sa.Column("target_clause_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("implied", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.CheckConstraint("char_start >= 0 AND char_start <= char_end",
                           name=op.f("ck_citations_offsets")),
        _fk("citations", "version_id", "document_versions.id", "CASCADE"),
        _fk("citations", "clause_id", "clauses.id", "SET NULL"),
        _fk("citations", "target_version_id", "document_versions.id", "SET NULL"),
        _fk("citations", "target_clause_id", "clauses.id", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_citations")),
    )
    for column in ("version_id", "clause_id", "target_act", "target_version_id",
                   "target_clause_id", "status"):
        op.create_index(op.f(f"ix_citations_{column}"), "citations", [column])

    op.create_table(
        "clause_subjects",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("clause_id", sa.Integer(), nullable=True),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("verb", sa.String(64), nullable=False),
        sa.Column("lemmas", sa.Text(), nullable=False),
        sa.Column("quantities", sa.JSON(), nullable=False),
        _fk("clause_subjects", "version_id", "document_versions.id", "CASCADE"),
        _fk("clause_subjects", "clause_id", "clauses.id", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clause_subjects")),
    )
    for column in ("version_id", "clause_id", "verb"):
        op.create_index(op.f(f"ix_clause_subjects_{column}"), "clause_subjects", [column])

    op.create_table(
        "collisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("rule_id", sa.String(100), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("char_start", sa.Integer(), nullable=False),
        sa.Column("char_end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("other_version_id", sa.Integer(), nullable=True),
        sa.Column("other_source", sa.String(2000), nullable=False),
        sa.Column("other_address", sa.Text(), nullable=False),
        sa.Column("other_start", sa.Integer(), nullable=True),
        sa.Column("other_end", sa.Integer(), nullable=True),
        sa.Column("other_text", sa.Text(), nullable=False),
        sa.Column("other_value", sa.Text(), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _fk("collisions", "version_id", "document_versions.id", "CASCADE"),
        _fk("collisions", "other_version_id", "document_versions.id", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_collisions")),
    )
    for column in ("version_id", "rule_id", "other_version_id"):
        op.create_index(op.f(f"ix_collisions_{column}"), "collisions", [column])


def downgrade() -> None:
    op.drop_table("collisions")
    op.drop_table("clause_subjects")
    op.drop_table("citations")
