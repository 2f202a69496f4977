"""Cached formula values (contract 5.7): every formula cell carries the value a spreadsheet
computes, checked against LibreOffice; unverified functions and their dependents, ``#NAME?``
and engine disagreements are left without a value; the bytes stay reproducible."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from redd_audit.workbook.cached_values import VERIFIED_FUNCTIONS, functions_in, value_xml
from redd_audit.workbook.model import (
    Cell,
    DefinedName,
    DocProperties,
    Formula,
    SheetSpec,
    WorkbookSpec,
)
from redd_audit.workbook.writer import write_workbook, write_workbook_report
from tests.recalc import recalculate, require_soffice

DATA = [
    ["TF*", 10.5, "alive", dt.date(2021, 3, 1), 3],
    ["TF", 2.25, "dead", dt.date(2021, 12, 31), 7],
    ["BB?", -4.0, "Alive", dt.date(2022, 1, 1), 1],
    ["x", 0.0, "alive", dt.date(2020, 6, 30), 4],
    ["=TF", 8.0, "alive", dt.date(2021, 7, 1), 9],
]
# one formula per case: (formula, functions exercised)
CASES = [
    '=SUMIFS(B1:B5,A1:A5,"="&SUBSTITUTE(SUBSTITUTE(SUBSTITUTE(A1,"~","~~"),"*","~*"),"?","~?"))',
    '=SUMIFS(B1:B5,A1:A5,"TF*")',
    '=SUMIFS(B1:B5,C1:C5,"alive",D1:D5,">="&DATE(2021,1,1))',
    '=SUMIF(C1:C5,"alive",B1:B5)',
    '=COUNTIFS(C1:C5,"alive",B1:B5,">0")',
    '=COUNTIF(A1:A5,"BB~?")',
    '=AVERAGEIFS(B1:B5,C1:C5,"alive")',
    "=SUMPRODUCT(B1:B5,E1:E5)",
    "=SUMSQ(B1:B5)",
    '=SUMPRODUCT((C1:C5="alive")*(B1:B5))+SUMPRODUCT(--(E1:E5>3),B1:B5)',
    "=AVERAGE(B1:B5)+COUNT(A1:E5)+COUNTA(A1:A5)",
    "=INDEX(B1:B5,MATCH(2.25,B1:B5,0))",
    "=LARGE(E1:E5,2)+MAX(E1:E5)-MIN(E1:E5)",
    '=IF(AND(B1>0,OR(B2<0,NOT(B3<0))),"yes","no")',
    "=IF(EXACT(C1,C3),1,0)+IF(EXACT(C1,C4),10,0)",
    "=ROUND(B1/3,4)+ROUNDUP(B2,0)+ROUNDDOWN(B3/3,1)+INT(-2.5)+MOD(7,3)",
    "=ABS(B3)+SQRT(E5)+POWER(2,10)+EXP(1)+LN(10)",
    "=YEAR(D1)+COLUMNS(A1:E1)+ROWS(A1:A5)+SUM(E1:E5)",
    "=IFERROR(1/0,42)+IF(ISERROR(1/0),1,0)+IF(ISBLANK(F1),1,0)+IF(ISNUMBER(B1),1,0)",
    "=TINV(0.1,5)",
    "=PERCENTILE(B1:B5,0.3)+_xlfn.PERCENTILE.INC(B1:B5,0.9)+MEDIAN(B1:B5)+STDEV(B1:B5)",
    # TEXT rounds a half to even in IronCalc and away from zero in LibreOffice: the workbook
    # always rounds with ROUND first (redd_audit/formulas/conclusion.py), as here
    '=TEXT(ROUND(ABS(B3*-0.625),0),"#,##0")&"|"&TEXT(ABS(B2/7),"0.00 %")&"|"&TEXT(B1*1000,"#,##0")',
    '=MID("; a; b",LEN("; ")+1,LEN("; a; b"))',
    '=HYPERLINK("#S!A1","go")',
    "=1/0",
    "=B1>B2",
    '=""',
    "=D1+1",
]


def spec_of(rows: list[list[Cell | None]], names: list[DefinedName] | None = None) -> WorkbookSpec:
    return WorkbookSpec(
        kind="quality",
        sheets=[SheetSpec("S", rows=rows)],
        names=names or [],
        properties=DocProperties("t", "s", dt.datetime(2021, 1, 1)),
    )


def data_rows() -> list[list[Cell | None]]:
    return [[Cell(v, "input") for v in row] for row in DATA]


def test_the_cases_exercise_every_verified_function() -> None:
    used = set().union(*(functions_in(f) for f in CASES))
    assert used >= VERIFIED_FUNCTIONS, VERIFIED_FUNCTIONS - used


def test_functions_in_ignores_string_literals() -> None:
    assert functions_in('=IF(A1="SUM(x)",LN(2),_xlfn.STDEV.S(B1:B2))') == {"IF", "LN", "STDEV.S"}


def test_value_xml_types() -> None:
    assert value_xml("a<b&c", False) == ("str", "a&lt;b&amp;c")
    assert value_xml(True, False) == ("b", "1")
    assert value_xml(2524616.0, False) == ("", "2524616")
    assert value_xml(0.1, False) == ("", "0.1")
    assert value_xml("#DIV/0!", True) == ("e", "#DIV/0!")
    assert value_xml("#NAME?", True) is None  # an unknown name is never cached
    assert value_xml("#N/IMPL!", True) is None
    assert value_xml(float("nan"), False) is None


@pytest.mark.slow
def test_every_verified_function_gives_the_libreoffice_value(tmp_path: Path) -> None:
    require_soffice()
    rows = data_rows() + [[Cell(Formula(f), "formula")] for f in CASES]
    path = tmp_path / "functions.xlsx"
    _, report = write_workbook_report(spec_of(rows), path)
    assert report is not None and report.error is None
    assert report.cached == report.formulas == len(CASES)
    ours = load_workbook(path, data_only=True)["S"]
    lo = load_workbook(recalculate(path, tmp_path / "lo"), data_only=True)["S"]
    for i, formula in enumerate(CASES, start=len(DATA) + 1):
        got, want = ours.cell(i, 1).value, lo.cell(i, 1).value
        if isinstance(want, dt.datetime):
            want = (want - dt.datetime(1899, 12, 30)).days
        if isinstance(want, int | float) and not isinstance(want, bool):
            assert got == pytest.approx(want, rel=1e-12, abs=1e-12), formula
        else:
            assert (got or "") == (want or ""), (formula, got, want)


def test_cached_types_in_the_xml(tmp_path: Path) -> None:
    rows = [
        [Cell(Formula('="a"&"b"'), "formula")],
        [Cell(Formula("=1=1"), "formula")],
        [Cell(Formula("=1/0"), "formula")],
        [Cell(Formula("=2*3"), "formula")],
    ]
    path = tmp_path / "types.xlsx"
    write_workbook(spec_of(rows), path)
    xml = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode()
    assert '<c r="A1" s="1" t="str"><f>"a"&amp;"b"</f><v>ab</v></c>' in xml
    assert '<c r="A2" s="1" t="b"><f>1=1</f><v>1</v></c>' in xml
    assert '<c r="A3" s="1" t="e"><f>1/0</f><v>#DIV/0!</v></c>' in xml
    assert '<c r="A4" s="1"><f>2*3</f><v>6</v></c>' in xml
    ws = load_workbook(path, data_only=True)["S"]
    assert [ws.cell(r, 1).value for r in range(1, 5)] == ["ab", True, "#DIV/0!", 6]


def test_unverified_functions_and_their_dependents_are_left_empty(tmp_path: Path) -> None:
    rows = [
        [Cell(Formula('=CODE("abc")'), "formula")],  # not on the verified list
        [Cell(Formula("=A1+1"), "formula")],  # depends on it
        [Cell(Formula("=IF(ISNUMBER(A1),1,0)"), "formula")],  # masks it: still depends
        [Cell(Formula("=1+1"), "formula")],  # independent
        [Cell(Formula("=No_Such_Name+1"), "formula")],  # #NAME?
    ]
    path = tmp_path / "unverified.xlsx"
    _, report = write_workbook_report(spec_of(rows), path)
    ws = load_workbook(path, data_only=True)["S"]
    assert [ws.cell(r, 1).value for r in range(1, 6)] == [None, None, None, 2, None]
    assert report is not None and report.left_empty["unverified function"] == 3
    assert report.cached == 1


def test_row_over_a_range_is_not_cached(tmp_path: Path) -> None:
    """IronCalc 0.9 gives #VALUE! for ROW(range) inside SUMPRODUCT (LibreOffice and Excel: the
    row numbers), so ROW is not on the verified list and such cells carry no value."""
    assert "ROW" not in VERIFIED_FUNCTIONS
    rows = [
        [Cell("a", "input")],
        [Cell("b", "input")],
        [Cell(Formula('=SUMPRODUCT(EXACT(A1:A2,"b")*(ROW(A1:A2)-ROW(A1)+1))'), "formula")],
        [Cell(Formula("=INDEX(A1:A2,A3)"), "formula")],
    ]
    path = tmp_path / "row.xlsx"
    write_workbook(spec_of(rows), path)
    xml = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode()
    assert "#VALUE!" not in xml and xml.count("</f></c>") == 2


def test_functions_in_array_context_are_not_cached(tmp_path: Path) -> None:
    """IronCalc 0.9 evaluates EXACT(range,..) or ABS(range) inside SUMPRODUCT as #VALUE! and
    SUM(IF(range..)) differently from LibreOffice: such formulas are left without a value."""
    formulas = [
        '=SUMPRODUCT(EXACT(A1:A3,"b")*B1:B3)',
        "=SUMPRODUCT(ABS(B1:B3))",
        '=SUM(IF(A1:A3="b",1,0))',
        '=SUMPRODUCT(EXACT(A1:A3,"b")*{1;2;3})',
        '=SUMPRODUCT((A1:A3="b")*B1:B3)',  # operators on ranges are fine
    ]
    rows = [[Cell(k, "input"), Cell(v, "input")] for k, v in (("a", 1.0), ("b", 2.0), ("c", -3.0))]
    rows += [[Cell(Formula(f), "formula")] for f in formulas]
    path = tmp_path / "array.xlsx"
    _, report = write_workbook_report(spec_of(rows), path)
    ws = load_workbook(path, data_only=True)["S"]
    assert [ws.cell(r, 1).value for r in range(4, 9)] == [None, None, None, None, 2]
    assert report is not None and report.left_empty == {"unverified function": 4}


def test_criteria_are_not_cached_when_a_text_holds_a_tilde(tmp_path: Path) -> None:
    """IronCalc 0.9 reads the criterion "~~x" as no match; LibreOffice and Excel match "~x"."""
    rows = [
        [Cell("~x", "input"), Cell(1.0, "input")],
        [Cell(Formula('=COUNTIF(A1:A1,"~~x")'), "formula"), Cell(Formula("=B1*2"), "formula")],
    ]
    path = tmp_path / "tilde.xlsx"
    _, report = write_workbook_report(spec_of(rows), path)
    ws = load_workbook(path, data_only=True)["S"]
    assert ws["A2"].value is None and ws["B2"].value == 2
    assert report is not None and report.left_empty == {"unverified function": 1}


def test_engine_values_are_cached_when_they_agree(tmp_path: Path) -> None:
    rows = [
        [Cell(0.1, "input"), Cell(0.2, "input")],
        [Cell(Formula("=A1+B1"), "formula"), Cell(Formula("=A1*3"), "formula")],
    ]
    names = [DefinedName("Total_X", "S", "$A$2"), DefinedName("Total_Y", "S", "$B$2")]
    spec = spec_of(rows, names)
    spec.engine_values = {"Total_X": 0.3, "Total_Y": 0.5}  # 0.1 + 0.2 != 0.3 in floats
    path = tmp_path / "engine.xlsx"
    _, report = write_workbook_report(spec, path)
    ws = load_workbook(path, data_only=True)["S"]
    assert ws["A2"].value == 0.3  # the engine's value, not 0.30000000000000004
    assert ws["B2"].value is None  # 0.3 (spreadsheet) vs 0.5 (engine): no value, reported
    assert report is not None and len(report.disagreements) == 1


def test_empty_input_cells_read_as_empty_not_zero(tmp_path: Path) -> None:
    rows = [[Cell(None, "input", "0.00%")], [Cell(Formula('=IF(ISNUMBER(A1),"n","e")'))]]
    path = tmp_path / "empty.xlsx"
    write_workbook(spec_of(rows), path)
    assert load_workbook(path, data_only=True)["S"]["A2"].value == "e"


def test_cached_workbook_is_byte_identical(tmp_path: Path) -> None:
    rows = data_rows() + [[Cell(Formula(f), "formula")] for f in CASES]
    digests = set()
    for name in ("a.xlsx", "b.xlsx"):
        write_workbook(spec_of(rows), tmp_path / name)
        digests.add(hashlib.sha256((tmp_path / name).read_bytes()).hexdigest())
    assert len(digests) == 1
    with zipfile.ZipFile(tmp_path / "a.xlsx") as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert re.search(rb"<v>", z.read("xl/worksheets/sheet1.xml"))
