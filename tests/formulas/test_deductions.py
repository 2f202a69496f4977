"""Formula builders of the deduction rules (redd_audit/formulas/deductions.py).

The text of each formula, and the house rule that the only numbers in formulas are 0 and 1.
Python ↔ LibreOffice parity of every builder runs in tests/test_equation_parity.py (the cases
are in tests/equation_cases.py); the whole deduct workbook is recalculated in
tests/deduct/test_workbook_recalculation.py.
"""

from __future__ import annotations

import inspect

import pytest
from openpyxl.formula.tokenizer import Token, Tokenizer

from redd_audit.equations import by_id
from redd_audit.formulas import deductions as fd


def numbers(formula: str) -> set[str]:
    return {
        t.value
        for t in Tokenizer(formula).items
        if t.type == Token.OPERAND and t.subtype == Token.NUMBER
    }


def test_half_width_and_rule_formulas_read_like_the_equations():
    assert fd.half_width_fraction("C20", "C21", "C9") == "=(C21-C20)/(1+1)/ABS(C9)"
    assert fd.art_trees_adjustment_fraction("C30") == "=ART_UA_Scale*C30/ART_T90"
    assert fd.art_trees_uncertainty_deduction_tco2e("C26", "C31") == "=ABS(C26*C31)"
    assert fd.art_trees_credited_tco2e("C", "B", "U", "L").startswith("=IF(C<0,C-U,MAX(0,")
    assert fd.simulated_ner_error_fraction("L", "U", "M") == "=IF(M>0,(U-L)/(1+1)/M,0)"
    assert fd.rounded_half_away_from_zero("X1", "D") == "=IF(ISNUMBER(D),ROUND(X1,D),X1)"
    assert fd.fcpf_uncertainty_set_aside_tco2e("E", "F") == "=IF(ISNUMBER(F),MAX(0,E)*F,0)"


def test_fcpf_tier_formula_is_the_contract_text():
    assert fd.fcpf_conservativeness_factor("U") == (
        "=IF(U<=FCPF_Bound_1,FCPF_Factor_1,IF(U<=FCPF_Bound_2,FCPF_Factor_2,"
        "IF(U<=FCPF_Bound_3,FCPF_Factor_3,IF(U<=FCPF_Bound_4,FCPF_Factor_4,FCPF_Factor_5))))"
    )
    ranged = fd.fcpf_conservativeness_factor("A1", "B1:C1", "D1:F1")
    assert ranged == "=IF(A1<=B1,D1,IF(A1<=C1,E1,F1))"
    with pytest.raises(ValueError):
        fd.fcpf_conservativeness_factor("A1", "B1:C1", "D1:E1")


def test_cells_of_ranges():
    assert fd.cells_of("'Monte Carlo'!$B$4:$B$6") == [
        "'Monte Carlo'!$B$4",
        "'Monte Carlo'!$B$5",
        "'Monte Carlo'!$B$6",
    ]
    assert fd.cells_of("Y9:AB9") == ["Y9", "Z9", "AA9", "AB9"]
    assert fd.cells_of(["N1", "N2"]) == ["N1", "N2"]
    with pytest.raises(ValueError):
        fd.cells_of("A1:B2")


def test_every_builder_is_registered_and_carries_only_0_and_1():
    registered = by_id()
    for name, builder in inspect.getmembers(fd, inspect.isfunction):
        if name.startswith("_") or builder.__module__ != fd.__name__ or name == "cells_of":
            continue
        assert name in registered, name
        arguments = [f"A{i}" for i in range(1, len(inspect.signature(builder).parameters) + 1)]
        if name == "fcpf_conservativeness_factor":
            arguments = ["A1"]
        formula = builder(*arguments)
        assert formula.startswith("=")
        assert numbers(formula) <= {"0", "1"}, (name, formula)
