"""Calibrated confidence of findings: a logistic model over the rule and its context.

A rule's own ``confidence`` is a guess written next to the rule. The calibrator learns, on the
**dev** split of the gold corpus only, how often a finding of each rule in each kind of context
is right, and replaces the guess by that probability.

The rules were written while reading dev, so plain cross-validation over findings flatters
them: every choice here is made by K-fold cross-validation **grouped by region** (act and
article; ``grouped_folds``), so a fold's clauses share no article with the clauses the model
was fitted on. ``choose`` picks the feature set (``compact``, ``full`` as in v1, or
``context`` with the article facts of ``pipeline.detect.facts``), the regularisation (by
out-of-fold Brier score) and the thresholds: one global, and a factor's own where it raises
out-of-fold micro-F1 by ``PER_FACTOR_MARGIN`` or more. ``cross_validate`` repeats the whole
choice inside each outer fold and scores the held-out one (``taza eval factors --split dev
--cv K``), which is the honest estimate for unseen regions.

The model lives in ``models/confidence/<version>/`` (``model.joblib`` and ``meta.json``:
library versions, the hash of the training data, the rules fingerprint, features, the
cross-validated metrics and the thresholds); the newest version is the default (v5, fitted
on dev with the seventh round of gold; v1–v4 are kept). A model made with another
scikit-learn version is refused with a warning, and the rules' own confidences are used
instead.
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
VERSION = "v5"
# The feature sets tried, from the smallest: Platt scaling per factor; the rule and the
# clause's shape (v1); and the facts of the clause's article that the detectors compute
# (``pipeline.detect.facts``).
FEATURE_SETS = ("compact", "full", "context")
C_GRID = (0.1, 0.3, 1.0, 3.0)
THRESHOLD_GRID = tuple(x / 100 for x in range(0, 91, 5))
# A factor keeps the global threshold unless its own raises dev micro-F1 (out of fold) by at
# least this much: with a few dozen findings of a factor, smaller gains are noise.
PER_FACTOR_MARGIN = 0.005


def features(finding: Finding, clause_text: str, same_clause: list[Finding],
             facts: dict | None = None) -> dict:
    """What the calibrator sees: the rule, its factor, the rule's own confidence and how the
    holder was found (folded into it), the clause's shape, the other findings in it, and the
    facts of ``pipeline.detect.facts`` (prefixed ``ctx:``; booleans and numbers as values,
    labels one-hot)."""
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
    for name, value in (facts or {}).items():
        if isinstance(value, str):
            feats[f"ctx:{name}={value}"] = 1.0
        elif value:
            feats[f"ctx:{name}"] = float(value)
    return feats


def _select(row: dict, feature_set: str) -> dict:
    """``compact``: the rule's confidence and the factor (Platt scaling per factor);
    ``full``: the rule and the clause's shape; ``context``: everything of ``features``."""
    if feature_set == "context":
        return row
    if feature_set == "full":
        return {k: v for k, v in row.items() if not k.startswith("ctx:")}
    return {k: v for k, v in row.items() if k == "raw_confidence" or k.startswith("factor=")}


@dataclass
class Calibrator:
    pipeline: object            # sklearn Pipeline(DictVectorizer, LogisticRegression)
    meta: dict

    @property
    def threshold(self) -> float:
        return float(self.meta.get("threshold", 0.0))

    @property
    def thresholds(self) -> dict[str, float]:
        """Per-factor thresholds (v2 on); a factor not named keeps ``threshold``."""
        return {k: float(v) for k, v in self.meta.get("thresholds", {}).items()}

    def apply(self, clause_text: str, found: list[Finding],
              facts: list[dict] | None = None) -> list[Finding]:
        return self.apply_many([(clause_text, found, facts)])[0]

    def apply_many(self, items) -> list[list[Finding]]:
        """``apply`` to the findings of many clauses with one call of the model: the call
        costs more than the rows, and a row's probability does not depend on the others.
        An item is ``(clause text, findings)`` or ``(clause text, findings, facts of each
        finding)`` (``pipeline.detect.facts``)."""
        feature_set = self.meta.get("feature_set", "full")
        rows = [_select(features(f, item[0], item[1], _facts_of(item, n)), feature_set)
                for item in items for n, f in enumerate(item[1])]
        if not rows:
            return [item[1] for item in items]
        probabilities = iter(self.pipeline.predict_proba(rows)[:, 1].tolist())
        return [[replace(f, confidence=round(next(probabilities), 3)) for f in item[1]]
                for item in items]

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


def _facts_of(item: tuple, n: int) -> dict | None:
    facts = item[2] if len(item) > 2 else None
    return facts[n] if facts else None


HELDOUT_FILE = "heldout.json"


def heldout_precision(directory: Path | None = None) -> dict | None:
    """How often the findings of the analyzer with this confidence model were right on fresh
    test-region text no rule was written near (``corpora/tools/factor_heldout.py score
    --write``): ``{"measured", "clauses", "micro", "factors": {factor: {"tp", "fp",
    "precision"}}}``, or None when that model was not measured so."""
    directory = directory or _latest()
    path = directory / HELDOUT_FILE if directory else None
    if path is None or not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def _latest() -> Path | None:
    if not MODELS_DIR.is_dir():
        return None
    versions = sorted(p for p in MODELS_DIR.iterdir() if (p / "meta.json").exists())
    return versions[-1] if versions else None


class _Recorder:
    """Stands in for a calibrator while the training data is collected: it keeps the
    features of every finding exactly as the real model would see them, and changes
    nothing."""

    meta: dict = {}
    threshold = 0.0
    thresholds: dict = {}

    def __init__(self) -> None:
        self.rows: dict[int, tuple[Finding, dict]] = {}

    def apply_many(self, items) -> list[list[Finding]]:
        for item in items:
            for n, finding in enumerate(item[1]):
                # The finding is kept with its row, so its id() is never reused.
                self.rows[id(finding)] = (finding, features(finding, item[0], item[1],
                                                            _facts_of(item, n)))
        return [item[1] for item in items]


@dataclass(frozen=True)
class Dataset:
    """One row per finding on the dev clauses (judged in their acts, uncalibrated)."""
    records: list[dict]
    rows: list[dict]
    labels: list[int]
    owners: list[tuple[int, str]]        # (index of the clause in ``records``, factor)

    def gold_pairs(self, clauses: set[int] | None = None) -> set[tuple[int, str]]:
        return {(i, label["factor"]) for i, r in enumerate(self.records)
                if clauses is None or i in clauses for label in r["labels"]}


def region(record: dict) -> str:
    """The group of a gold clause for cross-validation: its act and article. Clauses of one
    article share wording and context, so they are never split between folds."""
    return f"{record.get('source', '')}#{record.get('article', '')}"


def grouped_folds(records: list[dict], k: int, seed: int = 0,
                  subset: list[int] | None = None) -> list[list[int]]:
    """``k`` folds of clause indices (of ``subset``, default all), whole regions in each:
    regions in a seeded pseudo-random order, each to the fold with the fewest clauses."""
    indices = list(range(len(records))) if subset is None else list(subset)
    by_region: dict[str, list[int]] = {}
    for i in indices:
        by_region.setdefault(region(records[i]), []).append(i)
    order = sorted(by_region, key=lambda g: hashlib.sha256(f"{seed}:{g}".encode()).hexdigest())
    folds: list[list[int]] = [[] for _ in range(k)]
    for name in order:
        smallest = min(range(k), key=lambda f: (len(folds[f]), f))
        folds[smallest].extend(by_region[name])
    return [sorted(fold) for fold in folds]


def collect(records: list[dict], acts: Path | None = None) -> Dataset:
    """Run the detectors on ``records`` (each inside its act) and keep each finding's row."""
    from pipeline.detect import Analyzer
    from pipeline.evaluate import predict_in_context

    recorder = _Recorder()
    analyzer = Analyzer(calibrator=recorder, min_confidence=0.0)
    rows, labels, owners = [], [], []
    for i, (record, found) in enumerate(zip(records, predict_in_context(records, analyzer, acts))):
        gold = {label["factor"] for label in record["labels"]}
        for finding in found:
            rows.append(recorder.rows[id(finding)][1])
            labels.append(int(finding.factor in gold))
            owners.append((i, finding.factor))
    return Dataset(records, rows, labels, owners)


def micro_f1(probabilities, owners, gold_pairs, thresholds: dict[str, float],
             default: float) -> tuple[float, int, int, int]:
    """Clause-level micro-F1 (and TP, FP, FN) when a finding counts at its factor's threshold."""
    predicted = {owner for owner, p in zip(owners, probabilities)
                 if p >= thresholds.get(owner[1], default)}
    tp = len(predicted & gold_pairs)
    fp = len(predicted - gold_pairs)
    fn = len(gold_pairs - predicted)
    return (2 * tp / (2 * tp + fp + fn) if tp else 0.0), tp, fp, fn


def _best_threshold(probabilities, owners, gold_pairs) -> tuple[float, float]:
    """The threshold with the best clause-level micro-F1 over the given predictions, among
    those that silence no factor: a factor with correct findings at threshold 0 keeps at
    least one (an expert would rather see a doubtful missing deadline than none at all)."""
    best = (0.0, -1.0)
    visible = {factor for _, factor in set(owners) & gold_pairs}
    for threshold in THRESHOLD_GRID:
        predicted = {owner for owner, p in zip(owners, probabilities) if p >= threshold}
        if {factor for _, factor in predicted & gold_pairs} != visible:
            continue
        f1 = micro_f1(probabilities, owners, gold_pairs, {}, threshold)[0]
        if f1 > best[1] + 1e-9:
            best = (threshold, f1)
    return best


def choose_thresholds(probabilities, owners, gold_pairs,
                      margin: float = PER_FACTOR_MARGIN) -> tuple[float, dict[str, float]]:
    """The global threshold, then a factor's own where it raises micro-F1 by ``margin`` or
    more (one pass over the factors, the biggest gain first; a factor is never silenced)."""
    default, base = _best_threshold(probabilities, owners, gold_pairs)
    thresholds: dict[str, float] = {}
    factors = sorted({factor for _, factor in owners})
    while True:
        best: tuple[float, str, float] | None = None
        for factor in factors:
            if factor in thresholds:
                continue
            correct = {o for o in owners if o[1] == factor} & gold_pairs
            for t in THRESHOLD_GRID:
                kept = {o for o, p in zip(owners, probabilities) if o[1] == factor and p >= t}
                if correct and not kept & correct:
                    continue
                f1 = micro_f1(probabilities, owners, gold_pairs, {**thresholds, factor: t},
                              default)[0]
                if f1 >= base + margin and (best is None or f1 > best[0] + 1e-9):
                    best = (f1, factor, t)
        if best is None:
            break
        base, factor, t = best
        thresholds[factor] = t
    return default, thresholds


def _model(c: float):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    return make_pipeline(DictVectorizer(), LogisticRegression(C=c, max_iter=2000))


def _out_of_fold(data: Dataset, rows: list[dict], clauses: list[int], k: int, c: float,
                 seed: int):
    """Probabilities of the findings of ``clauses``, each predicted by a model fitted on the
    other grouped folds of ``clauses``; None when a training fold has one class only."""
    import numpy

    position = {i: n for n, i in enumerate(clauses)}
    mine = [n for n, (i, _) in enumerate(data.owners) if i in position]
    if not mine:
        return None
    result = numpy.zeros(len(data.owners))
    for fold in grouped_folds(data.records, k, seed, clauses):
        held = set(fold)
        train_at = [n for n in mine if data.owners[n][0] not in held]
        test_at = [n for n in mine if data.owners[n][0] in held]
        if not test_at:
            continue
        y = [data.labels[n] for n in train_at]
        if len(set(y)) < 2:
            return None
        model = _model(c).fit([rows[n] for n in train_at], y)
        result[test_at] = model.predict_proba([rows[n] for n in test_at])[:, 1]
    return result[mine], mine


@dataclass(frozen=True)
class Choice:
    feature_set: str
    c: float
    brier: float
    threshold: float
    thresholds: dict[str, float]
    f1: float                       # out-of-fold micro-F1 at the thresholds


def choose(data: Dataset, clauses: list[int], k: int = 5, seed: int = 0,
           feature_sets: tuple[str, ...] = FEATURE_SETS) -> Choice:
    """The feature set and regularisation with the best grouped-CV Brier score on
    ``clauses``, and the thresholds that give the best out-of-fold micro-F1 with it."""
    import numpy

    gold = data.gold_pairs(set(clauses))
    best = None
    for feature_set in feature_sets:
        rows = [_select(r, feature_set) for r in data.rows]
        for c in C_GRID:
            found = _out_of_fold(data, rows, clauses, k, c, seed)
            if found is None:
                continue
            prob, mine = found
            y = numpy.array([data.labels[n] for n in mine])
            brier = float(numpy.mean((prob - y) ** 2))
            if best is None or brier < best[0] - 1e-9:
                best = (brier, feature_set, c, prob, mine)
    if best is None:
        # Too few findings of one class to fit anything: the rules' own confidences, no cut.
        return Choice("compact", 1.0, float("nan"), 0.0, {}, 0.0)
    brier, feature_set, c, prob, mine = best
    owners = [data.owners[n] for n in mine]
    threshold, thresholds = choose_thresholds(prob, owners, gold)
    f1 = micro_f1(prob, owners, gold, thresholds, threshold)[0]
    return Choice(feature_set, c, round(brier, 4), threshold, thresholds, round(f1, 4))


def cross_validate(data: Dataset, k: int = 5, seed: int = 0,
                   feature_sets: tuple[str, ...] = FEATURE_SETS
                   ) -> tuple[list[set[str]], list[Choice]]:
    """Grouped K-fold over the dev clauses: for each fold, the whole choice (features,
    regularisation, thresholds; by an inner grouped CV) and the fit are made on the other
    folds, and the held-out fold is scored. Returns the predicted factors of every clause
    (out of fold) and the choice made for each fold."""
    predicted: list[set[str]] = [set() for _ in data.records]
    choices = []
    for fold in grouped_folds(data.records, k, seed):
        held = set(fold)
        train_clauses = [i for i in range(len(data.records)) if i not in held]
        choice = choose(data, train_clauses, k, seed, feature_sets)
        choices.append(choice)
        rows = [_select(r, choice.feature_set) for r in data.rows]
        train_at = [n for n, (i, _) in enumerate(data.owners) if i not in held]
        test_at = [n for n, (i, _) in enumerate(data.owners) if i in held]
        if not test_at:
            continue
        y = [data.labels[n] for n in train_at]
        if len(set(y)) < 2:
            prob = [data.rows[n]["raw_confidence"] for n in test_at]
        else:
            model = _model(choice.c).fit([rows[n] for n in train_at], y)
            prob = model.predict_proba([rows[n] for n in test_at])[:, 1]
        for n, p in zip(test_at, prob):
            i, factor = data.owners[n]
            if p >= choice.thresholds.get(factor, choice.threshold):
                predicted[i].add(factor)
    return predicted, choices


def _scores(data: Dataset, predicted: list[set[str]]) -> dict:
    gold = data.gold_pairs()
    pairs = {(i, f) for i, fs in enumerate(predicted) for f in fs}
    tp, fp, fn = len(pairs & gold), len(pairs - gold), len(gold - pairs)
    return {"precision": round(tp / (tp + fp), 4) if tp + fp else 0.0,
            "recall": round(tp / (tp + fn), 4) if tp + fn else 0.0,
            "f1": round(2 * tp / (2 * tp + fp + fn), 4) if tp else 0.0,
            "tp": tp, "fp": fp, "fn": fn}


def train(gold_path: Path, out_dir: Path | None = None, seed: int = 0, k: int = 5,
          acts: Path | None = None) -> dict:
    """Fit the calibrator on the dev split of ``gold_path`` and save it; returns the meta.

    The feature set, the regularisation and the thresholds are chosen by grouped K-fold
    cross-validation on dev (``choose``); the meta also records the nested estimate
    (``cross_validate``): how the whole procedure does on regions it never saw."""
    import joblib
    import numpy
    import sklearn

    from pipeline.evaluate import load_gold

    records = [r for r in load_gold(gold_path) if r.get("split") == "dev"]
    data = collect(records, acts)
    everything = list(range(len(records)))
    choice = choose(data, everything, k, seed)
    rows = [_select(r, choice.feature_set) for r in data.rows]
    y = numpy.array(data.labels)
    model = _model(choice.c).fit(rows, y)
    raw = numpy.array([r["raw_confidence"] for r in data.rows])
    gold = data.gold_pairs()
    _, raw_f1 = _best_threshold(raw, data.owners, gold)
    predicted, fold_choices = cross_validate(data, k, seed)
    rules_only = [{f for (i, f) in data.owners if i == n} for n in everything]
    vectorizer = model.steps[0][1]

    meta = {
        "version": VERSION,
        "trained_on": f"{gold_path.as_posix()} [dev]",
        "training_data_sha256": hashlib.sha256(gold_path.read_bytes()).hexdigest(),
        "rules_fingerprint": _rules_fingerprint(),
        "findings": len(rows),
        "positive_findings": int(y.sum()),
        "feature_set": choice.feature_set,
        "features": sorted(vectorizer.feature_names_),
        "C": choice.c,
        "versions": {"python": platform.python_version(), "scikit-learn": sklearn.__version__,
                     "numpy": numpy.__version__, "joblib": joblib.__version__},
        "cross_validation": {
            "grouped_by": "source#article",
            "folds": k,
            "seed": seed,
        },
        "cross_validated": {
            "brier_calibrated": choice.brier,
            "brier_rule_confidence": round(float(numpy.mean((raw - y) ** 2)), 4),
            "dev_micro_f1_at_threshold": choice.f1,
            "dev_micro_f1_rule_confidence_best_threshold": round(raw_f1, 4),
            "nested_out_of_fold": _scores(data, predicted),
            "nested_rules_only": _scores(data, rules_only),
            "nested_fold_choices": [
                {"feature_set": c.feature_set, "C": c.c, "threshold": c.threshold,
                 "thresholds": c.thresholds} for c in fold_choices],
        },
        "threshold": choice.threshold,
        "thresholds": choice.thresholds,
    }
    target = out_dir or MODELS_DIR / VERSION
    target.mkdir(parents=True, exist_ok=True)
    joblib.dump(model, target / "model.joblib")
    (target / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n",
                                      encoding="utf-8")
    return meta


def _rules_fingerprint() -> str:
    from pipeline.rulebook import rules_fingerprint

    return rules_fingerprint()
