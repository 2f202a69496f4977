"""The buffer basis of the claims (contract 7.4), a block below the Reconciliation table.

Per claimed vintage the candidate buffers come from the claim's own input cells (typed once,
on the Reconciliation sheet) with the registered builders of the buffer equations: the
``stock_change`` base (= ``before_leakage``), the claim's NER (``after_leakage``) and that NER × the
deduction factor (``net``), then the stated rule (``Buffer_Base``). A claim follows a basis when
``|claimed − candidate| ≤ MAX(Buffer_Claims_Tolerance_tCO2e, Buffer_Claims_Relative_Tolerance ×
|candidate|)``. Names: ``Buffer_Basis`` (the stated rule), ``Buffer_Basis_Claims`` (the bases
every claimed vintage follows, text) and ``Buffer_Claims_Difference_tCO2e`` (Σ stated-rule buffer
− claimed buffer: the VCUs the claims overstate).
"""

from __future__ import annotations

from redd_audit.cycle.buffer_basis import RELATIVE_TOLERANCE, TOLERANCE_TCO2E
from redd_audit.formulas.buffer import buffer_base_tco2e, buffer_withholding_tco2e
from redd_audit.formulas.expression import nested, text_literal
from redd_audit.formulas.net_reductions import (
    adjusted_net_emission_reductions_tco2e,
    net_emission_reductions_tco2e,
)
from redd_audit.workbook.book import Book
from redd_audit.workbook.layout import fx, inp, label, link
from redd_audit.workbook.model import FACTOR, TCO2E, YEAR, column_letter
from redd_audit.workbook.sheets.reconciliation import NAME, ClaimCells

CLAIMED = ("baseline_tco2e", "project_tco2e", "leakage_tco2e", "buffer_tco2e")
#: (header, rule operand) of the candidate columns; the last is the stated rule.
CANDIDATES = (
    ("stock_change", text_literal("stock_change")),
    ("after_leakage", text_literal("after_leakage")),
    ("net", text_literal("net")),
    ("stated rule", "Buffer_Base"),
)
HEADERS = [
    "Vintage",
    "Claimed baseline (tCO2e)",
    "Claimed project (tCO2e)",
    "Claimed leakage (tCO2e)",
    "Claimed buffer (tCO2e)",
    "Claimed NER (tCO2e)",
    "Buffer, stock_change = before leakage (tCO2e)",
    *[f"Buffer, {name} (tCO2e)" for name, _ in CANDIDATES[1:]],
    *[f"Follows {name}" for name, _ in CANDIDATES],
    "Stated − claimed buffer (tCO2e)",
]


def _candidate(r: int, rule: str) -> str:
    """Rating × base of ``rule`` from the claim's columns B–D (NER in F), nil when NER ≤ 0."""
    base = buffer_base_tco2e(
        f"B{r}",
        f"C{r}",
        "Deduction_Factor",
        rule,
        f"F{r}",
        nested(adjusted_net_emission_reductions_tco2e(f"F{r}", "Deduction_Factor")),
    )
    return buffer_withholding_tco2e("Risk_Rating_Fraction", nested(base), f"F{r}")


def build(book: Book, claims: ClaimCells) -> None:
    """Add the block to the Reconciliation sheet (nothing without a claimed buffer)."""
    sh = book.sheets[NAME]
    vintages = [
        f.vintage
        for f in book.vintages
        if all(claims.of(f.vintage, q) is not None for q in CLAIMED)
    ]
    if not vintages:
        return
    top = sh.last_row + 3
    sh.put(top, 1, "Buffer basis of the claims (contract 7.4)", "subtitle")
    sh.put(top + 1, 1, "Stated rule", "key")
    sh.put_row(top + 1, 3, [link("=Buffer_Base")])
    sh.define("Buffer_Basis", top + 1, 3, "the stated buffer basis (accounting.rules.buffer_base)")
    sh.put(top + 2, 1, "Tolerance (tCO2e)", "key")
    sh.put_row(top + 2, 3, [inp(TOLERANCE_TCO2E, TCO2E)])
    sh.define("Buffer_Claims_Tolerance_tCO2e", top + 2, 3, "a claim follows a basis within this")
    sh.put(top + 3, 1, "Relative tolerance", "key")
    sh.put_row(top + 3, 3, [inp(RELATIVE_TOLERANCE, FACTOR)])
    sh.define("Buffer_Claims_Relative_Tolerance", top + 3, 3, "… or this fraction of the base")
    head = top + 6
    sh.headers(head, 1, HEADERS)
    first = head + 1
    n = len(CANDIDATES)
    for offset, vintage in enumerate(vintages):
        r = first + offset
        row = [label(vintage, YEAR)]
        row += [link(f"={claims.of(vintage, q)}", TCO2E) for q in CLAIMED]
        row.append(fx(net_emission_reductions_tco2e(f"B{r}", f"C{r}", f"D{r}"), TCO2E))
        row += [fx(_candidate(r, rule), TCO2E) for _, rule in CANDIDATES]
        for k in range(n):
            c = f"{column_letter(7 + k)}{r}"
            row.append(
                fx(
                    f"=ABS(E{r}-{c})<=MAX(Buffer_Claims_Tolerance_tCO2e,"
                    f"Buffer_Claims_Relative_Tolerance*ABS({c}))"
                )
            )
        row.append(fx(f"={column_letter(6 + n)}{r}-E{r}", TCO2E))
        sh.put_row(r, 1, row)
    last = first + len(vintages) - 1
    parts = []
    for k, (name, _) in enumerate(CANDIDATES[:-1]):
        col = column_letter(7 + n + k)
        parts.append(
            f'IF(COUNTIF({col}{first}:{col}{last},FALSE)=0,{text_literal(", " + name)},"")'
        )
    stated = column_letter(7 + 2 * n - 1)
    parts.append(
        f"IF(AND(Buffer_Base={text_literal('adjusted_stock_change')},"
        f"COUNTIF({stated}{first}:{stated}{last},FALSE)=0),"
        f'{text_literal(", adjusted_stock_change")},"")'
    )
    sh.put(top + 4, 1, "Bases every claim follows (joined)", "key")
    sh.put_row(top + 4, 3, [fx("=" + "&".join(parts))])
    sh.put(top + 1, 5, "Bases the claims follow", "key")
    sh.put_row(top + 1, 7, [fx(f'=MID(C{top + 4},LEN(", ")+1,LEN(C{top + 4}))')])
    sh.define("Buffer_Basis_Claims", top + 1, 7, "the bases every claimed vintage follows")
    diff = column_letter(len(HEADERS))
    sh.put(top + 2, 5, "Stated − claimed buffer (tCO2e)", "key")
    sh.put_row(top + 2, 7, [fx(f"=SUM({diff}{first}:{diff}{last})", TCO2E)])
    sh.define(
        "Buffer_Claims_Difference_tCO2e",
        top + 2,
        7,
        "Σ stated-rule buffer − claimed buffer: the VCUs the claims overstate",
    )
