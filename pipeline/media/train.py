"""``taza media train``: fit the media model on the dev split of the gold corpus (the test
split is never read) and save it with its metadata."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy

from pipeline.media.corpus import DEFAULT_LABELS, load_gold
from pipeline.media.cues import CASE_TYPES
from pipeline.media.model import (DEFAULT_VERSION, MODELS_DIR, data_hash, feature_dict, fit,
                                  library_versions)


def training_records(items) -> list[tuple]:
    """(cue features, lemmas, head lemmas, dense vector) of each publication, as the scanner
    computes them."""
    from pipeline.media.scan import MediaScanner

    return [analysis_record(a) for a in MediaScanner(entities=False).analyse(list(items))]


def analysis_record(a) -> tuple:
    return feature_dict(a.evidence), a.lemmas, a.head, a.dense


def train(labels: Path = DEFAULT_LABELS, version: str = DEFAULT_VERSION,
          out_dir: Path | None = None) -> dict:
    gold = load_gold(labels, split="dev")
    records = training_records([g.item for g in gold])
    y = numpy.array([int(g.is_signal) for g in gold])
    type_targets = {t: numpy.array([int(t in g.event_types) for g in gold]) for t in CASE_TYPES}
    model, meta = fit(records, y, type_targets)
    meta.update({
        "version": version, "trained": dt.date.today().isoformat(), "split": "dev",
        "examples": len(gold), "signals": int(y.sum()),
        "labels": str(labels.name), "versions": library_versions(),
        "data_hash": data_hash([g.id for g in gold],
                               [(g.is_signal, *g.event_types) for g in gold]),
    })
    model.meta = meta
    model.save(out_dir or MODELS_DIR / version)
    return meta
