"""Render a :class:`~redd_audit.workbook.model.WorkbookSpec` with openpyxl (the only module
that imports it).

The workbook is written in openpyxl's write-only (streaming) mode: rows go out in order, styles
are applied per cell from a small set of role styles, and memory stays flat for long sheets.
The result is made byte-reproducible afterwards: the zip entries get a fixed time and
``dcterms:modified`` is set to the document's creation stamp (derived from the period end), so
the same description always gives the same bytes.

Text never becomes a formula: a ``str`` value is always written as a string cell (even when it
starts with ``=``) and, when it starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return, it also gets Excel's quote prefix so that editing the cell keeps it text.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import zipfile
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
from openpyxl.worksheet.properties import PageSetupProperties

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

INPUT_FONT = Font(color="0000FF")
INPUT_FILL = PatternFill("solid", start_color="FFF2CC", end_color="FFF2CC")
HEADER_FILL = PatternFill("solid", start_color="D9D9D9", end_color="D9D9D9")
ALERT_FILL = PatternFill("solid", start_color="FFC7CE", end_color="FFC7CE")
ALERT_FONT = Font(color="9C0006", bold=True)

ROLE_STYLES: dict[str, dict[str, object]] = {
    "title": {"font": Font(bold=True, size=14)},
    "subtitle": {"font": Font(bold=True, size=11, color="1F4E78")},
    "header": {
        "font": Font(bold=True),
        "fill": HEADER_FILL,
        "alignment": Alignment(wrap_text=True, vertical="top"),
    },
    "label": {},
    "key": {"font": Font(bold=True)},
    "note": {"font": Font(italic=True, color="595959")},
    "input": {"font": INPUT_FONT, "fill": INPUT_FILL, "protection": Protection(locked=False)},
    "formula": {"font": Font(color="000000")},
    "link": {"font": Font(color="008000")},
}

#: Leading characters that a spreadsheet may read as the start of a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
MAX_TEXT = 32767
_INF = float("inf")


class _Styles:
    """Style arrays per (role, number format, quote prefix), built once and copied per cell."""

    def __init__(self, ws: object) -> None:
        self.ws = ws
        self.cache: dict[tuple[str, str | None, bool], object] = {}

    def apply(self, cell: WriteOnlyCell, role: str, fmt: str | None, quote: bool) -> None:
        key = (role, fmt, quote)
        style = self.cache.get(key)
        if style is None:
            template = WriteOnlyCell(self.ws)
            for attr, value in ROLE_STYLES[role].items():
                setattr(template, attr, value)
            if fmt:
                template.number_format = fmt
            if quote:
                template.quotePrefix = True
            style = template._style
            self.cache[key] = style
        # one shared style array per key: cells are written once and never restyled
        cell._style = style


def _clean_text(text: str) -> str:
    text = ILLEGAL_CHARACTERS_RE.sub(lambda m: f"\\x{ord(m.group(0)):02x}", text)
    if len(text) > MAX_TEXT:
        text = text[: MAX_TEXT - 12] + " [truncated]"
    return text


def _cell(
    ws: object, styles: _Styles, value: object, role: str, fmt: str | None
) -> WriteOnlyCell | None:
    """A styled write-only cell; the data type is set from the Python type (no guessing)."""
    quote = False
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
        data_type, stored = "n", None
    else:
        data_type, stored = "s", _clean_text(str(value))
    cell = WriteOnlyCell(ws)
    cell._value = stored
    cell.data_type = data_type
    if role != "label" or fmt or quote:
        styles.apply(cell, role, fmt, quote)
    return cell


def _row_cells(ws: object, styles: _Styles, row: list[Cell | None]) -> list[object]:
    out: list[object] = []
    for c in row:
        if c is None:
            out.append(None)
        else:
            out.append(_cell(ws, styles, c.value, c.role, c.number_format))
    return out


def _table_rows(ws: object, styles: _Styles, table: DataTable):  # type: ignore[no-untyped-def]
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


def _chart(spec: ChartSpec) -> BarChart | LineChart:
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


def _cells_to_row(values: list[object], row_idx: int):  # type: ignore[no-untyped-def]
    """Place ready-made cells in row ``row_idx``.

    Replaces openpyxl's ``WriteOnlyWorksheet._values_to_row`` on our sheets: every non-empty
    value here is already a styled ``WriteOnlyCell``, and openpyxl's version first tries to bind
    the cell as a value (raising and catching ``ValueError`` per cell), which doubled the write
    time of long sheets.
    """
    for col_idx, cell in enumerate(values, 1):
        if cell is None:
            continue
        cell.column = col_idx  # type: ignore[attr-defined]
        cell.row = row_idx  # type: ignore[attr-defined]
        yield cell


def _write_sheet(wb: Workbook, spec: SheetSpec) -> None:
    ws = wb.create_sheet(spec.name)
    if hasattr(ws, "_values_to_row"):
        ws._values_to_row = _cells_to_row
    styles = _Styles(ws)
    # everything written at the top of the sheet XML must be set before the first row
    for col, width in spec.column_widths.items():
        ws.column_dimensions[column_letter(col)].width = width
    if spec.freeze:
        ws.freeze_panes = spec.freeze
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=spec.print_setup.fit_to_width)
    if spec.tab_color:
        ws.sheet_properties.tabColor = spec.tab_color
    # rows
    for row in spec.rows:
        ws.append(_row_cells(ws, styles, row))
    if spec.table is not None:
        for _ in range(len(spec.rows), spec.table.header_row - 1):
            ws.append([])
        for row in _table_rows(ws, styles, spec.table):
            ws.append(row)
    # tail: protection, filters, conditional formats, print layout, charts
    if spec.protected:
        ws.protection.sheet = True
        ws.protection.formatColumns = False
        ws.protection.formatRows = False
        ws.protection.autoFilter = False
        ws.protection.sort = False
    if spec.autofilter:
        ws.auto_filter.ref = spec.autofilter
    for h in spec.highlights:
        ws.conditional_formatting.add(
            h.ref, FormulaRule(formula=[h.formula], fill=ALERT_FILL, font=ALERT_FONT)
        )
    if spec.print_setup.landscape:
        ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = 9  # A4
    if spec.print_setup.fit_to_width:
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
    if spec.print_setup.title_rows:
        ws.print_title_rows = spec.print_setup.title_rows
    for chart in spec.charts:
        ws.add_chart(_chart(chart), chart.anchor)


def _normalise(path: Path, stamp: str) -> None:
    """Fixed zip entry times and ``dcterms:modified``: byte-identical output for equal input."""
    with zipfile.ZipFile(path) as z:
        entries = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in entries:
            if name == "docProps/core.xml":
                data = _MODIFIED.sub(rb"\g<1>" + stamp.encode() + rb"\g<2>", data)
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            out.writestr(info, data, compresslevel=6)
    path.write_bytes(buffer.getvalue())


def _atomic_write_bytes(path: Path, content: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(content)
    os.replace(tmp, path)


def write_workbook(spec: WorkbookSpec, path: Path, evidence_dir: Path | None = None) -> list[Path]:
    """Write ``spec`` to ``path`` (.xlsx) and its companion CSV files to ``evidence_dir``
    (default: beside the workbook).

    Returns
    -------
    list of Path
        The companion evidence files written (empty when every table fits on its sheet).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    companions: list[Path] = []
    if spec.companions:
        folder = Path(evidence_dir) if evidence_dir is not None else path.parent
        folder.mkdir(parents=True, exist_ok=True)
        for c in spec.companions:
            target = folder / c.name
            _atomic_write_bytes(target, c.content)
            companions.append(target)

    wb = Workbook(write_only=True)
    props = spec.properties
    wb.properties.creator = props.creator
    wb.properties.lastModifiedBy = props.creator
    wb.properties.title = props.title
    wb.properties.subject = props.subject
    wb.properties.description = props.description
    wb.properties.keywords = props.keywords
    wb.properties.created = props.created
    wb.properties.modified = props.created
    for name, value in props.custom:
        wb.custom_doc_props.append(StringProperty(name=name, value=value))
    for sheet in spec.sheets:
        _write_sheet(wb, sheet)
    for n in spec.names:
        wb.defined_names[n.name] = DefinedName(
            n.name, attr_text=f"{quote_sheet(n.sheet)}!{n.ref}", comment=n.comment or None
        )

    tmp = path.with_name(f".{path.name}.tmp")
    wb.save(tmp)
    stamp = props.created.replace(tzinfo=None).isoformat(timespec="seconds") + "Z"
    _normalise(tmp, stamp)
    os.replace(tmp, path)
    return companions


__all__ = ["write_workbook"]
