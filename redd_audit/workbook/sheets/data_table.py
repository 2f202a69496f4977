"""Input-row sheets: one table of the project folder per sheet, lossless and reconciled with the
row ledger.

* Every column of the file is carried: the declared columns first, then every extra column
  (coordinates, scene ids, notes) in file order.
* Each row keeps the file's row number, a ``refused`` flag (1 when the quality gate reported
  an error on the row) and the row ledger's outcome: ``used``, ``excluded`` with the rule as
  the reason, or ``refused``. A count block above the table counts the outcomes on the sheet
  (formulas) beside the ledger's counts of summary.json ``rows``.
* Helper columns are per-row formulas (year of the date, accounting flags) that the
  calculation sheets aggregate with ``SUMIFS``/``COUNTIFS`` through defined names.
* Blank input rows follow the data (:data:`SPARE_ROWS`), already inside the defined-name ranges
  and with the helper formulas: a row the verifier types there enters the calculations. They
  are left out of the print area.
* A table longer than the row limit goes to a companion CSV file instead.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pandas as pd

from redd_audit.ledger import REFUSED, USED, FileLedger, row_outcomes
from redd_audit.tables.schemas import ROW_COLUMN
from redd_audit.workbook.context import WorkbookContext
from redd_audit.workbook.layout import HEADER_ROW, SheetBuilder, column_values
from redd_audit.workbook.model import (
    COUNT,
    DATE,
    Column,
    DataTable,
    Formula,
    Role,
    Scalar,
    column_letter,
)
from redd_audit.workbook.refs import DataSheetResult as DataSheetResult
from redd_audit.workbook.sheets.data_columns import RawColumn as RawColumn
from redd_audit.workbook.sheets.data_columns import refused_flags as refused_flags
from redd_audit.workbook.sheets.data_columns import refused_rows as refused_rows
from redd_audit.workbook.sheets.data_companion import companion_csv

#: Longest table written to a sheet; longer tables go to a companion CSV file.
SHEET_ROW_LIMIT = 100_000
#: Blank input rows below the data of an input table, for rows the verifier appends.
SPARE_ROWS = 200
EXCLUDED = "excluded"
LEDGER_HEADER_ROW = 9  # table header below the ledger count block (rows 3-7)


@dataclass(frozen=True)
class HelperColumn:
    key: str
    header: str
    #: builds the formula template from the letters of the columns ({r} = row number)
    template: Callable[[dict[str, str]], str]
    fmt: str | None = None
    width: float = 12.0
    role: Role = "formula"


def with_extra_columns(raw: Sequence[RawColumn], frame: pd.DataFrame) -> list[RawColumn]:
    """``raw`` plus every other column of ``frame`` (file order), before the ``refused`` flag."""
    known = {c.key for c in raw} | {ROW_COLUMN}
    bounds = {"latitude": (-90.0, 90.0), "longitude": (-180.0, 180.0)}
    extras = [
        RawColumn(
            str(c),
            str(c),
            "input",
            DATE if pd.api.types.is_datetime64_any_dtype(frame[c]) else None,
            max(10.0, min(24.0, len(str(c)) + 2.0)),
            None,
            *bounds.get(str(c), (None, None)),
        )
        for c in frame.columns
        if c not in known
    ]
    head = [c for c in raw if c.key != "refused"]
    tail = [c for c in raw if c.key == "refused"]
    return [*head, *extras, *tail]


def ledger_entry(ctx: WorkbookContext, table: str) -> FileLedger | None:
    return next((e for e in ctx.ledger if e.table == table), None)


def ledger_columns(
    ctx: WorkbookContext, table: str, frame: pd.DataFrame
) -> tuple[list[str | None], list[str | None]]:
    """Per row: the ledger status (``used``/``excluded``/``refused``) and the reason."""
    outcomes = row_outcomes(table, frame, ctx.project, ctx.start, ctx.end, refused_rows(ctx, table))
    status: list[str | None] = []
    reason: list[str | None] = []
    for o in outcomes.tolist():
        if o == USED:
            status.append(USED)
            reason.append(None)
        elif o == REFUSED:
            status.append(REFUSED)
            reason.append("error finding of the quality gate (see Data quality)")
        else:
            status.append(EXCLUDED)
            reason.append(str(o))
    return status, reason


def _guarded(template: str, key: str) -> str:
    """The helper formula, 0 while the row's key cell is blank (spare rows: a number, so that
    SUMPRODUCT and arithmetic over the column stay defined)."""
    if not template:
        return template
    return f'=IF({key}{{r}}="",0,{template[1:]})'


def _count_block(sheet: SheetBuilder, entry: FileLedger, key_range: str, status_range: str) -> None:
    """Rows 3-7: ledger outcomes counted on the sheet beside the ledger's own counts."""
    sheet.headers(
        3, 1, ["Row ledger", "On this sheet (formula)", "Row ledger (summary.json rows)", "Agree"]
    )
    rows = [
        ("Rows read", f"=COUNTA({key_range})", entry.rows_read),
        (f"Used ({USED})", f'=COUNTIF({status_range},"{USED}")', entry.used),
        (
            f"Excluded by a named rule ({EXCLUDED})",
            f'=COUNTIF({status_range},"{EXCLUDED}")',
            sum(entry.excluded.values()),
        ),
        (
            f"Refused by the quality gate ({REFUSED})",
            f'=COUNTIF({status_range},"{REFUSED}")',
            entry.refused,
        ),
    ]
    for i, (text, formula, count) in enumerate(rows):
        r = 4 + i
        sheet.put(r, 1, text)
        sheet.put(r, 2, Formula(formula), "formula", COUNT)
        sheet.put(r, 3, count, "input", COUNT)
        sheet.put(r, 4, Formula(f"=B{r}=C{r}"), "formula")


def data_table_sheet(
    sheet: SheetBuilder,
    ctx: WorkbookContext,
    table: str,
    raw: Sequence[RawColumn],
    helpers: Sequence[HelperColumn],
    names: dict[str, str],
    row_limit: int,
    frame: pd.DataFrame | None = None,
    header_row: int = HEADER_ROW,
) -> DataSheetResult:
    """Write ``table`` to ``sheet`` (rows + helper formulas) or to a companion CSV.

    ``names`` maps a column key to the defined name of its data range (only when on the sheet).
    ``frame`` defaults to ``ctx.frames[table]``. Tables of the row ledger (the input tables) get
    every extra column, the ledger status and reason per row, the count block and the spare
    rows; other listings (e.g. findings) are written as given.
    """
    if frame is None:
        frame = ctx.frames.get(table)
    if frame is None:
        sheet.put(HEADER_ROW, 1, f"Table '{table}' was not provided (optional).", "note")
        return DataSheetResult(table, on_sheet=False, n_rows=0, provided=False)
    if ROW_COLUMN in frame.columns:
        frame = frame.sort_values(ROW_COLUMN, kind="stable")
    entry = ledger_entry(ctx, table)
    if entry is not None:  # an input table: raw data, not part of the default print
        sheet.kind = "data"
    if entry is not None:
        raw = with_extra_columns(raw, frame)
    n = len(frame)
    if n > row_limit:
        companion = companion_csv(ctx, table, raw, frame)
        sheet.put(
            header_row,
            1,
            f"{n:,} rows exceed the sheet limit of {row_limit:,}: all rows are in the companion "
            f"file {companion.name} (SHA-256 {companion.sha256}, see Provenance); the "
            "calculation sheets use their aggregates as input cells.",
            "note",
        )
        return DataSheetResult(table, on_sheet=False, n_rows=n, companion=companion)

    spare = SPARE_ROWS if entry is not None else 0
    if entry is not None:
        header_row = max(header_row, LEDGER_HEADER_ROW)
    ledger_keys = ["ledger_status", "ledger_reason"] if entry is not None else []
    keys = [c.key for c in raw] + ledger_keys + [h.key for h in helpers]
    letters = {k: column_letter(i + 1) for i, k in enumerate(keys)}
    key_letter = letters[next((c.key for c in raw if c.key != ROW_COLUMN), raw[0].key)]
    blank: list[None] = [None] * spare
    flags = refused_flags(ctx, table, frame)
    columns: list[Column] = []
    for c in raw:
        values: list[Scalar]
        if c.key == "refused":  # spare rows: 0, so that criteria such as Tree_Refused,0 hold
            values = [*flags, *([0] * spare)]
        else:
            values = [*column_values(frame, c.key), *blank]
        allowed = c.allowed
        if c.key == "stratum_id" and c.role == "input":  # the strata of project.yaml
            allowed = tuple(s.id for s in ctx.project.strata)
        columns.append(
            Column(
                c.header,
                c.role,
                c.fmt,
                values=values,
                width=c.width,
                allowed=allowed,
                minimum=c.minimum,
                maximum=c.maximum,
            )
        )
    if entry is not None:
        status, reason = ledger_columns(ctx, table, frame)
        columns.append(Column("Row ledger: status", "label", None, [*status, *blank], width=10))
        columns.append(Column("Row ledger: reason", "label", None, [*reason, *blank], width=36))
    for h in helpers:
        template = h.template(letters)
        if spare:
            template = _guarded(template, key_letter)
        columns.append(Column(h.header, h.role, h.fmt, template=template, width=h.width))
    sheet.table = DataTable(
        header_row=header_row, columns=tuple(columns), n_rows=n + spare, blank_rows=spare
    )
    first = header_row + 1
    sheet.freeze = f"A{first}"
    sheet.title_rows = f"1:{header_row}"
    last = max(first + n + spare - 1, first)
    for key, name in names.items():
        col = keys.index(key) + 1
        sheet.define_range(name, first, col, last, col)
    for i, column in enumerate(columns, start=1):
        sheet.width(i, column.width or 12.0)
    sheet.autofilter = f"A{header_row}:{column_letter(len(columns))}{max(header_row + n, first)}"
    if entry is not None:
        status_col = letters["ledger_status"]
        _count_block(
            sheet,
            entry,
            f"${key_letter}${first}:${key_letter}${last}",
            f"${status_col}${first}:${status_col}${last}",
        )
    return DataSheetResult(table, on_sheet=True, n_rows=n)


def column_index(sheet: SheetBuilder, header: str) -> int:
    """0-based position of the table column titled ``header``."""
    if sheet.table is None:
        raise KeyError(header)
    return next(i for i, c in enumerate(sheet.table.columns) if c.header == header)
