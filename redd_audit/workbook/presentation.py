"""Pure rules of the printed and edited workbook (no openpyxl): row heights for wrapped text,
page orientation, page header/footer, data-validation rules for input cells, Excel table names
and chart axis formats. :mod:`redd_audit.workbook.writer` applies them.

Row heights: LibreOffice does not grow a row to fit wrapped text when it opens an .xlsx that
gives no height, so a wrapped header prints over the row below. The writer therefore sets an
explicit height estimated from the text and the column widths (a column width is measured in
widths of the digit "0" of the default 11 pt font; average text is slightly narrower, bold text
slightly wider).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from redd_audit.workbook.model import Cell, DataTable, SheetSpec, WorkbookSpec, column_letter

DEFAULT_WIDTH = 8.43
LINE_HEIGHT_PT = 15.0
#: points per line by role (title 14 pt bold, others 11 pt)
ROLE_LINE_PT = {"title": 19.0, "subtitle": 15.0, "header": 15.0, "note": 15.0}
#: characters per unit of column width, by role (bold text is wider); body text measured in
#: LibreOffice's PDF: "Distinct periods issued before" (30 characters) fits 24 units
ROLE_CHARS = {
    "title": 0.8,
    "subtitle": 0.95,
    "header": 1.0,
    "note": 1.1,
    "key": 1.05,
    "label": 1.2,
    "input": 1.2,
    "link": 1.2,
    "formula": 1.2,
}
MAX_ROW_HEIGHT = 409.0  # the spreadsheet maximum
#: portrait A4 at 100 %: about this many width units fit between the margins
PORTRAIT_WIDTH_UNITS = 95.0


def text_lines(text: str, width_units: float, role: str) -> int:
    """Lines that ``text`` takes when wrapped in a cell ``width_units`` wide."""
    chars = max(1, int(width_units * ROLE_CHARS.get(role, 1.0)))
    lines = 0
    for paragraph in str(text).split("\n"):
        lines += max(1, len(textwrap.wrap(paragraph, chars, break_long_words=True)))
    return lines


def row_height(
    cells: Sequence[tuple[int, str, str]], widths: Mapping[int, float], span: int | None = None
) -> float | None:
    """Height (points) for a row given its text cells as (column, role, text); None when the
    default height is enough. Only header cells wrap in their column; a note wraps only when it
    is alone in its row and merged across ``span`` columns; a title keeps one (taller) line and
    other text overflows to the right, as it does without a height."""
    best = 0.0
    for col, role, text in cells:
        if not text:
            continue
        if role == "title":
            best = max(best, ROLE_LINE_PT["title"] + 3.0)
            continue
        if role == "header" or (role == "note" and span is not None):
            if span is not None:
                width = sum(widths.get(c, DEFAULT_WIDTH) for c in range(col, col + span))
            else:
                width = widths.get(col, DEFAULT_WIDTH)
            lines = text_lines(text, width, role)
            if lines > 1:
                best = max(best, lines * ROLE_LINE_PT.get(role, LINE_HEIGHT_PT) + 3.0)
    if best <= LINE_HEIGHT_PT:
        return None
    return float(min(MAX_ROW_HEIGHT, math.ceil(best)))


#: Width units of a character shown in a number cell, measured in LibreOffice's PDF with the
#: fonts it substitutes for Calibri (a wider sans when neither Calibri nor Carlito is
#: installed): "10,035,311" needs 10 units, "-69.43102" 10, "12.3456%" 9; bold needs 10 % more.
#: Digits and letters count 1, these characters less or more:
CHAR_UNITS = {",": 0.5, ".": 0.5, ":": 0.5, " ": 0.5, "%": 1.4, "W": 1.4, "M": 1.4}
#: the cell's inner margins plus the bold allowance (whether a cell is bold is not looked up)
NUMBER_PADDING = 1.5
BOLD_FACTOR = 1.1
MAX_FITTED_WIDTH = 60.0


def shown_width(text: str) -> float:
    """Column width (units of the digit "0") that a number, date or boolean cell needs to show
    ``text`` (its value as its number format displays it) instead of ``###``."""
    units = sum(CHAR_UNITS.get(ch, 1.0) for ch in text)
    return math.ceil((units * BOLD_FACTOR + NUMBER_PADDING) * 2) / 2


def fitted_widths(
    widths: Mapping[int, float], shown: Iterable[tuple[int, str]]
) -> dict[int, float]:
    """``widths`` (column -> width) widened so that every shown value fits its column:
    ``shown`` holds (column, displayed text) of the sheet's number, date and boolean cells.
    Only the columns that need more room change (never beyond :data:`MAX_FITTED_WIDTH`)."""
    out = dict(widths)
    for col, text in shown:
        need = min(MAX_FITTED_WIDTH, shown_width(text))
        if need > out.get(col, DEFAULT_WIDTH):
            out[col] = need
    return out


#: repeated title rows taller than this (points) would leave too little of a page for data
MAX_TITLE_BLOCK_PT = 160.0


def title_block_height(rows: str, heights: Mapping[int, float]) -> float:
    """Height (points) of the rows ``"1:4"`` given explicit heights (others 15 pt)."""
    first, last = (int(x) for x in rows.replace("$", "").split(":"))
    return sum(heights.get(r, LINE_HEIGHT_PT) for r in range(first, last + 1))


def is_wide(widths: Mapping[int, float], n_cols: int) -> bool:
    """Landscape when the used columns are wider than a portrait page."""
    total = sum(widths.get(c, DEFAULT_WIDTH) for c in range(1, n_cols + 1))
    return total > PORTRAIT_WIDTH_UNITS


def header_footer(project: str, period: str, revision: str) -> tuple[str, str, str]:
    """(left header, left footer, right footer) in the spreadsheet's header codes: project and
    period on top, revision and sheet name bottom left, "page x of y" bottom right."""

    def esc(text: str) -> str:
        return text.replace("&", "&&")

    top = " · ".join(esc(t) for t in (project, period) if t)
    bottom = " · ".join(p for p in (esc(revision), "&A") if p)
    return top, bottom, "page &P of &N"


@dataclass(frozen=True)
class ValidationRule:
    """A data-validation rule in the spreadsheet's terms."""

    type: str  # decimal, whole, date, list
    operator: str | None
    formula1: str
    formula2: str | None
    title: str
    message: str

    @property
    def key(self) -> tuple[str, str | None, str, str | None, str]:
        return (self.type, self.operator, self.formula1, self.formula2, self.message)


class ValidationSet:
    """The data-validation rules of one sheet: each distinct rule once, with all its ranges."""

    def __init__(self) -> None:
        self.rules: dict[tuple[object, ...], tuple[ValidationRule, list[str]]] = {}

    def add(self, rule: ValidationRule | None, ref: str) -> None:
        if rule is not None:
            self.rules.setdefault(rule.key, (rule, []))[1].append(ref)


_EXCEL_EPOCH = dt.date(1899, 12, 30)


def _serial(day: dt.date) -> str:
    return str((day - _EXCEL_EPOCH).days)


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else repr(float(x))


def validation_rule(
    number_format: str | None,
    value: object,
    allowed: Sequence[str] | None = None,
    minimum: float | None = None,
    maximum: float | None = None,
) -> ValidationRule | None:
    """The rule for an input cell, from its allowed codes, bounds and number format:

    * ``allowed``: a list of those codes;
    * a percentage format: a decimal between 0 and 1 (12 % is typed 0.12 or 12 %);
    * a date format or a date value: a date between 1900-01-01 and 9999-12-31;
    * format ``"0"`` with a whole value from 1900 to 2200 (or none): a whole year;
    * any other number: a decimal, within ``minimum``/``maximum`` when given;
    * text without allowed codes: no rule.
    """
    if allowed:
        text = ",".join(allowed)
        if any("," in a or '"' in a for a in allowed) or len(text) > 250:
            return None  # the list form cannot hold them; better no rule than a wrong one
        return ValidationRule(
            "list", None, f'"{text}"', None, "Allowed codes", f"One of: {', '.join(allowed)}."
        )
    fmt = number_format or ""
    if isinstance(value, bool):
        return None
    if "%" in fmt and not isinstance(value, str):
        return ValidationRule(
            "decimal",
            "between",
            _num(0 if minimum is None else minimum),
            _num(1 if maximum is None else maximum),
            "Fraction",
            "Enter a fraction between 0 and 1 (for 12 % type 0.12 or 12%).",
        )
    if isinstance(value, dt.date) or re.search(r"yy|dd", fmt):
        return ValidationRule(
            "date",
            "between",
            _serial(dt.date(1900, 1, 1)),
            _serial(dt.date(9999, 12, 31)),
            "Date",
            "Enter a date (yyyy-mm-dd).",
        )
    whole_year = (
        isinstance(value, int | float)
        and math.isfinite(value)
        and value == int(value)
        and 1900 <= value <= 2200
    )
    if fmt == "0" and (value is None or whole_year):
        return ValidationRule(
            "whole", "between", "1900", "2200", "Year", "Enter a whole year (e.g. 2021)."
        )
    if isinstance(value, str):
        return None
    if value is None and not fmt:
        return None
    lo, hi = minimum, maximum
    rule: tuple[str, str, str | None, str]  # operator, formula1, formula2, prompt
    if lo is not None and hi is not None:
        rule = ("between", _num(lo), _num(hi), f"Enter a number from {_num(lo)} to {_num(hi)}.")
    elif lo is not None:
        rule = ("greaterThanOrEqual", _num(lo), None, f"Enter a number of at least {_num(lo)}.")
    elif hi is not None:
        rule = ("lessThanOrEqual", _num(hi), None, f"Enter a number of at most {_num(hi)}.")
    else:
        rule = ("between", "-1E+307", "1E+307", "Enter a number.")
    return ValidationRule("decimal", rule[0], rule[1], rule[2], "Number", rule[3])


_TABLE_OK = re.compile(r"[^A-Za-z0-9_]")


def table_name(sheet: str, taken: set[str]) -> str:
    """A valid, unique Excel table name derived from the sheet name (``tbl_Events``)."""
    base = "tbl_" + (_TABLE_OK.sub("_", sheet).strip("_") or "data")
    name, i = base, 2
    while name.lower() in taken:
        name, i = f"{base}_{i}", i + 1
    taken.add(name.lower())
    return name


def axis_format(series_format: str | None) -> str:
    """The value-axis format for a series format: the same without decimals (whole tonnes)."""
    if not series_format or series_format == "General":
        return "#,##0"
    return re.sub(r"\.0+", "", series_format)


def cell_format(sheets: dict[str, SheetSpec], sheet: str, col: int, row: int) -> str | None:
    """The number format of a cell of the description (rows or table), for chart axes."""
    spec = sheets.get(sheet)
    if spec is None:
        return None
    if row <= len(spec.rows) and col <= len(spec.rows[row - 1]):
        cell = spec.rows[row - 1][col - 1]
        return cell.number_format if cell is not None else None
    t = spec.table
    if t is not None and t.first_row <= row <= t.last_row and col <= len(t.columns):
        return t.columns[col - 1].number_format
    return None


def lone_note(row: list[Cell | None]) -> Cell | None:
    cells = [c for c in row if c is not None]
    if len(cells) == 1 and row[0] is cells[0] and cells[0].role == "note":
        return cells[0]
    return None


def engine_cells(spec: WorkbookSpec) -> dict[tuple[str, str], object]:
    """(sheet, cell) -> engine value for the single-cell names of :attr:`engine_values`."""
    out: dict[tuple[str, str], object] = {}
    names = {n.name: n for n in spec.names}
    for name, value in spec.engine_values.items():
        n = names.get(name)
        if n is not None and ":" not in n.ref:
            out[(n.sheet, n.ref.replace("$", ""))] = value
    return out


#: roles whose text may wrap when it does not fit (titles, headers and notes have their rules)
WRAPPING_ROLES = ("label", "key", "input", "link", "formula")


def overflow_end(row: Sequence[Cell | None], col: int, n_cols: int) -> int:
    """The last of the empty columns right of cell ``col`` up to the sheet's last used column
    (text overflows into empty cells; the print area ends there); ``col`` when none is. An
    input cell counts as filled even while blank: it is there to be typed in."""
    end = col
    for c in range(col + 1, n_cols + 1):
        neighbour = row[c - 1] if c <= len(row) else None
        if neighbour is not None and (neighbour.value is not None or neighbour.role == "input"):
            break
        end = c
    return end


def overflow_width(
    row: Sequence[Cell | None], col: int, widths: Mapping[int, float], n_cols: int
) -> float:
    """Room for the text of cell ``col``: its column and the empty ones of :func:`overflow_end`."""
    end = overflow_end(row, col, n_cols)
    return sum(widths.get(c, DEFAULT_WIDTH) for c in range(col, end + 1))


def wrapped_cells(spec: SheetSpec, n_cols: int) -> set[tuple[int, int]]:
    """(row, column) of the cells shown wrapped: those marked :attr:`Cell.wrap` and every text
    whose words do not fit the room it has (:func:`overflow_width`), which would otherwise be
    cut by its neighbour or by the print area's edge."""
    out: set[tuple[int, int]] = set()
    widths = spec.column_widths
    for r, row in enumerate(spec.rows, 1):
        if lone_note(row) is not None:
            continue  # merged across the sheet and wrapped
        for c, cell in enumerate(row, 1):
            if cell is None or cell.role not in WRAPPING_ROLES:
                continue
            if cell.wrap or (
                isinstance(cell.value, str)
                and text_lines(cell.value, overflow_width(row, c, widths, n_cols), cell.role) > 1
            ):
                out.add((r, c))
    return out


def row_layout(spec: SheetSpec, n_cols: int) -> tuple[dict[int, float], list[str]]:
    """Explicit row heights (row -> points) and merged ranges: a note alone in its row is
    merged across the sheet's columns and wrapped; a wrapped text cell (:func:`wrapped_cells`)
    is merged with the empty cells right of it; wrapped headers and text cells get the height
    their text needs; heights set in the description (:attr:`SheetSpec.row_heights`) are kept
    when larger."""
    widths = spec.column_widths
    heights: dict[int, float] = {}
    merges: list[str] = []
    for r, c in sorted(wrapped_cells(spec, n_cols)):
        row = spec.rows[r - 1]
        cell = row[c - 1]
        end = overflow_end(row, c, n_cols)
        if end > c:  # wrapped over the empty cells right of it
            merges.append(f"{column_letter(c)}{r}:{column_letter(end)}{r}")
        if cell is not None and isinstance(cell.value, str):
            room = sum(widths.get(k, DEFAULT_WIDTH) for k in range(c, end + 1))
            lines = text_lines(cell.value, room, cell.role)
            if lines > 1:
                needed = min(MAX_ROW_HEIGHT, float(math.ceil(lines * LINE_HEIGHT_PT + 3.0)))
                heights[r] = max(heights.get(r, 0.0), needed)
    for r, given in spec.row_heights.items():
        heights[r] = max(heights.get(r, 0.0), given)
    for r, row in enumerate(spec.rows, 1):
        note = lone_note(row)
        if note is not None and n_cols > 1 and isinstance(note.value, str):
            merges.append(f"A{r}:{column_letter(n_cols)}{r}")
            height = row_height([(1, "note", note.value)], widths, span=n_cols)
        else:
            texts = [
                (c, cell.role, str(cell.value))
                for c, cell in enumerate(row, 1)
                if cell is not None and isinstance(cell.value, str)
            ]
            height = row_height(texts, widths)
        if height is not None:
            heights[r] = max(heights.get(r, 0.0), height)
    if spec.table is not None:
        texts = [(c, "header", col.header) for c, col in enumerate(spec.table.columns, 1)]
        height = row_height(texts, widths)
        if height is not None:
            heights[spec.table.header_row] = height
    return heights, merges


def title_rows(spec: SheetSpec) -> str | None:
    """Rows repeated on every printed page: as set, else the table's header row, else the
    frozen rows."""
    if spec.print_setup.title_rows is not None:
        return spec.print_setup.title_rows
    if spec.table is not None:
        return f"{spec.table.header_row}:{spec.table.header_row}"
    if spec.freeze:
        frozen = int("".join(ch for ch in spec.freeze if ch.isdigit()) or 1) - 1
        return f"1:{frozen}" if frozen >= 1 else None
    return None


def table_validations(table: DataTable) -> list[tuple[ValidationRule | None, str]]:
    """A rule per input column of a table (from its format, allowed codes, bounds and first
    value), over the column's data rows."""
    out: list[tuple[ValidationRule | None, str]] = []
    for c, col in enumerate(table.columns, 1):
        if col.role != "input" or col.values is None or table.n_rows == 0:
            continue
        sample = next((v for v in col.values if v is not None), None)
        rule = validation_rule(col.number_format, sample, col.allowed, col.minimum, col.maximum)
        letter = column_letter(c)
        out.append((rule, f"{letter}{table.first_row}:{letter}{table.last_row}"))
    return out


def table_headers_ok(headers: Sequence[str]) -> bool:
    """Headers an Excel table accepts: non-empty, no outer spaces, unique ignoring case."""
    if any(not h or h != h.strip() or "\n" in h for h in headers):
        return False
    return len({h.lower() for h in headers}) == len(headers)


@dataclass(frozen=True)
class PrintPlan:
    orientation: str
    area: str | None
    title_rows: str | None


def print_plan(spec: SheetSpec, n_cols: int, n_rows: int) -> PrintPlan:
    """Orientation (landscape when wide, unless set), print area (the used cells but the
    table's blank input rows; none on sheets with charts, whose used range includes the
    drawings: a cell range would cut them off and,
    with conditional formats, made LibreOffice 7.4 abort the PDF export) and repeated title
    rows (only the block's last row when the block is taller than :data:`MAX_TITLE_BLOCK_PT`:
    a taller block leaves no room for data and also aborted the PDF export)."""
    landscape = spec.print_setup.landscape
    if landscape is None:
        landscape = is_wide(spec.column_widths, n_cols)
    area = None
    if spec.table is not None:  # blank input rows below the data are not printed
        n_rows = max(spec.table.header_row, n_rows - spec.table.blank_rows)
    if n_rows and n_cols and not spec.charts:
        area = f"A1:{column_letter(n_cols)}{n_rows}"
    rows = title_rows(spec)
    heights, _ = row_layout(spec, n_cols)
    if rows and title_block_height(rows, heights) > MAX_TITLE_BLOCK_PT:
        last = int(rows.replace("$", "").split(":")[1])
        rows = f"{last}:{last}"
        if title_block_height(rows, heights) > MAX_TITLE_BLOCK_PT:
            rows = None
    return PrintPlan("landscape" if landscape else "portrait", area, rows)


__all__ = [
    "PrintPlan",
    "ValidationRule",
    "ValidationSet",
    "axis_format",
    "cell_format",
    "engine_cells",
    "fitted_widths",
    "header_footer",
    "is_wide",
    "lone_note",
    "overflow_end",
    "overflow_width",
    "print_plan",
    "row_height",
    "row_layout",
    "shown_width",
    "table_headers_ok",
    "table_name",
    "table_validations",
    "text_lines",
    "title_block_height",
    "title_rows",
    "validation_rule",
    "wrapped_cells",
]
