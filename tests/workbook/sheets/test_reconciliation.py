"""redd_audit.workbook.sheets.reconciliation: claimed inputs versus the recomputed Vintages."""

from __future__ import annotations

import pytest

from redd_audit.formulas.reconciliation import difference_fraction, is_material
from redd_audit.workbook.build import build_verification_workbook
from redd_audit.workbook.model import Formula
from redd_audit.workbook.refs import VintageCells
from redd_audit.workbook.sheets import reconciliation
from redd_audit.workbook.sheets.reconciliation import HEADERS, RECONCILED, ClaimCells
from tests.workbook.case import make_context, make_frames, make_project
from tests.workbook.spec_helpers import all_text, cell, main_context, main_spec


def _lines():  # type: ignore[no-untyped-def]
    rc = main_context().recomputation
    assert rc is not None
    return rc.reconciliation


def test_claim_cells() -> None:
    claims = ClaimCells({(2019, "vcus"): "Reconciliation!$C$9"})
    assert claims.of(2019, "vcus") == "Reconciliation!$C$9"
    assert claims.of(2020, "vcus") is None
    assert ClaimCells().of(2019, "vcus") is None


def test_threshold_and_headers() -> None:
    sheet = main_spec().sheet(reconciliation.NAME)
    assert cell(sheet, 3, 3).value == Formula("=Materiality_Fraction")  # type: ignore[union-attr]
    assert [cell(sheet, 4, c).value for c in range(1, 9)] == HEADERS  # type: ignore[union-attr]


def test_one_row_per_reconciliation_line() -> None:
    sheet = main_spec().sheet(reconciliation.NAME)
    lines = _lines()
    assert lines
    for offset, line in enumerate(lines):
        r = 5 + offset
        key, _fmt = RECONCILED[line.quantity]
        i = [f.vintage for f in main_context().recomputation.vintages].index(line.vintage)  # type: ignore[union-attr]
        assert cell(sheet, r, 1).value == Formula(f"=Vintages!$A${5 + i}")  # type: ignore[union-attr]
        assert cell(sheet, r, 2).value == line.quantity  # type: ignore[union-attr]
        claimed = cell(sheet, r, 3)
        assert claimed is not None and claimed.role == "input"
        assert claimed.value == pytest.approx(line.claimed)
        col = VintageCells.column(key)
        letter = chr(64 + col) if col <= 26 else None
        assert letter is not None
        assert cell(sheet, r, 4).value == Formula(f"=Vintages!${letter}${5 + i}")  # type: ignore[union-attr]
        assert cell(sheet, r, 5).value == Formula(f"=C{r}-D{r}")  # type: ignore[union-attr]
        assert cell(sheet, r, 6).value == Formula(difference_fraction(f"C{r}", f"D{r}"))  # type: ignore[union-attr]
        assert cell(sheet, r, 7).value == Formula(is_material(f"F{r}", "Materiality_Fraction"))  # type: ignore[union-attr]
    last = 4 + len(lines)
    assert cell(sheet, last + 2, 1).value == "Material differences"  # type: ignore[union-attr]
    assert cell(sheet, last + 2, 3).value == Formula(f"=COUNTIF(G5:G{last},TRUE)")  # type: ignore[union-attr]
    assert [(h.ref, h.formula) for h in sheet.highlights] == [(f"G5:G{last}", "G5=TRUE")]
    assert sheet.autofilter == f"A4:H{last}"


def test_without_claims() -> None:
    frames = make_frames()
    frames.pop("claimed_vintages")
    spec = build_verification_workbook(make_context(make_project(), frames))
    sheet = spec.sheet(reconciliation.NAME)
    assert "claimed_vintages was not provided: nothing to reconcile." in all_text(sheet)
    assert cell(sheet, 5, 1) is None
    assert "Buffer_Basis" not in {n.name for n in spec.names}
