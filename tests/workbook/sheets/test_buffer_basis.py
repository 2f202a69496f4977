"""redd_audit.workbook.sheets.buffer_basis: candidate buffers of the claims, names, tolerance.

Positions are taken relative to the block's title cell, so that the test follows the block
wherever the Reconciliation sheet places it."""

from __future__ import annotations

import pytest

from redd_audit.cycle.buffer_basis import RELATIVE_TOLERANCE, TOLERANCE_TCO2E
from redd_audit.formulas.net_reductions import net_emission_reductions_tco2e
from redd_audit.workbook.model import Formula, column_letter
from redd_audit.workbook.sheets.buffer_basis import CANDIDATES, HEADERS, _candidate
from redd_audit.workbook.sheets.reconciliation import NAME
from tests.workbook.spec_helpers import cell, find, formula_of, main_spec, named, named_cell


def _origin() -> tuple[int, int]:
    return find(main_spec().sheet(NAME), "Buffer basis of the claims (contract 7.4)")


def L(k: int) -> str:
    """The letter of the block's ``k``-th column (0: the vintage)."""
    return column_letter(_origin()[1] + k)


def test_names_and_tolerances() -> None:
    spec = main_spec()
    top, c0 = _origin()
    assert named(spec, "Buffer_Basis")[1:] == (top + 1, c0 + 2)
    assert formula_of(spec, "Buffer_Basis") == "=Buffer_Base"
    tol = named_cell(spec, "Buffer_Claims_Tolerance_tCO2e")
    assert tol.role == "input" and tol.value == pytest.approx(TOLERANCE_TCO2E)
    rel = named_cell(spec, "Buffer_Claims_Relative_Tolerance")
    assert rel.role == "input" and rel.value == pytest.approx(RELATIVE_TOLERANCE)
    assert named(spec, "Buffer_Basis_Claims")[1:] == (top + 1, c0 + 6)
    joined = f"{L(2)}{top + 4}"
    assert formula_of(spec, "Buffer_Basis_Claims") == f'=MID({joined},LEN(", ")+1,LEN({joined}))'
    first, last = top + 7, top + 8  # two claimed vintages
    diff = L(len(HEADERS) - 1)
    assert formula_of(spec, "Buffer_Claims_Difference_tCO2e") == f"=SUM({diff}{first}:{diff}{last})"


def test_candidate_rows() -> None:
    sheet = main_spec().sheet(NAME)
    top, c0 = _origin()
    head = top + 6
    assert [cell(sheet, head, c0 + k).value for k in range(len(HEADERS))] == HEADERS  # type: ignore[union-attr]
    assert len(HEADERS) == 15
    r = head + 1
    assert cell(sheet, r, c0).value == 2019  # type: ignore[union-attr]
    for k in (1, 2, 3, 4):
        x = cell(sheet, r, c0 + k)
        assert x is not None and x.role == "link"
        assert isinstance(x.value, Formula) and x.value.text.startswith("=Reconciliation!$C$")
    assert cell(sheet, r, c0 + 5).value == Formula(  # type: ignore[union-attr]
        net_emission_reductions_tco2e(f"{L(1)}{r}", f"{L(2)}{r}", f"{L(3)}{r}")
    )
    for k, (_, rule) in enumerate(CANDIDATES):
        assert cell(sheet, r, c0 + 6 + k).value == Formula(_candidate(r, rule))  # type: ignore[union-attr]
    first_candidate = f"{L(6)}{r}"
    assert cell(sheet, r, c0 + 6 + len(CANDIDATES)).value == Formula(  # type: ignore[union-attr]
        f"=ABS({L(4)}{r}-{first_candidate})<=MAX(Buffer_Claims_Tolerance_tCO2e,"
        f"Buffer_Claims_Relative_Tolerance*ABS({first_candidate}))"
    )
    stated = L(5 + len(CANDIDATES))
    assert cell(sheet, r, c0 + len(HEADERS) - 1).value == Formula(f"={stated}{r}-{L(4)}{r}")  # type: ignore[union-attr]
    assert cell(sheet, r + 2, c0) is None


def test_candidate_formula_reads_the_rule() -> None:
    assert "Buffer_Base" in _candidate(9, "Buffer_Base")
    assert '"net"' in _candidate(9, '"net"') and "Risk_Rating_Fraction" in _candidate(9, '"net"')
