"""The sheet package: every calculation block names its source, the Equations sheet lists the
registry with links to the named cells, report tables show whole tonnes, the project documents
are cited, and no text refers to a document the auditor does not receive."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from redd_audit.equations import EQUATIONS
from redd_audit.project import Project
from redd_audit.workbook.build import VERIFICATION_SHEETS
from tests.workbook.case import make_context, project_dict
from tests.workbook.readback import write

CALCULATION_SHEETS = (
    "Strata",
    "Emission schedule",
    "Activity data",
    "Baseline",
    "Project emissions",
    "Leakage",
    "Uncertainty",
    "Buffer",
    "Ex-ante vs achieved",
    "Reconciliation",
)
DOCUMENTS = [
    {"id": "PD", "title": "Project Description", "version": "3.2", "date": "2019-05-01"},
    {"id": "MR", "title": "Monitoring Report 2019-2020", "version": "1.0", "date": "2021-03-01"},
]


@pytest.fixture(scope="module")
def book_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = project_dict()
    data["documents"] = DOCUMENTS
    ctx = make_context(Project.model_validate(data))
    return write(ctx, tmp_path_factory.mktemp("pkg") / "pkg.xlsx")


def _texts(ws) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]


def test_every_calculation_block_names_its_source(book_file: Path) -> None:
    wb = load_workbook(book_file)
    for name in CALCULATION_SHEETS:
        assert "Source" in _texts(wb[name]), name
    vintages = wb["Vintages"]
    assert vintages["G3"].value == "Baseline, Total row"


def test_no_reference_to_documents_the_auditor_does_not_receive(book_file: Path) -> None:
    wb = load_workbook(book_file)
    for ws in wb:
        for text in _texts(ws):
            assert not re.search(r"contract\s*§|domain\.md", text), (ws.title, text)


def test_project_documents_are_cited(book_file: Path) -> None:
    wb = load_workbook(book_file)
    parameters = " ".join(_texts(wb["Parameters"]))
    assert "Project Description" in parameters and "Monitoring Report 2019-2020" in parameters
    strata = " ".join(_texts(wb["Strata"]))
    assert "Project Description, version 3.2, dated 2019-05-01" in strata
    exante = " ".join(_texts(wb["Ex-ante vs achieved"]))
    assert "Project Description, version 3.2" in exante
    claims = " ".join(_texts(wb["Reconciliation"]))
    assert "Monitoring Report 2019-2020, version 1.0, dated 2021-03-01" in claims


def test_report_tables_show_whole_tonnes_and_percentages(book_file: Path) -> None:
    wb = load_workbook(book_file)
    vintages = wb["Vintages"]
    assert vintages["G5"].number_format == "#,##0"  # baseline of the first vintage
    assert vintages["S5"].number_format == "#,##0"  # VCUs
    rec = wb["Reconciliation"]
    assert rec["D5"].number_format == "#,##0" and rec["F5"].number_format == "0.00%"
    assert wb["Baseline"]["E6"].number_format == "#,##0.000"  # calculation cells keep decimals


def test_equations_sheet_lists_the_registry_with_links(book_file: Path) -> None:
    wb = load_workbook(book_file)
    ws = wb["Equations"]
    ids = [ws.cell(r, 1).value for r in range(5, ws.max_row + 1)]
    assert ids == [e.id for e in EQUATIONS]
    headers = [c.value for c in ws[4]]
    link_col = headers.index("Computed in (link)") + 1
    links = [ws.cell(r, link_col).value for r in range(5, ws.max_row + 1)]
    # each record shows the module version and equation number (issue 20 item 5)
    version_col, number_col = headers.index("Version") + 1, headers.index("Eq. no.") + 1
    shown = {ws.cell(r, 1).value: ws.cell(r, number_col).value for r in range(5, ws.max_row + 1)}
    assert shown["tree_agb_with_height_kg"] == "Chave et al. 2014, Eq. 4"
    assert all(
        ws.cell(r, version_col).value == e.version or (ws.cell(r, version_col).value is None)
        for r, e in enumerate(EQUATIONS, 5)
    )
    targets = {
        name: dn.attr_text.replace("$", "").replace("'", "")
        for name, dn in wb.defined_names.items()
    }
    for equation, text in zip(EQUATIONS, links, strict=True):
        if equation.workbook_name and equation.workbook_name.split(",")[0] in targets:
            assert str(text).startswith('=HYPERLINK("#'), (equation.id, text)
    assert any(str(t).startswith('=HYPERLINK("#') for t in links)


def test_sheet_order_is_one_list_and_every_built_sheet_is_in_it(book_file: Path) -> None:
    assert len(set(VERIFICATION_SHEETS)) == len(VERIFICATION_SHEETS)
    assert VERIFICATION_SHEETS[:2] == ("README", "Provenance")
    built = load_workbook(book_file, read_only=True).sheetnames
    assert set(built) <= set(VERIFICATION_SHEETS)
    assert [s for s in VERIFICATION_SHEETS if s in built] == built
