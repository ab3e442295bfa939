"""Counts of the risk register: risks by level and function area, measures by status."""
from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.model import RegisterEntry, RiskLevel, RiskStatus

LEVELS = (RiskLevel.HIGH, RiskLevel.MEDIUM, RiskLevel.LOW)


@dataclass(frozen=True, slots=True)
class RegisterSummary:
    total: int
    by_level: dict[RiskLevel, int]
    by_area: dict[str, dict[RiskLevel, int]]   # area id → level → risks, busiest area first
    by_status: dict[RiskStatus, int]           # every status, in lifecycle order
    overdue: int
    with_measure: int

    @property
    def done_share(self) -> float:
        """Share of the risks not rejected whose measure is done or under monitoring."""
        open_ = self.total - self.by_status[RiskStatus.REJECTED]
        closed = self.by_status[RiskStatus.DONE] + self.by_status[RiskStatus.MONITORED]
        return closed / open_ if open_ else 0.0


def summarise(entries: Sequence[RegisterEntry], today: dt.date) -> RegisterSummary:
    by_level = Counter(e.level for e in entries)
    areas: dict[str, Counter[RiskLevel]] = {}
    for entry in entries:
        areas.setdefault(entry.function_area, Counter())[entry.level] += 1
    order = sorted(areas, key=lambda a: (-sum(areas[a].values()), a))
    statuses = Counter(e.status for e in entries)
    return RegisterSummary(
        total=len(entries),
        by_level={level: by_level[level] for level in LEVELS},
        by_area={a: {level: areas[a][level] for level in LEVELS} for a in order},
        by_status={status: statuses[status] for status in RiskStatus},
        overdue=sum(e.overdue(today) for e in entries),
        with_measure=sum(bool(e.measure.strip()) for e in entries),
    )
