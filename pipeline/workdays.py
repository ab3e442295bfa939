"""Working days of Kazakhstan and Kyrgyzstan: the deadlines of ВАКР, reports and plans.

The days off are those of the ``holidays`` package (holidays by law, a holiday moved off a
weekend, the transfers it knows) corrected by ``rules/workdays.yaml`` — transfers the
governments publish late, dates of the lunar holidays the package only estimates — each
line with its source. Saturday and Sunday are days off (five-day week) unless a transfer
makes them working.

Counting follows the rule of the seeds' deadlines: «в течение N рабочих дней со дня X» —
the day X itself is not counted, the N-th working day after it is the last day;
«за N рабочих дней до Y» — the N-th working day before Y.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

import holidays
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from pipeline.catalogue import RULES_DIR
from pipeline.errors import ErrorCode, RuleError

COUNTRIES = ("KZ", "KG")
OVERRIDES_PATH = RULES_DIR / "workdays.yaml"
WEEKDAYS_RU = ("понедельник", "вторник", "среда", "четверг", "пятница", "суббота",
               "воскресенье")
WEEKDAYS_SHORT_RU = ("пн", "вт", "ср", "чт", "пт", "сб", "вс")


class _Override(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    date: dt.date
    kind: Literal["day_off", "working_day"]
    name: str = Field(min_length=1)
    source: str = Field(min_length=10)  # the act and where it was published: never empty


class _OverrideFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int
    overrides: dict[Literal["KZ", "KG"], list[_Override]]
    names_ru: dict[str, str]


@dataclass(frozen=True, slots=True)
class Override:
    """A day the governments declared off or working that the package does not know."""

    country: str
    date: dt.date
    working: bool
    name: str
    source: str


@dataclass(frozen=True, slots=True)
class DayOff:
    date: dt.date
    name: str                       # in Russian
    source: str                     # "holidays <version>" or the act of the override


def load_overrides(path: Path = OVERRIDES_PATH) -> tuple[tuple[Override, ...], dict[str, str]]:
    """The override table and the Russian names of the package's holidays."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        data = _OverrideFile.model_validate(raw)
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise RuleError(ErrorCode.E010_RULES, str(path), str(exc)) from exc
    rows = tuple(Override(country, o.date, o.kind == "working_day", o.name, o.source)
                 for country, items in data.overrides.items() for o in items)
    seen = [(o.country, o.date) for o in rows]
    if len(seen) != len(set(seen)):
        raise RuleError(ErrorCode.E010_RULES, str(path), "дата указана дважды / duplicate date")
    return rows, dict(data.names_ru)


_SUBSTITUTED = re.compile(r"^Day off \(substituted from (\d\d)/(\d\d)/(\d{4})\)$")
_SUFFIXES = ((" (observed, estimated)", " (перенос, ожидаемая дата)"),
             (" (observed)", " (перенос с выходного дня)"),
             (" (estimated)", " (ожидаемая дата)"))


def russian_name(name: str, names_ru: dict[str, str]) -> str:
    """«Nowruz Holiday (observed)» → «Наурыз мейрамы (перенос с выходного дня)»."""
    parts = []
    for one in name.split("; "):
        if match := _SUBSTITUTED.match(one):
            month, day, year = match.groups()
            parts.append(f"Выходной день (перенесён с {day}.{month}.{year})")
            continue
        suffix_ru = ""
        for suffix, translated in _SUFFIXES:
            if one.endswith(suffix):
                one, suffix_ru = one[:-len(suffix)], translated
                break
        parts.append(names_ru.get(one, one) + suffix_ru)
    return "; ".join(parts)


class WorkCalendar:
    """Days off and working days of one country; years are filled in on first use."""

    def __init__(self, country: str, overrides: tuple[Override, ...] = (),
                 names_ru: dict[str, str] | None = None) -> None:
        country = country.upper()
        if country not in COUNTRIES:
            raise ValueError(f"календарь есть для {', '.join(COUNTRIES)}, не для «{country}» / "
                             f"no working-day calendar for {country}")
        self.country = country
        self._package = holidays.country_holidays(country, language="en_US")
        self._names_ru = names_ru or {}
        self._overrides = {o.date: o for o in overrides if o.country == country}

    @property
    def overrides(self) -> tuple[Override, ...]:
        return tuple(sorted(self._overrides.values(), key=lambda o: o.date))

    def is_working_day(self, day: dt.date) -> bool:
        override = self._overrides.get(day)
        if override is not None:
            return override.working
        return self._package.is_working_day(day)

    def day_off(self, day: dt.date) -> DayOff | None:
        """Why ``day`` is a day off (holiday name, or «выходной день»), None on a working day."""
        if self.is_working_day(day):
            return None
        override = self._overrides.get(day)
        if override is not None:
            return DayOff(day, override.name, override.source)
        name = self._package.get(day)
        source = f"пакет holidays {holidays.__version__}"
        if name:
            return DayOff(day, russian_name(name, self._names_ru), source)
        return DayOff(day, "выходной день", source)

    def transferred_working_days(self, year: int) -> list[dt.date]:
        """Saturdays and Sundays that are working days in ``year``."""
        days = [dt.date(year, 1, 1) + dt.timedelta(days=n) for n in range(366)]
        return [d for d in days if d.year == year and d.weekday() >= 5
                and self.is_working_day(d)]

    def days_off(self, year: int) -> list[DayOff]:
        """Holidays and transfers of ``year`` that fall on Monday to Friday, in date order."""
        days = [dt.date(year, 1, 1) + dt.timedelta(days=n) for n in range(366)]
        return [off for d in days if d.year == year and d.weekday() < 5
                and (off := self.day_off(d)) is not None]

    def add_working_days(self, start: dt.date, days: int) -> dt.date:
        """The ``days``-th working day after ``start`` (before it when ``days`` < 0).

        ``start`` itself is never counted; 0 gives ``start`` unchanged.
        """
        step = dt.timedelta(days=1 if days >= 0 else -1)
        day, left = start, abs(days)
        while left:
            day += step
            if self.is_working_day(day):
                left -= 1
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end`` (negative if end < start)."""
        if end < start:
            return -self.working_days_between(end, start)
        return sum(self.is_working_day(start + dt.timedelta(days=n))
                   for n in range(1, (end - start).days + 1))

    def on_or_before(self, day: dt.date) -> dt.date:
        """``day`` if it is a working day, else the last working day before it."""
        while not self.is_working_day(day):
            day -= dt.timedelta(days=1)
        return day

    def on_or_after(self, day: dt.date) -> dt.date:
        """``day`` if it is a working day, else the first working day after it."""
        while not self.is_working_day(day):
            day += dt.timedelta(days=1)
        return day


@lru_cache(maxsize=None)
def calendar(country: str) -> WorkCalendar:
    """The calendar of ``country`` ("KZ" or "KG") with the overrides of rules/workdays.yaml."""
    overrides, names_ru = load_overrides()
    return WorkCalendar(country, overrides, names_ru)


def is_working_day(day: dt.date, country: str) -> bool:
    return calendar(country.upper()).is_working_day(day)


def add_working_days(start: dt.date, days: int, country: str) -> dt.date:
    """``start`` plus ``days`` working days of ``country`` (minus, when ``days`` < 0)."""
    return calendar(country.upper()).add_working_days(start, days)


def working_days_between(start: dt.date, end: dt.date, country: str) -> int:
    """Working days of ``country`` after ``start`` up to and including ``end``."""
    return calendar(country.upper()).working_days_between(start, end)


def weekday_ru(day: dt.date, short: bool = False) -> str:
    return (WEEKDAYS_SHORT_RU if short else WEEKDAYS_RU)[day.weekday()]
