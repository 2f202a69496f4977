"""redd_audit.formulas.accuracy: Olofsson et al. 2014 cell formulas."""

from __future__ import annotations

import pytest

from redd_audit.formulas import accuracy as fa
from redd_audit.methodology import accuracy as ma
from tests.formula_eval import evaluate_with_names


def test_formula_text_of_simple_references() -> None:
    assert fa.users_accuracy_fraction("C5", "H5") == '=IF(H5>0,C5/H5,"")'
    assert fa.cell_proportion_fraction("B5", "C5", "H5") == "=IF(H5>0,B5*C5/H5,0)"
    assert fa.area_proportion_fraction("C10:C12") == "=SUM(C10:C12)"
    assert fa.producers_accuracy_fraction("C10", "C13") == '=IF(C13>0,C10/C13,"")'
    assert fa.area_proportion_variance_term("B5", "C5", "H5") == (
        "=IF(H5>1,B5*B5*(C5/H5)*(1-(C5/H5))/(H5-1),0)"
    )
    assert fa.area_proportion_ci95("D1:D3") == "=z_95*SQRT(SUM(D1:D3))"
    assert fa.proportion_outside_ci("A1", "B1", "C1") == "=OR(A1<B1-C1,A1>B1+C1)"


def test_expressions_are_bracketed_as_operands() -> None:
    assert fa.users_accuracy_fraction("C5+1", "H5") == '=IF(H5>0,(C5+1)/H5,"")'


def test_variance_term_evaluates_like_python() -> None:
    # W 0.3, n_ij 4 of n_i· 10: 0.09 · 0.4 · 0.6 / 9 = 0.0024
    formula = fa.area_proportion_variance_term("W", "N", "T")
    value = evaluate_with_names(formula, {"W": 0.3, "N": 4, "T": 10})
    assert value == pytest.approx(ma.area_proportion_variance_term(0.3, 4, 10))
    assert value == pytest.approx(0.0024)
