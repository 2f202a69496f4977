"""Contract 5.8: the conclusions are live. Every conclusion and count the workbook shows is a
formula over the cells it concludes from; a claim is typed in one place only; an auditor's edit
(a claim, a finding's status) reaches ``Period_VCU_Material``, ``Period_Conclusion``,
``Open_NCR_Count``, ``Open_Findings_Count`` and ``Ready_For_Opinion`` after a LibreOffice
recalculation, and the recalculated text equals what the terminal prints for the same figures.

The hand-made case (tests/workbook/case.py) claims the 2019 baseline 5 % too high (material at
1 %) and the leakage 0.1 % too high (not material); the VCUs as recomputed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook

from redd_audit.cycle.assessment import assess_cycle, claims_by_vintage
from redd_audit.cycle.materiality import period_conclusion, period_materiality
from redd_audit.workbook.context import WorkbookContext
from redd_audit.workbook.model import Formula
from tests.recalc import recalculate, require_soffice
from tests.workbook.case import make_context
from tests.workbook.case_frames import typed
from tests.workbook.readback import name_cell, write

FINDING_KINDS = {
    "finding_id": "str",
    "type": "str",
    "status": "str",
    "raised_on": "date",
    "reference": "str",
    "description": "str",
    "response": "str",
}
LIVE_NAMES = (
    "Period_VCU_Material",
    "Period_Conclusion",
    "Ready_For_Opinion",
    "Open_NCR_Count",
    "Open_Findings_Count",
)


def live_context() -> WorkbookContext:
    """The hand-made case with a findings register (one open NCR, one closed CAR, one open
    CL) and the cycle assessed as the run assesses it."""
    ctx = make_context()
    ctx.frames["verification_findings"] = typed(
        [
            ("F-1", "NCR", "open", dt.date(2021, 3, 1), "2.1", "buffer rule", ""),
            ("F-2", "CAR", "closed", dt.date(2021, 3, 1), "3.2", "fires", "corrected"),
            ("F-3", "CL", "open", dt.date(2021, 3, 2), "4.1", "map dates", ""),
        ],
        FINDING_KINDS,
    )
    cycle = assess_cycle(
        frames=ctx.frames,
        files={name: f"{name}.csv" for name in ctx.frames},
        recomputation=ctx.recomputation,
        materiality_fraction=ctx.project.materiality_fraction,
        accuracy=None,
    )
    return dataclasses.replace(ctx, materiality=cycle.materiality, verification=cycle.verification)


@pytest.fixture(scope="module")
def live_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write(live_context(), tmp_path_factory.mktemp("live") / "live.xlsx")


def _summary(ctx: WorkbookContext, claims: dict[int, dict[str, object]]) -> dict[str, object]:
    assert ctx.recomputation is not None
    recomputed = [f.summary_dict() for f in ctx.recomputation.vintages]
    lines = period_materiality(recomputed, claims, ctx.project.materiality_fraction)
    return {"status": "passed", "totals": {}, "materiality": lines}


def test_live_names_are_formulas(live_file: Path) -> None:
    wb = load_workbook(live_file)
    for name in LIVE_NAMES:
        cell = name_cell(wb, name)
        assert isinstance(cell.value, str) and cell.value.startswith("="), (name, cell.value)


def test_cached_conclusion_equals_the_terminal_line(live_file: Path) -> None:
    """Contract 5.7 and 5.8: read without recalculation, the names hold what the run found."""
    ctx = live_context()
    claims = claims_by_vintage(ctx.frames["claimed_vintages"])
    expected = period_conclusion(_summary(ctx, claims))
    assert "; also Baseline emissions overstated by" in expected
    values = load_workbook(live_file, data_only=True)
    assert name_cell(values, "Period_Conclusion").value == expected
    assert name_cell(values, "Period_VCU_Material").value is False
    assert name_cell(values, "Open_NCR_Count").value == 1
    assert name_cell(values, "Open_Findings_Count").value == 2
    assert name_cell(values, "Ready_For_Opinion").value is False


def test_each_claim_is_typed_once() -> None:
    """The Period materiality sheet links to the Reconciliation sheet's claimed input cells."""
    from redd_audit.workbook.build import build_verification_workbook

    spec = build_verification_workbook(live_context())
    inputs = [
        cell
        for row in spec.sheet("Period materiality").rows
        for cell in row
        if cell is not None and cell.role == "input"
    ]
    assert inputs == []
    links = [
        cell.value.text
        for row in spec.sheet("Period materiality").rows
        for cell in row
        if cell is not None
        and isinstance(cell.value, Formula)
        and "Reconciliation" in cell.value.text
    ]
    assert len(links) == 2 * 5  # two vintages × five claimed quantities


def test_finding_type_and_status_cells_carry_a_list() -> None:
    from redd_audit.workbook.build import build_verification_workbook

    spec = build_verification_workbook(live_context())
    sheet = spec.sheet("Findings")
    allowed = {cell.allowed for row in sheet.rows for cell in row if cell is not None}
    assert ("NCR", "NIR", "OFI", "CAR", "CL", "FAR") in allowed
    assert ("open", "closed") in allowed


def _edit_and_recalculate(path: Path, out: Path, edit) -> object:  # type: ignore[no-untyped-def]
    values = load_workbook(path, data_only=True)
    wb = load_workbook(path)
    edit(wb, values)
    out.mkdir(parents=True, exist_ok=True)
    edited = out / "edited.xlsx"
    wb.save(edited)
    return load_workbook(recalculate(edited, out / "recalc"), data_only=True)


def _reconciliation_rows(ws) -> dict[tuple[int, str], int]:  # type: ignore[no-untyped-def]
    rows = {}
    for row in ws.iter_rows(min_row=1):
        vintage, quantity = row[0].value, row[1].value
        if isinstance(vintage, int | float) and isinstance(quantity, str):
            rows[(int(vintage), quantity)] = row[0].row
    return rows


def test_an_auditors_edits_reach_every_conclusion(live_file: Path, tmp_path: Path) -> None:
    """First the claims corrected to the recomputation except the VCUs, overstated by 2 %, and
    the CL closed; then the VCUs corrected too and the NCR closed: after each recalculation the
    names follow, and the conclusion reads as the terminal would print it."""
    require_soffice()
    ctx = live_context()
    assert ctx.recomputation is not None
    recomputed = {f.vintage: f for f in ctx.recomputation.vintages}
    claims = {v: dict(c) for v, c in claims_by_vintage(ctx.frames["claimed_vintages"]).items()}
    for v, figure in recomputed.items():
        for q in ("baseline_tco2e", "project_tco2e", "leakage_tco2e", "buffer_tco2e"):
            claims[v][q] = float(getattr(figure, q))
    first = min(recomputed)
    total_vcus = sum(f.vcus for f in recomputed.values())
    claims[first]["vcus"] = float(recomputed[first].vcus) + round(0.02 * total_vcus)

    def edit(wb, values) -> None:  # type: ignore[no-untyped-def]
        ws, cached = wb["Reconciliation"], values["Reconciliation"]
        for (v, q), r in _reconciliation_rows(cached).items():
            ws.cell(r, 3).value = claims[v][q]
        findings = wb["Findings"]
        for row in findings.iter_rows():
            if row[0].value == "F-3":
                row[2].value = "closed"

    recalculated = _edit_and_recalculate(live_file, tmp_path, edit)
    expected = period_conclusion(_summary(ctx, claims))
    assert expected.startswith("VCUs overstated by") and expected.endswith(": material")
    # booleans stay booleans after LibreOffice recalculates and saves (General format)
    assert name_cell(recalculated, "Period_VCU_Material").value is True
    assert name_cell(recalculated, "Period_Conclusion").value == expected
    assert name_cell(recalculated, "Open_Findings_Count").value == 1
    assert name_cell(recalculated, "Open_NCR_Count").value == 1
    assert name_cell(recalculated, "Ready_For_Opinion").value is False

    # now the VCUs as recomputed and the NCR closed: ready for an opinion
    claims[first]["vcus"] = float(recomputed[first].vcus)

    def settle(wb, values) -> None:  # type: ignore[no-untyped-def]
        edit(wb, values)
        for row in wb["Findings"].iter_rows():
            if row[0].value == "F-1":
                row[2].value = "closed"

    settled = _edit_and_recalculate(live_file, tmp_path / "settled", settle)
    expected = period_conclusion(_summary(ctx, claims))
    assert expected.startswith("VCUs as claimed (") and expected.endswith(": not material")
    assert name_cell(settled, "Period_VCU_Material").value is False
    assert name_cell(settled, "Period_Conclusion").value == expected
    assert name_cell(settled, "Open_NCR_Count").value == 0
    assert name_cell(settled, "Ready_For_Opinion").value is True
    material_lines = [
        row[2].value
        for row in settled["Reconciliation"].iter_rows()
        if row[0].value == "Material differences"
    ]
    assert material_lines == [0]
