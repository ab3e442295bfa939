"""Calibrated confidence of findings: a logistic model over the rule and its context.

A rule's own ``confidence`` is a guess written next to the rule. The calibrator learns, on the
**dev** split of the gold corpus only, how often a finding of each rule in each kind of context
is right, and replaces the guess by that probability. It also proposes the threshold that
gives the best micro-F1 on dev (cross-validated), which is the default of ``check``,
``analyze`` and ``eval``; the user can set another (``--min-confidence``).

The model lives in ``models/confidence/<version>/`` (``model.joblib`` and ``meta.json``:
library versions, the hash of the training data, the rules fingerprint, features, the
cross-validated metrics and the threshold). A model made with another scikit-learn version
is refused with a warning, and the rules' own confidences are used instead.
"""
from __future__ import annotations

import hashlib
import json
import logging
import platform
import warnings
from dataclasses import dataclass, replace
from pathlib import Path

from pipeline.model import Finding

log = logging.getLogger(__name__)

MODELS_DIR = Path(__file__).resolve().parent.parent / "models" / "confidence"
VERSION = "v1"


def features(finding: Finding, clause_text: str, same_clause: list[Finding]) -> dict:
    """What the calibrator sees: the rule, its factor, the rule's own confidence and how the
    holder was found (folded into it), the clause's shape and the other findings in it."""
    address = finding.address
    words = len(clause_text.split())
    others = {f.factor for f in same_clause if f is not finding}
    feats = {
        f"rule={finding.rule_id}": 1.0,
        f"factor={finding.factor}": 1.0,
        "raw_confidence": finding.confidence,
        "is_point": 1.0 if address.point or address.subpoint else 0.0,
        "words": min(words, 400) / 100.0,
        "others": float(len(others)),
        "evidence_words": min(len(finding.evidence.split()), 20) / 10.0,
    }
    for factor in others:
        feats[f"with={factor}"] = 1.0
    return feats


def _select(row: dict, feature_set: str) -> dict:
    """``compact``: the rule's confidence and the factor (Platt scaling per factor);
    ``full``: everything of ``features``."""
    if feature_set == "full":
        return row
    return {k: v for k, v in row.items() if k == "raw_confidence" or k.startswith("factor=")}


@dataclass
class Calibrator:
    pipeline: object            # sklearn Pipeline(DictVectorizer, LogisticRegression)
    meta: dict

    @property
    def threshold(self) -> float:
        return float(self.meta.get("threshold", 0.0))

    def apply(self, clause_text: str, found: list[Finding]) -> list[Finding]:
        return self.apply_many([(clause_text, found)])[0]

    def apply_many(self, items: list[tuple[str, list[Finding]]]) -> list[list[Finding]]:
        """``apply`` to the findings of many clauses with one call of the model: the call
        costs more than the rows, and a row's probability does not depend on the others."""
        feature_set = self.meta.get("feature_set", "full")
        rows = [_select(features(f, text, found), feature_set)
                for text, found in items for f in found]
        if not rows:
            return [found for _, found in items]
        probabilities = iter(self.pipeline.predict_proba(rows)[:, 1].tolist())
        return [[replace(f, confidence=round(next(probabilities), 3)) for f in found]
                for _, found in items]

    @staticmethod
    def load(directory: Path | None = None) -> "Calibrator | None":
        """The newest model under ``models/confidence``; None when there is none or it was
        made with another scikit-learn version (warned)."""
        import sklearn

        directory = directory or _latest()
        if directory is None or not (directory / "meta.json").exists():
            return None
        meta = json.loads((directory / "meta.json").read_text(encoding="utf-8"))
        made_with = meta.get("versions", {}).get("scikit-learn")
        if made_with != sklearn.__version__:
            warnings.warn(f"{directory}: модель уверенности обучена на scikit-learn {made_with}, "
                          f"установлен {sklearn.__version__}; используются уверенности правил / "
                          "confidence model refused on a version mismatch", stacklevel=2)
            return None
        import joblib

        return Calibrator(joblib.load(directory / "model.joblib"), meta)


def _latest() -> Path | None:
    if not MODELS_DIR.is_dir():
        return None
    versions = sorted(p for p in MODELS_DIR.iterdir() if (p / "meta.json").exists())
    return versions[-1] if versions else None


def _dataset(records: list[dict], analyzer) -> tuple[list[dict], list[int], list[tuple[int, str]]]:
    """One row per finding on the gold clauses (judged in their acts, uncalibrated)."""
    from pipeline.evaluate import predict_in_context

    rows, labels, owners = [], [], []
    for i, (record, found) in enumerate(zip(records, predict_in_context(records, analyzer))):
        gold = {label["factor"] for label in record["labels"]}
        for finding in found:
            rows.append(features(finding, record["text"], found))
            labels.append(int(finding.factor in gold))
            owners.append((i, finding.factor))
    return rows, labels, owners


def _best_threshold(probabilities, owners, records) -> tuple[float, float]:
    """The threshold with the best clause-level micro-F1 over the given predictions, among
    those that silence no factor: a factor with correct findings at threshold 0 keeps at
    least one (an expert would rather see a doubtful missing deadline than none at all)."""
    gold = [{(i, label["factor"]) for label in r["labels"]} for i, r in enumerate(records)]
    gold_pairs = set().union(*gold) if gold else set()
    best = (0.0, -1.0)
    visible = {factor for _, factor in set(owners) & gold_pairs}
    for threshold in [x / 100 for x in range(0, 91, 5)]:
        predicted = {owner for owner, p in zip(owners, probabilities) if p >= threshold}
        if {factor for _, factor in predicted & gold_pairs} != visible:
            continue
        tp = len(predicted & gold_pairs)
        fp = len(predicted - gold_pairs)
        fn = len(gold_pairs - predicted)
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        if f1 > best[1] + 1e-9:
            best = (threshold, f1)
    return best


def train(gold_path: Path, out_dir: Path | None = None, seed: int = 0) -> dict:
    """Fit the calibrator on the dev split of ``gold_path`` and save it; returns the meta."""
    import joblib
    import numpy
    import sklearn
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict
    from sklearn.pipeline import make_pipeline

    from pipeline.detect import Analyzer
    from pipeline.evaluate import load_gold

    records = [r for r in load_gold(gold_path) if r.get("split") == "dev"]
    analyzer = Analyzer(calibrator=None)
    rows, labels, owners = _dataset(records, analyzer)
    y = numpy.array(labels)
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=seed)
    # With a few hundred findings, rule-id features can overfit: the feature set and the
    # regularisation are chosen by cross-validated Brier score among a small grid.
    candidates = []
    for feature_set in ("compact", "full"):
        chosen_rows = [_select(r, feature_set) for r in rows]
        for c in (0.1, 0.3, 1.0, 3.0):
            model = make_pipeline(DictVectorizer(), LogisticRegression(C=c, max_iter=2000))
            prob = cross_val_predict(model, chosen_rows, y, cv=folds, method="predict_proba")[:, 1]
            candidates.append((float(numpy.mean((prob - y) ** 2)), feature_set, c, prob))
    brier, feature_set, c, cv_prob = min(candidates, key=lambda x: x[0])
    model = make_pipeline(DictVectorizer(), LogisticRegression(C=c, max_iter=2000))
    rows = [_select(r, feature_set) for r in rows]
    raw = numpy.array([r["raw_confidence"] for r in rows])
    threshold, cv_f1 = _best_threshold(cv_prob, owners, records)
    _, raw_f1 = _best_threshold(raw, owners, records)
    model.fit(rows, y)

    data_hash = hashlib.sha256(gold_path.read_bytes()).hexdigest()
    meta = {
        "version": VERSION,
        "trained_on": f"{gold_path.as_posix()} [dev]",
        "training_data_sha256": data_hash,
        "rules_fingerprint": analyzer.fingerprint,
        "findings": len(rows),
        "feature_set": feature_set,
        "C": c,
        "positive_findings": int(y.sum()),
        "versions": {"python": platform.python_version(), "scikit-learn": sklearn.__version__,
                     "numpy": numpy.__version__, "joblib": joblib.__version__},
        "cross_validated": {
            "brier_calibrated": round(float(numpy.mean((cv_prob - y) ** 2)), 4),
            "brier_rule_confidence": round(float(numpy.mean((raw - y) ** 2)), 4),
            "dev_micro_f1_at_threshold": round(cv_f1, 4),
            "dev_micro_f1_rule_confidence_best_threshold": round(raw_f1, 4),
        },
        "threshold": threshold,
    }
    target = out_dir or MODELS_DIR / VERSION
    target.mkdir(parents=True, exist_ok=True)
    joblib.dump(model, target / "model.joblib")
    (target / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n",
                                      encoding="utf-8")
    return meta
