"""Provenance: input files with SHA-256, the row ledger (read = used + excluded + refused),
companion evidence files, software and versions."""

from __future__ import annotations

from redd_audit.workbook.book import Book
from redd_audit.workbook.layout import fx, inp, label
from redd_audit.workbook.model import COUNT, Highlight
from redd_audit.workbook.sheets.criteria import Condition, sum_where

NAME = "Provenance"


def build(book: Book) -> None:
    ctx = book.ctx
    sh = book.sheet(
        NAME,
        "Provenance: input files, row ledger, companion evidence files, software",
        "Every input row ends as used, excluded by a named rule, or refused by the quality gate; "
        "the counts add up to the rows read.",
    )
    r = 3
    sh.put(r, 1, "1. Input files", "subtitle")
    r += 1
    sh.headers(r, 1, ["Table", "File", "SHA-256", "Rows", "Size (bytes)"])
    r += 1
    for i in sorted(ctx.inputs, key=lambda x: (x.table, x.file)):
        sh.put_row(
            r,
            1,
            [
                label(i.table),
                label(i.file),
                label(i.sha256),
                inp(i.rows, COUNT),
                inp(i.size_bytes, COUNT),
            ],
        )
        r += 1
    r += 1
    ledger = sorted(ctx.ledger, key=lambda x: (x.table, x.file))
    reasons = [(e, reason, count) for e in ledger for reason, count in sorted(e.excluded.items())]
    sh.put(r, 1, "2. Row ledger", "subtitle")
    r += 1
    sh.headers(
        r,
        1,
        [
            "Table",
            "File",
            "Rows read",
            "Used",
            "Excluded (by rule)",
            "Refused (quality gate)",
            "Balanced",
        ],
    )
    r += 1
    ledger_first = r
    reasons_first = ledger_first + len(ledger) + 3
    reasons_last = reasons_first + max(len(reasons), 1) - 1
    for e in ledger:
        counts = f"$D${reasons_first}:$D${reasons_last}"
        files = f"$B${reasons_first}:$B${reasons_last}"
        excluded = "=" + sum_where(counts, [Condition(files, f"B{r}", is_id=True)], False)
        sh.put_row(
            r,
            1,
            [
                label(e.table),
                label(e.file),
                inp(e.rows_read, COUNT),
                inp(e.used, COUNT),
                fx(excluded, COUNT),
                inp(e.refused, COUNT),
                fx(f"=D{r}+E{r}+F{r}=C{r}"),
            ],
        )
        r += 1
    if ledger:
        sh.highlights.append(Highlight(f"G{ledger_first}:G{r - 1}", f"G{ledger_first}=FALSE"))
    r = reasons_first - 2
    sh.put(r, 1, "3. Rows excluded, by rule", "subtitle")
    sh.headers(r + 1, 1, ["Table", "File", "Rule", "Rows"])
    r = reasons_first
    for e, reason, count in reasons:
        sh.put_row(r, 1, [label(e.table), label(e.file), label(reason), inp(count, COUNT)])
        r += 1
    if not reasons:
        sh.put(r, 1, "No row was excluded by a rule.", "note")
        r += 1
    r += 1
    sh.put(r, 1, "4. Companion evidence files (beside the workbook)", "subtitle")
    r += 1
    if book.companions:
        sh.headers(r, 1, ["Table", "File", "SHA-256", "Rows", "Content"])
        r += 1
        for c in book.companions:
            sh.put_row(
                r,
                1,
                [
                    label(c.table),
                    label(c.name),
                    label(c.sha256),
                    inp(c.rows, COUNT),
                    label(c.description),
                ],
            )
            r += 1
    else:
        sh.put(r, 1, "None: every table fits on its sheet.", "note")
        r += 1
    r += 1
    sh.put(r, 1, "5. Software and versions", "subtitle")
    r += 1
    sh.headers(r, 1, ["Component", "Version"])
    r += 1
    for name, version in sorted(ctx.software.items()):
        sh.put_row(r, 1, [label(name), label(version)])
        r += 1
    for text, value in (
        ("parameters.yaml", ctx.parameters_version),
        ("rule set", str(ctx.rule_set.get("id", ctx.project.accounting.rules.id))),
        ("run id", ctx.run_id),
    ):
        sh.put_row(r, 1, [label(text), label(value)])
        r += 1
    sh.widths_from(1, [22, 42, 68, 12, 14, 14, 10])
    sh.title_rows = "1:2"
