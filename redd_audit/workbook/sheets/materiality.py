"""The "Period materiality" sheet (contract 5.2): per claimed quantity, the claims summed over
the period's vintages against the recomputed totals, the misstatement, its direction and
whether it is material; the names ``Period_VCU_Misstatement`` and
``Period_VCU_Misstatement_Fraction``. The per-vintage lines stay on the Reconciliation sheet.
"""

from __future__ import annotations

from redd_audit.cycle.assessment import claims_by_vintage
from redd_audit.cycle.materiality import line_text, unclaimed_vintages
from redd_audit.methodology.reconciliation import RECONCILED_QUANTITIES
from redd_audit.workbook.book import Book
from redd_audit.workbook.layout import FIRST_ROW, HEADER_ROW, fx, inp, label, link
from redd_audit.workbook.model import COUNT, FRACTION, TCO2E, YEAR, Highlight, column_letter
from redd_audit.workbook.sheets.cycle_cells import total_name

SHEET = "Period materiality"
HEADERS = [
    "Quantity",
    "Claimed over the period",
    "Recomputed over the period",
    "Misstatement claimed − recomputed",
    "Misstatement (fraction of |recomputed|)",
    "Direction",
    "Material",
]


def _fmt(quantity: str) -> str:
    return COUNT if quantity == "vcus" else TCO2E


def build(book: Book) -> None:
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
    sh.widths_from(1, [22, 18, 18, 20, 16, 14, 10])
    if ctx.recomputation is None:
        sh.put(HEADER_ROW, 1, "No recomputed figures: the data-quality gate failed.", "note")
        return
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
        return
    # the claims per vintage (inputs), summed in the period block above them
    claims_top = FIRST_ROW + len(RECONCILED_QUANTITIES) + 3
    sh.put(claims_top - 1, 1, "Claims per vintage (inputs from claimed_vintages)", "subtitle")
    sh.headers(claims_top, 1, ["Vintage", *RECONCILED_QUANTITIES])
    first = claims_top + 1
    for offset, vintage in enumerate(vintages):
        r = first + offset
        cells = [label(vintage, YEAR)]
        cells += [inp(claims[vintage][q], _fmt(q)) for q in RECONCILED_QUANTITIES]
        sh.put_row(r, 1, cells)
    last = first + len(vintages) - 1
    sh.headers(HEADER_ROW, 1, HEADERS)
    for k, quantity in enumerate(RECONCILED_QUANTITIES):
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
                fx(f'=IF(D{r}>0,"overstated",IF(D{r}<0,"understated","none"))'),
                fx(f"=IF(ISNUMBER(E{r}),ABS(E{r})>Materiality_Fraction,TRUE)"),
            ],
        )
        if quantity == "vcus":
            sh.define("Period_VCU_Misstatement", r, 4, "claimed − recomputed VCUs over the period")
            sh.define(
                "Period_VCU_Misstatement_Fraction",
                r,
                5,
                "VCU misstatement / |recomputed VCUs| over the period",
            )
    end = FIRST_ROW + len(RECONCILED_QUANTITIES) - 1
    sh.highlights.append(Highlight(f"G{FIRST_ROW}:G{end}", f"G{FIRST_ROW}=TRUE"))
    vcus = [m for m in ctx.materiality if m.get("quantity") == "vcus"]
    if vcus:
        sh.put(end + 1, 1, "Conclusion: " + line_text(vcus[0]), "key")
    sh.freeze = f"A{FIRST_ROW}"
