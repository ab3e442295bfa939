"""Schedules of the anti-corruption procedures in working days, and overdue measures.

* Kazakhstan: the internal analysis of corruption risks (ВАКР) from its start and end dates
  (seed 004): announcement, order, public discussion, analytical note, action plan,
  publication, monitoring.
* Kyrgyzstan: the reporting calendar of the 2025 procedure (seed 000): quarterly and annual
  reports, next year's plans, and the deadlines counted from a notice.

The steps are data (``rules/schedules.yaml``); the arithmetic is ``pipeline.workdays``.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from pipeline.catalogue import RULES_DIR
from pipeline.errors import ErrorCode, RuleError
from pipeline.workdays import WorkCalendar, calendar

SCHEDULES_PATH = RULES_DIR / "schedules.yaml"

# Statuses that close a measure: the register's values and their Russian labels.
CLOSED_STATUSES = frozenset({"done", "monitored", "rejected", "исполнено", "на мониторинге",
                             "отклонен", "отклонён"})


class _Step(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    title: str
    from_: str = Field(alias="from")
    working_days: int | None = None
    years: int | None = None
    rule: str

    @model_validator(mode="after")
    def _one_offset(self) -> _Step:
        if (self.working_days is None) == (self.years is None):
            raise ValueError(f"{self.id}: нужен ровно один из working_days / years")
        return self


class _Dated(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    title: str
    months: list[int] = Field(min_length=1)
    day: int = Field(ge=1, le=31)
    rule: str


class _Relative(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    title: str
    working_days: int = Field(ge=1)
    rule: str


class _Procedure(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str
    basis: str
    steps: list[_Step] = []
    dated: list[_Dated] = []
    relative: list[_Relative] = []


class _ScheduleFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int
    KZ: _Procedure
    KG: _Procedure

    @model_validator(mode="after")
    def _anchors_known(self) -> _ScheduleFile:
        known = {"start", "end"}
        for step in self.KZ.steps:
            if step.from_ not in known:
                raise ValueError(f"{step.id}: шаг «{step.from_}» не определён выше")
            known.add(step.id)
        return self


@dataclass(frozen=True, slots=True)
class Deadline:
    """One row of a schedule."""

    step: str                         # id of the step in rules/schedules.yaml
    title: str
    date: dt.date                     # the working day by which it is due
    rule: str                         # the rule as written in the source
    due: dt.date | None = None        # the date the rule gives, when it is a day off

    @property
    def moved(self) -> bool:
        return self.due is not None and self.due != self.date


@dataclass(frozen=True, slots=True)
class Schedule:
    country: Literal["KZ", "KG"]
    title: str
    basis: str
    start: dt.date
    end: dt.date | None
    deadlines: tuple[Deadline, ...]


@lru_cache(maxsize=None)
def load_schedules(path: Path = SCHEDULES_PATH) -> _ScheduleFile:
    try:
        return _ScheduleFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise RuleError(ErrorCode.E010_RULES, str(path), str(exc)) from exc


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _due(cal: WorkCalendar, step: str, title: str, date: dt.date, rule: str) -> Deadline:
    """A deadline on ``date``, or on the last working day before it when it is a day off."""
    working = cal.on_or_before(date)
    return Deadline(step, title, working, rule, None if working == date else date)


def vakr_schedule(start: dt.date, end: dt.date | None = None) -> Schedule:
    """The ВАКР of Kazakhstan that starts on ``start`` and ends on ``end``.

    Without ``end`` only the steps before the start are given.
    """
    if end is not None and end < start:
        raise ValueError("дата завершения раньше даты начала / end before start")
    procedure = load_schedules().KZ
    cal = calendar("KZ")
    anchors: dict[str, dt.date] = {"start": start}
    if end is not None:
        anchors["end"] = end
    rows = []
    for step in procedure.steps:
        base = anchors.get(step.from_)
        if base is None:
            continue
        if step.working_days is not None:
            date = cal.add_working_days(base, step.working_days)
            row = Deadline(step.id, step.title, date, step.rule)
        else:
            row = _due(cal, step.id, step.title, _add_years(base, step.years or 0), step.rule)
        anchors[step.id] = row.date
        rows.append(row)
    rows.sort(key=lambda r: r.date)
    return Schedule("KZ", procedure.title, procedure.basis, start, end, tuple(rows))


def kg_reporting_schedule(start: dt.date, end: dt.date | None = None,
                          notice: dt.date | None = None) -> Schedule:
    """Reporting deadlines of the Kyrgyz procedure from ``start`` to ``end`` (a year by
    default); with ``notice``, also the deadlines counted from that notice."""
    end = end or _add_years(start, 1) - dt.timedelta(days=1)
    if end < start:
        raise ValueError("дата завершения раньше даты начала / end before start")
    procedure = load_schedules().KG
    cal = calendar("KG")
    rows = []
    for year in range(start.year, end.year + 1):
        for item in procedure.dated:
            for month in item.months:
                date = dt.date(year, month, item.day)
                if start <= date <= end:
                    title = f"{item.title} ({_period(item.id, month, year)})"
                    rows.append(_due(cal, item.id, title, date, item.rule))
    if notice is not None:
        for item in procedure.relative:
            rows.append(Deadline(item.id, f"{item.title} (уведомление от "
                                          f"{notice.strftime('%d.%m.%Y')})",
                                 cal.add_working_days(notice, item.working_days), item.rule))
    rows.sort(key=lambda r: (r.date, r.step))
    return Schedule("KG", procedure.title, procedure.basis, start, end, tuple(rows))


def _period(step: str, month: int, year: int) -> str:
    if step == "quarterly_report":
        return f"{month // 3} квартал {year} г."
    if step == "next_year_plans":
        return f"на {year + 1} г."
    return f"за {year} г."


def schedule(country: str, start: dt.date, end: dt.date | None = None,
             notice: dt.date | None = None) -> Schedule:
    country = country.upper()
    if country == "KZ":
        return vakr_schedule(start, end)
    if country == "KG":
        return kg_reporting_schedule(start, end, notice)
    raise ValueError(f"график есть для KZ и KG, не для «{country}» / no schedule for {country}")


def is_closed(status: str) -> bool:
    return status.strip().lower() in CLOSED_STATUSES


def overdue_measures(measures: Iterable[tuple[Hashable, dt.date | None, str]],
                     today: dt.date, country: str) -> list[Hashable]:
    """Ids of the open measures whose deadline has passed, in input order.

    ``measures`` are (id, deadline, status); a measure with no deadline, or done, monitored
    or rejected, is never overdue. A deadline that falls on a day off of ``country`` runs to
    the next working day, so the measure is overdue only from the day after that one.
    Countries without a calendar (RU, unknown) count the deadline date as it is.
    """
    cal = calendar(country.upper()) if country.upper() in ("KZ", "KG") else None
    overdue = []
    for measure_id, deadline, status in measures:
        if deadline is None or is_closed(status):
            continue
        last_day = cal.on_or_after(deadline) if cal is not None else deadline
        if today > last_day:
            overdue.append(measure_id)
    return overdue
