"""redd_audit.formulas.conclusion: the text formulas of the materiality conclusion."""

from __future__ import annotations

from redd_audit.formulas.conclusion import amount_text, line_text, percent_text, period_conclusion
from tests.formula_eval import evaluate


def test_amount_and_percent_text() -> None:
    assert amount_text("C5", "tCO2e") == 'TEXT(ROUND(ABS(C5),0),"#,##0")&" tCO2e"'
    assert percent_text("D5") == 'IF(ISNUMBER(D5),TEXT(ABS(D5),"0.00 %"),"n/a %")'


def test_percent_text_evaluates() -> None:
    assert evaluate("=" + percent_text("F"), {"F": -0.0135}) == "1.35 %"
    assert evaluate("=" + percent_text("F"), {"F": ""}) == "n/a %"


def test_line_text_evaluates_for_both_directions() -> None:
    text = "=" + line_text("VCUs", "tCO2e", "R", "M", "F", "D", "X")
    overstated = {"R": 1000.0, "M": -1234.4, "F": 0.0135, "D": "overstated", "X": True}
    assert evaluate(text, overstated) == "VCUs overstated by 1,234 tCO2e (1.35 %): material"
    as_claimed = {"R": 98765.4, "M": 0.0, "F": 0.0, "D": "none", "X": False}
    assert evaluate(text, as_claimed) == "VCUs as claimed (98,765 tCO2e): not material"


def test_period_conclusion_joins_the_other_material_lines() -> None:
    formula = period_conclusion("H", [("M1", "L1"), ("M2", "L2"), ("M3", "L3")])
    values = {"H": "NER overstated", "M1": True, "L1": "a", "M2": False, "L2": "b", "M3": True}
    values["L3"] = "c"
    assert evaluate(formula, values) == "NER overstated; also a; c"
    assert evaluate(formula, {**values, "M1": False, "M3": False}) == "NER overstated"
