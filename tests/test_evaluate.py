"""`taza eval factors`: gold clauses judged inside their acts, by split, beside the baseline."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.evaluate import _single, evaluate_factors, load_gold, predict_in_context

REPO = Path(__file__).resolve().parents[1]

GOLD = REPO / "corpora" / "factors" / "gold.jsonl"


@pytest.fixture(scope="module")
def small_gold(tmp_path_factory, acts_dir):
    """Forty dev clauses of the ZK RF from the real gold corpus, with their labels."""
    records = [r for r in load_gold(GOLD) if r["split"] == "dev"
               and r["source"].endswith("ZK-RF.txt")][:40]
    records.append(next(r for r in load_gold(GOLD) if r["id"] == "zkrf-39.29-19"))
    path = tmp_path_factory.mktemp("gold") / "gold.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                    encoding="utf-8")
    return path


def test_gold_corpus_is_large_split_and_labelled_with_the_catalogue_ids():
    from pipeline.catalogue import load_catalogue

    records = load_gold(GOLD)
    assert len(records) >= 800
    assert {r["split"] for r in records} == {"dev", "test"}
    factors = set(load_catalogue().factors)
    for r in records:
        assert set(r["checked"]) <= factors
        for label in r["labels"]:
            assert label["factor"] in r["checked"]
            assert r["text"][label["start"]:label["end"]] == label["evidence"]


def test_a_clause_is_judged_with_its_article(small_gold, analyzer):
    # ЗК РФ ст. 39.29 п. 8 пп. 2: «направляет заявителю согласие …» — alone it has no time
    # limit; in its act the lead-in of the list sets «В срок не более чем тридцать дней».
    (record,) = [r for r in load_gold(small_gold) if r["id"] == "zkrf-39.29-19"]
    (in_context,) = predict_in_context([record], analyzer)
    (alone,) = analyzer.analyze_clauses([_single(record["text"], 0)])
    assert "missing_deadline" in {f.factor for f in alone}
    assert "missing_deadline" not in {f.factor for f in in_context}


def test_report_scores_only_the_asked_split_beside_the_baseline(small_gold, analyzer):
    report = evaluate_factors(small_gold, analyzer, split="dev")
    data = report.as_dict()
    assert data["split"] == "dev" and data["clauses"] == 41
    assert set(data["system"]) == set(load_gold(small_gold)[0]["checked"])
    for name, scores in data["system"].items():
        tp, fp, fn = scores["tp"], scores["fp"], scores["fn"]
        assert scores["precision"] == pytest.approx(tp / (tp + fp) if tp + fp else 0.0, abs=1e-4)
        baseline = data["baseline"][name]
        # every finding starts from a marker match, and the baseline flags every match
        assert baseline["tp"] >= tp and baseline["tp"] + baseline["fn"] == tp + fn
    assert "micro" in report.render() and "базовый / baseline" in report.render()
    assert evaluate_factors(small_gold, analyzer, split="test").clauses == 0


def test_grouped_cross_validation_scores_every_dev_clause_out_of_fold(small_gold):
    from pipeline.evaluate import cross_validate_factors

    report = cross_validate_factors(small_gold, k=2)
    data = report.as_dict()
    assert data["clauses"] == 41 and "grouped CV" in data["split"]
    gold_positive = sum(1 for r in load_gold(small_gold) for _ in {l["factor"] for l in r["labels"]})
    micro = data["micro"]["system"]
    assert micro["tp"] + micro["fn"] == gold_positive
    with pytest.raises(ValueError):
        cross_validate_factors(small_gold, k=1)
