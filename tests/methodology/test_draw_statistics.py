"""redd_audit.methodology.draw_statistics: statistics and convergence of simulated draws."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from redd_audit.methodology.draw_statistics import (
    SIMVOI_PERCENTILES,
    convergence,
    interval_tco2e,
    percentile_tco2e,
    running_mean_max_deviation_fraction,
    series_statistics,
    skewness,
)


def test_percentile_methods() -> None:
    # linear (PERCENTILE.INC) of 1..5 at 25 % = 2; weibull (PERCENTILE.EXC) = 1.5
    draws = [1.0, 2.0, 3.0, 4.0, 5.0]
    assert percentile_tco2e(draws, 25.0) == 2.0
    assert percentile_tco2e(draws, 25.0, method="weibull") == 1.5
    assert interval_tco2e(draws, 0.5, "linear") == (2.0, 4.0)


def test_skewness_like_excel() -> None:
    # SKEW(1, 2, 10) = 1.6523 (3/(2·1) · Σz³)
    assert skewness([1.0, 2.0, 10.0]) == pytest.approx(1.6523, abs=1e-4)
    assert math.isnan(skewness([1.0, 2.0]))
    assert math.isnan(skewness([3.0, 3.0, 3.0]))


def test_series_statistics_has_27_levels_and_counts_negatives() -> None:
    stats = series_statistics("ner", [-1.0, 0.0, 1.0, 2.0, 3.0])
    assert len(SIMVOI_PERCENTILES) == 27
    assert stats.n == 5 and stats.negative_draws == 1
    assert stats.percentile(50.0) == stats.median_tco2e == 1.0
    assert stats.percentile(0.0) == -1.0 and stats.percentile(100.0) == 3.0
    with pytest.raises(KeyError):
        stats.percentile(33.0)


def test_one_draw_has_no_sd() -> None:
    assert math.isnan(series_statistics("x", [5.0]).sd_tco2e)


def test_running_mean_deviation_of_a_constant_series_is_zero() -> None:
    assert running_mean_max_deviation_fraction(np.full(50, 7.0), 10) == 0.0


def test_too_few_draws_are_not_evaluable() -> None:
    result = convergence("ner", np.ones(11), confidence=0.9, reference="mean", window=10)
    assert result.converged is None
    assert result.status == "not evaluable: 11 draws, fewer than the window 10 + 2"
    assert result.as_json()["running_mean_max_deviation_fraction"] is None


def test_many_normal_draws_converge() -> None:
    draws = np.random.default_rng(1).normal(1000.0, 50.0, 20_000)
    result = convergence("ner", draws, confidence=0.9, reference="mean", window=1000)
    assert result.converged is True and result.status == "converged"


@given(st.lists(st.floats(min_value=-1e6, max_value=1e6), min_size=2, max_size=40))
def test_percentiles_are_ordered(values: list[float]) -> None:
    stats = series_statistics("x", values)
    levels = [v for _, v in stats.percentiles_tco2e]
    assert all(a <= b + 1e-9 for a, b in itertools.pairwise(levels))
