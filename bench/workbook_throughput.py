"""Workbook writer throughput: our writer against XlsxWriter's ``constant_memory`` mode.

``python -m bench.workbook_throughput --project DIR --start D --end D`` builds the verifier
workbook description of the project (collect, check, compute, then
``build_verification_workbook``), picks the largest sheet our writer actually writes (tables
above the sheet row limit go to companion CSV files, so for the scale case this is at most
100,000 rows), and times

* ``redd_audit.workbook.writer.write_workbook`` on a description holding only that sheet (and the
  defined names on it), and
* XlsxWriter with ``{"constant_memory": True}`` writing the same cell values (numbers, text,
  dates, booleans, formulas) with the same number formats, column widths, freeze pane and
  autofilter,

in the same process, best of ``--repeat`` runs each (alternating). It prints one JSON line:
rows written, seconds and rows per second of each writer, and their ratio (ours / XlsxWriter).

``--limit-case`` also times both writers on an Events sheet of exactly the sheet row limit
(the first 100,000 events): the largest sheet any run can put in a workbook.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any


def workbook_context(project: Path, start: dt.date, end: dt.date) -> Any:
    """Collect, check and compute, then the WorkbookContext the assemble step would build."""
    from redd_audit import parameters
    from redd_audit.workbook.context import WorkbookContext
    from tasks.assemble import rule_set, software_versions
    from tasks.collect import collect
    from tasks.compute import compute
    from tasks.quality import check

    collected = collect(project)
    quality = check(collected, start, end)
    if quality.errors:
        raise SystemExit(f"{project}: the quality gate failed ({quality.errors} errors)")
    recomputation = compute(collected, start, end)
    return WorkbookContext(
        project=collected.project,
        start=start,
        end=end,
        status="passed",
        recomputation=recomputation,
        findings=quality.findings,
        ledger=quality.ledger,
        inputs=collected.inputs,
        frames=collected.frames,
        software=software_versions(),
        rule_set=rule_set(collected),
        parameters_version=parameters.version(),
        run_id="bench",
    )


def sheet_rows(sheet: Any) -> int:
    """Rows the sheet occupies (cells above the table, the table header and its rows)."""
    if sheet.table is None:
        return len(sheet.rows)
    return max(len(sheet.rows), sheet.table.header_row) + sheet.table.n_rows


def sheet_cells(sheet: Any) -> int:
    cells = sum(1 for row in sheet.rows for c in row if c is not None)
    if sheet.table is not None:
        cells += len(sheet.table.columns) * (sheet.table.n_rows + 1)
    return cells


def largest_sheet(spec: Any) -> Any:
    return max(spec.sheets, key=lambda s: (sheet_rows(s), sheet_cells(s)))


def single_sheet_spec(spec: Any, sheet: Any) -> Any:
    """``spec`` reduced to one sheet and the defined names that live on it."""
    return replace(
        spec,
        sheets=[sheet],
        names=[n for n in spec.names if n.sheet == sheet.name],
        companions=[],
    )


# --------------------------------------------------------------------------- XlsxWriter side

_ROLE_FORMATS: dict[str, dict[str, object]] = {
    "title": {"bold": True, "font_size": 14},
    "subtitle": {"bold": True, "font_color": "#1F4E78"},
    "header": {"bold": True, "bg_color": "#D9D9D9", "text_wrap": True, "valign": "top"},
    "label": {},
    "key": {"bold": True},
    "note": {"italic": True, "font_color": "#595959"},
    "input": {"font_color": "#0000FF", "bg_color": "#FFF2CC", "locked": False},
    "formula": {"font_color": "#000000"},
    "link": {"font_color": "#008000"},
}


def write_xlsxwriter(sheet: Any, path: Path) -> int:
    """Write the sheet's cells with XlsxWriter in constant_memory mode; return rows written."""
    import xlsxwriter

    from redd_audit.workbook.model import Formula

    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet(sheet.name[:31])
    formats: dict[tuple[str, str | None], Any] = {}

    def fmt(role: str, number_format: str | None, value: object) -> Any:
        if number_format is None and isinstance(value, dt.date):
            number_format = "yyyy-mm-dd"
        key = (role, number_format)
        f = formats.get(key)
        if f is None:
            props = dict(_ROLE_FORMATS.get(role, {}))
            if number_format:
                props["num_format"] = number_format
            f = formats[key] = wb.add_format(props) if props else None
        return f

    def put(r: int, c: int, value: object, role: str, number_format: str | None) -> None:
        if value is None:
            return
        f = fmt(role, number_format, value)
        if isinstance(value, Formula):
            ws.write_formula(r, c, value.text, f)
        elif isinstance(value, str):
            ws.write_string(r, c, value, f)
        elif isinstance(value, bool):
            ws.write_boolean(r, c, value, f)
        elif isinstance(value, int | float):
            if value == value and value not in (float("inf"), float("-inf")):
                ws.write_number(r, c, value, f)
        elif isinstance(value, dt.date):
            ws.write_datetime(r, c, value, f)
        else:
            ws.write_string(r, c, str(value), f)

    for col, width in sheet.column_widths.items():
        ws.set_column(col - 1, col - 1, width)
    if sheet.freeze:
        from xlsxwriter.utility import xl_cell_to_rowcol

        ws.freeze_panes(*xl_cell_to_rowcol(sheet.freeze))
    rows = 0
    for r, row in enumerate(sheet.rows):
        for c, cell in enumerate(row):
            if cell is not None:
                put(r, c, cell.value, cell.role, cell.number_format)
        rows = r + 1
    table = sheet.table
    if table is not None:
        h = table.header_row - 1
        for c, column in enumerate(table.columns):
            put(h, c, column.header, "header", None)
        columns = table.columns
        for i in range(table.n_rows):
            r = table.first_row + i
            for c, column in enumerate(columns):
                if column.values is not None:
                    value: object = column.values[i]
                elif column.template:
                    value = Formula(column.template.replace("{r}", str(r)))
                else:
                    value = None
                put(r - 1, c, value, column.role, column.number_format)
        rows = table.last_row
    if sheet.autofilter:
        ws.autofilter(sheet.autofilter)
    wb.close()
    return rows


# --------------------------------------------------------------------------- timing


def compare(sheet: Any, spec: Any, repeat: int, workdir: Path) -> dict[str, object]:
    from redd_audit.workbook.writer import write_workbook

    one = single_sheet_spec(spec, sheet)
    rows = sheet_rows(sheet)
    ours: list[float] = []
    theirs: list[float] = []
    for i in range(repeat):
        t = time.perf_counter()
        write_workbook(one, workdir / f"ours-{i}.xlsx")
        ours.append(time.perf_counter() - t)
        t = time.perf_counter()
        write_xlsxwriter(sheet, workdir / f"xlsxwriter-{i}.xlsx")
        theirs.append(time.perf_counter() - t)
    ours_s, theirs_s = min(ours), min(theirs)
    return {
        "sheet": sheet.name,
        "rows": rows,
        "cells": sheet_cells(sheet),
        "repeat": repeat,
        "ours_seconds": round(ours_s, 4),
        "xlsxwriter_seconds": round(theirs_s, 4),
        "ours_rows_per_second": round(rows / ours_s, 1),
        "xlsxwriter_rows_per_second": round(rows / theirs_s, 1),
        "relative_throughput": round(theirs_s / ours_s, 4),
        "ours_file_bytes": (workdir / "ours-0.xlsx").stat().st_size,
        "xlsxwriter_file_bytes": (workdir / "xlsxwriter-0.xlsx").stat().st_size,
    }


def limit_case_sheet(ctx: Any) -> tuple[Any, Any]:
    """An Events sheet of exactly the sheet row limit (the largest sheet a run can write)."""
    from redd_audit.workbook.layout import NameRegistry, SheetBuilder
    from redd_audit.workbook.model import WorkbookSpec
    from redd_audit.workbook.sheets import data_inputs as data_sheets

    limit = data_sheets.SHEET_ROW_LIMIT
    events = ctx.frames["deforestation_events"].head(limit)
    registry = NameRegistry()
    builder = SheetBuilder("Events", registry, "Deforestation events (limit case)")
    data_sheets.data_table_sheet(
        builder,
        ctx,
        "deforestation_events",
        data_sheets.EVENT_COLUMNS,
        data_sheets.EVENT_HELPERS,
        data_sheets.EVENT_NAMES,
        limit,
        frame=events,
    )
    sheet = builder.spec()
    return sheet, WorkbookSpec("verification", [sheet], list(registry.names), _props(ctx))


def _props(ctx: Any) -> Any:
    from redd_audit.workbook.model import DocProperties

    return DocProperties(
        title="bench", subject="bench", created=dt.datetime.combine(ctx.end, dt.time())
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--project", type=Path, required=True)
    parser.add_argument("--start", type=dt.date.fromisoformat, required=True)
    parser.add_argument("--end", type=dt.date.fromisoformat, required=True)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--limit-case", action="store_true")
    args = parser.parse_args(argv)

    from redd_audit.workbook.build import build_verification_workbook

    ctx = workbook_context(args.project, args.start, args.end)
    began = time.perf_counter()
    spec = build_verification_workbook(ctx)
    build_seconds = time.perf_counter() - began
    result: dict[str, object] = {
        "build_seconds": round(build_seconds, 3),
        "sheets": {s.name: sheet_rows(s) for s in spec.sheets},
        "companions": {c.name: c.rows for c in spec.companions},
    }
    with tempfile.TemporaryDirectory(prefix="bench-wb-") as tmp:
        result["largest"] = compare(largest_sheet(spec), spec, args.repeat, Path(tmp))
        if args.limit_case:
            sheet, one = limit_case_sheet(ctx)
            result["limit_case"] = compare(sheet, one, 1, Path(tmp))
    sys.stdout.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
