"""redd_audit.tables.workbook_inputs: what the verifier typed into a workbook."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.packaging.custom import StringProperty

from redd_audit.errors import InputError
from redd_audit.tables.workbook_inputs import (
    OBSERVED_HEADER,
    REQUIRED_PROPERTIES,
    VERIFIER_INPUT,
    column_name,
    read_workbook_inputs,
)


def _workbook(path: Path, *, observed: object = 9.5, properties: bool = True) -> Path:
    wb = Workbook()
    evidence = wb.active
    evidence.title = "Evidence sample"
    evidence.append(["Selected events"])
    evidence.append(
        ["event_id", "area_ha", f"{OBSERVED_HEADER}{VERIFIER_INPUT}", f"observer{VERIFIER_INPUT}"]
    )
    evidence.append(["E-1", 10.0, observed, "  Ana  "])
    evidence.append(["E-2", 5.0, None, None])
    findings = wb.create_sheet("Findings")
    findings.append(["Finding", "Type", "Status", "Raised on", "Origin"])
    findings.append(["F-1", "CAR", "open", dt.datetime(2022, 3, 1), "gate"])
    findings.append(["Note: below", None, None, None, None])
    if properties:
        for name in REQUIRED_PROPERTIES:
            wb.custom_doc_props.append(StringProperty(name=name, value=f"{name}-value"))
    wb.save(path)
    return path


def test_column_names() -> None:
    assert column_name("Raised on") == "raised_on"
    assert column_name("Closing date (UTC)") == "closing_date_utc"


def test_observations_and_findings_are_read(tmp_path: Path) -> None:
    inputs = read_workbook_inputs(_workbook(tmp_path / "w.xlsx"))
    assert inputs.properties["ProjectId"] == "ProjectId-value"
    assert inputs.observations == [{"event_id": "E-1", "observed_area_ha": 9.5, "observer": "Ana"}]
    assert inputs.findings == [
        {
            "finding_id": "F-1",
            "type": "CAR",
            "status": "open",
            "raised_on": dt.date(2022, 3, 1),
        }
    ]


def test_a_formula_in_an_input_cell_is_refused_naming_the_cell(tmp_path: Path) -> None:
    with pytest.raises(
        InputError, match=r"the input cell Evidence sample!C3 holds a formula \(=C2\*2\)"
    ):
        read_workbook_inputs(_workbook(tmp_path / "w.xlsx", observed="=C2*2"))


def test_a_workbook_of_another_tool_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a verification workbook written by redd-audit"):
        read_workbook_inputs(_workbook(tmp_path / "w.xlsx", properties=False))


def test_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "w.xlsx"
    path.write_text("zone,year\n")
    with pytest.raises(InputError, match="cannot read the workbook") as info:
        read_workbook_inputs(path)
    assert info.value.file == str(path)
