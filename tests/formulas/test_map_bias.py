"""redd_audit.formulas.map_bias: the implied unrecorded area and its emissions."""

from __future__ import annotations

import pytest

from redd_audit.formulas.map_bias import (
    area_weighted_emission_factor_tco2e_per_ha,
    implied_emissions_tco2e,
    implied_unrecorded_area_ha,
)
from redd_audit.parameters import CO2_PER_C
from tests.formula_eval import evaluate_with_names


def test_formula_text() -> None:
    assert implied_unrecorded_area_ha("C5", "D5", "E5") == "=(C5-D5)*E5"
    assert implied_emissions_tco2e("F5", "G5") == "=F5*G5"
    assert area_weighted_emission_factor_tco2e_per_ha("A1:A3", "B1:B3") == (
        "=IF(SUM(A1:A3)>0,CO2_per_C*SUMPRODUCT(A1:A3,B1:B3)/SUM(A1:A3),0)"
    )


def test_weighted_factor_evaluates() -> None:
    # areas 100, 300 ha with net stocks 100, 140 tC/ha: 44/12 · (10,000 + 42,000)/400 = 44/12 · 130
    formula = area_weighted_emission_factor_tco2e_per_ha("A", "S")
    value = evaluate_with_names(formula, {"A": [100.0, 300.0], "S": [100.0, 140.0]})
    assert value == pytest.approx(CO2_PER_C * 130.0)
    assert evaluate_with_names(formula, {"A": [0.0, 0.0], "S": [100.0, 140.0]}) == 0
