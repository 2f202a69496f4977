"""redd_audit.formulas.carbon_stocks: the inventory formulas with their defined names."""

from __future__ import annotations

import pytest

from redd_audit.formulas import carbon_stocks as fc
from redd_audit.methodology import carbon_stocks as mc
from tests.formula_eval import evaluate_with_names


def test_formula_text() -> None:
    assert fc.plot_biomass_t_per_ha("D5", "C5") == "=D5/kg_per_t*m2_per_ha/C5"
    assert fc.below_ground_biomass_root_to_shoot_t_per_ha("E5", "R") == "=R*E5"
    assert fc.carbon_tc_per_ha("E5", "CF") == "=E5*CF"
    assert fc.student_t_975("B9") == "=TINV(ci_two_sided_alpha,B9)"
    assert fc.below_ground_biomass_mokany_t_per_ha("E5") == (
        "=mokany2006_coefficient*E5^mokany2006_exponent"
    )
    assert fc.tree_agb_kg("F5", "G5", "H5", "E").startswith("=IF(ISNUMBER(H5),")


def test_plots_needed_evaluates_like_python_with_the_guard() -> None:
    # 2 · 0.3 / 0.1 = 5.999… → 36 after the guard (not 37)
    formula = fc.plots_needed("T", "V", "E")
    value = evaluate_with_names(formula, {"T": 2.0, "V": 0.3, "E": 0.1})
    assert value == mc.plots_needed(2.0, 0.3, 0.1) == 36


def test_tree_agb_with_height_evaluates_like_python() -> None:
    formula = fc.tree_agb_with_height_kg("P", "D", "H")
    value = evaluate_with_names(formula, {"P": 0.6, "D": 30.0, "H": 25.0})
    assert value == pytest.approx(float(mc.tree_agb_with_height_kg(0.6, 30.0, 25.0)))
