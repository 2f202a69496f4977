"""redd_audit.workbook.package: boolean words, fitted columns, deterministic zip, companions."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from redd_audit.workbook import package
from redd_audit.workbook.model import CompanionFile
from redd_audit.workbook.package import (
    atomic_write_bytes,
    boolean_words,
    finish_package,
    fit_columns,
    write_companions,
)

STYLES = (
    b'<styleSheet xmlns="x"><numFmts count="1"><numFmt numFmtId="164" formatCode="0.0"/>'
    b'</numFmts><cellXfs count="2"><xf numFmtId="0" fontId="0"/>'
    b'<xf numFmtId="164" fontId="1"/></cellXfs></styleSheet>'
)


def test_booleans_take_the_general_format() -> None:
    """A boolean styled with a number format (``0.0``: style 1) gets a copy of that style with
    General (LibreOffice then prints TRUE/FALSE and keeps a boolean on re-saving); a boolean
    already under General (style 0) keeps its style; other cells are untouched."""
    entries = {
        "xl/styles.xml": STYLES,
        "s1": b'<c r="A1" t="b"><v>1</v></c><c r="B2" s="1" t="b"><v>0</v></c><c r="C3" s="1">',
    }
    boolean_words(entries, ["s1"])
    styles = entries["xl/styles.xml"]
    assert b'<cellXfs count="3">' in styles
    assert styles.endswith(
        b'<xf numFmtId="0" fontId="0"/><xf numFmtId="164" fontId="1"/>'
        b'<xf numFmtId="0" fontId="1"/></cellXfs></styleSheet>'
    )
    assert b'<numFmts count="1">' in styles  # no format added
    assert entries["s1"] == (
        b'<c r="A1" s="0" t="b"><v>1</v></c><c r="B2" s="2" t="b"><v>0</v></c><c r="C3" s="1">'
    )


def test_boolean_words_without_booleans_changes_nothing() -> None:
    entries = {"xl/styles.xml": STYLES, "s1": b'<c r="A1"><v>1</v></c>'}
    boolean_words(entries, ["s1"])
    assert entries["xl/styles.xml"] == STYLES


def test_fit_columns_widens_only_what_needs_room() -> None:
    xml = b'<worksheet><cols><col min="1" max="2" width="5" customWidth="1"/></cols><sheetData/>'
    assert fit_columns(xml, [(1, "1")]) == xml
    out = fit_columns(xml, [(2, "10,035,311"), (4, "1,234,567,890")])
    assert out == (
        b'<worksheet><cols><col min="1" max="2" width="11.5" customWidth="1"/>'
        b'<col width="14.5" customWidth="1" min="4" max="4"/></cols><sheetData/>'
    )


def test_fit_columns_without_cols_inserts_before_sheet_data() -> None:
    out = fit_columns(b"<worksheet><sheetData/>", [(3, "99,999,999,999")])
    assert out == (
        b'<worksheet><cols><col width="15.5" customWidth="1" min="3" max="3"/></cols><sheetData/>'
    )


def test_atomic_write_and_companions(tmp_path: Path) -> None:
    target = tmp_path / "a.bin"
    atomic_write_bytes(target, b"x")
    assert target.read_bytes() == b"x" and not (tmp_path / ".a.bin.tmp").exists()
    companion = CompanionFile("trees.csv", "trees", b"a,b\n1,2\n", "0" * 64, 1, "trees")
    paths = write_companions([companion], tmp_path / "new")
    assert paths == [tmp_path / "new" / "trees.csv"]
    assert paths[0].read_bytes() == b"a,b\n1,2\n"
    assert write_companions([], tmp_path / "none") == []
    assert not (tmp_path / "none").exists()


def _save(path: Path) -> Path:
    wb = Workbook()
    wb.properties.created = dt.datetime(2020, 1, 1)
    ws = wb.active
    ws.title = "S"
    ws["A1"] = 12345678901
    ws["B1"] = "=A1>0"
    wb.save(path)
    return path


def test_finish_package_is_deterministic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(package, "in_own_process", lambda fn, *args: fn(*args))
    saved = _save(tmp_path / "a.xlsx")
    report = finish_package(saved, "2020-12-31T00:00:00Z")
    assert report.cached == 1 and report.error is None
    with zipfile.ZipFile(saved) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = z.read("docProps/core.xml")
        sheet = z.read("xl/worksheets/sheet1.xml")
    assert b">2020-12-31T00:00:00Z</dcterms:modified>" in core
    assert b't="b"><f>A1&gt;0</f><v>1</v>' in sheet  # cached boolean, word format
    assert b'<col width="' in sheet  # column A widened for 12345678901
    again = _save(tmp_path / "b.xlsx")
    finish_package(again, "2020-12-31T00:00:00Z")
    assert again.read_bytes() == saved.read_bytes()
