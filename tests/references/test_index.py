"""Migration 0004 and the corpus index in the register (SQLite, and PostgreSQL when the
server of tests/register can start), search by citation and by subject, the reports."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from docx import Document as read_docx
from sqlalchemy import inspect, text
from refs_data import BYLAW, zk_excerpt

from pipeline.export.html_report import render_report
from pipeline.export.docx_act import write_acts
from pipeline.ingest import read_document
from pipeline.references.index import check_drafts, index_register, search, stored_collisions
from pipeline.register import Register
from pipeline.structure import parse_clauses

NEW_TABLES = {"citations", "clause_subjects", "collisions", "reference_index"}


def _store(register: Register, folder: Path) -> None:
    zk = folder / "ZK-RF.txt"
    zk.write_text(zk_excerpt("39.15", "39.18"), encoding="utf-8")
    bylaw = folder / "reglament.txt"
    bylaw.write_text("АДМИНИСТРАТИВНЫЙ РЕГЛАМЕНТ\n" + BYLAW, encoding="utf-8")
    for path in (zk, bylaw):
        document = read_document(path)
        register.store_analysis(document, parse_clauses(document), [])


@pytest.fixture(scope="module")
def indexed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("refs")
    register = Register(f"sqlite:///{folder}/r.sqlite")
    _store(register, folder)
    report = index_register(register)
    yield register, report, folder
    register.close()


def test_migrations_0004_0005_apply_on_sqlite(indexed):
    register, _, _ = indexed
    assert NEW_TABLES <= set(inspect(register.engine).get_table_names())
    with register.engine.connect() as connection:
        assert connection.scalar(text("SELECT version_num FROM alembic_version")) == "0005"


def test_citations_are_stored_with_status(indexed):
    register, report, _ = indexed
    assert report.documents == 2
    assert report.citations["resolved"] > 10
    with register.engine.connect() as connection:
        rows = connection.execute(text(
            "SELECT mention, status, target_address, target_clause_id FROM citations "
            "WHERE mention LIKE 'статьей 39.16%'")).all()
    assert rows and all(r.status == "resolved" and r.target_clause_id for r in rows)


def test_collision_stored_and_shown_side_by_side(indexed, tmp_path):
    register, report, _ = indexed
    assert report.collisions["collision.bylaw.longer_deadline"] == 1
    (collision,) = [c for c in stored_collisions(register)
                    if c.rule_id == "collision.bylaw.longer_deadline"]
    assert collision.address.endswith("ч. 2") and collision.other_address == "ст. 39.17 ч. 5"
    html = render_report(register)
    assert 'id="collisions"' in html
    assert '<mark class="conflict">не более чем тридцать дней</mark>' in html
    assert '<mark class="conflict">не более чем двадцать дней</mark>' in html
    written = write_acts(register, tmp_path / "acts")
    tables = [t for path in written for t in read_docx(str(path)).tables
              if "ст. 39.17 ч. 5" in t.rows[0].cells[1].text]
    assert tables and "двадцать" in tables[0].rows[1].cells[1].text


def test_search_by_citation_and_by_subject(indexed):
    register, _, _ = indexed
    hits = search(register, "статья 39.16 ЗК РФ")
    assert hits[0].address == "ст. 39.16" and "цитируемая" in hits[0].why
    assert any(h.address.startswith("ст. 39.17") and "ссылается" in h.why for h in hits)
    hits = search(register, "рассмотрение заявления о предоставлении земельного участка")
    assert any(h.address == "ст. 39.17 ч. 5" for h in hits)


def test_a_draft_against_the_register(indexed):
    register, _, folder = indexed
    draft = folder / "draft.txt"
    draft.write_text("1. Основания отказа установлены подпунктом 3.1 статьи 39.16 Земельного "
                     "кодекса Российской Федерации.", encoding="utf-8")
    result = check_drafts([read_document(draft)], register)
    assert [c.rule_id for c in result.collisions] == ["collision.reference.repealed"]


def test_migration_0004_applies_on_postgresql(tmp_path):
    if os.environ.get("TAZA_SKIP_POSTGRES") == "1":
        pytest.skip("TAZA_SKIP_POSTGRES=1")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "register"))
    from pg_server import PostgresNotFound, PostgresServer

    try:
        server = PostgresServer.start({"timezone": "UTC"})
    except PostgresNotFound as error:
        pytest.skip(f"no PostgreSQL server: {error}")
    with server:
        url = server.create_database("refs_0004")
        register = Register(url)
        try:
            assert NEW_TABLES <= set(inspect(register.engine).get_table_names())
            _store(register, tmp_path)
            report = index_register(register, with_subjects=False)
            assert report.collisions["collision.bylaw.longer_deadline"] == 1
        finally:
            register.close()


# --- incremental indexing and the risk register ---------------------------------------------

def _count(register: Register, table: str) -> int:
    with register.engine.connect() as connection:
        return connection.scalar(text(f"SELECT count(*) FROM {table}"))


def test_indexing_is_incremental_and_collisions_are_risk_evidence(tmp_path):
    register = Register(f"sqlite:///{tmp_path}/r.sqlite")
    zk = tmp_path / "ZK-RF.txt"
    zk.write_text(zk_excerpt("39.15", "39.18"), encoding="utf-8")
    document = read_document(zk)
    register.store_analysis(document, parse_clauses(document), [])
    first = index_register(register)
    assert first.documents == 1 and first.citations["resolved"] > 10
    again = index_register(register)
    assert again.documents == 0 and again.current == 1              # nothing new: no work
    # A by-law arrives: only it is indexed; the code is compared with it, not re-parsed.
    bylaw = tmp_path / "reglament.txt"
    bylaw.write_text("АДМИНИСТРАТИВНЫЙ РЕГЛАМЕНТ\n" + BYLAW, encoding="utf-8")
    document = read_document(bylaw)
    register.store_analysis(document, parse_clauses(document), [])
    second = index_register(register)
    assert second.documents == 1 and second.recited == 0
    assert second.collisions == {"collision.bylaw.longer_deadline": 1}
    assert second.evidence_added == 1
    (entry,) = [e for e in register.entries() if e.factor == "collision"
                and any("разд. II ч. 2" in x.summary for x in e.evidence)]
    assert len(entry.evidence) == 1 and "тридцать" in entry.evidence[0].summary
    snapshot = (_count(register, "risk_evidence"), _count(register, "audit_log"),
                _count(register, "collisions"))
    assert index_register(register).documents == 0
    assert (_count(register, "risk_evidence"), _count(register, "audit_log"),
            _count(register, "collisions")) == snapshot               # idempotent
    # The by-law is corrected (twenty days): the collision and its evidence go.
    bylaw.write_text("АДМИНИСТРАТИВНЫЙ РЕГЛАМЕНТ\n" + BYLAW.replace("тридцать", "двадцать"),
                     encoding="utf-8")
    document = read_document(bylaw)
    register.store_analysis(document, parse_clauses(document), [])
    third = index_register(register)
    assert third.documents == 1 and not third.collisions
    assert not [c for c in stored_collisions(register) if c.rule_id.startswith("collision.bylaw")]
    assert third.evidence_removed == 0          # the evidence belonged to the old version
    (entry,) = [e for e in register.entries() if e.factor == "collision"
                and any("разд. II ч. 2" in x.summary for x in e.evidence)]
    assert not any(e.current for e in entry.evidence)
    register.close()


def test_a_new_act_resolves_the_citations_of_older_ones(tmp_path):
    register = Register(f"sqlite:///{tmp_path}/r.sqlite")
    bylaw = tmp_path / "reglament.txt"
    bylaw.write_text("АДМИНИСТРАТИВНЫЙ РЕГЛАМЕНТ\n" + BYLAW, encoding="utf-8")
    document = read_document(bylaw)
    register.store_analysis(document, parse_clauses(document), [])
    alone = index_register(register)
    assert alone.citations["unresolved"] >= 2 and not alone.collisions
    zk = tmp_path / "ZK-RF.txt"
    zk.write_text(zk_excerpt("39.15", "39.18"), encoding="utf-8")
    document = read_document(zk)
    register.store_analysis(document, parse_clauses(document), [])
    report = index_register(register)
    assert report.documents == 1 and report.recited == 1             # the by-law again
    assert report.collisions["collision.bylaw.longer_deadline"] == 1
    with register.engine.connect() as connection:
        statuses = connection.execute(text(
            "SELECT DISTINCT c.status FROM citations c JOIN document_versions v "
            "ON c.version_id = v.id WHERE v.title LIKE 'АДМИНИСТРАТИВНЫЙ%'")).scalars().all()
    assert set(statuses) == {"resolved"}
    register.close()


def test_search_loads_only_the_cited_act(indexed, monkeypatch):
    register, _, _ = indexed
    import pipeline.references.index as index

    loaded = []
    original = index.load_acts
    monkeypatch.setattr(index, "load_acts", lambda *a, **k: loaded.append(a[2]) or original(*a, **k))
    hits = search(register, "пункт 5 статьи 39.17 ЗК РФ")
    assert hits[0].address == "ст. 39.17 ч. 5"
    assert len(loaded) == 1 and len(loaded[0]) == 1
