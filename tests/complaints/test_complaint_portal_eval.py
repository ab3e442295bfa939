"""The portal's own labels as features (with a text-only twin for complaints without them), the
abstain threshold chosen for macro-F1, and the bootstrap intervals of ``taza eval complaints``."""
from __future__ import annotations

import json

import numpy
import pytest

from pipeline.complaints.classify import Item, read_input
from pipeline.complaints.evaluate import bootstrap_intervals
from pipeline.complaints.features import NO_PORTAL, PORTAL, matrix, portal_string, prepare
from pipeline.complaints.model import ABSTAIN_MIN_GAIN, choose_abstain, macro_f1, make_pipeline
from pipeline.complaints.signals import SignalRules

# Portal labels of real appeals (nash-spb 2948077 and the label inventory of the portal).
FACADE = {"city_object": "Дом", "category": "Фасад",
          "reason": "Повреждение участков цоколя, отмостки, приямков, вентиляционных продухов"}
ROAD = {"city_object": "Территория Санкт-Петербурга", "category": "Благоустройство",
        "reason": "Повреждения дорожного покрытия  проезжей части"}
ADVERT = {"city_object": "Рекламные или информационные конструкции",
          "category": "Незаконная информационная и (или) рекламная конструкция",
          "reason": "Незаконное размещение информационной и (или) рекламной конструкции на "
                    "территории Санкт-Петербурга"}


@pytest.mark.parametrize("fields, present, absent", [
    (FACADE, ["city_object=дом", "category=фасад", "reason~цоколя", "reason~продухов"],
     ["reason~на"]),
    (ROAD, ["city_object=территория_санкт-петербурга", "reason~проезжей",
            "reason=повреждения_дорожного_покрытия_проезжей_части"], []),
    ({"category": "Благоустройство", "reason": None}, ["category=благоустройство"],
     ["city_object=", "reason="]),
])
def test_portal_tokens(fields, present, absent):
    tokens = portal_string(fields).split()
    assert set(present) <= set(tokens)
    assert not any(t.startswith(a) for t in tokens for a in absent)


@pytest.mark.parametrize("fields", [None, {}, {"category": "", "reason": "  "}])
def test_no_portal_labels_give_an_empty_block(fields):
    assert portal_string(fields) == NO_PORTAL == ""


def test_classify_input_takes_the_portal_labels(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": 1, "text": "Убрать", **FACADE}, ensure_ascii=False) + "\n"
                    + json.dumps({"id": "2", "text": "Яма", "category": 5}) + "\n",
                    encoding="utf-8")
    first, second = read_input(path)
    assert first == Item("1", "Убрать", **FACADE)
    assert second.portal == {"city_object": "", "category": "", "reason": ""}   # not a string


@pytest.fixture(scope="session")
def sector_pipeline():
    """A sector model on real appeal wordings whose portal labels decide the terse ones."""
    rows = [("Яма", ROAD, "roads_transport"), ("Яма на проезжей части", ROAD, "roads_transport"),
            ("Провал асфальта на дороге", ROAD, "roads_transport"),
            ("Яма", FACADE, "housing_utilities"), ("Разрушен цоколь дома", FACADE, "housing_utilities"),
            ("Отмостка разрушена", FACADE, "housing_utilities"),
            ("Незаконная реклама", ADVERT, "other"), ("Рекламная конструкция", ADVERT, "other"),
            ("Баннер без разрешения", ADVERT, "other")] * 3
    X = matrix(prepare([t for t, _, _ in rows], SignalRules(), portal=[p for _, p, _ in rows]))
    y = numpy.array([label for _, _, label in rows], dtype=object)
    return make_pipeline("multiclass", task="sector").fit(X, y), X


def test_portal_labels_decide_a_terse_text(sector_pipeline):
    pipeline, X = sector_pipeline
    probe = matrix(prepare(["Яма", "Яма"], SignalRules(), portal=[ROAD, FACADE]))
    assert list(pipeline.predict(probe)) == ["roads_transport", "housing_utilities"]


def test_a_complaint_without_portal_labels_goes_to_the_text_only_twin(sector_pipeline):
    pipeline, X = sector_pipeline
    classifier = pipeline[-1]
    bare = X[:2].copy()
    bare[:, PORTAL] = NO_PORTAL
    features = pipeline[0].transform(bare)
    assert list(classifier._without_portal(features)) == [True, True]
    assert not classifier._without_portal(pipeline[0].transform(X[:2])).any()
    expected = classifier.text_base_.predict_proba(classifier._blanked(features))
    columns = [list(classifier.classes_).index(c) for c in classifier.text_base_.classes_]
    assert numpy.allclose(pipeline.predict_proba(bare)[:, columns], expected)
    assert not numpy.allclose(pipeline.predict_proba(X[:2])[:, columns], expected)


def test_abstaining_only_when_it_pays():
    """Two rare-class complaints answered wrongly with low confidence: dropping them raises
    macro-F1 by far more than the required gain; a tiny gain keeps answering everything."""
    gold = numpy.array(["a"] * 20 + ["b"] * 4, dtype=object)
    best = numpy.array(["a"] * 18 + ["b", "b"] + ["b"] * 4, dtype=object)
    confidence = numpy.array([0.9] * 18 + [0.3, 0.3] + [0.9] * 4)
    threshold, curve = choose_abstain(confidence, best, gold)
    assert 0.3 < threshold <= 0.9
    chosen = next(c for c in curve if c["threshold"] == threshold)
    assert chosen["answered"] == round(22 / 24, 4)
    assert chosen["macro_f1"] >= curve[0]["macro_f1"] + ABSTAIN_MIN_GAIN
    assert curve[0]["macro_f1"] == round(macro_f1(list(gold), list(best), ()), 4)
    many = numpy.array(["a"] * 400 + ["b"] * 100, dtype=object)
    one_wrong = many.copy()
    one_wrong[0] = "b"
    confidence = numpy.array([0.3] + [0.9] * 499)
    assert choose_abstain(confidence, one_wrong, many)[0] == 0.0


def test_bootstrap_intervals_hold_the_estimate_and_repeat():
    gold_area = ["a"] * 30 + ["b"] * 6 + ["c"] * 4
    predicted_area = ["a"] * 29 + ["b"] + ["b"] * 4 + [None, "a"] + ["c", "c", "a", "c"]
    gold_signals = [{"inaction"}] * 10 + [set()] * 30
    predicted_signals = [{"inaction"}] * 8 + [set()] * 2 + [{"inaction", "formal_reply"}] + [set()] * 29
    intervals = bootstrap_intervals({"function_area": (gold_area, predicted_area),
                                     "sector": (gold_area, gold_area)},
                                    (gold_signals, predicted_signals))
    low, high = intervals["function_area"]
    assert low < macro_f1(gold_area, predicted_area, ()) < high <= 1.0
    assert intervals["sector"] == [1.0, 1.0]                 # perfect answers stay perfect
    low, high = intervals["signals"]
    assert low < 2 * 8 / (2 * 8 + 1 + 2) < high
    assert (intervals["draws"], intervals["seed"]) == (1000, 0)
    again = bootstrap_intervals({"function_area": (gold_area, predicted_area)},
                                (gold_signals, predicted_signals))
    assert again["function_area"] == intervals["function_area"]      # fixed seed
    assert again["signals"] == intervals["signals"]


def test_v4_is_the_default_and_v2_v3_still_answer():
    """v4 (rule vetoes, cue-gated rare areas) is the default; v3 (portal labels) and v2 (three
    input columns) are kept and still classify."""
    from pipeline.complaints.classify import ComplaintClassifier
    from pipeline.complaints.model import DEFAULT_VERSION, MODELS_DIR, ComplaintModel, latest_version

    assert DEFAULT_VERSION == "v4" and latest_version() == MODELS_DIR / "v4"
    item = Item("1", "Вентиляционные шахты в цоколе прикрыты картонкой на проволоке.", **FACADE)
    for version in ("v2", "v3", "v4"):
        model = ComplaintModel.load(MODELS_DIR / version)
        record = ComplaintClassifier(model, entities=False).classify([item], evidence=True)[0]
        assert (record["function_area"], record["sector"]) == ("public_services",
                                                              "housing_utilities"), version


def test_entities_tagged_shortest_first_come_back_in_input_order():
    """``tag_entities`` sorts a batch by length for speed; each text keeps its own spans."""
    from pipeline.complaints.entities import tag_entities

    texts = ["Управляющая компания бездействует, сплошные отписки. Директор управляющей компании "
             "ООО \"Петара\" Кудряшов А.Н. не отвечает.",
             "Несанкционированные надписи",
             "Администрация Невского района не реагирует."]
    together = tag_entities(texts)
    assert together == [tag_entities([t])[0] for t in texts]
    assert ("Кудряшов А.Н.", "PER") in {(e.text, e.type) for e in together[0]}
    assert together[1] == []


def test_cv_report_states_each_folds_area_and_sector_figures():
    """The dev CV prints, per fold, area and sector macro-F1 beside the signal figures, so a
    change can be judged against fold-to-fold noise (issue 4, pass 4)."""
    from pipeline.complaints.evaluate import _task_block, render_cv, signal_scores

    gold, answered = ["public_services", "transparency"], ["public_services", "public_services"]
    signals = signal_scores([{"inaction"}, set()], [{"inaction"}, set()], ["inaction"])
    fold = {"complaints": 2, "rules_only": 1.0, "model_only": 0.5, "system": 1.0,
            "gate_threshold": {"inaction": (0.0, 0.4)},
            "function_area_macro_f1": macro_f1(gold, answered, ()), "sector_macro_f1": 1.0}
    data = {"complaints": 2, "folds": 1, "text_only": False,
            "function_area": {"system": _task_block(gold, answered),
                              "system_no_abstain": _task_block(gold, answered)},
            "sector": {"system": _task_block(["other"] * 2, ["other"] * 2),
                       "system_no_abstain": _task_block(["other"] * 2, ["other"] * 2)},
            "signals": {"system": signals, "rules_only": signals, "per_fold": [fold]},
            "bootstrap_95": {"function_area": [0.0, 1.0], "sector": [1.0, 1.0],
                             "signals": [1.0, 1.0]}}
    assert "fold 1: 0.333 / 1.000; 1.000 / 0.500 / 1.000   (inaction 0/0.4)" in render_cv(data)
