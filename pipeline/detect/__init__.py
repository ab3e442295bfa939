"""Detectors by factor: a registry of functions that turn rule matches in a clause into findings.

The ``Analyzer`` lemmatises clauses in batches (``nlp.pipe``), runs one ``LemmaMatcher`` over
all rules, and hands each factor's matches to the detector registered for that factor, with
the clause's article as context.
"""
from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from functools import lru_cache
from typing import TYPE_CHECKING
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc

from pipeline.catalogue import Catalogue, load_catalogue
from pipeline.matcher import LemmaMatcher, Match
from pipeline.model import Clause, Finding
from pipeline.nlp import freeze_loaded, get_nlp
from pipeline.nlp.lemma import DOC_EXT
from pipeline.rulebook import Condition, Rule, load_rules, rules_fingerprint

if TYPE_CHECKING:
    from pipeline.calibrate import Calibrator

_WORD = re.compile(r"\w+(?:-\w+)*")


@lru_cache(maxsize=4096)
def text_lemmas(text: str) -> frozenset[str]:
    """Every normal form of every word of ``text`` (through the shared lemma cache); an
    article's text is asked for once per match in it, hence the cache."""
    cache = get_nlp().get_pipe("taza_lemmas").cache
    found: set[str] = set()
    for word in _WORD.findall(text):
        found.update(cache.forms(word))
    return frozenset(found)


@lru_cache(maxsize=1024)
def _lemma_set(lemmas: tuple[str, ...]) -> frozenset[str]:
    return frozenset(lemmas)


_SEQ: dict[int, tuple] = {}


def _lemma_seq(doc: Doc):
    """The normal forms of each token of ``doc``: read through spaCy's extension once per
    doc, not once per condition (the last doc is kept; a condition asks about one clause)."""
    key = id(doc)
    found = _SEQ.get(key)
    if found is None or found[0] is not doc:
        _SEQ.clear()
        found = _SEQ[key] = (doc, doc._.get(DOC_EXT))
    return found[1]


@dataclass(frozen=True, slots=True)
class ClauseContext:
    clause: Clause
    doc: Doc                          # spaCy Doc of clause.text (offsets relative to the clause)
    article: tuple[Clause, ...]       # every clause of the same article, in order
    catalogue: Catalogue
    shared: dict = field(default_factory=dict)  # per-article memo for detectors (one analysis)

    def parent(self, clause: Clause | None = None) -> Clause | None:
        """The lead-in clause of a point («1. … в случае, если:» above «1) …»); of this
        clause, or of another ``clause`` of the same article."""
        clause = clause or self.clause
        address = clause.address
        if address.point is None and address.subpoint is None:
            return None
        for other in reversed(self.article):
            if other.start >= clause.start:
                continue
            a = other.address
            if address.subpoint is not None and a.point == address.point and a.subpoint is None:
                return other
            if address.subpoint is None and a.part == address.part and a.point is None:
                return other
        return None

    def span(self, match: Match) -> tuple[int, int]:
        """Character offsets of a match inside the clause text."""
        last = self.doc[match.end - 1]
        return self.doc[match.start].idx, last.idx + len(last.text)

    def holds(self, condition: Condition, match: Match) -> bool:
        """Whether any of the condition's lemmas or phrases occurs in its scope."""
        scope = condition.scope
        if scope in ("window", "before", "after"):
            seq = _lemma_seq(self.doc)
            lo = match.start - condition.window if scope != "after" else match.end
            hi = match.end + condition.window if scope != "before" else match.start
            lo, hi = max(0, lo), min(len(seq), hi)
            if condition.lemmas:
                wanted = _lemma_set(condition.lemmas)
                if any(not wanted.isdisjoint(lemmas) for lemmas in seq[lo:hi]):
                    return True
            if condition.phrases:
                if hi <= lo:
                    return False
                # a slice of the clause text by token offsets: the same words as
                # ``doc[lo:hi].text``, without building a Span (this runs for every match)
                last = self.doc[hi - 1]
                text = self.clause.text[self.doc[lo].idx:last.idx + len(last.text)].lower()
                return any(p in text for p in condition.phrases)
            return False
        if scope == "clause":
            texts = [self.clause.text]
        elif scope == "lead_in":
            parent = self.parent()
            texts = [self.clause.text] + ([parent.text] if parent is not None else [])
        else:
            texts = [c.text for c in self.article] or [self.clause.text]
        joined = "\n".join(texts)
        if condition.lemmas and not _lemma_set(condition.lemmas).isdisjoint(text_lemmas(joined)):
            return True
        lowered = joined.lower().replace("ё", "е")
        return any(p in lowered for p in condition.phrases)

    def accepts(self, match: Match) -> bool:
        """The rule's ``requires`` all hold and none of its ``unless``."""
        rule = match.rule
        return all(self.holds(c, match) for c in rule.requires) and \
            not any(self.holds(c, match) for c in rule.unless)


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


def lexical_detector(ctx: ClauseContext, matches: Sequence[Match]) -> Iterable[Finding]:
    """The default for factors whose wording shows them: a match whose context conditions
    hold is a finding; overlapping matches of one factor give one finding (the longest)."""
    kept: list[tuple[int, int, Match]] = []
    for match in sorted(matches, key=lambda m: (m.start, -(m.end - m.start))):
        if not ctx.accepts(match):
            continue
        start, end = ctx.span(match)
        if kept and start < kept[-1][1]:
            continue
        kept.append((start, end, match))
    for start, end, match in kept:
        evidence = ctx.clause.text[start:end]
        yield make_finding(ctx, match.rule, start, end, match.rule.confidence,
                           match.rule.explanation.format(evidence=evidence, holder="орган"))


def group_by_article(clauses: Sequence[Clause]) -> dict[tuple, tuple[Clause, ...]]:
    groups: dict[tuple, list[Clause]] = defaultdict(list)
    for clause in clauses:
        groups[clause.address.article_key()].append(clause)
    return {key: tuple(value) for key, value in groups.items()}


# Factors whose every match needs the dependency parse (the analyzer parses their clauses in
# one batch); other detectors parse lazily, after their cheap checks.
SYNTAX_FIRST = frozenset({"optional_power"})


class Analyzer:
    """All detectors over all rules; build once per process, call for any number of clauses."""

    batch = 512

    def __init__(self, rules: Sequence[Rule] | None = None,
                 catalogue: Catalogue | None = None, *,
                 calibrator: "Calibrator | None | str" = "auto",
                 min_confidence: float | None = None) -> None:
        """``calibrator``: "auto" loads the model of ``models/confidence`` for the bundled
        rules (custom rule sets keep their own confidences); None keeps the rules' own.
        ``min_confidence``: findings below it are dropped; by default the calibrator's
        thresholds (per factor, chosen on dev), or 0 without a calibrator."""
        from pipeline.detect import _register_all
        _register_all()

        self.rules = tuple(rules if rules is not None else load_rules())
        if calibrator == "auto":
            from pipeline.calibrate import Calibrator
            calibrator = Calibrator.load() if rules is None else None
        self.calibrator = calibrator
        self.min_confidence = min_confidence if min_confidence is not None else \
            (calibrator.threshold if calibrator is not None else 0.0)
        # Per-factor thresholds chosen on dev by grouped cross-validation: used unless the
        # caller set one threshold for everything.
        self.thresholds: dict[str, float] | None = None
        if min_confidence is None and calibrator is not None and calibrator.thresholds:
            self.thresholds = dict(calibrator.thresholds)
        # Identifies what produced the findings; custom rule sets get their own ids.
        self.fingerprint = rules_fingerprint() if rules is None else "custom:" + \
            hashlib.sha256("\n".join(r.id for r in self.rules).encode()).hexdigest()[:16]
        if calibrator is not None:
            self.fingerprint = hashlib.sha256(
                (self.fingerprint + json.dumps(calibrator.meta, sort_keys=True)
                 + f"{self.min_confidence}").encode()).hexdigest()[:16]
        elif self.min_confidence:
            self.fingerprint += f"@{self.min_confidence}"
        self.catalogue = catalogue or load_catalogue()
        self.nlp = get_nlp()
        self.matcher = LemmaMatcher(self.rules)
        freeze_loaded()

    def analyze_clauses(self, clauses: Sequence[Clause]) -> list[list[Finding]]:
        """Findings of each clause, in the order of ``clauses``."""
        articles = group_by_article(clauses)
        results: list[list[Finding]] = []
        for start in range(0, len(clauses), self.batch):
            chunk = clauses[start:start + self.batch]
            docs = list(self.nlp.pipe((c.text for c in chunk), batch_size=256))
            matched = [self.matcher(doc) for doc in docs]
            # Syntax is needed for every optional_power match: parse those clauses together.
            from pipeline.detect.optional_power import is_inert, prime_syntax
            wanted = [(c.text, doc[m.start].idx) for c, doc, ms in zip(chunk, docs, matched)
                      for m in ms if m.rule.factor in SYNTAX_FIRST and not is_inert(doc, m)]
            if wanted:
                prime_syntax(wanted)
            results.extend(self._detect(chunk, docs, matched, articles))
        return results

    def _detect(self, clauses, docs, matched, articles) -> list[list[Finding]]:
        from pipeline.detect.facts import finding_facts

        results: list[list[Finding]] = []
        facts: list[list[dict]] = []
        memos: dict[tuple, dict] = defaultdict(dict)
        for clause, doc, matches in zip(clauses, docs, matched):
            found: list[Finding] = []
            if matches:
                by_factor: dict[str, list[Match]] = defaultdict(list)
                for match in matches:
                    by_factor[match.rule.factor].append(match)
                key = clause.address.article_key()
                ctx = ClauseContext(clause, doc, articles[key], self.catalogue, memos[key])
                for factor, matches in by_factor.items():
                    found.extend(_DETECTORS.get(factor, lexical_detector)(ctx, matches))
            # The calibrator reads the article around each finding (cheap, memoised per
            # article); without a calibrator nothing is computed.
            facts.append([finding_facts(ctx, f) for f in found]
                         if found and self.calibrator is not None else [])
            results.append(found)
        if self.calibrator is not None:
            # One call of the model for the whole batch of clauses.
            results = self.calibrator.apply_many(
                [(clause.text, found, fs) for clause, found, fs in zip(clauses, results, facts)])
        if self.thresholds is not None:
            default = self.thresholds.get("*", self.min_confidence)
            results = [[f for f in found if f.confidence >= self.thresholds.get(f.factor, default)]
                       for found in results]
        elif self.min_confidence:
            results = [[f for f in found if f.confidence >= self.min_confidence]
                       for found in results]
        return [sorted(found, key=lambda f: (f.start, f.rule_id)) for found in results]


def _register_all() -> None:
    """Import the modules that register factor-specific detectors."""
    import importlib
    import pkgutil

    for info in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{info.name}")
