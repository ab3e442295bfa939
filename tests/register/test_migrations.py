from __future__ import annotations

import datetime as dt
import importlib.util

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, insert, text
from sqlalchemy.exc import IntegrityError

from pipeline.register import Register, StoreOutcome, build_engine, schema_sql
from pipeline.register.store import alembic_config
from pipeline.register.tables import Base

TABLES = {"documents", "document_versions", "clauses", "findings", "risks", "audit_log",
          "risk_register", "risk_evidence", "citations", "clause_subjects", "collisions",
          "reference_index"}


def _head() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def _schema(engine) -> dict:
    inspector = inspect(engine)
    return {name: ([c["name"] for c in inspector.get_columns(name)],
                   sorted(i["name"] for i in inspector.get_indexes(name)))
            for name in inspector.get_table_names()}


def _revision(engine) -> str:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def test_an_empty_file_gets_the_whole_schema(tmp_path, catalogue):
    with Register(f"sqlite:///{tmp_path}/r.sqlite", catalogue=catalogue) as register:
        assert set(inspect(register.engine).get_table_names()) == TABLES | {"alembic_version"}
        assert _revision(register.engine) == _head() == "0005"


def test_a_second_register_on_the_same_file_is_a_no_op(tmp_path, catalogue, analysis):
    url = f"sqlite:///{tmp_path}/r.sqlite"
    with Register(url, catalogue=catalogue) as first:
        first.store_analysis(*analysis)
        schema, counts = _schema(first.engine), first.counts()
    with Register(url, catalogue=catalogue) as second:
        assert _schema(second.engine) == schema
        assert second.counts() == counts
        assert _revision(second.engine) == _head()
        with second.engine.connect() as connection:
            assert connection.scalar(text("SELECT count(*) FROM alembic_version")) == 1


def test_the_migration_matches_the_models(tmp_path, catalogue):
    with Register(f"sqlite:///{tmp_path}/r.sqlite", catalogue=catalogue) as register:
        with register.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []


def test_only_one_current_version_per_document(tmp_path, catalogue):
    now = dt.datetime.now(dt.UTC)
    version = {"document_id": 1, "sha256": "0" * 64, "kind": "act", "jurisdiction": "RU",
               "language": "ru", "text": "", "pages": [], "ingested_at": now}
    tables = Base.metadata.tables
    with Register(f"sqlite:///{tmp_path}/r.sqlite", catalogue=catalogue) as register:
        with register.engine.begin() as connection:
            connection.execute(insert(tables["documents"]).values(
                id=1, source="/a.txt", created_at=now))
            connection.execute(insert(tables["document_versions"]).values(
                **version, superseded_at=now))
            connection.execute(insert(tables["document_versions"]).values(**version))
        with pytest.raises(IntegrityError), register.engine.begin() as connection:
            connection.execute(insert(tables["document_versions"]).values(**version))


def test_sqlite_enforces_foreign_keys(tmp_path, catalogue):
    with Register(f"sqlite:///{tmp_path}/r.sqlite", catalogue=catalogue) as register:
        with pytest.raises(IntegrityError), register.engine.begin() as connection:
            connection.execute(insert(Base.metadata.tables["clauses"]).values(
                version_id=42, ordinal=0, address="", char_start=0, char_end=1))


def test_postgresql_ddl_is_generated_without_a_server():
    sql = schema_sql("postgresql://taza:p%40ss@db.example.kz:5432/taza")
    assert "CREATE TABLE findings" in sql
    assert "TIMESTAMP WITH TIME ZONE" in sql
    assert ("CREATE UNIQUE INDEX uq_document_versions_current ON document_versions "
            "(document_id) WHERE superseded_at IS NULL") in sql
    assert "INSERT INTO alembic_version (version_num) VALUES ('0001')" in sql


def _installed_postgresql_driver() -> str:
    for module, driver in (("psycopg", "psycopg"), ("psycopg2", "psycopg2"),
                           ("pg8000", "pg8000"), ("asyncpg", "asyncpg")):
        if importlib.util.find_spec(module):
            return driver
    pytest.skip("no PostgreSQL driver installed")


def test_a_postgresql_url_builds_an_engine_lazily():
    driver = _installed_postgresql_driver()
    engine = build_engine(f"postgresql+{driver}://taza:secret@127.0.0.1:1/taza")
    assert engine.dialect.name == "postgresql"
    assert engine.url.database == "taza"
    assert engine.pool.checkedout() == 0  # nothing connected to the (absent) server
    engine.dispose()


def test_a_register_of_revision_0001_is_upgraded_with_its_data(tmp_path, catalogue, analysis):
    """A register written before migration 0002 keeps its rows and gains the new column."""
    from pipeline.register.store import upgrade

    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    engine = build_engine(url)
    upgrade(engine, "0001")
    document, clauses, findings = analysis
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO documents (source, created_at) VALUES ('old.txt', '2025-01-01')"))
    register = Register(url, catalogue=catalogue)
    assert _revision(register.engine) == _head()
    with register.engine.connect() as connection:
        assert connection.execute(text("SELECT source FROM documents")).scalar() == "old.txt"
    assert register.store_analysis(document, clauses, findings, "v1") is StoreOutcome.NEW
