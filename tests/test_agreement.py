"""The second-annotator study (corpora/tools/agreement.py): reproducible draws, honest scores,
and second labels that fit their sample."""
from __future__ import annotations

import importlib.util
import json
import random
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORPORA = ("factors", "complaints", "media")


@pytest.fixture(scope="module")
def agreement():
    spec = importlib.util.spec_from_file_location("agreement", REPO / "corpora" / "tools" / "agreement.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def samples(agreement):
    return {c: agreement.DRAWS[c](random.Random(agreement.SEED)) for c in CORPORA}


@pytest.mark.parametrize("corpus", CORPORA)
def test_committed_ids_are_the_draw(agreement, samples, corpus):
    committed = (agreement.folder(corpus) / "ids.txt").read_text(encoding="utf-8").split("\n")
    assert [str(r["id"]) for r in samples[corpus]] == [i for i in committed if i]


@pytest.mark.parametrize("corpus", CORPORA)
def test_sample_is_test_split_without_labels(agreement, samples, corpus):
    gold = {"factors": "factors/gold.jsonl", "complaints": "complaints/labels.jsonl",
            "media": "media/labels.jsonl"}[corpus]
    split = {str(r["id"]): r["split"] for r in agreement.read_jsonl(REPO / "corpora" / gold)}
    assert {split[str(r["id"])] for r in samples[corpus]} == {"test"}
    forbidden = {"labels", "function_area", "sector", "signals", "is_signal", "event_types", "split"}
    assert not forbidden & set().union(*(r.keys() for r in samples[corpus]))


def test_factor_sample_holds_every_test_positive(agreement, samples):
    gold = agreement.read_jsonl(REPO / "corpora" / "factors" / "gold.jsonl")
    positives = {r["id"] for r in gold if r["split"] == "test" and r["labels"]}
    drawn = {r["id"] for r in samples["factors"]}
    assert positives <= drawn and len(drawn) == agreement.FACTOR_SAMPLE


@pytest.mark.parametrize("gold, other, expected", [
    (["a", "a", "b", "b"], ["a", "a", "b", "b"], 1.0),
    (["a", "a", "b", "b"], ["b", "b", "a", "a"], -1.0),
    (["a", "b", "a", "b"], ["a", "a", "a", "a"], 0.0),
])
def test_kappa(agreement, gold, other, expected):
    assert agreement.kappa(gold, other) == pytest.approx(expected)


def test_compare_counts_abstentions_as_misses(agreement):
    gold = [{"id": "1", "function_area": "public_services", "sector": "other", "signals": []},
            {"id": "2", "function_area": "control_supervision", "sector": "other",
             "signals": [{"signal": "inaction"}]}]
    other = [{"id": "1", "function_area": None, "sector": "other", "signals": []},
             {"id": "2", "function_area": "control_supervision", "sector": "other", "signals": ["inaction"]}]
    result = agreement.compare("complaints", gold, other)
    assert result["function_area"]["per_label"]["public_services"]["fn"] == 1
    assert result["function_area"]["micro"]["fp"] == 0
    assert result["sector"]["macro_f1"] == 1.0
    assert result["signals"]["micro"]["f1"] == 1.0


@pytest.mark.parametrize("corpus", CORPORA)
def test_second_labels_fit_the_sample(agreement, samples, corpus):
    path = agreement.folder(corpus) / "second.jsonl"
    if not path.is_file():
        pytest.skip(f"no second annotation yet: {path}")
    second = {str(r["id"]): r for r in agreement.read_jsonl(path)}
    items = {str(r["id"]): r for r in samples[corpus]}
    assert set(second) <= set(items)
    for key, record in second.items():
        text = items[key]["text"]
        spans = record.get("labels") or record.get("signals") or ([record] if "start" in record else [])
        for span in spans:
            # factor clauses are public acts and keep their words; complaint and media
            # evidence is kept as offsets only (those texts state no licence)
            assert 0 <= span.get("start", 0) < span.get("end", 1) <= len(text), key
            if "evidence" in span:
                assert span["evidence"] in text, (key, span["evidence"])
        if corpus == "factors":
            assert {x["factor"] for x in record["labels"]} <= set(items[key]["checked"])
        if corpus == "media":
            assert record["is_signal"] or not record["event_types"], key
    result = agreement.score(corpus, path, None)
    json.dumps(result)
    assert agreement.render(result).startswith("Согласие")
    assert result["items"] == len(second)
