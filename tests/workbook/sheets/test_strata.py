"""redd_audit.workbook.sheets.strata: validated stocks, inventory recomputation, stocks used."""

from __future__ import annotations

import pytest

from redd_audit.formulas.expression import by_setting
from redd_audit.workbook.build import build_verification_workbook
from redd_audit.workbook.model import Formula
from redd_audit.workbook.sheets import strata
from redd_audit.workbook.sheets.strata import USED_NAMES, VALIDATED_HEADERS
from tests.workbook.case import make_context, make_frames, make_project
from tests.workbook.spec_helpers import all_text, cell, formula_of, main_spec, names_on


def test_validated_block() -> None:
    sheet = main_spec().sheet(strata.NAME)
    assert [cell(sheet, 4, c).value for c in range(1, len(VALIDATED_HEADERS) + 1)] == (  # type: ignore[union-attr]
        VALIDATED_HEADERS
    )
    tf = [cell(sheet, 5, c) for c in range(1, 13)]
    assert tf[0].value == "TF" and tf[0].role == "label"  # type: ignore[union-attr]
    assert tf[1].value == "Terra firme" and tf[1].role == "input"  # type: ignore[union-attr]
    assert tf[2].value == 250000 and tf[2].minimum == 0.0  # type: ignore[union-attr]
    assert tf[3].value == 121 and tf[3].role == "input"  # type: ignore[union-attr]
    assert tf[7].value == Formula("=D5+E5+F5+G5")  # type: ignore[union-attr]
    assert tf[9].value == pytest.approx(0.08)  # type: ignore[union-attr]
    assert cell(sheet, 6, 6).value == 0.0  # VF gives no dead wood  # type: ignore[union-attr]
    assert formula_of(main_spec(), "Project_Area_ha") == "=SUM(C5:C6)"


def test_used_stocks_are_named_per_stratum() -> None:
    spec = main_spec()
    names = names_on(spec, strata.NAME)
    for row, suffix in ((17, "TF"), (18, "VF")):
        for col, prefix in enumerate(USED_NAMES, start=3):
            assert names[f"{prefix}_{suffix}"] == f"${chr(64 + col)}${row}"
    pick = by_setting("Carbon_Stock_Source", [("inventory", "{inv}"), ("validated", "{val}")])
    assert formula_of(spec, "AG_TF") == "=" + pick.format(inv="C11", val="D5")
    assert formula_of(spec, "BG_VF") == "=" + pick.format(inv="D12", val="E6")
    assert formula_of(spec, "DW_TF") == "=F5"
    assert formula_of(spec, "Cpost_VF") == "=I6"
    sheet = spec.sheet(strata.NAME)
    assert cell(sheet, 17, 11).value == "TF"  # defined-name suffix  # type: ignore[union-attr]


def test_inventory_statistics_are_formulas_over_the_plots_sheet() -> None:
    sheet = main_spec().sheet(strata.NAME)
    n = cell(sheet, 11, 2)
    assert n is not None and isinstance(n.value, Formula)
    assert "Plot_Stratum" in n.value.text and "Plot_Included" in n.value.text
    assert cell(sheet, 11, 6).value == Formula(  # type: ignore[union-attr]
        "=IF(B11>1,SQRT(SUMPRODUCT((Plot_Stratum=$A11)*(Plot_Included=1)"
        '*(Plot_Tree_tC_per_ha-E11)*(Plot_Tree_tC_per_ha-E11))/(B11-1)),"")'
    )
    assert cell(sheet, 11, 12).value == Formula('=IF(ISNUMBER(C11),C11-D5,"")')  # type: ignore[union-attr]
    assert cell(sheet, 11, 15).value == "Plots sheet (Plot_* columns)"  # type: ignore[union-attr]


def test_without_inventory_the_validated_stocks_are_linked() -> None:
    frames = make_frames()
    frames.pop("inventory_plots")
    frames.pop("inventory_trees")
    spec = build_verification_workbook(make_context(make_project(), frames))
    sheet = spec.sheet(strata.NAME)
    assert "No inventory recomputation" in all_text(sheet)
    assert cell(sheet, 11, 2) is None  # type: ignore[union-attr]
    assert formula_of(spec, "AG_TF") == "=D5"
    assert named_role(spec, "AG_TF") == "link"
    assert cell(sheet, 17, 2).value == "validated"  # type: ignore[union-attr]


def named_role(spec, name: str) -> str:  # type: ignore[no-untyped-def]
    from tests.workbook.spec_helpers import named_cell

    return named_cell(spec, name).role
