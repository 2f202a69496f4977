"""redd_audit.workbook.sheets.materiality: claims over the period, misstatements, conclusion."""

from __future__ import annotations

from redd_audit.cycle.materiality import NO_CLAIMS_CONCLUSION
from redd_audit.methodology.reconciliation import RECONCILED_QUANTITIES
from redd_audit.workbook.model import COUNT, Formula
from redd_audit.workbook.sheets import materiality
from redd_audit.workbook.sheets.cycle_cells import total_name
from redd_audit.workbook.sheets.formats import WHOLE_TCO2E
from redd_audit.workbook.sheets.materiality import HEADERS, _direction
from tests.workbook.spec_helpers import (
    all_text,
    cell,
    cycle_spec,
    formula_of,
    main_spec,
    named,
    names_on,
)

N = len(RECONCILED_QUANTITIES)
END = 4 + N


def test_direction_text() -> None:
    assert _direction("vcus", "D9", False) == (
        'IF(D9>0,"overstated",IF(D9<0,"understated","none"))'
    )
    assert '"overstated (conservative)"' in _direction("project_tco2e", "D6", True)
    assert "(conservative)" not in _direction("project_tco2e", "D6", False)


def test_not_assessed_without_complete_claims() -> None:
    spec = main_spec()  # ctx.materiality is None in the plain case
    sheet = spec.sheet(materiality.SHEET)
    assert "materiality over the period is not assessed" in all_text(sheet)
    assert formula_of(spec, "Period_Conclusion") == f'="{NO_CLAIMS_CONCLUSION}"'
    assert set(names_on(spec, materiality.SHEET)) == {"Period_Conclusion"}


def test_lines_per_quantity() -> None:
    spec = cycle_spec()
    sheet = spec.sheet(materiality.SHEET)
    assert [cell(sheet, 4, c).value for c in range(1, 8)] == HEADERS  # type: ignore[union-attr]
    claims_first = 5 + N + 5 + 1
    for k, quantity in enumerate(RECONCILED_QUANTITIES):
        r, col = 5 + k, chr(66 + k)
        fmt = COUNT if quantity == "vcus" else WHOLE_TCO2E
        assert cell(sheet, r, 1).value == quantity  # type: ignore[union-attr]
        summed = cell(sheet, r, 2)
        assert summed is not None and summed.number_format == fmt
        assert summed.value == Formula(f"=SUM({col}{claims_first}:{col}{claims_first + 1})")
        assert cell(sheet, r, 3).value == Formula(f"={total_name(quantity)}")  # type: ignore[union-attr]
        assert cell(sheet, r, 5).value == Formula(  # type: ignore[union-attr]
            f'=IF(C{r}=0,IF(B{r}=0,0,""),(B{r}-C{r})/ABS(C{r}))'
        )
        assert cell(sheet, r, 7).value == Formula(  # type: ignore[union-attr]
            f"=IF(ISNUMBER(E{r}),ABS(E{r})>Materiality_Fraction,TRUE)"
        )
    assert [(h.ref, h.formula) for h in sheet.highlights] == [(f"G5:G{END}", "G5=TRUE")]


def test_claims_link_to_the_reconciliation_inputs() -> None:
    sheet = cycle_spec().sheet(materiality.SHEET)
    first = 5 + N + 5 + 1
    assert cell(sheet, first, 1).value == 2019  # type: ignore[union-attr]
    for c in range(2, 2 + N):
        x = cell(sheet, first, c)
        assert x is not None and x.role == "link"
        assert isinstance(x.value, Formula) and x.value.text.startswith("=Reconciliation!$C$")


def test_names() -> None:
    spec = cycle_spec()
    vcus_row = 5 + RECONCILED_QUANTITIES.index("vcus")
    assert named(spec, "Period_VCU_Material")[1:] == (vcus_row, 7)
    assert named(spec, "Period_VCU_Misstatement")[1:] == (vcus_row, 4)
    assert named(spec, "Period_VCU_Misstatement_Fraction")[1:] == (vcus_row, 5)
    assert formula_of(spec, "Period_Material") == f"=COUNTIF(G5:G{END},TRUE)>0"
    conclusion = formula_of(spec, "Period_Conclusion")
    assert conclusion.startswith("=") and "D9" in conclusion
    sheet, row, _ = named(spec, "Period_Conclusion")
    assert cell(sheet, row, 2).wrap  # type: ignore[union-attr]
    assert sheet.row_heights[row] >= 18.0
    assert spec.engine_values["Period_VCU_Misstatement"] == 0.0
