"""What happened in the register during a reporting period (quarterly and annual reports).

The register stamps (in UTC) every version it stores, every entry it creates, and writes an
audit row for every piece of evidence attached and every field changed. A period — its first
and last day, inclusive, in the time zone of the reports — selects among them:

- documents analysed: versions stored in the period (new acts and new texts), with their
  findings;
- new risks: entries created in the period;
- evidence added: the ``evidence_added`` rows of the audit trail in the period, by kind, and
  complaints and media by quarter of the period;
- measures due in the period and overdue at its end: the deadline and status of each entry
  as they stood at the end of the period, read back from the audit trail (a later change
  does not rewrite the past; a period not yet over takes the values of today);
- status changes: the ``status`` rows of the audit trail in the period.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from pipeline.model import EvidenceKind, RegisterEntry, RiskStatus
from pipeline.register.entries import ENTITY
from pipeline.register.external import quarter_of
from pipeline.register.store import AuditRecord, Register, StoredDocument


@dataclass(frozen=True, slots=True)
class ReportPeriod:
    start: dt.date
    end: dt.date                     # inclusive
    title: str = ""                  # «2 квартал 2026 г.»; the dates when empty
    timezone: str = "UTC"            # of the days: a document stored at 23:30 UTC on 31.03
                                     # belongs to April in Bishkek

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"период {self.start} – {self.end}: конец раньше начала")

    @property
    def dates(self) -> str:
        return f"{self.start:%d.%m.%Y} – {self.end:%d.%m.%Y}"

    @property
    def name(self) -> str:
        """«2 квартал 2026 г. (01.04.2026 – 30.06.2026)», or the dates alone."""
        return f"{self.title} ({self.dates})" if self.title else self.dates

    @property
    def since(self) -> dt.datetime:
        return dt.datetime.combine(self.start, dt.time(), ZoneInfo(self.timezone))

    @property
    def until(self) -> dt.datetime:
        """The first moment after the period."""
        return dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time(),
                                   ZoneInfo(self.timezone))

    def holds(self, moment: dt.datetime) -> bool:
        return self.since <= moment < self.until

    def quarters(self) -> tuple[str, ...]:
        """Quarters the period touches, as the exports name them («2026-К2»)."""
        labels: list[str] = []
        day = self.start
        while day <= self.end:
            labels.append(quarter_of(day))
            month = 3 * ((day.month - 1) // 3) + 4
            day = dt.date(day.year + (month > 12), (month - 1) % 12 + 1, 1)
        return tuple(labels)


@dataclass(frozen=True, slots=True)
class StatusChange:
    entry_id: int
    at: dt.datetime
    actor: str
    old: RiskStatus
    new: RiskStatus


@dataclass(frozen=True, slots=True)
class PeriodActivity:
    period: ReportPeriod
    documents: tuple[StoredDocument, ...]           # versions stored in the period
    findings: int                                   # findings of those versions
    new_entries: tuple[RegisterEntry, ...]          # created in the period
    evidence: dict[EvidenceKind, int]               # attached in the period, every kind
    signals_by_quarter: dict[str, dict[EvidenceKind, int]]   # quarter → complaints, media
    due: tuple[RegisterEntry, ...]                  # deadline in the period (as at its end)
    overdue: tuple[RegisterEntry, ...]              # open past the deadline at its end
    status_changes: tuple[StatusChange, ...]
    entries: dict[int, RegisterEntry]               # every entry by id, as it is now


SIGNAL_KINDS = (EvidenceKind.COMPLAINT, EvidenceKind.MEDIA)


def _value_at(entry: RegisterEntry, name: str, changes: Sequence[AuditRecord],
              until: dt.datetime) -> object:
    """The value of field ``name`` just before ``until``: the last change before it, else
    the value the first later change replaced, else the value now."""
    rows = [r for r in changes if r.detail.get("field") == name]
    before = [r for r in rows if r.at < until]
    if before:
        return before[-1].detail.get("new")
    if rows:
        return rows[0].detail.get("old")
    return getattr(entry, name)


def as_at_end(entry: RegisterEntry, changes: Sequence[AuditRecord],
              period: ReportPeriod) -> RegisterEntry:
    """``entry`` with the status and deadline it had at the end of ``period``."""
    status = _value_at(entry, "status", changes, period.until)
    deadline = _value_at(entry, "deadline", changes, period.until)
    if isinstance(deadline, str):
        deadline = dt.date.fromisoformat(deadline)
    return dataclasses.replace(entry, status=RiskStatus(status), deadline=deadline)


def _evidence_kind(record: AuditRecord) -> EvidenceKind:
    # Findings of acts are logged with their version; complaints and media with their kind.
    return EvidenceKind(record.detail.get("kind", EvidenceKind.ACT_FINDING.value))


def period_activity(register: Register, period: ReportPeriod) -> PeriodActivity:
    documents = tuple(d for d in register.documents(current_only=False)
                      if period.holds(d.ingested_at))
    versions = {d.version_id for d in documents}
    findings = sum(f.version_id in versions for f in register.findings(current_only=False))
    entries = {e.id: e for e in register.entries()}
    log = register.audit_log(ENTITY)
    by_entry: dict[str, list[AuditRecord]] = {}
    for record in log:
        by_entry.setdefault(record.entity_id, []).append(record)

    evidence: Counter[EvidenceKind] = Counter()
    quarters: dict[str, Counter[EvidenceKind]] = {q: Counter() for q in period.quarters()}
    for record in log:
        if record.action != "evidence_added" or not period.holds(record.at):
            continue
        kind = _evidence_kind(record)
        count = len(record.detail.get("sources", ()))
        evidence[kind] += count
        if kind in SIGNAL_KINDS:
            day = record.at.astimezone(period.since.tzinfo).date()
            quarters[quarter_of(day)][kind] += count

    existing = [e for e in entries.values() if e.created_at < period.until]
    at_end = [as_at_end(e, by_entry.get(str(e.id), ()), period) for e in existing]
    due = tuple(e for e in at_end if e.deadline is not None
                and period.start <= e.deadline <= period.end
                and e.status is not RiskStatus.REJECTED)
    overdue = tuple(e for e in at_end if e.overdue(period.end + dt.timedelta(days=1)))
    changes = tuple(
        StatusChange(int(r.entity_id), r.at, r.actor, RiskStatus(r.detail["old"]),
                     RiskStatus(r.detail["new"]))
        for r in log if r.action == "updated" and r.detail.get("field") == "status"
        and period.holds(r.at))
    return PeriodActivity(
        period=period, documents=documents, findings=findings,
        new_entries=tuple(e for e in entries.values() if period.holds(e.created_at)),
        evidence={kind: evidence[kind] for kind in EvidenceKind},
        signals_by_quarter={q: {k: c[k] for k in SIGNAL_KINDS} for q, c in quarters.items()},
        due=due, overdue=overdue, status_changes=changes, entries=entries)
