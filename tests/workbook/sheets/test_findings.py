"""redd_audit.workbook.sheets.findings: the register, draft findings, counts and readiness."""

from __future__ import annotations

import datetime as dt

from redd_audit.cycle.findings_register import FINDING_TYPES, STATUSES
from redd_audit.workbook.model import Formula
from redd_audit.workbook.sheets import findings
from redd_audit.workbook.sheets.findings import DRAFT_STATUS, HEADERS, UNKNOWN_CODES
from tests.workbook.spec_helpers import (
    all_text,
    cell,
    cycle_spec,
    find,
    formula_of,
    main_spec,
    names_on,
)


def test_empty_register() -> None:
    spec = main_spec()
    sheet = spec.sheet(findings.SHEET)
    assert "No finding raised and none proposed." in all_text(sheet)
    r, _ = find(sheet, "Material misstatement over the period (Period materiality)")
    assert cell(sheet, r, 5).value == Formula("=0=1")  # type: ignore[union-attr]
    assert "not assessed" in str(cell(sheet, r, 6).value)  # type: ignore[union-attr]
    assert sheet.protected


def test_empty_register_counts_no_unknown_code() -> None:
    sheet = main_spec().sheet(findings.SHEET)
    r, _ = find(sheet, UNKNOWN_CODES)
    assert cell(sheet, r, 5).value == Formula("=0")  # type: ignore[union-attr]


def test_register_rows_are_inputs_with_code_lists() -> None:
    sheet = cycle_spec().sheet(findings.SHEET)
    assert [cell(sheet, 4, c).value for c in range(1, len(HEADERS) + 1)] == HEADERS  # type: ignore[union-attr]
    kind, status = cell(sheet, 5, 2), cell(sheet, 5, 3)
    assert kind is not None and kind.value == "NCR" and kind.allowed == FINDING_TYPES
    assert status is not None and status.value == "open" and status.allowed == STATUSES
    assert cell(sheet, 5, 4).value == dt.date(2021, 3, 1)  # type: ignore[union-attr]
    assert cell(sheet, 5, 8).value == "VCS 3.2"  # requirement  # type: ignore[union-attr]
    closed_on = HEADERS.index("Closed on") + 1
    assert cell(sheet, 6, closed_on).value == dt.date(2021, 4, 1)  # text date read as a date  # type: ignore[union-attr]
    assert cell(sheet, 6, len(HEADERS)).value == "verification_findings row 3"  # type: ignore[union-attr]


def test_draft_findings() -> None:
    sheet = cycle_spec().sheet(findings.SHEET)
    assert cell(sheet, 7, 1).value == "DRAFT-01"  # type: ignore[union-attr]
    status = cell(sheet, 7, 3)
    assert status is not None and status.value == DRAFT_STATUS
    assert status.allowed == (DRAFT_STATUS, *STATUSES)
    assert cell(sheet, 7, len(HEADERS)).value == "proposed by redd-audit"  # type: ignore[union-attr]


def test_counts_and_readiness() -> None:
    spec = cycle_spec()
    assert formula_of(spec, "Findings_Open") == '=COUNTIF($C$5:$C$7,"open")'
    assert formula_of(spec, "Open_Findings_Count") == formula_of(spec, "Findings_Open")
    assert formula_of(spec, "Findings_Closed") == '=COUNTIF($C$5:$C$7,"closed")'
    assert formula_of(spec, "Open_NCR_Count") == '=COUNTIFS($B$5:$B$7,"NCR",$C$5:$C$7,"open")'
    sheet = spec.sheet(findings.SHEET)
    unknown, _ = find(sheet, UNKNOWN_CODES)
    text = cell(sheet, unknown, 5).value.text  # type: ignore[union-attr]
    assert (
        text.startswith("=COUNTA($A$5:$A$7)")
        and text.count("COUNTIF(") == len(FINDING_TYPES) + len(STATUSES) + 1
    )
    material, _ = find(sheet, "Material misstatement over the period (Period materiality)")
    assert cell(sheet, material, 5).value == Formula("='Period materiality'!$G$10")  # type: ignore[union-attr]
    ncr, _ = find(sheet, "Open NCR")
    car, _ = find(sheet, "Open CAR")
    assert formula_of(spec, "Ready_For_Opinion") == (
        f"=IF(E{unknown}>0,#N/A,AND(NOT(E{material}),E{ncr}+E{car}=0))"
    )
    assert set(names_on(spec, findings.SHEET)) >= {"Ready_For_Opinion", "Open_NCR_Count"}
