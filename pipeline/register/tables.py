"""The register's schema: SQLAlchemy 2.0 declarative models.

A *document* is a source path; each distinct content stored under it is a *document
version*. Exactly one version of a document is current (``superseded_at IS NULL``, enforced
by a partial unique index on SQLite and PostgreSQL alike); older versions stay, with their
clauses, findings and risks, as history. The migration ``versions/0001_initial.py`` creates
this same schema; ``tests/register/test_migrations.py`` checks that the two agree.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Stable constraint names, so that later migrations can address them on every backend.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# One current version per document: the predicate of the partial unique index.
CURRENT_ONLY = text("superseded_at IS NULL")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class _AddressColumns:
    """The six levels of ``pipeline.model.Address`` plus its rendered citation."""

    section: Mapped[str | None] = mapped_column(Text)
    chapter: Mapped[str | None] = mapped_column(Text)
    article: Mapped[str | None] = mapped_column(String(100))
    part: Mapped[str | None] = mapped_column(String(100))
    point: Mapped[str | None] = mapped_column(String(100))
    subpoint: Mapped[str | None] = mapped_column(String(100))
    address: Mapped[str] = mapped_column(Text)


class DocumentRow(Base):
    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(2000), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    versions: Mapped[list[VersionRow]] = relationship(back_populates="document",
                                                      order_by="VersionRow.id")


class VersionRow(Base):
    __tablename__ = "document_versions"
    __table_args__ = (
        Index("uq_document_versions_current", "document_id", unique=True,
              sqlite_where=CURRENT_ONLY, postgresql_where=CURRENT_ONLY),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"),
                                             index=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    jurisdiction: Mapped[str] = mapped_column(String(16))
    language: Mapped[str] = mapped_column(String(16))
    title: Mapped[str | None] = mapped_column(Text)
    number: Mapped[str | None] = mapped_column(Text)
    date: Mapped[dt.date | None] = mapped_column(Date)
    issuing_body: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    pages: Mapped[list[Any]] = mapped_column(JSON)
    ingested_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    superseded_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # Fingerprint of the rules that produced the findings (migration 0002).
    analyzer_version: Mapped[str] = mapped_column(String(64), default="", server_default="")

    document: Mapped[DocumentRow] = relationship(back_populates="versions")
    clauses: Mapped[list[ClauseRow]] = relationship(back_populates="version",
                                                    order_by="ClauseRow.ordinal")


class ClauseRow(_AddressColumns, Base):
    __tablename__ = "clauses"
    __table_args__ = (
        CheckConstraint("char_start >= 0 AND char_start <= char_end", name="offsets"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("document_versions.id", ondelete="CASCADE"), index=True)
    ordinal: Mapped[int] = mapped_column(Integer)
    char_start: Mapped[int] = mapped_column(Integer)
    char_end: Mapped[int] = mapped_column(Integer)
    page: Mapped[int | None] = mapped_column(Integer)
    heading: Mapped[str | None] = mapped_column(Text)

    version: Mapped[VersionRow] = relationship(back_populates="clauses")


class FindingRow(_AddressColumns, Base):
    __tablename__ = "findings"
    __table_args__ = (
        CheckConstraint("char_start >= 0 AND char_start <= char_end", name="offsets"),
        CheckConstraint("confidence >= 0 AND confidence <= 1", name="confidence"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("document_versions.id", ondelete="CASCADE"), index=True)
    clause_id: Mapped[int | None] = mapped_column(
        ForeignKey("clauses.id", ondelete="SET NULL"), index=True)
    ordinal: Mapped[int] = mapped_column(Integer)
    key: Mapped[str] = mapped_column(String(300), index=True)
    rule_id: Mapped[str] = mapped_column(String(200))
    factor: Mapped[str] = mapped_column(String(64), index=True)
    char_start: Mapped[int] = mapped_column(Integer)
    char_end: Mapped[int] = mapped_column(Integer)
    page: Mapped[int | None] = mapped_column(Integer)
    evidence: Mapped[str] = mapped_column(Text)
    explanation: Mapped[str] = mapped_column(Text)
    confidence: Mapped[float] = mapped_column(Float)
    recommendation: Mapped[str] = mapped_column(Text)
    related: Mapped[list[str]] = mapped_column(JSON)

    clause: Mapped[ClauseRow | None] = relationship()


class RiskRow(Base):
    __tablename__ = "risks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("document_versions.id", ondelete="CASCADE"), index=True)
    function: Mapped[str] = mapped_column(Text)
    unit: Mapped[str] = mapped_column(Text)
    risk: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(32))
    level: Mapped[str] = mapped_column(String(16))
    multi_agency: Mapped[bool] = mapped_column(Boolean)
    factor: Mapped[str | None] = mapped_column(String(64), index=True)
    function_area: Mapped[str | None] = mapped_column(String(64))
    measure: Mapped[str] = mapped_column(Text)
    completion_form: Mapped[str] = mapped_column(Text)
    responsible: Mapped[str] = mapped_column(Text)
    deadline: Mapped[dt.date | None] = mapped_column(Date)
    deadline_working_days: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(Text)
    evidence: Mapped[list[str]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class AuditRow(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    actor: Mapped[str] = mapped_column(String(200))
    entity: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON)


class EntryRow(Base):
    """A risk of the register, merged from its evidence (migration 0003)."""

    __tablename__ = "risk_register"
    __table_args__ = (
        CheckConstraint("probability BETWEEN 1 AND 3", name="probability"),
        CheckConstraint("impact BETWEEN 1 AND 3", name="impact"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    merge_key: Mapped[str] = mapped_column(String(1000), unique=True)
    body: Mapped[str] = mapped_column(Text)
    jurisdiction: Mapped[str] = mapped_column(String(16))
    function: Mapped[str] = mapped_column(Text)
    unit: Mapped[str] = mapped_column(Text)
    risk: Mapped[str] = mapped_column(Text)
    mechanism: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(32))
    level: Mapped[str] = mapped_column(String(16), index=True)
    multi_agency: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(Text)
    factor: Mapped[str | None] = mapped_column(String(64))
    function_area: Mapped[str] = mapped_column(String(64), index=True)
    indicator: Mapped[str] = mapped_column(Text)
    measure: Mapped[str] = mapped_column(Text)
    completion_form: Mapped[str] = mapped_column(Text)
    responsible: Mapped[str] = mapped_column(Text)
    deadline: Mapped[dt.date | None] = mapped_column(Date)
    probability: Mapped[int] = mapped_column(Integer)
    impact: Mapped[int] = mapped_column(Integer)
    scoring_rule: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(32), index=True)
    rejection_reason: Mapped[str] = mapped_column(Text)
    proposed_measures: Mapped[list[str]] = mapped_column(JSON)
    edited: Mapped[list[str]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    evidence: Mapped[list[EvidenceRow]] = relationship(back_populates="entry",
                                                       order_by="EvidenceRow.id")


class EvidenceRow(Base):
    """One source of a register entry: a finding in an act now; complaints and media later."""

    __tablename__ = "risk_evidence"
    __table_args__ = (UniqueConstraint("entry_id", "kind", "source_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("risk_register.id", ondelete="CASCADE"),
                                          index=True)
    kind: Mapped[str] = mapped_column(String(32))
    source_id: Mapped[str] = mapped_column(String(300))
    # The act version a finding came from; current while that version is.
    version_id: Mapped[int | None] = mapped_column(
        ForeignKey("document_versions.id", ondelete="SET NULL"), index=True)
    norm: Mapped[str] = mapped_column(Text)  # source and clause address: counts distinct norms
    link: Mapped[str] = mapped_column(Text)
    summary: Mapped[str] = mapped_column(Text)
    date: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    entry: Mapped[EntryRow] = relationship(back_populates="evidence")


class CitationRow(_AddressColumns, Base):
    """A reference of a clause to another norm, resolved against the register (migration
    0004, ``pipeline.references``). The address columns are those of the citing clause."""

    __tablename__ = "citations"
    __table_args__ = (
        CheckConstraint("char_start >= 0 AND char_start <= char_end", name="offsets"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("document_versions.id", ondelete="CASCADE"), index=True)
    clause_id: Mapped[int | None] = mapped_column(
        ForeignKey("clauses.id", ondelete="SET NULL"), index=True)
    char_start: Mapped[int] = mapped_column(Integer)
    char_end: Mapped[int] = mapped_column(Integer)
    mention: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16))
    rule_id: Mapped[str] = mapped_column(String(100))
    target_act: Mapped[str | None] = mapped_column(String(2000), index=True)
    target_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("document_versions.id", ondelete="SET NULL"), index=True)
    target_address: Mapped[str] = mapped_column(Text)
    target: Mapped[dict[str, Any]] = mapped_column(JSON)
    target_clause_id: Mapped[int | None] = mapped_column(
        ForeignKey("clauses.id", ondelete="SET NULL"), index=True)
    status: Mapped[str] = mapped_column(String(16), index=True)
    implied: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(Text)


class ClauseSubjectRow(Base):
    """The normalised subject of a clause that sets a deadline or an amount: the procedure
    verb and the lemmas of its object, with the quantities (migration 0004)."""

    __tablename__ = "clause_subjects"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("document_versions.id", ondelete="CASCADE"), index=True)
    clause_id: Mapped[int | None] = mapped_column(
        ForeignKey("clauses.id", ondelete="SET NULL"), index=True)
    address: Mapped[str] = mapped_column(Text)
    verb: Mapped[str] = mapped_column(String(64), index=True)
    lemmas: Mapped[str] = mapped_column(Text)
    quantities: Mapped[list[Any]] = mapped_column(JSON)


class CollisionRow(Base):
    """Two norms that conflict, each with its address and conflicting value (migration 0004).

    ``version_id`` holds the first norm (the citing or newer act); the other norm may be in
    the same version or another one.
    """

    __tablename__ = "collisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("document_versions.id", ondelete="CASCADE"), index=True)
    rule_id: Mapped[str] = mapped_column(String(100), index=True)
    address: Mapped[str] = mapped_column(Text)
    char_start: Mapped[int] = mapped_column(Integer)
    char_end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    value: Mapped[str] = mapped_column(Text)
    other_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("document_versions.id", ondelete="SET NULL"), index=True)
    other_source: Mapped[str] = mapped_column(String(2000))
    other_address: Mapped[str] = mapped_column(Text)
    other_start: Mapped[int | None] = mapped_column(Integer)
    other_end: Mapped[int | None] = mapped_column(Integer)
    other_text: Mapped[str] = mapped_column(Text)
    other_value: Mapped[str] = mapped_column(Text)
    explanation: Mapped[str] = mapped_column(Text)
    confidence: Mapped[float] = mapped_column(Float)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class ReferenceIndexRow(Base):
    """A version indexed by ``pipeline.references.index`` under rules ``fingerprint``
    (migration 0005): its citations, subjects and collisions are in the tables above."""

    __tablename__ = "reference_index"

    version_id: Mapped[int] = mapped_column(
        ForeignKey("document_versions.id", ondelete="CASCADE"), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    citations: Mapped[int] = mapped_column(Integer)
    subjects: Mapped[int] = mapped_column(Integer)
    indexed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
