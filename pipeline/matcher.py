"""Matching of rule patterns on the normal forms of tokens.

spaCy's Matcher on a custom extension attribute reads the attribute through Python for each
token and pattern, which is several times slower than the whole lemmatisation. Patterns here
are indexed by the lemmas of their first token, so a document is scanned once.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc

from pipeline.nlp.lemma import DOC_EXT, LOWER_EXT
from pipeline.rulebook import Rule, TokenSpec


@dataclass(frozen=True, slots=True)
class Match:
    rule: Rule
    start: int      # token indices [start, end)
    end: int


@dataclass(frozen=True, slots=True)
class _Spec:
    """A ``TokenSpec`` in the form the scan reads: sets instead of tuples."""
    lemmas: frozenset[str]      # empty: the token is matched by ``lowers``
    lowers: frozenset[str]
    optional: bool
    gap: int

    @classmethod
    def of(cls, spec: TokenSpec) -> "_Spec":
        return cls(frozenset(spec.lemma), frozenset(spec.lower), spec.optional, spec.gap)

    def accepts(self, lower: str, lemmas: Sequence[str]) -> bool:
        if self.lemmas:
            return not self.lemmas.isdisjoint(lemmas)
        return lower in self.lowers


class LemmaMatcher:
    def __init__(self, rules: Iterable[Rule]) -> None:
        self._by_lemma: dict[str, list[Rule]] = defaultdict(list)
        self._by_lower: dict[str, list[Rule]] = defaultdict(list)
        self._specs: dict[int, tuple[_Spec, ...]] = {}   # by id() of the rule
        self._cache: dict[str, tuple[Rule, ...]] = {}
        for rule in rules:
            first = rule.pattern[0]
            if first.optional:
                raise ValueError(f"{rule.id}: the first token of a pattern cannot be optional")
            for lemma in first.lemma:
                self._by_lemma[lemma].append(rule)
            for lower in first.lower:
                self._by_lower[lower].append(rule)
            self._specs[id(rule)] = tuple(_Spec.of(spec) for spec in rule.pattern)

    def _candidates(self, lower: str, lemmas: Sequence[str]) -> tuple[Rule, ...]:
        found: dict[str, Rule] = {}
        for lemma in lemmas:
            for rule in self._by_lemma.get(lemma, ()):
                found[rule.id] = rule
        for rule in self._by_lower.get(lower, ()):
            found[rule.id] = rule
        return tuple(found.values())

    def __call__(self, doc: Doc) -> list[Match]:
        seq = doc._.get(DOC_EXT)
        lowers = doc._.get(LOWER_EXT) or [t.lower_ for t in doc]
        found: list[Match] = []
        cache = self._cache
        for i, lower in enumerate(lowers):
            # The rules a word can start depend on the word alone: one lookup per token.
            candidates = cache.get(lower)
            if candidates is None:
                candidates = self._candidates(lower, seq[i])
                if len(cache) < 500_000:
                    cache[lower] = candidates
            for rule in candidates:
                end = _match_from(self._specs[id(rule)], seq, lowers, i)
                if end is not None and not _negated(rule, seq, i):
                    found.append(Match(rule, i, end))
        return found


@lru_cache(maxsize=65536)
def _is_word(lower: str) -> bool:
    return any(ch.isalnum() for ch in lower)


def _match_from(pattern: Sequence[_Spec], seq, lowers, start: int) -> int | None:
    """Greedy left-to-right match. Optional tokens are skipped when they do not fit;
    punctuation between pattern tokens is passed over («в порядке, установленном»); a token
    with ``gap`` may come after up to that many other words. The first token is the one the
    rule was looked up by, so it fits."""
    pos, size = start + 1, len(seq)
    for spec in pattern[1:]:
        while pos < size and not _is_word(lowers[pos]) and not spec.accepts(lowers[pos], seq[pos]):
            pos += 1
        found = None
        for at in range(pos, min(size, pos + spec.gap + 1)):
            if spec.accepts(lowers[at], seq[at]):
                found = at
                break
        if found is not None:
            pos = found + 1
        elif not spec.optional:
            return None
    return pos


def _negated(rule: Rule, seq, index: int) -> bool:
    return index > 0 and bool(rule.negated_by.intersection(seq[index - 1]))
