"""Every signal rule's examples: positives fire with the marked evidence, negatives stay
silent, and an example attributed to an appeal is really in that appeal."""
from __future__ import annotations

import re

import pytest

from pipeline.complaints.corpus import load_texts
from pipeline.complaints.signals import CueRules, SignalRules, load_cue_rules, load_signal_rules
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


# --- area and sector cues (same file, ``cues``) -------------------------------------------
CUES = load_cue_rules()
CUE_POSITIVE = [(c, e) for c in CUES for e in c.examples.positive]
CUE_NEGATIVE = [(c, e) for c in CUES for e in c.examples.negative]


@pytest.mark.parametrize(("cue", "example"), CUE_POSITIVE, ids=[f"{c.id}+{i}" for i, (c, _) in
                                                               enumerate(CUE_POSITIVE)])
def test_cue_positive_example(cue, example):
    hits = CueRules((cue,))(get_nlp()(example.text))
    assert [h.evidence for h in hits][:1] == [example.evidence]
    assert (hits[0].task, hits[0].label, hits[0].rule_id) == (cue.task, cue.label, cue.id)


@pytest.mark.parametrize(("cue", "example"), CUE_NEGATIVE, ids=[f"{c.id}-{i}" for i, (c, _) in
                                                               enumerate(CUE_NEGATIVE)])
def test_cue_negative_example(cue, example):
    assert CueRules((cue,))(get_nlp()(example.text)) == []


def test_cue_examples_quote_dev_appeals_only():
    """Cues were written on the dev split: an example quoting a test appeal would leak it."""
    import json

    from pipeline.complaints.corpus import DEFAULT_LABELS

    split = {str(json.loads(line)["id"]): json.loads(line)["split"]
             for line in DEFAULT_LABELS.read_text(encoding="utf-8").splitlines() if line.strip()}
    texts = load_texts()
    for cue in CUES:
        for example in (*cue.examples.positive, *cue.examples.negative):
            found = re.fullmatch(r"appeal (\d+)", example.source)
            if found:
                assert split.get(found.group(1)) == "dev", (cue.id, found.group(1))
                assert example.text in texts[found.group(1)], (cue.id, example.text)


def test_cue_labels_and_hint_tokens():
    from pipeline.complaints.features import hint_vocabulary, prepare, rule_string

    assert {c.task for c in CUES} == {"function_area", "sector"}
    assert any(c.decisive and c.label == "land_use" for c in CUES)
    vocabulary = set(hint_vocabulary(RULES, CUES))
    prepared = prepare(["Отписка: знак так и не поправили.", "Отписка. Прошу поправить знак."],
                       SignalRules())
    first, second = (set(p.row[2].split()) for p in prepared)
    assert {"cue_sector_roads_transport", "formal_reply_without_request"} <= first <= vocabulary
    assert "formal_reply_with_request" in second <= vocabulary
    assert rule_string(()) == ""
