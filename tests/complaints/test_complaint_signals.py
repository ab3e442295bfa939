"""Every signal rule's examples: positives fire with the marked evidence, negatives stay
silent, and an example attributed to an appeal is really in that appeal."""
from __future__ import annotations

import re

import pytest

from pipeline.complaints.corpus import load_texts
from pipeline.complaints.signals import SignalRules, load_signal_rules
from pipeline.nlp import get_nlp

RULES = load_signal_rules()
POSITIVE = [(r, e) for r in RULES for e in r.examples.positive]
NEGATIVE = [(r, e) for r in RULES for e in r.examples.negative]


@pytest.mark.parametrize(("rule", "example"), POSITIVE, ids=[f"{r.id}+{i}" for i, (r, _) in
                                                            enumerate(POSITIVE)])
def test_positive_example(rule, example):
    hits = SignalRules((rule,))(get_nlp()(example.text))
    assert [h.evidence for h in hits] == [example.evidence]
    assert hits[0].signal == rule.signal and hits[0].rule_id == rule.id


@pytest.mark.parametrize(("rule", "example"), NEGATIVE, ids=[f"{r.id}-{i}" for i, (r, _) in
                                                            enumerate(NEGATIVE)])
def test_negative_example(rule, example):
    assert SignalRules((rule,))(get_nlp()(example.text)) == []


def test_examples_quote_their_appeals():
    texts = load_texts()
    for rule in RULES:
        for example in (*rule.examples.positive, *rule.examples.negative):
            found = re.fullmatch(r"appeal (\d+)", example.source)
            if found:
                assert example.text in texts[found.group(1)], (rule.id, example.text)


def test_every_signal_has_a_rule():
    from pipeline.complaints.taxonomy import load_taxonomy

    assert {r.signal for r in RULES} == set(load_taxonomy().signal_ids)


def test_hit_offsets_point_into_the_text():
    text = "Прошу разобраться. Управляющая компания бездействует, в ответ получена отписка."
    hits = SignalRules()(get_nlp()(text))
    assert {(h.signal, h.evidence) for h in hits} == {("inaction", "бездействует"),
                                                       ("formal_reply", "отписка")}
    assert all(text[h.start:h.end] == h.evidence for h in hits)
