"""redd_audit.workbook.model: formulas vs text, column letters, addresses, quoting, lookups."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from redd_audit.workbook.model import (
    Cell,
    DataTable,
    DefinedName,
    DocProperties,
    Formula,
    SheetSpec,
    WorkbookSpec,
    address,
    column_letter,
    quote_sheet,
    range_address,
    reference,
)


def _number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def test_formula_must_start_with_equals() -> None:
    assert Formula("=A1+1").text == "=A1+1"
    with pytest.raises(ValueError, match="starts with '='"):
        Formula("A1+1")


def test_text_cell_stays_text() -> None:
    cell = Cell("=HYPERLINK(1)")
    assert isinstance(cell.value, str) and cell.role == "label"


@pytest.mark.parametrize(
    ("index", "letters"),
    [(1, "A"), (2, "B"), (26, "Z"), (27, "AA"), (52, "AZ"), (53, "BA"), (702, "ZZ"), (703, "AAA")],
)
def test_column_letter_known_cases(index: int, letters: str) -> None:
    assert column_letter(index) == letters


@given(st.integers(min_value=1, max_value=16384))
def test_column_letter_round_trip(index: int) -> None:
    letters = column_letter(index)
    assert letters.isalpha() and letters.isupper()
    assert _number(letters) == index


def test_addresses_and_ranges() -> None:
    assert address(2, 4) == "B4"
    assert address(28, 10, absolute=True) == "$AB$10"
    assert range_address(1, 5, 3, 9) == "$A$5:$C$9"
    assert range_address(1, 5, 3, 9, absolute=False) == "A5:C9"
    assert reference("Vintages", 2, 5) == "Vintages!$B$5"
    assert reference("Activity data", 1, 1, absolute=False) == "'Activity data'!A1"


@pytest.mark.parametrize(
    ("sheet", "quoted"),
    [
        ("Vintages", "Vintages"),
        ("Data_1", "Data_1"),
        ("Activity data", "'Activity data'"),
        ("Ex-ante vs achieved", "'Ex-ante vs achieved'"),
        ("1st", "'1st'"),
        ("O'Brien", "'O''Brien'"),
    ],
)
def test_quote_sheet(sheet: str, quoted: str) -> None:
    assert quote_sheet(sheet) == quoted


def test_defined_name_attr_text_quotes_the_sheet() -> None:
    assert DefinedName("X", "Emission schedule", "$B$4").attr_text == "'Emission schedule'!$B$4"
    assert DefinedName("Y", "Parameters", "$B$4:$B$9").attr_text == "Parameters!$B$4:$B$9"


def test_data_table_rows() -> None:
    table = DataTable(header_row=4, columns=(), n_rows=10, blank_rows=3)
    assert (table.first_row, table.last_row) == (5, 14)


def test_workbook_spec_lookups() -> None:
    props = DocProperties("t", "s", dt.datetime(2020, 1, 1))
    spec = WorkbookSpec(
        "verification",
        [SheetSpec("A"), SheetSpec("B")],
        [DefinedName("N1", "A", "$A$1")],
        props,
    )
    assert spec.sheet_names == ["A", "B"]
    assert spec.sheet("B").name == "B"
    assert spec.name("N1").ref == "$A$1"
    with pytest.raises(KeyError):
        spec.sheet("C")
    with pytest.raises(KeyError):
        spec.name("N2")
