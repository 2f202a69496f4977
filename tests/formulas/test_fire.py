"""redd_audit.formulas.fire: E-BB formulas."""

from __future__ import annotations

import pytest

from redd_audit.formulas.fire import (
    fire_emission_factor_tco2e_per_t_dm,
    fire_non_co2_emissions_tco2e,
)
from redd_audit.methodology import fire as mf
from tests.formula_eval import evaluate_with_names


def test_formula_text() -> None:
    assert fire_emission_factor_tco2e_per_t_dm("G_CH4", "G_N2O", "GWP_CH4", "GWP_N2O") == (
        "=(G_CH4*GWP_CH4+G_N2O*GWP_N2O)*t_gas_per_g_per_kg"
    )
    assert fire_non_co2_emissions_tco2e("D5", "E5", "F5", "EF") == "=IF(D5=0,0,D5*E5*F5*EF)"


def test_no_burned_area_gives_zero_even_without_fire_parameters() -> None:
    formula = fire_non_co2_emissions_tco2e("A", "B", "C", "EF")
    assert evaluate_with_names(formula, {"A": 0.0, "B": "", "C": "", "EF": 0.2296}) == 0


def test_emission_factor_evaluates_like_python() -> None:
    formula = fire_emission_factor_tco2e_per_t_dm("A", "B", "C", "D")
    value = evaluate_with_names(formula, {"A": 6.8, "B": 0.2, "C": 25.0, "D": 298.0})
    assert value == pytest.approx(mf.fire_emission_factor_tco2e_per_t_dm(6.8, 0.2, 25.0, 298.0))
    assert value == pytest.approx(0.2296)
