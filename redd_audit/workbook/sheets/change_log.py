"""Change log: differences to the previous period's summary (totals and per vintage)."""

from __future__ import annotations

from collections.abc import Mapping

from redd_audit.quantities import QUANTITIES, by_name, summary_totals
from redd_audit.workbook.book import Book
from redd_audit.workbook.layout import HEADER_ROW, SheetBuilder, fx, inp, label, link, plain
from redd_audit.workbook.model import YEAR, Cell, column_letter

NAME = "Change log"

#: summary.json totals -> (defined name, report format), from the quantities registry
TOTAL_CELLS = {
    q.name: (q.workbook_name, q.report_format)
    for q in summary_totals()
    if q.workbook_name is not None
}
#: summary.json vintage quantities -> column of the Vintages table
VINTAGE_KEYS = {
    q.name: q.vintage_key for q in QUANTITIES if q.in_summary_vintages and q.vintage_key
}


def _mapping(value: object) -> Mapping[str, object]:
    return value if isinstance(value, Mapping) else {}


def _number(value: object) -> float | None:
    v = plain(value)
    if isinstance(v, bool) or v is None:
        return None
    if isinstance(v, int | float):
        return float(v)
    try:
        return float(str(v))
    except ValueError:
        return None


def _totals(sh: SheetBuilder, r: int, prev: Mapping[str, object]) -> int:
    sh.headers(r, 1, ["Total", "Previous", "Current", "Current − previous"])
    totals = _mapping(prev.get("totals"))
    for key, (name, fmt) in TOTAL_CELLS.items():
        r += 1
        sh.put_row(
            r,
            1,
            [
                label(key),
                inp(_number(totals.get(key)), fmt),
                link(f"={name}", fmt),
                fx(f'=IF(ISNUMBER(B{r}),C{r}-B{r},"")', fmt),
            ],
        )
    return r + 2


def _previous_vintages(prev: Mapping[str, object]) -> dict[int, Mapping[str, object]]:
    previous: dict[int, Mapping[str, object]] = {}
    listed = prev.get("vintages")
    for v in listed if isinstance(listed, list) else []:
        year = _number(v.get("vintage")) if isinstance(v, Mapping) else None
        if year is not None:
            previous[int(year)] = v
    return previous


def _vintage_row(
    book: Book, r: int, year: int, previous: Mapping[str, object] | None, index: int | None
) -> list[Cell]:
    table = book.vintage_cells
    assert table is not None
    cells: list[Cell] = [label(year, YEAR)]
    for j, k in enumerate(VINTAGE_KEYS):
        fmt = by_name()[k].report_format
        col = 2 + 3 * j
        p_val = _number(previous.get(k)) if previous is not None else None
        cur_cell = (
            link(f"={getattr(table.rows[index], VINTAGE_KEYS[k])}", fmt)
            if index is not None
            else label(None)
        )
        pa, ca = f"{column_letter(col)}{r}", f"{column_letter(col + 1)}{r}"
        diff = fx(f'=IF(AND(ISNUMBER({pa}),ISNUMBER({ca})),{ca}-{pa},"")', fmt)
        cells += [inp(p_val, fmt), cur_cell, diff]
    return cells


def _per_vintage(book: Book, sh: SheetBuilder, r: int, prev: Mapping[str, object]) -> None:
    sh.put(r, 1, "Per vintage", "subtitle")
    header = ["Vintage"]
    for k in VINTAGE_KEYS:
        header += [f"{k} previous", f"{k} current", f"{k} difference"]
    sh.headers(r + 1, 1, header)
    previous = _previous_vintages(prev)
    current = {f.vintage: i for i, f in enumerate(book.vintages)}
    for offset, year in enumerate(sorted(set(previous) | set(current))):
        row = r + 2 + offset
        sh.put_row(row, 1, _vintage_row(book, row, year, previous.get(year), current.get(year)))


def build(book: Book) -> None:
    ctx = book.ctx
    sh = book.sheet(
        NAME,
        "Change log: differences to the previous period's summary",
        "Previous figures are inputs copied from the previous summary.json in this output folder; "
        "current figures link to this workbook.",
    )
    prev = ctx.previous_summary
    if not prev:
        sh.put(
            HEADER_ROW,
            1,
            "First period in this output folder: no previous summary to compare with.",
            "note",
        )
        return
    period = _mapping(prev.get("period"))
    sh.put(
        3,
        1,
        f"Previous period {period.get('start', '?')} to {period.get('end', '?')}; "
        f"status {prev.get('status', '?')}; current period {ctx.start} to {ctx.end}.",
        "note",
    )
    r = _totals(sh, 4, prev)
    _per_vintage(book, sh, r, prev)
    sh.widths_from(1, [22] + [14] * (3 * len(VINTAGE_KEYS)))
    sh.title_rows = "1:2"
