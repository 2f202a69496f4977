"""redd_audit.workbook.sheets.uncertainty: U_BSL, U_WPS, NER_ERROR and the deduction factor."""

from __future__ import annotations

from redd_audit.formulas.uncertainty import (
    ner_error_fraction,
    propagated_uncertainty_fraction,
    uncertainty_deduction_factor,
    uncertainty_fraction_used,
    uncertainty_project_weight_tco2e,
)
from redd_audit.workbook.model import Formula
from redd_audit.workbook.sheets import uncertainty
from tests.workbook.spec_helpers import cell, formula_of, main_spec, named_cell, names_on


def test_strata_rows() -> None:
    sheet = main_spec().sheet(uncertainty.NAME)
    assert [cell(sheet, 4, c).value for c in range(1, 10)] == uncertainty.HEADERS  # type: ignore[union-attr]
    assert cell(sheet, 5, 2).value == Formula("=U_TF")  # type: ignore[union-attr]
    assert cell(sheet, 6, 2).value == Formula("=U_VF")  # type: ignore[union-attr]
    assert cell(sheet, 5, 3).value == Formula("=SUM(Baseline!$G$6:$G$16)")  # type: ignore[union-attr]
    assert cell(sheet, 6, 4).value == Formula("=SUM('Project emissions'!$G$17:$G$27)")  # type: ignore[union-attr]
    assert cell(sheet, 5, 5).value == Formula("='Project emissions'!$G$36")  # type: ignore[union-attr]
    assert cell(sheet, 5, 6).value == Formula(  # type: ignore[union-attr]
        uncertainty_project_weight_tco2e("D5", "E5", "Uncertainty_Project_Weights")
    )
    assert cell(sheet, 7, 1).value == "Σ" and cell(sheet, 7, 3).value == Formula("=SUM(C5:C6)")  # type: ignore[union-attr]


def test_named_results() -> None:
    spec = main_spec()
    names = names_on(spec, uncertainty.NAME)
    assert names == {
        "U_BSL_Propagated": "$C$9",
        "U_BSL": "$C$10",
        "U_WPS_Propagated": "$C$12",
        "U_WPS": "$C$13",
        "NER_Error_Fraction": "$C$17",
        "Deduction_Factor": "$C$19",
    }
    assert formula_of(spec, "U_BSL_Propagated") == propagated_uncertainty_fraction("B5:B6", "C5:C6")
    assert formula_of(spec, "U_WPS_Propagated") == propagated_uncertainty_fraction("B5:B6", "F5:F6")
    assert formula_of(spec, "U_BSL") == uncertainty_fraction_used(
        "Given_Baseline_Uncertainty_Fraction", "U_BSL_Propagated"
    )
    assert formula_of(spec, "NER_Error_Fraction") == ner_error_fraction(
        "$C$15", "U_BSL", "$C$16", "U_WPS"
    )
    assert formula_of(spec, "Deduction_Factor") == uncertainty_deduction_factor(
        "NER_Error_Fraction", "Allowable_Uncertainty_Fraction"
    )
    sheet = spec.sheet(uncertainty.NAME)
    assert cell(sheet, 15, 3).value == Formula("=C7")  # type: ignore[union-attr]
    assert cell(sheet, 15, 3).role == "link"  # type: ignore[union-attr]
    assert cell(sheet, 16, 3).value == Formula("=D7+E7")  # type: ignore[union-attr]
    assert cell(sheet, 16, 3).role == "formula"  # type: ignore[union-attr]
    assert cell(sheet, 17, 1).role == "key"  # type: ignore[union-attr]
    assert named_cell(spec, "U_BSL").role == "formula"
