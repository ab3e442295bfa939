"""What the complaint classifier sees: lemmas, surface characters and rule hits.

A complaint becomes one row of three strings (a numpy object array, so the scikit-learn
``ColumnTransformer`` can route each to its vectoriser): the first normal form of every word,
the lower-cased text (character n-grams survive typos and the portal's abbreviations: «УК»,
«ЖКС№3»), and the ids of the signal rules that fired (a hint for ``transparency``, whose
complaints rebut a reply).
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy
from spacy.tokens import Doc

from pipeline.complaints.signals import SignalHit, SignalRules
from pipeline.nlp import get_nlp
from pipeline.nlp.lemma import DOC_EXT

LEMMAS, CHARS, RULES = 0, 1, 2


@dataclass(frozen=True, slots=True)
class Prepared:
    """A complaint after the NLP pass: its doc, rule hits and the model's input row."""
    text: str
    doc: Doc
    hits: tuple[SignalHit, ...]
    row: tuple[str, str, str]


def lemma_string(doc: Doc) -> str:
    return " ".join(forms[0] for forms in doc._.get(DOC_EXT) if any(c.isalnum() for c in forms[0]))


def rule_string(hits: Iterable[SignalHit]) -> str:
    return " ".join(sorted({f"sig_{h.signal}" for h in hits} | {h.rule_id.replace(".", "__")
                                                               for h in hits}))


def prepare(texts: Sequence[str], rules: SignalRules, batch_size: int = 256) -> list[Prepared]:
    prepared = []
    for text, doc in zip(texts, get_nlp().pipe(texts, batch_size=batch_size)):
        hits = tuple(rules(doc))
        prepared.append(Prepared(text, doc, hits, (lemma_string(doc), text.lower(),
                                                   rule_string(hits))))
    return prepared


def matrix(prepared: Sequence[Prepared]) -> numpy.ndarray:
    rows = numpy.empty((len(prepared), 3), dtype=object)
    for i, p in enumerate(prepared):
        rows[i] = p.row
    return rows
