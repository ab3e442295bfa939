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

NEW_TABLES = {"citations", "clause_subjects", "collisions"}


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


def test_migration_0004_applies_on_sqlite(indexed):
    register, _, _ = indexed
    assert NEW_TABLES <= set(inspect(register.engine).get_table_names())
    with register.engine.connect() as connection:
        assert connection.scalar(text("SELECT version_num FROM alembic_version")) == "0004"


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
