"""What only PostgreSQL needs checking for: schema, partial index, UTC, NUL, parity.

The storing scenarios (idempotence, history, atomicity) run on both back-ends in
``test_store.py``; the server is the session's throwaway cluster of ``conftest.py``, whose
TimeZone is deliberately not UTC.
"""
from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, insert, text
from sqlalchemy.exc import IntegrityError
from test_migrations import TABLES, _head, _revision, _schema
from test_store import is_utc, snapshot
from zk_rf import build_act, find, make_document

from pipeline.register import Register, StoreOutcome
from pipeline.register.tables import Base

# ZK RF, chapter V.1 «Предоставление земельных участков...», articles 39.1-39.20.
CHAPTER = tuple(f"39.{n}" for n in range(1, 21))
PHRASES = (("без проведения торгов", "no_competition", "no_competition.torgi"),
           ("в течение", "missing_deadline", "missing_deadline.vague"),
           ("вправе", "broad_discretion", "broad_discretion.may"))


@pytest.fixture
def register(pg_url, catalogue):
    with Register(pg_url, catalogue=catalogue) as reg:
        yield reg


@pytest.fixture(scope="module")
def chapter():
    """Articles 39.1-39.20 of ZK RF (~580 clauses) and a finding on every occurrence of
    three marker phrases."""
    text, clauses = build_act(CHAPTER)
    findings = []
    for phrase, factor, rule in PHRASES:
        hits = sum(c.text.count(phrase) for c in clauses)
        findings += [find(text, clauses, phrase, factor, rule, occurrence=i)
                     for i in range(hits)]
    return text, clauses, sorted(findings, key=lambda f: (f.start, f.rule_id))


@pytest.fixture
def chapter_analysis(chapter, tmp_path):
    text, clauses, findings = chapter
    document = make_document(text, str(tmp_path / "zk-rf-ch-v1.txt"),
                             title="Земельный кодекс Российской Федерации",
                             number="N 136-ФЗ", date=dt.date(2001, 10, 25))
    return document, clauses, findings


# --- migrations ----------------------------------------------------------------------------

def test_an_empty_database_gets_the_whole_schema(register):
    engine = register.engine
    assert engine.dialect.name == "postgresql"
    assert set(inspect(engine).get_table_names()) == TABLES | {"alembic_version"}
    assert _revision(engine) == _head() == "0005"
    with engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(
            connection, opts={"compare_type": True}), Base.metadata) == []
        index = connection.scalar(text(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'uq_document_versions_current'"))
        types = dict(connection.execute(text(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_name = 'document_versions'")).tuples().all())
    assert index.startswith("CREATE UNIQUE INDEX")
    assert index.endswith("(document_id) WHERE (superseded_at IS NULL)")
    assert types["ingested_at"] == "timestamp with time zone"
    assert types["pages"] == "json"


def test_a_second_register_on_the_same_database_is_a_no_op(pg_url, catalogue, analysis):
    with Register(pg_url, catalogue=catalogue) as first:
        first.store_analysis(*analysis)
        schema, counts, rows = _schema(first.engine), first.counts(), snapshot(first)
    with Register(pg_url, catalogue=catalogue) as second:
        assert _schema(second.engine) == schema
        assert second.counts() == counts
        assert snapshot(second) == rows
        assert _revision(second.engine) == _head()
        with second.engine.connect() as connection:
            assert connection.scalar(text("SELECT count(*) FROM alembic_version")) == 1


def test_the_partial_index_allows_one_current_version_per_document(register):
    now = dt.datetime.now(dt.UTC)
    version = {"document_id": 1, "sha256": "0" * 64, "kind": "act", "jurisdiction": "RU",
               "language": "ru", "text": "", "pages": [], "ingested_at": now}
    tables = Base.metadata.tables
    with register.engine.begin() as connection:
        connection.execute(insert(tables["documents"]).values(
            id=1, source="/a.txt", created_at=now))
        connection.execute(insert(tables["document_versions"]).values(
            **version, superseded_at=now))
        connection.execute(insert(tables["document_versions"]).values(**version))
        # Superseded versions are not limited.
        connection.execute(insert(tables["document_versions"]).values(
            **version, superseded_at=now))
    with pytest.raises(IntegrityError, match="uq_document_versions_current"), \
            register.engine.begin() as connection:
        connection.execute(insert(tables["document_versions"]).values(**version))


# --- storing -------------------------------------------------------------------------------

def test_a_real_act_round_trips(register, chapter_analysis):
    document, clauses, findings = chapter_analysis
    assert register.store_analysis(document, clauses, findings) is StoreOutcome.NEW

    assert register.counts() == {"documents": 1, "document_versions": 1,
                                 "clauses": len(clauses), "findings": len(findings),
                                 "risks": 3}
    [stored] = register.documents()
    assert stored.to_document() == document
    assert [s.finding for s in register.findings()] == findings
    assert all(s.clause_text and s.finding.evidence in s.clause_text
               for s in register.findings())
    # Written in UTC, read back in UTC though the server's TimeZone is Asia/Almaty.
    moments = [stored.ingested_at, *(r.created_at for r in register.risks()),
               *(a.at for a in register.audit_log("document_version"))]
    assert all(is_utc(m) for m in moments)
    assert abs(dt.datetime.now(dt.UTC) - stored.ingested_at) < dt.timedelta(minutes=5)


def test_storing_a_real_act_twice_writes_nothing(register, chapter_analysis):
    document, clauses, findings = chapter_analysis
    assert register.store_analysis(document, clauses, findings) is StoreOutcome.NEW
    counts, before = register.counts(), snapshot(register)
    assert register.store_analysis(document, clauses, findings) is StoreOutcome.UNCHANGED
    assert register.store_analysis(document, clauses, findings[:1]) is StoreOutcome.UNCHANGED
    assert register.counts() == counts
    assert snapshot(register) == before
    assert [r.action for r in register.audit_log("document_version")] == ["new"]


# --- the same values on both backends -----------------------------------------------------

def _comparable(register: Register) -> tuple[list, list, list]:
    """What the register returns, without ids and timestamps (they differ by nature)."""
    epoch = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    documents = [dataclasses.replace(d, version_id=0, ingested_at=epoch, superseded_at=None)
                 for d in register.documents()]
    findings = [dataclasses.replace(f, id=0, version_id=0) for f in register.findings()]
    risks = [dataclasses.replace(r, id=0, version_id=0, created_at=epoch)
             for r in register.risks()]
    return documents, findings, risks


def test_postgresql_returns_what_sqlite_returns(register, chapter_analysis, tmp_path,
                                                catalogue):
    with Register(f"sqlite:///{tmp_path}/r.sqlite", catalogue=catalogue) as sqlite:
        sqlite.store_analysis(*chapter_analysis)
        expected = _comparable(sqlite)
    register.store_analysis(*chapter_analysis)
    assert _comparable(register) == expected


def test_nul_characters_are_stored_as_replacement_characters(register, analysis, tmp_path,
                                                             catalogue):
    # PostgreSQL text cannot hold NUL; a stray one survives ingest (ingest.text allows 1 %).
    document, clauses, findings = analysis
    at = findings[0].start + 3
    dirty_text = document.text[:at] + "\x00" + document.text[at + 1:]
    dirty = make_document(dirty_text, document.source, title="Земельный\x00кодекс")
    dirty_findings = [dataclasses.replace(findings[0], evidence=dirty_text[
        findings[0].start:findings[0].end]), *findings[1:]]

    assert register.store_analysis(dirty, clauses, dirty_findings) is StoreOutcome.NEW
    [stored] = register.documents()
    assert stored.sha256 == dirty.sha256  # the identity of the content is kept
    assert stored.text == dirty_text.replace("\x00", "\ufffd")
    assert len(stored.text) == len(dirty_text) and stored.title == "Земельный\ufffdкодекс"
    first = register.findings()[0]
    assert first.finding.evidence == stored.text[first.finding.start:first.finding.end]
    assert "\ufffd" in first.finding.evidence
    assert register.store_analysis(dirty, clauses, dirty_findings) is StoreOutcome.UNCHANGED

    # SQLite keeps the NUL; everything else is the same on both backends.
    with Register(f"sqlite:///{tmp_path}/r.sqlite", catalogue=catalogue) as sqlite:
        sqlite.store_analysis(dirty, clauses, dirty_findings)
        in_sqlite = repr(_comparable(sqlite))
    assert "\\x00" in in_sqlite
    assert repr(_comparable(register)) == in_sqlite.replace("\\x00", "\ufffd")
