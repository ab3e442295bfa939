"""The normalised subject of a norm: the procedure it sets and the quantities it gives.

A sentence that contains a procedure word («рассматривает», «рассмотрение», «выдача»)
has the subject *verb + object lemmas*: the verb the word maps to in
``rules/references.yaml`` (``procedure_verbs``) and the lemmas of the other content words
of the sentence, minus the words too common to tell procedures apart
(``subject_stopwords``). Two norms set *the same procedure* when the verbs agree and the
lemma sets mostly do (``similarity``). Subjects index the register for search
(``taza refs search``) and drive the quantity collisions.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.model import Clause
from pipeline.references.lexicon import Lexicon, load_lexicon
from pipeline.references.model import Quantity
from pipeline.references.quantities import extract_quantities

_SENTENCE = re.compile(r"(?:[^.;:]|[.:](?=\d))+(?:[.;:](?!\d)|$)")   # «39.16» stays whole
_WORD = re.compile(r"[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)*")
_START_OF_PERIOD = re.compile(r"(?:со\s+дня|с\s+даты|с\s+момента|после)\s+$", re.IGNORECASE)
_CONTENT_POS = frozenset({"NOUN", "ADJF", "ADJS", "PRTF", "PRTS", "INFN", "VERB"})


@dataclass(frozen=True, slots=True)
class Subject:
    verb: str
    lemmas: frozenset[str]
    start: int                        # the sentence, offsets in the clause text
    end: int
    quantities: tuple[Quantity, ...]  # in that sentence, offsets in the clause text


def _parse(word: str):
    from pipeline.nlp.lemma import morph_analyzer

    return morph_analyzer().parse(word.lower())[0]


_CACHE: dict[str, tuple[str, str | None]] = {}


def lemma_pos(word: str) -> tuple[str, str | None]:
    found = _CACHE.get(word)
    if found is None:
        parsed = _parse(word)
        found = (parsed.normal_form.replace("ё", "е"), parsed.tag.POS)
        if len(_CACHE) < 200_000:
            _CACHE[word] = found
    return found


def lemmas_of(text: str, lexicon: Lexicon | None = None) -> frozenset[str]:
    """Content lemmas of a text, stop words out (also for search queries)."""
    lexicon = lexicon or load_lexicon()
    stop = set(lexicon.raw.subject_stopwords)
    out = set()
    for match in _WORD.finditer(text):
        lemma, pos = lemma_pos(match.group(0))
        if pos in _CONTENT_POS and lemma not in stop and len(lemma) > 2:
            out.add(lexicon.verb_of.get(lemma, lemma))
    return frozenset(out)


def subjects(text: str, lexicon: Lexicon | None = None) -> list[Subject]:
    """One subject per procedure verb per sentence of ``text`` (a clause)."""
    return list(_subjects(text, lexicon or load_lexicon()))


@lru_cache(maxsize=8192)
def _subjects(text: str, lexicon: Lexicon) -> tuple[Subject, ...]:
    found = extract_quantities(text, lexicon)
    out = []
    for sentence in _SENTENCE.finditer(text):
        verbs: list[str] = []
        body = sentence.group(0)
        for match in _WORD.finditer(body):
            lemma, _ = lemma_pos(match.group(0))
            verb = lexicon.verb_of.get(lemma)
            if not verb or verb in verbs:
                continue
            if _START_OF_PERIOD.search(body[max(0, match.start() - 40):match.start()]):
                continue             # «со дня принятия решения»: when the period starts
            verbs.append(verb)
        if not verbs:
            continue
        lemmas = lemmas_of(sentence.group(0), lexicon)
        inside = tuple(q for q in found if sentence.start() <= q.start < sentence.end())
        for verb in verbs:
            out.append(Subject(verb, lemmas - {verb}, sentence.start(), sentence.end(), inside))
    return tuple(out)


def clause_subjects(clause: Clause, lexicon: Lexicon | None = None) -> list[Subject]:
    return subjects(clause.text, lexicon)


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard similarity of two lemma sets."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)
