"""Change log, refused rows, missing optional tables."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from redd_audit.workbook.build import build_verification_workbook
from redd_audit.workbook.context import WorkbookContext
from tests.workbook.case import make_context, sample_findings
from tests.workbook.readback import write


def test_change_log_with_previous_summary(tmp_path: Path) -> None:
    previous = {
        "period": {"start": "2018-01-01", "end": "2019-06-30"},
        "status": "passed",
        "totals": {"baseline_tco2e": 1000.0, "vcus": 10},
        "vintages": [
            {"vintage": 2018, "baseline_tco2e": 500.0, "vcus": 5},
            {"vintage": 2019, "baseline_tco2e": 400.0},
        ],
    }
    ctx = make_context(previous_summary=previous)
    path = write(ctx, tmp_path / "c.xlsx")
    ws = load_workbook(path)["Change log"]
    values = [[c.value for c in row] for row in ws.iter_rows()]
    assert values[4][:3] == ["baseline_tco2e", 1000, "=Total_Baseline_tCO2e"]
    years = [r[0] for r in values if isinstance(r[0], int)]
    assert years == [2018, 2019, 2020]


def test_first_period_says_so(main_file: Path) -> None:
    ws = load_workbook(main_file)["Change log"]
    assert "First period in this output folder" in str(ws["A4"].value)


def test_refused_rows_are_flagged_and_left_out(main_ctx: WorkbookContext) -> None:
    ctx = make_context(findings=[sample_findings()[0]])
    spec = build_verification_workbook(ctx)
    table = spec.sheet("Events").table
    assert table is not None
    refused = next(c for c in table.columns if c.header.startswith("Refused"))
    rows = next(c for c in table.columns if c.header == "Row in file")
    assert [r for r, f in zip(rows.values, refused.values, strict=True) if f] == [5]
    accounted = next(c for c in table.columns if c.header.startswith("In accounting window"))
    assert accounted.template is not None and "=0" in accounted.template.split("AND(")[1]
