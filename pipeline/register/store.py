"""The register: analysed documents, their versions, findings and risks in one database.

A document is identified by its source (a resolved file path, or an URL as given); a
version by the sha256 of its content. Storing is idempotent (the same content again writes
nothing) and atomic (one transaction per document). Everything that leaves the register is
a frozen dataclass, never an ORM object. A version also records the fingerprint of the
rules that analysed it: the same content analysed by changed rules becomes a new version, so
findings never go stale after an update, and the old ones stay in the history.

SQLite is the default; PostgreSQL works through ``TAZA_DATABASE_URL`` (a driver such as
psycopg must then be installed). The schema is created and upgraded by Alembic, run from
code on every ``Register()``. Timestamps always come back in UTC, whatever the server's
TimeZone. PostgreSQL text cannot hold NUL characters: there they are stored as U+FFFD, one
for one, so that offsets stay valid (SQLite keeps them).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import io
import os
import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum, StrEnum
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, func, select
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from pipeline.catalogue import Catalogue, load_catalogue
from pipeline.model import (
    Address,
    Clause,
    Document,
    DocumentKind,
    Finding,
    Jurisdiction,
    PageSpan,
    RiskCategory,
    RiskEntry,
    RiskLevel,
    RegisterEntry,
    RiskStatus,
)
from pipeline.register import entries as register_entries
from pipeline.register import external
from pipeline.register.areas import Areas, load_areas
from pipeline.register.entries import EntryFilter, Located
from pipeline.register.external import AttachReport, BodySignals, ExternalSignal
from pipeline.register.risks import finding_key, risks_from_findings
from pipeline.register.scoring import ScoringRule, load_scoring
from pipeline.register.tables import (
    AuditRow,
    ClauseRow,
    DocumentRow,
    FindingRow,
    RiskRow,
    VersionRow,
)

DEFAULT_URL = "sqlite:///outputs/register.sqlite"
URL_ENV = "TAZA_DATABASE_URL"
ACTOR = "taza"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

_URL_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")
_ADDRESS_LEVELS = ("section", "chapter", "article", "part", "point", "subpoint")


class StoreOutcome(StrEnum):
    NEW = "new"              # first version of this source
    UNCHANGED = "unchanged"  # the current version has this content already: nothing written
    REPLACED = "replaced"    # new content of a known source; the previous version is kept


@dataclass(frozen=True, slots=True)
class StoredDocument:
    version_id: int
    source: str
    sha256: str
    kind: DocumentKind
    jurisdiction: Jurisdiction
    language: str
    text: str
    title: str | None
    number: str | None
    date: dt.date | None
    issuing_body: str | None
    pages: tuple[PageSpan, ...]
    ingested_at: dt.datetime
    superseded_at: dt.datetime | None

    @property
    def is_current(self) -> bool:
        return self.superseded_at is None

    @property
    def name(self) -> str:
        """Title of the act, or its file name when the title is unknown."""
        return self.title or Path(self.source).name

    def to_document(self) -> Document:
        return Document(self.source, self.sha256, self.kind, self.jurisdiction, self.language,
                        self.text, self.title, self.number, self.date, self.issuing_body,
                        self.pages)


@dataclass(frozen=True, slots=True)
class StoredFinding:
    id: int
    version_id: int
    key: str
    finding: Finding
    document_source: str
    document_title: str | None
    document_sha256: str
    address: str                  # rendered citation, «ст. 39.16 ч. 1 п. 3»
    page: int | None
    clause_text: str              # text of the clause that holds the finding ("" if none)
    clause_heading: str | None


@dataclass(frozen=True, slots=True)
class StoredRisk:
    id: int
    version_id: int
    entry: RiskEntry
    document_source: str
    document_title: str | None
    document_sha256: str
    created_at: dt.datetime
    superseded: bool


@dataclass(frozen=True, slots=True)
class AuditRecord:
    id: int
    at: dt.datetime
    actor: str
    entity: str
    entity_id: str
    action: str
    detail: dict[str, Any]


# --- engine and migrations ---------------------------------------------------------------

def resolve_url(url: str | None = None) -> str:
    """The explicit URL, else ``TAZA_DATABASE_URL``, else the SQLite file in outputs/."""
    return url or os.environ.get(URL_ENV) or DEFAULT_URL


def _is_sqlite_memory(url: URL) -> bool:
    database = url.database or ""
    return database in ("", ":memory:") or url.query.get("mode") == "memory"


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy, not the sqlite3 module, open transactions (see _sqlite_on_begin), and
    # make SQLite enforce foreign keys, which it does not by default.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_on_begin(connection: Any) -> None:
    # The sqlite3 module would only begin before DML; an explicit BEGIN makes the reads,
    # writes and DDL of one store (or one migration) a single transaction.
    connection.exec_driver_sql("BEGIN")


def build_engine(url: str) -> Engine:
    """An engine for ``url``; creates the folder of a SQLite file. Never connects."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(parsed, pool_pre_ping=True)
    if _is_sqlite_memory(parsed):
        engine = create_engine(parsed, poolclass=StaticPool,
                               connect_args={"check_same_thread": False})
    else:
        database = parsed.database or ""
        if not database.startswith("file:"):
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed, connect_args={"timeout": 30})
    event.listen(engine, "connect", _sqlite_on_connect)
    event.listen(engine, "begin", _sqlite_on_begin)
    return engine


def alembic_config(url: str | None = None, output: io.StringIO | None = None) -> Config:
    """Alembic configuration built in code: no alembic.ini is needed at runtime."""
    config = Config(output_buffer=output, stdout=output or io.StringIO())
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("path_separator", "os")
    if url:
        # ConfigParser interpolates «%»: percent-encoded passwords must be doubled.
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema of ``engine`` to ``revision`` in one transaction."""
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def schema_sql(url: str, revision: str = "head") -> str:
    """The DDL of the migrations for the backend of ``url``, without connecting to it."""
    output = io.StringIO()
    command.upgrade(alembic_config(url, output), revision, sql=True)
    return output.getvalue()


# --- conversions ---------------------------------------------------------------------------

def normalise_source(source: str) -> str:
    """Identity of a document: its resolved path; URLs are kept as given."""
    if _URL_SCHEME.match(source):
        return source
    return str(Path(source).resolve())


def _utc(moment: dt.datetime | None) -> dt.datetime | None:
    # Everything is written in UTC. SQLite gives back naive datetimes; PostgreSQL gives
    # aware ones in the TimeZone of the session, which need not be UTC.
    if moment is None:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)


_NUL = "\x00"
_NUL_STAND_IN = "\ufffd"


def _without_nul(value: Any) -> Any:
    """``value`` with every NUL of its strings (nested frozen dataclasses and tuples
    included) replaced by U+FFFD, one character for one so offsets stay valid: PostgreSQL
    text cannot hold NUL. Values without NUL are returned as they are."""
    if isinstance(value, Enum):
        return value
    if isinstance(value, str):
        return value.replace(_NUL, _NUL_STAND_IN) if _NUL in value else value
    if isinstance(value, tuple):
        items = tuple(_without_nul(item) for item in value)
        return value if all(a is b for a, b in zip(items, value)) else items
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for f in dataclasses.fields(value):
            old = getattr(value, f.name)
            new = _without_nul(old)
            if new is not old:
                changes[f.name] = new
        return dataclasses.replace(value, **changes) if changes else value
    return value


def _address_fields(address: Address) -> dict[str, Any]:
    fields = {name: getattr(address, name) for name in _ADDRESS_LEVELS}
    fields["address"] = address.render()
    return fields


def _address_of(row: ClauseRow | FindingRow) -> Address:
    return Address(**{name: getattr(row, name) for name in _ADDRESS_LEVELS})


def _pages_json(pages: Sequence[PageSpan]) -> list[dict[str, int]]:
    return [{"page": p.page, "start": p.start, "end": p.end} for p in pages]


def _stored_document(version: VersionRow, source: str) -> StoredDocument:
    return StoredDocument(
        version_id=version.id, source=source, sha256=version.sha256,
        kind=DocumentKind(version.kind), jurisdiction=Jurisdiction(version.jurisdiction),
        language=version.language, text=version.text, title=version.title,
        number=version.number, date=version.date, issuing_body=version.issuing_body,
        pages=tuple(PageSpan(p["page"], p["start"], p["end"]) for p in version.pages or ()),
        ingested_at=_utc(version.ingested_at), superseded_at=_utc(version.superseded_at))


def _finding_of(row: FindingRow) -> Finding:
    return Finding(row.rule_id, row.factor, _address_of(row), row.char_start, row.char_end,
                   row.evidence, row.explanation, row.confidence, row.recommendation,
                   tuple(row.related or ()))


def _risk_entry_of(row: RiskRow) -> RiskEntry:
    return RiskEntry(
        function=row.function, unit=row.unit, risk=row.risk,
        category=RiskCategory(row.category), level=RiskLevel(row.level),
        multi_agency=row.multi_agency, factor=row.factor, function_area=row.function_area,
        measure=row.measure, completion_form=row.completion_form,
        responsible=row.responsible, deadline=row.deadline,
        deadline_working_days=row.deadline_working_days, status=RiskStatus(row.status),
        note=row.note, evidence=tuple(row.evidence or ()))


class _ClauseLocator:
    """Finds the clause that holds a finding: the one with the finding's address, else the
    narrowest clause containing its start. Clauses may nest; the running maximum of their
    ends tells when no earlier clause can reach the offset, so a lookup stays short."""

    def __init__(self, clauses: Sequence[Clause]) -> None:
        self._clauses = clauses
        self._order = sorted(range(len(clauses)), key=lambda i: clauses[i].start)
        self._starts = [clauses[i].start for i in self._order]
        self._reach: list[int] = []
        for i in self._order:
            self._reach.append(max(clauses[i].end, self._reach[-1] if self._reach else 0))

    def index_of(self, finding: Finding) -> int | None:
        offset = finding.start
        holders: list[int] = []
        for position in range(bisect_right(self._starts, offset) - 1, -1, -1):
            if self._reach[position] <= offset:
                break
            i = self._order[position]
            clause = self._clauses[i]
            if clause.start <= offset < clause.end:
                if clause.address == finding.address:
                    return i
                holders.append(i)
        if not holders:
            return None
        return min(holders, key=lambda i: self._clauses[i].end - self._clauses[i].start)


# --- the register --------------------------------------------------------------------------

class Register:
    """The database of analysed documents; see the module docstring for the semantics."""

    def __init__(self, url: str | None = None, *, catalogue: Catalogue | None = None) -> None:
        self.url = resolve_url(url)
        self.engine = build_engine(self.url)
        self._catalogue = catalogue
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        upgrade(self.engine)

    # Function areas and the scoring rule of the risk register (rules/), read when needed.
    @property
    def areas(self) -> Areas:
        return load_areas()

    @property
    def scoring(self) -> ScoringRule:
        return load_scoring()

    # The catalogue is only read when it is needed, so that a register can be opened to
    # read or export before rules/factors.yaml exists.
    @property
    def catalogue(self) -> Catalogue:
        if self._catalogue is None:
            self._catalogue = load_catalogue()
        return self._catalogue

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Register:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @contextmanager
    def _read(self) -> Iterator[Session]:
        with self._sessions() as session, session.begin():
            yield session

    # -- writing --

    def store_analysis(self, document: Document, clauses: Sequence[Clause],
                       findings: Sequence[Finding], analyzer_version: str = "") -> StoreOutcome:
        """Store one analysed document, its clauses, findings and derived risks atomically."""
        if self.engine.dialect.name == "postgresql":
            document, clauses, findings = _without_nul((document, tuple(clauses),
                                                        tuple(findings)))
        source = normalise_source(document.source)
        with self._sessions() as session, session.begin():
            owner = session.scalar(select(DocumentRow).where(DocumentRow.source == source))
            current = None
            if owner is not None:
                current = session.scalar(select(VersionRow).where(
                    VersionRow.document_id == owner.id, VersionRow.superseded_at.is_(None)))
            if current is not None and current.sha256 == document.sha256 \
                    and current.analyzer_version == analyzer_version:
                return StoreOutcome.UNCHANGED
            risks = risks_from_findings(document, findings, self.catalogue)
            now = dt.datetime.now(dt.UTC)
            if owner is None:
                owner = DocumentRow(source=source, created_at=now)
                session.add(owner)
            if current is not None:
                current.superseded_at = now
                session.flush()  # the old version stops being current before the new one
            version, located = self._add_version(session, owner, document, clauses,
                                                 findings, risks, now)
            version.analyzer_version = analyzer_version
            register_entries.sync_act(session, version, document, located, self.catalogue,
                                      self.areas, self.scoring, now, superseded=current)
            outcome = StoreOutcome.REPLACED if current is not None else StoreOutcome.NEW
            detail: dict[str, Any] = {"source": source, "sha256": document.sha256,
                                      "clauses": len(clauses), "findings": len(findings),
                                      "risks": len(risks), "analyzer_version": analyzer_version}
            if current is not None:
                detail |= {"previous_version_id": current.id,
                           "previous_sha256": current.sha256}
            session.add(AuditRow(at=now, actor=ACTOR, entity="document_version",
                                 entity_id=str(version.id), action=outcome.value,
                                 detail=detail))
        return outcome

    @staticmethod
    def _add_version(session: Session, owner: DocumentRow, document: Document,
                     clauses: Sequence[Clause], findings: Sequence[Finding],
                     risks: Sequence[RiskEntry],
                     now: dt.datetime) -> tuple[VersionRow, list[Located]]:
        version = VersionRow(
            document=owner, sha256=document.sha256, kind=document.kind.value,
            jurisdiction=document.jurisdiction.value, language=document.language,
            title=document.title, number=document.number, date=document.date,
            issuing_body=document.issuing_body, text=document.text,
            pages=_pages_json(document.pages), ingested_at=now, superseded_at=None)
        session.add(version)
        clause_rows = [
            ClauseRow(version=version, ordinal=i, char_start=c.start, char_end=c.end,
                      page=c.page, heading=c.heading, **_address_fields(c.address))
            for i, c in enumerate(clauses)]
        session.add_all(clause_rows)
        session.flush()
        locator = _ClauseLocator(clauses)
        finding_rows = []
        located = []
        for i, f in enumerate(findings):
            held_by = locator.index_of(f)
            clause = clauses[held_by] if held_by is not None else None
            located.append(Located(f, finding_key(document.sha256, f),
                                   clause.text if clause else f.evidence,
                                   clause.heading if clause else None))
            page = clause.page if clause and clause.page is not None else document.page_at(
                f.start)
            finding_rows.append(FindingRow(
                version_id=version.id,
                clause_id=clause_rows[held_by].id if held_by is not None else None,
                ordinal=i, key=finding_key(document.sha256, f), rule_id=f.rule_id,
                factor=f.factor, char_start=f.start, char_end=f.end, page=page,
                evidence=f.evidence, explanation=f.explanation, confidence=f.confidence,
                recommendation=f.recommendation, related=list(f.related),
                **_address_fields(f.address)))
        session.add_all(finding_rows)
        session.add_all(
            RiskRow(version_id=version.id, function=r.function, unit=r.unit, risk=r.risk,
                    category=r.category.value, level=r.level.value,
                    multi_agency=r.multi_agency, factor=r.factor,
                    function_area=r.function_area, measure=r.measure,
                    completion_form=r.completion_form, responsible=r.responsible,
                    deadline=r.deadline, deadline_working_days=r.deadline_working_days,
                    status=r.status.value, note=r.note, evidence=list(r.evidence),
                    created_at=now)
            for r in risks)
        session.flush()
        return version, located

    # -- reading --

    def documents(self, current_only: bool = True) -> list[StoredDocument]:
        query = (select(VersionRow, DocumentRow.source)
                 .join(DocumentRow, VersionRow.document_id == DocumentRow.id)
                 .order_by(DocumentRow.source, VersionRow.id))
        if current_only:
            query = query.where(VersionRow.superseded_at.is_(None))
        with self._read() as session:
            return [_stored_document(v, s) for v, s in session.execute(query)]

    def history(self, source: str) -> list[StoredDocument]:
        """All versions stored for ``source``, oldest first."""
        source = normalise_source(source)
        query = (select(VersionRow, DocumentRow.source)
                 .join(DocumentRow, VersionRow.document_id == DocumentRow.id)
                 .where(DocumentRow.source == source).order_by(VersionRow.id))
        with self._read() as session:
            return [_stored_document(v, s) for v, s in session.execute(query)]

    def findings(self, document_sha256: str | None = None, current_only: bool = True,
                 version_id: int | None = None) -> list[StoredFinding]:
        """Findings in document and text order; filter by content hash or version id."""
        query = (select(FindingRow, VersionRow.sha256, VersionRow.title, DocumentRow.source,
                        ClauseRow.char_start, ClauseRow.char_end, ClauseRow.heading)
                 .join(VersionRow, FindingRow.version_id == VersionRow.id)
                 .join(DocumentRow, VersionRow.document_id == DocumentRow.id)
                 .outerjoin(ClauseRow, FindingRow.clause_id == ClauseRow.id)
                 .order_by(DocumentRow.source, VersionRow.id, FindingRow.ordinal))
        if current_only:
            query = query.where(VersionRow.superseded_at.is_(None))
        if document_sha256 is not None:
            query = query.where(VersionRow.sha256 == document_sha256)
        if version_id is not None:
            query = query.where(VersionRow.id == version_id)
        with self._read() as session:
            rows = session.execute(query).all()
            texts = self._texts(session, {row[0].version_id for row in rows
                                          if row[4] is not None})
        return [StoredFinding(
            id=f.id, version_id=f.version_id, key=f.key, finding=_finding_of(f),
            document_source=source, document_title=title, document_sha256=sha,
            address=f.address, page=f.page,
            clause_text=texts[f.version_id][start:end] if start is not None else "",
            clause_heading=heading)
            for f, sha, title, source, start, end, heading in rows]

    @staticmethod
    def _texts(session: Session, version_ids: set[int]) -> dict[int, str]:
        if not version_ids:
            return {}
        query = select(VersionRow.id, VersionRow.text).where(VersionRow.id.in_(version_ids))
        return dict(session.execute(query).tuples().all())

    def risks(self, current_only: bool = True) -> list[StoredRisk]:
        query = (select(RiskRow, VersionRow.sha256, VersionRow.title, DocumentRow.source,
                        VersionRow.superseded_at)
                 .join(VersionRow, RiskRow.version_id == VersionRow.id)
                 .join(DocumentRow, VersionRow.document_id == DocumentRow.id)
                 .order_by(DocumentRow.source, VersionRow.id, RiskRow.id))
        if current_only:
            query = query.where(VersionRow.superseded_at.is_(None))
        with self._read() as session:
            return [StoredRisk(id=r.id, version_id=r.version_id, entry=_risk_entry_of(r),
                               document_source=source, document_title=title,
                               document_sha256=sha, created_at=_utc(r.created_at),
                               superseded=superseded is not None)
                    for r, sha, title, source, superseded in session.execute(query)]

    def current_versions(self) -> dict[str, tuple[str, str]]:
        """``normalised source → (sha256, analyzer fingerprint)`` of the current version of
        every document: what a scan compares a file with before reading it."""
        query = (select(DocumentRow.source, VersionRow.sha256, VersionRow.analyzer_version)
                 .join(VersionRow, VersionRow.document_id == DocumentRow.id)
                 .where(VersionRow.superseded_at.is_(None)))
        with self._read() as session:
            return {source: (sha256, analyzer or "")
                    for source, sha256, analyzer in session.execute(query)}

    def counts(self) -> dict[str, int]:
        """Rows of each table, superseded versions included."""
        tables = {"documents": DocumentRow, "document_versions": VersionRow,
                  "clauses": ClauseRow, "findings": FindingRow, "risks": RiskRow}
        with self._read() as session:
            return {name: session.scalar(select(func.count()).select_from(table))
                    for name, table in tables.items()}

    def audit_log(self, entity: str | None = None) -> list[AuditRecord]:
        """The audit trail, oldest first; ``entity`` keeps one kind of record
        ("document_version" for stores, "risk_entry" for the risk register)."""
        query = select(AuditRow).order_by(AuditRow.id)
        if entity is not None:
            query = query.where(AuditRow.entity == entity)
        with self._read() as session:
            return [AuditRecord(r.id, _utc(r.at), r.actor, r.entity, r.entity_id, r.action,
                                dict(r.detail or {}))
                    for r in session.scalars(query)]

    # -- the risk register --

    def entries(self, where: EntryFilter | None = None) -> list[RegisterEntry]:
        """Entries of the risk register, oldest first, optionally filtered."""
        with self._read() as session:
            found = register_entries.read_entries(session)
        return [e for e in found if where is None or where.keep(e)]

    def entry(self, entry_id: int) -> RegisterEntry:
        with self._read() as session:
            found = register_entries.read_entries(session, [entry_id])
        if not found:
            raise register_entries.RegisterError(register_entries.RegisterCode.R003_NO_ENTRY,
                                                 f"риск № {entry_id} не найден")
        return found[0]

    def update_entry(self, entry_id: int, changes: dict[str, Any],
                     author: str | None = None) -> list[tuple[str, Any, Any]]:
        """Change fields of an entry (values as typed by an officer), with the audit trail.

        A status change is checked against the lifecycle; nothing is written on an error.
        """
        actor = author or register_entries.current_actor()
        with self._sessions() as session, session.begin():
            return register_entries.update_entry(session, entry_id, changes, actor, self.areas,
                                                 self.scoring, dt.datetime.now(dt.UTC))

    def update_entries(self, changes: dict[int, dict[str, Any]],
                       author: str | None = None) -> dict[int, list[tuple[str, Any, Any]]]:
        """Several entries in one transaction: all changes land, or none (an import)."""
        actor = author or register_entries.current_actor()
        now = dt.datetime.now(dt.UTC)
        with self._sessions() as session, session.begin():
            return {entry_id: register_entries.update_entry(session, entry_id, fields, actor,
                                                            self.areas, self.scoring, now)
                    for entry_id, fields in changes.items()}

    def attach_external(self, items: Iterable[ExternalSignal]) -> AttachReport:
        """Complaints and media signals as evidence of risks, in one transaction
        (``pipeline.register.external``); a source already attached is skipped."""
        from pipeline.complaints.taxonomy import load_taxonomy

        taxonomy = load_taxonomy()
        titles = {k: v.title_ru for k, v in
                  (taxonomy.signals | taxonomy.media_event_types).items()}
        with self._sessions() as session, session.begin():
            return external.attach(session, list(items), self.catalogue, self.areas,
                                   self.scoring, titles, dt.datetime.now(dt.UTC))

    def recompute_entries(self, scoring: ScoringRule | None = None,
                          areas: Areas | None = None) -> register_entries.RecomputeReport:
        """Derived fields of every entry from its current evidence and the rules now in
        force (after an edit of rules/risk_scoring.yaml, rules/function_areas.yaml or the
        severities of rules/factors.yaml), in one transaction; fields a person edited stay.
        Each change is an audit row of the system actor; a second run changes nothing."""
        from pipeline.complaints.taxonomy import load_taxonomy

        taxonomy = load_taxonomy()
        titles = {k: v.title_ru for k, v in
                  (taxonomy.signals | taxonomy.media_event_types).items()}
        with self._sessions() as session, session.begin():
            return register_entries.recompute_all(
                session, self.catalogue, areas or self.areas, scoring or self.scoring, titles,
                dt.datetime.now(dt.UTC))

    def body_signals(self) -> list[BodySignals]:
        """Complaints and publications grouped by body and function area, for the exports."""
        with self._read() as session:
            return external.body_signals(session)

    def entry_history(self, entry_id: int) -> list[AuditRecord]:
        return [r for r in self.audit_log(register_entries.ENTITY)
                if r.entity_id == str(entry_id)]
