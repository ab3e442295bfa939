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
