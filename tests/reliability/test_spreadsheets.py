"""Class 4 of issue 21: spreadsheet inputs (a very hidden first sheet, external links with
cached values, merged header cells, dates as serial numbers, a zip bomb in sharedStrings).

Each case either reads correctly or is refused with one message naming the file (and the
row/column where one applies); nothing is silently dropped."""

from __future__ import annotations

import datetime as dt
import re
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from redd_audit.errors import InputError
from redd_audit.tables.read import read_table
from tests.test_read import EVENTS, EVENTS_HEADER, make_project, rewrite_zip, write_xlsx

HEADER = EVENTS_HEADER.split(",")
ROW = ["E-1", "project_area", "TF", dt.date(2021, 3, 1), 2.5, "agriculture", "PRODES"]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "project"
    path.mkdir()
    return path


def _refused(folder: Path) -> InputError:
    with pytest.raises(InputError) as caught:
        read_table(folder, make_project(), EVENTS)
    return caught.value


def test_very_hidden_first_sheet_is_refused_naming_it(folder: Path) -> None:
    """A first sheet nobody sees in a spreadsheet (state veryHidden) must not be read in place of
    the visible one."""
    book = openpyxl.Workbook()
    hidden = book.active
    hidden.title = "old"
    hidden.append(HEADER)
    hidden.append(["E-9", "project_area", "TF", dt.date(2021, 1, 1), 999.0, "x", "y"])
    hidden.sheet_state = "veryHidden"
    shown = book.create_sheet("events")
    shown.append(HEADER)
    shown.append(ROW)
    book.active = 1
    path = folder / "deforestation_events.xlsx"
    book.save(path)
    error = _refused(folder)
    assert error.file == "deforestation_events.xlsx"
    assert "'old'" in str(error) and "hidden" in str(error)


def test_hidden_first_sheet_is_refused_too(folder: Path) -> None:
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    book.active.sheet_state = "hidden"
    book.create_sheet("visible").append(HEADER)
    book.active = 1
    book.save(folder / "deforestation_events.xlsx")
    assert "hidden" in str(_refused(folder))


def test_external_link_with_a_cached_value_reads_the_value(folder: Path) -> None:
    path = write_xlsx(folder / "deforestation_events.xlsx", [HEADER, ROW])
    with zipfile.ZipFile(path) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    # E2 (area_ha) becomes a formula into another workbook, with the cached value 2.5
    sheet = re.sub(
        r'<c r="E2"([^>]*)><v>2.5</v></c>',
        r'<c r="E2"\1><f>[1]Sheet1!$A$1</f><v>2.5</v></c>',
        sheet,
    )
    assert "[1]Sheet1" in sheet
    rewrite_zip(path, {"xl/worksheets/sheet1.xml": sheet.encode()})
    loaded = read_table(folder, make_project(), EVENTS)
    assert loaded is not None
    assert loaded.frame["area_ha"].tolist() == [2.5]
    assert loaded.formula_cells == 1


def test_merged_header_cells_do_not_drop_a_column_silently(folder: Path) -> None:
    """A header merged over two columns leaves the second without a name; its values must not
    vanish without a word."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([*HEADER, "note", None])
    sheet.append([*ROW, "first half", "second half"])
    sheet.merge_cells("H1:I1")
    book.save(folder / "deforestation_events.xlsx")
    error = _refused(folder)
    assert error.row == 1 and error.file == "deforestation_events.xlsx"
    assert "I" in str(error) and "no name" in str(error)


def test_an_empty_unnamed_column_is_still_fine(folder: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([*HEADER, None])
    sheet.append([*ROW, None])
    book.save(folder / "deforestation_events.xlsx")
    loaded = read_table(folder, make_project(), EVENTS)
    assert loaded is not None and loaded.rows == 1


def test_unnamed_csv_column_with_data_is_refused(folder: Path) -> None:
    (folder / "deforestation_events.csv").write_text(
        EVENTS_HEADER + ",\nE-1,project_area,TF,2021-03-01,2.5,agriculture,PRODES,lost\n",
        encoding="utf-8",
    )
    error = _refused(folder)
    assert error.row == 1 and "column 8" in str(error)


def test_date_as_a_serial_number_is_refused_with_the_fix(folder: Path) -> None:
    write_xlsx(folder / "deforestation_events.xlsx", [HEADER, [*ROW[:3], 44256, *ROW[4:]]])
    error = _refused(folder)
    assert (error.row, error.column) == (2, "detected_on")
    assert "format the cell as a date" in str(error)


def test_zip_bomb_in_shared_strings_is_refused_quickly(folder: Path) -> None:
    path = write_xlsx(folder / "deforestation_events.xlsx", [HEADER, ROW])
    bomb = (
        b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
        b'2006/main"><si><t>' + b"A" * (300 * 1024**2) + b"</t></si></sst>"
    )
    rewrite_zip(path, {"xl/sharedStrings.xml": bomb})
    assert path.stat().st_size < 2 * 1024**2
    started = time.perf_counter()
    error = _refused(folder)
    assert time.perf_counter() - started < 5
    assert "zip bomb" in str(error) and "sharedStrings" in str(error)


def test_lying_zip_directory_cannot_expand_beyond_its_declared_size(folder: Path) -> None:
    """A member whose directory entry declares a small size is read at most that far (CRC then
    fails): refused with a message, not a memory blow-up."""
    path = write_xlsx(folder / "deforestation_events.xlsx", [HEADER, ROW])
    big = b"<sst>" + b" " * (50 * 1024**2) + b"</sst>"
    rewrite_zip(path, {"xl/sharedStrings.xml": big})
    data = bytearray(path.read_bytes())
    # patch the central directory's uncompressed size of sharedStrings.xml down to 1,000 bytes
    name = b"xl/sharedStrings.xml"
    central = data.rfind(b"PK\x01\x02" + data[data.rfind(name) - 42 : data.rfind(name) - 42][:0])
    index = data.rfind(name)
    header = index - 46
    assert data[header : header + 4] == b"PK\x01\x02"
    data[header + 24 : header + 28] = (1000).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    del central
    started = time.perf_counter()
    error = _refused(folder)
    assert time.perf_counter() - started < 10
    assert error.file == "deforestation_events.xlsx"


@pytest.mark.parametrize("far", ["ALL1048576", "G1048576"])
def test_a_stray_cell_far_below_is_bounded(folder: Path, far: str) -> None:
    """One value in the sheet's last row: the rows between are no records (time and memory stay
    bounded), and the value is either refused (no column name) or a record with its row."""
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    book.active.append(ROW)
    book.active[far] = "stray"
    book.save(folder / "deforestation_events.xlsx")
    started = time.perf_counter()
    if far.startswith("ALL"):
        error = _refused(folder)
        assert "1048576" in str(error) and "no name" in str(error)
    else:
        loaded = read_table(folder, make_project(), EVENTS)
        assert loaded is not None and loaded.frame["_row"].tolist() == [2, 1048576]
    assert time.perf_counter() - started < 20
