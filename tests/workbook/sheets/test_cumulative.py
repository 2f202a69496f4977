"""redd_audit.workbook.sheets.cumulative: issuance history, this period, position to date."""

from __future__ import annotations

import datetime as dt

from redd_audit.workbook.model import Formula
from redd_audit.workbook.refs import VintageCells
from redd_audit.workbook.sheets import cumulative
from tests.workbook.spec_helpers import (
    all_text,
    cell,
    cycle_spec,
    formula_of,
    main_spec,
    named,
    names_on,
)


def test_without_history() -> None:
    spec = main_spec()
    sheet = spec.sheet(cumulative.SHEET)
    assert "issuance_history was not provided: no earlier issuance." in all_text(sheet)
    assert names_on(spec, cumulative.SHEET) == {}
    assert "Cumulative_VCUs_To_Date" not in spec.engine_values


def test_history_rows_are_inputs() -> None:
    sheet = cycle_spec().sheet(cumulative.SHEET)
    assert [cell(sheet, 4, c).value for c in range(1, 8)] == cumulative.HEADERS  # type: ignore[union-attr]
    first = [cell(sheet, 5, c) for c in range(1, 8)]
    assert first[0].value == dt.date(2016, 1, 1) and first[0].role == "input"  # type: ignore[union-attr]
    assert first[3].value == 100 and first[3].role == "input"  # type: ignore[union-attr]
    assert first[5].value == Formula("=IF(COUNTIFS(A$5:A5,A5,B$5:B5,B5)=1,1,0)")  # type: ignore[union-attr]
    assert first[6].value == "issuance_history row 2"  # type: ignore[union-attr]
    assert cell(sheet, 7, 6).value == Formula("=IF(COUNTIFS(A$5:A7,A7,B$5:B7,B7)=1,1,0)")  # type: ignore[union-attr]


def test_this_period_links_to_vintages() -> None:
    sheet = cycle_spec().sheet(cumulative.SHEET)
    vcus = chr(64 + VintageCells.column("vcus"))
    buffer = chr(64 + VintageCells.column("buffer"))
    assert cell(sheet, 11, 3).value == 2019  # type: ignore[union-attr]
    assert cell(sheet, 11, 4).value == Formula(f"=Vintages!${vcus}$5")  # type: ignore[union-attr]
    assert cell(sheet, 12, 5).value == Formula(f"=Vintages!${buffer}$6")  # type: ignore[union-attr]


def test_position_to_date() -> None:
    spec = cycle_spec()
    sheet, row, col = named(spec, "Cumulative_VCUs_To_Date")
    assert col == 3
    before = row - 5
    assert cell(sheet, before, 1).value == "Distinct periods issued before"  # type: ignore[union-attr]
    assert cell(sheet, before, 3).value == Formula("=SUM(F5:F7)")  # type: ignore[union-attr]
    assert cell(sheet, before + 1, 3).value == Formula("=SUM(D5:D7)")  # type: ignore[union-attr]
    assert cell(sheet, before + 3, 3).value == Formula("=Total_VCUs")  # type: ignore[union-attr]
    assert formula_of(spec, "Cumulative_VCUs_To_Date") == f"=C{before + 1}+C{before + 3}"
    assert formula_of(spec, "Cumulative_Buffer_To_Date") == f"=C{before + 2}+C{before + 4}"
    assert spec.engine_values["Cumulative_VCUs_To_Date"] == 1234
    assert spec.engine_values["Cumulative_Buffer_To_Date"] == 567.0
