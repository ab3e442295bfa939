"""The media signal model: logistic regression over the cue features and lemma n-grams.

The rules' features (``detect.collect``: offences next to officials, concrete-case cues,
private-fraud cues, their place in title and lead) and the cue ids are one block; lemma
unigrams and bigrams (tf-idf) are the other. One binary model says *signal*; one per case type
says which types a signal has. Everything is fitted on the dev split of the gold corpus only;
the regularisation and the decision threshold are chosen by 5-fold cross-validation on dev.

A model lives in ``models/media/<version>/``: ``model.joblib`` and ``meta.json`` (library
versions, training-data hash, labels, cross-validated metrics, threshold). A model made with
another scikit-learn, numpy or joblib version is refused (``ModelRefused``).
"""
from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy

from pipeline.media.cues import CASE_TYPES
from pipeline.media.detect import Decision, Evidence, is_policy

MODELS_DIR = Path(__file__).resolve().parents[2] / "models" / "media"
DEFAULT_VERSION = "v1"
SEED = 0
C_GRID = (0.3, 1.0, 3.0, 10.0)
MIN_TYPE_POSITIVES = 5
MAX_LEMMAS = 3000            # lemmas of a publication given to the n-gram block


class ModelRefused(Exception):
    """No usable media model: missing, or made with other library versions."""


def library_versions() -> dict[str, str]:
    from pipeline.complaints.model import library_versions as versions

    return versions()


def feature_dict(ev: Evidence) -> dict[str, float]:
    out = {f"f:{k}": math.log1p(v) if v > 0 else v for k, v in ev.features.items()}
    out.update({f"cue:{c}": 1.0 for c in ev.cue_ids})
    out.update({f"type:{t}": math.log1p(v) for t, v in ev.type_scores.items()})
    return out


def lemma_string(doc) -> str:
    """The most probable normal form of each word of a lemmatised doc, space-separated."""
    from pipeline.nlp.lemma import DOC_EXT

    seq = doc._.get(DOC_EXT) or []
    return " ".join(forms[0] for forms in seq[:MAX_LEMMAS] if forms and forms[0][:1].isalpha())


def rule_shares(type_scores: dict[str, float]) -> dict[str, float]:
    """Each case type's rule score as a share of the best one (0..1)."""
    top = max(type_scores.values(), default=0.0)
    return {t: (type_scores.get(t, 0.0) / top if top else 0.0) for t in CASE_TYPES}


def blend(model_p: dict[str, float], shares: dict[str, float], weight: float) -> dict[str, float]:
    """Type scores: the model's probability and the rules' share, weighted (types without a
    model — too few examples — rely on the rules alone)."""
    return {t: weight * model_p[t] + (1 - weight) * shares[t] if t in model_p else shares[t]
            for t in CASE_TYPES}


def _dicts(records):
    return [r[0] for r in records]


def _texts(records):
    return [r[1] for r in records]


def make_pipeline(c: float):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline
    from sklearn.preprocessing import FunctionTransformer, MaxAbsScaler

    features = FeatureUnion([
        ("cues", Pipeline([("select", FunctionTransformer(_dicts)),
                           ("vector", DictVectorizer()), ("scale", MaxAbsScaler())])),
        ("lemmas", Pipeline([("select", FunctionTransformer(_texts)),
                             ("tfidf", TfidfVectorizer(ngram_range=(1, 2), min_df=2, max_df=0.5,
                                                       sublinear_tf=True, max_features=40000,
                                                       token_pattern=r"(?u)\b\w[\w-]+\b"))])),
    ])
    return Pipeline([("features", features),
                     ("model", LogisticRegression(C=c, max_iter=5000, class_weight="balanced"))])


def _cv_proba(records, y: numpy.ndarray, c: float) -> numpy.ndarray:
    from sklearn.model_selection import StratifiedKFold

    proba = numpy.zeros(len(y))
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=SEED)
    for train, held in folds.split(numpy.zeros(len(y)), y):
        model = make_pipeline(c).fit([records[i] for i in train], y[train])
        proba[held] = model.predict_proba([records[i] for i in held])[:, 1]
    return proba


def _best_f1(proba: numpy.ndarray, y: numpy.ndarray) -> tuple[float, float]:
    best = (0.0, 0.5)
    for threshold in numpy.arange(0.2, 0.81, 0.025):
        pred = proba >= threshold
        tp = int((pred & (y == 1)).sum())
        fp = int((pred & (y == 0)).sum())
        fn = int((~pred & (y == 1)).sum())
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        # ties: the threshold nearest 0.5 (a calibrated model's natural cut)
        if f1 > best[0] + 1e-9 or (abs(f1 - best[0]) < 1e-9 and abs(threshold - 0.5) < abs(best[1] - 0.5)):
            best = (f1, float(threshold))
    return best


@dataclass
class MediaModel:
    signal: object                       # fitted Pipeline
    types: dict[str, object]             # case type → fitted Pipeline (signals only)
    meta: dict = field(default_factory=dict)

    @property
    def threshold(self) -> float:
        return float(self.meta["threshold"])

    def decide(self, ev: Evidence, lemmas: str = "") -> Decision:
        record = (feature_dict(ev), lemmas)
        p = float(self.signal.predict_proba([record])[0, 1])
        signal = p >= self.threshold
        types: tuple[str, ...] = ()
        if signal:
            model_p = {t: float(m.predict_proba([record])[0, 1]) for t, m in self.types.items()}
            scores = blend(model_p, rule_shares(ev.type_scores), float(self.meta["type_weight"]))
            threshold = float(self.meta["type_threshold"])
            types = tuple(t for t in CASE_TYPES if scores.get(t, 0.0) >= threshold)
            if not types and scores:
                types = (max(scores, key=scores.get),)
        elif is_policy(ev):
            types = ("anticorruption_policy",)
        return Decision(signal, round(p, 4), types, ev.best_sentence, ev.cue_ids)

    def save(self, directory: Path) -> None:
        import joblib

        directory.mkdir(parents=True, exist_ok=True)
        for pipeline in (self.signal, *self.types.values()):
            _strip(pipeline)
        joblib.dump({"signal": self.signal, "types": self.types}, directory / "model.joblib",
                    compress=3)
        (directory / "meta.json").write_text(json.dumps(self.meta, ensure_ascii=False, indent=2)
                                             + "\n", encoding="utf-8")

    @staticmethod
    def load(directory: Path | None = None) -> "MediaModel":
        import joblib

        directory = directory or MODELS_DIR / DEFAULT_VERSION
        if not (directory / "meta.json").is_file() or not (directory / "model.joblib").is_file():
            raise ModelRefused(f"нет модели сигналов СМИ в {directory}; запустите `taza media "
                               f"train` / no media model")
        meta = json.loads((directory / "meta.json").read_text(encoding="utf-8"))
        current = library_versions()
        for lib in ("scikit-learn", "numpy", "joblib"):
            made_with = meta.get("versions", {}).get(lib)
            if made_with != current[lib]:
                raise ModelRefused(f"{directory}: модель обучена на {lib} {made_with}, установлен "
                                   f"{current[lib]}; переобучите (`taza media train`) / model "
                                   f"refused: made with {lib} {made_with}")
        parts = joblib.load(directory / "model.joblib")
        return MediaModel(parts["signal"], parts["types"], meta)


def _strip(pipeline) -> None:
    """Drop the n-grams that min_df/max_df/max_features cut (``stop_words_``): scikit-learn
    keeps them only for introspection; they are most of the file and predictions ignore them."""
    tfidf = pipeline.named_steps["features"].transformer_list[1][1].named_steps["tfidf"]
    if hasattr(tfidf, "stop_words_"):
        delattr(tfidf, "stop_words_")


def data_hash(ids: Sequence[str], labels: Sequence[tuple]) -> str:
    digest = hashlib.sha256()
    for i, label in zip(ids, labels):
        digest.update(json.dumps([i, *label], ensure_ascii=False).encode())
    return digest.hexdigest()[:16]


BLEND_WEIGHTS = (0.3, 0.5, 0.7)
TYPE_THRESHOLDS = (0.35, 0.45, 0.55)


def _choose_blend(records, positives, type_targets, oof) -> tuple[float, float, float]:
    """Weight of the model against the rules and the type threshold that give the best
    cross-validated micro-F1 of case types among the dev signals."""
    shares = [rule_shares({t: math.expm1(records[i][0].get(f"type:{t}", 0.0)) for t in CASE_TYPES})
              for i in positives]
    best = (-1.0, 0.5, 0.45)
    for weight in BLEND_WEIGHTS:
        for threshold in TYPE_THRESHOLDS:
            tp = fp = fn = 0
            for k, i in enumerate(positives):
                scores = blend({t: float(p[k]) for t, p in oof.items()}, shares[k], weight)
                chosen = {t for t, v in scores.items() if v >= threshold} or {max(scores, key=scores.get)}
                gold = {t for t in CASE_TYPES if type_targets[t][i]}
                tp, fp, fn = tp + len(gold & chosen), fp + len(chosen - gold), fn + len(gold - chosen)
            f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
            if f1 > best[0] + 1e-9:
                best = (f1, weight, threshold)
    return best[1], best[2], round(best[0], 4)


def fit(records: list, y: numpy.ndarray, type_targets: dict[str, numpy.ndarray]) -> tuple[MediaModel, dict]:
    """Choose C and the threshold by CV on the given (dev) records, then fit on all of them."""
    cv = {}
    for c in C_GRID:
        proba = _cv_proba(records, y, c)
        cv[c] = (_best_f1(proba, y), proba)
    c_best = max(cv, key=lambda c: (cv[c][0][0], -abs(c - 1.0)))
    (f1, threshold), proba = cv[c_best]
    signal = make_pipeline(c_best).fit(records, y)
    positives = numpy.flatnonzero(y == 1)
    types, type_cv, oof = {}, {}, {}
    for t, target in type_targets.items():
        sub = target[positives]
        if sub.sum() < MIN_TYPE_POSITIVES or sub.sum() == len(sub):
            continue
        sub_records = [records[i] for i in positives]
        type_proba = _cv_proba(sub_records, sub, 3.0) if min(sub.sum(), len(sub) - sub.sum()) >= 5 \
            else None
        if type_proba is not None:
            pred = type_proba >= 0.5
            tp = int((pred & (sub == 1)).sum())
            fp = int((pred & (sub == 0)).sum())
            fn = int((~pred & (sub == 1)).sum())
            type_cv[t] = {"positives": int(sub.sum()),
                          "f1_among_signals": round(2 * tp / (2 * tp + fp + fn) if tp else 0.0, 4)}
        types[t] = make_pipeline(3.0).fit(sub_records, sub)
        if type_proba is not None:
            oof[t] = type_proba
    weight, type_threshold, type_micro = _choose_blend(records, positives, type_targets, oof)
    meta = {"threshold": round(threshold, 3), "C": c_best,
            "type_weight": weight, "type_threshold": type_threshold,
            "cross_validated": {"signal_f1": round(f1, 4),
                                "signal_f1_by_C": {str(c): round(v[0][0], 4) for c, v in cv.items()},
                                "types": type_cv,
                                "type_micro_f1_among_signals": type_micro},
            "case_types": sorted(types)}
    return MediaModel(signal, types, meta), meta
