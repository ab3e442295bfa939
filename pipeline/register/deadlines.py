"""Proposed deadlines of measures, in working days of the country of the act.

Kazakhstan and Kyrgyzstan count on their official calendars (``pipeline.workdays``:
holidays, transfers and the overrides of ``rules/``). Other countries have no calendar
here: Saturdays and Sundays are their only days off, and the officer edits the deadline.
"""
from __future__ import annotations

import datetime as dt

from pipeline import workdays

CALENDAR_COUNTRIES = ("KZ", "KG")


def add_working_days(start: dt.date, days: int, country: str) -> dt.date:
    """``start`` plus ``days`` working days of ``country`` ("KZ", "KG", "RU", …)."""
    if country.upper() in CALENDAR_COUNTRIES:
        return workdays.add_working_days(start, days, country)
    day, left = start, days
    while left > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            left -= 1
    return day
