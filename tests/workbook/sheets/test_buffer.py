"""redd_audit.workbook.sheets.buffer: buffer base and withholding per vintage."""

from __future__ import annotations

from redd_audit.formulas.buffer import buffer_base_tco2e, buffer_withholding_tco2e
from redd_audit.formulas.net_reductions import (
    net_emission_reductions_tco2e,
)
from redd_audit.workbook.model import Formula
from redd_audit.workbook.refs import vintage_cell
from redd_audit.workbook.sheets import buffer
from tests.workbook.spec_helpers import cell, main_spec


def test_risk_rating_and_headers() -> None:
    sheet = main_spec().sheet(buffer.NAME)
    assert cell(sheet, 3, 1).value == "Risk rating (fraction)"  # type: ignore[union-attr]
    assert cell(sheet, 3, 3).value == Formula("=Risk_Rating_Fraction")  # type: ignore[union-attr]
    assert cell(sheet, 3, 3).role == "link"  # type: ignore[union-attr]
    assert [cell(sheet, 4, c).value for c in range(1, 11)] == buffer.HEADERS  # type: ignore[union-attr]


def test_rows_use_the_registered_builders() -> None:
    sheet = main_spec().sheet(buffer.NAME)
    for r in (5, 6):
        # the net base reads the Vintages sheet's adjusted NER (right under every rule, 7.3)
        adjusted = vintage_cell("adjusted_ner", r - 5)
        expected = {
            6: f"=B{r}-C{r}",
            7: buffer_base_tco2e(
                f"B{r}", f"C{r}", "Deduction_Factor", "Buffer_Base", f"H{r}", adjusted
            ),
            8: net_emission_reductions_tco2e(f"B{r}", f"C{r}+D{r}", f"E{r}"),
            9: buffer_withholding_tco2e("Risk_Rating_Fraction", f"G{r}", f"H{r}"),
        }
        for col, text in expected.items():
            assert cell(sheet, r, col).value == Formula(text), (r, col)  # type: ignore[union-attr]
    assert cell(sheet, 5, 2).value == Formula("=Baseline!$E$28")  # type: ignore[union-attr]
    assert cell(sheet, 6, 3).value == Formula("='Project emissions'!$F$28")  # type: ignore[union-attr]
    assert cell(sheet, 5, 4).value == Formula("='Project emissions'!$E$38")  # type: ignore[union-attr]
    assert cell(sheet, 5, 5).value == Formula("=Leakage!$E$63")  # type: ignore[union-attr]


def test_totals() -> None:
    sheet = main_spec().sheet(buffer.NAME)
    assert cell(sheet, 7, 1).value == "Total"  # type: ignore[union-attr]
    for col, c in ((2, "B"), (9, "I")):
        assert cell(sheet, 7, col).value == Formula(f"=SUM({c}5:{c}6)")  # type: ignore[union-attr]
    assert cell(sheet, 7, 10) is None


def test_vintages_link_the_buffer_cells() -> None:
    vintages = main_spec().sheet("Vintages")
    from redd_audit.workbook.refs import VintageCells

    assert cell(vintages, 5, VintageCells.column("buffer")).value == Formula("=Buffer!$I$5")  # type: ignore[union-attr]
    assert cell(vintages, 6, VintageCells.column("buffer_base")).value == Formula(  # type: ignore[union-attr]
        "=Buffer!$G$6"
    )
