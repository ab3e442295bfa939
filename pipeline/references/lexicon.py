"""``rules/references.yaml``: level words, act types, numerals and units, validated strictly.

The file is read once, on first use (``load_lexicon``); every pattern is compiled there and
nowhere else. Pydantic forbids unknown keys, so a typo in the data is an error that names
the file, never a silently ignored rule.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from pipeline.catalogue import RULES_DIR
from pipeline.errors import ErrorCode, RuleError

LEXICON_PATH = RULES_DIR / "references.yaml"

Level = Literal["article", "chast", "punkt", "subpunkt", "abzac", "chapter", "section"]
Scope = Literal["act", "article", "chast", "punkt", "subpunkt", "chapter"]
TimeUnit = Literal["day", "working_day", "calendar_day", "month", "year", "hour"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LevelSpec(_Strict):
    level: Level
    forms: tuple[str, ...]
    example: str


class SelfRefSpec(_Strict):
    scope: Scope
    pattern: str
    example: str


class ActTypeSpec(_Strict):
    id: str
    type: str
    pattern: str
    jurisdiction: str | None = None
    named: bool = False
    bare: bool = False
    example: str


class TimeUnitSpec(_Strict):
    unit: TimeUnit
    pattern: str
    scale: int = 1


class TimeAdjectiveSpec(_Strict):
    stem: str
    unit: TimeUnit
    scale: int = 1


class AmountAdjectiveSpec(_Strict):
    stem: str
    unit: Literal["percent", "money"]


class MoneySpec(_Strict):
    currency: str
    pattern: str


class ExampleRef(_Strict):
    text: str
    mention: str
    targets: tuple[dict[str, str], ...] = ()
    act: dict[str, str] | None = None
    source: str


class ExampleNegative(_Strict):
    text: str
    source: str = ""


class ExampleQuantity(_Strict):
    text: str
    value: float
    unit: str
    currency: str | None = None


class Examples(_Strict):
    references: tuple[ExampleRef, ...]
    non_references: tuple[ExampleNegative, ...]
    quantities: tuple[ExampleQuantity, ...]
    non_quantities: tuple[ExampleNegative, ...]


class BodySpec(_Strict):
    id: str
    title: str
    pattern: str


class LexiconFile(_Strict):
    version: int
    levels: tuple[LevelSpec, ...]
    ordinals: dict[str, int]
    self_refs: tuple[SelfRefSpec, ...]
    anaphora: str
    jurisdictions: dict[str, tuple[str, ...]]
    act_types: tuple[ActTypeSpec, ...]
    abbreviations: dict[str, str]
    bylaw_markers: tuple[str, ...]
    months: dict[str, int]
    repeal_pattern: str
    numerals: dict[str, float]
    numeral_forms: dict[str, float]
    multipliers: dict[str, float]
    numeral_prefixes: dict[str, float]
    time_units: tuple[TimeUnitSpec, ...]
    time_adjectives: tuple[TimeAdjectiveSpec, ...]
    amount_adjectives: tuple[AmountAdjectiveSpec, ...]
    age_context: str
    deadline_kinds: dict[str, str]
    money_units: tuple[MoneySpec, ...]
    percent_pattern: str
    area_pattern: str
    procedure_verbs: dict[str, tuple[str, ...]]
    subject_stopwords: tuple[str, ...]
    definition_headings: str
    bodies: tuple[BodySpec, ...] = ()
    requirement_intro: str = "(?!)"
    requirement_open: str = "(?!)"
    examples: Examples


@dataclass(frozen=True, slots=True)
class ActType:
    id: str
    type: str
    regex: re.Pattern[str]
    jurisdiction: str | None
    named: bool
    bare: bool


@dataclass(frozen=True, eq=False)   # hashed by identity: one per file
class Lexicon:
    """The compiled data; ``raw`` keeps the validated file for the examples."""

    raw: LexiconFile
    level_of_form: dict[str, str]          # «пунктом» → punkt
    level_words: str                       # alternation of every form, longest first
    self_refs: tuple[tuple[str, re.Pattern[str]], ...]
    anaphora: re.Pattern[str]
    act_types: tuple[ActType, ...]
    juris_of: tuple[tuple[str, re.Pattern[str]], ...]
    repeal: re.Pattern[str]
    time_units: tuple[tuple[TimeUnitSpec, re.Pattern[str]], ...]
    money_units: tuple[tuple[str, re.Pattern[str]], ...]
    percent: re.Pattern[str]
    area: re.Pattern[str]
    age_context: re.Pattern[str]
    deadline_kinds: tuple[tuple[str, re.Pattern[str]], ...]
    verb_of: dict[str, str]                # any form of a procedure word → its verb
    definition_headings: re.Pattern[str]
    bodies: tuple[tuple[BodySpec, re.Pattern[str]], ...] = ()
    requirement_intro: re.Pattern[str] = re.compile("(?!)")
    requirement_open: re.Pattern[str] = re.compile("(?!)")

    def ordinal(self, word: str) -> int | None:
        word = word.lower()
        for stem in sorted(self.raw.ordinals, key=len, reverse=True):
            if word.startswith(stem):
                return self.raw.ordinals[stem]
        return None


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _compile(data: LexiconFile) -> Lexicon:
    level_of_form = {form.lower(): spec.level for spec in data.levels for form in spec.forms}
    juris = "|".join(p for patterns in data.jurisdictions.values() for p in patterns)
    act_types = tuple(
        ActType(spec.id, spec.type, re.compile(spec.pattern.replace("{juris}", juris)),
                spec.jurisdiction, spec.named, spec.bare)
        for spec in data.act_types)
    juris_of = tuple((code, re.compile("|".join(patterns)))
                     for code, patterns in data.jurisdictions.items())
    verb_of = {}
    for verb, forms in data.procedure_verbs.items():
        verb_of[verb] = verb
        verb_of.update((form, verb) for form in forms)
    return Lexicon(
        raw=data,
        level_of_form=level_of_form,
        level_words=_alternation(f for spec in data.levels for f in spec.forms),
        self_refs=tuple((s.scope, re.compile(s.pattern)) for s in data.self_refs),
        anaphora=re.compile(data.anaphora),
        act_types=act_types,
        juris_of=juris_of,
        repeal=re.compile(data.repeal_pattern),
        time_units=tuple((u, re.compile(u.pattern, re.IGNORECASE)) for u in data.time_units),
        money_units=tuple((m.currency, re.compile(m.pattern, re.IGNORECASE))
                          for m in data.money_units),
        percent=re.compile(data.percent_pattern, re.IGNORECASE),
        area=re.compile(data.area_pattern, re.IGNORECASE),
        age_context=re.compile(data.age_context, re.IGNORECASE),
        deadline_kinds=tuple((kind, re.compile(p, re.IGNORECASE))
                             for kind, p in data.deadline_kinds.items()),
        verb_of=verb_of,
        definition_headings=re.compile(data.definition_headings),
        bodies=tuple((b, re.compile(b.pattern)) for b in data.bodies),
        requirement_intro=re.compile(data.requirement_intro, re.IGNORECASE),
        requirement_open=re.compile(data.requirement_open),
    )


@lru_cache(maxsize=2)
def load_lexicon(path: Path = LEXICON_PATH) -> Lexicon:
    try:
        data = LexiconFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
        return _compile(data)
    except (OSError, yaml.YAMLError, ValidationError, re.error) as exc:
        raise RuleError(ErrorCode.E010_RULES, str(path), str(exc)) from exc
