"""The register on a real PostgreSQL server: the scenarios of the SQLite tests, again.

One throwaway cluster serves the session (``pg_server.py``); every test gets a new empty
database. The server's TimeZone is deliberately not UTC. Without the server binaries the
tests fail, naming the install script; TAZA_SKIP_POSTGRES=1 skips them on purpose.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import os

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from pg_server import PostgresNotFound, PostgresServer
from sqlalchemy import inspect, insert, text
from sqlalchemy.exc import IntegrityError
from test_migrations import TABLES, _head, _revision, _schema
from test_store import snapshot
from zk_rf import build_act, find, make_document

from pipeline.register import Register, StoreOutcome
from pipeline.register import store as store_module
from pipeline.register.tables import Base

SKIP_ENV = "TAZA_SKIP_POSTGRES"
SERVER_TIMEZONE = "Asia/Almaty"  # UTC+5: a timestamp that is not converted shows it
# ZK RF, chapter V.1 «Предоставление земельных участков...», articles 39.1-39.20.
CHAPTER = tuple(f"39.{n}" for n in range(1, 21))
PHRASES = (("без проведения торгов", "no_competition", "no_competition.torgi"),
           ("в течение", "missing_deadline", "missing_deadline.vague"),
           ("вправе", "broad_discretion", "broad_discretion.may"))
_databases = itertools.count()


@pytest.fixture(scope="session")
def pg_server():
    if os.environ.get(SKIP_ENV) == "1":
        pytest.skip(f"{SKIP_ENV}=1: the PostgreSQL tests of the register are skipped")
    try:
        server = PostgresServer.start({"timezone": SERVER_TIMEZONE})
    except PostgresNotFound as error:
        missing = str(error)
    else:
        missing = None
    if missing:
        pytest.fail(f"no PostgreSQL server to test the register on: {missing}", pytrace=False)
    with server:
        yield server


@pytest.fixture
def pg_url(pg_server):
    """URL of a new, empty database on the session's server."""
    name = f"register_{next(_databases)}"
    yield pg_server.create_database(name)
    pg_server.drop_database(name)


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


def _is_utc(moment: dt.datetime) -> bool:
    return moment.utcoffset() == dt.timedelta(0)


# --- migrations ----------------------------------------------------------------------------

def test_an_empty_database_gets_the_whole_schema(register):
    engine = register.engine
    assert engine.dialect.name == "postgresql"
    assert set(inspect(engine).get_table_names()) == TABLES | {"alembic_version"}
    assert _revision(engine) == _head() == "0002"
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
               *(a.at for a in register.audit_log())]
    assert all(_is_utc(m) for m in moments)
    assert abs(dt.datetime.now(dt.UTC) - stored.ingested_at) < dt.timedelta(minutes=5)


def test_storing_a_real_act_twice_writes_nothing(register, chapter_analysis):
    document, clauses, findings = chapter_analysis
    assert register.store_analysis(document, clauses, findings) is StoreOutcome.NEW
    counts, before = register.counts(), snapshot(register)
    assert register.store_analysis(document, clauses, findings) is StoreOutcome.UNCHANGED
    assert register.store_analysis(document, clauses, findings[:1]) is StoreOutcome.UNCHANGED
    assert register.counts() == counts
    assert snapshot(register) == before
    assert [r.action for r in register.audit_log()] == ["new"]


def test_new_content_replaces_and_keeps_history(register, analysis):
    document, clauses, findings = analysis
    register.store_analysis(document, clauses, findings)
    text_, new_clauses = build_act(("39.16", "39.17", "39.18"))
    amended = make_document(text_, document.source, title=document.title)
    new_findings = [find(text_, new_clauses, "в течение тридцати дней", "missing_deadline",
                         "missing_deadline.vague")]

    assert register.store_analysis(amended, new_clauses, new_findings) is StoreOutcome.REPLACED

    old, new = register.history(document.source)
    assert (old.sha256, new.sha256) == (document.sha256, amended.sha256)
    assert old.superseded_at is not None and new.is_current
    assert old.ingested_at <= old.superseded_at == new.ingested_at
    assert _is_utc(old.superseded_at)
    assert [d.sha256 for d in register.documents()] == [amended.sha256]
    assert len(register.documents(current_only=False)) == 2
    assert [f.finding for f in register.findings()] == new_findings
    assert len(register.findings(current_only=False)) == 4
    assert register.findings(document_sha256=document.sha256) == []
    assert len(register.findings(document_sha256=document.sha256, current_only=False)) == 3
    assert [r.entry.factor for r in register.risks()] == ["missing_deadline"]
    assert {r.superseded for r in register.risks(current_only=False)} == {True, False}
    assert register.counts() == {"documents": 1, "document_versions": 2,
                                 "clauses": len(clauses) + len(new_clauses),
                                 "findings": 4, "risks": 3}
    log = register.audit_log()
    assert [r.action for r in log] == ["new", "replaced"]
    assert log[-1].detail["previous_sha256"] == document.sha256
    assert log[-1].entity_id == str(new.version_id)


def test_going_back_to_old_content_is_a_new_version(register, analysis, act):
    document, clauses, findings = analysis
    text_, _ = act
    other = make_document(text_ + "Статья 39.18 утратила силу.\n", document.source)
    register.store_analysis(document, clauses, findings)
    register.store_analysis(other, clauses, [])
    assert register.store_analysis(document, clauses, findings) is StoreOutcome.REPLACED
    assert [d.sha256 for d in register.history(document.source)] == [
        document.sha256, other.sha256, document.sha256]
    assert [f.finding for f in register.findings()] == findings


# --- atomicity -----------------------------------------------------------------------------

def test_a_failing_finding_leaves_earlier_data_untouched(register, analysis):
    document, clauses, findings = analysis
    register.store_analysis(document, clauses, findings)
    before = snapshot(register)
    text_, new_clauses = build_act(("39.16", "39.17", "39.18"))
    amended = make_document(text_, document.source)
    broken = dataclasses.replace(findings[0], confidence=1.5)  # violates the check constraint

    with pytest.raises(IntegrityError, match="ck_findings_confidence"):
        register.store_analysis(amended, new_clauses, [findings[1], broken])

    assert snapshot(register) == before
    [current] = register.history(document.source)
    assert current.sha256 == document.sha256 and current.is_current
    # The failed transaction left no broken connection behind.
    assert register.store_analysis(amended, new_clauses, findings[1:2]) is StoreOutcome.REPLACED


def test_a_failure_after_all_rows_were_flushed_rolls_everything_back(register, analysis,
                                                                     monkeypatch):
    document, clauses, findings = analysis
    before = snapshot(register)

    def explode(**_fields):
        raise RuntimeError("audit log unavailable")

    monkeypatch.setattr(store_module, "AuditRow", explode)
    with pytest.raises(RuntimeError):
        register.store_analysis(document, clauses, findings)
    assert snapshot(register) == before
    assert register.counts() == dict.fromkeys(register.counts(), 0)
    monkeypatch.undo()
    assert register.store_analysis(document, clauses, findings) is StoreOutcome.NEW


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
