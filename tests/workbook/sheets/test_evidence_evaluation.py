"""redd_audit.workbook.sheets.evidence_evaluation: the evaluation block and ranking cells."""

from __future__ import annotations

import datetime as dt

from redd_audit.formulas.monetary_unit import (
    maximum_sample_size,
    projected_misstatement_tco2e,
    sample_supports_vcus,
)
from redd_audit.sampling.monetary_unit import COMPARISON_TOLERANCE_TCO2E
from redd_audit.workbook.layout import NameRegistry, SheetBuilder, inp
from redd_audit.workbook.model import Formula
from redd_audit.workbook.sheets.evidence_evaluation import (
    COMPLETENESS,
    DETAIL_COLUMNS,
    RANK_COLUMNS,
    SIGN,
    detail_cells,
    parameter_row,
    rank_cells,
)
from tests.workbook.spec_helpers import all_text, cycle_spec, formula_of, named_cell

SHEET = "Evidence sample"
FIRST, LAST = 38, 52


def rng(col: str) -> str:
    return f"${col}${FIRST}:${col}${LAST}"


def test_detail_cells() -> None:
    cells = detail_cells({"observed_on": dt.date(2021, 1, 2), "note": "ok"})
    assert [c.value for c in cells] == [dt.date(2021, 1, 2), None, None, "ok"]
    assert all(c.role == "input" for c in cells)
    assert cells[0].number_format == DETAIL_COLUMNS[0][2]
    assert len(RANK_COLUMNS) == 6


def test_parameter_row() -> None:
    names = NameRegistry()
    sh = SheetBuilder(SHEET, names, "t")
    assert parameter_row(sh, 5, "Confidence", inp(0.95), "MUS_Confidence") == "MUS_Confidence"
    assert sh.cells[(5, 1)].role == "key" and sh.cells[(5, 4)].value == "contract 5.5"
    assert parameter_row(sh, 6, "Something else", inp(1)) == "$C$6"
    assert sh.cells[(6, 1)].role == "label" and sh.cells[(6, 4)].value == "this sheet"
    assert [n.ref for n in names.names] == ["$C$5"]


def test_rank_cells() -> None:
    L = {"top": "M", "tainting": "S", "over_t": "V", "over_rank": "W", "under_t": "Y"}
    L["under_rank"] = "Z"
    c = {k: f"{v}40" for k, v in L.items()}
    over_t, over_rank, over_allowance, under_t, *_ = rank_cells(c, L, FIRST, LAST)
    assert over_t.value == Formula("=IF(AND(M40=0,S40>0),S40,0)")
    assert over_rank.value == Formula(
        f"=IF(V40>0,SUMPRODUCT(({rng('V')}>V40)*1)+SUMPRODUCT(($V${FIRST}:V40=V40)*1),0)"
    )
    assert over_allowance.value == Formula(
        "=IF(W40>0,(INDEX(MUS_Incremental_Factors,W40)-1)*V40*MUS_Interval_tCO2e,0)"
    )
    assert under_t.value == Formula("=IF(AND(M40=0,S40<0),-S40,0)")


def test_evaluation_block_on_the_sheet() -> None:
    spec = cycle_spec()
    assert formula_of(spec, "MUS_Population_tCO2e") == "=SUM(D15:D16)"
    assert formula_of(spec, "MUS_Sample_Size") == f"=COUNTA({rng('A')})"
    assert formula_of(spec, "MUS_Events_Checked") == f"=COUNT({rng('N')})"
    assert formula_of(spec, "Projected_Misstatement_tCO2e") == projected_misstatement_tco2e(
        rng("I"), rng("S"), "MUS_Interval_tCO2e"
    )
    assert formula_of(spec, "MUS_Overstatement_Allowance_tCO2e") == f"=SUM({rng('X')})"
    assert formula_of(spec, "MUS_Understatement_Allowance_tCO2e") == f"=SUM({rng('AA')})"
    upper = formula_of(spec, "Upper_Limit_VCU_Overstatement_tCO2e")
    assert f"SUMIF({rng('M')},0,{rng('V')})*MUS_Interval_tCO2e" in upper
    assert f'SUMIFS({rng("T")},{rng("M")},1,{rng("T")},">0")' in upper
    assert formula_of(spec, "Sample_Supports_VCUs") == sample_supports_vcus(
        "Upper_Limit_VCU_Overstatement_tCO2e",
        "MUS_Tolerable_Misstatement_tCO2e",
        "MUS_Events_Checked",
        "MUS_Sample_Size",
    )
    tolerance = named_cell(spec, "MUS_Comparison_Tolerance_tCO2e")
    assert tolerance.value == COMPARISON_TOLERANCE_TCO2E and tolerance.role == "input"
    text = all_text(spec.sheet(SHEET))
    assert SIGN in text and COMPLETENESS in text
    assert maximum_sample_size("MUS_Population_tCO2e", "MUS_Interval_tCO2e") in {
        x.value.text
        for row in spec.sheet(SHEET).rows
        for x in row
        if x is not None and isinstance(x.value, Formula)
    }
