"""The writer's generic presentation mechanisms (issue 12 item 4): row heights for wrapped
text, print setup, sheet selection by kind, data validation on input cells, Excel tables,
chart axis formats; and, on the bundled sample, a workbook that reads without recalculation."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from redd_audit.workbook import presentation as pr
from redd_audit.workbook.cached_values import VERIFIED_FUNCTIONS, array_context, functions_in
from redd_audit.workbook.model import (
    FRACTION,
    TCO2E,
    Cell,
    ChartSpec,
    Column,
    DataTable,
    DefinedName,
    DocProperties,
    RangeRef,
    SeriesSpec,
    SheetSpec,
    WorkbookSpec,
)
from redd_audit.workbook.writer import write_workbook

LONG = "Baseline emissions of the stratum over the monitoring period (tCO2e)"


def book(tmp_path: Path) -> Path:
    params = SheetSpec(
        "Parameters",
        rows=[
            [Cell("Parameters", "title")],
            [Cell("Settings from project.yaml, each with its source. " * 6, "note")],
            [],
            [Cell("Name", "header"), Cell("Value", "header"), Cell(LONG, "header")],
            [Cell("Risk_Rating_Fraction"), Cell(0.1, "input", FRACTION)],
            [
                Cell("Reversal_Deduction"),
                Cell("apply_factor", "input", allowed=("apply_factor", "none")),
            ],
            [Cell("First_Year"), Cell(2019, "input", "0")],
            [Cell("Area_ha"), Cell(12.5, "input", TCO2E, minimum=0)],
            [Cell("Start"), Cell(dt.date(2021, 1, 1), "input")],
        ],
        column_widths={1: 22, 2: 14, 3: 12},
        freeze="A5",
    )
    table = DataTable(
        4,
        (
            Column("event_id", "input", values=["E-1", "E-2"]),
            Column("area_ha", "input", TCO2E, values=[1.0, 2.0], minimum=0),
            Column("emission_tco2e", "formula", TCO2E, template="=B{r}*Parameters!$B$5"),
        ),
        2,
    )
    events = SheetSpec(
        "Events",
        rows=[[Cell("Events", "title")]],
        table=table,
        kind="data",
        autofilter="A4:C6",
        column_widths={1: 10, 2: 10, 3: 10},
    )
    chart = ChartSpec(
        "bar",
        "Emissions",
        "E2",
        categories=RangeRef("Events", 1, 5, 1, 6),
        series=(SeriesSpec("tCO2e", RangeRef("Events", 3, 5, 3, 6)),),
    )
    dup = DataTable(3, (Column("x", "input", values=[1]), Column("X", "input", values=[2])), 1)
    report = SheetSpec("Report", rows=[[Cell("Report", "title")]], table=dup, kind="report")
    report.charts.append(chart)
    wide = {c: 20.0 for c in range(1, 9)}
    wide_sheet = SheetSpec(
        "Wide", rows=[[Cell(f"h{c}", "header") for c in range(1, 9)]], column_widths=wide
    )
    spec = WorkbookSpec(
        "verification",
        [events, params, report, wide_sheet],
        [DefinedName("Risk_Rating_Fraction", "Parameters", "$B$5")],
        DocProperties("t", "s", dt.datetime(2022, 12, 31)),
        project_text="VCS-868 R&D",
        period_text="2021-01-01 to 2022-12-31",
        revision_text="revision 2",
    )
    path = tmp_path / "book.xlsx"
    write_workbook(spec, path)
    return path


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return book(tmp_path_factory.mktemp("writer"))


def sheet_xml(path: Path, index: int) -> str:
    return zipfile.ZipFile(path).read(f"xl/worksheets/sheet{index}.xml").decode()


def test_risk_rating_validation_refuses_12(written: Path) -> None:
    ws = load_workbook(written)["Parameters"]
    rules = [dv for dv in ws.data_validations.dataValidation if "B5" in str(dv.sqref)]
    assert len(rules) == 1
    dv = rules[0]
    assert (dv.type, dv.operator, dv.formula1, dv.formula2) == ("decimal", "between", "0", "1")
    assert dv.showErrorMessage and dv.errorStyle == "stop" and "fraction" in dv.error
    assert not (float(dv.formula1) <= 12 <= float(dv.formula2))  # 12 is refused


def test_validation_from_format_and_allowed_codes(written: Path) -> None:
    ws = load_workbook(written)["Parameters"]
    by_cell = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    assert by_cell["B6"].type == "list" and by_cell["B6"].formula1 == '"apply_factor,none"'
    assert (by_cell["B7"].type, by_cell["B7"].formula1) == ("whole", "1900")
    assert (by_cell["B8"].operator, by_cell["B8"].formula1) == ("greaterThanOrEqual", "0")
    assert by_cell["B9"].type == "date"
    events = load_workbook(written)["Events"]
    refs = {str(dv.sqref) for dv in events.data_validations.dataValidation}
    assert "B5:B6" in refs  # the table's input column


def test_wrapped_headers_and_notes_get_heights(written: Path) -> None:
    xml = sheet_xml(written, 2)
    heights = {int(r): float(h) for r, h in re.findall(r'<row r="(\d+)" ht="([\d.]+)"', xml)}
    assert heights[4] >= 4 * 15  # LONG wraps to at least 4 lines in a 12-wide column
    assert heights[2] > 15  # the long note, merged across the columns
    assert '<mergeCell ref="A2:C2"/>' in xml
    assert pr.text_lines(LONG, 12, "header") >= 4


def test_print_setup(written: Path) -> None:
    wb = load_workbook(written)
    ws = wb["Parameters"]
    assert ws.print_area == "'Parameters'!$A$1:$C$9"
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.orientation == "portrait"
    assert wb["Wide"].page_setup.orientation == "landscape"
    # the frozen rows 1:4 would repeat a long merged note: only the header row repeats
    assert ws.print_title_rows.replace("$", "") == "4:4"
    assert pr.title_block_height("1:4", pr.row_layout(SheetSpec("S"), 1)[0]) == 60
    assert wb["Events"].print_title_rows.replace("$", "") == "4:4"  # the table header
    assert ws.oddHeader.left.text == "VCS-868 R&&D · 2021-01-01 to 2022-12-31"
    assert ws.oddFooter.left.text == "revision 2 · &A"
    assert ws.oddFooter.right.text == "page &P of &N"


def test_only_calculation_and_report_sheets_are_selected(written: Path) -> None:
    selected = {i: 'tabSelected="1"' in sheet_xml(written, i) for i in range(1, 5)}
    assert selected == {1: False, 2: True, 3: True, 4: True}
    workbook = zipfile.ZipFile(written).read("xl/workbook.xml").decode()
    assert 'activeTab="1"' in workbook  # the first selected sheet is the active one


def test_data_table_becomes_an_excel_table(written: Path) -> None:
    wb = load_workbook(written)
    tables = wb["Events"].tables
    assert list(tables) == ["tbl_Events"]
    assert tables["tbl_Events"].ref == "A4:C6"
    assert [c.name for c in tables["tbl_Events"].tableColumns] == [
        "event_id",
        "area_ha",
        "emission_tco2e",
    ]
    assert wb["Events"].auto_filter.ref is None  # the table's own filter, not a second one
    assert not wb["Report"].tables  # "x" and "X" are the same name for a table: none


def test_a_small_whole_number_in_format_0_is_not_taken_for_a_year() -> None:
    rule = pr.validation_rule("0", 3)
    assert rule is not None and rule.type == "decimal"
    assert pr.validation_rule("0", 2021).type == "whole"  # type: ignore[union-attr]


def test_table_names_are_valid_and_unique() -> None:
    taken = {"tbl_events"}
    assert pr.table_name("Events", taken) == "tbl_Events_2"
    assert pr.table_name("Ex-ante vs achieved", taken) == "tbl_Ex_ante_vs_achieved"


def test_chart_axis_in_whole_units(written: Path) -> None:
    names = zipfile.ZipFile(written).namelist()
    chart = next(n for n in names if n.startswith("xl/charts/chart"))
    xml = zipfile.ZipFile(written).read(chart).decode()
    assert '<numFmt formatCode="#,##0" sourceLinked="0"/>' in xml
    assert pr.axis_format("#,##0.000") == "#,##0"


def test_all_of_it_is_byte_reproducible(tmp_path: Path, written: Path) -> None:
    again = book(tmp_path)
    assert (
        hashlib.sha256(again.read_bytes()).digest() == hashlib.sha256(written.read_bytes()).digest()
    )


# ---------------------------------------------------------------------------------------------
# the bundled sample, through the CLI

SAMPLE = Path(__file__).parents[1] / "data" / "raw" / "vcs-868"
CONTRACT = {
    "Total_Baseline_tCO2e": "baseline_tco2e",
    "Total_Project_tCO2e": "project_tco2e",
    "Total_Leakage_tCO2e": "leakage_tco2e",
    "Total_NER_tCO2e": "ner_tco2e",
    "NER_Error_Fraction": "ner_error_fraction",
    "Deduction_Factor": "deduction_factor",
    "Total_Adjusted_NER_tCO2e": "adjusted_ner_tco2e",
    "Total_Buffer_tCO2e": "buffer_tco2e",
    "Total_VCUs": "vcus",
}


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sample")
    env = dict(os.environ, PREFECT_HOME=str(out / ".prefect"))
    cli = Path(__file__).parents[1] / ".venv" / "bin" / "redd-audit"
    command = [str(cli) if cli.exists() else "redd-audit", "run", "--project", str(SAMPLE)]
    command += ["--start", "2021-01-01", "--end", "2022-12-31", "--out", str(out / "o")]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode in (0, 1), result.stderr[-2000:]
    return out / "o" / "VCS-868" / "2021-01-01_2022-12-31"


def cell_of(wb, name: str):  # type: ignore[no-untyped-def]
    ((sheet, ref),) = list(wb.defined_names[name].destinations)
    return wb[sheet][ref.replace("$", "")]


@pytest.mark.slow
def test_sample_reads_without_recalculation(sample_run: Path) -> None:
    summary = json.loads((sample_run / "summary.json").read_text())
    path = sample_run / summary["workbook"]["file"]
    values = load_workbook(path, data_only=True)
    for name, key in CONTRACT.items():
        got = cell_of(values, name).value
        assert got == pytest.approx(summary["totals"][key], rel=1e-12, abs=1e-9), name
    vcus = next((m for m in summary.get("materiality") or [] if m["quantity"] == "vcus"), None)
    if vcus is not None:
        assert cell_of(values, "Period_VCU_Misstatement").value == pytest.approx(
            vcus["misstatement"], rel=1e-12, abs=1e-9
        )
    # every formula cell has a <v> element (an empty-string result reads back as None), except
    # cells calling a function the evaluator is not verified for and cells referring to those
    with zipfile.ZipFile(path) as z:
        workbook = z.read("xl/workbook.xml").decode()
        ranges = frozenset(re.findall(r'<definedName name="([^"]+)"[^>]*>[^<]*:[^<]*<', workbook))
        for part in z.namelist():
            if not part.startswith("xl/worksheets/sheet"):
                continue
            found = re.findall(rb'<c r="([A-Z]+)([0-9]+)"[^>]*><f>([^<]*)</f></c>', z.read(part))
            empty = {(col.decode(), row.decode()) for col, row, _ in found}
            for _, _, formula in found:
                text = formula.decode()
                refers = any(re.search(rf"\$?{c}\$?{r}(?![0-9])", text) for c, r in empty)
                unverified = functions_in(text) - VERIFIED_FUNCTIONS
                assert unverified or array_context(text, ranges) or refers, text
    risk = cell_of(load_workbook(path), "Risk_Rating_Fraction")
    rules = [
        dv for dv in risk.parent.data_validations.dataValidation if risk.coordinate in dv.sqref
    ]
    assert rules and float(rules[0].formula2) < 12
    # stratum areas and carbon stocks are inputs that refuse negative numbers
    strata = load_workbook(path)["Strata"]
    non_negative = [
        dv
        for dv in strata.data_validations.dataValidation
        if (dv.type, dv.operator, dv.formula1) == ("decimal", "greaterThanOrEqual", "0")
    ]
    assert non_negative, "no non-negative validation on the Strata inputs"


def selected_sheets(path: Path) -> set[str]:
    """The sheets selected when the file opens (calculation and report sheets)."""
    with zipfile.ZipFile(path) as z:
        names = re.findall(r'<sheet [^>]*name="([^"]*)"', z.read("xl/workbook.xml").decode())
        return {
            name
            for i, name in enumerate(names, 1)
            if b'tabSelected="1"' in z.read(f"xl/worksheets/sheet{i}.xml")
        }


def pdf_pages(pdf: Path) -> list[tuple[str, str]]:
    """(sheet, text) of each page; the sheet read from the page footer ("... · <sheet>   page
    x of y")."""
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = []
    for page in text.split("\f"):
        footer = [line for line in page.splitlines() if re.search(r"page \d+ of \d+", line)]
        if footer:
            left = re.split(r"\s{3,}page \d+ of", footer[-1].strip())[0]
            pages.append((left.split("· ")[-1].strip(), page))
    return pages


def pages_by_sheet(pdf: Path) -> list[str]:
    """The sheet of each page, read from the page footer."""
    return [sheet for sheet, _ in pdf_pages(pdf)]


#: a printed blank input row: only the zeros of its flag and helper formulas
BLANK_ROW_LINE = re.compile(r"[\s0]*0[\s0]*")


def to_pdf(path: Path, out: Path) -> Path:
    import tempfile

    with tempfile.TemporaryDirectory(prefix="redd_audit_pdf_") as tmp:
        command = ["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{tmp}/p"]
        command += ["--convert-to", "pdf:calc_pdf_Export", "--outdir", str(out), str(path)]
        subprocess.run(command, env=dict(os.environ, HOME=tmp), capture_output=True, timeout=600)
    pdf = out / f"{path.stem}.pdf"
    assert pdf.is_file(), "LibreOffice did not export the PDF"
    return pdf


@pytest.mark.slow
def test_sample_prints_the_calculation_and_report_sheets_in_under_60_pages(
    sample_run: Path, tmp_path: Path
) -> None:
    from tests.recalc import require_soffice

    require_soffice()
    if shutil.which("pdftotext") is None:  # poppler-utils (apt) reads the pages' footers
        if os.environ.get("CI") == "true":
            pytest.fail("pdftotext (poppler-utils) is required in CI for the page-count test")
        pytest.skip("pdftotext (poppler-utils) not on PATH")
    summary = json.loads((sample_run / "summary.json").read_text())
    path = sample_run / summary["workbook"]["file"]
    selected = selected_sheets(path)
    pdf = to_pdf(path, tmp_path)
    pages = pages_by_sheet(pdf)
    assert len(pages) > 0
    printed = [p for p in pages if p in selected]  # what "print the selected sheets" prints
    assert 0 < len(printed) < 60, (len(printed), len(pages))
    assert "Events" not in selected and "Trees" not in selected
    # issue 20 item 6: every figure fits its column (no ###), and the data sheets print no
    # blank input rows (they stay outside the print area)
    texts = pdf_pages(pdf)
    hashes = [sheet for sheet, text in texts if "###" in text]
    assert not hashes, f"### printed on {hashes}"
    blank = [
        sheet
        for sheet, text in texts
        if sheet not in selected and any(BLANK_ROW_LINE.fullmatch(x) for x in text.splitlines())
    ]
    assert not blank, f"blank input rows printed on {blank}"
