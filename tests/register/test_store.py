from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from zk_rf import build_act, find, make_document
from sqlalchemy import MetaData, select
from sqlalchemy.exc import IntegrityError

from pipeline.model import Address, Clause, Finding, PageSpan
from pipeline.register import URL_ENV, Register, StoreOutcome, finding_key
from pipeline.register import store as store_module


def is_utc(moment: dt.datetime) -> bool:
    return moment.utcoffset() == dt.timedelta(0)


def snapshot(register: Register) -> dict[str, list[tuple]]:
    """Every row of every table, to prove that nothing was written or updated."""
    metadata = MetaData()
    metadata.reflect(register.engine)
    with register.engine.connect() as connection:
        return {name: sorted(map(tuple, connection.execute(select(table))), key=repr)
                for name, table in metadata.tables.items()}


def test_new_document_round_trips(register, analysis):
    document, clauses, findings = analysis
    assert register.store_analysis(document, clauses, findings) is StoreOutcome.NEW

    assert register.counts() == {"documents": 1, "document_versions": 1,
                                 "clauses": len(clauses), "findings": 3, "risks": 2}
    [stored] = register.documents()
    assert stored.to_document() == document  # tmp_path is already a resolved path
    assert stored.is_current and stored.ingested_at.tzinfo is not None
    assert [s.finding for s in register.findings()] == findings


def test_stored_finding_carries_its_clause(register, analysis):
    document, clauses, findings = analysis
    register.store_analysis(document, clauses, findings)
    first = register.findings()[0]
    assert first.address == "ст. 39.16"
    assert first.clause_text.startswith("Уполномоченный орган принимает решение")
    assert "без проведения торгов" in first.clause_text
    assert first.clause_heading.startswith("Основания для отказа")
    assert first.document_title == "Земельный кодекс Российской Федерации"
    assert first.document_sha256 == document.sha256
    assert first.key == finding_key(document.sha256, findings[0])
    point = register.findings()[1]
    assert point.address == "ст. 39.17 ч. 5"
    assert point.clause_text.startswith("5. В срок не более чем двадцать дней")


def test_storing_the_same_content_twice_writes_nothing(register, analysis):
    document, clauses, findings = analysis
    register.store_analysis(document, clauses, findings)
    before = snapshot(register)
    assert register.store_analysis(document, clauses, findings) is StoreOutcome.UNCHANGED
    # Even different findings on unchanged content leave the register as it was.
    assert register.store_analysis(document, clauses, findings[:1]) is StoreOutcome.UNCHANGED
    assert snapshot(register) == before
    assert [r.action for r in register.audit_log("document_version")] == ["new"]


def test_changed_rules_reanalyse_unchanged_content(register, analysis):
    document, clauses, findings = analysis
    assert register.store_analysis(document, clauses, findings, "rules-a") is StoreOutcome.NEW
    assert register.store_analysis(document, clauses, findings, "rules-a") \
        is StoreOutcome.UNCHANGED
    # New rules give new findings on the same text: the old ones go to the history.
    assert register.store_analysis(document, clauses, findings[:1], "rules-b") \
        is StoreOutcome.REPLACED
    old, new = register.history(document.source)
    assert old.sha256 == new.sha256 and new.is_current and old.superseded_at is not None
    assert len(register.findings()) == 1
    assert len(register.findings(current_only=False)) == len(findings) + 1
    assert register.audit_log("document_version")[-1].detail["analyzer_version"] == "rules-b"
    assert register.store_analysis(document, clauses, findings[:1], "rules-b") \
        is StoreOutcome.UNCHANGED


def test_current_versions_name_the_content_and_rules_of_each_source(register, analysis):
    document, clauses, findings = analysis
    assert register.current_versions() == {}
    register.store_analysis(document, clauses, findings, "rules-a")
    assert register.current_versions() == {document.source: (document.sha256, "rules-a")}
    register.store_analysis(document, clauses, findings[:1], "rules-b")
    other = make_document("Статья 1. Текст.\n", "https://adilet.zan.kz/rus/docs/V1")
    register.store_analysis(other, [], [])
    assert register.current_versions() == {document.source: (document.sha256, "rules-b"),
                                           other.source: (other.sha256, "")}


def test_relative_and_absolute_paths_are_one_source(register, analysis, tmp_path,
                                                    monkeypatch):
    document, clauses, findings = analysis
    register.store_analysis(document, clauses, findings)
    monkeypatch.chdir(tmp_path)
    relative = dataclasses.replace(document, source="./sub/../zk-rf-39.txt")
    assert register.store_analysis(relative, clauses, findings) is StoreOutcome.UNCHANGED


def test_new_content_replaces_and_keeps_history(register, analysis):
    document, clauses, findings = analysis
    register.store_analysis(document, clauses, findings)
    text, new_clauses = build_act(("39.16", "39.17", "39.18"))
    amended = make_document(text, document.source, title=document.title)
    new_findings = [find(text, new_clauses, "в течение тридцати дней", "missing_deadline",
                         "missing_deadline.vague")]

    assert register.store_analysis(amended, new_clauses, new_findings) is StoreOutcome.REPLACED

    old, new = register.history(document.source)
    assert (old.sha256, new.sha256) == (document.sha256, amended.sha256)
    assert old.superseded_at is not None and new.is_current
    assert old.ingested_at <= old.superseded_at == new.ingested_at
    assert is_utc(old.superseded_at)
    assert [d.sha256 for d in register.documents()] == [amended.sha256]
    assert len(register.documents(current_only=False)) == 2
    assert [f.finding for f in register.findings()] == new_findings
    assert len(register.findings(current_only=False)) == 4
    assert register.findings(document_sha256=document.sha256) == []
    assert len(register.findings(document_sha256=document.sha256, current_only=False)) == 3
    assert [r.entry.factor for r in register.risks()] == ["missing_deadline"]
    assert {r.superseded for r in register.risks(current_only=False)} == {True, False}
    counts = register.counts()
    assert counts["documents"] == 1 and counts["document_versions"] == 2

    new_log = register.audit_log("document_version")[-1]
    assert (new_log.action, new_log.actor) == ("replaced", "taza")
    assert new_log.detail["previous_sha256"] == document.sha256
    assert new_log.entity_id == str(new.version_id)


def test_going_back_to_old_content_is_a_new_version(register, analysis, act):
    document, clauses, findings = analysis
    text, _ = act
    other = make_document(text + "Статья 39.18 утратила силу.\n", document.source)
    register.store_analysis(document, clauses, findings)
    register.store_analysis(other, clauses, [])
    assert register.store_analysis(document, clauses, findings) is StoreOutcome.REPLACED
    assert [d.sha256 for d in register.history(document.source)] == [
        document.sha256, other.sha256, document.sha256]
    assert len(register.findings()) == 3


def test_same_content_under_another_path_is_another_source(register, analysis, tmp_path):
    document, clauses, findings = analysis
    copy = dataclasses.replace(document, source=str(tmp_path / "copy" / "zk.txt"))
    register.store_analysis(document, clauses, findings)
    assert register.store_analysis(copy, clauses, findings) is StoreOutcome.NEW
    assert len(register.documents()) == 2
    assert len(register.findings(document_sha256=document.sha256)) == 6
    [version] = register.history(copy.source)
    assert len(register.findings(version_id=version.version_id)) == 3


def test_url_sources_are_kept_as_given(register, analysis):
    document, clauses, findings = analysis
    url = "https://adilet.zan.kz/rus/docs/Z1500000410"
    register.store_analysis(dataclasses.replace(document, source=url), clauses, findings)
    assert register.documents()[0].source == url


def test_a_failing_finding_leaves_earlier_data_untouched(register, analysis):
    document, clauses, findings = analysis
    register.store_analysis(document, clauses, findings)
    before = snapshot(register)
    text, new_clauses = build_act(("39.16", "39.17", "39.18"))
    amended = make_document(text, document.source)
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


def test_pages_and_page_of_a_finding(register, analysis):
    document, clauses, findings = analysis
    middle = len(document.text) // 2
    paged = dataclasses.replace(document, pages=(PageSpan(1, 0, middle),
                                                 PageSpan(2, middle, len(document.text))))
    register.store_analysis(paged, clauses, findings)
    assert register.documents()[0].pages == paged.pages
    assert [f.page for f in register.findings()] == [paged.page_at(f.start) for f in findings]


def test_a_finding_outside_every_clause_is_kept(register, analysis):
    document, clauses, _ = analysis
    title = Finding("x.rule", "legal_gap", Address(), 0, 6, "Статья", "Пробел", 0.3, "Дополнить")
    register.store_analysis(document, clauses, [title])
    [stored] = register.findings()
    assert (stored.clause_text, stored.address, stored.finding) == ("", "", title)


def test_nested_clauses_give_the_narrowest_or_the_addressed_one():
    article = Clause(Address(article="1"), 0, 100, "x" * 100)
    part = Clause(Address(article="1", part="2"), 10, 60, "x" * 50)
    point = Clause(Address(article="1", part="2", point="3"), 20, 30, "x" * 10)
    later = Clause(Address(article="1", part="3"), 60, 100, "x" * 40)
    locator = store_module._ClauseLocator([article, part, point, later])
    at = lambda start, address=Address(): Finding("r", "f", address, start, start + 1,  # noqa: E731
                                                 "", "", 0.5, "")
    assert locator.index_of(at(25)) == 2
    assert locator.index_of(at(25, Address(article="1", part="2"))) == 1
    assert locator.index_of(at(40)) == 1
    assert locator.index_of(at(70)) == 3
    assert locator.index_of(at(5)) == 0
    assert locator.index_of(at(150)) is None


def test_url_from_the_environment(tmp_path, monkeypatch, catalogue):
    monkeypatch.setenv(URL_ENV, f"sqlite:///{tmp_path}/env/r.sqlite")
    with Register(catalogue=catalogue) as register:
        assert register.url.endswith("env/r.sqlite")
    assert (tmp_path / "env" / "r.sqlite").is_file()


def test_default_url_creates_outputs_folder(tmp_path, monkeypatch, catalogue):
    monkeypatch.delenv(URL_ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    with Register(catalogue=catalogue):
        pass
    assert (tmp_path / "outputs" / "register.sqlite").is_file()


def test_in_memory_register_keeps_its_data(catalogue, analysis):
    with Register("sqlite://", catalogue=catalogue) as register:
        register.store_analysis(*analysis)
        assert register.counts()["findings"] == 3
