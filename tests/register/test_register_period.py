"""Register exports for a reporting period: what happened during it, from the audit trail."""
from __future__ import annotations

import datetime as dt

import pytest
from docx import Document as open_docx
from openpyxl import load_workbook
from sqlalchemy import update

from pipeline.export.register_docs import (
    PERIOD_HEADING,
    PERIOD_WRITERS,
    REGISTER_EXPORTS,
    write_register_exports,
)
from pipeline.model import EvidenceKind, RiskStatus
from pipeline.register import Register
from pipeline.register.external import ExternalSignal
from pipeline.register.period import ReportPeriod, period_activity
from pipeline.register.tables import AuditRow, EntryRow, EvidenceRow, VersionRow

UTC = dt.UTC
MAY = dt.datetime(2026, 5, 12, 9, 0, tzinfo=UTC)
NOVEMBER = dt.datetime(2026, 11, 20, 9, 0, tzinfo=UTC)   # «now» of the fixture, whatever the day
Q2 = ReportPeriod(dt.date(2026, 4, 1), dt.date(2026, 6, 30), "2 квартал 2026 г.")
Q3 = ReportPeriod(dt.date(2026, 7, 1), dt.date(2026, 9, 30), "3 квартал 2026 г.")
Q4 = ReportPeriod(dt.date(2026, 10, 1), dt.date(2026, 12, 31), "4 квартал 2026 г.")
YEAR = ReportPeriod(dt.date(2026, 1, 1), dt.date(2026, 12, 31), "2026 год")


def _backdate(register: Register, entry_id: int, moment: dt.datetime) -> None:
    """The entry and its whole history as if they had happened at ``moment``."""
    with register.engine.begin() as connection:
        connection.execute(update(EntryRow).where(EntryRow.id == entry_id)
                           .values(created_at=moment))
        connection.execute(update(AuditRow).where(AuditRow.entity == "risk_entry",
                                                  AuditRow.entity_id == str(entry_id))
                           .values(at=moment))


@pytest.fixture
def history(tmp_path, catalogue, analysis):
    """Two risks of one act stored in November 2026; the second one backdated to May with
    its deadline (1 June) and history; a complaint attached and a status changed now."""
    with Register(f"sqlite:///{tmp_path}/r.sqlite", catalogue=catalogue) as register:
        register.store_analysis(*analysis)
        competition, discretion = register.entries()
        register.update_entry(discretion.id, {"deadline": "01.06.2026"}, author="А.")
        _backdate(register, discretion.id, MAY)
        register.update_entry(discretion.id, {"status": "assessed"}, author="Комиссия")
        register.update_entry(competition.id, {"deadline": "15.12.2026"}, author="А.")
        register.attach_external([ExternalSignal(
            EvidenceKind.COMPLAINT, "complaint:1", "Государственная Дума", "RU",
            competition.function_area, ("inaction",), "Заявки не исполняются", "file:1",
            dt.date(2021, 2, 1))])
        _pin_now(register)
        yield register, competition.id, discretion.id


def _pin_now(register: Register) -> None:
    """Everything the fixture did «now» as if done on 20 November 2026, so that the test
    reads the same on any day; what was backdated to May stays in May."""
    with register.engine.begin() as connection:
        connection.execute(update(AuditRow).where(AuditRow.at != MAY).values(at=NOVEMBER))
        connection.execute(update(EntryRow).where(EntryRow.created_at != MAY)
                           .values(created_at=NOVEMBER))
        connection.execute(update(EntryRow).values(updated_at=NOVEMBER))
        connection.execute(update(EvidenceRow).values(created_at=NOVEMBER))
        connection.execute(update(VersionRow).values(ingested_at=NOVEMBER))


def test_period_bounds_are_days_of_the_reports_time_zone():
    bishkek = ReportPeriod(dt.date(2026, 4, 1), dt.date(2026, 6, 30), timezone="Asia/Bishkek")
    late_march = dt.datetime(2026, 3, 31, 20, 0, tzinfo=UTC)       # 02:00 on 1 April there
    assert bishkek.holds(late_march) and not Q2.holds(late_march)
    assert not bishkek.holds(dt.datetime(2026, 6, 30, 19, 0, tzinfo=UTC))
    assert YEAR.quarters() == ("2026-К1", "2026-К2", "2026-К3", "2026-К4")
    assert Q2.name == "2 квартал 2026 г. (01.04.2026 – 30.06.2026)"
    with pytest.raises(ValueError):
        ReportPeriod(dt.date(2026, 2, 1), dt.date(2026, 1, 1))


def test_activity_of_a_period_comes_from_the_timestamps_and_the_audit_trail(history):
    register, competition, discretion = history
    now = period_activity(register, Q4)
    assert [d.name for d in now.documents] == ["Земельный кодекс Российской Федерации"]
    assert now.findings == 3
    assert [e.id for e in now.new_entries] == [competition]
    # the evidence of the backdated entry was added in May
    assert (now.evidence[EvidenceKind.ACT_FINDING], now.evidence[EvidenceKind.COMPLAINT]) == \
        (2, 1)
    assert now.signals_by_quarter == {"2026-К4": {EvidenceKind.COMPLAINT: 1,
                                                   EvidenceKind.MEDIA: 0}}
    assert [e.id for e in now.due] == [competition]
    # open after the deadline at the end: this quarter's, and June's still not done
    assert [e.id for e in now.overdue] == [competition, discretion]
    assert [(c.entry_id, c.old, c.new, c.actor) for c in now.status_changes] == [
        (discretion, RiskStatus.IDENTIFIED, RiskStatus.ASSESSED, "Комиссия")]

    may = period_activity(register, Q2)
    assert (may.documents, may.findings) == ((), 0)
    assert [e.id for e in may.new_entries] == [discretion]
    assert may.evidence[EvidenceKind.ACT_FINDING] == 1
    # as it stood on 30 June: due on 1 June, still «identified» (assessed in November)
    [due] = may.due
    assert (due.id, due.deadline, due.status) == (discretion, dt.date(2026, 6, 1),
                                                  RiskStatus.IDENTIFIED)
    assert [e.id for e in may.overdue] == [discretion] and may.status_changes == ()

    year = period_activity(register, YEAR)
    assert len(year.new_entries) == 2 and year.evidence[EvidenceKind.ACT_FINDING] == 3
    assert {e.id for e in year.due} == {competition, discretion}
    assert period_activity(register, Q3).new_entries == ()


def test_what_changed_after_the_period_does_not_rewrite_it(history):
    register, _, discretion = history
    register.update_entry(discretion, {"deadline": "01.09.2026"}, author="А.")
    with register.engine.begin() as connection:        # the act as if stored in August
        connection.execute(update(VersionRow).values(
            ingested_at=dt.datetime(2026, 8, 1, tzinfo=UTC)))
    [due] = period_activity(register, Q2).due
    assert (due.id, due.deadline) == (discretion, dt.date(2026, 6, 1))
    q3 = period_activity(register, Q3)
    assert [d.name for d in q3.documents] == ["Земельный кодекс Российской Федерации"]
    assert q3.findings == 3 and q3.due == ()          # on 30 September it was due in June
    assert [e.id for e in q3.overdue] == [discretion]


def _text(path) -> str:
    document = open_docx(path)
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_the_exports_of_a_period_state_it_and_count_what_happened(history, tmp_path):
    register, competition, discretion = history
    assert set(PERIOD_WRITERS) == set(REGISTER_EXPORTS)
    paths = {p.name: p for p in write_register_exports(register, tmp_path / "q2", Q2)}
    assert list(paths) == list(REGISTER_EXPORTS.values())

    note = _text(paths["analytical_note.docx"])
    assert "за 2 квартал 2026 г. (01.04.2026 – 30.06.2026)" in note
    assert "Срок проведения: с 01.04.2026 по 30.06.2026" in note
    assert PERIOD_HEADING in note
    assert "В отчетном периоде проанализированы нормативные правовые акты (новые акты и " \
           "редакции), затрагивающие деятельность объекта анализа (0)." in note
    assert "выявлено 1 новый коррупционный риск; мер со сроком в периоде: 1, просрочено на " \
           "конец периода: 1; изменений статуса: 0." in note
    assert "01.06.2026" in note and "выявлен — просрочено" in note

    report = open_docx(paths["monitoring_report.docx"])
    text = _text(paths["monitoring_report.docx"])
    assert "начат 01.04.2026 закончен 30.06.2026" in text
    headings = [p.text for p in report.paragraphs if p.style.name.startswith("Heading")]
    assert headings == ["I. Вводная часть", "II. Информационно-аналитическая часть",
                        PERIOD_HEADING, "III. Заключительная часть"]
    indicators = {r.cells[0].text: r.cells[1].text for r in report.tables[0].rows[1:]}
    assert indicators["Новых коррупционных рисков"] == "1"
    assert indicators["Мер со сроком исполнения в периоде"] == "1"
    assert indicators["Мер с истекшим сроком на конец периода"] == "1"
    assert indicators["Изменений статуса рисков"] == "0"
    assert indicators["Проанализировано документов (новые акты и редакции)"] == "0"
    # the state of the register today follows, as without a period
    state = [{r.cells[0].text: r.cells[1].text for r in t.rows[1:]} for t in report.tables]
    assert [t["Коррупционных рисков в реестре"] for t in state
            if "Коррупционных рисков в реестре" in t] == ["2"]

    today = dt.date.today().strftime("%d.%m.%Y")
    line = f"Отчетный период: {Q2.name}; сведения реестра на {today}"
    for name in ("kg_form1_risks.xlsx", "kg_form2_positions.xlsx", "action_plan.xlsx"):
        sheet = load_workbook(paths[name]).active
        assert line in [c.value for c in sheet["A"]], name
    workbook = load_workbook(paths["risk_register.xlsx"])
    assert workbook.properties.title == f"Реестр коррупционных рисков. {line}"
    assert workbook.active["A1"].value == "ID"                  # the import still reads it


def test_status_changes_of_the_period_are_listed(history, tmp_path):
    register, _, discretion = history
    [path] = [p for p in write_register_exports(register, tmp_path / "q4", Q4)
              if p.name == "monitoring_report.docx"]
    report = open_docx(path)
    changes = next(t for t in report.tables if [c.text for c in t.rows[0].cells][2:3] == ["Было"])
    row = [c.text for c in changes.rows[1].cells]
    assert row[:4] == [str(discretion), "Государственная Дума: Широта дискреционных полномочий",
                       "выявлен", "оценен"] and row[5] == "Комиссия"


def test_without_a_period_the_exports_are_those_of_today(history, tmp_path):
    register, _, _ = history
    paths = {p.name: p for p in write_register_exports(register, tmp_path / "now")}
    assert PERIOD_HEADING not in _text(paths["analytical_note.docx"])
    assert "Срок проведения: с ________________ по ________________" in \
        _text(paths["analytical_note.docx"])
    assert load_workbook(paths["risk_register.xlsx"]).properties.title is None
