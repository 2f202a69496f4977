"""The monetary-unit sampling and re-check equations of the registry, hand-checked."""

from __future__ import annotations

import math

import numpy as np
import pytest

from redd_audit.sampling.monetary_unit import (
    maximum_sample_size,
    projected_misstatement_tco2e,
    sampling_interval_tco2e,
    tainting_fraction,
    tolerable_misstatement_tco2e,
)
from redd_audit.sampling.recheck import plots_to_remeasure_count, samples_to_reinterpret_count


def test_tolerable_misstatement_and_interval() -> None:
    t = tolerable_misstatement_tco2e(0.05, 738_234.0)
    assert t == pytest.approx(36_911.7)
    assert sampling_interval_tco2e(t, 3.0) == pytest.approx(12_303.9)
    assert sampling_interval_tco2e(t) == pytest.approx(12_303.9)  # R = 3.0 by default


def test_tainting_and_projection() -> None:
    # t = (observed − recorded) / recorded: positive when more was cleared than recorded
    # (emissions under-recorded, VCUs overstated), negative when less was
    assert tainting_fraction(np.array([10.0]), np.array([8.0]))[0] == pytest.approx(-0.2)
    assert tainting_fraction(np.array([10.0]), np.array([math.nan]))[0] == 0.0
    assert tainting_fraction(np.array([10.0]), np.array([12.5]))[0] == pytest.approx(0.25)
    # 0.2 · 1000 below J + 5000 · 0.1 at or above J
    values, taint = np.array([100.0, 5000.0, 20.0]), np.array([0.2, 0.1, 0.0])
    assert projected_misstatement_tco2e(values, taint, 1000.0) == pytest.approx(700.0)


def test_maximum_sample_size() -> None:
    assert maximum_sample_size(10_000.0, 3_000.0) == 4
    assert maximum_sample_size(9_000.0, 3_000.0) == 3
    assert maximum_sample_size(5.0, 0.0) == 0


def test_recheck_counts() -> None:
    assert [plots_to_remeasure_count(n) for n in (0, 3, 49, 50, 51)] == [0, 3, 5, 5, 6]
    assert [samples_to_reinterpret_count(n) for n in (0, 1, 10, 11, 250)] == [0, 1, 1, 2, 25]
