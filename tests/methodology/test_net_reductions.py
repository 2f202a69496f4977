"""redd_audit.methodology.net_reductions: NER, reversals, whole units and VCUs."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from redd_audit.methodology.net_reductions import (
    adjusted_net_emission_reductions_tco2e,
    deducts_reversals,
    is_reversal,
    net_emission_reductions_tco2e,
    verified_carbon_units,
    whole_units_down,
    whole_units_up,
)


def test_rounding_guard_absorbs_float_noise() -> None:
    assert whole_units_down(1234.9999999999) == 1235
    assert whole_units_down(1234.99) == 1234
    assert whole_units_up(1235.0000000001) == 1235
    assert whole_units_up(1235.01) == 1236


def test_whole_units_of_negative_quantities_go_toward_and_away_from_zero() -> None:
    assert whole_units_down(-2.5) == -2
    assert whole_units_up(-2.5) == -3
    assert whole_units_up(0.0) == 0


@given(st.floats(min_value=-1e9, max_value=1e9))
def test_up_and_down_bracket_the_quantity(q: float) -> None:
    assert whole_units_up(q) - whole_units_down(q) in (0, 1, -1)
    assert abs(whole_units_down(q)) <= abs(whole_units_up(q))


def test_ner_and_reversal() -> None:
    # 1,000 − 100 − 50 = 850
    assert net_emission_reductions_tco2e(1000.0, 100.0, 50.0) == 850.0
    assert is_reversal(net_emission_reductions_tco2e(100.0, 100.0, 1.0))
    assert not is_reversal(0.0)


def test_reversal_rule_values() -> None:
    assert deducts_reversals("apply_factor") is True
    assert deducts_reversals("none") is False
    with pytest.raises(ValueError, match="reversal_deduction must be one of"):
        deducts_reversals("always")


def test_reversal_is_left_unadjusted_unless_the_rule_says_so() -> None:
    assert adjusted_net_emission_reductions_tco2e(-100.0, 0.9) == -100.0
    assert adjusted_net_emission_reductions_tco2e(-100.0, 0.9, deduct_reversals=True) == -90.0
    assert adjusted_net_emission_reductions_tco2e(100.0, 0.9) == pytest.approx(90.0)


def test_vcus_never_negative_and_none_for_zero_ner() -> None:
    # buffer larger than the adjusted NER: 0, not negative
    assert verified_carbon_units(10.0, 20.0, 10.0) == 0
    assert verified_carbon_units(100.0, 0.0, 0.0) == 0
    # 850.7 − 85.07 = 765.63 → 765
    assert verified_carbon_units(850.7, 85.07, 850.7) == 765
