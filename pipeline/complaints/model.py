"""The complaint classifier: scikit-learn Pipelines over lemmas, characters, the portal's own
labels and rule hits.

One multinomial logistic model for the function area, one for the sector and one binary
model per signal that has enough positive examples. Every model is wrapped in a
``CuedClassifier``: a decisive cue of the rule file (``sector.land_use.land_plot``) names a
label that the training data has (almost) no example of, which no statistical model can
learn; a label with few training examples is answered only where one of its cues fired (and
takes the answer from an unsure model where it did); each task weighs the portal's labels
(category, reason) its own way; and a complaint without them is answered by a text-only twin.
A signal's rules and its model vote: a rule hit stands unless the model's probability is
below the signal's gate, and the model alone reports the signal above its threshold (both
chosen on cross-validated predictions). Logistic regression is fitted on log-loss, so
its probabilities are usable as confidences (the cross-validated Brier score is in
``meta.json``). Below the abstain threshold a complaint goes to «needs review» (null) instead
of a box; the threshold is the one with the best cross-validated macro-F1 (an abstention
counted as a miss), and the whole curve of answered share against macro-F1 is in
``meta.json``. Thresholds are chosen on cross-validated predictions of the training data
only; the test split is never seen.

A model lives in ``models/complaints/<version>/``: ``model.joblib`` and ``meta.json``
(library versions, training-data hash, labels, cross-validated metrics, thresholds). A model
made with another scikit-learn, numpy or joblib version is refused (``ModelRefused``).
"""
from __future__ import annotations

import hashlib
import json
import platform
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy
from sklearn.base import BaseEstimator, ClassifierMixin

from pipeline.complaints.features import (CHARS, LEMMAS, PORTAL, RULES, cue_label_token,
                                          decisive_token, hint_vocabulary)

MODELS_DIR = Path(__file__).resolve().parents[2] / "models" / "complaints"
DEFAULT_VERSION = "v4"
TASKS = ("function_area", "sector")
MIN_SIGNAL_POSITIVES = 8        # fewer positives: the signal is left to the rules
ABSTAIN_RULE = ("best cross-validated macro-F1, an abstention counted as a miss; above 0 only "
                "when it gains at least 0.01 over answering everything")
ABSTAIN_MIN_GAIN = 0.01         # each abstention is a complaint a person must sort by hand
SEED = 0
PORTAL_WIDTH = 1024             # hashed columns of the portal's labels (about 300 tokens seen)
# How much each task leans on the portal's labels (the citizen's pick of category and reason),
# chosen by CV on dev among 0.25, 0.5, 1 (and 2 for the sector): the sector follows the object
# the citizen picked; the function area and the signals turn on what the text says (a rebuttal
# of a reply, a complaint about fines), so the portal's labels only break ties there.
PORTAL_WEIGHTS = {"function_area": 0.25, "sector": 1.0, "signal": 0.25}
DECISIVE_CONFIDENCE = 0.9       # a decisive cue's label gets this share of the probability
DECISIVE_MAX_EXAMPLES = 2       # labels with more training examples are left to the model
# Rare labels (``CuedClassifier``): fewer training examples than MIN_SUPPORT, and the model may
# answer the label only where one of its cues fired; with its cue and the model's best
# probability below CUE_UNSURE, the label takes the answer. Chosen by dev CV (area macro-F1,
# abstentions as misses) among support 0, 4, 5, 8 and 0, 0.6, 0.7, 0.8, 0.9: 5 and 0.8 give
# 0.921 against 0.867 without (jurisdiction 0.857 → 1.000, transparency 0.545 → 0.667); the
# gate alone changed nothing on dev. The sector is left as it was (its rare labels have
# decisive cues).
MIN_SUPPORT = {"function_area": 5, "sector": 0}
CUE_UNSURE = {"function_area": 0.8, "sector": 0.0}


class ModelRefused(Exception):
    """No usable model: missing, or made with other library versions."""


def library_versions() -> dict[str, str]:
    import joblib
    import sklearn

    return {"python": platform.python_version(), "scikit-learn": sklearn.__version__,
            "numpy": numpy.__version__, "joblib": joblib.__version__}


def default_vocabulary() -> list[str]:
    from pipeline.complaints.signals import load_cue_rules, load_signal_rules

    return hint_vocabulary(load_signal_rules(), load_cue_rules())


def _portal_hasher():
    from sklearn.feature_extraction.text import HashingVectorizer

    return HashingVectorizer(token_pattern=r"\S+", lowercase=False, binary=True, norm=None,
                             alternate_sign=False, n_features=PORTAL_WIDTH)


def make_features(vocabulary: Sequence[str] | None = None):
    """Lemma n-grams, character n-grams, the portal's labels (binary, hashed into
    ``PORTAL_WIDTH`` columns), and the hints (rule and cue hits) counted over a fixed
    vocabulary. The last two blocks have a fixed width, so ``CuedClassifier`` finds them from
    the end of the matrix."""
    from sklearn.compose import ColumnTransformer
    from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

    vocabulary = list(vocabulary) if vocabulary is not None else default_vocabulary()
    return ColumnTransformer([
        ("lemma_ngrams", TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True,
                                         token_pattern=r"(?u)\b\w+\b"), LEMMAS),
        ("char_ngrams", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2,
                                        sublinear_tf=True, max_features=60000), CHARS),
        ("portal", _portal_hasher(), PORTAL),
        ("rule_hits", CountVectorizer(token_pattern=r"\S+", lowercase=False,
                                      vocabulary=vocabulary), RULES),
    ])


class CuedClassifier(ClassifierMixin, BaseEstimator):
    """A probabilistic classifier plus decisive cues: where the hint column of a decisive cue
    for ``label`` is non-zero and the training data had at most ``max_examples`` of ``label``,
    the label gets ``confidence`` of the probability and the model's answer the rest.

    ``decisive``: label -> column of its decisive token counted from the end of the feature
    matrix (negative), since the hint block is last and its vocabulary is fixed.
    ``portal``: the (start, end) columns of the portal block counted from the end, and
    ``portal_weight`` the factor its columns get before the base model sees them (the share of
    the decision this task leaves to the citizen's pick of category and reason).
    A complaint without the portal's labels (an empty portal block: a KZ or KG table, a
    letter) goes to a twin of the base model fitted on the same rows with the portal block
    blanked: a model that always saw the labels leans on them and falls back badly on the text
    alone.
    ``cues``: label -> the column of its cue token (any cue of that label, decisive or not),
    and ``min_support``: a label with fewer training examples than this is answered only where
    one of its cues fired; elsewhere its probability goes to the other labels. A class of three
    complaints is learnt from their incidental words (a street, a lift), and an answer it gives
    on such words is a false positive that weighs a whole class in macro-F1; the cues are the
    taxonomy's own words for the class.
    """

    def __init__(self, base, decisive: dict[str, int] | None = None,
                 confidence: float = DECISIVE_CONFIDENCE,
                 max_examples: int = DECISIVE_MAX_EXAMPLES,
                 portal: tuple[int, int] | None = None, portal_weight: float = 1.0,
                 cues: dict[str, int] | None = None, min_support: int = 0,
                 unsure: float = 0.0) -> None:
        self.base = base
        self.decisive = decisive
        self.confidence = confidence
        self.max_examples = max_examples
        self.portal = portal
        self.portal_weight = portal_weight
        self.cues = cues
        self.min_support = min_support
        self.unsure = unsure

    def _blanked(self, X):
        """The rows without their portal block (for the text-only twin)."""
        from scipy import sparse

        scale = numpy.ones(X.shape[1])
        scale[X.shape[1] + self.portal[0]:X.shape[1] + self.portal[1]] = 0.0
        return sparse.csr_matrix(X) @ sparse.diags(scale)

    def _without_portal(self, X) -> numpy.ndarray:
        """Which rows have no portal labels (an empty portal block)."""
        if getattr(self, "text_base_", None) is None:
            return numpy.zeros(X.shape[0], dtype=bool)
        from scipy import sparse

        block = sparse.csr_matrix(X)[:, X.shape[1] + self.portal[0]:X.shape[1] + self.portal[1]]
        return block.getnnz(axis=1) == 0

    def _weighted(self, X):
        portal = getattr(self, "portal", None)          # models before v3 have no portal block
        if portal is None or self.portal_weight == 1.0:
            return X
        from scipy import sparse

        scale = numpy.ones(X.shape[1])
        scale[X.shape[1] + portal[0]:X.shape[1] + portal[1]] = self.portal_weight
        return sparse.csr_matrix(X) @ sparse.diags(scale)

    def fit(self, X, y) -> "CuedClassifier":
        from sklearn.base import clone

        X = self._weighted(X)
        y = numpy.asarray(y)
        decisive = self.decisive or {}
        self.active_ = {label: column for label, column in decisive.items()
                        if int((y == label).sum()) <= self.max_examples}
        self.needs_cue_ = {label: column for label, column in (self.cues or {}).items()
                           if 0 < int((y == label).sum()) < self.min_support}
        self.base_ = clone(self.base).fit(X, y)
        self.text_base_ = (clone(self.base).fit(self._blanked(X), y)
                           if self.portal is not None else None)
        self.classes_ = numpy.array(sorted(set(self.base_.classes_) | set(self.active_)),
                                    dtype=object)
        return self

    def predict_proba(self, X) -> numpy.ndarray:
        proba = numpy.zeros((X.shape[0], len(self.classes_)))
        index = {c: i for i, c in enumerate(self.classes_)}
        columns = [index[c] for c in self.base_.classes_]
        proba[:, columns] = self.base_.predict_proba(self._weighted(X))
        bare = self._without_portal(X)
        if bare.any():
            proba[numpy.ix_(bare, columns)] = self.text_base_.predict_proba(self._blanked(X[bare]))
        fired = None
        for label, column in sorted(self.active_.items()):
            hits = numpy.asarray(X[:, X.shape[1] + column].todense()
                                 if hasattr(X, "todense") else X[:, X.shape[1] + column]).ravel() > 0
            hits = hits if fired is None else hits & ~fired      # the first label in order wins
            if hits.any():
                proba[hits] *= 1 - self.confidence
                proba[hits, index[label]] += self.confidence
            fired = hits if fired is None else fired | hits
        return self._gated(X, proba, index)

    @staticmethod
    def _column(X, column: int) -> numpy.ndarray:
        values = X[:, X.shape[1] + column]
        return numpy.asarray(values.todense() if hasattr(values, "todense") else values).ravel()

    def _gated(self, X, proba: numpy.ndarray, index: dict) -> numpy.ndarray:
        """A rare label without its cue in the text gives its share to the others; with its
        cue, where the model is unsure (best probability below ``unsure``), it takes the
        answer."""
        for label, column in sorted(getattr(self, "needs_cue_", {}).items()):   # none before v4
            if label not in index:
                continue
            cued = self._column(X, column) > 0
            bare = ~cued
            rest = 1 - proba[bare, index[label]]
            proba[bare, index[label]] = 0.0
            proba[bare] /= numpy.where(rest > 0, rest, 1.0)[:, None]
            shaky = cued & (proba.max(axis=1) < getattr(self, "unsure", 0.0))
            proba[shaky, index[label]] = proba[shaky].max(axis=1) + 1e-6
            proba[shaky] /= proba[shaky].sum(axis=1, keepdims=True)
        return proba

    def predict(self, X) -> numpy.ndarray:
        return self.classes_[self.predict_proba(X).argmax(axis=1)]


def decisive_columns(task: str, vocabulary: Sequence[str]) -> dict[str, int]:
    """Label -> its decisive hint column, counted from the end of the feature matrix."""
    prefix = decisive_token(task, "")
    vocabulary = list(vocabulary)
    return {token[len(prefix):]: index - len(vocabulary) for index, token in enumerate(vocabulary)
            if token.startswith(prefix)}


def cue_columns(task: str, vocabulary: Sequence[str]) -> dict[str, int]:
    """Label -> the hint column counting every cue hit of that label, from the end."""
    prefix = cue_label_token(task, "")
    vocabulary = list(vocabulary)
    return {token[len(prefix):]: index - len(vocabulary) for index, token in enumerate(vocabulary)
            if token.startswith(prefix)}


def make_classifier(kind: str, task: str | None = None, vocabulary: Sequence[str] | None = None):
    from sklearn.linear_model import LogisticRegression

    # C for areas and sectors chosen by CV on dev (1, 3, 10, 30): a stronger prior keeps the
    # classes of four or six complaints from being drowned by over-confident big classes.
    c = 1.0 if kind == "multiclass" else 3.0
    model = LogisticRegression(C=c, max_iter=3000, class_weight="balanced")
    vocabulary = list(vocabulary) if vocabulary is not None else default_vocabulary()
    portal = (-len(vocabulary) - PORTAL_WIDTH, -len(vocabulary))
    if task is None:        # a signal: no decisive cues
        return CuedClassifier(model, {}, portal=portal, portal_weight=PORTAL_WEIGHTS["signal"])
    return CuedClassifier(model, decisive_columns(task, vocabulary), portal=portal,
                          portal_weight=PORTAL_WEIGHTS[task], cues=cue_columns(task, vocabulary),
                          min_support=MIN_SUPPORT[task], unsure=CUE_UNSURE[task])


def make_pipeline(kind: str, features=None, task: str | None = None):
    """``kind``: ``multiclass`` (areas, sectors) or ``binary`` (a signal). ``features``: an
    already fitted feature step shared by every task of a saved model (the text is vectorised
    once per complaint, not once per task). ``task``: the area or sector whose decisive cues
    the classifier applies."""
    from sklearn.pipeline import Pipeline

    features = features if features is not None else make_features()
    vocabulary = features.transformers[-1][1].vocabulary
    return Pipeline([("features", features),
                     ("model", make_classifier(kind, task, vocabulary))])


def _folds(y: numpy.ndarray, n: int = 5):
    """Stratified folds when every class can be split, plain shuffled folds otherwise (rare
    classes of one or two complaints)."""
    from sklearn.model_selection import KFold, StratifiedKFold

    counts = numpy.unique(y, return_counts=True)[1]
    if counts.min() >= n:
        return StratifiedKFold(n_splits=n, shuffle=True, random_state=SEED)
    return KFold(n_splits=n, shuffle=True, random_state=SEED)


def _cv_proba(X, y, kind: str, task: str | None = None) -> tuple[numpy.ndarray, list]:
    """Out-of-fold probabilities; a class missing from a training fold gets probability 0
    (unless a decisive cue names it)."""
    labels = sorted(set(y))
    proba = numpy.zeros((len(y), len(labels) + len(decisive_columns(task or "", default_vocabulary()))))
    for train, held in _folds(y).split(X, y):
        if len(set(y[train])) < 2:
            continue
        model = make_pipeline(kind, task=task).fit(X[train], y[train])
        for c in model.classes_:
            if c not in labels:
                labels.append(c)
        cols = [labels.index(c) for c in model.classes_]
        proba[numpy.ix_(held, cols)] = model.predict_proba(X[held])
    return proba[:, :len(labels)], labels


def macro_f1(gold: Sequence[str], predicted: Sequence[str | None], labels: Sequence[str]) -> float:
    """Macro-F1 over the classes present in gold or predictions; an abstention (None) is a
    miss for its gold class and a false positive for none."""
    classes = sorted(set(gold) | {p for p in predicted if p is not None})
    scores = []
    for c in classes:
        tp = sum(g == c and p == c for g, p in zip(gold, predicted))
        fp = sum(g != c and p == c for g, p in zip(gold, predicted))
        fn = sum(g == c and p != c for g, p in zip(gold, predicted))
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return float(numpy.mean(scores)) if scores else 0.0


def choose_abstain(confidence: numpy.ndarray, best: numpy.ndarray, gold: numpy.ndarray,
                   steps: Sequence[float] = tuple(x / 100 for x in range(0, 96, 5))
                   ) -> tuple[float, list[dict]]:
    """The threshold with the best cross-validated macro-F1 when an abstention counts as a miss
    (it is a miss for its gold class but no false positive for another, so dropping a shaky
    answer can raise a rare class's precision); on a tie the lower one, which answers more. A
    threshold above 0 must beat answering everything by ``ABSTAIN_MIN_GAIN``: a smaller gain
    on a few hundred complaints is noise, and each abstention costs a person's time.
    Returns it with the whole curve (threshold, answered share, macro-F1, accuracy of answers)."""
    curve, chosen = [], (0.0, numpy.inf)
    for threshold in steps:
        answered = confidence >= threshold
        predicted = [b if a else None for b, a in zip(best, answered)]
        f1 = macro_f1(list(gold), predicted, ())
        curve.append({"threshold": threshold, "answered": round(float(answered.mean()), 4),
                      "macro_f1": round(f1, 4),
                      "accuracy_answered": round(float((best == gold)[answered].mean()), 4)
                      if answered.any() else None})
        if threshold == steps[0]:
            chosen = (threshold, f1 + ABSTAIN_MIN_GAIN - 1e-9)
        elif f1 > chosen[1] + 1e-9:
            chosen = (threshold, f1)
    return chosen[0], curve


def _f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


SIGNAL_GATES = (0.0, 0.05, 0.1, 0.2, 0.3)    # the model's veto on a rule hit (0: no veto)
SIGNAL_THRESHOLDS = tuple(x / 100 for x in range(30, 96, 5))


def _predicted(proba: numpy.ndarray, rule: numpy.ndarray, gate: float, threshold: float) -> numpy.ndarray:
    return (rule & (proba >= gate)) | (proba >= threshold)


def choose_signal_threshold(proba: numpy.ndarray, rule: numpy.ndarray, gold: numpy.ndarray,
                            gates: Sequence[float] = (0.0,)) -> tuple[float, float]:
    """Threshold of the model for «rule OR model ≥ t» with the best CV F1; 1.01 = rules only."""
    gate, threshold, f1 = choose_signal_vote(proba, rule, gold, gates)
    return threshold, f1


def choose_signal_vote(proba: numpy.ndarray, rule: numpy.ndarray, gold: numpy.ndarray,
                       gates: Sequence[float] = SIGNAL_GATES) -> tuple[float, float, float]:
    """How a signal's rules and its model vote: «(a rule fires AND model ≥ gate) OR model ≥
    threshold», the pair with the best cross-validated F1 (``proba`` out of fold). The gate lets
    the model veto a rule hit where the rule's words say something else («при бездействии
    буду писать», a long-standing problem «не решается» with no body blamed): the rules were
    written on the same dev appeals, so how far to trust them is itself chosen on held-out
    folds. Threshold 1.01 = the model adds nothing; gate 0 = every rule hit stands. On a tie
    the earlier pair wins: no veto, then rules only, then the lower threshold.
    Returns (gate, threshold, F1)."""
    best = (0.0, 1.01, -1.0)
    for gate in gates:
        for threshold in (1.01, *SIGNAL_THRESHOLDS):
            pred = _predicted(proba, rule, gate, threshold)
            f1 = _f1(int((pred & gold).sum()), int((pred & ~gold).sum()), int((~pred & gold).sum()))
            if f1 > best[2] + 1e-9:
                best = (gate, threshold, f1)
    return best


def _model_alone(proba: numpy.ndarray, gold: numpy.ndarray) -> tuple[float, float]:
    """The model without its rules (their hits still among its features): the threshold with
    the best CV F1, for the report of how much the rules add."""
    best = (1.01, 0.0)
    for threshold in (x / 100 for x in range(5, 96, 5)):
        pred = proba >= threshold
        f1 = _f1(int((pred & gold).sum()), int((pred & ~gold).sum()), int((~pred & gold).sum()))
        if f1 > best[1] + 1e-9:
            best = (threshold, f1)
    return best


@dataclass
class ComplaintModel:
    tasks: dict                 # task -> fitted Pipeline
    signal_models: dict         # signal -> fitted Pipeline
    meta: dict = field(default_factory=dict)

    def threshold(self, task: str) -> float:
        return float(self.meta["abstain_threshold"][task])

    def signal_threshold(self, signal: str) -> float:
        return float(self.meta["signal_thresholds"].get(signal, 1.01))

    def signal_gate(self, signal: str) -> float:
        """The model probability a rule hit of ``signal`` needs to stand (0 before v4)."""
        return float(self.meta.get("signal_gates", {}).get(signal, 0.0))

    def features(self, X: numpy.ndarray):
        """The shared feature matrix of raw rows (one vectorisation for every task). A model
        made before the portal's labels were read (v1, v2) takes the first three columns."""
        step = next(iter(self.tasks.values()))[0]
        return step.transform(X[:, :getattr(step, "n_features_in_", X.shape[1])])

    def save(self, directory: Path) -> None:
        import joblib

        directory.mkdir(parents=True, exist_ok=True)
        joblib.dump({"tasks": self.tasks, "signal_models": self.signal_models},
                    directory / "model.joblib", compress=3)
        (directory / "meta.json").write_text(json.dumps(self.meta, ensure_ascii=False, indent=2)
                                             + "\n", encoding="utf-8")

    @staticmethod
    def load(directory: Path | None = None) -> "ComplaintModel":
        directory = directory or latest_version()
        if directory is None or not (directory / "meta.json").is_file():
            raise ModelRefused(f"нет модели обращений в {MODELS_DIR}; запустите "
                               "`taza complaints train` / no complaints model: run "
                               "`taza complaints train`")
        meta = json.loads((directory / "meta.json").read_text(encoding="utf-8"))
        current = library_versions()
        for lib in ("scikit-learn", "numpy", "joblib"):
            made_with = meta.get("versions", {}).get(lib)
            if made_with != current[lib]:
                raise ModelRefused(f"{directory}: модель обучена на {lib} {made_with}, "
                                   f"установлен {current[lib]}; переобучите "
                                   f"(`taza complaints train`) / model refused: made with "
                                   f"{lib} {made_with}, installed {current[lib]}")
        import joblib

        parts = joblib.load(directory / "model.joblib")
        return ComplaintModel(parts["tasks"], parts["signal_models"], meta)


def latest_version(models_dir: Path = MODELS_DIR) -> Path | None:
    if not models_dir.is_dir():
        return None
    versions = sorted((p for p in models_dir.iterdir() if (p / "meta.json").is_file()),
                      key=lambda p: (len(p.name), p.name))
    return versions[-1] if versions else None


def data_hash(ids: Sequence[str], texts: Sequence[str], labels: Sequence[tuple]) -> str:
    digest = hashlib.sha256()
    for row in zip(ids, texts, labels):
        digest.update(json.dumps(row, ensure_ascii=False, sort_keys=True).encode())
    return digest.hexdigest()


def fit(X: numpy.ndarray, targets: dict[str, numpy.ndarray], signals: dict[str, numpy.ndarray],
        rule_signals: dict[str, numpy.ndarray],
        cross_validate: bool = True) -> tuple[ComplaintModel, dict]:
    """Fit every model; returns the model and its cross-validated metrics and thresholds.

    ``targets``: task -> labels (None rows are dropped for that task); ``signals``: signal ->
    0/1 gold; ``rule_signals``: signal -> 0/1 whether a rule fired. BLAS runs on one thread:
    on these small sparse problems extra threads only contend (an order of magnitude slower).
    """
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1):
        return _fit(X, targets, signals, rule_signals, cross_validate)


def _fit(X, targets, signals, rule_signals, cross_validate):
    tasks, signal_models, cv, thresholds, signal_thresholds = {}, {}, {}, {}, {}
    signal_gates: dict[str, float] = {}
    cue_required: dict[str, list[str]] = {}
    features = make_features().fit(X)        # unsupervised: TF-IDF over every training text
    Xf = features.transform(X)
    for task, y_all in targets.items():
        keep = numpy.array([v is not None for v in y_all])
        X_t, y = X[keep], numpy.array([str(v) for v in y_all[keep]])
        if cross_validate:
            proba, labels = _cv_proba(X_t, y, "multiclass", task)
            best = numpy.array(labels)[proba.argmax(axis=1)]
            confidence = proba.max(axis=1)
            correct = best == y
            threshold, curve = choose_abstain(confidence, best, y)
            answered = numpy.where(confidence >= threshold, best, None)
            onehot = numpy.array([[label == c for c in labels] for label in y], dtype=float)
            cv[task] = {
                "examples": int(len(y)),
                "accuracy": round(float(correct.mean()), 4),
                "macro_f1": round(macro_f1(list(y), list(best), labels), 4),
                "macro_f1_with_abstain": round(macro_f1(list(y), list(answered), labels), 4),
                "coverage_at_threshold": round(float((confidence >= threshold).mean()), 4),
                "accuracy_answered": round(float(correct[confidence >= threshold].mean()), 4)
                if (confidence >= threshold).any() else None,
                "brier": round(float(((proba - onehot) ** 2).sum(axis=1).mean()), 4),
                "abstain_curve": curve,
            }
            thresholds[task] = threshold
        else:
            thresholds[task] = 0.0
        tasks[task] = make_pipeline("multiclass", features, task)
        tasks[task][-1].fit(Xf[keep], y)
        cue_required[task] = sorted(tasks[task][-1].needs_cue_)
    for signal, gold in signals.items():
        gold = gold.astype(bool)
        rule = rule_signals[signal].astype(bool)
        entry = {"positives": int(gold.sum()),
                 "rules_f1": round(_f1(int((rule & gold).sum()), int((rule & ~gold).sum()),
                                       int((~rule & gold).sum())), 4)}
        if gold.sum() >= MIN_SIGNAL_POSITIVES and cross_validate:
            proba, labels = _cv_proba(X, gold.astype(int), "binary")
            gate, threshold, f1 = choose_signal_vote(proba[:, labels.index(1)], rule, gold)
            alone, alone_f1 = _model_alone(proba[:, labels.index(1)], gold)
            entry.update({"combined_f1": round(f1, 4), "threshold": threshold, "gate": gate,
                          "model_alone_f1": round(alone_f1, 4), "model_alone_threshold": alone})
            signal_thresholds[signal] = threshold      # 1.01 and gate 0: the rules alone
            signal_gates[signal] = gate
            signal_models[signal] = make_pipeline("binary", features)
            signal_models[signal][-1].fit(Xf, gold.astype(int))
        cv.setdefault("signals", {})[signal] = entry
    meta = {"abstain_threshold": thresholds, "signal_thresholds": signal_thresholds,
            "signal_gates": signal_gates, "cue_required": cue_required,
            "cue_rule": {"min_support": MIN_SUPPORT, "unsure": CUE_UNSURE},
            "cross_validated": cv}
    return ComplaintModel(tasks, signal_models, meta), meta
