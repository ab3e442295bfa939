"""Detection rules of ``rules/*.yaml`` and lexicons of ``rules/lexicons/*.txt``, validated strictly.

A rule file holds the rules of one factor. Every rule has a stable dotted id
(``<factor>.<name>``), a lemma pattern, and real positive and negative examples (the
positive ones mark the expected evidence); ``tests/test_rules.py`` runs every example.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from pipeline.catalogue import RULES_DIR, load_catalogue
from pipeline.errors import ErrorCode, RuleError


class TokenSpec(BaseModel):
    """One token of a pattern: any of ``lemma`` (normal forms) or of ``lower`` (surface)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    lemma: tuple[str, ...] = ()
    lower: tuple[str, ...] = ()
    optional: bool = False
    gap: int = Field(default=0, ge=0, le=8)     # up to this many other words may come before it

    @model_validator(mode="after")
    def _one_kind(self) -> "TokenSpec":
        if bool(self.lemma) == bool(self.lower):
            raise ValueError("a token needs exactly one of 'lemma' or 'lower'")
        return self


class Condition(BaseModel):
    """Words (normal forms) that must — or must not — occur around a match.

    ``scope``: ``window`` (``window`` words either side of the match), ``before`` / ``after``
    (that many words on one side), ``clause``, ``lead_in`` (the clause and the lead-in of its
    list) or ``article`` (any clause of the same article). ``phrases`` are lower-case surface
    fragments checked in the same scope (for fixed phrases such as «настоящей статьей»).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)
    lemmas: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    scope: Literal["window", "before", "after", "clause", "lead_in", "article"] = "clause"
    window: int = Field(default=10, ge=1, le=60)

    @model_validator(mode="after")
    def _something(self) -> "Condition":
        if not self.lemmas and not self.phrases:
            raise ValueError("a condition needs 'lemmas' or 'phrases'")
        return self


class Example(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    text: str = Field(min_length=5)
    source: str = Field(min_length=3)           # act and address the text comes from
    evidence: str | None = None                 # positive only: the expected evidence span


class Examples(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    positive: tuple[Example, ...] = Field(min_length=1)
    negative: tuple[Example, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _positive_marked(self) -> "Examples":
        for example in self.positive:
            if not example.evidence or example.evidence not in example.text:
                raise ValueError(f"positive example must mark its evidence: {example.text[:60]}")
        return self


class RuleSchema(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = Field(pattern=r"^[a-z_]+\.[a-z_.]+$")
    title: str
    pattern: tuple[TokenSpec, ...] = Field(min_length=1)
    negated_by: tuple[str, ...] = ()            # lemmas right before the match that cancel it
    holder: Literal["state", "any"] = "any"     # who must hold the power for a finding
    requires: tuple[Condition, ...] = ()        # every condition must hold
    unless: tuple[Condition, ...] = ()          # any condition cancels the match
    confidence: float = Field(gt=0, le=1)
    explanation: str
    examples: Examples


class RuleFileSchema(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    factor: str
    version: int
    rules: tuple[RuleSchema, ...] = Field(min_length=1)


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    factor: str
    title: str
    pattern: tuple[TokenSpec, ...]
    negated_by: frozenset[str]
    holder: str
    confidence: float
    explanation: str
    examples: Examples
    requires: tuple[Condition, ...] = ()
    unless: tuple[Condition, ...] = ()


def parse_rule_file(path: Path) -> list[Rule]:
    try:
        schema = RuleFileSchema.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (yaml.YAMLError, ValidationError) as exc:
        raise RuleError(ErrorCode.E010_RULES, str(path), str(exc)) from exc
    if schema.factor not in load_catalogue().factors:
        raise RuleError(ErrorCode.E010_RULES, str(path), f"неизвестный фактор {schema.factor}")
    rules = []
    for raw in schema.rules:
        if not raw.id.startswith(schema.factor + "."):
            raise RuleError(ErrorCode.E010_RULES, str(path),
                            f"id {raw.id} должен начинаться с {schema.factor}.")
        rules.append(Rule(raw.id, schema.factor, raw.title, raw.pattern,
                          frozenset(raw.negated_by), raw.holder, raw.confidence,
                          raw.explanation, raw.examples, raw.requires, raw.unless))
    return rules


@lru_cache(maxsize=4)
def load_rules(rules_dir: Path = RULES_DIR) -> tuple[Rule, ...]:
    """Every detection rule of ``rules/<factor id>.yaml``; ids must be unique. Other data
    files of ``rules/`` (the catalogue, taxonomies, calendars, scoring tables) are not rule
    files and are left to their own loaders."""
    factors = set(load_catalogue().factors)
    rules: list[Rule] = []
    for path in sorted(rules_dir.glob("*.yaml")):
        if path.stem not in factors:
            continue
        rules.extend(parse_rule_file(path))
    ids = [r.id for r in rules]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise RuleError(ErrorCode.E010_RULES, str(rules_dir), f"повторяются id: {sorted(duplicates)}")
    return tuple(rules)


@lru_cache(maxsize=32)
def load_lexicon(name: str, rules_dir: Path = RULES_DIR) -> frozenset[str]:
    """A one-entry-per-line list; ``#`` starts a comment (attested examples live there)."""
    path = rules_dir / "lexicons" / f"{name}.txt"
    entries = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        entry = line.split("#", 1)[0].strip().lower().replace("ё", "е")
        if entry:
            entries.add(entry)
    if not entries:
        raise RuleError(ErrorCode.E010_RULES, str(path), "пустой словарь")
    return frozenset(entries)


# Rule files that the analysis of an act does not read: complaints, media, the taxonomy of
# both, the reporting schedules, and the references (the reference index keeps its own
# fingerprint, migration 0005). Editing them must not make every act analysed again.
NOT_ACT_RULES = ("complaints_", "media_", "taxonomy.", "schedules.", "references.")


def rules_fingerprint(rules_dir: Path = RULES_DIR) -> str:
    """Short hash of every rule, lexicon and catalogue file the analysis of an act reads
    (and of the register's scoring, areas and calendar), and of the code version.

    The register stores it with each analysed version: a file analysed again under changed
    rules is re-analysed instead of being reported unchanged.
    """
    import hashlib

    from pipeline import __version__

    digest = hashlib.sha256(__version__.encode())
    for path in sorted(p for p in rules_dir.rglob("*") if p.is_file()
                       and not p.name.startswith(NOT_ACT_RULES)):
        digest.update(path.relative_to(rules_dir).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
