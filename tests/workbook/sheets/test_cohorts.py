"""redd_audit.workbook.sheets.cohorts: cohort × vintage blocks and their references."""

from __future__ import annotations

from redd_audit.formulas.emission_schedule import (
    cohort_sum_tco2e,
    exante_cohort_emissions_tco2e,
    monitored_cohort_emissions_tco2e,
)
from redd_audit.workbook.model import Formula
from redd_audit.workbook.sheets.cohorts import V0, CohortBlock
from tests.workbook.spec_helpers import cell, main_spec


def test_cohort_block_references() -> None:
    block = CohortBlock("Project emissions", 6, 27, 28, 2, 11)
    assert block.total(1) == "'Project emissions'!$F$28"
    assert block.strata_column == "'Project emissions'!$A$6:$A$27"
    assert block.period_column == "'Project emissions'!$G$6:$G$27"
    assert block.stratum_period_rows(1) == "'Project emissions'!$G$17:$G$27"
    assert block.column(3) == "'Project emissions'!$C$6:$C$27"
    assert V0 == 5


def test_exante_block_on_baseline() -> None:
    sheet = main_spec().sheet("Baseline")
    assert cell(sheet, 4, 1).value == "Stratum"  # type: ignore[union-attr]
    assert cell(sheet, 4, V0).value == Formula("=Parameters!$A$" + _calendar_row(0))  # type: ignore[union-attr]
    assert cell(sheet, 5, V0 + 1).role == "link"  # type: ignore[union-attr]
    assert cell(sheet, 6, 2).value == 2010 and cell(sheet, 16, 2).value == 2020  # type: ignore[union-attr]
    assert cell(sheet, 17, 1).value == "VF"  # type: ignore[union-attr]
    assert cell(sheet, 6, 5).value == Formula(  # type: ignore[union-attr]
        exante_cohort_emissions_tco2e("$C6", "E$4-$B6", "E$5", "Schedule_TF")
    )
    assert cell(sheet, 6, 7).value == Formula("=SUM(E6:F6)")  # type: ignore[union-attr]
    assert cell(sheet, 28, 1).value == "Total"  # type: ignore[union-attr]
    assert cell(sheet, 28, 7).value == Formula(cohort_sum_tco2e("G6:G27"))  # type: ignore[union-attr]
    assert str(cell(sheet, 6, 8).value).startswith("Activity data row ")  # type: ignore[union-attr]


def test_monitored_block_has_area_in_period() -> None:
    sheet = main_spec().sheet("Project emissions")
    r = next(
        r
        for r, row in enumerate(sheet.rows, 1)
        if len(row) > 3 and row[3] is not None and row[3].value == "Area dated in period A_in (ha)"
    )
    first = r + 2
    x = cell(sheet, first, 5)
    assert x is not None and x.value == Formula(
        monitored_cohort_emissions_tco2e(
            f"$C{first}", f"$D{first}", f"E${r}-$B{first}", f"E${r + 1}", "Schedule_TF"
        )
    )
    assert cell(sheet, first, 4).role == "link"  # type: ignore[union-attr]


def _calendar_row(i: int) -> str:
    spec = main_spec()
    sheet = spec.sheet("Parameters")
    for r, row in enumerate(sheet.rows, 1):
        if row and row[0] is not None and row[0].value == "Vintage":
            return str(r + 1 + i)
    raise AssertionError("no calendar")
