"""The per-class accuracy equations (Olofsson et al. 2014), one cell each: hand-checked values,
and the same figures as the whole assessment (assess_map_accuracy) on a stratified sample."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from redd_audit.methodology.accuracy import (
    area_proportion_ci95,
    area_proportion_fraction,
    area_proportion_variance_term,
    assess_map_accuracy,
    cell_proportion_fraction,
    overall_accuracy_fraction,
    producers_accuracy_fraction,
    users_accuracy_fraction,
)
from redd_audit.parameters import value


def test_hand_checked_values() -> None:
    assert users_accuracy_fraction(25, 30) == pytest.approx(25 / 30)
    assert users_accuracy_fraction(0, 0) is None
    assert cell_proportion_fraction(0.02, 5, 20) == pytest.approx(0.005)
    assert cell_proportion_fraction(0.5, 3, 0) == 0.0
    assert area_proportion_fraction(np.array([0.01, 0.002, 0.015])) == pytest.approx(0.027)
    assert overall_accuracy_fraction(np.array([0.85, 0.05, 0.01])) == pytest.approx(0.91)
    assert producers_accuracy_fraction(0.009, 0.036) == pytest.approx(0.25)
    assert producers_accuracy_fraction(0.0, 0.0) is None
    # 0.9² · (3/30) · (27/30) / 29
    assert area_proportion_variance_term(0.9, 3, 30) == pytest.approx(0.81 * 0.1 * 0.9 / 29)
    assert area_proportion_variance_term(0.5, 1, 1) == 0.0
    assert area_proportion_ci95(np.array([0.0004, 0.0])) == pytest.approx(value("z_95") * 0.02)


def _samples(rows: list[tuple[str, str, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["map_class", "reference_class", "stratum_weight"])


WEIGHTS = {"forest": 0.9, "non_forest": 0.08, "deforestation": 0.02}


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(sorted(WEIGHTS)), st.sampled_from(sorted(WEIGHTS))),
        min_size=3,
        max_size=60,
    )
)
def test_cell_equations_reproduce_the_assessment(pairs: list[tuple[str, str]]) -> None:
    """Built cell by cell from the registered equations, every figure equals the assessment."""
    acc = assess_map_accuracy(_samples([(m, r, WEIGHTS[m]) for m, r in pairs]))
    k = len(acc.classes)
    n_i = acc.counts.sum(axis=1)
    p = np.array(
        [
            [cell_proportion_fraction(acc.weights[i], acc.counts[i, j], n_i[i]) for j in range(k)]
            for i in range(k)
        ]
    )
    v = np.array(
        [
            [
                area_proportion_variance_term(acc.weights[i], acc.counts[i, j], n_i[i])
                for j in range(k)
            ]
            for i in range(k)
        ]
    )
    np.testing.assert_allclose(p, acc.proportions, rtol=1e-12, atol=1e-15)
    assert overall_accuracy_fraction(np.diag(p)) == pytest.approx(acc.overall_accuracy)
    for j in range(k):
        adjusted = area_proportion_fraction(p[:, j])
        assert adjusted == pytest.approx(acc.area_proportion[j], abs=1e-15)
        ua = users_accuracy_fraction(acc.counts[j, j], n_i[j])
        pa = producers_accuracy_fraction(p[j, j], adjusted)
        for got, expected in ((ua, acc.users_accuracy[j]), (pa, acc.producers_accuracy[j])):
            assert (got is None and math.isnan(expected)) or got == pytest.approx(expected)
        # the assessment leaves a class with one sample out of the variance (n_i· − 1 = 0)
        assert area_proportion_ci95(v[:, j]) == pytest.approx(
            acc.area_proportion_ci95[j], abs=1e-15
        )
