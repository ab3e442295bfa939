"""From the findings of one act to rows of the list of corruption risks (seeds 001 and 004).

An act is the product of the norm-making function (seed 001 names «нормотворческая»
among the corruption-prone functions), so every factor found in it is a potential risk of
that function: one row per factor per act, whatever the number of norms that show it.
"""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pipeline.catalogue import Catalogue, Factor
from pipeline.model import Document, Finding, RiskCategory, RiskEntry, RiskLevel

# Norms cited in the description before it is cut short with «и др.».
MAX_CITED_NORMS = 10
# From this number of distinct norms on, a factor is a pattern of the act, not a slip.
MANY_NORMS = 5

UNKNOWN_UNIT = "не определено"
COMPLETION_FORM = "Внесение изменений в нормативный правовой акт"
RESPONSIBLE = "Юридическая служба (разработчик акта)"
NO_ADDRESS = "без адреса"

_LEVELS = {"low": RiskLevel.LOW, "medium": RiskLevel.MEDIUM, "high": RiskLevel.HIGH}


def finding_key(document_sha256: str, finding: Finding) -> str:
    """Stable key of a finding: the same rule on the same span of the same content.

    It survives a re-analysis of an unchanged file, so risk rows can cite their evidence.
    """
    return f"{document_sha256[:12]}:{finding.rule_id}@{finding.start}-{finding.end}"


def _norms(findings: Sequence[Finding]) -> list[str]:
    """Distinct cited norms in text order; findings with no address count one each."""
    seen: dict[str, None] = {}
    anonymous = 0
    for finding in sorted(findings, key=lambda f: (f.start, f.end)):
        rendered = finding.address.render()
        if rendered:
            seen.setdefault(rendered, None)
        else:
            anonymous += 1
    return list(seen) + [NO_ADDRESS] * anonymous


def _norms_phrase(count: int) -> str:
    # Prepositional case: «в 1 норме», «в 21 норме», but «в 11 нормах», «в 2 нормах».
    singular = count % 10 == 1 and count % 100 != 11
    return f"в {count} {'норме' if singular else 'нормах'}"


def describe_risk(title: str, norms: Sequence[str]) -> str:
    """«Коррупциогенный фактор «…» в N нормах: ст. 1 ч. 2, … и др.»"""
    cited = [n for n in dict.fromkeys(norms) if n != NO_ADDRESS][:MAX_CITED_NORMS]
    shown = ", ".join(cited)
    if len(norms) > len(cited):
        shown = f"{shown} и др." if shown else "адреса норм не определены"
    return f"Коррупциогенный фактор «{title}» {_norms_phrase(len(norms))}: {shown}"


def risk_level(severity: str, norm_count: int) -> RiskLevel:
    """The factor's severity, raised to high once it shows in ``MANY_NORMS`` or more norms.

    Distinct norms are counted rather than findings, so that two rules firing on the same
    clause do not inflate the level.
    """
    if norm_count >= MANY_NORMS:
        return RiskLevel.HIGH
    return _LEVELS.get(severity, RiskLevel.MEDIUM)


def _entry(document: Document, factor_id: str, findings: list[Finding],
           factor: Factor | None) -> RiskEntry:
    # A factor missing from the catalogue (a rule ahead of the data) still yields a row:
    # its id stands for the title and the rules' own recommendation for the measure.
    title = factor.title_ru if factor else factor_id
    severity = factor.severity if factor else "medium"
    measure = (factor.recommendation if factor else "") or findings[0].recommendation
    norms = _norms(findings)
    name = document.title or Path(document.source).name
    return RiskEntry(
        function=f"Нормотворческая: {name}",
        unit=document.issuing_body or UNKNOWN_UNIT,
        risk=describe_risk(title, norms),
        category=RiskCategory.POTENTIAL,
        level=risk_level(severity, len(norms)),
        multi_agency=False,
        factor=factor_id,
        measure=measure,
        completion_form=COMPLETION_FORM,
        responsible=RESPONSIBLE,
        deadline=None,
        evidence=tuple(finding_key(document.sha256, f) for f in findings),
    )


def risks_from_findings(document: Document, findings: Sequence[Finding],
                        catalogue: Catalogue) -> list[RiskEntry]:
    """One RiskEntry per factor found in ``document``, in order of first appearance.

    Level rule: the factor's catalogue severity (low / medium / high), raised to high when
    the factor shows in ``MANY_NORMS`` (5) or more distinct norms of the act.
    """
    by_factor: dict[str, list[Finding]] = {}
    for finding in sorted(findings, key=lambda f: (f.start, f.end, f.rule_id)):
        by_factor.setdefault(finding.factor, []).append(finding)
    return [_entry(document, factor_id, group, catalogue.factors.get(factor_id))
            for factor_id, group in by_factor.items()]
