"""Provenance: input files with SHA-256, the row ledger (read = used + excluded + refused),
companion evidence files, software and versions."""

from __future__ import annotations

from redd_audit.workbook.book import Book
from redd_audit.workbook.layout import SheetBuilder, fx, inp, label
from redd_audit.workbook.model import COUNT, Cell, Highlight
from redd_audit.workbook.sheets.criteria import Condition, needs_exact, sum_where

NAME = "Provenance"
LEDGER_HEADERS = [
    "Table",
    "File",
    "Rows read",
    "Used",
    "Excluded (by rule)",
    "Refused (quality gate)",
    "Balanced",
]


def _table(
    sh: SheetBuilder, r: int, title: str, headers: list[str], rows: list[list[Cell]], empty: str
) -> int:
    """A titled table; returns the row after it (and a blank row)."""
    sh.put(r, 1, title, "subtitle")
    if not rows:
        sh.put(r + 1, 1, empty, "note")
        return r + 3
    sh.headers(r + 1, 1, headers)
    for i, cells in enumerate(rows):
        sh.put_row(r + 2 + i, 1, cells)
    return r + 3 + len(rows)


def _inputs(book: Book) -> list[list[Cell]]:
    return [
        [
            label(i.table),
            label(i.file),
            label(i.sha256),
            inp(i.rows, COUNT),
            inp(i.size_bytes, COUNT),
        ]
        for i in sorted(book.ctx.inputs, key=lambda x: (x.table, x.file))
    ]


def _ledger(book: Book, sh: SheetBuilder, r: int) -> int:
    """Row ledger (section 2) and the exclusions by rule it sums (section 3)."""
    ledger = sorted(book.ctx.ledger, key=lambda x: (x.table, x.file))
    reasons = [(e, reason, count) for e in ledger for reason, count in sorted(e.excluded.items())]
    sh.put(r, 1, "2. Row ledger", "subtitle")
    sh.headers(r + 1, 1, LEDGER_HEADERS)
    first = r + 2
    reasons_first = first + len(ledger) + 3
    reasons_last = reasons_first + max(len(reasons), 1) - 1
    exact = needs_exact(e.file for e in ledger)
    counts = f"$D${reasons_first}:$D${reasons_last}"
    files = f"$B${reasons_first}:$B${reasons_last}"
    for i, e in enumerate(ledger):
        row = first + i
        excluded = "=" + sum_where(counts, [Condition(files, f"B{row}", is_id=True)], exact)
        sh.put_row(
            row,
            1,
            [
                label(e.table),
                label(e.file),
                inp(e.rows_read, COUNT),
                inp(e.used, COUNT),
                fx(excluded, COUNT),
                inp(e.refused, COUNT),
                fx(f"=D{row}+E{row}+F{row}=C{row}"),
            ],
        )
    if ledger:
        last = first + len(ledger) - 1
        sh.highlights.append(Highlight(f"G{first}:G{last}", f"G{first}=FALSE"))
    rows = [
        [label(e.table), label(e.file), label(reason), inp(count, COUNT)]
        for e, reason, count in reasons
    ]
    return _table(
        sh,
        reasons_first - 2,
        "3. Rows excluded, by rule",
        ["Table", "File", "Rule", "Rows"],
        rows,
        "No row was excluded by a rule.",
    )


def _software(book: Book) -> list[list[Cell]]:
    ctx = book.ctx
    rows = [[label(name), label(version)] for name, version in sorted(ctx.software.items())]
    return [
        *rows,
        [label("parameters.yaml"), label(ctx.parameters_version)],
        [label("rule set"), label(str(ctx.rule_set.get("id", ctx.project.accounting.rules.id)))],
        [label("run id"), label(ctx.run_id)],
    ]


def build(book: Book) -> None:
    sh = book.sheet(
        NAME,
        "Provenance: input files, row ledger, companion evidence files, software",
        "Every input row ends as used, excluded by a named rule, or refused by the quality gate; "
        "the counts add up to the rows read.",
    )
    headers = ["Table", "File", "SHA-256", "Rows", "Size (bytes)"]
    r = _table(sh, 3, "1. Input files", headers, _inputs(book), "No input file.")
    r = _ledger(book, sh, r)
    companions = [
        [label(c.table), label(c.name), label(c.sha256), inp(c.rows, COUNT), label(c.description)]
        for c in book.companions
    ]
    r = _table(
        sh,
        r,
        "4. Companion evidence files (beside the workbook)",
        ["Table", "File", "SHA-256", "Rows", "Content"],
        companions,
        "None: every table fits on its sheet.",
    )
    _table(sh, r, "5. Software and versions", ["Component", "Version"], _software(book), "")
    sh.widths_from(1, [22, 42, 68, 12, 14, 14, 10])
    sh.title_rows = "1:2"
