"""Schedules of ВАКР (KZ) and of the Kyrgyz reports, overdue measures, `taza calendar`."""
from __future__ import annotations

import datetime as dt

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.errors import RuleError
from pipeline.schedules import (
    kg_reporting_schedule,
    load_schedules,
    overdue_measures,
    schedule,
    vakr_schedule,
)

D = dt.date.fromisoformat
RUNNER = CliRunner()


def _dates(plan) -> dict[str, str]:
    return {row.step: str(row.date) for row in plan.deadlines}


def test_vakr_around_nauryz_and_the_may_holidays():
    """ВАКР from Monday 30 March to Friday 15 May 2026, counted by hand on the calendar."""
    plan = vakr_schedule(D("2026-03-30"), D("2026-05-15"))
    assert _dates(plan) == {
        "announce": "2026-03-11",             # 10 working days back over Nauryz 23-25.03
        "order": "2026-03-18",
        "discussion_announce": "2026-04-28",  # back over 11.05, 07.05 and 01.05
        "discussion": "2026-05-06",
        "note": "2026-06-01",                 # 10 working days after the end, without 27.05
        "plan": "2026-06-15",
        "publication": "2026-06-18",
        "risk_map": "2026-06-18",
        "monitoring": "2027-06-01",           # one year after the note
    }
    assert [r.date for r in plan.deadlines] == sorted(r.date for r in plan.deadlines)
    assert plan.deadlines[0].rule == "За 10 рабочих дней до начала ВАКР"


def test_vakr_without_end_gives_the_steps_before_the_start():
    plan = vakr_schedule(D("2025-01-13"))
    # Back from Monday 13 January 2025 over 7, 3, 2, 1 January; Sunday 5 January worked.
    assert _dates(plan) == {"announce": "2024-12-25", "order": "2025-01-05"}


def test_vakr_monitoring_year_ending_on_a_day_off_is_moved_back():
    # End Tuesday 11 March 2025 → note 28 March 2025 (21, 24, 25 March off);
    # a year later 28 March 2026 is a Saturday → Friday 27 March 2026.
    plan = vakr_schedule(D("2025-02-03"), D("2025-03-11"))
    rows = {row.step: row for row in plan.deadlines}
    assert rows["note"].date == D("2025-03-28")
    assert rows["monitoring"].date == D("2026-03-27")
    assert rows["monitoring"].due == D("2026-03-28") and rows["monitoring"].moved


def test_vakr_end_before_start_is_refused():
    with pytest.raises(ValueError):
        vakr_schedule(D("2026-05-01"), D("2026-04-01"))


def test_kg_reporting_year():
    plan = kg_reporting_schedule(D("2026-01-01"))
    assert [(row.step, str(row.date)) for row in plan.deadlines] == [
        ("quarterly_report", "2026-03-25"),
        ("quarterly_report", "2026-06-25"),
        ("quarterly_report", "2026-09-25"),
        ("next_year_plans", "2026-12-25"),
        ("quarterly_report", "2026-12-25"),
        ("annual_report", "2026-12-30"),
    ]
    assert plan.deadlines[0].title == "Квартальный отчёт (1 квартал 2026 г.)"
    assert plan.deadlines[3].title.endswith("(на 2027 г.)")


def test_kg_deadline_on_a_saturday_moves_to_the_friday_before():
    plan = kg_reporting_schedule(D("2027-07-01"), D("2027-12-31"))
    rows = [(row.step, str(row.date), str(row.due) if row.due else None)
            for row in plan.deadlines]
    assert ("quarterly_report", "2027-09-24", "2027-09-25") in rows   # 25.09.2027 Saturday
    assert ("quarterly_report", "2027-12-24", "2027-12-25") in rows
    assert ("annual_report", "2027-12-30", None) in rows


def test_kg_corrections_and_remarks_from_a_notice():
    plan = kg_reporting_schedule(D("2025-12-01"), D("2025-12-31"), notice=D("2025-12-22"))
    rows = {row.step: str(row.date) for row in plan.deadlines}
    # 23-26, 29-31.12 (7), 01-09.01.2026 off, then 12-14.01 → 10th on 14 January.
    assert rows["remarks"] == "2026-01-14"
    assert rows["corrections"] == "2026-01-21"


def test_schedule_dispatches_by_country():
    assert schedule("kz", D("2026-03-30")).country == "KZ"
    assert schedule("KG", D("2026-01-01")).country == "KG"
    with pytest.raises(ValueError, match="RU"):
        schedule("RU", D("2026-01-01"))


def test_schedule_file_is_validated(tmp_path):
    bad = tmp_path / "schedules.yaml"
    bad.write_text("version: 1\nKG: {title: t, basis: b}\nKZ:\n  title: t\n  basis: b\n"
                   "  steps:\n    - {id: a, title: t, from: note, working_days: 1, rule: r}\n",
                   encoding="utf-8")
    with pytest.raises(RuleError, match="note"):
        load_schedules.__wrapped__(bad)


@pytest.mark.parametrize("today, expected", [
    ("2026-03-20", []),
    ("2026-03-26", []),              # Saturday 21.03 runs to the first working day, 26.03
    ("2026-03-27", ["m1"]),
    ("2026-05-02", ["m1", 7]),
])
def test_overdue_measures(today, expected):
    measures = [
        ("m1", D("2026-03-21"), "measure_planned"),
        (7, D("2026-04-30"), "в работе"),
        ("done", D("2026-01-10"), "done"),
        ("rejected", D("2026-01-10"), "отклонен"),
        ("monitored", D("2026-01-10"), "на мониторинге"),
        ("no deadline", None, "identified"),
    ]
    assert overdue_measures(measures, D(today), "KZ") == expected


def test_overdue_without_a_calendar_uses_the_date_as_is():
    measures = [("a", D("2026-03-21"), "in_progress")]
    assert overdue_measures(measures, D("2026-03-22"), "RU") == ["a"]
    assert overdue_measures(measures, D("2026-03-22"), "KZ") == []


def test_calendar_command_kz():
    result = RUNNER.invoke(app, ["calendar", "--country", "KZ", "--start", "2026-03-30",
                                 "--end", "2026-05-15"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Внутренний анализ коррупционных рисков (ВАКР)"
    row = next(line for line in lines if "Подписание аналитической справки" in line)
    assert row.split()[:3] == ["5", "01.06.2026", "понедельник"]
    assert "Не позднее 10 рабочих дней со дня завершения ВАКР" in result.output
    assert "24.03.2026 (вт) — Наурыз мейрамы (перенос с выходного дня)" in result.output


def test_calendar_command_kg_shows_moved_deadlines_and_notice():
    result = RUNNER.invoke(app, ["calendar", "--country", "kg", "--start", "2027-07-01",
                                 "--end", "2027-12-31", "--notice", "2027-12-01"])
    assert result.exit_code == 0, result.output
    assert "24.09.2027  пятница" in result.output
    assert "25.09.2027 — нерабочий день, срок — предыдущий рабочий день" in result.output
    assert "Дополнения и исправления (уведомление от 01.12.2027)" in result.output


def test_calendar_command_without_end_for_kz_says_what_is_missing():
    result = RUNNER.invoke(app, ["calendar", "--country", "KZ", "--start", "2026-09-01"])
    assert result.exit_code == 0
    assert "укажите --end" in result.output


@pytest.mark.parametrize("args", [
    ["--country", "RU", "--start", "2026-01-01"],
    ["--country", "KZ", "--start", "01.09.2026"],
    ["--country", "KZ", "--start", "2026-09-01", "--end", "2026-08-01"],
])
def test_calendar_command_refuses_bad_input(args):
    result = RUNNER.invoke(app, ["calendar", *args])
    assert result.exit_code == 2
    assert "Ошибка / Error" in result.output
