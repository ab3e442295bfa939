"""The taxonomies of ``rules/taxonomy.yaml``: function areas, sectors, signals, media event
types. Ids are fixed by ../shared/TAXONOMY.md; the file adds Russian titles, descriptions and
examples and is validated strictly (an unknown field is an error, E010)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from pipeline.catalogue import RULES_DIR
from pipeline.errors import ErrorCode, RuleError

TAXONOMY_PATH = RULES_DIR / "taxonomy.yaml"


class _EntrySchema(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = Field(pattern=r"^[a-z_]+$")
    title_ru: str = Field(min_length=3)
    title_en: str = Field(min_length=3)
    description: str = Field(min_length=10)
    examples: tuple[str, ...] = Field(min_length=1)


class _TaxonomySchema(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    version: int
    function_areas: tuple[_EntrySchema, ...] = Field(min_length=2)
    sectors: tuple[_EntrySchema, ...] = Field(min_length=2)
    signals: tuple[_EntrySchema, ...] = Field(min_length=1)
    media_event_types: tuple[_EntrySchema, ...] = Field(min_length=1)


@dataclass(frozen=True, slots=True)
class Entry:
    id: str
    title_ru: str
    title_en: str
    description: str
    examples: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Taxonomy:
    version: int
    function_areas: dict[str, Entry]
    sectors: dict[str, Entry]
    signals: dict[str, Entry]
    media_event_types: dict[str, Entry]

    @property
    def area_ids(self) -> tuple[str, ...]:
        return tuple(self.function_areas)

    @property
    def sector_ids(self) -> tuple[str, ...]:
        return tuple(self.sectors)

    @property
    def signal_ids(self) -> tuple[str, ...]:
        return tuple(self.signals)


def _index(path: Path, kind: str, entries: tuple[_EntrySchema, ...]) -> dict[str, Entry]:
    found = {e.id: Entry(e.id, e.title_ru, e.title_en, e.description, e.examples) for e in entries}
    if len(found) != len(entries):
        raise RuleError(ErrorCode.E010_RULES, str(path), f"повторяющийся id в {kind}")
    return found


def parse_taxonomy(path: Path) -> Taxonomy:
    try:
        schema = _TaxonomySchema.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (yaml.YAMLError, ValidationError) as exc:
        raise RuleError(ErrorCode.E010_RULES, str(path), str(exc)) from exc
    return Taxonomy(schema.version,
                    _index(path, "function_areas", schema.function_areas),
                    _index(path, "sectors", schema.sectors),
                    _index(path, "signals", schema.signals),
                    _index(path, "media_event_types", schema.media_event_types))


@lru_cache(maxsize=4)
def load_taxonomy(path: Path = TAXONOMY_PATH) -> Taxonomy:
    """The taxonomy, parsed once per process."""
    return parse_taxonomy(path)
