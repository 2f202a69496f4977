"""redd_audit.workbook.writer: a small hand-made description rendered with openpyxl and read back
(types from the Python value, text never a formula, styles by role, validations, names, tables,
protection, selection, properties, companions)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook

from redd_audit.workbook import package
from redd_audit.workbook.model import (
    FRACTION,
    Cell,
    Column,
    CompanionFile,
    DataTable,
    DefinedName,
    DocProperties,
    Formula,
    Highlight,
    SheetSpec,
    WorkbookSpec,
)
from redd_audit.workbook.writer import write_workbook, write_workbook_report


def _spec() -> WorkbookSpec:
    calc = SheetSpec(
        "Calc sheet",
        rows=[
            [Cell("Title", "title")],
            [Cell('=HYPERLINK("http://x")'), Cell("a\u202eb"), Cell(float("nan"), "formula")],
            [Cell(0.25, "input", FRACTION), Cell(Formula("=A3*2"), "formula", "0.00")],
            [Cell(dt.date(2020, 1, 2), "input"), Cell(True, "input"), Cell(None, "input")],
        ],
        protected=True,
        highlights=[Highlight("B3", "B3>0")],
        column_widths={1: 20},
    )
    data = SheetSpec(
        "Events",
        rows=[[Cell("Events", "title")]],
        table=DataTable(
            3,
            (
                Column("Area (ha)", "input", "#,##0.000", values=[1.5, 2.5], minimum=0),
                Column("Double", "formula", "#,##0.000", template="=A{r}*2"),
            ),
            n_rows=2,
        ),
        kind="data",
        protected=False,
    )
    return WorkbookSpec(
        "verification",
        [data, calc],
        [DefinedName("Share", "Calc sheet", "$A$3", "a share")],
        DocProperties("the title", "subj", dt.datetime(2020, 12, 31), custom=(("RunId", "run-1"),)),
        companions=[CompanionFile("trees.csv", "trees", b"a\n1\n", "0" * 64, 1, "trees")],
        project_text="P-1",
        period_text="2020 to 2021",
        revision_text="revision 002",
        engine_values={"Share": 0.25},
    )


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    mp = pytest.MonkeyPatch()
    mp.setattr(package, "in_own_process", lambda fn, *args: fn(*args))
    folder = tmp_path_factory.mktemp("writer")
    try:
        companions, report = write_workbook_report(_spec(), folder / "out" / "w.xlsx")
    finally:
        mp.undo()
    return folder, companions, report


def test_files_written(written) -> None:  # type: ignore[no-untyped-def]
    folder, companions, report = written
    assert (folder / "out" / "w.xlsx").exists()
    assert not (folder / "out" / ".w.xlsx.tmp").exists()
    assert companions == [folder / "out" / "trees.csv"]
    assert report is not None and report.error is None and report.cached >= 3


def test_cells_typed_from_python_values(written) -> None:  # type: ignore[no-untyped-def]
    folder, _, _ = written
    ws = load_workbook(folder / "out" / "w.xlsx")["Calc sheet"]
    text = ws["A2"]
    assert text.value == '=HYPERLINK("http://x")' and text.data_type == "s"
    assert text.quotePrefix
    assert ws["B2"].value == "a\\u202eb"  # bidi control escaped
    assert ws["C2"].value is None  # NaN is not written
    assert ws["B3"].value == "=A3*2" and ws["B3"].data_type == "f"
    assert ws["A3"].number_format == FRACTION
    assert ws["A4"].value == dt.datetime(2020, 1, 2) and ws["A4"].number_format == "yyyy-mm-dd"
    assert ws["B4"].value is True
    assert ws["A3"].font.color.rgb.endswith("0000FF")  # input role
    assert ws["A3"].protection.locked is False and ws["B3"].protection.locked is True
    assert ws.protection.sheet
    assert ws.column_dimensions["A"].width == 20
    assert len(ws.conditional_formatting) == 1


def test_validations_names_tables(written) -> None:  # type: ignore[no-untyped-def]
    folder, _, _ = written
    wb = load_workbook(folder / "out" / "w.xlsx")
    calc = wb["Calc sheet"]
    kinds = {(v.type, str(v.sqref)) for v in calc.data_validations.dataValidation}
    assert ("decimal", "A3") in kinds and ("date", "A4") in kinds
    assert wb.defined_names["Share"].attr_text == "'Calc sheet'!$A$3"
    events = wb["Events"]
    assert list(events.tables) == ["tbl_Events"]
    assert events.tables["tbl_Events"].ref == "A3:B5"
    assert events["B5"].value == "=A5*2"
    rules = {(v.type, v.operator, str(v.sqref)) for v in events.data_validations.dataValidation}
    assert ("decimal", "greaterThanOrEqual", "A4:A5") in rules
    assert not events.protection.sheet


def test_selection_properties_header_footer(written) -> None:  # type: ignore[no-untyped-def]
    folder, _, _ = written
    wb = load_workbook(folder / "out" / "w.xlsx")
    assert wb.active.title == "Calc sheet"  # the data sheet is not selected
    assert not wb["Events"].sheet_view.tabSelected and wb["Calc sheet"].sheet_view.tabSelected
    assert wb.properties.title == "the title" and wb.properties.creator == "redd-audit"
    assert {p.name: p.value for p in wb.custom_doc_props.props} == {"RunId": "run-1"}
    calc = wb["Calc sheet"]
    assert calc.oddHeader.left.text == "P-1 · 2020 to 2021"
    assert calc.oddFooter.left.text == "revision 002 · &A"


def test_cached_value_of_engine_name(written) -> None:  # type: ignore[no-untyped-def]
    folder, _, _ = written
    ws = load_workbook(folder / "out" / "w.xlsx", data_only=True)["Calc sheet"]
    assert ws["B3"].value == 0.5


def test_write_workbook_returns_companions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(package, "in_own_process", lambda fn, *args: fn(*args))
    spec = _spec()
    paths = write_workbook(spec, tmp_path / "w.xlsx", evidence_dir=tmp_path / "evidence")
    assert paths == [tmp_path / "evidence" / "trees.csv"]
    first = (tmp_path / "w.xlsx").read_bytes()
    write_workbook(spec, tmp_path / "w.xlsx", evidence_dir=tmp_path / "evidence")
    assert (tmp_path / "w.xlsx").read_bytes() == first  # same description, same bytes


def test_nan_input_cell_is_left_empty(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(package, "in_own_process", lambda fn, *args: fn(*args))
    spec = _spec()
    spec.sheets[1].rows[1][2] = Cell(float("nan"), "input", "#,##0.000")
    write_workbook(spec, tmp_path / "w.xlsx")
    assert load_workbook(tmp_path / "w.xlsx")["Calc sheet"]["C2"].value is None
