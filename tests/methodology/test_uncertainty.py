"""redd_audit.methodology.uncertainty: X-UNC propagation, weights and the deduction factor."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from redd_audit.methodology.uncertainty import (
    ner_error_fraction,
    propagated_uncertainty_fraction,
    uncertainty_deduction_factor,
    uncertainty_fraction_used,
    uncertainty_project_weight_tco2e,
)


def test_propagation_of_two_strata() -> None:
    # √((0.1·300)² + (0.2·400)²) / 700 = √(900 + 6,400) / 700 = 85.44 / 700
    u = propagated_uncertainty_fraction(np.array([0.1, 0.2]), np.array([300.0, 400.0]))
    assert u == pytest.approx(np.sqrt(7300.0) / 700.0)


def test_propagation_with_nothing_to_propagate_is_zero() -> None:
    assert propagated_uncertainty_fraction(np.array([0.3]), np.array([0.0])) == 0.0
    assert propagated_uncertainty_fraction(np.array([0.3, 0.3]), np.array([5.0, -10.0])) == 0.0


@given(
    st.floats(min_value=0.0, max_value=1.0),
    st.lists(st.floats(min_value=0.01, max_value=1e6), min_size=1, max_size=8),
)
def test_equal_uncertainties_never_grow_in_propagation(u: float, emissions: list[float]) -> None:
    # √(Σ(u·E)²)/ΣE ≤ u·ΣE/ΣE = u
    result = propagated_uncertainty_fraction(np.full(len(emissions), u), np.array(emissions))
    assert result <= u + 1e-12


def test_project_weights_rule() -> None:
    assert uncertainty_project_weight_tco2e(100.0, 5.0, "total_emissions") == 105.0
    assert uncertainty_project_weight_tco2e(100.0, 5.0, "stock_emissions") == 100.0
    with pytest.raises(ValueError, match="uncertainty_project_weights must be one of"):
        uncertainty_project_weight_tco2e(100.0, 5.0, "fire_only")


def test_given_fraction_replaces_propagated_even_when_zero() -> None:
    assert uncertainty_fraction_used(None, 0.2) == 0.2
    assert uncertainty_fraction_used(0.0, 0.2) == 0.0


def test_ner_error_without_reduction_is_zero() -> None:
    assert ner_error_fraction(100.0, 0.1, 100.0, 0.1) == 0.0
    # √((0.3·1,000)² + (0.4·100)²) / 900 = √(90,000 + 1,600) / 900
    assert ner_error_fraction(1000.0, 0.3, 100.0, 0.4) == pytest.approx(np.sqrt(91600.0) / 900.0)


def test_deduction_factor_never_below_zero() -> None:
    assert uncertainty_deduction_factor(0.15, 0.15) == 1.0
    assert uncertainty_deduction_factor(0.25, 0.15) == pytest.approx(0.9)
    assert uncertainty_deduction_factor(2.0, 0.15) == 0.0
