"""(f) Companion evidence files for long tables; (g) the data-quality workbook."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from redd_audit.workbook.build import build_quality_workbook, build_verification_workbook
from redd_audit.workbook.csv_safe import neutralise
from redd_audit.workbook.sheets import data_inputs as data_sheets
from redd_audit.workbook.writer import write_workbook
from tests.recalc import recalculate, require_soffice
from tests.workbook.case import make_context, sample_findings
from tests.workbook.case_frames import INJECTIONS
from tests.workbook.readback import assert_matches_engine


@pytest.mark.slow
@pytest.mark.parametrize("limit", [5, 10])
def test_long_tables_go_to_companion_files(
    limit: int, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    require_soffice()
    monkeypatch.setattr(data_sheets, "SHEET_ROW_LIMIT", limit)
    ctx = make_context()
    spec = build_verification_workbook(ctx)
    evidence = tmp_path / "evidence"
    path = tmp_path / "wb.xlsx"
    written = write_workbook(spec, path, evidence_dir=evidence)
    expected_tables = {
        t
        for t, f in ctx.frames.items()
        if t
        in {
            "deforestation_events",
            "fire_events",
            "inventory_trees",
            "inventory_plots",
            "accuracy_samples",
        }
        and len(f) > limit
    }
    assert {c.table for c in spec.companions} == expected_tables
    assert sorted(p.name for p in written) == sorted(
        f"TEST-1_2019-07-01_2020-12-31_{t}.csv" for t in expected_tables
    )
    provenance = " ".join(
        str(c.value)
        for row in load_workbook(path)["Provenance"].iter_rows()
        for c in row
        if c.value
    )
    for p in written:
        content = p.read_bytes()
        assert hashlib.sha256(content).hexdigest() in provenance
        frame = pd.read_csv(p)
        table = p.stem.split("2020-12-31_")[1]
        assert len(frame) == len(ctx.frames[table])
    events = pd.read_csv(
        evidence / "TEST-1_2019-07-01_2020-12-31_deforestation_events.csv", keep_default_na=False
    )
    # carried, with the CSV-injection prefix (csv_safe.neutralise) on formula-leading text
    carried = {neutralise(text) for text in INJECTIONS}
    assert carried <= set(events["driver"]) | set(events["source"])
    # same bytes again
    again = write_workbook(
        build_verification_workbook(ctx), tmp_path / "wb2.xlsx", evidence_dir=tmp_path / "e2"
    )
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in written]
    assert (tmp_path / "wb2.xlsx").read_bytes() == path.read_bytes()
    assert ctx.recomputation is not None
    assert_matches_engine(recalculate(path, tmp_path / "recalc"), ctx.recomputation)


# --------------------------------------------------------------------------------------------
# (g) the data-quality workbook


def test_quality_workbook_lists_every_finding_and_no_emission_figure(tmp_path: Path) -> None:
    findings = sample_findings()
    ctx = make_context(status="failed_quality_gate", findings=findings)
    spec = build_quality_workbook(ctx)
    path = tmp_path / "quality.xlsx"
    write_workbook(spec, path)
    wb = load_workbook(path)
    assert wb.sheetnames == ["README", "Provenance", "Data quality", "CCB indicators"]
    assert set(wb.defined_names) == {"Period_Start", "Period_End"}
    assert not any(n.startswith(("Total_", "NER", "Deduction")) for n in wb.defined_names)
    dq = wb["Data quality"]
    rows = [r for r in dq.iter_rows(min_row=7, values_only=True) if r[0] in ("error", "warning")]
    assert len(rows) == len(findings)
    assert [r[0] for r in rows] == ["error", "error", "warning", "warning"]
    assert (rows[0][1], rows[0][2], rows[0][4], rows[0][5]) == (
        "deforestation_events.csv",
        5,
        "area_ha",
        "-3.0",
    )
    cell = next(c for row in dq.iter_rows() for c in row if c.value == INJECTIONS[0])
    assert cell.data_type == "s"
    text = " ".join(
        str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value is not None
    )
    for word in ("tCO2e", "VCU", "Total_"):
        assert word not in text, word


@pytest.mark.slow
def test_quality_workbook_counts_recalculate(tmp_path: Path) -> None:
    require_soffice()
    ctx = make_context(status="failed_quality_gate", findings=sample_findings())
    path = tmp_path / "quality.xlsx"
    write_workbook(build_quality_workbook(ctx), path)
    wb = load_workbook(recalculate(path, tmp_path / "recalc"), data_only=True)
    dq = wb["Data quality"]
    assert (dq["B3"].value, dq["B4"].value) == (2, 2)
    ccb = wb["CCB indicators"]
    share = next(
        r[1]
        for r in ccb.iter_rows(values_only=True)
        if r[0] == "Share of women among concession holders"
    )
    assert share == pytest.approx(81 / 405)
