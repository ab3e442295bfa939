"""Dense word vectors of a publication, and a model on them blended with the sparse one.

The vectors are natasha's navec news embeddings (250k lower-cased word forms, 300 dimensions),
shipped inside the package: nothing is downloaded, and the one loaded instance is shared with
the media NER's morphology and syntax models (``embedding``). A publication is the mean of
its words' vectors, each weighted by ``a / (a + p(word))`` with ``p`` the word's frequency in
navec's own corpus (smooth inverse frequency: «и», «в», «год» count little, «откат», «тендер»
much), scaled to unit length. Word forms, not lemmas: navec was trained on forms, and a blend
on lemma vectors scored lower in the nested dev CV (``corpora/media/README.md``, v5).

The dense model (``make_dense_pipeline``) is a logistic regression on the standardised vector
and the rules' block; its probability is blended with the sparse model's
(``BlendedModel``), with a weight chosen by the inner cross-validation of ``model.fit``.
Dense vectors generalise from few examples where the n-grams do not: «чиновник присвоил
бюджетные средства» and «глава похитил деньги из казны» share no lemma, yet their vectors'
cosine is 0.70 (0.39 to «пенсионерка перевела деньги мошенникам»).
"""
from __future__ import annotations

import re
from functools import lru_cache

import numpy

SIF_A = 1e-3                 # smooth-inverse-frequency constant (weight a / (a + p))
MAX_DENSE_CHARS = 20_000     # investigative articles run to 60k; the case is told early
DENSE_C = 0.01               # nested dev CV: 0.01 beat 0.1 and 1 (300 dense dimensions, 600 items)
_WORD = re.compile(r"[а-яёa-z][а-яёa-z-]*")


def embedding():
    """natasha's navec news embedding: the process's one instance (``pipeline.nlp``), which
    the NER and the syntax parser share."""
    from pipeline.nlp import news_embedding

    return news_embedding()


@lru_cache(maxsize=1)
def _sif_weights() -> numpy.ndarray:
    """Each vocabulary word's weight; 0 for the service entries (``<unk>``, ``<pad>``)."""
    counts = numpy.asarray(embedding().vocab.counts, dtype=float)
    p = counts / counts.sum()
    return numpy.where(p > 0, SIF_A / (SIF_A + p), 0.0)


def dimension() -> int:
    return int(embedding().pq.dim)


def words(text: str) -> list[str]:
    """Lower-cased words of a text as navec spells them (hyphenated compounds kept whole)."""
    return _WORD.findall(text.lower())


def text_vector(text: str) -> numpy.ndarray:
    """The SIF-weighted mean of the vectors of the text's known words, unit length (zeros
    when no word is known)."""
    emb = embedding()
    weights = _sif_weights()
    known = emb.vocab.word_ids
    ids = [known.get(w) for w in words(text[:MAX_DENSE_CHARS])]
    ids = numpy.array([i for i in ids if i is not None and weights[i] > 0], dtype=int)
    dim = dimension()
    if not len(ids):
        return numpy.zeros(dim, dtype=numpy.float32)
    # navec stores product-quantised vectors: each word is one centroid per sub-space
    vectors = emb.pq.codes[emb.pq.qdims, emb.pq.indexes[ids]].reshape(len(ids), dim)
    w = weights[ids]
    mean = (w[:, None] * vectors).sum(axis=0) / w.sum()
    norm = float(numpy.linalg.norm(mean))
    return (mean / norm if norm else mean).astype(numpy.float32)


def _vectors(records) -> numpy.ndarray:
    """The dense vectors of model records (their fourth element)."""
    return numpy.vstack([numpy.asarray(r[3], dtype=numpy.float32) for r in records])


def make_dense_pipeline(c: float = DENSE_C):
    """Logistic regression on the standardised text vector beside the rules' block."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline
    from sklearn.preprocessing import FunctionTransformer, MaxAbsScaler, StandardScaler

    from pipeline.media.model import _dicts

    blocks = [
        ("dense", Pipeline([("select", FunctionTransformer(_vectors)),
                            ("scale", StandardScaler())])),
        ("cues", Pipeline([("select", FunctionTransformer(_dicts)),
                           ("vector", DictVectorizer()), ("scale", MaxAbsScaler())])),
    ]
    return Pipeline([("features", FeatureUnion(blocks)),
                     ("model", LogisticRegression(C=c, max_iter=5000, class_weight="balanced",
                                                  solver="liblinear"))])


class BlendedModel:
    """``(1 - weight) · sparse + weight · dense`` probabilities; the dense model is left out
    (``None``) when the weight is 0."""

    def __init__(self, sparse, dense, weight: float) -> None:
        self.sparse = sparse
        self.dense = dense if weight else None
        self.weight = float(weight)

    def predict_proba(self, records) -> numpy.ndarray:
        p = self.sparse.predict_proba(records)[:, 1]
        if self.dense is not None:
            p = (1 - self.weight) * p + self.weight * self.dense.predict_proba(records)[:, 1]
        return numpy.column_stack([1 - p, p])

    def pipelines(self) -> tuple:
        return (self.sparse,) if self.dense is None else (self.sparse, self.dense)
