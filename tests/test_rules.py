"""Every rule in rules/ is valid and every one of its real examples behaves as marked."""
from __future__ import annotations

import pytest

from pipeline.catalogue import load_catalogue
from pipeline.errors import RuleError
from pipeline.model import Address, Clause
from pipeline.rulebook import load_lexicon, load_rules, parse_rule_file

RULES = load_rules()
POSITIVE = [(r, e) for r in RULES for e in r.examples.positive]
NEGATIVE = [(r, e) for r in RULES for e in r.examples.negative]


def _findings(analyzer, text: str):
    return analyzer.analyze_clauses([Clause(Address(), 0, len(text), text)])[0]


def test_every_rule_has_a_known_factor_and_unique_id():
    catalogue = load_catalogue()
    assert RULES, "no rules loaded from rules/"
    assert len({r.id for r in RULES}) == len(RULES)
    assert all(r.factor in catalogue.factors for r in RULES)


@pytest.mark.parametrize(("rule", "example"), POSITIVE,
                         ids=[f"{r.id}+{i}" for i, (r, _) in enumerate(POSITIVE)])
def test_positive_example_is_found_with_its_marked_span(analyzer, rule, example):
    found = [f for f in _findings(analyzer, example.text) if f.rule_id == rule.id]
    assert [f.evidence for f in found] == [example.evidence], example.source
    finding = found[0]
    assert example.text[finding.start:finding.end] == example.evidence
    assert finding.explanation and finding.recommendation
    assert 0 < finding.confidence <= 1


@pytest.mark.parametrize(("rule", "example"), NEGATIVE,
                         ids=[f"{r.id}-{i}" for i, (r, _) in enumerate(NEGATIVE)])
def test_negative_example_is_not_flagged_by_its_rule(analyzer, rule, example):
    assert not [f for f in _findings(analyzer, example.text) if f.rule_id == rule.id], \
        example.source


def _rule_file(tmp_path, factor="optional_power", extra="",
               positive="{text: 'орган вправе', evidence: вправе, source: src}"):
    path = tmp_path / "rule.yaml"
    path.write_text(
        f"factor: {factor}\nversion: 1\nrules:\n"
        f"  - id: {factor}.x\n    title: t\n    pattern: [{{lemma: [вправе]}}]\n"
        f"    confidence: 0.5\n    explanation: e\n{extra}"
        f"    examples:\n      positive: [{positive}]\n"
        "      negative: [{text: 'гражданин вправе', source: src}]\n", encoding="utf-8")
    return path


def test_a_valid_rule_file_parses(tmp_path):
    (rule,) = parse_rule_file(_rule_file(tmp_path))
    assert rule.id == "optional_power.x" and rule.pattern[0].lemma == ("вправе",)


def test_schema_rejects_unknown_fields(tmp_path):
    with pytest.raises(RuleError, match="colour"):
        parse_rule_file(_rule_file(tmp_path, extra="    colour: red\n"))


def test_schema_requires_a_marked_span_on_positive_examples(tmp_path):
    with pytest.raises(RuleError, match="evidence"):
        parse_rule_file(_rule_file(tmp_path, positive="{text: 'орган вправе отказать', source: src}"))


def test_rule_of_unknown_factor_is_refused(tmp_path):
    with pytest.raises(RuleError, match="bribery_magic"):
        parse_rule_file(_rule_file(tmp_path, factor="bribery_magic"))


def test_lexicons_strip_comments():
    holders = load_lexicon("state_holders")
    assert "орган" in holders and "правительство" in holders
    assert not any("#" in entry or "«" in entry for entry in holders)
