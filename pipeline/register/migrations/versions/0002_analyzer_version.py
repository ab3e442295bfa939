"""Record which rules analysed a version, so changed rules re-analyse unchanged files.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain ADD COLUMN with a constant default: SQLite and PostgreSQL both do it in place,
    # so the partial unique index of current versions is left as it is.
    op.add_column("document_versions", sa.Column("analyzer_version", sa.String(64),
                                                 nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("document_versions") as batch:
        batch.drop_column("analyzer_version")
