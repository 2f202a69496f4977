"""Render a :class:`~redd_audit.workbook.model.WorkbookSpec` with openpyxl (the only module
that imports it), in write-only (streaming) mode with a few role styles.

After saving, :mod:`.package` gives every formula cell its cached value (:mod:`.cached_values`,
contract 5.7) and fixes the zip times and ``dcterms:modified``: the same description always
gives the same bytes. :mod:`.presentation` decides row heights for wrapped headers and notes,
print setup and page header/footer, data validation of input cells, Excel tables, chart axis
formats; calculation and report sheets open selected together (:func:`_select_sheets`).

Text never becomes a formula: a ``str`` value is always a string cell and, when it starts with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return, it gets Excel's quote prefix too.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.chart import BarChart, LineChart, Series
from openpyxl.chart.reference import DummyWorksheet, Reference
from openpyxl.formatting.rule import FormulaRule
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo

from redd_audit.workbook import presentation as pr
from redd_audit.workbook.cached_values import CacheReport
from redd_audit.workbook.csv_safe import FORMULA_TRIGGERS
from redd_audit.workbook.model import (
    Cell,
    ChartSpec,
    DataTable,
    Formula,
    SheetSpec,
    WorkbookSpec,
    column_letter,
    quote_sheet,
)
from redd_audit.workbook.package import finish_package, write_companions
from redd_audit.workbook.sheet_protocol import WriteOnlySheet

INPUT_FONT = Font(color="0000FF")
INPUT_FILL = PatternFill("solid", start_color="FFF2CC", end_color="FFF2CC")
HEADER_FILL = PatternFill("solid", start_color="D9D9D9", end_color="D9D9D9")
ALERT_FILL = PatternFill("solid", start_color="FFC7CE", end_color="FFC7CE")
ALERT_FONT = Font(color="9C0006", bold=True)
WRAP_TOP = Alignment(wrap_text=True, vertical="top")

ROLE_STYLES: dict[str, dict[str, object]] = {
    "title": {"font": Font(bold=True, size=14)},
    "subtitle": {"font": Font(bold=True, size=11, color="1F4E78")},
    "header": {"font": Font(bold=True), "fill": HEADER_FILL, "alignment": WRAP_TOP},
    "label": {},
    "key": {"font": Font(bold=True)},
    "note": {"font": Font(italic=True, color="595959")},
    # a note alone in its row, merged across the sheet's columns and wrapped
    "note_block": {"font": Font(italic=True, color="595959"), "alignment": WRAP_TOP},
    "input": {"font": INPUT_FONT, "fill": INPUT_FILL, "protection": Protection(locked=False)},
    "formula": {"font": Font(color="000000")},
    "link": {"font": Font(color="008000")},
}

MAX_TEXT = 32767
_INF = float("inf")


class _Styles:
    """Style arrays per (role, number format, quote prefix), built once and copied per cell."""

    def __init__(self, ws: object) -> None:
        self.ws = ws
        self.cache: dict[tuple[str, str | None, bool, bool], object] = {}

    def apply(
        self, cell: WriteOnlyCell, role: str, fmt: str | None, quote: bool, wrap: bool = False
    ) -> None:
        key = (role, fmt, quote, wrap)
        style = self.cache.get(key)
        if style is None:
            template = WriteOnlyCell(self.ws)
            for attr, value in ROLE_STYLES[role].items():
                setattr(template, attr, value)
            if fmt:
                template.number_format = fmt
            if quote:
                template.quotePrefix = True
            if wrap:
                template.alignment = WRAP_TOP
            style = template._style
            self.cache[key] = style
        # one shared style array per key: cells are written once and never restyled
        cell._style = style


#: Bidirectional controls (overrides, embeddings, isolates, marks): in a cell they would reorder
#: what the reader sees ("E-1" shown for an id stored as "1-E"), so each is written as an escape.
_BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _clean_text(text: str) -> str:
    text = ILLEGAL_CHARACTERS_RE.sub(lambda m: f"\\x{ord(m.group(0)):02x}", text)
    text = _BIDI_CONTROLS.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)
    if len(text) > MAX_TEXT:
        text = text[: MAX_TEXT - 12] + " [truncated]"
    return text


def _cell(
    ws: object, styles: _Styles, value: object, role: str, fmt: str | None, wrap: bool = False
) -> WriteOnlyCell | None:
    """A styled write-only cell; the data type is set from the Python type (no guessing)."""
    quote, stored = False, value  # stored: what goes into the cell XML
    if isinstance(value, Formula):
        data_type, stored = "f", value.text
    elif isinstance(value, str):
        stored = _clean_text(value)
        data_type = "s"  # never a formula, whatever the text starts with
        quote = stored.startswith(FORMULA_TRIGGERS)
    elif isinstance(value, bool):
        data_type, stored = "b", value
    elif isinstance(value, int | float):
        if value != value or value in (_INF, -_INF):
            return None
        data_type, stored = "n", value
    elif isinstance(value, dt.date):
        data_type, stored = "d", value
        fmt = fmt or "yyyy-mm-dd"
    elif value is None:
        if role == "label":
            return None
        # a styled empty cell: no type attribute (t="n" without a value reads as 0 in some
        # engines, among them the one that computes the cached values)
        data_type, stored = "f", None
    else:
        data_type, stored = "s", _clean_text(str(value))
    cell = WriteOnlyCell(ws)
    cell._value = stored
    cell.data_type = data_type
    if role != "label" or fmt or quote or wrap:
        styles.apply(cell, role, fmt, quote, wrap)
    return cell


def _row_cells(
    ws: object, styles: _Styles, row: list[Cell | None], wrapped: set[int]
) -> list[WriteOnlyCell | None]:
    """The row's cells; columns in ``wrapped`` show their text wrapped."""
    return [
        None if c is None else _cell(ws, styles, c.value, c.role, c.number_format, i in wrapped)
        for i, c in enumerate(row, 1)
    ]


def _table_rows(ws: object, styles: _Styles, table: DataTable) -> Iterator[list[object]]:
    yield [_cell(ws, styles, c.header, "header", None) for c in table.columns]
    columns = table.columns
    for i in range(table.n_rows):
        r = table.first_row + i
        row: list[object] = []
        for c in columns:
            if c.values is not None:
                value: object = c.values[i]
            elif c.template:
                value = Formula(c.template.replace("{r}", str(r)))
            else:
                value = None
            row.append(None if value is None else _cell(ws, styles, value, c.role, c.number_format))
        yield row


def _chart(spec: ChartSpec, axis_fmt: str) -> BarChart | LineChart:
    chart = BarChart() if spec.kind == "bar" else LineChart()
    if isinstance(chart, BarChart):
        chart.type = "col"
        chart.grouping = spec.grouping
        if spec.grouping == "stacked":
            chart.overlap = 100
    chart.title = spec.title
    chart.x_axis.title = spec.x_title or None
    chart.y_axis.title = spec.y_title or None
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.y_axis.number_format = axis_fmt
    chart.y_axis.numFmt.sourceLinked = False
    chart.width = spec.width_cm
    chart.height = spec.height_cm
    for s in spec.series:
        ref = s.values
        values = Reference(
            DummyWorksheet(ref.sheet), ref.min_col, ref.min_row, ref.max_col, ref.max_row
        )
        chart.series.append(Series(values, title=s.title))
    c = spec.categories
    chart.set_categories(
        Reference(DummyWorksheet(c.sheet), c.min_col, c.min_row, c.max_col, c.max_row)
    )
    return chart


def _cells_to_row(values: Iterable[WriteOnlyCell | None], row_idx: int) -> Iterator[WriteOnlyCell]:
    """Place ready-made cells in row ``row_idx``.

    Replaces openpyxl's ``WriteOnlyWorksheet._values_to_row`` on our sheets: every non-empty
    value here is already a styled ``WriteOnlyCell``, and openpyxl's version first tries to bind
    the cell as a value (raising and catching ``ValueError`` per cell), which doubled the write
    time of long sheets.
    """
    for col_idx, cell in enumerate(values, 1):
        if cell is None:
            continue
        cell.column = col_idx
        cell.row = row_idx
        yield cell


def _apply_validations(ws: WriteOnlySheet, checks: pr.ValidationSet) -> None:
    for rule, refs in checks.rules.values():
        dv = DataValidation(
            type=rule.type,
            operator=rule.operator,
            formula1=rule.formula1,
            formula2=rule.formula2,
            allow_blank=True,
            showErrorMessage=True,
            showInputMessage=True,
            errorStyle="stop",
            errorTitle=rule.title,
            error=rule.message,
            promptTitle=rule.title,
            prompt=rule.message,
        )
        dv.sqref = " ".join(refs)
        ws.data_validations.append(dv)


def _layout_rows(ws: WriteOnlySheet, spec: SheetSpec, n_cols: int) -> None:
    """Row heights for wrapped text and merged lone notes (before any row is written)."""
    heights, merges = pr.row_layout(spec, n_cols)
    for ref in merges:
        ws.merged_cells.add(ref)
    for r, height in heights.items():
        ws.row_dimensions[r].height = height


def _emit_rows(
    ws: WriteOnlySheet, spec: SheetSpec, styles: _Styles, checks: pr.ValidationSet, n_cols: int
) -> None:
    wrapped: dict[int, set[int]] = {}
    for r, c in pr.wrapped_cells(spec, n_cols):
        wrapped.setdefault(r, set()).add(c)
    for r, row in enumerate(spec.rows, 1):
        note = pr.lone_note(row)
        cells = _row_cells(ws, styles, row, wrapped.get(r, set()))
        if note is not None and ws.merged_cells:
            cells[0] = _cell(ws, styles, note.value, "note_block", None)
        for c, cell in enumerate(row, 1):
            if cell is not None and cell.role == "input":
                rule = pr.validation_rule(
                    cell.number_format, cell.value, cell.allowed, cell.minimum, cell.maximum
                )
                checks.add(rule, f"{column_letter(c)}{r}")
        ws.append(cells)
    t = spec.table
    if t is None:
        return
    for _ in range(len(spec.rows), t.header_row - 1):
        ws.append([])
    for table_row in _table_rows(ws, styles, t):
        ws.append(table_row)
    for rule, ref in pr.table_validations(t):
        checks.add(rule, ref)


def _excel_table(ws: WriteOnlySheet, spec: SheetSpec, taken: set[str]) -> bool:
    """An Excel table over :attr:`SheetSpec.table` when its header row is unique text."""
    t = spec.table
    if t is None or not spec.excel_table or t.n_rows == 0:
        return False
    headers = [c.header for c in t.columns]
    if not pr.table_headers_ok(headers) or any(_clean_text(h) != h for h in headers):
        return False
    ref = f"A{t.header_row}:{column_letter(len(headers))}{t.last_row}"
    table = Table(displayName=pr.table_name(spec.name, taken), ref=ref)
    table.tableColumns = [TableColumn(id=i, name=h) for i, h in enumerate(headers, 1)]
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=False)
    # Worksheet.add_table would warn in write-only mode although the columns are set
    ws._tables.add(table)
    return True


def _print_setup(
    ws: WriteOnlySheet, spec: SheetSpec, book: WorkbookSpec, n_cols: int, n_rows: int
) -> None:
    plan = pr.print_plan(spec, n_cols, n_rows)
    ws.page_setup.orientation = plan.orientation
    ws.page_setup.paperSize = 9  # A4
    if spec.print_setup.fit_to_width:
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
    if plan.area:
        ws.print_area = plan.area
    if plan.title_rows:
        ws.print_title_rows = plan.title_rows
    top, bottom, right = pr.header_footer(book.project_text, book.period_text, book.revision_text)
    if top:
        ws.oddHeader.left.text = _clean_text(top)
    ws.oddFooter.left.text = _clean_text(bottom)
    ws.oddFooter.right.text = right
    m = ws.page_margins
    m.top, m.bottom, m.header, m.footer, m.left, m.right = 0.75, 0.75, 0.3, 0.3, 0.5, 0.5


def _write_sheet(wb: Workbook, spec: SheetSpec, book: WorkbookSpec, taken: set[str]) -> None:
    ws = wb.create_sheet(spec.name)
    if hasattr(ws, "_values_to_row"):
        ws._values_to_row = _cells_to_row
    styles = _Styles(ws)
    n_cols = max([len(r) for r in spec.rows] + [len(spec.table.columns) if spec.table else 0])
    n_rows = spec.table.last_row if spec.table is not None else len(spec.rows)
    # everything written at the top of the sheet XML must be set before the first row
    for col, width in spec.column_widths.items():
        ws.column_dimensions[column_letter(col)].width = width
    if spec.freeze:
        ws.freeze_panes = spec.freeze
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=spec.print_setup.fit_to_width)
    ws.sheet_view.tabSelected = spec.kind != "data"
    if spec.tab_color:
        ws.sheet_properties.tabColor = spec.tab_color
    _layout_rows(ws, spec, n_cols)
    checks = pr.ValidationSet()
    _emit_rows(ws, spec, styles, checks, n_cols)
    # tail: protection, filters, conditional formats, validation, print layout, charts
    if spec.protected:
        ws.protection.sheet = True
        ws.protection.formatColumns = False
        ws.protection.formatRows = False
        ws.protection.autoFilter = False
        ws.protection.sort = False
    has_table = _excel_table(ws, spec, taken)
    if spec.autofilter and not has_table:  # a table has its own filter; both would clash
        ws.auto_filter.ref = spec.autofilter
    for h in spec.highlights:
        ws.conditional_formatting.add(
            h.ref, FormulaRule(formula=[h.formula], fill=ALERT_FILL, font=ALERT_FONT)
        )
    _apply_validations(ws, checks)
    _print_setup(ws, spec, book, n_cols, n_rows)
    sheets = {s.name: s for s in book.sheets}
    for chart in spec.charts:
        first = chart.series[0].values if chart.series else None
        fmt = chart.y_number_format or pr.axis_format(
            pr.cell_format(sheets, first.sheet, first.min_col, first.min_row) if first else None
        )
        ws.add_chart(_chart(chart, fmt), chart.anchor)


def _select_sheets(wb: Workbook, spec: WorkbookSpec) -> None:
    """Calculation and report sheets open selected together (the data sheets not): Excel's
    "Print Active Sheets" and LibreOffice's "Selected sheets" then print exactly them. The
    first of them is the active sheet."""
    selected = [i for i, s in enumerate(spec.sheets) if s.kind != "data"]
    if selected:
        wb._active_sheet_index = selected[0]  # openpyxl writes activeTab from it


def write_workbook_report(
    spec: WorkbookSpec,
    path: Path,
    evidence_dir: Path | None = None,
    *,
    own_process: bool = True,
) -> tuple[list[Path], CacheReport | None]:
    """:func:`write_workbook`, also returning what the cached-value pass did.

    ``own_process``: evaluate the cached values in a child process (default: a Prefect run's
    threads keep the GIL meanwhile); a command without Prefect (``deduct``) evaluates here."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    companions = write_companions(spec.companions, evidence_dir or path.parent)

    wb = Workbook(write_only=True)
    props = spec.properties
    for attr in ("creator", "title", "subject", "description", "keywords", "created"):
        value = getattr(props, attr)
        setattr(wb.properties, attr, _clean_text(value) if isinstance(value, str) else value)
    wb.properties.lastModifiedBy, wb.properties.modified = wb.properties.creator, props.created
    for name, value in props.custom:
        wb.custom_doc_props.append(StringProperty(name=name, value=_clean_text(value)))
    taken = {n.name.lower() for n in spec.names}  # table names must differ from these too
    for sheet in spec.sheets:
        _write_sheet(wb, sheet, spec, taken)
    _select_sheets(wb, spec)
    for n in spec.names:
        wb.defined_names[n.name] = DefinedName(
            n.name, attr_text=f"{quote_sheet(n.sheet)}!{n.ref}", comment=n.comment or None
        )

    tmp = path.with_name(f".{path.name}.tmp")
    wb.save(tmp)
    stamp = props.created.replace(tzinfo=None).isoformat(timespec="seconds") + "Z"
    report = finish_package(tmp, stamp, pr.engine_cells(spec), own_process=own_process)
    os.replace(tmp, path)
    return companions, report


def write_workbook(spec: WorkbookSpec, path: Path, evidence_dir: Path | None = None) -> list[Path]:
    """Write ``spec`` to ``path`` (.xlsx, formula cells with cached values) and its companion
    CSV files to ``evidence_dir`` (default: beside the workbook).

    Returns
    -------
    list of Path
        The companion evidence files written (empty when every table fits on its sheet).
    """
    return write_workbook_report(spec, path, evidence_dir)[0]


__all__ = ["write_workbook", "write_workbook_report"]
