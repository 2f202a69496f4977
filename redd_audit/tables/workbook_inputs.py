"""Read back what a verifier typed into a verification workbook of this tool (contract 5.9,
``redd-audit carry-forward``): the workbook's identity (document properties), the observed
areas of the Evidence sample and the rows of the Findings register.

The workbook is opened with formulas (not cached values): an input cell that holds a formula is
refused, since its value would not be what the verifier typed. Cells are found by their header
text, so columns added to either sheet are read too.
"""

from __future__ import annotations

import datetime as dt
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from redd_audit.errors import InputError

EVIDENCE_SHEET, FINDINGS_SHEET = "Evidence sample", "Findings"
OBSERVED_HEADER = "Observed area (ha)"
VERIFIER_INPUT = ": VERIFIER INPUT"
#: sample_observations columns shown beside the observed area (header ``<column>: VERIFIER INPUT``).
DETAIL_COLUMNS = ("observed_on", "observer", "evidence_ref", "note")
#: Findings columns that are not the verifier's input.
NOT_INPUT = {"Origin"}
#: Findings header -> verification_findings column (other headers: snake_case).
FINDING_COLUMNS = {
    "Finding": "finding_id",
    "Type": "type",
    "Status": "status",
    "Raised on": "raised_on",
    "Reference": "reference",
    "Description": "description",
    "Response": "response",
}
REQUIRED_PROPERTIES = ("ProjectId", "PeriodStart", "PeriodEnd", "RunId", "CodeVersion")


@dataclass
class WorkbookInputs:
    """What the verifier typed, with the workbook's identity."""

    properties: dict[str, str]
    observations: list[dict[str, object]] = field(default_factory=list)
    findings: list[dict[str, object]] = field(default_factory=list)


def column_name(header: str) -> str:
    """``"Closing date"`` -> ``closing_date``."""
    if header in FINDING_COLUMNS:
        return FINDING_COLUMNS[header]
    words = "".join(ch.lower() if ch.isalnum() else " " for ch in header).split()
    return "_".join(words)


def _value(cell: Any, where: str) -> object:
    value = cell.value
    if isinstance(value, str) and value.startswith("="):
        raise InputError(
            f"the input cell {where}!{cell.coordinate} holds a formula ({value[:40]}); type the "
            "value itself before carrying it forward"
        )
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time() else value
    if isinstance(value, str):
        return value.strip() or None
    return value


def _header_row(ws: Any, first: str) -> tuple[int, dict[str, int]] | None:
    for row in ws.iter_rows(max_row=min(ws.max_row, 400)):
        if row and isinstance(row[0].value, str) and row[0].value.strip() == first:
            headers = {str(c.value).strip(): c.column for c in row if c.value is not None}
            return row[0].row, headers
    return None


def _observations(ws: Any) -> list[dict[str, object]]:
    found = _header_row(ws, "event_id")
    if found is None:
        return []
    header, columns = found
    observed = next((c for h, c in columns.items() if h.startswith(OBSERVED_HEADER)), None)
    if observed is None:
        return []
    details = {
        h.split(":")[0]: c
        for h, c in columns.items()
        if h.endswith(VERIFIER_INPUT) and h.split(":")[0] in DETAIL_COLUMNS
    }
    rows = []
    r = header + 1
    while ws.cell(r, 1).value not in (None, ""):
        event = ws.cell(r, 1).value
        area = _value(ws.cell(r, observed), EVIDENCE_SHEET)
        if area is not None:
            record = {"event_id": str(event).strip(), "observed_area_ha": area}
            record |= {k: _value(ws.cell(r, c), EVIDENCE_SHEET) for k, c in details.items()}
            rows.append(record)
        r += 1
    return rows


def _findings(ws: Any) -> list[dict[str, object]]:
    found = _header_row(ws, "Finding")
    if found is None:
        return []
    header, columns = found
    rows = []
    r = header + 1
    while ws.cell(r, 1).value not in (None, ""):
        finding = str(ws.cell(r, 1).value).strip()
        kind = ws.cell(r, columns["Type"]).value if "Type" in columns else None
        status = ws.cell(r, columns["Status"]).value if "Status" in columns else None
        if kind is None and status is None:  # a note row, not a finding
            break
        record = {
            column_name(h): _value(ws.cell(r, c), FINDINGS_SHEET)
            for h, c in columns.items()
            if h not in NOT_INPUT
        }
        record["finding_id"] = finding
        rows.append(record)
        r += 1
    return rows


def read_workbook_inputs(path: Path) -> WorkbookInputs:
    """The verifier's inputs of ``path``; InputError when it is not a workbook of this tool."""
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(path, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds on a file that is not a workbook
        raise InputError(
            f"cannot read the workbook: {type(exc).__name__}: {exc}", file=str(path)
        ) from None
    props = {p.name: str(p.value) for p in getattr(wb, "custom_doc_props", [])}
    missing = [k for k in REQUIRED_PROPERTIES if k not in props]
    if missing or (EVIDENCE_SHEET not in wb.sheetnames and FINDINGS_SHEET not in wb.sheetnames):
        raise InputError(
            "not a verification workbook written by redd-audit (document properties "
            f"{', '.join(missing) or 'present'}; sheets {EVIDENCE_SHEET!r}/{FINDINGS_SHEET!r})",
            file=str(path),
        )
    inputs = WorkbookInputs(properties=props)
    if EVIDENCE_SHEET in wb.sheetnames:
        inputs.observations = _observations(wb[EVIDENCE_SHEET])
    if FINDINGS_SHEET in wb.sheetnames:
        inputs.findings = _findings(wb[FINDINGS_SHEET])
    return inputs
