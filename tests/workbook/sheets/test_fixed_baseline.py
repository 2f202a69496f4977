"""redd_audit.workbook.sheets.fixed_baseline: the PD's fixed baseline rows and blocks."""

from __future__ import annotations

import dataclasses

import pandas as pd

from redd_audit.formulas.fixed_baseline import fixed_baseline_tco2e
from redd_audit.workbook.book import Book
from redd_audit.workbook.model import Formula
from redd_audit.workbook.sheets import calendar, parameters
from redd_audit.workbook.sheets.fixed_baseline import COLUMNS, block, table_rows
from tests.workbook.spec_helpers import main_context

FRAME = pd.DataFrame(
    {
        "zone": ["project_area", "leakage_belt"],
        "vintage": [2019, 2020],
        "stratum_id": ["TF", None],
        "baseline_tco2e": [100.0, 20.0],
        "baseline_area_ha": [3.0, float("nan")],
        "source": ["PD table 7", None],
    }
)


def _book(frame: pd.DataFrame | None) -> Book:
    ctx = main_context()
    frames = {k: v for k, v in ctx.frames.items() if k != "baseline_emissions"}
    if frame is not None:
        frames["baseline_emissions"] = frame
    book = Book(ctx=dataclasses.replace(ctx, frames=frames), row_limit=100)
    parameters.build(book)
    calendar.build(book)
    return book


def test_table_rows_are_named_inputs() -> None:
    book = _book(FRAME)
    sh = book.sheet("Baseline", "t")
    after = table_rows(book, sh, 10)
    assert after == 15  # rows 12-13, a blank row
    assert [sh.cells[(11, j + 1)].value for j in range(len(COLUMNS))] == [c[1] for c in COLUMNS]
    assert sh.cells[(12, 4)].value == 100.0 and sh.cells[(12, 4)].role == "input"
    assert sh.cells[(13, 5)].value == 0.0  # a missing area reads 0 ha
    assert sh.cells[(13, 3)].value == ""  # a missing stratum is blank text
    refs = {n.name: n.ref for n in book.names.names if n.name.startswith("Fixb_")}
    assert refs == {
        "Fixb_Zone": "$A$12:$A$13",
        "Fixb_Vintage": "$B$12:$B$13",
        "Fixb_Stratum": "$C$12:$C$13",
        "Fixb_tCO2e": "$D$12:$D$13",
        "Fixb_Area_ha": "$E$12:$E$13",
    }


def test_block_per_stratum_and_total() -> None:
    book = _book(FRAME)
    sh = book.sheet("Baseline", "t")
    result = block(book, sh, 20, "project_area", "Project area (fixed)")
    hdr, frac = 21, 22
    assert (result.first_row, result.last_row, result.total_row) == (23, 24, 25)
    assert result.rows_per_stratum == 1 and result.n_vintages == 2
    rows = 'SUMIFS(Fixb_tCO2e,Fixb_Zone,"project_area",Fixb_Vintage,E$21,Fixb_Stratum,$A23)'
    assert sh.cells[(23, 5)].value == Formula(fixed_baseline_tco2e(rows, f"E${frac}"))
    total = 'SUMIFS(Fixb_tCO2e,Fixb_Zone,"project_area",Fixb_Vintage,F$21)'
    assert sh.cells[(25, 6)].value == Formula(fixed_baseline_tco2e(total, f"F${frac}"))
    assert sh.cells[(25, 7)].value == Formula("=SUM(E25:F25)")
    assert sh.cells[(hdr, 7)].value == "Period total (tCO2e)"


def test_block_without_stratum_column_gives_zero_strata_rows() -> None:
    book = _book(FRAME.drop(columns=["stratum_id"]))
    sh = book.sheet("Leakage", "t")
    block(book, sh, 3, "leakage_belt", "Leakage belt (fixed)")
    assert sh.cells[(6, 5)].value == Formula("=0")
    assert "leakage_belt" in sh.cells[(8, 5)].value.text  # type: ignore[union-attr]


def test_table_rows_without_the_table() -> None:
    book = _book(None)
    sh = book.sheet("Baseline", "t")
    assert table_rows(book, sh, 3) == 7  # one (empty) row reserved for the names
    assert {n.ref for n in book.names.names if n.name == "Fixb_tCO2e"} == {"$D$5:$D$5"}
