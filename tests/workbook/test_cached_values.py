"""redd_audit.workbook.cached_values: function detection, array context, value XML, sheet parts
and the cached values written into a tiny saved workbook."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from redd_audit.workbook.cached_values import (
    CRITERIA_FUNCTIONS,
    VERIFIED_FUNCTIONS,
    CacheReport,
    add_cached_values,
    array_context,
    column_number,
    functions_in,
    sheet_parts,
    unverified_cells,
    value_xml,
    verified_functions,
)


def test_column_number() -> None:
    assert [column_number(x) for x in ("A", "Z", "AA", "AZ", "ZZ", "AAA")] == [
        1,
        26,
        27,
        52,
        702,
        703,
    ]


def test_functions_in_ignores_strings_and_prefixes() -> None:
    assert functions_in('=IF(A1>0,SUM(B1:B3),"MAX(1)")') == {"IF", "SUM"}
    assert functions_in("=_xlfn.STDEV(A1:A3)+round(A1,0)") == {"STDEV", "ROUND"}
    assert functions_in("=A1&amp;TEXT(B1,&quot;0&quot;)") == {"TEXT"}
    assert functions_in("=A1+1") == set()


@pytest.mark.parametrize(
    ("formula", "expected"),
    [
        ("=SUM(A1:A3)", False),
        ("=SUMPRODUCT(B1:B3)", False),
        ('=SUMPRODUCT(EXACT(A1:A3,"b")*B1:B3)', True),
        ("=IF(SUM(A1:A3)>0,1,0)", False),
        ("=IF(A1:A3>0,1,0)", True),
        ("=ROUND(A1,0)", False),
        ("=ABS({1,2})", True),
        ('=IF(A1=":",1,0)', False),  # a colon inside a string is not a range
    ],
)
def test_array_context(formula: str, expected: bool) -> None:
    assert array_context(formula) is expected


def test_array_context_with_range_names() -> None:
    names = frozenset({"Ev_Area_ha"})
    assert array_context("=ABS(Ev_Area_ha)", names)
    assert not array_context("=SUM(Ev_Area_ha)", names)
    assert not array_context("=ABS(Total_VCUs)", names)


def test_value_xml() -> None:
    assert value_xml(True, False) == ("b", "1")
    assert value_xml(False, False) == ("b", "0")
    assert value_xml(3.0, False) == ("", "3")
    assert value_xml(0.1, False) == ("", "0.1")
    assert value_xml(1e20, False) == ("", "1e+20")
    assert value_xml(float("nan"), False) is None
    assert value_xml(float("inf"), False) is None
    assert value_xml("a<b & c", False) == ("str", "a&lt;b &amp; c")
    assert value_xml("bad\x01", False) is None
    assert value_xml("#DIV/0!", True) == ("e", "#DIV/0!")
    assert value_xml("#N/IMPL!", True) is None
    assert value_xml("#NAME?", True) is None
    assert value_xml(None, False) is None


def test_sheet_parts() -> None:
    workbook = (
        '<sheets><sheet name="A &amp; B" sheetId="1" r:id="rId1"/>'
        '<sheet name="C" sheetId="2" r:id="rId2"/></sheets>'
    )
    rels = (
        '<Relationship Id="rId1" Type="t" Target="/xl/worksheets/sheet1.xml"/>'
        '<Relationship Target="worksheets/sheet2.xml" Type="t" Id="rId2"/>'
    )
    assert sheet_parts(workbook, rels) == {
        "A & B": "xl/worksheets/sheet1.xml",
        "C": "xl/worksheets/sheet2.xml",
    }


def test_verified_functions_less_criteria_when_text_holds_tilde() -> None:
    assert verified_functions({"s": b"<c><is><t>plain</t></is></c>"}) == VERIFIED_FUNCTIONS
    reduced = verified_functions({"s": b"<c><is><t>a~b</t></is></c>"})
    assert reduced == VERIFIED_FUNCTIONS - CRITERIA_FUNCTIONS and "SUMIFS" not in reduced


def test_unverified_cells() -> None:
    xml = (
        b'<c r="A1"><f>SUM(B1:B2)</f></c><c r="B3" s="1"><f>NOW()</f></c>'
        b'<c r="C4"><f>NOW()+1</f></c>'
    )
    assert unverified_cells({"S": 0, "Other": 1}, {"S": xml, "Missing": xml}) == [
        (0, 3, 2),
        (0, 4, 3),
    ]


def test_cache_report_skip_counts() -> None:
    report = CacheReport()
    report.skip("x")
    report.skip("x")
    assert report.left_empty == {"x": 2} and report.error is None


@pytest.fixture(scope="module")
def cached(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, bytes], CacheReport]:
    wb = Workbook()
    ws = wb.active
    ws.title = "S"
    ws["A1"], ws["A2"] = 2, 3
    ws["B1"] = "=SUM(A1:A2)"  # 5, verified
    ws["B2"] = "=NOW()"  # unverified function
    ws["B3"] = "=B2+1"  # depends on an unverified cell
    ws["B4"] = "=A1/0"  # standard error, cached
    ws["B5"] = '=IF(A1>1,"big","small")'
    ws["B6"] = "=A1*A2"  # engine value agrees within 1e-9
    ws["B7"] = "=A1+A2"  # engine value disagrees
    path = tmp_path_factory.mktemp("cv") / "t.xlsx"
    wb.save(path)
    with zipfile.ZipFile(path) as z:
        entries = {n: z.read(n) for n in z.namelist()}
    report = add_cached_values(path, entries, {("S", "$B$6"): 6.0000000000001, ("S", "B7"): 99})
    return entries, report


def test_cached_values_written(cached: tuple[dict[str, bytes], CacheReport]) -> None:
    entries, report = cached
    xml = entries["xl/worksheets/sheet1.xml"].decode()
    assert '<c r="B1"><f>SUM(A1:A2)</f><v>5</v></c>' in xml
    assert '<c r="B2"><f>NOW()</f></c>' in xml
    assert '<c r="B3"><f>B2+1</f></c>' in xml
    assert '<c r="B4" t="e"><f>A1/0</f><v>#DIV/0!</v></c>' in xml
    assert '<c r="B5" t="str"><f>IF(A1&gt;1,"big","small")</f><v>big</v></c>' in xml
    assert '<c r="B6"><f>A1*A2</f><v>6.0000000000001</v></c>' in xml
    assert '<c r="B7"><f>A1+A2</f></c>' in xml
    assert report.formulas == 7 and report.cached == 4
    assert report.left_empty["unverified function"] == 2
    assert report.left_empty["engine disagreement"] == 1
    assert len(report.disagreements) == 1 and "99" in report.disagreements[0]


def test_unreadable_file_leaves_entries(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a zip")
    entries = {
        "xl/workbook.xml": b"<sheets/>",
        "xl/_rels/workbook.xml.rels": b"",
        "xl/worksheets/sheet1.xml": b"<x/>",
    }
    report = add_cached_values(bad, entries)
    assert report.error and report.cached == 0
    assert entries["xl/worksheets/sheet1.xml"] == b"<x/>"
