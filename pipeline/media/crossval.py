"""Cross-validation of the whole media model on one split (dev): the honest dev figures.

Each fold's model is fitted by ``model.fit`` on the other folds — its own inner
cross-validation chooses C, the signal threshold, the type blend and the type thresholds — and
decides the held-out fold exactly as the scanner would. The out-of-fold decisions of every
publication are then scored like a test run (``taza eval media --split dev --cv 5``), so the
figures compare with the test ones: signal, event types over all publications, fraud-only
precision. The folds are stratified by set and label, with a fixed seed.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy

from pipeline.media.cues import CASE_TYPES
from pipeline.media.detect import Decision

OUTER_SEED = 17


def fold_ids(strata: Sequence[str], folds: int) -> numpy.ndarray:
    """The fold of each item, stratified by ``strata`` (set × label)."""
    from sklearn.model_selection import StratifiedKFold

    fold = numpy.zeros(len(strata), dtype=int)
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=OUTER_SEED)
    for k, (_, held) in enumerate(splitter.split(numpy.zeros(len(strata)), list(strata))):
        fold[held] = k
    return fold


def cross_validate(analyses: Sequence, gold: Sequence, folds: int = 5,
                   progress=None) -> tuple[list[Decision], list[dict]]:
    """Out-of-fold decisions for ``analyses`` (``MediaScanner.analyse``) of the ``gold``
    items, and the meta of each fold's model."""
    from pipeline.media.model import fit
    from pipeline.media.train import analysis_record

    records = [analysis_record(a) for a in analyses]
    y = numpy.array([int(g.is_signal) for g in gold])
    targets = {t: numpy.array([int(t in g.event_types) for g in gold]) for t in CASE_TYPES}
    fold = fold_ids([f"{g.item.set}:{g.is_signal}" for g in gold], folds)
    decisions: list[Decision | None] = [None] * len(gold)
    metas = []
    for k in (progress(range(folds)) if progress else range(folds)):
        train = numpy.flatnonzero(fold != k)
        model, meta = fit([records[i] for i in train], y[train],
                          {t: v[train] for t, v in targets.items()})
        metas.append(meta)
        for i in numpy.flatnonzero(fold == k):
            a = analyses[i]
            decisions[i] = model.decide(a.evidence, a.lemmas, a.head, a.dense)
    return decisions, metas
