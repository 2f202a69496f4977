"""redd_audit.workbook.sheets.accuracy_bias: the size of a map bias (contract 5.9)."""

from __future__ import annotations

import dataclasses

from redd_audit.formulas.map_bias import (
    area_weighted_emission_factor_tco2e_per_ha,
    implied_emissions_tco2e,
    implied_unrecorded_area_ha,
)
from redd_audit.formulas.monetary_unit import tolerable_misstatement_tco2e
from redd_audit.workbook.book import Book, StratumRef
from redd_audit.workbook.layout import NameRegistry, SheetBuilder
from redd_audit.workbook.model import Formula
from redd_audit.workbook.sheets.accuracy_bias import CI, NOTE, _known, bias_block
from tests.workbook.spec_helpers import cell, find, formula_of, main_context, main_spec, named_cell

SHEET = "Accuracy by class"


def test_known_wraps_in_is_number() -> None:
    assert _known("=A1*2") == f'=IF(ISNUMBER({CI}),A1*2,"")'


def test_strata_rows() -> None:
    sheet = main_spec().sheet(SHEET)
    top, _ = find(sheet, "Size of the map bias (contract 5.9)")
    assert cell(sheet, top + 2, 1).value == "TF"  # type: ignore[union-attr]
    assert cell(sheet, top + 2, 2).value == Formula("=Strata!$C$5")  # type: ignore[union-attr]
    assert cell(sheet, top + 3, 3).value == Formula("=AG_VF+BG_VF+DW_VF+LI_VF-Cpost_VF")  # type: ignore[union-attr]


def test_named_results() -> None:
    spec = main_spec()
    sheet = spec.sheet(SHEET)
    top, _ = find(sheet, "Size of the map bias (contract 5.9)")
    first, last = top + 2, top + 3
    area = named_cell(spec, "Map_Area_ha")
    assert area.value == Formula("=Project_Area_ha") and area.role == "link"
    assert formula_of(spec, "Map_Bias_Emission_Factor_tCO2e_per_ha") == (
        area_weighted_emission_factor_tco2e_per_ha(f"$B${first}:$B${last}", f"$C${first}:$C${last}")
    )
    assert formula_of(spec, "Map_Bias_Tolerable_Misstatement_tCO2e") == (
        tolerable_misstatement_tco2e("Materiality_Fraction", "Total_NER_tCO2e")
    )
    adjusted, mapped = "Change_Class_Adjusted_Proportion", "Change_Class_Mapped_Proportion"
    assert formula_of(spec, "Map_Bias_Implied_Area_Low_ha") == _known(
        implied_unrecorded_area_ha(f"{adjusted}-{CI}", mapped, "Map_Area_ha")
    )
    assert formula_of(spec, "Map_Bias_Implied_High_tCO2e") == _known(
        implied_emissions_tco2e(
            "Map_Bias_Implied_Area_High_ha", "Map_Bias_Emission_Factor_tCO2e_per_ha"
        )
    )
    assert '"NCR","CL"' in formula_of(spec, "Map_Bias_Finding_Type")
    assert NOTE in [x.value for row in sheet.rows for x in row if x is not None]


def test_mapped_area_setting_is_an_input() -> None:
    ctx = main_context()
    project = ctx.project.model_copy(
        update={
            "map_accuracy": ctx.project.map_accuracy.model_copy(update={"mapped_area_ha": 1234.5})
        }
    )
    book = Book(
        ctx=dataclasses.replace(ctx, project=project),
        row_limit=10,
        strata=[StratumRef("TF", "TF")],
    )
    sh = SheetBuilder(SHEET, book.names, "t")
    end = bias_block(book, sh, 10)
    area = sh.cells[(14, 3)]  # strata row 12, blank 13, map area 14
    assert area.value == 1234.5 and area.role == "input" and area.minimum == 0.0
    assert sh.cells[(end, 1)].value == NOTE
    assert isinstance(book.names, NameRegistry)
    assert {n.name for n in book.names.names} >= {"Map_Area_ha", "Map_Bias_Finding_Type"}
