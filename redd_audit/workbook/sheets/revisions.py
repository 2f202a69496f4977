"""The "Revisions" sheet (contract 5.1): the revision log an auditor keeps by hand. This run's
revision number and reason, the previous revision, the ER delta by vintage and quantity, the
changed input files and the changed records (first 1,000 per table) with old and new values."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from redd_audit.cycle.json_values import as_int, items, mapping, mappings
from redd_audit.workbook.book import Book
from redd_audit.workbook.layout import SheetBuilder, fx, inp, label, link
from redd_audit.workbook.model import COUNT, TCO2E, YEAR
from redd_audit.workbook.sheets.cycle_cells import vintage_ref

SHEET = "Revisions"
#: Changed records shown per table (summary.json lists more).
RECORDS_PER_TABLE = 1000


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _record_rows(entry: Mapping[str, object]) -> list[tuple[str, object, object]]:
    """``(column, old, new)`` lines of one record entry: one per changed column, or one line
    with every value for an added or removed record."""
    old = mapping(entry.get("old"))
    new = mapping(entry.get("new"))
    if entry.get("change") == "changed":
        columns = [str(c) for c in items(entry.get("columns"))]
        return [(c, old.get(c), new.get(c)) for c in columns]
    values = old if entry.get("change") == "removed" else new
    joined = "; ".join(f"{k}={_text(v)}" for k, v in values.items())
    return [("(all)", joined if entry.get("change") == "removed" else None,
             joined if entry.get("change") == "added" else None)]  # fmt: skip


def _header(sh: SheetBuilder, revision: Mapping[str, object]) -> int:
    previous = mapping(revision.get("previous"))
    rows = [
        ("Revision", inp(revision.get("number"), COUNT)),
        ("Reason", inp(revision.get("reason"))),
        (
            "Previous revision",
            inp(f"{previous.get('number'):03d}" if previous.get("number") else "none"),
        ),
        ("Previous summary.json SHA-256", inp(previous.get("summary_sha256"))),
    ]
    r = 3
    for text, cell in rows:
        sh.put(r, 1, text, "key")
        sh.put_row(r, 2, [cell])
        r += 1
    for note_text in items(revision.get("notes")):
        sh.put(r, 1, str(note_text), "note")
        r += 1
    return r + 1


def _figures(book: Book, sh: SheetBuilder, r: int, figures: list[Mapping[str, object]]) -> int:
    sh.put(r, 1, "ER delta by vintage and quantity (current − previous revision)", "subtitle")
    r += 1
    if not figures:
        sh.put(r, 1, "No previous revision to compare with.", "note")
        return r + 2
    sh.headers(r, 1, ["Vintage", "Quantity", "Previous (input)", "Current", "Difference"])
    r += 1
    for f in figures:
        fmt = COUNT if f["quantity"] == "vcus" else TCO2E
        ref = vintage_ref(book, str(f["quantity"]), as_int(f["vintage"]))
        current = link(f"={ref}", fmt) if ref else label(f.get("current"), fmt)
        sh.put_row(
            r,
            1,
            [
                label(f["vintage"], YEAR),
                label(f["quantity"]),
                inp(f.get("previous"), fmt),
                current,
                fx(f'=IF(AND(ISNUMBER(C{r}),ISNUMBER(D{r})),D{r}-C{r},"")', fmt),
            ],
        )
        r += 1
    return r + 1


def _inputs(sh: SheetBuilder, r: int, inputs: list[Mapping[str, object]]) -> int:
    sh.put(r, 1, "Changed input files", "subtitle")
    r += 1
    if not inputs:
        sh.put(r, 1, "No input file changed.", "note")
        return r + 2
    sh.headers(r, 1, ["File", "Change", "Previous SHA-256", "SHA-256"])
    r += 1
    for i in inputs:
        change = (
            "added"
            if i.get("previous_sha256") is None
            else "removed"
            if i.get("sha256") is None
            else "changed"
        )
        sh.put_row(
            r, 1, [label(i["file"]), label(change), label(i.get("previous_sha256")),
                   label(i.get("sha256"))]
        )  # fmt: skip
        r += 1
    return r + 1


def _records(sh: SheetBuilder, r: int, records: list[Mapping[str, object]]) -> int:
    sh.put(r, 1, f"Changed records (first {RECORDS_PER_TABLE:,} per table)", "subtitle")
    r += 1
    if not records:
        sh.put(r, 1, "No record changed.", "note")
        return r + 2
    sh.headers(r, 1, ["Table", "Record", "Change", "Column", "Old value", "New value", "Row"])
    r += 1
    shown: Counter[str] = Counter()
    for entry in records:
        table = str(entry["table"])
        shown[table] += 1
        if shown[table] > RECORDS_PER_TABLE:
            continue
        for column, old, new in _record_rows(entry):
            sh.put_row(
                r,
                1,
                [label(table), label(entry["record"]), label(entry["change"]), label(column),
                 label(old), label(new), label(entry.get("row"))],
            )  # fmt: skip
            r += 1
    hidden = {t: n - RECORDS_PER_TABLE for t, n in shown.items() if n > RECORDS_PER_TABLE}
    for table, n in sorted(hidden.items()):
        sh.put(r, 1, f"{table}: {n:,} further changed records are listed in summary.json", "note")
        r += 1
    return r + 1


def build(book: Book) -> None:
    """Build the sheet from ``ctx.revision`` (summary.json ``revision``)."""
    revision = book.ctx.revision or {}
    sh = book.sheet(
        SHEET,
        "Revisions: what changed since the previous run of this period",
        "Earlier outputs of this period are kept unchanged in revisions/<NNN>/ beside this "
        "workbook; their inputs in revisions/<NNN>/inputs/.",
    )
    sh.widths_from(1, [30, 28, 24, 24, 24, 24])
    if not revision:
        sh.put(3, 1, "No revision information.", "note")
        return
    changes = mapping(revision.get("changes"))
    r = _header(sh, revision)
    r = _figures(book, sh, r, mappings(changes.get("figures")))
    r = _inputs(sh, r, mappings(changes.get("inputs")))
    _records(sh, r, mappings(changes.get("records")))
    sh.protected = False
