"""redd_audit.tables.xlsx_reader: the first sheet as native cell values."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook

from redd_audit.errors import InputError
from redd_audit.tables.schemas import SCHEMAS
from redd_audit.tables.xlsx_reader import read_xlsx

BASELINE = SCHEMAS["baseline_exante"]


def _save(tmp_path: Path, rows: list[list[object]], *, first_empty: bool = False) -> Path:
    wb = Workbook()
    ws = wb.active
    if first_empty:
        ws = wb.create_sheet("Data")
    for row in rows:
        ws.append(row)
    path = tmp_path / "t.xlsx"
    wb.save(path)
    return path


def test_native_values_and_rows(tmp_path: Path) -> None:
    path = _save(
        tmp_path,
        [["zone", " year ", "area_ha", "when"], ["project_area", 2021, 10.5, dt.date(2021, 5, 1)]],
    )
    raw = read_xlsx(path, BASELINE, "t.xlsx")
    assert raw.native and raw.header_row == 1
    assert raw.names == ["zone", "year", "area_ha", "when"]
    assert [c[0] for c in raw.columns[:3]] == ["project_area", 2021, 10.5]
    assert list(raw.rows) == [2]
    assert raw.notes == {"formula_cells": 0}


def test_values_right_of_the_header_become_an_unnamed_column(tmp_path: Path) -> None:
    raw = read_xlsx(_save(tmp_path, [["zone"], ["a", None, "stray"]]), BASELINE, "t.xlsx")
    assert raw.names == ["zone", "", ""]
    assert raw.columns[2][0] == "stray"


def test_formula_without_value_is_refused_naming_the_cell(tmp_path: Path) -> None:
    path = _save(tmp_path, [["zone", "year"], ["a", "=2020+1"]])
    with pytest.raises(
        InputError, match=r"1 cell\(s\) hold a formula without a calculated value \(Sheet!B2\)"
    ):
        read_xlsx(path, BASELINE, "t.xlsx")


def test_empty_first_row_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="row 1 of the first sheet is empty") as info:
        read_xlsx(_save(tmp_path, [[None, None], ["a", 1]]), BASELINE, "t.xlsx")
    assert info.value.row == 1


def test_empty_first_sheet_with_data_elsewhere(tmp_path: Path) -> None:
    path = _save(tmp_path, [["zone"], ["a"]], first_empty=True)
    with pytest.raises(
        InputError, match="the first sheet 'Sheet' is empty, but sheet 'Data' holds data"
    ):
        read_xlsx(path, BASELINE, "t.xlsx")


def test_empty_workbook_optional_and_required(tmp_path: Path) -> None:
    path = _save(tmp_path, [])
    raw = read_xlsx(path, SCHEMAS["fire_events"], "f.xlsx")
    assert raw.names == list(SCHEMAS["fire_events"].columns) and len(raw.rows) == 0
    with pytest.raises(InputError, match="the first sheet is empty: no header in row 1"):
        read_xlsx(path, BASELINE, "t.xlsx")
