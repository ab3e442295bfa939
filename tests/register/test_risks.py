from __future__ import annotations

import dataclasses

import pytest
from zk_rf import find

from pipeline.model import RiskCategory, RiskLevel, RiskStatus
from pipeline.register import finding_key, risks_from_findings
from pipeline.register.risks import describe_risk, risk_level


def _points(act, count: int, factor: str = "missing_deadline"):
    """Findings of ``factor`` on the first ``count`` points «N)» of article 39.16."""
    text, clauses = act
    points = [c for c in clauses if c.address.article == "39.16" and c.address.point]
    return [find(text, [c], c.text[:2], factor, f"{factor}.test") for c in points[:count]]


def test_one_entry_per_factor_merges_the_evidence(analysis, catalogue):
    document, _, findings = analysis
    entries = risks_from_findings(document, findings, catalogue)

    assert [e.factor for e in entries] == ["no_competition", "broad_discretion"]
    competition = entries[0]
    assert competition.evidence == tuple(finding_key(document.sha256, f)
                                         for f in (findings[0], findings[2]))
    assert competition.function == "Нормотворческая: Земельный кодекс Российской Федерации"
    assert competition.unit == "Государственная Дума"
    assert competition.category is RiskCategory.POTENTIAL
    assert competition.level is RiskLevel.HIGH  # severity of no_competition
    assert competition.multi_agency is False
    assert competition.measure == catalogue["no_competition"].recommendation
    assert competition.completion_form == "Внесение изменений в нормативный правовой акт"
    assert competition.responsible == "Юридическая служба (разработчик акта)"
    assert competition.deadline is None and competition.status is RiskStatus.IDENTIFIED
    assert competition.risk.startswith(
        "Коррупциогенный фактор «Отсутствие или неполнота конкурсных процедур» в 2 нормах: "
        "ст. 39.16, ")


def test_without_title_and_body_the_file_name_and_a_placeholder_are_used(analysis,
                                                                          catalogue):
    document, _, findings = analysis
    bare = dataclasses.replace(document, title=None, issuing_body=None)
    [entry, _] = risks_from_findings(bare, findings, catalogue)
    assert entry.function == "Нормотворческая: zk-rf-39.txt"
    assert entry.unit == "не определено"


@pytest.mark.parametrize(("count", "expected"), [
    (1, "в 1 норме"), (2, "в 2 нормах"), (5, "в 5 нормах"), (11, "в 11 нормах"),
    (21, "в 21 норме"),
])
def test_russian_number_agreement(count, expected):
    assert expected in describe_risk("Фактор", [f"ст. {i}" for i in range(count)])


def test_more_than_ten_norms_end_with_and_others(act, analysis, catalogue):
    document = analysis[0]
    [entry] = risks_from_findings(document, _points(act, 12), catalogue)
    assert "в 12 нормах" in entry.risk
    assert entry.risk.endswith("ст. 39.16 п. 9 и др.")  # 3.1 is among the first ten
    assert "п. 10" not in entry.risk


@pytest.mark.parametrize(("severity", "norms", "level"), [
    ("low", 1, RiskLevel.LOW), ("low", 4, RiskLevel.LOW), ("low", 5, RiskLevel.HIGH),
    ("medium", 3, RiskLevel.MEDIUM), ("high", 1, RiskLevel.HIGH),
])
def test_level_from_severity_raised_by_many_norms(severity, norms, level):
    assert risk_level(severity, norms) is level


def test_many_norms_raise_a_low_factor_to_high(act, analysis, catalogue):
    document = analysis[0]
    [few] = risks_from_findings(document, _points(act, 4), catalogue)
    [many] = risks_from_findings(document, _points(act, 5), catalogue)
    assert (few.level, many.level) == (RiskLevel.LOW, RiskLevel.HIGH)


def test_two_rules_on_one_norm_count_once(act, analysis, catalogue):
    text, clauses = act
    clause = next(c for c in clauses if c.address.point == "19")
    twice = [find(text, [clause], "не допускается", "missing_deadline", rule)
             for rule in ("a.rule", "b.rule")]
    [entry] = risks_from_findings(analysis[0], twice, catalogue)
    assert "в 1 норме: ст. 39.16 п. 19" in entry.risk
    assert len(entry.evidence) == 2


def test_a_factor_missing_from_the_catalogue_still_gives_a_row(analysis, catalogue):
    document, _, findings = analysis
    unknown = [dataclasses.replace(findings[0], factor="new_factor")]
    [entry] = risks_from_findings(document, unknown, catalogue)
    assert "«new_factor»" in entry.risk
    assert entry.level is RiskLevel.MEDIUM
    assert entry.measure == findings[0].recommendation


def test_no_findings_no_risks(analysis, catalogue):
    assert risks_from_findings(analysis[0], [], catalogue) == []
