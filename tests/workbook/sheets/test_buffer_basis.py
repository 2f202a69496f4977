"""redd_audit.workbook.sheets.buffer_basis: candidate buffers of the claims, names, tolerance."""

from __future__ import annotations

import pytest

from redd_audit.cycle.buffer_basis import RELATIVE_TOLERANCE, TOLERANCE_TCO2E
from redd_audit.formulas.net_reductions import net_emission_reductions_tco2e
from redd_audit.workbook.model import Formula
from redd_audit.workbook.sheets.buffer_basis import CANDIDATES, HEADERS, _candidate
from redd_audit.workbook.sheets.reconciliation import NAME
from tests.workbook.spec_helpers import cell, find, formula_of, main_spec, named, named_cell


def _top() -> int:
    row, _ = find(main_spec().sheet(NAME), "Buffer basis of the claims (contract 7.4)")
    return row


def test_names_and_tolerances() -> None:
    spec = main_spec()
    top = _top()
    assert named(spec, "Buffer_Basis")[1:] == (top + 1, 3)
    assert formula_of(spec, "Buffer_Basis") == "=Buffer_Base"
    tol = named_cell(spec, "Buffer_Claims_Tolerance_tCO2e")
    assert tol.role == "input" and tol.value == pytest.approx(TOLERANCE_TCO2E)
    rel = named_cell(spec, "Buffer_Claims_Relative_Tolerance")
    assert rel.role == "input" and rel.value == pytest.approx(RELATIVE_TOLERANCE)
    assert named(spec, "Buffer_Basis_Claims")[1:] == (top + 1, 7)
    assert (
        formula_of(spec, "Buffer_Basis_Claims") == f'=MID(C{top + 4},LEN(", ")+1,LEN(C{top + 4}))'
    )
    last = top + 6 + 2  # two claimed vintages
    assert formula_of(spec, "Buffer_Claims_Difference_tCO2e") == f"=SUM(O{top + 7}:O{last})"


def test_candidate_rows() -> None:
    sheet = main_spec().sheet(NAME)
    top = _top()
    head = top + 6
    assert [cell(sheet, head, c).value for c in range(1, len(HEADERS) + 1)] == HEADERS  # type: ignore[union-attr]
    assert len(HEADERS) == 15
    r = head + 1
    assert cell(sheet, r, 1).value == 2019  # type: ignore[union-attr]
    for col in (2, 3, 4, 5):
        x = cell(sheet, r, col)
        assert x is not None and x.role == "link"
        assert isinstance(x.value, Formula) and x.value.text.startswith("=Reconciliation!$C$")
    assert cell(sheet, r, 6).value == Formula(
        net_emission_reductions_tco2e(f"B{r}", f"C{r}", f"D{r}")
    )  # type: ignore[union-attr]
    for k, (_, rule) in enumerate(CANDIDATES):
        assert cell(sheet, r, 7 + k).value == Formula(_candidate(r, rule))  # type: ignore[union-attr]
    assert cell(sheet, r, 11).value == Formula(  # type: ignore[union-attr]
        f"=ABS(E{r}-G{r})<=MAX(Buffer_Claims_Tolerance_tCO2e,"
        f"Buffer_Claims_Relative_Tolerance*ABS(G{r}))"
    )
    assert cell(sheet, r, 15).value == Formula(f"=J{r}-E{r}")  # type: ignore[union-attr]
    assert cell(sheet, r + 2, 1) is None


def test_candidate_formula_reads_the_rule() -> None:
    assert "Buffer_Base" in _candidate(9, "Buffer_Base")
    assert '"net"' in _candidate(9, '"net"') and "Risk_Rating_Fraction" in _candidate(9, '"net"')
