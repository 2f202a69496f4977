"""redd_audit.formulas.net_reductions: NER, the reversal rule and whole units."""

from __future__ import annotations

import pytest

from redd_audit.formulas import net_reductions as fn
from redd_audit.methodology import net_reductions as mn
from tests.formula_eval import evaluate, evaluate_with_names


def test_formula_text() -> None:
    assert fn.net_emission_reductions_tco2e("C7", "D7", "E7") == "=C7-D7-E7"
    assert fn.is_reversal("F7") == "=F7<0"
    assert fn.whole_units_down("X") == "=ROUNDDOWN(ROUND(X,VCU_Rounding_Guard_Decimals),0)"
    assert fn.deducts_reversals("Rule") == (
        '=IF(Rule="apply_factor",TRUE,IF(Rule="none",FALSE,#N/A))'
    )
    assert fn.adjusted_net_emission_reductions_tco2e("N", "K", "D") == (
        "=IF(AND(N<0,NOT(D)),N,N*K)"
    )


@pytest.mark.parametrize(
    ("adjusted", "buffer", "ner"),
    [(850.7, 85.07, 850.7), (10.0, 20.0, 10.0), (100.0, 0.0, 0.0), (1235.9999999999, 1.0, 5.0)],
)
def test_vcus_evaluate_like_python(adjusted: float, buffer: float, ner: float) -> None:
    formula = fn.verified_carbon_units("A", "B", "N")
    value = evaluate_with_names(formula, {"A": adjusted, "B": buffer, "N": ner})
    assert value == mn.verified_carbon_units(adjusted, buffer, ner)


def test_reversal_rule_evaluates() -> None:
    formula = fn.deducts_reversals("R")
    assert evaluate(formula, {"R": "apply_factor"}) is True
    assert evaluate(formula, {"R": "none"}) is False
    assert evaluate(formula, {"R": "sometimes"}) == "#N/A"
