"""The working-day calendar against the official calendars of Kazakhstan and Kyrgyzstan."""
from __future__ import annotations

import datetime as dt

import pytest

from pipeline import workdays
from pipeline.errors import RuleError
from pipeline.workdays import (
    WorkCalendar,
    add_working_days,
    calendar,
    is_working_day,
    load_overrides,
    working_days_between,
)

D = dt.date.fromisoformat

# Days off on Monday to Friday, from the official calendars: egov.kz (KZ 2025, KZ 2026 as
# published on 02.01.2026 and amended by the 2026 Constitution: 30 August is no longer a
# holiday) and the Ministry of Labour of the Kyrgyz Republic with the Cabinet's decrees
# (KG 2025; KG 2026 with New Year holidays extended to 12 January).
OFFICIAL_DAYS_OFF = {
    ("KZ", 2025): ["2025-01-01", "2025-01-02", "2025-01-03", "2025-01-07", "2025-03-10",
                   "2025-03-21", "2025-03-24", "2025-03-25", "2025-05-01", "2025-05-07",
                   "2025-05-09", "2025-06-06", "2025-07-07", "2025-09-01", "2025-10-27",
                   "2025-12-16"],
    ("KZ", 2026): ["2026-01-01", "2026-01-02", "2026-01-07", "2026-03-09", "2026-03-23",
                   "2026-03-24", "2026-03-25", "2026-05-01", "2026-05-07", "2026-05-11",
                   "2026-05-27", "2026-07-06", "2026-10-26", "2026-12-16"],
    ("KG", 2025): ["2025-01-01", "2025-01-02", "2025-01-03", "2025-01-06", "2025-01-07",
                   "2025-03-21", "2025-05-01", "2025-05-02", "2025-05-05", "2025-05-06",
                   "2025-05-07", "2025-05-08", "2025-05-09", "2025-06-06"],
    ("KG", 2026): ["2026-01-01", "2026-01-02", "2026-01-05", "2026-01-06", "2026-01-07",
                   "2026-01-08", "2026-01-09", "2026-03-20", "2026-05-01", "2026-05-04",
                   "2026-05-05", "2026-05-06", "2026-05-07", "2026-05-08", "2026-05-27",
                   "2026-08-31"],
}
# Saturdays and Sundays that were working days.
OFFICIAL_WORKING_WEEKENDS = {
    ("KZ", 2025): ["2025-01-05"],   # the day off of Sunday 5 January moved to Friday 3 January
    ("KZ", 2026): [],
    ("KG", 2025): ["2025-01-11"],   # Saturday 11 January worked for Thursday 2 January
    ("KG", 2026): [],
}


@pytest.mark.parametrize("country, year", sorted(OFFICIAL_DAYS_OFF))
def test_weekday_days_off_match_the_official_calendar(country, year):
    got = [str(off.date) for off in calendar(country).days_off(year)]
    assert got == OFFICIAL_DAYS_OFF[country, year]


@pytest.mark.parametrize("country, year", sorted(OFFICIAL_WORKING_WEEKENDS))
def test_transferred_working_days(country, year):
    got = [str(d) for d in calendar(country).transferred_working_days(year)]
    assert got == OFFICIAL_WORKING_WEEKENDS[country, year]


@pytest.mark.parametrize("day, country, working, why", [
    # Nauryz 21-23 March: in 2026 21 and 22 fall on the weekend, 24 and 25 are off instead.
    ("2026-03-21", "KZ", False, "суббота"),
    ("2026-03-23", "KZ", False, "Наурыз"),
    ("2026-03-24", "KZ", False, "Наурыз, перенос"),
    ("2026-03-25", "KZ", False, "Наурыз, перенос"),
    ("2026-03-26", "KZ", True, "после Наурыза"),
    ("2025-03-21", "KZ", False, "Наурыз 2025, пятница"),
    ("2025-03-25", "KZ", False, "Наурыз 2025, перенос на вторник"),
    ("2025-01-05", "KZ", True, "воскресенье 5 января 2025 — рабочий"),
    ("2026-08-31", "KZ", True, "День Конституции 30 августа отменён с 2026 г."),
    ("2025-09-01", "KZ", False, "День Конституции 2025 перенесён на понедельник"),
    ("2026-01-07", "KZ", False, "Рождество — без переноса"),
    # Kyrgyzstan: Orozo Ait by the muftiate's date; since the Labour Code of 2025 a holiday
    # on a weekend is not moved (Orozo Ait 2025 on Sunday 30 March: Monday is working).
    ("2026-03-20", "KG", False, "Орозо айт 2026"),
    ("2025-03-30", "KG", False, "Орозо айт 2025, воскресенье"),
    ("2025-03-31", "KG", True, "без переноса по Трудовому кодексу 2025 г."),
    ("2025-06-06", "KG", False, "Курман айт 2025"),
    ("2026-05-27", "KG", False, "Курман айт 2026"),
    ("2026-01-08", "KG", False, "каникулы продлены постановлением Кабмина"),
    ("2026-01-12", "KG", True, "каникулы до 12 января: понедельник — рабочий"),
    ("2025-02-24", "KG", True, "23 февраля — рабочий праздник с 2025 г."),
    ("2025-11-07", "KG", True, "7 ноября — рабочий с 2025 г."),
])
def test_is_working_day(day, country, working, why):
    assert is_working_day(D(day), country) is working, why


@pytest.mark.parametrize("start, days, country, expected", [
    ("2026-03-20", 1, "KZ", "2026-03-26"),     # over Nauryz and its transfers
    ("2026-03-26", -1, "KZ", "2026-03-20"),
    ("2025-12-31", 3, "KZ", "2026-01-08"),     # 05.01, 06.01, (07.01 off), 08.01
    ("2024-12-31", 2, "KZ", "2025-01-06"),     # 05.01.2025 (Sunday) is working: 05, 06
    ("2025-01-10", 1, "KG", "2025-01-11"),     # Saturday 11 January 2025 is working
    ("2025-12-31", 1, "KG", "2026-01-12"),     # New Year holidays to 11 January
    ("2026-03-19", 1, "KG", "2026-03-23"),     # Orozo Ait 20.03, then the weekend
    ("2026-05-15", 0, "KZ", "2026-05-15"),
])
def test_add_working_days(start, days, country, expected):
    assert add_working_days(D(start), days, country) == D(expected)


def test_working_days_between_counts_after_start_up_to_end():
    # March 2026 in Kazakhstan: 22 weekdays minus 9 March and 23-25 March.
    assert working_days_between(D("2026-02-28"), D("2026-03-31"), "KZ") == 18
    assert working_days_between(D("2026-03-31"), D("2026-02-28"), "KZ") == -18
    assert working_days_between(D("2026-03-20"), D("2026-03-20"), "KZ") == 0


def test_add_and_between_agree():
    cal = calendar("KG")
    for start in (D("2025-12-20"), D("2026-04-28"), D("2026-03-18")):
        for days in (1, 5, 10, 15):
            end = cal.add_working_days(start, days)
            assert cal.working_days_between(start, end) == days
            assert cal.add_working_days(end, -days) == cal.on_or_before(start)


def test_day_off_names_are_russian_and_overrides_carry_their_source():
    kz = calendar("KZ")
    assert kz.day_off(D("2026-03-24")).name == "Наурыз мейрамы (перенос с выходного дня)"
    assert kz.day_off(D("2025-01-03")).name == "Выходной день (перенесён с 05.01.2025)"
    kurban = kz.day_off(D("2026-05-27"))
    assert "ожидаемая" not in kurban.name and "egov.kz" in kurban.source
    assert "holidays" in kz.day_off(D("2026-03-23")).source
    kg = calendar("KG")
    assert kg.day_off(D("2026-03-20")).name == "Орозо айт"
    assert "Кабинета Министров" in kg.day_off(D("2026-01-09")).source
    assert kg.day_off(D("2026-01-12")) is None


def test_every_override_differs_from_the_package_or_confirms_an_estimate():
    """An override line that changes nothing is stale and should go."""
    overrides, names_ru = load_overrides()
    for override in overrides:
        bare = WorkCalendar(override.country, (), names_ru)
        estimated = "ожидаемая дата" in (bare.day_off(override.date) or
                                        workdays.DayOff(override.date, "", "")).name
        assert bare.is_working_day(override.date) != override.working or estimated, override


def test_override_file_is_validated(tmp_path):
    bad = tmp_path / "workdays.yaml"
    bad.write_text("version: 1\nnames_ru: {}\noverrides:\n  KZ:\n"
                   "    - {date: 2026-01-05, kind: day_off, name: x}\n", encoding="utf-8")
    with pytest.raises(RuleError, match="source"):
        load_overrides(bad)
    bad.write_text("version: 1\nnames_ru: {}\noverrides:\n  KZ:\n"
                   "    - {date: 2026-01-05, kind: holiday, name: x, source: постановление}\n",
                   encoding="utf-8")
    with pytest.raises(RuleError):
        load_overrides(bad)


def test_an_override_makes_a_weekend_working(tmp_path):
    rows, names = load_overrides()
    extra = workdays.Override("KZ", D("2026-12-19"), True, "Рабочая суббота",
                              "Постановление (пример для теста)")
    cal = WorkCalendar("KZ", (*rows, extra), names)
    assert cal.is_working_day(D("2026-12-19"))
    assert cal.transferred_working_days(2026) == [D("2026-12-19")]
    assert cal.add_working_days(D("2026-12-18"), 1) == D("2026-12-19")


def test_unknown_country_is_refused():
    with pytest.raises(ValueError, match="RU"):
        WorkCalendar("RU")
