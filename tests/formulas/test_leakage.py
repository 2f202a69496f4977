"""redd_audit.formulas.leakage: LK-ASU formulas, belt and immigrants."""

from __future__ import annotations

import pytest

from redd_audit.formulas import leakage as fl
from redd_audit.methodology import leakage as ml
from tests.formula_eval import evaluate, evaluate_with_names


def test_formula_text() -> None:
    assert fl.leakage_emissions_tco2e("C5", "D5") == "=MAX(0,C5-D5)"
    assert fl.immigrant_deforestation_ha("P", "A") == "=P*A"
    assert fl.outside_belt_deforestation_ha("I", "C", "Floor") == "=IF(Floor,MAX(0,I-C),I-C)"
    assert fl.outside_belt_emission_factor_tco2e_per_ha("C_OLB") == "=CO2_per_C*C_OLB"
    assert fl.total_leakage_tco2e("L", "O") == "=L+O"
    assert fl.captured_immigrant_deforestation_ha("P", "D", "B", "Rule") == (
        '=P*IF(Rule="belt_only",B,IF(Rule="project_and_belt",(D+B),#N/A))'
    )


@pytest.mark.parametrize("netting", ["per_vintage", "per_period"])
def test_vintage_leakage_evaluates_like_python(netting: str) -> None:
    formula = fl.vintage_leakage_tco2e("A", "B", "C", "D", "E", "F", "G")
    args = (5.0, 9.0, 365, 30.0, 20.0, 730)
    values = dict(zip("ABCDEF", args, strict=True)) | {"G": netting}
    assert evaluate(formula, values) == pytest.approx(ml.vintage_leakage_tco2e(*args, netting))


def test_unknown_netting_gives_na() -> None:
    formula = fl.vintage_leakage_tco2e("A", "B", "C", "D", "E", "F", "G")
    values = dict(zip("ABCDEF", (5.0, 9.0, 365, 30.0, 20.0, 730), strict=True)) | {"G": "x"}
    assert evaluate(formula, values) == "#N/A"


def test_captured_area_evaluates_like_python() -> None:
    formula = fl.captured_immigrant_deforestation_ha("P", "D", "B", "R")
    for rule in ("project_and_belt", "belt_only"):
        value = evaluate_with_names(formula, {"P": 0.2, "D": 10.0, "B": 500.0, "R": rule})
        assert value == pytest.approx(
            ml.captured_immigrant_deforestation_ha(0.2, 10.0, 500.0, rule)
        )
