"""Corruption signals in complaints found by lemma rules (``rules/complaints_signals.yaml``).

A rule is a pattern over the normal forms of words, matched by the same ``LemmaMatcher`` as
the factor rules, with an id ``<signal>.<name>`` that ends up on every hit and real examples
that one test runs. A hit is a hint with its evidence span; ``classify`` joins the hits with
the model's probabilities (a signal is reported when a rule fires or the model is confident).

The same file holds **cues** for the function area and the sector: the lexical rulings of
../shared/TAXONOMY.md and the annotation guidelines («roads, road signs and street lighting are
``roads_transport``», «a complaint that penalties are too weak is ``jurisdiction``»). A cue id
is ``<area|sector>.<label>.<name>``; its hits become features of the model (one token per hit,
so the model weighs them against the words), and a ``decisive`` cue names its label outright
for a label the training data has (almost) no example of.
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

SIGNAL_RULES_PATH = RULES_DIR / "complaints_signals.yaml"


class _SignalRuleSchema(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = Field(pattern=r"^[a-z_]+\.[a-z_]+$")
    title: str
    pattern: tuple[TokenSpec, ...] = Field(min_length=1)
    negated_by: tuple[str, ...] = ()
    examples: Examples

    @model_validator(mode="after")
    def _first_required(self) -> "_SignalRuleSchema":
        if self.pattern[0].optional:
            raise ValueError(f"{self.id}: the first token of a pattern cannot be optional")
        return self


class _CueRuleSchema(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = Field(pattern=r"^(area|sector)\.[a-z_]+\.[a-z_]+$")
    title: str
    pattern: tuple[TokenSpec, ...] = Field(min_length=1)
    negated_by: tuple[str, ...] = ()
    decisive: bool = False
    examples: Examples

    @model_validator(mode="after")
    def _first_required(self) -> "_CueRuleSchema":
        if self.pattern[0].optional:
            raise ValueError(f"{self.id}: the first token of a pattern cannot be optional")
        return self


class _SignalFileSchema(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    version: int
    rules: tuple[_SignalRuleSchema, ...] = Field(min_length=1)
    cues: tuple[_CueRuleSchema, ...] = ()


@dataclass(frozen=True, slots=True)
class SignalRule:
    id: str
    signal: str
    title: str
    pattern: tuple[TokenSpec, ...]
    negated_by: frozenset[str]
    examples: Examples


@dataclass(frozen=True, slots=True)
class CueRule:
    id: str
    task: str               # "function_area" or "sector"
    label: str              # an id of that taxonomy
    title: str
    pattern: tuple[TokenSpec, ...]
    negated_by: frozenset[str]
    decisive: bool
    examples: Examples


CUE_TASKS = {"area": "function_area", "sector": "sector"}


@dataclass(frozen=True, slots=True)
class CueHit:
    task: str
    label: str
    rule_id: str
    decisive: bool
    start: int
    end: int
    evidence: str


@dataclass(frozen=True, slots=True)
class SignalHit:
    signal: str
    rule_id: str            # "model" when only the model saw it
    start: int              # character offsets into the complaint's text
    end: int
    evidence: str


def _read_schema(path: Path) -> _SignalFileSchema:
    try:
        return _SignalFileSchema.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (yaml.YAMLError, ValidationError) as exc:
        raise RuleError(ErrorCode.E010_RULES, str(path), str(exc)) from exc


def parse_signal_rules(path: Path, known_signals: tuple[str, ...]) -> tuple[SignalRule, ...]:
    schema = _read_schema(path)
    rules = []
    for raw in schema.rules:
        signal = raw.id.split(".", 1)[0]
        if signal not in known_signals:
            raise RuleError(ErrorCode.E010_RULES, str(path), f"{raw.id}: неизвестный сигнал {signal}")
        rules.append(SignalRule(raw.id, signal, raw.title, raw.pattern, frozenset(raw.negated_by),
                                raw.examples))
    ids = [r.id for r in rules]
    if len(set(ids)) != len(ids):
        raise RuleError(ErrorCode.E010_RULES, str(path), "повторяющийся id правила")
    return tuple(rules)


def parse_cue_rules(path: Path, known: dict[str, tuple[str, ...]]) -> tuple[CueRule, ...]:
    """``known``: task (``function_area``, ``sector``) -> its label ids."""
    cues = []
    for raw in _read_schema(path).cues:
        prefix, label, _ = raw.id.split(".")
        task = CUE_TASKS[prefix]
        if label not in known[task]:
            raise RuleError(ErrorCode.E010_RULES, str(path), f"{raw.id}: неизвестная метка {label}")
        cues.append(CueRule(raw.id, task, label, raw.title, raw.pattern, frozenset(raw.negated_by),
                            raw.decisive, raw.examples))
    ids = [c.id for c in cues]
    if len(set(ids)) != len(ids):
        raise RuleError(ErrorCode.E010_RULES, str(path), "повторяющийся id подсказки")
    return tuple(cues)


@lru_cache(maxsize=4)
def load_cue_rules(path: Path = SIGNAL_RULES_PATH) -> tuple[CueRule, ...]:
    from pipeline.complaints.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    return parse_cue_rules(path, {"function_area": taxonomy.area_ids,
                                  "sector": taxonomy.sector_ids})


@lru_cache(maxsize=4)
def load_signal_rules(path: Path = SIGNAL_RULES_PATH) -> tuple[SignalRule, ...]:
    from pipeline.complaints.taxonomy import load_taxonomy

    return parse_signal_rules(path, load_taxonomy().signal_ids)


class SignalRules:
    """Finds rule hits in lemmatised docs; one hit per (signal, rule), the first in the text."""

    def __init__(self, rules: tuple[SignalRule, ...] | None = None) -> None:
        self.rules = rules if rules is not None else load_signal_rules()
        self._matcher = LemmaMatcher(self.rules)

    def __call__(self, doc: Doc) -> list[SignalHit]:
        hits: dict[str, SignalHit] = {}
        for match in self._matcher(doc):
            if match.rule.id in hits:
                continue
            first, last = doc[match.start], doc[match.end - 1]
            start, end = first.idx, last.idx + len(last.text)
            hits[match.rule.id] = SignalHit(match.rule.signal, match.rule.id, start, end,
                                            doc.text[start:end])
        return sorted(hits.values(), key=lambda h: (h.start, h.signal))


class CueRules:
    """Every hit of every cue (not only the first): how much of a text speaks of roads or of a
    reply is itself a feature. Overlapping hits of one cue count once."""

    def __init__(self, cues: tuple[CueRule, ...] | None = None) -> None:
        self.cues = cues if cues is not None else load_cue_rules()
        self._matcher = LemmaMatcher(self.cues)

    def __call__(self, doc: Doc) -> list[CueHit]:
        hits, last_end = [], {}
        for match in self._matcher(doc):
            cue = match.rule
            if match.start < last_end.get(cue.id, 0):
                continue
            last_end[cue.id] = match.end
            first, last = doc[match.start], doc[match.end - 1]
            start, end = first.idx, last.idx + len(last.text)
            hits.append(CueHit(cue.task, cue.label, cue.id, cue.decisive, start, end,
                               doc.text[start:end]))
        return sorted(hits, key=lambda h: (h.start, h.rule_id))
