"""The managed risk register: entries merged from evidence, edited with an audit trail.

Merge key. One entry is one risk of one body: ``jurisdiction | body | factor | function
area``. The body is the issuing body of the act, written in lower case with spaces and
quotes normalised; an act without a known body stands for itself (``документ: <source>``),
so that risks of unrelated acts are never merged. The function area is read off the norms
that show the factor (``pipeline.register.areas``). Findings of the same factor in two acts
of one body, in the same area, are one risk with two pieces of evidence; complaints and
media signals about that body and area will join the same key.

Derived fields (description, level, probability and impact, function, indicator, measures)
are recomputed from the current evidence after every analysis, except the fields a person
has edited (``EntryRow.edited``). Every change of a field is one audit row
``{field, old, new}`` with its author. After a change of the rules, ``recompute_all``
(``Register.recompute_entries``) recomputes every entry the same way.
"""
from __future__ import annotations

import datetime as dt
import getpass
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pipeline.catalogue import Catalogue
from pipeline.model import (
    Document,
    Evidence,
    EvidenceKind,
    Finding,
    Jurisdiction,
    RegisterEntry,
    RiskCategory,
    RiskLevel,
    RiskStatus,
)
from pipeline.register.areas import OTHER, Areas
from pipeline.register.deadlines import add_working_days
from pipeline.register.lifecycle import RegisterCode, RegisterError, check_transition
from pipeline.register.risks import COMPLETION_FORM, RESPONSIBLE, UNKNOWN_UNIT, describe_risk
from pipeline.register.scoring import ScoringRule
from pipeline.register.tables import AuditRow, EntryRow, EvidenceRow, VersionRow

ENTITY = "risk_entry"
SYSTEM_ACTOR = "taza"
# Measures proposed by default: the first ones of the factor, then of the function area.
FACTOR_MEASURES = 2
AREA_MEASURES = 1

# Fields an officer may change (CLI, XLSX import); the rest is identity and bookkeeping.
EDITABLE = ("function", "unit", "risk", "mechanism", "category", "level", "multi_agency",
            "note", "function_area", "indicator", "measure", "completion_form", "responsible",
            "deadline", "probability", "impact", "status", "rejection_reason")

_SPACES = re.compile(r"\s+")
_QUOTES = str.maketrans({c: '"' for c in "«»“”„'"})


def current_actor() -> str:
    """The OS user, for changes made without ``--author``."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "неизвестный пользователь"


def body_key(body: str | None, source: str) -> str:
    if not body or not body.strip():
        return f"документ: {source}"
    return _SPACES.sub(" ", body.translate(_QUOTES)).strip(' "').casefold()


def merge_key(jurisdiction: str, body: str | None, source: str, factor: str,
              area: str) -> str:
    """``KZ|акимат города алматы|optional_power|permits`` — see the module docstring."""
    return "|".join((jurisdiction, body_key(body, source), factor, area))


# --- from an analysed act ------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Located:
    """A finding with the clause that holds it (text and article heading)."""

    finding: Finding
    key: str
    clause_text: str
    heading: str | None


def _areas_of(document: Document, located: Sequence[Located], areas: Areas) -> list[str]:
    """Area of each finding: from the title of its article, else from its clause, else
    from the whole act. The title names the procedure; a clause also names the steps of
    it («проверяет», «рассматривает»), which would pull it elsewhere."""
    whole = areas.infer([document.title or "", *(f.clause_text for f in located)])
    result = []
    for item in located:
        area = areas.infer([item.heading or ""])
        if area == OTHER:
            area = areas.infer([item.clause_text])
        result.append(area if area != OTHER else whole)
    return result


def sync_act(session: Session, version: VersionRow, document: Document,
             located: Sequence[Located], catalogue: Catalogue, areas: Areas,
             scoring: ScoringRule, now: dt.datetime,
             superseded: VersionRow | None = None) -> None:
    """Merge the findings of a newly stored act version into the register."""
    groups: dict[str, list[Located]] = {}
    for item, area in zip(located, _areas_of(document, located, areas)):
        key = merge_key(document.jurisdiction.value, document.issuing_body, version.document
                        .source, item.finding.factor, area)
        groups.setdefault(key, []).append(item)
    touched: dict[int, EntryRow] = {}
    created: set[int] = set()
    for key, items in groups.items():
        entry = session.scalar(select(EntryRow).where(EntryRow.merge_key == key))
        if entry is None:
            entry = _new_entry(session, key, document, version, items[0].finding.factor,
                               key.rsplit("|", 1)[1], catalogue, areas, now)
            created.add(entry.id)
        _attach(session, entry, version, document, items, now)
        touched[entry.id] = entry
    if superseded is not None:
        query = (select(EntryRow).join(EvidenceRow, EvidenceRow.entry_id == EntryRow.id)
                 .where(EvidenceRow.version_id == superseded.id))
        for entry in session.scalars(query).unique():
            touched.setdefault(entry.id, entry)
    session.flush()
    for entry in touched.values():
        _recompute(session, entry, catalogue, areas, scoring, now,
                   audit=entry.id not in created)


COLLISION_PREFIX = "collision:"


def sync_collisions(session: Session, acts: Sequence[tuple[VersionRow, Document,
                                                           Sequence[Located]]],
                    keep: dict[int, set[str]], catalogue: Catalogue, areas: Areas,
                    scoring: ScoringRule, now: dt.datetime) -> tuple[int, int]:
    """Collisions of norms as evidence of factor ``collision`` (``pipeline.references``).

    Each collision is a ``Located`` finding of its first norm, keyed ``collision:…`` and
    merged like any finding of that act (``sync_act``): attached once, so indexing again
    adds nothing. ``keep`` holds, per current version, the keys of the collisions still
    stored; collision evidence of a current version that is no longer among them (the other
    act changed) is removed, with an audit row. Returns (evidence added, removed).
    """
    before = session.scalar(select(func.count()).select_from(EvidenceRow)) or 0
    for version, document, located in acts:
        if located:
            sync_act(session, version, document, located, catalogue, areas, scoring, now)
    session.flush()
    added = (session.scalar(select(func.count()).select_from(EvidenceRow)) or 0) - before
    stale = [row for row in session.scalars(
        select(EvidenceRow).where(EvidenceRow.source_id.startswith(COLLISION_PREFIX),
                                  EvidenceRow.version_id.in_(list(keep))))
        if row.source_id not in keep.get(row.version_id, set())]
    touched: dict[int, EntryRow] = {}
    for row in stale:
        entry = row.entry
        session.add(AuditRow(at=now, actor=SYSTEM_ACTOR, entity=ENTITY,
                             entity_id=str(entry.id), action="evidence_removed",
                             detail={"version_id": row.version_id, "sources": [row.source_id],
                                     "reason": "коллизия больше не обнаруживается"}))
        session.delete(row)
        touched[entry.id] = entry
    session.flush()
    for entry in touched.values():
        session.expire(entry, ["evidence"])
    for entry in touched.values():
        _recompute(session, entry, catalogue, areas, scoring, now, audit=True)
    return added, len(stale)


def _new_entry(session: Session, key: str, document: Document, version: VersionRow,
               factor_id: str, area_id: str, catalogue: Catalogue, areas: Areas,
               now: dt.datetime) -> EntryRow:
    factor = catalogue.factors.get(factor_id)
    area = areas[area_id]
    factor_measures = list(factor.measures) if factor else []
    proposed = list(dict.fromkeys([*factor_measures, *area.measures]))
    chosen = [*factor_measures[:FACTOR_MEASURES], *area.measures[:AREA_MEASURES]]
    entry = EntryRow(
        merge_key=key, body=document.issuing_body or UNKNOWN_UNIT,
        jurisdiction=document.jurisdiction.value, function="", unit=document.issuing_body
        or UNKNOWN_UNIT, risk="", mechanism=factor.definition if factor else "",
        category=RiskCategory.POTENTIAL.value, level=RiskLevel.MEDIUM.value,
        multi_agency=False, note="", factor=factor_id, function_area=area.id,
        indicator=factor.title_ru if factor else factor_id,
        measure="\n".join(f"{i}) {m}" for i, m in enumerate(chosen, start=1)),
        completion_form=COMPLETION_FORM,
        responsible=f"{RESPONSIBLE}; {area.responsible}", deadline=None, probability=1,
        impact=1, scoring_rule="", status=RiskStatus.IDENTIFIED.value, rejection_reason="",
        proposed_measures=proposed, edited=[], created_at=now, updated_at=now)
    session.add(entry)
    session.flush()
    session.add(AuditRow(at=now, actor=SYSTEM_ACTOR, entity=ENTITY, entity_id=str(entry.id),
                         action="created", detail={"merge_key": key,
                                                   "version_id": version.id}))
    return entry


def _attach(session: Session, entry: EntryRow, version: VersionRow, document: Document,
            items: Sequence[Located], now: dt.datetime) -> None:
    existing = {(e.kind, e.source_id): e for e in entry.evidence}
    name = document.title or Path(version.document.source).name
    added = []
    for item in items:
        finding = item.finding
        address = finding.address.render()
        norm = f"{name}: {address}" if address else f"{name}: {item.key}"
        row = existing.get((EvidenceKind.ACT_FINDING.value, item.key))
        if row is None:
            row = EvidenceRow(entry_id=entry.id, kind=EvidenceKind.ACT_FINDING.value,
                              source_id=item.key, created_at=now)
            entry.evidence.append(row)
            existing[(row.kind, row.source_id)] = row
            added.append(item.key)
        row.version_id = version.id
        row.norm = norm
        row.link = f"{version.document.source}#{address or item.key}"
        row.summary = f"{address}: «{finding.evidence}»" if address else finding.evidence
        row.date = document.date
    if added:
        session.add(AuditRow(at=now, actor=SYSTEM_ACTOR, entity=ENTITY,
                             entity_id=str(entry.id), action="evidence_added",
                             detail={"version_id": version.id, "sources": added}))


def _current_norms(session: Session, entry: EntryRow) -> list[str]:
    query = (select(EvidenceRow.norm).join(VersionRow, EvidenceRow.version_id == VersionRow.id)
             .where(EvidenceRow.entry_id == entry.id, VersionRow.superseded_at.is_(None))
             .order_by(EvidenceRow.id))
    return list(dict.fromkeys(session.scalars(query)))


def _recompute(session: Session, entry: EntryRow, catalogue: Catalogue, areas: Areas,
               scoring: ScoringRule, now: dt.datetime, audit: bool) -> None:
    """Derived fields from the current evidence; fields edited by a person stay.

    The first values of a new entry are part of its creation, not audited changes.
    """
    norms = _current_norms(session, entry)
    if not norms:
        return  # every source was superseded: the entry keeps its last state for review
    factor = catalogue.factors.get(entry.factor or "")
    title = factor.title_ru if factor else (entry.factor or "")
    acts = list(dict.fromkeys(n.split(": ", 1)[0] for n in norms))
    others = sorted({e.kind for e in entry.evidence if e.kind != EvidenceKind.ACT_FINDING.value})
    score = scoring.score(factor.severity if factor else "medium", len(norms), len(others))
    cited, previous = [], None  # the act is named before its first norm, when several
    for act, address in (n.split(": ", 1) for n in norms):
        cited.append(address if len(acts) == 1 or act == previous else f"{act}: {address}")
        previous = act
    derived: dict[str, Any] = {
        "function": "Нормотворческая: " + "; ".join(acts),
        "risk": describe_risk(title, cited) + _practice(entry),
        "probability": score.probability, "impact": score.impact,
        "level": score.level.value, "scoring_rule": score.rule,
    }
    if entry.deadline is None and "deadline" not in entry.edited:
        start = entry.created_at.date()
        derived["deadline"] = add_working_days(
            start, scoring.deadline_working_days[score.level], entry.jurisdiction)
    derived = {k: v for k, v in derived.items() if k not in entry.edited}
    if audit:
        _apply(session, entry, derived, SYSTEM_ACTOR, now, mark_edited=False)
    else:
        for field, value in derived.items():
            setattr(entry, field, value)


@dataclass(frozen=True, slots=True)
class RecomputeReport:
    """What ``recompute_all`` did: entries seen, and those with a field changed."""

    entries: int
    changed: tuple[int, ...]          # ids of the entries with at least one field changed
    fields: int                       # field changes written, each one audit row

    def __str__(self) -> str:
        return (f"пересчитано рисков {self.entries}, изменено {len(self.changed)} "
                f"(полей: {self.fields})")


# Fields a recompute may change: those of ``_recompute`` and of the signals-only
# ``external._recompute_signals``, and the measures the rules propose.
RECOMPUTED = ("function", "risk", "mechanism", "probability", "impact", "level",
              "scoring_rule", "deadline", "proposed_measures")


def _rule_defaults(entry: EntryRow, catalogue: Catalogue, areas: Areas) -> dict[str, Any]:
    """Fields an entry takes from the factor catalogue and rules/function_areas.yaml when it
    is created (``_new_entry``, ``external._new_signals_entry``), as the rules now give
    them: the proposed measures (not editable: a list to choose from) and the function of a
    signals-only entry. The measure, responsible and deadline chosen stay as they are: they
    are the plan, not a derivation."""
    area = areas[entry.function_area]
    if entry.factor is None:
        return {"proposed_measures": list(dict.fromkeys([*area.measures,
                                                         *areas.common_measures])),
                "function": area.title_ru}
    factor = catalogue.factors.get(entry.factor)
    measures = list(factor.measures) if factor else []
    return {"proposed_measures": list(dict.fromkeys([*measures, *area.measures]))}


def recompute_all(session: Session, catalogue: Catalogue, areas: Areas, scoring: ScoringRule,
                  titles: dict[str, str], now: dt.datetime) -> RecomputeReport:
    """Recompute the derived fields of every entry from its current evidence, after a
    change of the rules (scoring, function areas, severities of the catalogue).

    The same derivation as when evidence arrives (``_recompute``; signals-only entries as
    ``external`` scores them), so recomputing with unchanged rules changes nothing. Fields a
    person edited stay; each change is an ``updated`` audit row of the system actor, and an
    entry that changed gets one ``recomputed`` row naming the rule and the fields. The merge
    key, and so the function area of an entry, is never changed here.
    """
    from pipeline.register import external  # external builds on this module

    changed: list[int] = []
    fields = 0
    rows = list(session.scalars(select(EntryRow).order_by(EntryRow.id)))
    for entry in rows:
        before = {name: getattr(entry, name) for name in RECOMPUTED}
        if entry.factor is None:
            external._recompute_signals(session, entry, scoring, titles, now, audit=True)
        else:
            _recompute(session, entry, catalogue, areas, scoring, now, audit=True)
        defaults = {k: v for k, v in _rule_defaults(entry, catalogue, areas).items()
                    if k not in entry.edited}
        _apply(session, entry, defaults, SYSTEM_ACTOR, now, mark_edited=False)
        diff = [name for name in RECOMPUTED if getattr(entry, name) != before[name]]
        if diff:
            changed.append(entry.id)
            fields += len(diff)
            session.add(AuditRow(at=now, actor=SYSTEM_ACTOR, entity=ENTITY,
                                 entity_id=str(entry.id), action="recomputed",
                                 detail={"scoring": scoring.id, "fields": diff}))
    return RecomputeReport(len(rows), tuple(changed), fields)


def _practice(entry: EntryRow) -> str:
    """«; подтверждается на практике: обращений — 3, публикаций СМИ — 1»"""
    counts = {kind: sum(1 for e in entry.evidence if e.kind == kind.value)
              for kind in (EvidenceKind.COMPLAINT, EvidenceKind.MEDIA)}
    words = {EvidenceKind.COMPLAINT: "обращений", EvidenceKind.MEDIA: "публикаций СМИ"}
    shown = ", ".join(f"{words[k]} — {n}" for k, n in counts.items() if n)
    return f"; подтверждается на практике: {shown}" if shown else ""


# --- editing ---------------------------------------------------------------------------------

def _plain(value: Any) -> Any:
    """A value as it is written into the audit trail (JSON)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _apply(session: Session, entry: EntryRow, changes: dict[str, Any], actor: str,
           now: dt.datetime, mark_edited: bool) -> list[tuple[str, Any, Any]]:
    done = []
    for field, new in changes.items():
        old = getattr(entry, field)
        if old == new:
            continue
        setattr(entry, field, new)
        done.append((field, old, new))
        session.add(AuditRow(at=now, actor=actor, entity=ENTITY, entity_id=str(entry.id),
                             action="updated",
                             detail={"field": field, "old": _plain(old), "new": _plain(new)}))
        if mark_edited and field not in entry.edited:
            entry.edited = [*entry.edited, field]
    if done:
        entry.updated_at = now
    return done


_DATE_FORMATS = ("%d.%m.%Y", "%Y-%m-%d")


def _enum(kind: type, value: Any, labels: dict, field: str) -> str:
    text = str(value).strip()
    for member in kind:
        if text.casefold() in (member.value, labels[member].casefold()):
            return member.value
    allowed = ", ".join(labels[m] for m in kind)
    raise RegisterError(RegisterCode.R005_VALUE,
                        f"поле «{field}»: значение «{text}» не из списка ({allowed})")


def coerce(field: str, value: Any, areas: Areas) -> Any:
    """A value typed by an officer (CLI or a cell of XLSX) as the register stores it."""
    from pipeline.export import labels  # the export package imports the register

    if field not in EDITABLE:
        raise RegisterError(RegisterCode.R004_FIELD,
                            f"поле «{field}» не редактируется; можно: {', '.join(EDITABLE)}")
    if field == "category":
        return _enum(RiskCategory, value, labels.CATEGORY, field)
    if field == "level":
        return _enum(RiskLevel, value, labels.LEVEL, field)
    if field == "status":
        return _enum(RiskStatus, value, labels.STATUS, field)
    if field == "multi_agency":
        if isinstance(value, bool):
            return value
        text = str(value).strip().casefold()
        if text in ("межведомственный", "да", "true", "1"):
            return True
        if text in ("ведомственный", "нет", "false", "0"):
            return False
        raise RegisterError(RegisterCode.R005_VALUE,
                            f"поле «{field}»: «ведомственный» или «межведомственный»")
    if field in ("probability", "impact"):
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = 0
        if not 1 <= number <= 3:
            raise RegisterError(RegisterCode.R005_VALUE, f"поле «{field}»: число от 1 до 3")
        return number
    if field == "deadline":
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        for fmt in _DATE_FORMATS:
            try:
                return dt.datetime.strptime(str(value).strip(), fmt).date()
            except ValueError:
                continue
        raise RegisterError(RegisterCode.R005_VALUE,
                            f"поле «срок»: дата вида 31.12.2026, а не «{value}»")
    if field == "function_area":
        text = str(value).strip()
        for area in areas.areas.values():
            if text.casefold() in (area.id, area.title_ru.casefold()):
                return area.id
        raise RegisterError(RegisterCode.R005_VALUE,
                            f"поле «направление»: неизвестное направление «{text}»")
    return "" if value is None else str(value)


def update_entry(session: Session, entry_id: int, changes: dict[str, Any], actor: str,
                 areas: Areas, scoring: ScoringRule,
                 now: dt.datetime) -> list[tuple[str, Any, Any]]:
    """Apply an officer's changes to one entry; returns ``(field, old, new)`` applied."""
    entry = session.get(EntryRow, entry_id)
    if entry is None:
        raise RegisterError(RegisterCode.R003_NO_ENTRY, f"риск № {entry_id} не найден")
    values = {field: coerce(field, value, areas) for field, value in changes.items()}
    if "status" in values:
        reason = values.get("rejection_reason", entry.rejection_reason)
        check_transition(entry_id, RiskStatus(entry.status), RiskStatus(values["status"]),
                         reason)
    if ({"probability", "impact"} & values.keys()) and "level" not in values:
        probability = values.get("probability", entry.probability)
        impact = values.get("impact", entry.impact)
        values["level"] = scoring.matrix[impact][probability - 1].value
        values["scoring_rule"] = (f"{scoring.id}: вероятность {probability} и последствия "
                                  f"{impact} установлены вручную ({actor})")
    return _apply(session, entry, values, actor, now, mark_edited=True)


# --- reading -------------------------------------------------------------------------------

def _utc(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)


def to_entry(row: EntryRow, current_versions: set[int]) -> RegisterEntry:
    evidence = tuple(
        Evidence(EvidenceKind(e.kind), e.source_id, e.link, e.summary, e.date,
                 e.version_id in current_versions)
        for e in row.evidence)
    return RegisterEntry(
        id=row.id, merge_key=row.merge_key, body=row.body,
        jurisdiction=Jurisdiction(row.jurisdiction), function=row.function, unit=row.unit,
        risk=row.risk, mechanism=row.mechanism, category=RiskCategory(row.category),
        level=RiskLevel(row.level), multi_agency=row.multi_agency, note=row.note,
        factor=row.factor, function_area=row.function_area, indicator=row.indicator,
        measure=row.measure, completion_form=row.completion_form, responsible=row.responsible,
        deadline=row.deadline, probability=row.probability, impact=row.impact,
        scoring_rule=row.scoring_rule, status=RiskStatus(row.status),
        rejection_reason=row.rejection_reason,
        proposed_measures=tuple(row.proposed_measures or ()),
        edited=tuple(row.edited or ()), created_at=_utc(row.created_at),
        updated_at=_utc(row.updated_at), evidence=evidence)


def read_entries(session: Session, ids: Iterable[int] | None = None) -> list[RegisterEntry]:
    query = select(EntryRow).order_by(EntryRow.id)
    if ids is not None:
        query = query.where(EntryRow.id.in_(list(ids)))
    rows = list(session.scalars(query))
    current = set(session.scalars(select(VersionRow.id)
                                  .where(VersionRow.superseded_at.is_(None))))
    return [to_entry(row, current) for row in rows]


@dataclass(frozen=True, slots=True)
class EntryFilter:
    """Filters of ``taza register list``; None means any."""

    body: str | None = None          # part of the body's name, any case
    area: str | None = None          # function area id
    level: RiskLevel | None = None
    status: RiskStatus | None = None
    overdue_on: dt.date | None = None  # only measures past their deadline on this day

    def keep(self, entry: RegisterEntry) -> bool:
        return ((self.body is None or self.body.casefold() in entry.body.casefold())
                and (self.area is None or entry.function_area == self.area)
                and (self.level is None or entry.level is self.level)
                and (self.status is None or entry.status is self.status)
                and (self.overdue_on is None or entry.overdue(self.overdue_on)))
