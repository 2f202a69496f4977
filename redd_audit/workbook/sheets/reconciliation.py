"""Reconciliation: the proponent's claimed figures versus the recomputation, per vintage.

This sheet holds the claimed figures as input cells, the only place in the workbook where a
claim is typed (contract 5.8); the Period materiality sheet sums these cells, so an auditor's
correction of a claim reaches every conclusion after recalculation.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from redd_audit.formulas.reconciliation import difference_fraction, is_material
from redd_audit.methodology.reconciliation import OPTIONAL_RECONCILED
from redd_audit.quantities import QUANTITIES
from redd_audit.workbook.book import Book
from redd_audit.workbook.layout import FIRST_ROW, HEADER_ROW, fx, inp, label, link
from redd_audit.workbook.model import COUNT, FRACTION, YEAR, Highlight
from redd_audit.workbook.refs import VintageCells
from redd_audit.workbook.sheets.documents import cite

NAME = "Reconciliation"
#: claimed quantity -> (column of the Vintages table, report format), from the registry
RECONCILED = {
    q.name: (q.vintage_key or q.name, q.report_format)
    for q in QUANTITIES
    if q.reconciled or q.name in OPTIONAL_RECONCILED
}
HEADERS = [
    "Vintage",
    "Quantity",
    "Claimed (input)",
    "Recomputed",
    "Difference claimed − recomputed",
    "Difference (fraction)",
    "Material",
    "Source",
]


@dataclass(frozen=True)
class ClaimCells:
    """The claimed figures' input cells: ``(vintage, quantity)`` -> absolute reference."""

    cells: dict[tuple[int, str], str] = field(default_factory=dict)

    def of(self, vintage: int, quantity: str) -> str | None:
        return self.cells.get((vintage, quantity))


def build(book: Book, vintages: VintageCells) -> ClaimCells:
    """Build the sheet; return where each claimed figure was typed."""
    ctx, rc = book.ctx, book.rc
    sh = book.sheet(
        NAME,
        "Reconciliation: the proponent's claimed figures versus the recomputation",
        "Difference fraction = (claimed − recomputed) / |recomputed| (0 when both are 0; empty "
        "when only the recomputed value is 0, which counts as material); material when "
        "|difference| > Materiality_Fraction.",
    )
    sh.put(HEADER_ROW - 1, 1, "Materiality threshold (fraction)", "key")
    sh.put(HEADER_ROW - 1, 3, link("=Materiality_Fraction").value, "link", FRACTION)
    if ctx.frames.get("claimed_vintages") is None:
        sh.put(HEADER_ROW, 1, "claimed_vintages was not provided: nothing to reconcile.", "note")
        return ClaimCells()
    sh.headers(HEADER_ROW, 1, HEADERS)
    source = cite(ctx.project, "claims") or "claimed_vintages table"
    index = {f.vintage: i for i, f in enumerate(book.vintages)}
    r = FIRST_ROW
    claims: dict[tuple[int, str], str] = {}
    for line in rc.reconciliation:
        key, fmt = RECONCILED[line.quantity]
        v = vintages.rows[index[line.vintage]]
        sh.put_row(
            r,
            1,
            [
                link(f"={v.vintage}", YEAR),
                label(line.quantity),
                inp(line.claimed, fmt),
                link(f"={getattr(v, key)}", fmt),
                fx(f"=C{r}-D{r}", fmt),
                fx(difference_fraction(f"C{r}", f"D{r}"), FRACTION),
                fx(is_material(f"F{r}", "Materiality_Fraction")),
                label(f"claimed: {source}; recomputed: Vintages"),
            ],
        )
        claims[(line.vintage, line.quantity)] = sh.ref(r, 3)
        r += 1
    last = r - 1
    if last >= FIRST_ROW:
        sh.highlights.append(Highlight(f"G{FIRST_ROW}:G{last}", f"G{FIRST_ROW}=TRUE"))
        sh.put(last + 2, 1, "Material differences", "key")
        sh.put(last + 2, 3, fx(f"=COUNTIF(G{FIRST_ROW}:G{last},TRUE)").value, "formula", COUNT)
        sh.autofilter = f"A{HEADER_ROW}:H{last}"
    else:
        sh.put(FIRST_ROW, 1, "No claimed figure falls in the monitoring period.", "note")
    sh.widths_from(1, [9, 16, 16, 16, 18, 14, 10, 40])
    sh.freeze = f"A{FIRST_ROW}"
    sh.title_rows = f"1:{HEADER_ROW}"
    return ClaimCells(claims)
