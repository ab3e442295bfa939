"""Detectors by factor: a registry of functions that turn rule matches in a clause into findings.

The ``Analyzer`` lemmatises clauses in batches (``nlp.pipe``), runs one ``LemmaMatcher`` over
all rules, and hands each factor's matches to the detector registered for that factor, with
the clause's article as context.
"""
from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc

from pipeline.catalogue import Catalogue, load_catalogue
from pipeline.matcher import LemmaMatcher, Match
from pipeline.model import Clause, Finding
from pipeline.nlp import get_nlp
from pipeline.rulebook import Rule, load_rules, rules_fingerprint


@dataclass(frozen=True, slots=True)
class ClauseContext:
    clause: Clause
    doc: Doc                          # spaCy Doc of clause.text (offsets relative to the clause)
    article: tuple[Clause, ...]       # every clause of the same article, in order
    catalogue: Catalogue

    def parent(self) -> Clause | None:
        """The lead-in clause of a point («1. … в случае, если:» above «1) …»)."""
        address = self.clause.address
        if address.point is None and address.subpoint is None:
            return None
        for other in reversed(self.article):
            if other.start >= self.clause.start:
                continue
            a = other.address
            if address.subpoint is not None and a.point == address.point and a.subpoint is None:
                return other
            if address.subpoint is None and a.part == address.part and a.point is None:
                return other
        return None


Detector = Callable[[ClauseContext, Sequence[Match]], Iterable[Finding]]
_DETECTORS: dict[str, Detector] = {}


def detector(factor: str) -> Callable[[Detector], Detector]:
    def register(func: Detector) -> Detector:
        _DETECTORS[factor] = func
        return func

    return register


def make_finding(ctx: ClauseContext, rule: Rule, start: int, end: int, confidence: float,
                 explanation: str) -> Finding:
    """A finding with offsets turned from clause-relative into document offsets."""
    text = ctx.clause.text
    return Finding(
        rule_id=rule.id,
        factor=rule.factor,
        address=ctx.clause.address,
        start=ctx.clause.start + start,
        end=ctx.clause.start + end,
        evidence=text[start:end],
        explanation=explanation,
        confidence=round(confidence, 3),
        recommendation=ctx.catalogue[rule.factor].recommendation,
    )


def group_by_article(clauses: Sequence[Clause]) -> dict[tuple, tuple[Clause, ...]]:
    groups: dict[tuple, list[Clause]] = defaultdict(list)
    for clause in clauses:
        groups[clause.address.article_key()].append(clause)
    return {key: tuple(value) for key, value in groups.items()}


class Analyzer:
    """All detectors over all rules; build once per process, call for any number of clauses."""

    def __init__(self, rules: Sequence[Rule] | None = None,
                 catalogue: Catalogue | None = None) -> None:
        from pipeline.detect import optional_power  # noqa: F401  (registers the detector)

        self.rules = tuple(rules if rules is not None else load_rules())
        # Identifies what produced the findings; custom rule sets get their own ids.
        self.fingerprint = rules_fingerprint() if rules is None else "custom:" + \
            hashlib.sha256("\n".join(r.id for r in self.rules).encode()).hexdigest()[:16]
        self.catalogue = catalogue or load_catalogue()
        self.nlp = get_nlp()
        self.matcher = LemmaMatcher(r for r in self.rules if r.factor in _DETECTORS)

    def analyze_clauses(self, clauses: Sequence[Clause]) -> list[list[Finding]]:
        """Findings of each clause, in the order of ``clauses``."""
        articles = group_by_article(clauses)
        results: list[list[Finding]] = []
        docs = self.nlp.pipe((c.text for c in clauses), batch_size=256)
        for clause, doc in zip(clauses, docs):
            by_factor: dict[str, list[Match]] = defaultdict(list)
            for match in self.matcher(doc):
                by_factor[match.rule.factor].append(match)
            found: list[Finding] = []
            if by_factor:
                ctx = ClauseContext(clause, doc, articles[clause.address.article_key()],
                                    self.catalogue)
                for factor, matches in by_factor.items():
                    found.extend(_DETECTORS[factor](ctx, matches))
            results.append(sorted(found, key=lambda f: (f.start, f.rule_id)))
        return results
