"""redd_audit.methodology.emission_schedule: per-hectare schedules and cohort terms."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from redd_audit.methodology.emission_schedule import (
    cohort_emissions_tco2e,
    cohort_sum_tco2e,
    emission_schedule_tco2e_per_ha,
    lifetime_emissions_tco2e_per_ha,
    monitored_cohort_emissions_tco2e,
)
from redd_audit.parameters import CO2_PER_C

CARBON = {"above_ground": 121.0, "below_ground": 30.0, "dead_wood": 10.0, "litter": 0.0}
YEARS = {"above_ground": 1, "below_ground": 10, "dead_wood": 1, "litter": 1}
SCHEDULE = np.array([10.0, 2.0, 1.0])


def test_schedule_sums_to_lifetime_emissions() -> None:
    # 44/12 · (121 + 30 + 10 + 0 − 5) = 44/12 · 156
    schedule = emission_schedule_tco2e_per_ha(CARBON, 5.0, YEARS)
    assert lifetime_emissions_tco2e_per_ha(CARBON, 5.0) == pytest.approx(CO2_PER_C * 156)
    assert schedule.sum() == pytest.approx(CO2_PER_C * 156)


def test_schedule_is_padded_with_zeros_to_n_ages() -> None:
    schedule = emission_schedule_tco2e_per_ha(CARBON, 5.0, YEARS, n_ages=14)
    assert len(schedule) == 14
    assert list(schedule[10:]) == [0.0] * 4


def test_cohort_ages_outside_the_schedule_emit_nothing() -> None:
    result = cohort_emissions_tco2e([1.0, 1.0, 1.0, 1.0], [-1, 0, 2, 3], SCHEDULE)
    assert list(result) == [0.0, 10.0, 1.0, 0.0]


def test_monitored_cohort_clearing_year_counts_in_period_area_unprorated() -> None:
    # age 0: A_in · ΔC(0) = 40 · 10 (no f_v); age 1: f_v · A · ΔC(1) = 0.5 · 100 · 2
    result = monitored_cohort_emissions_tco2e([100.0, 100.0], [40.0, 40.0], [0, 1], 0.5, SCHEDULE)
    assert list(result) == [400.0, 100.0]


def test_compensated_sum_keeps_small_terms() -> None:
    # 1e16 + 1 + 1 − 1e16: plain left-to-right float sum gives 0, the compensated sum 2
    assert cohort_sum_tco2e([1e16, 1.0, 1.0, -1e16]) == 2.0


@given(st.lists(st.floats(min_value=-1e6, max_value=1e6), max_size=50))
def test_cohort_sum_matches_math_fsum(values: list[float]) -> None:
    import math

    assert cohort_sum_tco2e(values) == pytest.approx(math.fsum(values), abs=1e-6)
