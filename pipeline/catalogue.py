"""The corruption-factor catalogue of ``rules/factors.yaml`` (ids fixed by FACTORS.md)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from pipeline.errors import ErrorCode, RuleError

RULES_DIR = Path(__file__).resolve().parent.parent / "rules"

Severity = Literal["low", "medium", "high"]


class _LegalBasis(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    KZ: str | None = None
    RU: str | None = None
    KG: str | None = None


class _FactorSchema(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = Field(pattern=r"^[a-z_]+$")
    title_ru: str
    title_kk: str | None = None
    title_ky: str | None = None
    definition: str
    legal_basis: _LegalBasis
    severity: Severity
    substantive: bool = False
    question: str
    recommendation: str          # model rewrite of the faulty norm
    measures: list[str] = Field(min_length=1)


class _CatalogueSchema(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    version: int
    factors: list[_FactorSchema]


@dataclass(frozen=True, slots=True)
class Factor:
    id: str
    title_ru: str
    title_kk: str | None
    title_ky: str | None
    definition: str
    legal_basis: dict[str, str]
    severity: Severity
    substantive: bool
    question: str
    recommendation: str
    measures: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Catalogue:
    version: int
    factors: dict[str, Factor]

    def __getitem__(self, factor_id: str) -> Factor:
        return self.factors[factor_id]

    def substantive(self) -> list[Factor]:
        return [f for f in self.factors.values() if f.substantive]


def _to_factor(raw: _FactorSchema) -> Factor:
    basis = {k: v for k, v in raw.legal_basis.model_dump().items() if v}
    return Factor(raw.id, raw.title_ru, raw.title_kk, raw.title_ky, raw.definition, basis,
                  raw.severity, raw.substantive, raw.question, raw.recommendation,
                  tuple(raw.measures))


def parse_catalogue(path: Path) -> Catalogue:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        schema = _CatalogueSchema.model_validate(data)
    except (yaml.YAMLError, ValidationError) as exc:
        raise RuleError(ErrorCode.E010_RULES, str(path), str(exc)) from exc
    factors = {f.id: _to_factor(f) for f in schema.factors}
    if len(factors) != len(schema.factors):
        raise RuleError(ErrorCode.E010_RULES, str(path), "повторяющийся id фактора")
    return Catalogue(schema.version, factors)


@lru_cache(maxsize=4)
def load_catalogue(path: Path = RULES_DIR / "factors.yaml") -> Catalogue:
    """The catalogue, parsed once per process."""
    return parse_catalogue(path)
