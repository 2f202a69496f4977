"""XLSX tables: the first sheet, header in row 1 (contract.md section 2).

Cells are read as their values; a formula cell is read as the value the spreadsheet cached
when the file was last calculated and saved (the count of such cells is noted in the
provenance as ``formula_cells``). A formula without a cached value (a file produced by a
program that does not calculate) has no value to read: the file is refused naming the cells,
with the fix (open and save it in a spreadsheet after recalculation, or paste values). A first
sheet that is empty while another sheet holds data is refused naming that sheet.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from redd_audit.errors import InputError
from redd_audit.tables.raw import Raw, check_width, empty_raw, native_text
from redd_audit.tables.schemas import TableSchema
from redd_audit.tables.xlsx_archive import Sheets, check_archive

#: Largest ``.xlsx`` file read, in bytes as stored (compressed): 200 MiB.
MAX_XLSX_BYTES = 200 * 1024**2
#: Uncached formula cells named in a refusal; the total is given beyond it.
_MAX_CELLS_NAMED = 20
#: Rows of the other sheets looked at to tell whether they hold data.
_ROWS_PEEKED = 20


def _open(path: Path) -> Any:
    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return openpyxl.load_workbook(path, read_only=True, data_only=True)


def _cells(path: Path, sheet_name: str, file: str) -> tuple[list[Any] | None, list[Sequence[Any]]]:
    """Header cells (None when the sheet is empty) and record rows of a sheet."""
    try:
        workbook = _open(path)
        try:
            sheet = workbook[sheet_name]
            sheet.reset_dimensions()
            cells = sheet.iter_rows(values_only=True)
            header = next(cells, None)
            records = list(cells)
        finally:
            workbook.close()
    except InputError:
        raise
    except KeyError as exc:
        raise InputError(
            f"the spreadsheet's first sheet is missing from the file ({exc})", file=file
        ) from None
    except Exception as exc:  # openpyxl raises many kinds on a malformed workbook
        raise InputError(
            f"cannot read the spreadsheet: {type(exc).__name__}: {exc}", file=file
        ) from None
    return (list(header) if header is not None else None), records


def _sheets_with_data(path: Path, sheets: Sheets) -> list[str]:
    """Names of the sheets after the first whose first rows hold a value."""
    found: list[str] = []
    try:
        workbook = _open(path)
    except Exception:  # the first sheet was readable; a broken other sheet is no data
        return found
    try:
        for name in sheets.names[1:]:
            try:
                sheet = workbook[name]
                sheet.reset_dimensions()
                for row in sheet.iter_rows(max_row=_ROWS_PEEKED, values_only=True):
                    if any(v is not None and str(v).strip() for v in row):
                        found.append(name)
                        break
            except Exception:
                continue
    finally:
        workbook.close()
    return found


def _refuse_uncached(uncached: list[str], sheet: str, file: str) -> None:
    named = ", ".join(f"{sheet}!{cell}" for cell in uncached[:_MAX_CELLS_NAMED])
    hidden = len(uncached) - _MAX_CELLS_NAMED
    more = f" and {hidden} more" if hidden > 0 else ""
    raise InputError(
        f"{len(uncached)} cell(s) hold a formula without a calculated value ({named}{more}); "
        "their values cannot be read. Open the file in a spreadsheet, let it recalculate and "
        "save it, or replace the formulas by their values (copy, paste values)",
        file=file,
    )


def _last_filled(row: Sequence[Any]) -> int:
    """1 + the index of the row's last cell holding a value (0 for an empty row)."""
    for j in range(len(row) - 1, -1, -1):
        value = row[j]
        if value is not None and not (isinstance(value, str) and not value.strip()):
            return j + 1
    return 0


def read_xlsx(path: Path, schema: TableSchema, file: str) -> Raw:
    """The first sheet as a raw table (native cell values); notes ``formula_cells``."""
    sheets, uncached, cached = check_archive(path, file)
    first = sheets.names[0]
    if uncached:
        _refuse_uncached(uncached, first, file)
    header, records = _cells(path, first, file)
    if header is None or all(v is None or not str(v).strip() for v in header):
        if header is None and not records:
            elsewhere = _sheets_with_data(path, sheets)
            if elsewhere:
                raise InputError(
                    f"the first sheet {first!r} is empty, but sheet {elsewhere[0]!r} holds "
                    "data; the table must be on the first sheet: move that sheet to the front "
                    "(or delete the empty one)",
                    file=file,
                )
            if schema.optional:
                return empty_raw(list(schema.columns), header_row=1)
            raise InputError("the first sheet is empty: no header in row 1", file=file, row=1)
        raise InputError(
            "row 1 of the first sheet is empty; the header must be in row 1", file=file, row=1
        )
    names = ["" if v is None else native_text(v).strip() for v in header]
    # empty rows are no records (a stray cell far down must not make a million of them); cells
    # right of the header (under a merged or empty header cell) are columns too: the common
    # check refuses an unnamed column that holds values instead of dropping it
    widths = [_last_filled(row) for row in records]
    kept = [i for i, w in enumerate(widths) if w]
    width = max([len(names), *(widths[i] for i in kept)])
    check_width(width, file)
    names += [""] * (width - len(names))
    columns = []
    for j in range(width):
        column = np.empty(len(kept), dtype=object)
        column[:] = [records[i][j] if j < len(records[i]) else None for i in kept]
        columns.append(column)
    rows = np.array(kept, dtype="int64") + 2
    return Raw(names, columns, rows, True, 1, notes={"formula_cells": cached})
