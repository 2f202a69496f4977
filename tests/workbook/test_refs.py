"""redd_audit.workbook.refs: the typed references sheets hand to later sheets."""

from __future__ import annotations

import dataclasses

from redd_audit.workbook.refs import (
    VINTAGE_COLUMNS,
    CalendarCells,
    CalendarRow,
    DataSheetResult,
    VintageCells,
    VintageRow,
)
from tests.workbook.spec_helpers import main_spec, names_on


def _row(i: int) -> VintageRow:
    return VintageRow(*[f"Vintages!${chr(65 + j)}${5 + i}" for j in range(len(VINTAGE_COLUMNS))])


def test_vintage_columns_follow_the_row_fields() -> None:
    assert VINTAGE_COLUMNS[0] == "vintage" and VINTAGE_COLUMNS[-1] == "reversal"
    assert len(VINTAGE_COLUMNS) == 21
    assert VintageCells.column("vintage") == 1
    assert VintageCells.column("vcus") == VINTAGE_COLUMNS.index("vcus") + 1 == 19


def test_vintage_cells_ref() -> None:
    cells = VintageCells((_row(0), _row(1)), total={"vcus": "Total_VCUs"})
    assert cells.ref("baseline", 1) == "Vintages!$G$6"
    assert cells.ref("vintage", 0) == "Vintages!$A$5"


def test_vintage_column_order_matches_the_vintages_sheet() -> None:
    spec = main_spec()
    ref = names_on(spec, "Vintages")["Total_VCUs"]
    assert ref.startswith(f"${chr(64 + VintageCells.column('vcus'))}$")


def test_calendar_cells_len_and_frozen() -> None:
    row = CalendarRow("2019", "a", "b", "c", "d", "e")
    cells = CalendarCells((row, row, row), source="Parameters!A1:F3")
    assert len(cells) == 3
    assert dataclasses.is_dataclass(cells)
    try:
        cells.source = "x"  # type: ignore[misc]
    except dataclasses.FrozenInstanceError:
        pass
    else:  # pragma: no cover
        raise AssertionError("CalendarCells should be frozen")


def test_data_sheet_result_defaults() -> None:
    result = DataSheetResult("events", on_sheet=True, n_rows=3)
    assert result.companion is None and result.provided
