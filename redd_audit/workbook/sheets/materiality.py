"""The "Period materiality" sheet (contract 5.2): per claimed quantity, the claims summed over
the period's vintages against the recomputed totals, the misstatement, its direction and
whether it is material; the names ``Period_VCU_Misstatement``,
``Period_VCU_Misstatement_Fraction``, ``Period_VCU_Material`` and ``Period_Conclusion``
(contract 5.2, 5.8). The per-vintage lines stay on the Reconciliation sheet, which holds the
claims as input cells: this sheet links to them, so a claim is typed in exactly one place and
every conclusion here is a formula over it.
"""

from __future__ import annotations

from dataclasses import dataclass

from redd_audit.cycle.assessment import claims_by_vintage
from redd_audit.cycle.materiality import (
    CONSERVATIVE_DIRECTION,
    NO_CLAIMS_CONCLUSION,
    QUANTITY_LABELS,
    unclaimed_vintages,
)
from redd_audit.cycle.materiality import period_conclusion as conclusion_text
from redd_audit.formulas.conclusion import line_text, period_conclusion
from redd_audit.methodology.reconciliation import claimed_number, claimed_quantities
from redd_audit.workbook.book import Book
from redd_audit.workbook.layout import FIRST_ROW, HEADER_ROW, fx, label, link
from redd_audit.workbook.model import (
    COUNT,
    FRACTION,
    YEAR,
    Cell,
    Formula,
    Highlight,
    column_letter,
)
from redd_audit.workbook.presentation import LINE_HEIGHT_PT, text_lines
from redd_audit.workbook.sheets.cycle_cells import total_name
from redd_audit.workbook.sheets.formats import WHOLE_TCO2E
from redd_audit.workbook.sheets.reconciliation import ClaimCells

SHEET = "Period materiality"
HEADERS = [
    "Quantity",
    "Claimed over the period",
    "Recomputed over the period",
    "Misstatement claimed − recomputed",
    "Misstatement (fraction of |recomputed|)",
    "Direction of the claim (conservative: cannot overstate VCUs)",
    "Material",
]


WIDTHS = [22, 18, 18, 20, 16, 24, 10]
#: the conclusion's text wraps over columns B-G
CONCLUSION_WIDTH = sum(WIDTHS[1:])


def _fmt(quantity: str) -> str:
    """Whole tonnes and whole VCUs (the cells keep every decimal)."""
    return COUNT if quantity == "vcus" else WHOLE_TCO2E


def _direction(quantity: str, misstatement: str, labelled: bool) -> str:
    """Text expression of the direction of ``misstatement``; ``labelled``: the direction that
    cannot overstate VCUs reads "... (conservative)"."""
    words = {"overstated": "overstated", "understated": "understated"}
    if labelled and quantity in CONSERVATIVE_DIRECTION:
        side = CONSERVATIVE_DIRECTION[quantity]
        words[side] = f"{side} (conservative)"
    over, under = words["overstated"], words["understated"]
    return f'IF({misstatement}>0,"{over}",IF({misstatement}<0,"{under}","none"))'


@dataclass(frozen=True)
class MaterialityCells:
    """``material``: the cell that says whether any quantity is materially misstated over the
    period (a formula), or ``None`` when materiality is not assessed (claims incomplete)."""

    material: str | None


def build(book: Book, claim_cells: ClaimCells) -> MaterialityCells:
    """Build the sheet; without a complete claim for every vintage it says which are missing."""
    ctx = book.ctx
    sh = book.sheet(
        SHEET,
        "Materiality over the period: claimed versus recomputed, summed over the vintages",
        "Misstatement = claimed − recomputed; fraction = misstatement / |recomputed| (0 when both "
        "are 0, empty when only the recomputed total is 0, which counts as material); material "
        "when |fraction| > Materiality_Fraction.",
    )
    sh.put(HEADER_ROW - 1, 1, "Materiality threshold (fraction)", "key")
    sh.put(HEADER_ROW - 1, 3, link("=Materiality_Fraction").value, "link", FRACTION)
    sh.widths_from(1, WIDTHS)
    if ctx.recomputation is None:
        sh.put(HEADER_ROW, 1, "No recomputed figures: the data-quality gate failed.", "note")
        return MaterialityCells(None)
    vintages = [f.vintage for f in ctx.recomputation.vintages]
    claims = claims_by_vintage(ctx.frames.get("claimed_vintages"))
    missing = unclaimed_vintages(vintages, claims)
    if not ctx.materiality or missing:
        years = ", ".join(str(v) for v in missing) or "all"
        sh.put(
            HEADER_ROW,
            1,
            f"claimed_vintages does not cover every vintage of the period (no claim for {years}):"
            " materiality over the period is not assessed.",
            "note",
        )
        r = HEADER_ROW + 1
        sh.put(r, 1, "Conclusion", "key")
        sh.put_row(r, 2, [fx(f'="{NO_CLAIMS_CONCLUSION}"')])
        sh.define("Period_Conclusion", r, 2, "the period conclusion in one line (as printed)")
        return MaterialityCells(None)
    # the claims per vintage, linked to their input cells on the Reconciliation sheet
    quantities = claimed_quantities([claims[v] for v in vintages])
    claims_top = FIRST_ROW + len(quantities) + 5
    sh.put(
        claims_top - 1,
        1,
        "Claims per vintage (linked to their input cells on the Reconciliation sheet)",
        "subtitle",
    )
    sh.headers(claims_top, 1, ["Vintage", *quantities])
    first = claims_top + 1
    for offset, vintage in enumerate(vintages):
        r = first + offset
        cells = [label(vintage, YEAR)]
        for q in quantities:
            ref = claim_cells.of(vintage, q)
            value = claimed_number(claims[vintage][q])
            cells.append(link(f"={ref}", _fmt(q)) if ref else label(value, _fmt(q)))
        sh.put_row(r, 1, cells)
    last = first + len(vintages) - 1
    sh.headers(HEADER_ROW, 1, HEADERS)
    for k, quantity in enumerate(quantities):
        r = FIRST_ROW + k
        col = column_letter(2 + k)
        fmt = _fmt(quantity)
        sh.put_row(
            r,
            1,
            [
                label(quantity),
                fx(f"=SUM({col}{first}:{col}{last})", fmt),
                link(f"={total_name(quantity)}", fmt),
                fx(f"=B{r}-C{r}", fmt),
                fx(f'=IF(C{r}=0,IF(B{r}=0,0,""),(B{r}-C{r})/ABS(C{r}))', FRACTION),
                fx("=" + _direction(quantity, f"D{r}", labelled=True)),
                fx(f"=IF(ISNUMBER(E{r}),ABS(E{r})>Materiality_Fraction,TRUE)"),
            ],
        )
        if quantity == "vcus":
            sh.define("Period_VCU_Material", r, 7, "the period's VCU misstatement is material")
            sh.define("Period_VCU_Misstatement", r, 4, "claimed − recomputed VCUs over the period")
            sh.define(
                "Period_VCU_Misstatement_Fraction",
                r,
                5,
                "VCU misstatement / |recomputed VCUs| over the period",
            )
    end = FIRST_ROW + len(quantities) - 1
    sh.highlights.append(Highlight(f"G{FIRST_ROW}:G{end}", f"G{FIRST_ROW}=TRUE"))
    lines = {}
    for k, quantity in enumerate(quantities):
        r = FIRST_ROW + k
        name, unit = QUANTITY_LABELS.get(quantity, (quantity, ""))
        lines[quantity] = (
            f"G{r}",
            line_text(
                name, unit, f"C{r}", f"D{r}", f"E{r}", _direction(quantity, f"D{r}", False), f"G{r}"
            ),
        )
    head = lines["vcus"][1] if "vcus" in lines else '"VCUs not claimed"'
    others = [cell_line for q, cell_line in lines.items() if q != "vcus"]
    r = end + 1
    sh.put(r, 1, "Any quantity materially misstated over the period", "key")
    sh.put_row(r, 7, [fx(f"=COUNTIF(G{FIRST_ROW}:G{end},TRUE)>0")])
    sh.define("Period_Material", r, 7, "any claimed quantity materially misstated")
    material = sh.ref(r, 7)
    r += 1
    sh.put(r, 1, "Conclusion", "key")
    sh.cells[(r, 2)] = Cell(Formula(period_conclusion(head, others)), "formula", wrap=True)
    sh.define("Period_Conclusion", r, 2, "the period conclusion in one line (as printed)")
    # a text formula wrapped over columns B-G: its height from the engine's own text
    text = conclusion_text({"status": "passed", "totals": {}, "materiality": ctx.materiality})
    sh.row_heights[r] = float(text_lines(text, CONCLUSION_WIDTH, "formula") * LINE_HEIGHT_PT + 3)
    sh.freeze = f"A{FIRST_ROW}"
    return MaterialityCells(material)
