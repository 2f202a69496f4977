"""The bundled sample through the CLI: the workbook as written (cached values, contract 5.7) and
recalculated by LibreOffice gives every contract name (contract section 4) with the value of
summary.json, and every vintage row equals summary.json's vintages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from tests.recalc import recalculate, require_soffice
from tests.workbook.readback import close, name_cell

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "raw" / "vcs-868"
PERIOD = ("2021-01-01", "2022-12-31")
NAMES = {
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
#: summary.json vintage key -> column of the Vintages sheet (1-based)
VINTAGE_COLUMNS = {
    "baseline_tco2e": 7,
    "project_tco2e": 10,
    "leakage_tco2e": 13,
    "ner_tco2e": 14,
    "adjusted_ner_tco2e": 15,
    "buffer_tco2e": 18,
    "vcus": 19,
}


@pytest.mark.slow
def test_sample_workbook_recalculates_to_summary_json(tmp_path: Path) -> None:
    require_soffice()
    from prefect.testing.utilities import prefect_test_harness

    from flows.cli import app

    out = tmp_path / "out"
    args = ["run", "--project", str(SAMPLE), "--start", PERIOD[0], "--end", PERIOD[1]]
    with prefect_test_harness(server_startup_timeout=120):
        result = CliRunner().invoke(app, [*args, "--out", str(out)], catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    folder = out / "VCS-868" / f"{PERIOD[0]}_{PERIOD[1]}"
    summary = json.loads((folder / "summary.json").read_text("utf-8"))
    assert summary["status"] == "passed"
    book = folder / summary["workbook"]["file"]
    cached = load_workbook(book, data_only=True)  # contract 5.7: readable without recalculation
    problems = [
        f"cached {name}: {name_cell(cached, name).value!r} summary {summary['totals'][key]!r}"
        for name, key in NAMES.items()
        if not close(name_cell(cached, name).value, summary["totals"][key], abs_tol=1e-6)
    ]
    wb = load_workbook(recalculate(book, tmp_path / "recalc"), data_only=True)
    problems += [
        f"{name}: workbook {name_cell(wb, name).value!r} summary {summary['totals'][key]!r}"
        for name, key in NAMES.items()
        if not close(name_cell(wb, name).value, summary["totals"][key], abs_tol=1e-6)
    ]
    ws = wb["Vintages"]
    for i, vintage in enumerate(summary["vintages"]):
        assert ws.cell(5 + i, 1).value == vintage["vintage"]
        for key, col in VINTAGE_COLUMNS.items():
            got = ws.cell(5 + i, col).value
            if not close(got, vintage[key], abs_tol=1e-6):
                problems.append(f"{vintage['vintage']} {key}: {got!r} != {vintage[key]!r}")
    assert not problems, "\n".join(problems)
