"""redd_audit.tables.xlsx_archive: the archive checks before any cell is read."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from redd_audit.errors import InputError
from redd_audit.tables.xlsx_archive import check_archive


def _book(path: Path, *, hidden_first: bool = False, formula: bool = False) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(["zone", "year"])
    ws.append(["project_area", "=2020+1" if formula else 2021])
    other = wb.create_sheet("Other")
    other.append(["x"])
    if hidden_first:
        ws.sheet_state = "hidden"
        wb.active = 1
    wb.save(path)
    return path


def test_sheets_in_order_and_no_formulas(tmp_path: Path) -> None:
    sheets, uncached, cached = check_archive(_book(tmp_path / "t.xlsx"), "t.xlsx")
    assert sheets.names == ["Data", "Other"]
    assert uncached == [] and cached == 0


def test_formula_without_cached_value_is_listed(tmp_path: Path) -> None:
    _, uncached, cached = check_archive(_book(tmp_path / "t.xlsx", formula=True), "t.xlsx")
    assert uncached == ["B2"] and cached == 0


def test_hidden_first_sheet_is_refused_naming_the_visible_one(tmp_path: Path) -> None:
    with pytest.raises(
        InputError, match="the first sheet 'Data' is hidden; the first visible sheet is 'Other'"
    ):
        check_archive(_book(tmp_path / "t.xlsx", hidden_first=True), "t.xlsx")


def test_not_a_zip_and_legacy_xls(tmp_path: Path) -> None:
    text = tmp_path / "a.xlsx"
    text.write_bytes(b"zone,year\n")
    with pytest.raises(InputError, match=r"not a valid \.xlsx \(zip\) file$"):
        check_archive(text, "a.xlsx")
    legacy = tmp_path / "b.xlsx"
    legacy.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    with pytest.raises(InputError, match=r"legacy .xls workbook"):
        check_archive(legacy, "b.xlsx")


def test_zip_without_a_workbook_part(tmp_path: Path) -> None:
    path = tmp_path / "c.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(InputError, match=r"xl/workbook.xml is missing") as info:
        check_archive(path, "c.xlsx")
    assert info.value.file == "c.xlsx"


def test_entity_declaration_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "d.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><workbook>&a;</workbook>',
        )
    with pytest.raises(InputError, match=r"DTD or entity declaration .* in xl/workbook.xml"):
        check_archive(path, "d.xlsx")


def test_highly_compressed_member_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "e.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/big.bin", b"\0" * 5_000_000)
    with pytest.raises(InputError, match=r"compression ratio of .*possible zip bomb"):
        check_archive(path, "e.xlsx")
