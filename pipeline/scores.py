"""Precision, recall and F1 from true positives, false positives and misses: one record
for every evaluation of the project (factors, complaints, media), and the bootstrap that gives
an evaluated split's figures their 95 % interval (items resampled with replacement)."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Scores:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}

    def line(self, name: str) -> str:
        """One row of a terminal table: the name, P, R, F1 and the counts."""
        return (f"  {name:<28} P {self.precision:.3f}  R {self.recall:.3f}  F1 {self.f1:.3f}  "
                f"(tp {self.tp}, fp {self.fp}, fn {self.fn})")


def resamples(n: int, draws: int, seed: int):
    """``draws`` resamples of ``n`` items with replacement (rows of item indices), seeded."""
    import numpy

    return numpy.random.default_rng(seed).integers(0, n, size=(draws, n))


def micro_f1_of_resamples(per_item: Sequence[Scores], samples):
    """Micro-F1 of each resample from one (tp, fp, fn) record per item: 0 where nothing was
    found right, NaN where there was nothing to find and nothing flagged (F1 undefined)."""
    import numpy

    counts = numpy.array([(x.tp, x.fp, x.fn) for x in per_item], dtype=float)[samples].sum(axis=1)
    tp, fp, fn = counts[..., 0], counts[..., 1], counts[..., 2]
    denominator = 2 * tp + fp + fn
    return numpy.where(denominator > 0, 2 * tp / numpy.maximum(denominator, 1), numpy.nan)


def percentile_interval(scores, level: float = 0.95) -> tuple[float, float] | None:
    """The percentile interval of resampled scores, undefined draws left out; None when all are."""
    import numpy

    if numpy.isnan(scores).all():
        return None
    tail = (1 - level) / 2 * 100
    low, high = numpy.nanpercentile(scores, [tail, 100 - tail])
    return round(float(low), 4), round(float(high), 4)


def bootstrap_f1(per_item: dict[str, Sequence[Scores]], draws: int, seed: int,
                 level: float = 0.95) -> dict[str, tuple[float, float]]:
    """The interval of each metric's micro-F1 when the items are resampled; ``per_item`` gives,
    per metric, one record per item (the same items in the same order for every metric, so
    all metrics share each draw). A metric whose F1 is undefined in every draw is left out."""
    names = list(per_item)
    if not names or not len(per_item[names[0]]):
        return {}
    samples = resamples(len(per_item[names[0]]), draws, seed)
    out = {}
    for name in names:
        interval = percentile_interval(micro_f1_of_resamples(per_item[name], samples), level)
        if interval is not None:
            out[name] = interval
    return out

