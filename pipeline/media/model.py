"""The media signal model: logistic regression over the cue features and lemma n-grams.

The rules' features (``detect.collect``: offences next to officials, concrete-case cues,
private-fraud cues, their place in title and lead) and the cue ids are one block; lemma
unigrams and bigrams (tf-idf) are the second; the lemmas of the head (the title, or the first
sentence of a post without one) are the third, so the head weighs twice. One binary model says
*signal*; one per case type says which types a signal has. Since v5 the signal probability is
blended with a dense model's (``pipeline/media/dense.py``: navec word vectors of the whole
text beside the rules' block), with a weight of 0, 0.25 or 0.5 chosen by the inner CV.
Everything is fitted on the dev split of the gold corpus only; the decision threshold, the
dense weight and the type blend are chosen by 5-fold cross-validation on dev
(``pipeline/media/crossval.py`` scores the whole recipe, nested).

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

from threadpoolctl import threadpool_limits

from pipeline.media.cues import CASE_TYPES, GROUPS
from pipeline.media.dense import BlendedModel, make_dense_pipeline, text_vector
from pipeline.media.detect import Decision, Evidence, is_policy, rule_score, sentence_spans

MODELS_DIR = Path(__file__).resolve().parents[2] / "models" / "media"
DEFAULT_VERSION = "v5"
RECORD_FORMAT = 3            # (cue features, lemmas, head lemmas, dense text vector)
READABLE_FORMATS = (2, 3)    # v2-v4 read the first three parts of a record; v1 had no head block
SEED = 0
C_GRID = (1.0,)             # a grid (0.3–10) chosen per fold was noisy: −0.013 F1 in nested dev CV
TYPE_C = 3.0
MIN_TYPE_POSITIVES = 5
MAX_LEMMAS = 3000            # lemmas of a publication given to the n-gram block
MAX_HEAD_CHARS = 300         # a Telegram post has no title: its first sentence stands for it


class ModelRefused(Exception):
    """No usable media model: missing, or made with other library versions."""


def library_versions() -> dict[str, str]:
    from pipeline.complaints.model import library_versions as versions

    return versions()


def latest_version(models_dir: Path | None = None) -> str:
    """The newest model folder (``v1``, ``v2`` …) that holds a model; ``DEFAULT_VERSION`` when
    there is none yet."""
    found = [p.name for p in (models_dir or MODELS_DIR).glob("v*")
             if p.name[1:].isdigit() and (p / "meta.json").is_file()]
    return max(found, key=lambda v: int(v[1:]), default=DEFAULT_VERSION)


def feature_dict(ev: Evidence) -> dict[str, float]:
    """The rules' block: their features, the cue ids, each group's hit count and the rules'
    own score (so the model can lean on the hand-set combination where data are thin)."""
    out = {f"f:{k}": math.log1p(v) if v > 0 else v for k, v in ev.features.items()}
    out.update({f"cue:{c}": 1.0 for c in ev.cue_ids})
    out.update({f"type:{t}": math.log1p(v) for t, v in ev.type_scores.items()})
    groups = {g: 0 for g in GROUPS}
    for h in ev.hits:
        groups[h.group] += 1
    out.update({f"grp:{g}": math.log1p(n) for g, n in groups.items() if n})
    out["rule:score"] = rule_score(ev)
    return out


def _lemmas(doc, limit: int) -> list[str]:
    from pipeline.nlp.lemma import DOC_EXT

    seq = doc._.get(DOC_EXT) or []
    return [forms[0] for forms in seq[:limit] if forms and forms[0][:1].isalpha()]


def lemma_string(doc) -> str:
    """The most probable normal form of each word of a lemmatised doc, space-separated."""
    return " ".join(_lemmas(doc, MAX_LEMMAS))


def head_end(text: str, title_end: int) -> int:
    """Where the head of a publication ends: its title, or else its first sentence."""
    if title_end:
        return title_end
    spans = sentence_spans(text)
    return min(spans[0][1] if spans else len(text), MAX_HEAD_CHARS)


def head_string(doc, end: int) -> str:
    """Lemmas of the head (title weighting: the same words again, in their own block)."""
    from pipeline.nlp.lemma import DOC_EXT

    seq = doc._.get(DOC_EXT) or []
    out = []
    for i, forms in enumerate(seq):
        if doc[i].idx >= end:
            break
        if forms and forms[0][:1].isalpha():
            out.append(forms[0])
    return " ".join(out)


def make_record(ev: Evidence, doc, text: str,
                title_end: int) -> tuple[dict, str, str, numpy.ndarray]:
    """What the model reads of one publication (the scanner and training build it alike)."""
    return (feature_dict(ev), lemma_string(doc), head_string(doc, head_end(text, title_end)),
            text_vector(text))


def rule_shares(type_scores: dict[str, float]) -> dict[str, float]:
    """Each case type's rule score as a share of the best one (0..1)."""
    top = max(type_scores.values(), default=0.0)
    return {t: (type_scores.get(t, 0.0) / top if top else 0.0) for t in CASE_TYPES}


def blend(model_p: dict[str, float], shares: dict[str, float], weight: float) -> dict[str, float]:
    """Type scores: the model's probability and the rules' share, weighted (types without a
    model — too few examples — rely on the rules alone)."""
    return {t: weight * model_p[t] + (1 - weight) * shares[t] if t in model_p else shares[t]
            for t in CASE_TYPES}


def choose_types(scores: dict[str, float], thresholds: dict[str, float],
                 share: float = 0.0) -> tuple[str, ...]:
    """The case types of a signal: each type at or above its threshold and at least ``share``
    of the best type's score (a long investigation names many offences, but a secondary one
    must be close to the main one); at least the best type."""
    if not scores:
        return ()
    top = max(scores.values())
    chosen = tuple(t for t in CASE_TYPES if t in scores and scores[t] >= thresholds[t]
                   and scores[t] >= share * top)
    return chosen or (max(scores, key=scores.get),)


def _dicts(records):
    return [r[0] for r in records]


def _texts(records):
    return [r[1] for r in records]


def _heads(records):
    return [r[2] if len(r) > 2 else "" for r in records]


def make_pipeline(c: float, head: bool = True):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline
    from sklearn.preprocessing import FunctionTransformer, MaxAbsScaler

    blocks = [
        ("cues", Pipeline([("select", FunctionTransformer(_dicts)),
                           ("vector", DictVectorizer()), ("scale", MaxAbsScaler())])),
        ("lemmas", Pipeline([("select", FunctionTransformer(_texts)),
                             ("tfidf", TfidfVectorizer(ngram_range=(1, 2), min_df=2, max_df=0.5,
                                                       sublinear_tf=True, max_features=40000,
                                                       token_pattern=r"(?u)\b\w[\w-]+\b"))])),
    ]
    if head:
        blocks.append(("head", Pipeline([("select", FunctionTransformer(_heads)),
                                         ("tfidf", TfidfVectorizer(min_df=2, max_df=0.5,
                                                                   sublinear_tf=True,
                                                                   token_pattern=r"(?u)\b\w[\w-]+\b"))])))
    return Pipeline([("features", FeatureUnion(blocks)),
                     ("model", LogisticRegression(C=c, max_iter=5000, class_weight="balanced",
                                                  solver="liblinear"))])


def _folds(y: numpy.ndarray, n: int = 5):
    from sklearn.model_selection import StratifiedKFold

    return StratifiedKFold(n_splits=n, shuffle=True, random_state=SEED).split(numpy.zeros(len(y)), y)


def _cv_proba(records, y: numpy.ndarray, c: float, head: bool = True) -> numpy.ndarray:
    proba = numpy.zeros(len(y))
    for train, held in _folds(y):
        model = make_pipeline(c, head).fit([records[i] for i in train], y[train])
        proba[held] = model.predict_proba([records[i] for i in held])[:, 1]
    return proba


def _f1(pred: numpy.ndarray, y: numpy.ndarray) -> float:
    tp = int((pred & (y == 1)).sum())
    fp = int((pred & (y == 0)).sum())
    fn = int((~pred & (y == 1)).sum())
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def _best_f1(proba: numpy.ndarray, y: numpy.ndarray,
             grid=numpy.arange(0.2, 0.81, 0.025)) -> tuple[float, float]:
    """The threshold of the best F1; among near-ties (within one item's worth of F1) the one
    nearest 0.5, a calibrated model's natural cut — a lone lucky point overfits."""
    scored = [(_f1(proba >= t, y), float(t)) for t in grid]
    top = max(f for f, _ in scored)
    slack = 1.0 / max(int(y.sum()), 1) / 2
    f1, threshold = min(((f, t) for f, t in scored if f >= top - slack),
                        key=lambda ft: (abs(ft[1] - 0.5), -ft[0]))
    return f1, threshold


@dataclass
class MediaModel:
    signal: object                       # fitted Pipeline
    types: dict[str, object]             # case type → fitted Pipeline (signals only)
    meta: dict = field(default_factory=dict)

    @property
    def threshold(self) -> float:
        return float(self.meta["threshold"])

    def type_threshold(self, event_type: str) -> float:
        per_type = self.meta.get("type_thresholds") or {}
        return float(per_type.get(event_type, self.meta["type_threshold"]))

    def decide(self, ev: Evidence, lemmas: str = "", head: str = "",
               dense: numpy.ndarray | None = None) -> Decision:
        if dense is None and self.meta.get("record_format", 2) >= 3:
            raise ValueError("эта модель читает плотный вектор текста (Analysis.dense) / "
                             "this model needs the text's dense vector")
        record = (feature_dict(ev), lemmas, head) if dense is None \
            else (feature_dict(ev), lemmas, head, dense)
        with threadpool_limits(1):
            p = float(self.signal.predict_proba([record])[0, 1])
            signal = p >= self.threshold
            types: tuple[str, ...] = ()
            if signal:
                model_p = {t: float(m.predict_proba([record])[0, 1]) for t, m in self.types.items()}
        if signal:
            scores = blend(model_p, rule_shares(ev.type_scores), float(self.meta["type_weight"]))
            types = choose_types(scores, {t: self.type_threshold(t) for t in CASE_TYPES},
                                 float(self.meta.get("type_share", 0.0)))
        elif is_policy(ev):
            types = ("anticorruption_policy",)
        return Decision(signal, round(p, 4), types, ev.best_sentence, ev.cue_ids)

    def save(self, directory: Path) -> None:
        import joblib

        directory.mkdir(parents=True, exist_ok=True)
        for model in (self.signal, *self.types.values()):
            for pipeline in (model.pipelines() if isinstance(model, BlendedModel) else (model,)):
                _strip(pipeline)
        joblib.dump({"signal": self.signal, "types": self.types}, directory / "model.joblib",
                    compress=3)
        (directory / "meta.json").write_text(json.dumps(self.meta, ensure_ascii=False, indent=2)
                                             + "\n", encoding="utf-8")

    @staticmethod
    def load(directory: Path | None = None) -> "MediaModel":
        import joblib

        directory = directory or MODELS_DIR / latest_version()
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
        if meta.get("record_format", 1) not in READABLE_FORMATS:
            raise ModelRefused(f"{directory}: формат признаков {meta.get('record_format', 1)}, "
                               f"нужен {RECORD_FORMAT}; переобучите (`taza media train`) / "
                               f"model refused: feature format")
        parts = joblib.load(directory / "model.joblib")
        return MediaModel(parts["signal"], parts["types"], meta)


def _strip(pipeline) -> None:
    """Drop the n-grams that min_df/max_df/max_features cut (``stop_words_``): scikit-learn
    keeps them only for introspection; they are most of the file and predictions ignore them."""
    for _, block in pipeline.named_steps["features"].transformer_list:
        tfidf = block.named_steps.get("tfidf")
        if tfidf is not None and hasattr(tfidf, "stop_words_"):
            delattr(tfidf, "stop_words_")


def data_hash(ids: Sequence[str], labels: Sequence[tuple]) -> str:
    digest = hashlib.sha256()
    for i, label in zip(ids, labels):
        digest.update(json.dumps([i, *label], ensure_ascii=False).encode())
    return digest.hexdigest()[:16]


BLEND_WEIGHTS = (0.3, 0.5, 0.7)
DENSE_WEIGHTS = (0.25, 0.5)   # the dense model's share of the signal probability (besides 0)
TYPE_THRESHOLDS = (0.35, 0.45, 0.55)
TYPE_SHARES = (0.0, 0.6, 0.8)   # share of the best type a further type needs (0: any)
PER_TYPE_GRID = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65)
PER_TYPE_THRESHOLDS = False   # per-type thresholds: no gain in nested dev CV (0.721 vs 0.722), more variance


def _shares(records, positives):
    return [rule_shares({t: math.expm1(records[i][0].get(f"type:{t}", 0.0)) for t in CASE_TYPES})
            for i in positives]


def _type_counts(scores_list, gold_list, thresholds: dict[str, float],
                 share: float = 0.0) -> tuple[int, int, int]:
    tp = fp = fn = 0
    for scores, gold in zip(scores_list, gold_list):
        chosen = set(choose_types(scores, thresholds, share))
        tp, fp, fn = tp + len(gold & chosen), fp + len(chosen - gold), fn + len(gold - chosen)
    return tp, fp, fn


def _choose_blend(records, positives, type_targets,
                  oof) -> tuple[float, dict[str, float], float, float]:
    """Weight of the model against the rules, the type thresholds and the share of the best
    type a second type needs, that give the best cross-validated micro-F1 of case types among
    the dev signals: one shared threshold first, then (``PER_TYPE_THRESHOLDS``) each type's
    own, moved one type at a time while micro-F1 rises."""
    shares = _shares(records, positives)
    gold = [{t for t in CASE_TYPES if type_targets[t][i]} for i in positives]
    micro = lambda tp, fp, fn: 2 * tp / (2 * tp + fp + fn) if tp else 0.0  # noqa: E731
    best = (-1.0, 0.5, 0.45, 0.0)
    for weight in BLEND_WEIGHTS:
        scores = [blend({t: float(p[k]) for t, p in oof.items()}, shares[k], weight)
                  for k in range(len(positives))]
        for share in TYPE_SHARES:
            for threshold in TYPE_THRESHOLDS:
                f1 = micro(*_type_counts(scores, gold, {t: threshold for t in CASE_TYPES}, share))
                if f1 > best[0] + 1e-9:
                    best = (f1, weight, threshold, share)
    f1, weight, shared, share = best
    thresholds = {t: shared for t in CASE_TYPES}
    if PER_TYPE_THRESHOLDS:
        scores = [blend({t: float(p[k]) for t, p in oof.items()}, shares[k], weight)
                  for k in range(len(positives))]
        for _ in range(2):
            for t in CASE_TYPES:
                for value in PER_TYPE_GRID:
                    trial = {**thresholds, t: value}
                    trial_f1 = micro(*_type_counts(scores, gold, trial, share))
                    # a move must gain more than one item's worth of noise
                    if trial_f1 > f1 + 0.005:
                        f1, thresholds = trial_f1, trial
    return weight, thresholds, share, round(f1, 4)


def fit(records: list, y: numpy.ndarray, type_targets: dict[str, numpy.ndarray],
        head: bool = True) -> tuple[MediaModel, dict]:
    """Choose C and the threshold by CV on the given (dev) records, then fit on all of them."""
    with threadpool_limits(1):
        return _fit(records, y, type_targets, head)


def _dense_cv_proba(records, y: numpy.ndarray) -> numpy.ndarray:
    """Out-of-fold probabilities of the dense model, on the sparse model's folds."""
    proba = numpy.zeros(len(y))
    for train, held in _folds(y):
        model = make_dense_pipeline().fit([records[i] for i in train], y[train])
        proba[held] = model.predict_proba([records[i] for i in held])[:, 1]
    return proba


def _choose_dense_weight(sparse: numpy.ndarray, dense: numpy.ndarray | None,
                         y: numpy.ndarray) -> tuple[float, float, float]:
    """The dense weight (``DENSE_WEIGHTS``, the smallest among ties) and the threshold of the
    best cross-validated signal F1 of the blend: (weight, F1, threshold)."""
    best = (0.0, *_best_f1(sparse, y))
    for weight in DENSE_WEIGHTS if dense is not None else ():
        f1, threshold = _best_f1((1 - weight) * sparse + weight * dense, y)
        if f1 > best[1] + 1e-9:
            best = (weight, f1, threshold)
    return best


def _fit(records, y, type_targets, head):
    dense = len(records[0]) > 3 and bool(DENSE_WEIGHTS)
    cv = {}
    for c in C_GRID:
        proba = _cv_proba(records, y, c, head)
        cv[c] = (_best_f1(proba, y), proba)
    c_best = max(cv, key=lambda c: (round(cv[c][0][0], 4), -abs(math.log(c))))
    sparse_f1 = cv[c_best][0][0]
    dense_proba = _dense_cv_proba(records, y) if dense else None
    dense_weight, f1, threshold = _choose_dense_weight(cv[c_best][1], dense_proba, y)
    signal = make_pipeline(c_best, head).fit(records, y)
    if dense:
        signal = BlendedModel(signal, make_dense_pipeline().fit(records, y) if dense_weight
                              else None, dense_weight)
    positives = numpy.flatnonzero(y == 1)
    types, type_cv, oof = {}, {}, {}
    for t, target in type_targets.items():
        sub = target[positives]
        if sub.sum() < MIN_TYPE_POSITIVES or sub.sum() == len(sub):
            continue
        sub_records = [records[i] for i in positives]
        type_proba = _cv_proba(sub_records, sub, TYPE_C, head) \
            if min(sub.sum(), len(sub) - sub.sum()) >= 5 else None
        if type_proba is not None:
            type_cv[t] = {"positives": int(sub.sum()),
                          "f1_among_signals": round(_f1(type_proba >= 0.5, sub), 4)}
            oof[t] = type_proba
        types[t] = make_pipeline(TYPE_C, head).fit(sub_records, sub)
    weight, type_thresholds, type_share, type_micro = _choose_blend(records, positives, type_targets, oof)
    shared = max(set(type_thresholds.values()), key=list(type_thresholds.values()).count)
    meta = {"threshold": round(threshold, 3), "C": c_best,
            "record_format": RECORD_FORMAT if dense else 2,
            "dense_weight": dense_weight,
            "type_weight": weight, "type_threshold": shared,
            "type_thresholds": type_thresholds, "type_share": type_share,
            "cross_validated": {"signal_f1": round(f1, 4),
                                "signal_f1_sparse_only": round(sparse_f1, 4),
                                "signal_f1_by_C": {str(c): round(v[0][0], 4) for c, v in cv.items()},
                                "types": type_cv,
                                "type_micro_f1_among_signals": type_micro},
            "case_types": sorted(types)}
    return MediaModel(signal, types, meta), meta
