"""Signal and event types of one publication from its cue hits.

The definition (../shared/TAXONOMY.md): a signal reports a *concrete* case involving a public
official, a state body, a state company or public money. So the rules look for sentences where
an offence cue meets an ``official`` cue (same or next sentence), and for a ``concrete`` cue in
the publication; ``private_fraud`` cues (phone scams, pyramids) and ``exclusion`` cues
(treason, violence) count against. The title and the lead (first sentences) weigh more: a
story that mentions an old case in passing is not a signal (ruling M4).

``Evidence`` summarises the hits as named features; the rules turn them into a score, and the
optional model (``pipeline/media/model.py``) learns the same features on the gold dev split.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from pipeline.media.cues import CASE_TYPES, CueHit

LEAD_SENTENCES = 3
OFFENCE_GROUPS = frozenset(CASE_TYPES)
# «мошенничество» alone is an offence only with an official nearby (ruling M2)
WEAK_OFFENCE = frozenset({"embezzlement.fraud", "procurement_fraud.tender",
                          "procurement_fraud.contract_won", "conflict_of_interest.affiliated"})
HEAD_GROUPS = ("official", "concrete", "private_fraud", "policy", "exclusion")
RULE_THRESHOLD = 1.6
TYPE_SHARE = 0.45            # a second type needs this share of the best type's score


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    hits: tuple[CueHit, ...]

    def groups(self) -> frozenset[str]:
        return frozenset(h.group for h in self.hits)

    def weight(self, groups) -> float:
        return sum(h.weight for h in self.hits if h.group in groups)


@dataclass(frozen=True)
class Evidence:
    """What the cues say about one publication."""
    features: dict[str, float]
    cue_ids: tuple[str, ...]
    type_scores: dict[str, float]
    best_sentence: tuple[int, int] | None
    hits: tuple[CueHit, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class Decision:
    is_signal: bool
    confidence: float
    event_types: tuple[str, ...]
    evidence_span: tuple[int, int] | None
    rule_ids: tuple[str, ...]


@lru_cache(maxsize=4096)
def sentence_spans(text: str) -> tuple[tuple[int, int], ...]:
    from razdel import sentenize

    return tuple((s.start, s.stop) for s in sentenize(text))


def split_sentences(text: str, hits: list[CueHit]) -> list[Sentence]:
    spans = sentence_spans(text) or ((0, len(text)),)
    out, k = [], 0
    ordered = sorted(hits, key=lambda h: h.start)
    for start, end in spans:
        own = []
        while k < len(ordered) and ordered[k].start < end:
            if ordered[k].start >= start:
                own.append(ordered[k])
            k += 1
        out.append(Sentence(start, end, tuple(own)))
    return out


def _offence(sentence: Sentence, official_near: bool) -> float:
    return sum(h.weight for h in sentence.hits if h.group in OFFENCE_GROUPS
               and (official_near or h.cue_id not in WEAK_OFFENCE))


def collect(text: str, hits: list[CueHit], title_end: int = 0) -> Evidence:
    """Features of a publication; ``title_end``: where the title ends in ``text`` (0: none)."""
    sentences = split_sentences(text, hits)
    n = len(sentences)
    f: Counter[str] = Counter()
    type_scores: Counter[str] = Counter()
    best, best_score = None, 0.0
    doc_groups = Counter(h.group for h in hits)
    for i, s in enumerate(sentences):
        in_title = s.start < title_end
        in_lead = i < LEAD_SENTENCES + (1 if title_end else 0)
        place = 2.0 if in_title else 1.5 if in_lead else 1.0
        near = sentences[max(0, i - 1): i + 2]
        official_near = any("official" in x.groups() for x in near)
        concrete_near = any("concrete" in x.groups() for x in near)
        fraud_near = sum(x.weight({"private_fraud"}) for x in near)
        offence = _offence(s, official_near)
        if offence:
            f["offence"] += offence
            f["offence_lead"] += offence * (in_lead or in_title)
            if official_near:
                f["offence_official"] += offence * place
            if concrete_near:
                f["offence_concrete"] += offence * place
            if official_near and concrete_near:
                f["offence_official_concrete"] += offence * place
                f["core_sentences"] += 1
                f["core_lead"] += in_lead or in_title
            if fraud_near:
                f["offence_private_fraud"] += min(offence, fraud_near)
            for h in s.hits:
                if h.group in OFFENCE_GROUPS and (official_near or h.cue_id not in WEAK_OFFENCE):
                    type_scores[h.group] += h.weight * place * (1.5 if official_near else 1.0)
            score = offence * place * (1 + official_near + concrete_near)
            if score > best_score:
                best, best_score = (s.start, s.end), score
        for group in ("official", "concrete", "private_fraud", "policy", "exclusion"):
            w = s.weight({group})
            if w:
                f[group] += w
                if in_lead or in_title:
                    f[group + "_lead"] += w
        if in_title or i == 0:
            # the head alone (the title, or a post's first sentence) says what the story is
            # about: a case, or a proposal or other topic that recalls cases lower down (M4)
            for name, w in (("offence", offence),
                            *((g, s.weight({g})) for g in HEAD_GROUPS)):
                if w:
                    f["head_" + name] += w
    f["sentences_log"] = math.log1p(n)
    f["chars_log"] = math.log1p(len(text))
    for group, count in doc_groups.items():
        f["density_" + group] = 1000.0 * count / max(len(text), 200)
    cue_ids = tuple(sorted({h.cue_id for h in hits}))
    return Evidence(dict(f), cue_ids, dict(type_scores), best, tuple(hits))


def rule_score(ev: Evidence) -> float:
    """The hand-set score of the rules: concrete offence with an official, minus private fraud
    and exclusions; a share of long articles' repeated hits counts (investigations)."""
    f = ev.features
    score = (math.log1p(f.get("offence_official_concrete", 0.0))
             + 0.5 * math.log1p(f.get("offence_official", 0.0))
             + 0.3 * math.log1p(f.get("offence_concrete", 0.0))
             + 0.4 * min(f.get("core_lead", 0.0), 2))
    score -= 0.8 * math.log1p(f.get("private_fraud_lead", 0.0)) + 0.4 * math.log1p(
        f.get("offence_private_fraud", 0.0))
    score -= 0.5 * math.log1p(f.get("exclusion_lead", 0.0))
    if not f.get("official"):
        score -= 1.0
    return score


def rule_types(ev: Evidence) -> tuple[str, ...]:
    scores = ev.type_scores
    if not scores:
        return ()
    top = max(scores.values())
    return tuple(t for t in CASE_TYPES if scores.get(t, 0.0) >= TYPE_SHARE * top)


POLICY_CUES = frozenset({"policy.anticorruption", "policy.anticorruption_adj",
                         "policy.penalty_reform", "policy.statistics"})
CORRUPTION_WORDS = frozenset({"abuse_of_office.corruption", "bribery.bribe"})


def is_policy(ev: Evidence) -> bool:
    """Anti-corruption policy without a case: a measure, reform or statistics cue on
    corruption itself (not any law or reform), and policy words in the title or lead."""
    cues = set(ev.cue_ids)
    return bool(POLICY_CUES & cues) and bool(CORRUPTION_WORDS & cues) \
        and ev.features.get("policy", 0.0) >= 2.0


def decide_by_rules(ev: Evidence) -> Decision:
    score = rule_score(ev)
    signal = score >= RULE_THRESHOLD
    confidence = 1.0 / (1.0 + math.exp(-2.0 * (score - RULE_THRESHOLD)))
    types = rule_types(ev) if signal else (("anticorruption_policy",) if is_policy(ev) else ())
    if signal and not types:
        types = ("abuse_of_office",)
    return Decision(signal, round(confidence, 4), types, ev.best_sentence, ev.cue_ids)
