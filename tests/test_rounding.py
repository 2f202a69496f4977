"""redd_audit.rounding: ROUND as spreadsheets round, a half away from zero."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from redd_audit.rounding import round_half_away


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (2.5, 0, 3.0),  # round() gives 2
        (-2.5, 0, -3.0),
        (0.5, 0, 1.0),
        (2.675, 2, 2.68),  # round() gives 2.67: the binary value lies below 2.675
        (1234.5, -1, 1230.0),
        (1235.0, -1, 1240.0),
        (-0.004, 2, -0.0),
    ],
)
def test_half_away_from_zero(value: float, decimals: int, expected: float) -> None:
    assert round_half_away(value, decimals) == expected


def test_non_finite_values_pass_through() -> None:
    assert math.isnan(round_half_away(math.nan))
    assert round_half_away(math.inf) == math.inf and round_half_away(-math.inf) == -math.inf


@given(st.floats(min_value=-1e9, max_value=1e9), st.integers(min_value=0, max_value=4))
def test_within_half_a_unit_and_symmetric(value: float, decimals: int) -> None:
    rounded = round_half_away(value, decimals)
    assert abs(rounded - value) <= 0.5 * 10.0**-decimals + 1e-6
    assert round_half_away(-value, decimals) == -rounded
