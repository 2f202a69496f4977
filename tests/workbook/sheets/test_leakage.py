"""redd_audit.workbook.sheets.leakage: leakage-belt baseline and monitored blocks, ΔC_LK."""

from __future__ import annotations

from redd_audit.formulas.leakage import vintage_leakage_tco2e
from redd_audit.workbook.model import Formula
from redd_audit.workbook.sheets import leakage
from redd_audit.workbook.sheets.leakage import leakage_cell
from tests.workbook.spec_helpers import cell, main_spec

# baseline block rows 6-27 (total 28); monitored 33-54 (total 55); per vintage: days 59,
# monitored 60, baseline 61, difference 62, leakage 63


def test_leakage_cell_is_the_registered_builder() -> None:
    assert leakage_cell("F", 60, 61, 59, "E", "F") == vintage_leakage_tco2e(
        "F60",
        "F61",
        "F59",
        "SUM($E$60:$F$60)",
        "SUM($E$61:$F$61)",
        "SUM($E$59:$F$59)",
        "Leakage_Netting",
    )


def test_blocks() -> None:
    sheet = main_spec().sheet(leakage.NAME)
    assert cell(sheet, 3, 1).value == "1. Leakage-belt baseline (ex-ante)"  # type: ignore[union-attr]
    assert cell(sheet, 30, 1).value == "2. Leakage-belt monitored deforestation"  # type: ignore[union-attr]
    assert cell(sheet, 31, 4).value == "Area dated in period A_in (ha)"  # type: ignore[union-attr]
    assert cell(sheet, 28, 5).value == Formula("=SUM(E6:E27)")  # type: ignore[union-attr]
    assert cell(sheet, 55, 6).value == Formula("=SUM(F33:F54)")  # type: ignore[union-attr]


def test_per_vintage() -> None:
    sheet = main_spec().sheet(leakage.NAME)
    assert cell(sheet, 57, 1).value == "3. Leakage per vintage"  # type: ignore[union-attr]
    assert cell(sheet, 63, 1).value == "Leakage ΔC_LK (tCO2e)"  # type: ignore[union-attr]
    assert cell(sheet, 63, 1).role == "key"  # type: ignore[union-attr]
    assert cell(sheet, 60, 5).value == Formula("=E55")  # type: ignore[union-attr]
    assert cell(sheet, 60, 5).role == "link"  # type: ignore[union-attr]
    assert cell(sheet, 61, 6).value == Formula("=F28")  # type: ignore[union-attr]
    assert cell(sheet, 62, 5).value == Formula("=E60-E61")  # type: ignore[union-attr]
    assert cell(sheet, 63, 6).value == Formula(leakage_cell("F", 60, 61, 59, "E", "F"))  # type: ignore[union-attr]
    assert cell(sheet, 63, 7).value == Formula("=SUM(E63:F63)")  # type: ignore[union-attr]
    days = cell(sheet, 59, 5)
    assert days is not None and isinstance(days.value, Formula)
    assert days.value.text.startswith("=Parameters!$D$")
    assert cell(sheet, 64, 1) is None  # immigrants not enabled in the case


def test_vintages_read_the_leakage_row() -> None:
    texts = [
        x.value.text
        for row in main_spec().sheet("Vintages").rows
        for x in row
        if x is not None and isinstance(x.value, Formula)
    ]
    assert any("Leakage!$E$63" in t for t in texts)
