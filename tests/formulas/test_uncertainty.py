"""redd_audit.formulas.uncertainty: X-UNC formulas."""

from __future__ import annotations

import numpy as np
import pytest

from redd_audit.formulas import uncertainty as fu
from redd_audit.methodology import uncertainty as mu
from tests.formula_eval import evaluate


def test_formula_text() -> None:
    assert fu.propagated_uncertainty_fraction("C5:C7", "D5:D7") == (
        "=IF(SUM(D5:D7)>0,SQRT(SUMPRODUCT(C5:C7,D5:D7,C5:C7,D5:D7))/SUM(D5:D7),0)"
    )
    assert fu.uncertainty_fraction_used("Given", "E9") == "=IF(ISNUMBER(Given),Given,E9)"
    assert fu.ner_error_fraction("B", "UB", "P", "UP") == (
        "=IF(B-P>0,SQRT(SUMSQ(UB*B,UP*P))/(B-P),0)"
    )
    assert fu.uncertainty_deduction_factor("E", "A") == "=IF(E<=A,1,MAX(0,1-E+A))"


def test_propagation_evaluates_like_python() -> None:
    u, e = [0.1, 0.2], [300.0, 400.0]
    value = evaluate(fu.propagated_uncertainty_fraction("U", "E"), {"U": u, "E": e})
    assert value == pytest.approx(mu.propagated_uncertainty_fraction(np.array(u), np.array(e)))


@pytest.mark.parametrize("weights", ["total_emissions", "stock_emissions"])
def test_project_weight_evaluates_like_python(weights: str) -> None:
    formula = fu.uncertainty_project_weight_tco2e("S", "F", "W")
    value = evaluate(formula, {"S": 100.0, "F": 5.0, "W": weights})
    assert value == mu.uncertainty_project_weight_tco2e(100.0, 5.0, weights)
