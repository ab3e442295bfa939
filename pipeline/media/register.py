"""Media signals as evidence of the risk register (``pipeline.register.external``).

A publication that is a signal becomes one ``ExternalSignal`` about the body whose official
or money the story is about: the first linked body in the publication that is not only the
investigator (``investigating_kinds`` of ``rules/media_register.yaml``: Антикор, СК, ФСБ,
courts…); when only investigators are named, the first of them; an unknown body stays
unknown. The function area comes from the event type (``event_areas``), then from the words
of the title and the evidence (``context_areas``), then from the kind of body.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from pipeline.catalogue import RULES_DIR
from pipeline.errors import ErrorCode, RuleError
from pipeline.media.aliases import LinkedOrg
from pipeline.media.scan import ScanResult

REGISTER_RULES_PATH = RULES_DIR / "media_register.yaml"
JURISDICTIONS = ("KZ", "KG", "RU")


class _RegisterRules(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    version: int
    event_areas: dict[str, str | None]
    context_areas: dict[str, tuple[str, ...]]
    kind_areas: dict[str, str]
    investigating_kinds: tuple[str, ...]
    default_area: str


@dataclass(frozen=True, slots=True)
class RegisterRules:
    event_areas: tuple[tuple[str, str | None], ...]
    context_areas: tuple[tuple[str, tuple[str, ...]], ...]
    kind_areas: dict[str, str]
    investigating_kinds: frozenset[str]
    default_area: str


@lru_cache(maxsize=2)
def load_register_rules(path: Path = REGISTER_RULES_PATH) -> RegisterRules:
    from pipeline.register.areas import load_areas

    try:
        raw = _RegisterRules.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (yaml.YAMLError, ValidationError) as exc:
        raise RuleError(ErrorCode.E010_RULES, str(path), str(exc)) from exc
    known = set(load_areas().areas)
    areas = [a for a in raw.event_areas.values() if a] + list(raw.context_areas) + \
        list(raw.kind_areas.values()) + [raw.default_area]
    if not set(areas) <= known:
        raise RuleError(ErrorCode.E010_RULES, str(path), f"неизвестные функции: {set(areas) - known}")
    return RegisterRules(tuple(raw.event_areas.items()),
                         tuple((k, tuple(v)) for k, v in raw.context_areas.items()),
                         dict(raw.kind_areas), frozenset(raw.investigating_kinds), raw.default_area)


def primary_body(orgs: Iterable[LinkedOrg], rules: RegisterRules) -> LinkedOrg | None:
    linked = [o for o in orgs if o.body_id is not None]
    for org in linked:
        if org.kind not in rules.investigating_kinds:
            return org
    return linked[0] if linked else None


def function_area(event_types: Iterable[str], context: str, body: LinkedOrg | None,
                  rules: RegisterRules) -> str:
    types = set(event_types)
    low = context.lower().replace("ё", "е")
    for event, area in rules.event_areas:
        if event not in types:
            continue
        if area:
            return area
        for candidate, stems in rules.context_areas:
            if any(re.search(r"\b" + re.escape(s), low) for s in stems):
                return candidate
        if body is not None and body.kind in rules.kind_areas:
            return rules.kind_areas[body.kind]
        return rules.default_area
    return rules.default_area


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def to_external(results: Iterable[ScanResult], rules: RegisterRules | None = None,
                default_jurisdiction: str | None = None):
    """``ExternalSignal`` of every signal among the scan results (non-signals are skipped).
    ``default_jurisdiction`` is used when neither the body nor the text tells the country;
    without it such a publication is skipped."""
    from pipeline.model import EvidenceKind
    from pipeline.register.external import ExternalSignal

    rules = rules or load_register_rules()
    out = []
    for r in results:
        if not r.decision.is_signal:
            continue
        body = primary_body(r.organizations, rules)
        jurisdiction = body.jurisdiction if body and body.jurisdiction in JURISDICTIONS \
            else r.jurisdiction or default_jurisdiction
        if jurisdiction not in JURISDICTIONS:
            continue            # a foreign story (INT) without a body of the three countries
        context = f"{r.item.title}\n{r.evidence}"
        summary = (f"{r.item.title}. " if r.item.title else "") + r.evidence
        out.append(ExternalSignal(
            kind=EvidenceKind.MEDIA, source_id=f"media:{r.item.id}",
            body=body.body_name if body else None, jurisdiction=jurisdiction,
            function_area=function_area(r.decision.event_types, context, body, rules),
            signals=tuple(r.decision.event_types), summary=summary[:1000],
            link=r.item.url or f"media:{r.item.id}", date=_date(r.item.published)))
    return out
