"""redd_audit.workbook.sheets.project_emissions: monitored cohorts, fires E-BB, ΔC_P."""

from __future__ import annotations

from redd_audit.formulas.fire import fire_non_co2_emissions_tco2e
from redd_audit.formulas.project_emissions import (
    project_emissions_tco2e,
    project_stock_emissions_tco2e,
)
from redd_audit.workbook.model import Formula
from redd_audit.workbook.sheets import project_emissions
from redd_audit.workbook.sheets.cohorts import CohortBlock
from redd_audit.workbook.sheets.project_emissions import ProjectCells
from tests.workbook.spec_helpers import all_text, cell, main_spec

# deforestation block rows 6-27 (total 28); fires: areas 33-34, E_BB 36-37, total 38; ΔC_P 41


def test_project_cells_references() -> None:
    block = CohortBlock(project_emissions.NAME, 6, 27, 28, 2, 11)
    cells = ProjectCells(block, 36, 37, (), ())
    assert cells.fire_cell(1, 7) == "'Project emissions'!$G$37"
    assert cells.fire_column(5) == "'Project emissions'!$E$36:$E$37"


def test_deforestation_total_uses_the_stock_builder() -> None:
    sheet = main_spec().sheet(project_emissions.NAME)
    assert cell(sheet, 28, 5).value == Formula(project_stock_emissions_tco2e("E6:E27"))  # type: ignore[union-attr]


def test_fire_block() -> None:
    sheet = main_spec().sheet(project_emissions.NAME)
    assert cell(sheet, 30, 1).value == "2. Forest fires in the project area (E-BB)"  # type: ignore[union-attr]
    area = cell(sheet, 33, 5)
    assert area is not None and isinstance(area.value, Formula)
    assert "Fire_Area_ha" in area.value.text and "Fire_Counts,1" in area.value.text
    assert cell(sheet, 33, 8).value == "Fires (Fire_Counts = 1)"  # type: ignore[union-attr]
    assert cell(sheet, 36, 2).value == Formula("=Fuel_TF")  # type: ignore[union-attr]
    assert cell(sheet, 37, 3).value == Formula("=COMF_VF")  # type: ignore[union-attr]
    assert cell(sheet, 36, 6).value == Formula(  # type: ignore[union-attr]
        fire_non_co2_emissions_tco2e("F33", "$B36", "$C36", "Fire_EF_tCO2e_per_t_dm")
    )
    assert cell(sheet, 38, 1).value == "Total E_BB"  # type: ignore[union-attr]
    assert cell(sheet, 38, 5).value == Formula("=SUM(E36:E37)")  # type: ignore[union-attr]
    assert "fire_events was not provided" not in all_text(sheet)


def test_project_emissions_per_vintage() -> None:
    sheet = main_spec().sheet(project_emissions.NAME)
    assert cell(sheet, 40, 1).value == "3. Project emissions per vintage"  # type: ignore[union-attr]
    for col, c in ((5, "E"), (6, "F"), (7, "G")):
        assert cell(sheet, 41, col).value == Formula(project_emissions_tco2e(f"{c}28", f"{c}38"))  # type: ignore[union-attr]
    assert cell(sheet, 41, 8).value == "rows 28 and 38"  # type: ignore[union-attr]
    texts = [
        x.value.text
        for row in main_spec().sheet("Vintages").rows
        for x in row
        if x is not None and isinstance(x.value, Formula)
    ]
    assert any("'Project emissions'!$E$28" in t for t in texts)
    assert any("'Project emissions'!$E$38" in t for t in texts)
