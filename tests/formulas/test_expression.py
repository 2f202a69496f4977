"""Formula text composition: operands, nesting, and what the builders produce by hand."""

from __future__ import annotations

import pytest

from redd_audit.equations import EQUATIONS, by_function, by_id
from redd_audit.formulas.expression import nested, operand, text_literal
from redd_audit.formulas.leakage import vintage_leakage_tco2e
from redd_audit.formulas.net_reductions import (
    adjusted_net_emission_reductions_tco2e,
    deducts_reversals,
    verified_carbon_units,
)
from redd_audit.formulas.uncertainty import uncertainty_deduction_factor
from redd_audit.methodology import uncertainty


@pytest.mark.parametrize(
    "text",
    [
        "A1",
        "$C$7",
        "E$5",
        "C5:E5",
        "Deduction_Factor",
        "'Project emissions'!$E$12",
        "0",
        "1.5",
        "SUM($E$12:$F$12)",
        "IF(A1>0,B1,C1)",
    ],
)
def test_references_names_and_single_calls_stay_as_they_are(text):
    assert operand(text) == text


@pytest.mark.parametrize(
    ("text", "wrapped"),
    [
        ("E$5-$B7", "(E$5-$B7)"),
        ("A1*B1", "(A1*B1)"),
        ("SUM(A1)+1", "(SUM(A1)+1)"),
        ('Reversal_Deduction="apply_factor"', '(Reversal_Deduction="apply_factor")'),
    ],
)
def test_expressions_are_bracketed(text, wrapped):
    assert operand(text) == wrapped


def test_nested_formulas_and_text_literals():
    assert nested("=A1-B1") == "(A1-B1)"
    assert nested("=SUM(A1:A3)") == "SUM(A1:A3)"
    with pytest.raises(ValueError):
        nested("A1")
    assert text_literal('say "hi"') == '"say ""hi"""'


def test_builders_read_like_the_workbook():
    assert uncertainty_deduction_factor("NER_Error_Fraction", "Allowable_Uncertainty_Fraction") == (
        "=IF(NER_Error_Fraction<=Allowable_Uncertainty_Fraction,1,"
        "MAX(0,1-NER_Error_Fraction+Allowable_Uncertainty_Fraction))"
    )
    assert verified_carbon_units("E7", "F7", "D7") == (
        "=IF(D7>0,MAX(0,ROUNDDOWN(ROUND(E7-F7,VCU_Rounding_Guard_Decimals),0)),0)"
    )
    assert adjusted_net_emission_reductions_tco2e(
        "D7", "Deduction_Factor", nested(deducts_reversals("Reversal_Deduction"))
    ) == (
        '=IF(AND(D7<0,NOT(IF(Reversal_Deduction="apply_factor",TRUE,'
        'IF(Reversal_Deduction="none",FALSE,#N/A)))),D7,D7*Deduction_Factor)'
    )
    assert vintage_leakage_tco2e(
        "E10",
        "E11",
        "E9",
        "SUM($E$10:$F$10)",
        "SUM($E$11:$F$11)",
        "SUM($E$9:$F$9)",
        "Leakage_Netting",
    ) == (
        '=IF(Leakage_Netting="per_vintage",MAX(0,E10-E11),IF(Leakage_Netting="per_period",'
        "MAX(0,SUM($E$10:$F$10)-SUM($E$11:$F$11))*E9/SUM($E$9:$F$9),#N/A))"
    )


def test_registry_lookups():
    assert by_id()["uncertainty_deduction_factor"].workbook_name == "Deduction_Factor"
    record = by_function()[uncertainty.ner_error_fraction]
    assert record.id == "ner_error_fraction" and record.module == "VMD0017 X-UNC"
    names = {e.workbook_name for e in EQUATIONS}
    assert {"Total_Baseline_tCO2e", "Total_VCUs", "Deduction_Factor"} <= names
