"""redd_audit.workbook.sheets.readme_text: contract names, their formats and the sheet guide."""

from __future__ import annotations

from redd_audit.workbook.build import VERIFICATION_SHEETS
from redd_audit.workbook.sheets.formats import WHOLE_TCO2E
from redd_audit.workbook.sheets.readme_text import (
    CONTRACT_NAMES,
    CONVENTIONS,
    SHEET_GUIDE,
    contract_format,
)
from tests.workbook.readback import CONTRACT_NAMES as READBACK_NAMES


def test_contract_names() -> None:
    assert CONTRACT_NAMES == READBACK_NAMES
    assert len(set(CONTRACT_NAMES)) == 9


def test_contract_formats() -> None:
    assert contract_format("Total_VCUs") != contract_format("NER_Error_Fraction")
    assert "%" in contract_format("NER_Error_Fraction")
    assert contract_format("Total_Baseline_tCO2e") == WHOLE_TCO2E
    assert contract_format("Not_A_Name") == WHOLE_TCO2E


def test_guide_covers_every_sheet() -> None:
    missing = [s for s in VERIFICATION_SHEETS if s not in SHEET_GUIDE]
    assert missing == ["Period materiality"] or missing == []
    assert all(len(text) > 20 for text in SHEET_GUIDE.values())


def test_conventions() -> None:
    assert len(CONVENTIONS) >= 8 and all(c.endswith(".") for c in CONVENTIONS)
    assert any("ROUNDDOWN" in c for c in CONVENTIONS)
