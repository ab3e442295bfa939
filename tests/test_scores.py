"""The shared evaluation record and its bootstrap (pipeline/scores.py)."""
from __future__ import annotations

import math

import pytest

from pipeline.scores import Scores, bootstrap_f1, micro_f1_of_resamples, percentile_interval, resamples


def test_micro_f1_of_resamples_sums_the_drawn_items():
    items = [Scores(1, 0, 0), Scores(0, 1, 0), Scores(0, 0, 1), Scores(0, 0, 0)]
    samples = resamples(4, 3, 0)
    samples[:] = [[0, 0, 1, 2], [3, 3, 3, 3], [1, 1, 2, 2]]
    f1 = micro_f1_of_resamples(items, samples)
    assert f1[0] == pytest.approx(2 * 2 / (2 * 2 + 1 + 1))
    assert math.isnan(f1[1])          # nothing to find, nothing flagged: undefined
    assert f1[2] == 0.0               # only errors


def test_interval_leaves_out_undefined_draws_and_none_when_all_are():
    import numpy

    assert percentile_interval(numpy.array([0.5, numpy.nan, 0.5])) == (0.5, 0.5)
    assert percentile_interval(numpy.array([numpy.nan, numpy.nan])) is None


def test_bootstrap_f1_is_seeded_and_holds_the_point_estimate():
    items = [Scores(1, 0, 0)] * 30 + [Scores(0, 1, 0)] * 5 + [Scores(0, 0, 1)] * 5
    first = bootstrap_f1({"a": items}, draws=500, seed=3)
    assert first == bootstrap_f1({"a": items}, draws=500, seed=3)
    low, high = first["a"]
    point = 2 * 30 / (2 * 30 + 5 + 5)
    assert low < point < high
    assert bootstrap_f1({"a": []}, draws=10, seed=0) == {}
