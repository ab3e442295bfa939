"""Initial schema: documents, versions, clauses, findings, risks, audit log.

Revision ID: 0001
Revises:
Create Date: 2025-11-23
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_CURRENT_ONLY = sa.text("superseded_at IS NULL")


def _address_columns() -> list[sa.Column]:
    return [
        sa.Column("section", sa.Text(), nullable=True),
        sa.Column("chapter", sa.Text(), nullable=True),
        *(sa.Column(name, sa.String(100), nullable=True)
          for name in ("article", "part", "point", "subpoint")),
        sa.Column("address", sa.Text(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(2000), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
        sa.UniqueConstraint("source", name=op.f("uq_documents_source")),
    )

    op.create_table(
        "document_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("jurisdiction", sa.String(16), nullable=False),
        sa.Column("language", sa.String(16), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("number", sa.Text(), nullable=True),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("issuing_body", sa.Text(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("pages", sa.JSON(), nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("superseded_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="CASCADE",
                                name=op.f("fk_document_versions_document_id_documents")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_versions")),
    )
    op.create_index(op.f("ix_document_versions_document_id"), "document_versions",
                    ["document_id"])
    op.create_index(op.f("ix_document_versions_sha256"), "document_versions", ["sha256"])
    # At most one current version per document.
    op.create_index("uq_document_versions_current", "document_versions", ["document_id"],
                    unique=True, sqlite_where=_CURRENT_ONLY, postgresql_where=_CURRENT_ONLY)

    op.create_table(
        "clauses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        *_address_columns(),
        sa.Column("char_start", sa.Integer(), nullable=False),
        sa.Column("char_end", sa.Integer(), nullable=False),
        sa.Column("page", sa.Integer(), nullable=True),
        sa.Column("heading", sa.Text(), nullable=True),
        sa.CheckConstraint("char_start >= 0 AND char_start <= char_end",
                           name=op.f("ck_clauses_offsets")),
        sa.ForeignKeyConstraint(["version_id"], ["document_versions.id"], ondelete="CASCADE",
                                name=op.f("fk_clauses_version_id_document_versions")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clauses")),
    )
    op.create_index(op.f("ix_clauses_version_id"), "clauses", ["version_id"])

    op.create_table(
        "findings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("clause_id", sa.Integer(), nullable=True),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(300), nullable=False),
        sa.Column("rule_id", sa.String(200), nullable=False),
        sa.Column("factor", sa.String(64), nullable=False),
        *_address_columns(),
        sa.Column("char_start", sa.Integer(), nullable=False),
        sa.Column("char_end", sa.Integer(), nullable=False),
        sa.Column("page", sa.Integer(), nullable=True),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("recommendation", sa.Text(), nullable=False),
        sa.Column("related", sa.JSON(), nullable=False),
        sa.CheckConstraint("char_start >= 0 AND char_start <= char_end",
                           name=op.f("ck_findings_offsets")),
        sa.CheckConstraint("confidence >= 0 AND confidence <= 1",
                           name=op.f("ck_findings_confidence")),
        sa.ForeignKeyConstraint(["clause_id"], ["clauses.id"], ondelete="SET NULL",
                                name=op.f("fk_findings_clause_id_clauses")),
        sa.ForeignKeyConstraint(["version_id"], ["document_versions.id"], ondelete="CASCADE",
                                name=op.f("fk_findings_version_id_document_versions")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_findings")),
    )
    op.create_index(op.f("ix_findings_version_id"), "findings", ["version_id"])
    op.create_index(op.f("ix_findings_clause_id"), "findings", ["clause_id"])
    op.create_index(op.f("ix_findings_key"), "findings", ["key"])
    op.create_index(op.f("ix_findings_factor"), "findings", ["factor"])

    op.create_table(
        "risks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("function", sa.Text(), nullable=False),
        sa.Column("unit", sa.Text(), nullable=False),
        sa.Column("risk", sa.Text(), nullable=False),
        sa.Column("category", sa.String(32), nullable=False),
        sa.Column("level", sa.String(16), nullable=False),
        sa.Column("multi_agency", sa.Boolean(), nullable=False),
        sa.Column("factor", sa.String(64), nullable=True),
        sa.Column("function_area", sa.String(64), nullable=True),
        sa.Column("measure", sa.Text(), nullable=False),
        sa.Column("completion_form", sa.Text(), nullable=False),
        sa.Column("responsible", sa.Text(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("deadline_working_days", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["version_id"], ["document_versions.id"], ondelete="CASCADE",
                                name=op.f("fk_risks_version_id_document_versions")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risks")),
    )
    op.create_index(op.f("ix_risks_version_id"), "risks", ["version_id"])
    op.create_index(op.f("ix_risks_factor"), "risks", ["factor"])

    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("entity", sa.String(64), nullable=False),
        sa.Column("entity_id", sa.String(64), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    op.create_index(op.f("ix_audit_log_at"), "audit_log", ["at"])


def downgrade() -> None:
    op.drop_table("audit_log")
    op.drop_table("risks")
    op.drop_table("findings")
    op.drop_table("clauses")
    op.drop_table("document_versions")
    op.drop_table("documents")
