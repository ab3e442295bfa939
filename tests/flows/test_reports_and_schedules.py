"""Report periods and flows; the deployments and their schedules (no server needed)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from prefect.client.schemas.schedules import RRuleSchedule

from flows.reports import annual_report, quarter, quarterly_report, year_period
from flows.scan_acts import scan_acts
from flows.serve import deployments, reporting_dates, reporting_rrule, schedules
from pipeline.export.register_docs import REGISTER_EXPORTS


@pytest.mark.parametrize("year, number, start, end, deadline", [
    (2026, 1, "2026-01-01", "2026-03-31", "2026-03-25"),
    (2027, 3, "2027-07-01", "2027-09-30", "2027-09-24"),   # 25.09.2027 is a Saturday
    (2028, 2, "2028-04-01", "2028-06-30", "2028-06-23"),   # 25.06.2028 is a Sunday
    (2026, 4, "2026-10-01", "2026-12-31", "2026-12-25"),
])
def test_quarters_and_their_kg_deadlines(year, number, start, end, deadline):
    period = quarter(year, number)
    assert (period.start.isoformat(), period.end.isoformat()) == (start, end)
    assert period.deadline().isoformat() == deadline


def test_annual_deadline_moves_off_a_saturday():
    assert year_period(2028).deadline() == dt.date(2028, 12, 29)   # 30.12.2028: Saturday


def test_reporting_schedule_is_the_working_day_dates_of_the_rules():
    dates = reporting_dates("quarterly_report", dt.date(2027, 1, 1), years=2)
    assert dates == [dt.date(2027, 3, 25), dt.date(2027, 6, 25), dt.date(2027, 9, 24),
                     dt.date(2027, 12, 24), dt.date(2028, 3, 24), dt.date(2028, 6, 23),
                     dt.date(2028, 9, 25), dt.date(2028, 12, 25)]
    rule = RRuleSchedule(rrule=reporting_rrule("quarterly_report", dt.date(2027, 1, 1), 2),
                         timezone="Asia/Bishkek").to_rrule()
    moments = list(rule)
    assert [m.date() for m in moments] == dates
    assert {(m.hour, m.minute) for m in moments} == {(9, 0)}


def test_every_flow_has_a_deployment_with_its_schedule(monkeypatch, tmp_path):
    monkeypatch.setenv("TAZA_INBOX_ACTS", str(tmp_path / "acts"))
    plan = schedules(dt.date(2026, 11, 23))
    assert plan["scan-acts"].cron == "0 2 * * *"
    assert plan["scan-media"].cron == "15 * * * *"
    assert plan["intake-complaints"].cron == "0 6 * * *"
    assert "20261225T090000" in plan["quarterly-report"].rrule
    assert "20261230T090000" in plan["annual-report"].rrule
    built = {d.flow_name: d for d in deployments(today=dt.date(2026, 11, 23))}
    assert set(built) == {"scan-acts", "scan-media", "intake-complaints", "update-register",
                          "quarterly-report", "annual-report"}
    assert built["scan-acts"].parameters["folder"] == [str(tmp_path / "acts")]
    smoke = deployments(only=["update-register"], every=5)
    assert len(smoke) == 1 and smoke[0].schedules[0].schedule.interval == dt.timedelta(seconds=5)


def test_quarterly_report_writes_the_register_documents_into_a_dated_folder(
        prefect_harness, small_acts, tmp_path):
    db = f"sqlite:///{tmp_path / 'register.sqlite'}"
    scan_acts(small_acts, db_url=db, export_dir=None)
    report = quarterly_report(2026, 2, db_url=db, out_dir=tmp_path / "reports")
    folder = tmp_path / "reports" / "2026-Q2" / dt.date.today().isoformat()
    assert sorted(Path(p).name for p in report.outputs) == sorted(REGISTER_EXPORTS.values())
    assert all(Path(p).parent == folder and Path(p).stat().st_size for p in report.outputs)
    assert report.documents == 2 and report.findings > 0
    assert dict(report.details)["Срок представления (KG)"] == "25.06.2026"


def test_reports_are_written_for_their_period(prefect_harness, small_acts, tmp_path):
    from docx import Document as open_docx

    db = f"sqlite:///{tmp_path / 'register.sqlite'}"
    scan_acts(small_acts, db_url=db, export_dir=None)
    today = dt.date.today()
    number = (today.month - 1) // 3 + 1
    current = quarterly_report(db_url=db, out_dir=tmp_path / "reports")
    details = dict(current.details)
    assert details["За период: Проанализировано документов (новые акты и редакции)"] == "2"
    assert int(details["За период: Новых коррупционных рисков"]) == current.new_risks > 0
    note = next(p for p in current.outputs if p.endswith("analytical_note.docx"))
    text = "\n".join(p.text for p in open_docx(note).paragraphs)
    assert f"за {number} квартал {today.year} г. (" in text

    # a year before the acts came in: nothing happened in it
    past = annual_report(today.year - 1, db_url=db, out_dir=tmp_path / "reports")
    details = dict(past.details)
    assert details["За период: Проанализировано документов (новые акты и редакции)"] == "0"
    assert past.new_risks == 0 and past.documents == 2        # the register today
    report = next(p for p in past.outputs if p.endswith("monitoring_report.docx"))
    text = "\n".join(p.text for p in open_docx(report).paragraphs)
    assert f"начат 01.01.{today.year - 1} закончен 31.12.{today.year - 1}" in text
