"""Recomputing every entry after a change of the rules (``Register.recompute_entries``)."""
from __future__ import annotations

import datetime as dt

import pytest

from pipeline.catalogue import RULES_DIR
from pipeline.model import EvidenceKind, RiskLevel
from pipeline.register.areas import parse_areas
from pipeline.register.external import ExternalSignal
from pipeline.register.scoring import parse_scoring

# rules/risk_scoring.yaml, made milder: the same evidence now gives a level one step lower.
MILDER = {
    "id: scoring.v1": "id: scoring.test-milder",
    "  2: [medium, medium, high]\n  3: [high, high, high]":
        "  2: [low, low, medium]\n  3: [medium, medium, high]",
}


def _rules_file(tmp_path, name: str, replacements: dict[str, str]):
    text = (RULES_DIR / name).read_text(encoding="utf-8")
    for old, new in replacements.items():
        assert old in text, f"{name} no longer has «{old}»: update the test"
        text = text.replace(old, new)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _by_factor(register) -> dict[str | None, object]:
    return {e.factor: e for e in register.entries()}


def _signal(n: int) -> ExternalSignal:
    return ExternalSignal(EvidenceKind.COMPLAINT, f"complaint:{n}", "Акимат города Алматы", "KZ",
                          "permits", ("inaction",), f"Обращение {n}", f"file:{n}",
                          dt.date(2026, 5, n))


def test_unchanged_rules_change_nothing(register, analysis):
    register.store_analysis(*analysis)
    register.attach_external([_signal(1)])
    before, log = register.entries(), register.audit_log()
    report = register.recompute_entries()
    assert (report.entries, report.changed, report.fields) == (3, (), 0)
    assert register.entries() == before and register.audit_log() == log


def test_a_changed_scoring_rule_changes_levels_and_keeps_edited_fields(register, analysis,
                                                                      tmp_path):
    register.store_analysis(*analysis)
    register.attach_external([_signal(1)])
    entries = _by_factor(register)
    competition, discretion = entries["no_competition"], entries["broad_discretion"]
    assert (competition.level, discretion.level) == (RiskLevel.HIGH, RiskLevel.MEDIUM)
    register.update_entry(competition.id, {"level": "средний"}, author="Комиссия")
    register.update_entry(discretion.id, {"risk": "Усмотрение при выборе действия"},
                          author="Комиссия")
    signals = entries[None]
    milder = parse_scoring(_rules_file(tmp_path, "risk_scoring.yaml", MILDER))

    report = register.recompute_entries(scoring=milder)

    after = _by_factor(register)
    # edited by a person: the level and the description stay
    assert after["no_competition"].level is RiskLevel.MEDIUM
    assert after["broad_discretion"].risk == "Усмотрение при выборе действия"
    # derived: the level follows the new matrix, the reasons name the new rule
    assert after["broad_discretion"].level is RiskLevel.LOW
    assert after["broad_discretion"].scoring_rule.startswith("scoring.test-milder: ")
    assert after["no_competition"].scoring_rule.startswith("scoring.test-milder: ")
    assert after[None].level is RiskLevel.LOW and signals.level is RiskLevel.MEDIUM
    # the plan stays: deadlines already set are not moved
    assert [e.deadline for e in after.values()] == [e.deadline for e in entries.values()]
    assert report.entries == 3 and set(report.changed) == {competition.id, discretion.id,
                                                           signals.id}
    # audited as a system change: field rows, then one row naming the rule
    history = register.entry_history(discretion.id)
    assert [(r.actor, r.action, r.detail.get("field")) for r in history[-3:]] == [
        ("taza", "updated", "level"), ("taza", "updated", "scoring_rule"),
        ("taza", "recomputed", None)]
    assert history[-1].detail == {"scoring": "scoring.test-milder",
                                  "fields": ["level", "scoring_rule"]}
    assert history[-3].detail == {"field": "level", "old": "medium", "new": "low"}
    assert after["broad_discretion"].edited == ("risk",)      # a recompute marks nothing

    log = register.audit_log()
    again = register.recompute_entries(scoring=milder)
    assert (again.changed, again.fields) == ((), 0)
    assert register.audit_log() == log and _by_factor(register) == after


def test_a_changed_function_area_file_renews_the_proposed_measures(register, analysis,
                                                                   tmp_path):
    register.store_analysis(*analysis)
    register.attach_external([_signal(1)])
    entries = _by_factor(register)
    areas = parse_areas(RULES_DIR / "function_areas.yaml")
    old = areas["property_land"].measures[0]
    edited = parse_areas(_rules_file(tmp_path, "function_areas.yaml",
                                     {f"- {old}": "- Публиковать реестр свободных участков"}))
    register.update_entry(entries[None].id, {"function": "Выдача разрешений акиматом"},
                          author="А.")

    report = register.recompute_entries(areas=edited)

    competition = _by_factor(register)["no_competition"]
    assert "Публиковать реестр свободных участков" in competition.proposed_measures
    assert old not in competition.proposed_measures
    assert competition.measure == entries["no_competition"].measure   # the chosen plan stays
    assert _by_factor(register)[None].function == "Выдача разрешений акиматом"
    assert set(report.changed) == {e.id for e in entries.values()
                                   if e.function_area == "property_land"}


@pytest.fixture
def old_entries_only(register, analysis):
    """An act whose every finding is gone from its new version: entries keep their state."""
    document, clauses, findings = analysis
    register.store_analysis(document, clauses, findings, "rules-a")
    register.store_analysis(document, clauses, [], "rules-b")
    return register


def test_entries_without_current_evidence_keep_their_state(old_entries_only, tmp_path):
    before = old_entries_only.entries()
    milder = parse_scoring(_rules_file(tmp_path, "risk_scoring.yaml", MILDER))
    assert old_entries_only.recompute_entries(scoring=milder).changed == ()
    assert old_entries_only.entries() == before
