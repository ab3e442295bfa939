"""The confidence model: trained on dev only, saved with its versions, refused on mismatch."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.calibrate import Calibrator, train
from pipeline.detect import Analyzer
from pipeline.evaluate import load_gold
from pipeline.model import Address, Clause

REPO = Path(__file__).resolve().parents[1]

GOLD = REPO / "corpora" / "factors" / "gold.jsonl"
CLAUSE = ("2. Уполномоченный орган вправе отказать в предоставлении земельного участка "
          "в иных случаях, предусмотренных федеральными законами.")


@pytest.fixture(scope="module")
def trained(tmp_path_factory, acts_dir):
    """A model fitted on 300 dev clauses of the real corpus (and the test split, which the
    training must ignore)."""
    records = [r for r in load_gold(GOLD) if r["split"] == "dev"][:300]
    records += [r for r in load_gold(GOLD) if r["split"] == "test"][:50]
    gold = tmp_path_factory.mktemp("gold") / "gold.jsonl"
    gold.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                    encoding="utf-8")
    out = tmp_path_factory.mktemp("model")
    meta = train(gold, out)
    return gold, out, meta


def test_model_is_saved_with_versions_data_hash_and_threshold(trained):
    import hashlib

    import sklearn

    gold, out, meta = trained
    saved = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    assert saved == meta
    assert meta["versions"]["scikit-learn"] == sklearn.__version__
    assert meta["training_data_sha256"] == hashlib.sha256(gold.read_bytes()).hexdigest()
    assert meta["trained_on"].endswith("[dev]")
    assert 0.0 <= meta["threshold"] < 1.0
    assert 0 < meta["positive_findings"] < meta["findings"]
    assert 0.0 < meta["cross_validated"]["brier_calibrated"] < 0.5


def test_calibrated_confidences_are_probabilities_in_order(trained):
    _, out, _ = trained
    calibrator = Calibrator.load(out)
    raw = Analyzer(calibrator=None)
    text = CLAUSE
    (found,) = raw.analyze_clauses([Clause(Address(article="1"), 0, len(text), text)])
    calibrated = calibrator.apply(text, found)
    assert [f.rule_id for f in calibrated] == [f.rule_id for f in found]
    assert all(0.0 <= f.confidence <= 1.0 for f in calibrated)
    assert [f.confidence for f in calibrated] != [f.confidence for f in found]


def test_threshold_drops_findings_below_it():
    text = CLAUSE
    clause = [Clause(Address(article="1"), 0, len(text), text)]
    everything = Analyzer(calibrator=None, min_confidence=0.0).analyze_clauses(clause)[0]
    strict = Analyzer(calibrator=None, min_confidence=0.99).analyze_clauses(clause)[0]
    assert everything and not strict
    middle = sorted(f.confidence for f in everything)[0] + 0.001
    kept = Analyzer(calibrator=None, min_confidence=middle).analyze_clauses(clause)[0]
    assert len(kept) == len([f for f in everything if f.confidence >= middle])


def test_model_of_another_scikit_learn_version_is_refused(trained, tmp_path):
    _, out, meta = trained
    for name in ("model.joblib",):
        (tmp_path / name).write_bytes((out / name).read_bytes())
    meta = dict(meta, versions=dict(meta["versions"], **{"scikit-learn": "0.0.1"}))
    (tmp_path / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.warns(UserWarning, match="version mismatch"):
        assert Calibrator.load(tmp_path) is None


def test_bundled_model_is_used_by_default():
    analyzer = Analyzer()
    assert analyzer.calibrator is not None
    assert analyzer.min_confidence == analyzer.calibrator.threshold


# --- v2: grouped cross-validation, per-factor thresholds, context facts -------------------

def _record(source: str, article: str, labels=()) -> dict:
    return {"source": source, "article": article, "text": "x",
            "labels": [{"factor": f} for f in labels]}


def test_grouped_folds_keep_every_region_whole_and_cover_every_clause():
    from pipeline.calibrate import grouped_folds, region

    records = [_record(f"act{i % 3}.txt", str(i % 7)) for i in range(60)]
    folds = grouped_folds(records, 4, seed=1)
    assert sorted(i for fold in folds for i in fold) == list(range(60))
    regions = [{region(records[i]) for i in fold} for fold in folds]
    for a in range(4):
        for b in range(a + 1, 4):
            assert not regions[a] & regions[b]
    assert grouped_folds(records, 4, seed=1) == folds            # deterministic


@pytest.mark.parametrize("probabilities, expected_default, expected_own", [
    # optional_power: right at 0.9, wrong at 0.3 — its own threshold drops the false alarm;
    # missing_deadline: both right but low, so no global threshold above 0.2 can do it.
    ([0.9, 0.3, 0.2, 0.25], 0.0, {"optional_power": 0.35}),
    # every finding right: nothing to cut
    ([0.9, 0.9, 0.2, 0.25], 0.0, {}),
])
def test_per_factor_threshold_only_where_it_pays(probabilities, expected_default, expected_own):
    from pipeline.calibrate import choose_thresholds

    owners = [(0, "optional_power"), (1, "optional_power"), (2, "missing_deadline"),
              (3, "missing_deadline")]
    gold = {(0, "optional_power"), (2, "missing_deadline"), (3, "missing_deadline")}
    if probabilities[1] == 0.9:
        gold.add((1, "optional_power"))
    default, own = choose_thresholds(probabilities, owners, gold, margin=0.01)
    assert default == expected_default
    assert own == expected_own


def test_features_carry_context_facts_only_in_the_context_set():
    from pipeline.calibrate import _select, features

    text = CLAUSE
    (found,) = Analyzer(calibrator=None).analyze_clauses(
        [Clause(Address(article="1"), 0, len(text), text)])
    row = features(found[0], text, found, {"in_list": True, "how": "subject", "court": False})
    assert row["ctx:in_list"] == 1.0 and row["ctx:how=subject"] == 1.0
    assert "ctx:court" not in row
    assert not any(k.startswith("ctx:") for k in _select(row, "full"))
    assert _select(row, "context") == row


def test_bundled_model_is_v5_with_grouped_cv_figures_and_per_factor_thresholds():
    from pipeline.calibrate import VERSION, Calibrator

    calibrator = Calibrator.load()
    assert VERSION == "v5" and calibrator.meta["version"] == "v5"
    assert calibrator.meta["cross_validation"]["grouped_by"] == "source#article"
    nested = calibrator.meta["cross_validated"]["nested_out_of_fold"]
    assert nested["tp"] + nested["fn"] > 100
    assert calibrator.meta["features"]
    analyzer = Analyzer()
    assert analyzer.thresholds == (calibrator.thresholds or None)
    assert Analyzer(min_confidence=0.0).thresholds is None        # the user's threshold wins
    for kept in ("v1", "v2", "v3", "v4"):
        assert (REPO / "models" / "confidence" / kept / "meta.json").exists()


def test_trained_meta_records_the_nested_cross_validation(trained):
    _, _, meta = trained
    cv = meta["cross_validated"]
    assert cv["nested_out_of_fold"]["tp"] >= 0
    assert len(cv["nested_fold_choices"]) == meta["cross_validation"]["folds"]
    assert set(meta["thresholds"]) <= {f for f in (r.split("=", 1)[1] for r in meta["features"]
                                                   if r.startswith("factor="))}
