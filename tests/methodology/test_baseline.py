"""redd_audit.methodology.baseline: ΔC_BSL,v as the cohort sum of a vintage."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from redd_audit.methodology.baseline import baseline_emissions_tco2e
from redd_audit.methodology.emission_schedule import exante_cohort_emissions_tco2e
from redd_audit.parameters import CO2_PER_C


def test_two_cohorts_of_one_schedule() -> None:
    # schedule age 0 = 44/12·100, age 1 = 44/12·10; cohort 2020 (100 ha) at age 1 and
    # cohort 2021 (50 ha) at age 0 in vintage 2021: 44/12·(100·10 + 50·100) = 44/12·6,000
    schedule = np.array([CO2_PER_C * 100.0, CO2_PER_C * 10.0])
    cohorts = [
        exante_cohort_emissions_tco2e(100.0, 1, 1.0, schedule),
        exante_cohort_emissions_tco2e(50.0, 0, 1.0, schedule),
    ]
    assert baseline_emissions_tco2e(cohorts) == pytest.approx(CO2_PER_C * 6000.0)


def test_no_cohorts_no_baseline() -> None:
    assert baseline_emissions_tco2e([]) == 0.0


@given(st.lists(st.floats(min_value=0, max_value=1e7), max_size=30))
def test_order_of_cohorts_does_not_matter(values: list[float]) -> None:
    assert baseline_emissions_tco2e(values) == pytest.approx(baseline_emissions_tco2e(values[::-1]))
