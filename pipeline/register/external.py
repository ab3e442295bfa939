"""Complaints and media publications as evidence of the register's risks.

Seeds 000 and 004 name citizens' appeals and media publications as sources of information on
corruption risks. A classified complaint or a media signal names a body (the addressee of the
complaint, a body linked in the publication), a jurisdiction and a function area; it becomes a
piece of evidence of the risk of that body in that area:

- when the register already holds a risk of the same body and area found in its acts, the
  signal joins it: the risk now shows in practice, and its probability rises by the
  ``other_source_bonus`` of the scoring rule for each other kind of source;
- otherwise the signal joins (or opens) the entry ``jurisdiction|body|signals|area`` — a risk
  seen only in complaints and publications, scored on their number.

A source id is attached once: re-importing the same complaints changes nothing. A body with
``review_after_signals`` or more signals across its entries is raised for review: the entry's
note says so, and the audit trail records it once.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from pipeline.catalogue import Catalogue
from pipeline.model import EvidenceKind, RiskCategory, RiskLevel, RiskStatus
from pipeline.register.areas import Areas
from pipeline.register.deadlines import add_working_days
from pipeline.register.entries import ENTITY, SYSTEM_ACTOR, _apply, _recompute, body_key
from pipeline.register.risks import UNKNOWN_UNIT
from pipeline.register.scoring import ScoringRule
from pipeline.register.tables import AuditRow, EntryRow, EvidenceRow

SIGNALS_SLOT = "signals"           # the factor slot of the merge key of a signals-only entry
UNKNOWN_BODY = "орган не установлен"
EXTERNAL_KINDS = (EvidenceKind.COMPLAINT, EvidenceKind.MEDIA)
KIND_TITLES = {EvidenceKind.COMPLAINT: "обращение", EvidenceKind.MEDIA: "публикация СМИ"}
KIND_PLURAL = {EvidenceKind.COMPLAINT: "обращений", EvidenceKind.MEDIA: "публикаций СМИ"}
REVIEW_NOTE = "Требует рассмотрения: повторные сигналы"
# Signals that speak of a committed offence rather than of a failing procedure: the risk
# they show has grave consequences.
GRAVE_SIGNALS = frozenset({"bribe_extortion", "bribery", "embezzlement", "abuse_of_office",
                           "procurement_fraud", "procurement_irregularity",
                           "illegal_enrichment", "conflict_of_interest"})
EXAMPLES = 3


@dataclass(frozen=True, slots=True)
class ExternalSignal:
    """One complaint or publication, classified, about one body."""

    kind: EvidenceKind
    source_id: str                  # «complaint:123», «media:tg:channel:17782»
    body: str | None                # the body named; None when no body is known
    jurisdiction: str               # KZ | KG | RU
    function_area: str              # id of rules/function_areas.yaml
    signals: tuple[str, ...] = ()   # complaint signals or media event types
    summary: str = ""               # a short masked excerpt, shown in the exports
    link: str = ""                  # URL or file:line
    date: dt.date | None = None

    def __post_init__(self) -> None:
        if self.kind not in EXTERNAL_KINDS:
            raise ValueError(f"не внешний источник: {self.kind}")


@dataclass(slots=True)
class AttachReport:
    received: int = 0
    attached: int = 0
    already: int = 0
    new_entries: list[int] = field(default_factory=list)
    touched: list[int] = field(default_factory=list)
    raised_for_review: list[int] = field(default_factory=list)

    def __str__(self) -> str:
        return (f"получено {self.received}, добавлено {self.attached}, уже в реестре "
                f"{self.already}, новых рисков {len(self.new_entries)}, на рассмотрение "
                f"{len(self.raised_for_review)}")


def _body_of(signal: ExternalSignal) -> str:
    return (signal.body or "").strip() or UNKNOWN_BODY


def _key(body: str) -> str:
    """The body part of a merge key without quotes: «акимат г. «Алматы»» is one body however
    a complainant quotes it."""
    return " ".join(body_key(body, "").replace('"', " ").split())


def _entries_of_body(session: Session, jurisdiction: str, key: str) -> list[EntryRow]:
    rows = session.scalars(select(EntryRow).where(EntryRow.jurisdiction == jurisdiction)
                           .order_by(EntryRow.id))
    return [r for r in rows if _key(r.merge_key.split("|")[1]) == key]


def _target(session: Session, signal: ExternalSignal, areas: Areas, now: dt.datetime,
            report: AttachReport) -> EntryRow:
    body = _body_of(signal)
    key = _key(body)
    area = areas[signal.function_area].id
    same_area = [e for e in _entries_of_body(session, signal.jurisdiction, key)
                 if e.function_area == area]
    from_acts = [e for e in same_area if e.factor is not None]
    if from_acts:
        return from_acts[0]
    merge_key = "|".join((signal.jurisdiction, key, SIGNALS_SLOT, area))
    entry = next((e for e in same_area if e.merge_key == merge_key), None)
    if entry is not None:
        return entry
    entry = _new_signals_entry(session, merge_key, body, signal.jurisdiction, area, areas, now)
    report.new_entries.append(entry.id)
    return entry


def _new_signals_entry(session: Session, key: str, body: str, jurisdiction: str, area_id: str,
                       areas: Areas, now: dt.datetime) -> EntryRow:
    area = areas[area_id]
    measures = list(dict.fromkeys([*area.measures, *areas.common_measures]))
    entry = EntryRow(
        merge_key=key, body=body, jurisdiction=jurisdiction, function=area.title_ru,
        unit=body if body != UNKNOWN_BODY else UNKNOWN_UNIT, risk="", mechanism="",
        category=RiskCategory.SITUATIONAL.value, level=RiskLevel.MEDIUM.value,
        multi_agency=False, note="", factor=None, function_area=area.id,
        indicator="Обращения граждан и публикации СМИ о коррупционных проявлениях",
        measure="\n".join(f"{i}) {m}" for i, m in enumerate(measures[:2], start=1)),
        completion_form="Служебная проверка; информация руководству органа",
        responsible=f"Подразделение по противодействию коррупции; {area.responsible}",
        deadline=None, probability=1, impact=2, scoring_rule="",
        status=RiskStatus.IDENTIFIED.value, rejection_reason="", proposed_measures=measures,
        edited=[], created_at=now, updated_at=now)
    session.add(entry)
    session.flush()
    session.add(AuditRow(at=now, actor=SYSTEM_ACTOR, entity=ENTITY, entity_id=str(entry.id),
                         action="created", detail={"merge_key": key, "source": "signals"}))
    return entry


def _external(entry: EntryRow) -> list[EvidenceRow]:
    return [e for e in entry.evidence if e.kind != EvidenceKind.ACT_FINDING.value]


def _norm(kind: EvidenceKind, signals: Sequence[str]) -> str:
    """The ``norm`` of a complaint or publication: its kind and signal ids,
    «обращение: inaction, formal_reply» (``signals_of`` reads it back)."""
    return f"{KIND_TITLES[kind]}: {', '.join(signals)}"


def signals_of(row: EvidenceRow) -> tuple[str, ...]:
    _, _, tail = row.norm.partition(": ")
    return tuple(s for s in tail.split(", ") if s)


def signals_phrase(evidence: Sequence[EvidenceRow]) -> str:
    """«обращений — 3, публикаций СМИ — 1»"""
    counts = Counter(e.kind for e in evidence)
    return ", ".join(f"{KIND_PLURAL[k]} — {counts[k.value]}" for k in EXTERNAL_KINDS
                     if counts[k.value])


def _recompute_signals(session: Session, entry: EntryRow, scoring: ScoringRule,
                       titles: dict[str, str], now: dt.datetime, audit: bool) -> None:
    evidence = _external(entry)
    if not evidence:
        return
    kinds = {e.kind for e in evidence}
    signals = Counter(s for e in evidence for s in signals_of(e))
    severity = "high" if GRAVE_SIGNALS & set(signals) else "medium"
    score = scoring.score(severity, len(evidence), len(kinds) - 1)
    shown = ", ".join(f"{titles.get(s, s)} ({n})" for s, n in signals.most_common())
    risk = f"Сигналы о коррупционных проявлениях ({signals_phrase(evidence)})"
    if shown:
        risk += f": {shown}"
    derived = {"risk": risk, "mechanism": shown or "сигналы без признаков коррупции",
               "probability": score.probability, "impact": score.impact,
               "level": score.level.value, "scoring_rule": score.rule}
    if entry.deadline is None and "deadline" not in entry.edited:
        derived["deadline"] = add_working_days(
            entry.created_at.date(), scoring.deadline_working_days[score.level],
            entry.jurisdiction)
    derived = {k: v for k, v in derived.items() if k not in entry.edited}
    if audit:
        _apply(session, entry, derived, SYSTEM_ACTOR, now, mark_edited=False)
    else:
        for name, value in derived.items():
            setattr(entry, name, value)


def _raise_for_review(session: Session, entries: Sequence[EntryRow], threshold: int,
                      now: dt.datetime, report: AttachReport) -> None:
    """A body with repeated signals: every open entry of it gets the review note once."""
    count = sum(len(_external(e)) for e in entries)
    if count < threshold:
        return
    for entry in entries:
        if not _external(entry) or entry.status in (RiskStatus.REJECTED.value,
                                                    RiskStatus.DONE.value):
            continue
        note = f"{REVIEW_NOTE} об органе ({count})"
        if entry.note.startswith(REVIEW_NOTE):
            if entry.note.split("\n", 1)[0] != note and "note" not in entry.edited:
                rest = entry.note.split("\n", 1)[1] if "\n" in entry.note else ""
                entry.note = note + (f"\n{rest}" if rest else "")
            continue
        if "note" in entry.edited:
            continue
        entry.note = note + (f"\n{entry.note}" if entry.note else "")
        entry.updated_at = now
        session.add(AuditRow(at=now, actor=SYSTEM_ACTOR, entity=ENTITY,
                             entity_id=str(entry.id), action="raised_for_review",
                             detail={"signals": count}))
        report.raised_for_review.append(entry.id)


def attach(session: Session, items: Iterable[ExternalSignal], catalogue: Catalogue,
           areas: Areas, scoring: ScoringRule, titles: dict[str, str],
           now: dt.datetime) -> AttachReport:
    report = AttachReport()
    seen = {(k, s) for k, s in session.execute(
        select(EvidenceRow.kind, EvidenceRow.source_id)
        .where(EvidenceRow.kind.in_([k.value for k in EXTERNAL_KINDS])))}
    touched: dict[int, EntryRow] = {}
    bodies: set[tuple[str, str]] = set()
    for item in items:
        report.received += 1
        if (item.kind.value, item.source_id) in seen:
            report.already += 1
            continue
        entry = _target(session, item, areas, now, report)
        norm = _norm(item.kind, item.signals)
        row = EvidenceRow(entry_id=entry.id, kind=item.kind.value, source_id=item.source_id,
                          version_id=None, norm=norm, link=item.link,
                          summary=item.summary[:1000], date=item.date, created_at=now)
        entry.evidence.append(row)
        seen.add((item.kind.value, item.source_id))
        session.add(AuditRow(at=now, actor=SYSTEM_ACTOR, entity=ENTITY,
                             entity_id=str(entry.id), action="evidence_added",
                             detail={"sources": [item.source_id], "kind": item.kind.value}))
        report.attached += 1
        touched[entry.id] = entry
        bodies.add((item.jurisdiction, _key(_body_of(item))))
    session.flush()
    created = set(report.new_entries)
    for entry in touched.values():
        if entry.factor is None:
            _recompute_signals(session, entry, scoring, titles, now,
                               audit=entry.id not in created)
        else:
            _recompute(session, entry, catalogue, areas, scoring, now, audit=True)
    for jurisdiction, key in sorted(bodies):
        _raise_for_review(session, _entries_of_body(session, jurisdiction, key),
                          scoring.review_after_signals, now, report)
    report.touched = sorted(touched)
    return report


# --- what the exports show -------------------------------------------------------------------

def quarter_of(day: dt.date | None) -> str:
    return f"{day.year}-К{(day.month - 1) // 3 + 1}" if day else "без даты"


@dataclass(frozen=True, slots=True)
class BodySignals:
    """Complaints and publications about one body in one function area (for the exports)."""

    jurisdiction: str
    body: str
    function_area: str
    entry_ids: tuple[int, ...]
    counts: dict[str, int]                  # kind → number
    by_quarter: dict[str, dict[str, int]]   # «2021-К1» → kind → number
    signals: dict[str, int]                 # signal id → number
    examples: tuple[str, ...]
    under_review: bool


def body_signals(session: Session) -> list[BodySignals]:
    groups: dict[tuple[str, str, str], list[tuple[EntryRow, EvidenceRow]]] = defaultdict(list)
    for entry in session.scalars(select(EntryRow).order_by(EntryRow.id)):
        for row in _external(entry):
            groups[(entry.jurisdiction, entry.body, entry.function_area)].append((entry, row))
    result = []
    for (jurisdiction, body, area), pairs in groups.items():
        counts: Counter[str] = Counter()
        quarters: dict[str, Counter[str]] = defaultdict(Counter)
        signals: Counter[str] = Counter()
        for _, row in pairs:
            counts[row.kind] += 1
            quarters[quarter_of(row.date)][row.kind] += 1
            signals.update(signals_of(row))
        examples = tuple(row.summary for _, row in sorted(
            pairs, key=lambda p: (p[1].date or dt.date.min), reverse=True)[:EXAMPLES]
            if row.summary)
        entries = tuple(dict.fromkeys(e.id for e, _ in pairs))
        review = any(e.note.startswith(REVIEW_NOTE) for e, _ in pairs)
        result.append(BodySignals(jurisdiction, body, area, entries, dict(counts),
                                  {q: dict(c) for q, c in sorted(quarters.items())},
                                  dict(signals.most_common()), examples, review))
    result.sort(key=lambda b: (-sum(b.counts.values()), b.jurisdiction, b.body))
    return result
