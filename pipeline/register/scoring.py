"""Probability and impact of a risk, and the level they give (``rules/risk_scoring.yaml``).

The rule is data: impact from the factor's severity, probability from the number of norms
(and other sources) that show the risk, a matrix to the level. Every score carries the id
of the rule and its reasons, so an officer can see why a risk is high.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from pipeline.catalogue import RULES_DIR
from pipeline.errors import ErrorCode, RuleError
from pipeline.model import RiskLevel

Scale = int  # 1..3
_SEVERITY = {"low": "низкая", "medium": "средняя", "high": "высокая"}


class _Step(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    min_evidence: int = Field(ge=1)
    value: int = Field(ge=1, le=3)


class _ScoringSchema(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    version: int
    impact: dict[str, int]
    impact_labels: dict[int, str]
    probability: list[_Step] = Field(min_length=1)
    probability_labels: dict[int, str]
    other_source_bonus: int = Field(ge=0)
    matrix: dict[int, list[RiskLevel]]
    deadline_working_days: dict[RiskLevel, int]
    review_after_signals: int = Field(default=3, ge=2)


@dataclass(frozen=True, slots=True)
class Score:
    probability: Scale
    impact: Scale
    level: RiskLevel
    rule: str            # «scoring.v1: …» — the rule and its reasons, in Russian


@dataclass(frozen=True, slots=True)
class ScoringRule:
    id: str
    impact_of: dict[str, int]
    impact_labels: dict[int, str]
    steps: tuple[tuple[int, int], ...]       # (min_evidence, probability), highest first
    probability_labels: dict[int, str]
    other_source_bonus: int
    matrix: dict[int, tuple[RiskLevel, ...]]
    deadline_working_days: dict[RiskLevel, int]
    review_after_signals: int = 3     # complaints and publications about one body

    def score(self, severity: str, norms: int, other_sources: int = 0) -> Score:
        """Score a risk seen in ``norms`` distinct norms and ``other_sources`` kinds of
        other sources (complaints, media)."""
        impact = self.impact_of.get(severity, self.impact_of["medium"])
        probability = next((value for least, value in self.steps if norms >= least), 1)
        probability = min(3, probability + self.other_source_bonus * other_sources)
        level = self.matrix[impact][probability - 1]
        reasons = (f"тяжесть фактора — {_SEVERITY.get(severity, severity)} → последствия {impact} "
                   f"({self.impact_labels[impact]}); норм: {norms}")
        if other_sources:
            reasons += f", иных видов источников: {other_sources}"
        reasons += f" → вероятность {probability} ({self.probability_labels[probability]})"
        return Score(probability, impact, level, f"{self.id}: {reasons}")


def parse_scoring(path: Path) -> ScoringRule:
    try:
        raw = _ScoringSchema.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (yaml.YAMLError, ValidationError) as exc:
        raise RuleError(ErrorCode.E010_RULES, str(path), str(exc)) from exc
    if set(raw.matrix) != {1, 2, 3} or any(len(row) != 3 for row in raw.matrix.values()) \
            or "medium" not in raw.impact:
        raise RuleError(ErrorCode.E010_RULES, str(path), "матрица 3×3 и тяжесть «medium»")
    steps = tuple(sorted(((s.min_evidence, s.value) for s in raw.probability), reverse=True))
    return ScoringRule(raw.id, dict(raw.impact), dict(raw.impact_labels), steps,
                       dict(raw.probability_labels), raw.other_source_bonus,
                       {k: tuple(v) for k, v in raw.matrix.items()},
                       dict(raw.deadline_working_days), raw.review_after_signals)


@lru_cache(maxsize=4)
def load_scoring(path: Path = RULES_DIR / "risk_scoring.yaml") -> ScoringRule:
    return parse_scoring(path)
