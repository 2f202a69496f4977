"""redd_audit/workbook/presentation.py: column widths from the values shown (no ``###``), the
print area without blank input rows, text that wraps instead of being cut."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import load_workbook

from redd_audit.workbook import presentation as pr
from redd_audit.workbook.model import (
    Cell,
    Column,
    DataTable,
    DocProperties,
    Formula,
    SheetSpec,
    WorkbookSpec,
)
from redd_audit.workbook.writer import write_workbook


def test_shown_width_makes_room_for_the_digits_separators_and_padding() -> None:
    # measured in LibreOffice's PDF: "10,035,311" needs 10 units (bold 11), "-69.43102" 10
    assert 11.0 <= pr.shown_width("10,035,311") <= 13.0
    assert pr.shown_width("-69.43102") >= 11.0
    assert pr.shown_width("2023-03-15") >= 11.0
    assert pr.shown_width("1,234,567.891") >= 13.0
    assert pr.shown_width("TRUE") < pr.shown_width("FALSE")
    assert pr.shown_width("1") < pr.DEFAULT_WIDTH  # short values keep the default width


def test_fitted_widths_only_widen_the_columns_that_need_it() -> None:
    widths = {1: 30.0, 2: 8.0}
    shown = [(1, "12"), (2, "12,021,412"), (2, "3"), (4, "2,046,487.555")]
    fitted = pr.fitted_widths(widths, shown)
    assert fitted[1] == 30.0  # wide enough already: never narrowed
    assert fitted[2] == pr.shown_width("12,021,412")
    assert fitted[4] == pr.shown_width("2,046,487.555")  # a column without a width gets one
    assert 3 not in fitted
    assert widths == {1: 30.0, 2: 8.0}  # the input is left as it is


def test_fitted_widths_are_capped() -> None:
    fitted = pr.fitted_widths({}, [(1, "9" * 200)])
    assert fitted[1] == pr.MAX_FITTED_WIDTH


def test_blank_input_rows_are_outside_the_print_area() -> None:
    columns = (Column("id", "input", values=["a", "b", "c", *([None] * 200)]),)
    table = DataTable(header_row=9, columns=columns, n_rows=203, blank_rows=200)
    spec = SheetSpec("Fires", rows=[[Cell("Fires", "title")]], table=table)
    plan = pr.print_plan(spec, n_cols=1, n_rows=table.last_row)
    assert plan.area == "A1:A12"  # header row 9 and the three data rows


def test_an_empty_table_prints_its_header_only() -> None:
    columns = (Column("id", "input", values=[None] * 200),)
    table = DataTable(header_row=9, columns=columns, n_rows=200, blank_rows=200)
    spec = SheetSpec("Fires", rows=[[Cell("Fires", "title")]], table=table)
    assert pr.print_plan(spec, 1, table.last_row).area == "A1:A9"


LONG = "Ready for opinion (no material misstatement, no open NCR or CAR) " * 2


def test_text_beside_a_filled_cell_wraps_and_its_row_grows() -> None:
    spec = SheetSpec(
        "S",
        rows=[[Cell(LONG, "key"), Cell(1, "formula")]],
        column_widths={1: 20, 2: 10},
    )
    assert pr.wrapped_cells(spec, 2) == {(1, 1)}
    heights, merges = pr.row_layout(spec, 2)
    assert heights[1] >= 4 * pr.LINE_HEIGHT_PT and merges == []


def test_text_that_fits_into_the_empty_cells_right_of_it_does_not_wrap() -> None:
    spec = SheetSpec(
        "S",
        rows=[[Cell("Distinct periods issued before"), None, Cell(3, "formula")]],
        column_widths={1: 14, 2: 14, 3: 10},  # the Cumulative position sheet's widths
    )
    assert pr.wrapped_cells(spec, 3) == set()
    assert pr.row_layout(spec, 3) == ({}, [])


def test_text_longer_than_the_print_area_wraps_over_the_empty_cells() -> None:
    spec = SheetSpec(
        "S",
        rows=[[Cell("Conclusion", "key"), Cell(LONG * 2, "input"), None, None]],
        column_widths={1: 12, 2: 20, 3: 20, 4: 20},
    )
    assert pr.wrapped_cells(spec, 4) == {(1, 2)}
    heights, merges = pr.row_layout(spec, 4)
    assert merges == ["B1:D1"]
    lines = pr.text_lines(LONG * 2, 60, "input")  # 264 characters over 60 units
    assert lines == 4 and heights[1] == lines * pr.LINE_HEIGHT_PT + 3


def test_a_marked_cell_wraps_and_keeps_the_height_the_description_gives() -> None:
    spec = SheetSpec(
        "S",
        rows=[[Cell("Conclusion", "key"), Cell("short", "link", wrap=True)]],
        column_widths={1: 12, 2: 40},
        row_heights={1: 48.0},
    )
    assert pr.wrapped_cells(spec, 2) == {(1, 2)}
    assert pr.row_layout(spec, 2)[0] == {1: 48.0}


def test_written_workbook_fits_its_columns_and_shows_booleans_as_words(tmp_path: Path) -> None:
    """The package step (after the engine computed every value) widens the columns whose
    values need it and gives every boolean cell the TRUE/FALSE format."""
    rows: list[list[Cell | None]] = [
        [Cell("VCUs issued before"), Cell(12_021_412, "input", "#,##0")],
        [Cell("Buffer to date"), Cell(Formula("=B1*170.25"), "formula", "#,##0.000")],
        [Cell("Ready"), Cell(Formula("=B1>0"), "formula")],
        [Cell("Flag"), Cell(False, "input")],
    ]
    sheet = SheetSpec("S", rows=rows, column_widths={1: 20, 2: 8})
    spec = WorkbookSpec(
        "verification", [sheet], [], DocProperties("t", "s", dt.datetime(2024, 1, 1))
    )
    path = tmp_path / "w.xlsx"
    write_workbook(spec, path)
    ws = load_workbook(path)["S"]
    assert ws.column_dimensions["A"].width == 20  # text overflows: no change
    assert ws.column_dimensions["B"].width == pr.shown_width("2,046,645,393.000")
    assert ws["B3"].number_format == "General" and ws["B4"].number_format == "General"
    assert ws["B1"].number_format == "#,##0"
    values = load_workbook(path, data_only=True)["S"]
    assert values["B3"].value is True and values["B4"].value is False
