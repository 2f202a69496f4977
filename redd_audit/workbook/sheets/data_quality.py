"""Data quality: every finding of the quality gate, with error and warning counts."""

from __future__ import annotations

import pandas as pd

from redd_audit.findings import sort_findings
from redd_audit.workbook.book import Book
from redd_audit.workbook.model import COUNT, Formula
from redd_audit.workbook.sheets.data_table import RawColumn, data_table_sheet

NAME = "Data quality"

FINDING_COLUMNS = (
    RawColumn("severity", "Severity", "label", None, 9),
    RawColumn("file", "File", "label", None, 26),
    RawColumn("row", "Row", "label", COUNT, 7),
    RawColumn("record", "Record", "label", None, 22),
    RawColumn("column", "Column", "label", None, 16),
    RawColumn("value", "Observed value", "label", None, 18),
    RawColumn("expectation", "Expectation", "label", None, 34),
    RawColumn("rule", "Rule", "label", None, 28),
    RawColumn("message", "Message", "label", None, 70),
)


def build(book: Book) -> None:
    ctx = book.ctx
    sh = book.sheet(
        "Data quality",
        "Data quality: every finding of the quality gate (Great Expectations suites)",
        "Errors block the run (no emission figures); warnings and info are reported. Rows are "
        "numbered as a spreadsheet shows them (header = row 1).",
    )
    sh.protected = False
    findings = sort_findings(list(ctx.findings))
    frame = pd.DataFrame(
        [f.to_dict() for f in findings], columns=[c.key for c in FINDING_COLUMNS]
    ).astype(object)
    header_row = 6
    n = len(frame)
    first, last = header_row + 1, max(header_row + n, header_row + 1)
    sh.put(3, 1, "Errors", "key")
    sh.put(4, 1, "Warnings", "key")
    sh.put(3, 3, "Info (reported, never blocking)", "key")
    result = data_table_sheet(
        sh,
        ctx,
        "findings",
        FINDING_COLUMNS,
        (),
        {},
        book.row_limit,
        frame=frame,
        header_row=header_row,
    )
    if result.on_sheet:
        sh.put(3, 2, Formula(f'=COUNTIF($A${first}:$A${last},"error")'), "formula", COUNT)
        sh.put(4, 2, Formula(f'=COUNTIF($A${first}:$A${last},"warning")'), "formula", COUNT)
        sh.put(3, 4, Formula(f'=COUNTIF($A${first}:$A${last},"info")'), "formula", COUNT)
        if n == 0:
            sh.put(5, 1, "No finding: every expectation passed.", "note")
    else:
        counts = {s: sum(1 for f in findings if f.severity == s) for s in ("error", "warning")}
        sh.put(3, 2, counts["error"], "input", COUNT)
        sh.put(4, 2, counts["warning"], "input", COUNT)
        sh.put(3, 4, n - counts["error"] - counts["warning"], "input", COUNT)
        if result.companion is not None:
            book.companions.append(result.companion)
