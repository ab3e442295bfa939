"""Which document versions the references index holds, and under which rules (issue 8).

``taza analyze`` and ``taza refs index`` index only the current versions that are not in
this table with the fingerprint of the current ``rules/references.yaml``: indexing is
incremental by document version.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "reference_index",
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("citations", sa.Integer(), nullable=False),
        sa.Column("subjects", sa.Integer(), nullable=False),
        sa.Column("indexed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["version_id"], ["document_versions.id"], ondelete="CASCADE",
                                name=op.f("fk_reference_index_version_id_document_versions")),
        sa.PrimaryKeyConstraint("version_id", name=op.f("pk_reference_index")),
    )


def downgrade() -> None:
    op.drop_table("reference_index")
