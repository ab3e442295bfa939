"""What the complaint classifier sees: lemmas, surface characters, rule hits and the portal's
own labels.

A complaint becomes one row of four strings (a numpy object array, so the scikit-learn
``ColumnTransformer`` can route each to its vectoriser): the first normal form of every word,
the lower-cased text (character n-grams survive typos and the portal's abbreviations: «УК»,
«ЖКС№3»), and the **hints** — the ids of the signal rules that fired (a hint for
``transparency``, whose complaints rebut a reply) and one token per hit of an area or sector
cue (``rules/complaints_signals.yaml``, ``cues``: «проезжая часть» → ``roads_transport``),
and the **portal** tokens: the object, category and reason the citizen picked on the portal
(``city_object``, ``category``, ``reason`` of the St Petersburg appeals), each whole and word by
word, so that a terse text («Убрать», «Объявления») is read with what it is about. Complaints
from elsewhere have no such fields: their portal string is empty (``model.CuedClassifier``
then answers with its text-only twin).

The hint vocabulary is fixed by the rule file, not learnt from the training texts, so a cue for
a label that no training complaint carries (``land_use``) still has its column and a decisive
cue can name that label (``model.CuedClassifier``).
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy
from spacy.tokens import Doc

from pipeline.complaints.corpus import PORTAL_FIELDS
from pipeline.complaints.signals import CueHit, CueRule, CueRules, SignalHit, SignalRule, SignalRules
from pipeline.nlp import get_nlp
from pipeline.nlp.lemma import lemma_text

LEMMAS, CHARS, RULES, PORTAL = 0, 1, 2, 3
NO_PORTAL = ""                  # no portal labels: an empty block, the model's text-only twin
_WORD = re.compile(r"\w{3,}")
MAX_CUE_COUNT = 3               # a fourth «подвал» says no more than the third
# The TAXONOMY ruling on replies: a complaint that rebuts a reply and no longer asks for the
# fix is ``transparency``; one that still asks keeps its service area.
FIX_REQUEST_CUE = "area.public_services.fix_request"
FORMAL_REPLY = "formal_reply"
REPLY_WITHOUT_REQUEST = "formal_reply_without_request"
REPLY_WITH_REQUEST = "formal_reply_with_request"


@dataclass(frozen=True, slots=True)
class Prepared:
    """A complaint after the NLP pass: its doc, rule and cue hits and the model's input row."""
    text: str
    doc: Doc
    hits: tuple[SignalHit, ...]
    row: tuple[str, str, str, str]
    cues: tuple[CueHit, ...] = ()


def lemma_string(doc: Doc) -> str:
    return lemma_text(doc)


def rule_token(rule_id: str) -> str:
    return rule_id.replace(".", "__")


def cue_label_token(task: str, label: str) -> str:
    return f"cue_{task}_{label}"


def decisive_token(task: str, label: str) -> str:
    return f"decisive_{task}_{label}"


def rule_string(hits: Iterable[SignalHit], cues: Iterable[CueHit] = ()) -> str:
    """Signal rules once each; cues once per hit (at most ``MAX_CUE_COUNT``), so the model
    sees how much of the text speaks of roads or of a reply."""
    hits, cues = list(hits), list(cues)
    tokens = sorted({f"sig_{h.signal}" for h in hits} | {rule_token(h.rule_id) for h in hits})
    counts: dict[str, int] = {}
    for cue in cues:
        for token in (rule_token(cue.rule_id), cue_label_token(cue.task, cue.label),
                      *((decisive_token(cue.task, cue.label),) if cue.decisive else ())):
            counts[token] = min(counts.get(token, 0) + 1, MAX_CUE_COUNT)
    if any(h.signal == FORMAL_REPLY for h in hits):
        asks = any(c.rule_id == FIX_REQUEST_CUE for c in cues)
        counts[REPLY_WITH_REQUEST if asks else REPLY_WITHOUT_REQUEST] = 1
    tokens += [t for t, n in sorted(counts.items()) for _ in range(n)]
    return " ".join(tokens)


def portal_string(fields: Mapping[str, str | None] | None) -> str:
    """The portal's labels as tokens: each field whole (``category=благоустройство``) and each
    of its words (``category~мусор``); empty when the complaint has none."""
    tokens = []
    for name in PORTAL_FIELDS:
        value = " ".join(str((fields or {}).get(name) or "").casefold().replace("ё", "е").split())
        if value:
            tokens.append(f"{name}={value.replace(' ', '_')}")
            tokens += sorted({f"{name}~{w}" for w in _WORD.findall(value)})
    return " ".join(tokens) or NO_PORTAL


def hint_vocabulary(signal_rules: Sequence[SignalRule], cues: Sequence[CueRule]) -> list[str]:
    """Every token ``rule_string`` can write for these rules: the model's fixed hint columns."""
    tokens = {f"sig_{r.signal}" for r in signal_rules} | {rule_token(r.id) for r in signal_rules}
    tokens |= {rule_token(c.id) for c in cues} | {cue_label_token(c.task, c.label) for c in cues}
    tokens |= {decisive_token(c.task, c.label) for c in cues if c.decisive}
    tokens |= {REPLY_WITH_REQUEST, REPLY_WITHOUT_REQUEST}
    return sorted(tokens)


@lru_cache(maxsize=1)
def default_cues() -> CueRules:
    return CueRules()


def prepare(texts: Sequence[str], rules: SignalRules, batch_size: int = 256,
            cues: CueRules | None = None,
            portal: Sequence[Mapping[str, str | None] | None] | None = None) -> list[Prepared]:
    """``portal``: per text, its portal fields (``PORTAL_FIELDS``) or None."""
    cues = cues if cues is not None else default_cues()
    portal = portal if portal is not None else [None] * len(texts)
    prepared = []
    for text, fields, doc in zip(texts, portal, get_nlp().pipe(texts, batch_size=batch_size)):
        hits, cue_hits = tuple(rules(doc)), tuple(cues(doc))
        prepared.append(Prepared(text, doc, hits, (lemma_string(doc), text.lower(),
                                                   rule_string(hits, cue_hits),
                                                   portal_string(fields)), cue_hits))
    return prepared


def matrix(prepared: Sequence[Prepared]) -> numpy.ndarray:
    rows = numpy.empty((len(prepared), 4), dtype=object)
    for i, p in enumerate(prepared):
        rows[i] = p.row
    return rows
