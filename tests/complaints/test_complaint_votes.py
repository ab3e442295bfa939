"""How rules, cues and the model vote (model v4): a signal's rule hit can be vetoed by its
model, with the gate and threshold chosen on cross-validated predictions; a rare function area
is answered only where one of its cues fired, and takes the answer from an unsure model."""
from __future__ import annotations

import json

import numpy
import pytest

from pipeline.complaints.classify import ComplaintClassifier, Item
from pipeline.complaints.features import matrix, prepare
from pipeline.complaints.model import choose_signal_threshold, choose_signal_vote, make_pipeline
from pipeline.complaints.signals import SignalRules


def test_a_trusted_rule_keeps_no_gate_and_needs_no_model():
    gold = numpy.array([True] * 10 + [False] * 30)
    rule = gold.copy()
    proba = numpy.where(gold, 0.6, 0.2)
    assert choose_signal_vote(proba, rule, gold) == (0.0, 1.01, 1.0)
    assert choose_signal_threshold(proba, rule, gold) == (1.01, 1.0)


def test_the_model_vetoes_rule_hits_it_finds_unlikely():
    """Ten true hits the model backs (0.7) and four false hits it does not (0.02): a gate
    between them keeps the ten and drops the four."""
    gold = numpy.array([True] * 10 + [False] * 30)
    rule = numpy.array([True] * 14 + [False] * 26)
    proba = numpy.array([0.7] * 10 + [0.02] * 4 + [0.1] * 26)
    gate, threshold, f1 = choose_signal_vote(proba, rule, gold)
    assert 0.02 < gate <= 0.7 and f1 == 1.0
    assert choose_signal_vote(proba, rule, gold, gates=(0.0,))[2] < 1.0


def test_a_vetoed_rule_hit_is_not_reported(trained_model):
    model, directory = trained_model
    item = Item("x", "Управляющая компания бездействует.")
    saved = json.loads((directory / "meta.json").read_text("utf-8"))
    assert "inaction" in ComplaintClassifier(model, entities=False).classify([item])[0]["signals"]
    model.meta["signal_gates"] = {**saved["signal_gates"], "inaction": 1.01}
    model.meta["signal_thresholds"] = {**saved["signal_thresholds"], "inaction": 1.01}
    try:
        record = ComplaintClassifier(model, entities=False).classify([item])[0]
    finally:
        model.meta["signal_gates"] = saved["signal_gates"]
        model.meta["signal_thresholds"] = saved["signal_thresholds"]
    assert "inaction" not in record["signals"]


# A small area task: many service requests, two complaints about fines (jurisdiction).
SERVICE = ["Мусор во дворе не убран", "В подвале течь", "Грязь в парадной",
           "Не работает лифт", "Протекает крыша", "Не горит свет в подъезде"]
FINES = ["Прошу оштрафовать водителей, которые ставят машины на газоне у дома",
         "Нарушителей на газоне у дома не наказывают, нужен штраф"]


@pytest.fixture(scope="module")
def area_pipeline():
    texts = SERVICE * 4 + FINES
    y = numpy.array(["public_services"] * len(SERVICE) * 4 + ["jurisdiction"] * len(FINES),
                    dtype=object)
    pipeline = make_pipeline("multiclass", task="function_area")
    pipeline[-1].set_params(min_support=5, unsure=0.0)
    return pipeline.fit(matrix(prepare(texts, SignalRules())), y)


def _proba(pipeline, texts):
    proba = pipeline.predict_proba(matrix(prepare(texts, SignalRules())))
    assert numpy.allclose(proba.sum(axis=1), 1)
    return dict(zip(texts, (dict(zip(pipeline.classes_, row)) for row in proba)))


def test_a_rare_area_needs_its_cue(area_pipeline):
    assert area_pipeline[-1].needs_cue_.keys() == {"jurisdiction"}
    proba = _proba(area_pipeline, ["Водители ставят машины на газоне у дома",
                                   "Водителей на газоне у дома надо оштрафовать"])
    assert proba["Водители ставят машины на газоне у дома"]["jurisdiction"] == 0.0
    assert proba["Водителей на газоне у дома надо оштрафовать"]["jurisdiction"] > 0.0


def test_a_cued_rare_area_takes_the_answer_from_an_unsure_model(area_pipeline):
    text = "Судебный пристав бездействует"         # dev appeal 3311551: the bailiff cue
    area_pipeline[-1].set_params(unsure=0.0)
    before = _proba(area_pipeline, [text])[text]
    area_pipeline[-1].set_params(unsure=1.01)
    try:
        after = _proba(area_pipeline, [text])[text]
    finally:
        area_pipeline[-1].set_params(unsure=0.0)
    assert max(before, key=before.get) == "public_services"
    assert max(after, key=after.get) == "jurisdiction"
