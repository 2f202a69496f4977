"""The Vintages sheet's second table: the figures as verified monitoring reports present them
(contract 8.8), as formulas over the exact figures of the table above.

Reports print every figure in whole tonnes (``ROUND(x, 0)``) and derive the rest from the
rounded columns: ``NER = BL − PE − LK``, ``buffer = ROUND(rating × base, 0)`` when NER > 0 (the
base by ``Buffer_Base``, from the rounded columns), ``VCUs = NER − buffer − uncertainty
deduction``. The total of the last column is ``Reported_Total_VCUs``; issued VCUs stay those of
the table above (contract 2.1).
"""

from __future__ import annotations

from collections.abc import Callable

from redd_audit.formulas.expression import text_literal
from redd_audit.formulas.net_reductions import net_emission_reductions_tco2e
from redd_audit.formulas.reported import (
    reported_buffer_tco2e,
    reported_vcus,
    reported_whole_tonnes,
)
from redd_audit.workbook.layout import SheetBuilder, fx, link
from redd_audit.workbook.model import YEAR
from redd_audit.workbook.sheets.formats import WHOLE_TCO2E

HEADERS = [
    "Vintage",
    "Baseline ROUND(ΔC_BSL)",
    "Project ROUND(ΔC_P)",
    "Project stock ROUND(ΔC_P,stock)",
    "Leakage ROUND(ΔC_LK)",
    "NER = BL − PE − LK",
    "Uncertainty deduction ROUND(NER − Adjusted_NER)",
    "Buffer base (Buffer_Base, rounded columns)",
    "Buffer ROUND(rating × base)",
    "VCUs as reported = NER − buffer − deduction",
]
REPORTED_TOTAL_VCUS = "Reported_Total_VCUs"


def _base(bl: str, stock: str, ner: str, deduction: str) -> str:
    """The buffer base of ``Buffer_Base`` from the rounded columns (contract 7.4, 8.8)."""
    after, net = text_literal("after_leakage"), text_literal("net")
    adjusted = text_literal("adjusted_stock_change")
    return (
        f"=IF(Buffer_Base={after},{ner},IF(Buffer_Base={net},{ner}-{deduction},"
        f"IF(Buffer_Base={adjusted},({bl}-{stock})*Deduction_Factor,{bl}-{stock})))"
    )


def build(sh: SheetBuilder, top: int, n_vintages: int, cell: Callable[[str, int], str]) -> int:
    """The table from row ``top`` (subtitle, header, one row per vintage, total); ``cell(key,
    i)`` is vintage ``i``'s cell of the exact table. Returns the total row."""
    sh.put(top, 1, "As monitoring reports present them (whole tonnes; contract 8.8)", "subtitle")
    sh.headers(top + 1, 1, HEADERS)
    first = top + 2
    for i in range(n_vintages):
        r = first + i
        bl, pe, st, lk, ner, ud, base, buf = (f"{c}{r}" for c in "BCDEFGHI")
        sh.put_row(
            r,
            1,
            [
                link(f"={cell('vintage', i)}", YEAR),
                fx(reported_whole_tonnes(cell("baseline", i)), WHOLE_TCO2E),
                fx(reported_whole_tonnes(cell("project", i)), WHOLE_TCO2E),
                fx(reported_whole_tonnes(cell("project_stock", i)), WHOLE_TCO2E),
                fx(reported_whole_tonnes(cell("leakage", i)), WHOLE_TCO2E),
                fx(net_emission_reductions_tco2e(bl, pe, lk), WHOLE_TCO2E),
                fx(
                    reported_whole_tonnes(f"{cell('ner', i)}-{cell('adjusted_ner', i)}"),
                    WHOLE_TCO2E,
                ),
                fx(_base(bl, st, ner, ud), WHOLE_TCO2E),
                fx(
                    f"=IF({ner}>0,{reported_buffer_tco2e('Risk_Rating_Fraction', base)[1:]},0)",
                    WHOLE_TCO2E,
                ),
                fx(reported_vcus(ner, buf, ud), WHOLE_TCO2E),
            ],
        )
    total = first + n_vintages
    sh.put(total, 1, "Period", "key")
    last = total - 1
    for col in "BCDEFGIJ":
        j = ord(col) - 64
        sh.put(total, j, fx(f"=SUM({col}{first}:{col}{last})").value, "formula", WHOLE_TCO2E)
    sh.define(REPORTED_TOTAL_VCUS, total, 10, "VCUs as monitoring reports derive them (8.8)")
    return total
