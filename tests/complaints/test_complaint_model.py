"""The classifier on the real appeals: trained on dev, it beats the majority class on the
held-out test ids; the saved model carries its metadata and is refused on a version mismatch;
experts' corrections reach the next training; classify keeps the stable interface."""
from __future__ import annotations

import json
from collections import Counter

import numpy
import pytest
from typer.testing import CliRunner

from pipeline.complaints.classify import ComplaintClassifier, Item
from pipeline.complaints.model import ComplaintModel, ModelRefused, macro_f1


def test_beats_the_majority_class_on_held_out_ids(trained_model, gold):
    model, _ = trained_model
    dev = [g for g in gold if g.split == "dev"]
    test = [g for g in gold if g.split == "test"]
    assert not {g.id for g in dev} & {g.id for g in test}
    records = ComplaintClassifier(model, entities=False).classify([Item(g.id, g.text) for g in test])
    for task in ("function_area", "sector"):
        y = [getattr(g, task) for g in test]
        majority = Counter(getattr(g, task) for g in dev).most_common(1)[0][0]
        predicted = [r[task] for r in records]
        accuracy = numpy.mean([p == t for p, t in zip(predicted, y)])
        assert accuracy > numpy.mean([t == majority for t in y]) + 0.1, task
        assert macro_f1(y, predicted, ()) > macro_f1(y, [majority] * len(y), ()), task


def test_meta_and_version_refusal(trained_model, tmp_path):
    model, directory = trained_model
    meta = json.loads((directory / "meta.json").read_text(encoding="utf-8"))
    for key in ("versions", "training_data_sha256", "labels", "cross_validated",
                "abstain_threshold"):
        assert key in meta
    assert "public_services" in meta["labels"]["function_area"]
    assert 0 <= meta["abstain_threshold"]["function_area"] < 1
    copy = tmp_path / "v9"
    copy.mkdir()
    (copy / "model.joblib").write_bytes((directory / "model.joblib").read_bytes())
    meta["versions"]["scikit-learn"] = "0.0.1"
    (copy / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelRefused, match="scikit-learn 0.0.1"):
        ComplaintModel.load(copy)


def test_low_confidence_goes_to_review(trained_model):
    model, _ = trained_model
    model.meta["abstain_threshold"] = {"function_area": 1.01, "sector": 0.0}
    try:
        record = ComplaintClassifier(model, entities=False).classify(
            [Item("x", "Управляющая компания бездействует, в подвале течь.")])[0]
    finally:
        model.meta["abstain_threshold"] = json.loads(
            (trained_model[1] / "meta.json").read_text("utf-8"))["abstain_threshold"]
    assert record["function_area"] is None and record["sector"] is not None
    assert 0 < record["function_area_confidence"] <= 1


def test_classify_command_keeps_the_interface(trained_model, tmp_path):
    from pipeline.cli import app

    _, directory = trained_model
    texts = [("b", "Управляющая компания бездействует, сплошные отписки. Директор управляющей "
                   "компании ООО \"Петара\" Кудряшов А.Н. не отвечает."),
             ("a", "Несанкционированные надписи"),
             ("c", "Я, Петрова Анна Сергеевна, прошу убрать мусор во дворе.")]
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n"
                              for i, t in texts), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["complaints", "classify", str(source), "--out", str(out),
                                      "--model", str(directory)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == ["b", "a", "c"]
    for r in records:
        assert set(r) == {"id", "function_area", "function_area_confidence", "sector", "signals",
                          "entities"}
        assert all(set(e) == {"text", "type"} and e["type"] in ("ORG", "PER", "LOC")
                   for e in r["entities"])
    assert {"inaction", "formal_reply"} <= set(records[0]["signals"])
    assert {"text": "Кудряшов А.Н.", "type": "PER"} in records[0]["entities"]
    assert not any("Петрова" in e["text"] for e in records[2]["entities"])   # the complainant


def test_feedback_overrides_gold_in_the_next_training(gold, labels_path, tmp_path):
    from pipeline.cli import app
    from pipeline.complaints.feedback import load_corrections
    from pipeline.complaints.train import training_rows

    dev = next(g for g in gold if g.split == "dev" and g.function_area == "public_services")
    test = next(g for g in gold if g.split == "test")
    corrections = tmp_path / "исправления.csv"
    corrections.write_text("id,function_area,sector,signals\n"
                           f"{dev.id},transparency,,formal_reply; inaction\n"
                           f"{test.id},other,other,-\n"
                           "999,no_such_area,,\n", encoding="utf-8")
    store = tmp_path / "feedback.jsonl"
    result = CliRunner().invoke(app, ["complaints", "feedback", str(corrections),
                                      "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert f"{corrections}:4" in result.output and "no_such_area" in result.output
    stored = load_corrections(store)
    assert set(stored) == {dev.id, test.id}
    rows, report = training_rows(labels_path, feedback=store)
    row = next(r for r in rows if r.id == dev.id)
    assert (row.function_area, row.sector, row.signals) == (
        "transparency", dev.sector, frozenset({"formal_reply", "inaction"}))
    assert test.id not in {r.id for r in rows}          # the test split stays held out
    assert report["corrections_used"] == 1 and report["corrections_held_out_test"] == 1


def test_eval_command_writes_tables_and_json(trained_model, labels_path, tmp_path):
    from pipeline.cli import app

    _, directory = trained_model
    out = tmp_path / "eval.json"
    result = CliRunner().invoke(app, ["eval", "complaints", "--labels", str(labels_path),
                                      "--model", str(directory), "--out", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    for task in ("function_area", "sector"):
        assert {"system", "system_no_abstain", "majority", "keywords"} <= set(data[task])
        assert data[task]["system"]["macro_f1"] > data[task]["majority"]["macro_f1"]
    assert set(data["signals"]["system"]["per_signal"]) >= {"inaction", "formal_reply"}
    assert "macro-F1" in result.output and "signals: micro-F1" in result.output
    bootstrap = data["bootstrap_95"]
    assert (bootstrap["draws"], bootstrap["seed"]) == (1000, 0)
    for key, point in (("function_area", data["function_area"]["system"]["macro_f1"]),
                       ("sector", data["sector"]["system"]["macro_f1"]),
                       ("signals", data["signals"]["system"]["micro_f1"])):
        low, high = bootstrap[key]
        assert 0 <= low <= point <= high <= 1, key
    assert result.output.count("[95% ") == 3


def test_a_decisive_cue_names_a_label_without_training_examples():
    """``land_use`` has no dev complaint: only its decisive cue («земельный участок») can name
    it; a label with enough examples is left to the model, and other texts are untouched."""
    from pipeline.complaints.features import matrix, prepare
    from pipeline.complaints.model import CuedClassifier, make_pipeline
    from pipeline.complaints.signals import SignalRules

    texts = ["Мусор во дворе не убран", "В подвале течь", "Незаконная торговля у метро",
             "Реклама на фасаде", "Грязь в парадной", "Незаконная вывеска"] * 3
    sectors = numpy.array(["housing_utilities", "housing_utilities", "other", "other",
                           "housing_utilities", "other"] * 3, dtype=object)
    rules = SignalRules()
    pipeline = make_pipeline("multiclass", task="sector").fit(matrix(prepare(texts, rules)), sectors)
    assert isinstance(pipeline[-1], CuedClassifier)
    assert {"land_use", "law_enforcement_courts"} <= set(pipeline.classes_)
    probe = matrix(prepare(["Соседний земельный участок огородили забором", "Мусор во дворе"], rules))
    proba = pipeline.predict_proba(probe)
    best = [pipeline.classes_[i] for i in proba.argmax(axis=1)]
    assert best == ["land_use", "housing_utilities"]
    assert proba[0].max() >= 0.9 and numpy.allclose(proba.sum(axis=1), 1)
