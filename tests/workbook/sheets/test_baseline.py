"""redd_audit.workbook.sheets.baseline: ΔC_BSL from the ex-ante cohorts of the project area."""

from __future__ import annotations

import pytest

from redd_audit.formulas.baseline import baseline_emissions_tco2e
from redd_audit.workbook.model import Formula
from redd_audit.workbook.sheets import baseline
from tests.workbook.spec_helpers import cell, main_spec


def test_title_layout_and_totals() -> None:
    sheet = main_spec().sheet(baseline.NAME)
    assert str(cell(sheet, 1, 1).value).startswith("Baseline emissions ΔC_BSL (BL-UP)")  # type: ignore[union-attr]
    assert cell(sheet, 3, 1).value == "Project area"  # type: ignore[union-attr]
    assert cell(sheet, 3, 1).role == "subtitle"  # type: ignore[union-attr]
    assert cell(sheet, 4, 4) is None  # ex-ante: no "area dated in period" column
    # 2 strata × 11 cohort years (2010-2020): rows 6-27, total row 28
    for col, letter in ((5, "E"), (6, "F"), (7, "G")):
        assert cell(sheet, 28, col).value == Formula(  # type: ignore[union-attr]
            baseline_emissions_tco2e(f"{letter}6:{letter}27")
        )
    assert sheet.freeze == "E6"
    assert sheet.print_setup.title_rows == "1:5"
    assert sheet.column_widths[8] == 34  # Source column


@pytest.mark.parametrize("row", [6, 27])
def test_cohort_areas_link_to_activity_data(row: int) -> None:
    x = cell(main_spec().sheet(baseline.NAME), row, 3)
    assert x is not None and x.role == "link"
    assert isinstance(x.value, Formula) and x.value.text.startswith("='Activity data'!")


def test_vintages_reads_the_baseline_totals() -> None:
    vintages = main_spec().sheet("Vintages")
    texts = [
        x.value.text
        for row in vintages.rows
        for x in row
        if x is not None and isinstance(x.value, Formula)
    ]
    assert any("Baseline!$E$28" in t for t in texts)
    assert any("Baseline!$F$28" in t for t in texts)
