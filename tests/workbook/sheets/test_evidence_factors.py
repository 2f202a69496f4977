"""redd_audit.workbook.sheets.evidence_factors: the Poisson factor table of the evidence sample."""

from __future__ import annotations

import pytest

from redd_audit.sampling.monetary_unit import poisson_upper_factor
from redd_audit.workbook.layout import NameRegistry, SheetBuilder
from redd_audit.workbook.model import Formula
from redd_audit.workbook.sheets.evidence_factors import factor_table


def test_factor_table() -> None:
    names = NameRegistry()
    sh = SheetBuilder("Evidence sample", names, "t")
    factor_table(sh, 10, 3)
    assert [sh.cells[(10, c)].value for c in (1, 2, 3)] == [
        "k (rank)",
        "F_k Poisson upper limit",
        "ΔF_k = F_k − F_(k−1)",
    ]
    assert sh.cells[(11, 1)].value == 0
    assert sh.cells[(11, 2)].value == Formula("=MUS_Reliability_Factor")
    assert sh.cells[(11, 2)].role == "link"
    for k in (1, 2, 3):
        r = 11 + k
        assert sh.cells[(r, 1)].value == k
        assert sh.cells[(r, 2)].role == "input"
        assert sh.cells[(r, 2)].value == pytest.approx(poisson_upper_factor(k))
        assert sh.cells[(r, 3)].value == Formula(f"=B{r}-B{r - 1}")
    assert (15, 1) not in sh.cells
    ((name),) = names.names
    assert (name.name, name.ref) == ("MUS_Incremental_Factors", "$C$12:$C$14")


def test_factor_table_keeps_one_row_when_n_is_zero() -> None:
    names = NameRegistry()
    factor_table(SheetBuilder("E", names, "t"), 4, 0)
    assert names.names[0].ref == "$C$6:$C$6"
    assert poisson_upper_factor(1) > poisson_upper_factor(0) > 0
