"""Lemma cues of ``rules/media_signals.yaml``: the words that make a publication a signal.

A cue is a pattern over the normal forms of words (the ``LemmaMatcher`` of the factor rules)
with a stable id ``<group>.<name>``. The group says what the cue shows:

* an event type (``bribery``, ``embezzlement`` …): an offence of that type;
* ``official``: a public official, a state body, a state company or public money;
* ``concrete``: a concrete case — arrest, charge, search, court, sentence;
* ``private_fraud``: fraud between private persons (phone scams, pyramids): the hard negatives;
* ``policy``: anti-corruption measures and statistics without a case;
* ``exclusion``: offences that are not corruption (treason, violence, drunk driving).

Every hit keeps its rule id and character span, so a reviewer sees why a text was flagged.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from spacy.tokens import Doc

from pipeline.catalogue import RULES_DIR
from pipeline.errors import ErrorCode, RuleError
from pipeline.matcher import LemmaMatcher
from pipeline.rulebook import Examples, TokenSpec

CUES_PATH = RULES_DIR / "media_signals.yaml"
EVENT_TYPES = ("bribery", "embezzlement", "abuse_of_office", "procurement_fraud",
               "conflict_of_interest", "illegal_enrichment", "anticorruption_policy")
CASE_TYPES = EVENT_TYPES[:-1]
GROUPS = (*CASE_TYPES, "official", "concrete", "private_fraud", "policy", "exclusion")


class _CueSchema(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = Field(pattern=r"^[a-z_]+\.[a-z_]+$")
    title: str = Field(min_length=3)
    weight: float = Field(default=1.0, gt=0, le=3)
    pattern: tuple[TokenSpec, ...] = Field(min_length=1)
    negated_by: tuple[str, ...] = ()
    examples: Examples

    @model_validator(mode="after")
    def _known_group(self) -> "_CueSchema":
        group = self.id.split(".", 1)[0]
        if group not in GROUPS:
            raise ValueError(f"{self.id}: неизвестная группа {group}; группы: {', '.join(GROUPS)}")
        if self.pattern[0].optional:
            raise ValueError(f"{self.id}: первый токен шаблона не может быть необязательным")
        return self


class _CueFileSchema(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    version: int
    cues: tuple[_CueSchema, ...] = Field(min_length=1)


@dataclass(frozen=True, slots=True)
class Cue:
    id: str
    group: str
    title: str
    weight: float
    pattern: tuple[TokenSpec, ...]
    negated_by: frozenset[str]
    examples: Examples


@dataclass(frozen=True, slots=True)
class CueHit:
    cue_id: str
    group: str
    weight: float
    start: int          # character offsets into the analysed text
    end: int
    evidence: str


def parse_cues(path: Path) -> tuple[Cue, ...]:
    try:
        schema = _CueFileSchema.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (yaml.YAMLError, ValidationError) as exc:
        raise RuleError(ErrorCode.E010_RULES, str(path), str(exc)) from exc
    ids = [c.id for c in schema.cues]
    if len(set(ids)) != len(ids):
        dup = sorted({i for i in ids if ids.count(i) > 1})
        raise RuleError(ErrorCode.E010_RULES, str(path), f"повторяются id: {dup}")
    return tuple(Cue(c.id, c.id.split(".", 1)[0], c.title, c.weight, c.pattern,
                     frozenset(c.negated_by), c.examples) for c in schema.cues)


@lru_cache(maxsize=4)
def load_cues(path: Path = CUES_PATH) -> tuple[Cue, ...]:
    return parse_cues(path)


class CueMatcher:
    """Every cue hit of a lemmatised doc, in text order (one per cue and start token)."""

    def __init__(self, cues: tuple[Cue, ...] | None = None) -> None:
        self.cues = cues if cues is not None else load_cues()
        self._matcher = LemmaMatcher(self.cues)

    def __call__(self, doc: Doc) -> list[CueHit]:
        hits = []
        text = doc.text          # built from the tokens on every access: read it once
        for match in self._matcher(doc):
            first, last = doc[match.start], doc[match.end - 1]
            start, end = first.idx, last.idx + len(last.text)
            cue = match.rule
            hits.append(CueHit(cue.id, cue.group, cue.weight, start, end, text[start:end]))
        hits.sort(key=lambda h: (h.start, h.cue_id))
        return hits
