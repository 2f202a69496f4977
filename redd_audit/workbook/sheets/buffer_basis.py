"""The buffer basis of the claims (contract 7.4), a block right of the Reconciliation table.

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
from redd_audit.workbook.layout import HEADER_ROW, fx, inp, label, link
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


#: The block starts in this column, right of the Reconciliation table (A–H), so that readers
#: of that table (vintages in column A) never meet it.
FIRST_COLUMN = 10


def _col(k: int) -> str:
    """The letter of the block's ``k``-th column (0 = the vintage)."""
    return column_letter(FIRST_COLUMN + k)


def _candidate(r: int, rule: str) -> str:
    """Rating × base of ``rule`` from the claim's columns (NER beside them), nil when NER ≤ 0."""
    baseline, project, ner = f"{_col(1)}{r}", f"{_col(2)}{r}", f"{_col(5)}{r}"
    base = buffer_base_tco2e(
        baseline,
        project,
        "Deduction_Factor",
        rule,
        ner,
        nested(adjusted_net_emission_reductions_tco2e(ner, "Deduction_Factor")),
    )
    return buffer_withholding_tco2e("Risk_Rating_Fraction", nested(base), ner)


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
    top, c0 = HEADER_ROW - 3, FIRST_COLUMN
    value = c0 + 2
    sh.put(top, c0, "Buffer basis of the claims (contract 7.4)", "subtitle")
    sh.put(top + 1, c0, "Stated rule", "key")
    sh.put_row(top + 1, value, [link("=Buffer_Base")])
    sh.define(
        "Buffer_Basis", top + 1, value, "the stated buffer basis (accounting.rules.buffer_base)"
    )
    sh.put(top + 2, c0, "Tolerance (tCO2e)", "key")
    sh.put_row(top + 2, value, [inp(TOLERANCE_TCO2E, TCO2E)])
    sh.define(
        "Buffer_Claims_Tolerance_tCO2e", top + 2, value, "a claim follows a basis within this"
    )
    sh.put(top + 3, c0, "Relative tolerance", "key")
    sh.put_row(top + 3, value, [inp(RELATIVE_TOLERANCE, FACTOR)])
    sh.define("Buffer_Claims_Relative_Tolerance", top + 3, value, "… or this fraction of the base")
    head = top + 6
    sh.headers(head, c0, HEADERS)
    first = head + 1
    n = len(CANDIDATES)
    claimed_buffer = _col(4)
    for offset, vintage in enumerate(vintages):
        r = first + offset
        row = [label(vintage, YEAR)]
        row += [link(f"={claims.of(vintage, q)}", TCO2E) for q in CLAIMED]
        row.append(
            fx(
                net_emission_reductions_tco2e(f"{_col(1)}{r}", f"{_col(2)}{r}", f"{_col(3)}{r}"),
                TCO2E,
            )
        )
        row += [fx(_candidate(r, rule), TCO2E) for _, rule in CANDIDATES]
        for k in range(n):
            c = f"{_col(6 + k)}{r}"
            row.append(
                fx(
                    f"=ABS({claimed_buffer}{r}-{c})<=MAX(Buffer_Claims_Tolerance_tCO2e,"
                    f"Buffer_Claims_Relative_Tolerance*ABS({c}))"
                )
            )
        row.append(fx(f"={_col(5 + n)}{r}-{claimed_buffer}{r}", TCO2E))
        sh.put_row(r, c0, row)
    last = first + len(vintages) - 1
    parts = []
    for k, (name, _) in enumerate(CANDIDATES[:-1]):
        col = _col(6 + n + k)
        parts.append(
            f'IF(COUNTIF({col}{first}:{col}{last},FALSE)=0,{text_literal(", " + name)},"")'
        )
    stated = _col(6 + 2 * n - 1)
    parts.append(
        f"IF(AND(Buffer_Base={text_literal('adjusted_stock_change')},"
        f"COUNTIF({stated}{first}:{stated}{last},FALSE)=0),"
        f'{text_literal(", adjusted_stock_change")},"")'
    )
    joined = f"{column_letter(value)}{top + 4}"
    sh.put(top + 4, c0, "Bases every claim follows (joined)", "key")
    sh.put_row(top + 4, value, [fx("=" + "&".join(parts))])
    sh.put(top + 1, c0 + 4, "Bases the claims follow", "key")
    sh.put_row(top + 1, c0 + 6, [fx(f'=MID({joined},LEN(", ")+1,LEN({joined}))')])
    sh.define("Buffer_Basis_Claims", top + 1, c0 + 6, "the bases every claimed vintage follows")
    diff = _col(len(HEADERS) - 1)
    sh.put(top + 2, c0 + 4, "Stated − claimed buffer (tCO2e)", "key")
    sh.put_row(top + 2, c0 + 6, [fx(f"=SUM({diff}{first}:{diff}{last})", TCO2E)])
    sh.define(
        "Buffer_Claims_Difference_tCO2e",
        top + 2,
        c0 + 6,
        "Σ stated-rule buffer − claimed buffer: the VCUs the claims overstate",
    )
