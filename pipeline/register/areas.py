"""Function areas of the register (``rules/function_areas.yaml``, ids of TAXONOMY.md).

An area gives a risk its direction in the Kazakh analytical note (seed 004), its group in the
Kyrgyz list of risks (seed 001), a proposed responsible unit and typical measures. The area
of a risk found in an act is read off the words of the norms that show it.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from pipeline.catalogue import RULES_DIR
from pipeline.errors import ErrorCode, RuleError

OTHER = "other"
DIRECTIONS = 9  # directions of the descriptive part of the analytical note (seed 004)


class _AreaSchema(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = Field(pattern=r"^[a-z_]+$")
    title_ru: str
    direction: int = Field(ge=1, le=DIRECTIONS)
    function_group: str
    responsible: str
    completion_form: str
    markers: list[str]
    measures: list[str] = Field(min_length=1)


class _AreasSchema(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    version: int
    common_measures: list[str]
    areas: list[_AreaSchema]


@dataclass(frozen=True, slots=True)
class Area:
    id: str
    title_ru: str
    direction: int
    function_group: str
    responsible: str
    completion_form: str
    markers: tuple[re.Pattern[str], ...]
    measures: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Areas:
    areas: dict[str, Area]
    common_measures: tuple[str, ...]

    def __getitem__(self, area_id: str) -> Area:
        return self.areas.get(area_id) or self.areas[OTHER]

    def infer(self, texts: Iterable[str]) -> str:
        """The area whose markers occur most often in ``texts``; ``other`` when none does.

        Ties go to the area listed first in the rules file.
        """
        joined = "\n".join(texts).lower()
        best, best_hits = OTHER, 0
        for area in self.areas.values():
            hits = sum(len(p.findall(joined)) for p in area.markers)
            if hits > best_hits:
                best, best_hits = area.id, hits
        return best

    def direction_title(self, number: int) -> str:
        """Title of direction ``number`` of the note: the first area that names it."""
        if number == DIRECTIONS:
            return self.areas[OTHER].title_ru
        return next(a.title_ru for a in self.areas.values() if a.direction == number)


def parse_areas(path: Path) -> Areas:
    try:
        schema = _AreasSchema.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
        areas = {a.id: Area(a.id, a.title_ru, a.direction, a.function_group, a.responsible,
                            a.completion_form, tuple(re.compile(m) for m in a.markers),
                            tuple(a.measures))
                 for a in schema.areas}
    except (yaml.YAMLError, ValidationError, re.error) as exc:
        raise RuleError(ErrorCode.E010_RULES, str(path), str(exc)) from exc
    if OTHER not in areas or len(areas) != len(schema.areas):
        raise RuleError(ErrorCode.E010_RULES, str(path),
                        "нужна область «other», id не должны повторяться")
    missing = set(range(1, DIRECTIONS + 1)) - {a.direction for a in areas.values()}
    if missing:
        raise RuleError(ErrorCode.E010_RULES, str(path), f"нет направлений {sorted(missing)}")
    return Areas(areas, tuple(schema.common_measures))


@lru_cache(maxsize=4)
def load_areas(path: Path = RULES_DIR / "function_areas.yaml") -> Areas:
    return parse_areas(path)
