"""A pure description of a workbook: sheets, cells, defined names, charts, companion files.

Nothing here imports openpyxl; :mod:`redd_audit.workbook.writer` renders the description.

Two rules make the description safe and reviewable:

* A formula is a :class:`Formula`. A ``str`` value is *always* text, whatever it starts with
  (``=``, ``+``, ``-``, ``@``): text from input files can never become a formula.
* Every cell carries a *role* (:data:`Role`) that decides its style: ``input`` cells (values
  typed from the inputs or the project settings) look different from ``formula`` cells (derived
  numbers) and ``link`` cells (a formula that only points to another cell).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

Role = Literal["title", "subtitle", "header", "label", "input", "formula", "link", "note", "key"]
"""Style roles. ``input``: blue on light yellow (unlocked on protected sheets); ``formula``:
black; ``link``: green (a formula that only refers to another cell); ``header``: bold on grey;
``note``: grey italic; ``key``: bold label of a key result."""

Scalar = str | int | float | bool | dt.date | dt.datetime | None


# number formats (units go in the headers)
TCO2E = "#,##0.000"
HA = "#,##0.000"
TC_PER_HA = "#,##0.000"
TCO2E_PER_HA = "#,##0.000"
FRACTION = "0.00%"
FRACTION_FINE = "0.0000%"
FACTOR = "0.000000"
COUNT = "#,##0"
YEAR = "0"
DATE = "yyyy-mm-dd"
NUMBER = "#,##0.000"
GENERAL = "General"


@dataclass(frozen=True, slots=True)
class Formula:
    """A spreadsheet formula in English function names with ``,`` separators (starts with ``=``)."""

    text: str

    def __post_init__(self) -> None:
        if not self.text.startswith("="):
            raise ValueError(f"a formula starts with '=': {self.text!r}")


Value = Scalar | Formula


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell. For ``input`` cells the writer adds data validation from the number format
    (fractions 0-1, dates, whole years, counts), ``minimum``/``maximum`` when given and
    ``allowed`` (the codes the cell may hold)."""

    value: Value = None
    role: Role = "label"
    number_format: str | None = None
    allowed: tuple[str, ...] | None = None
    minimum: float | None = None
    maximum: float | None = None
    #: show the text on as many lines as its column needs (the row grows); text that would
    #: not fit beside a filled neighbour wraps without it (:func:`.presentation.wrapped_cells`)
    wrap: bool = False


Row = Sequence[Cell | None]


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a :class:`DataTable`: either data ``values`` (one per row) or a formula
    ``template`` in which ``{r}`` stands for the row number."""

    header: str
    role: Role
    number_format: str | None = None
    values: Sequence[Scalar] | None = None
    template: str | None = None
    width: float | None = None
    allowed: tuple[str, ...] | None = None
    minimum: float | None = None
    maximum: float | None = None


@dataclass(frozen=True)
class DataTable:
    """A long table written column-wise (input rows and per-row formulas): header at
    ``header_row``, data rows right below it; the last ``blank_rows`` of the ``n_rows`` are
    blank input rows for rows the verifier appends (outside the print area)."""

    header_row: int
    columns: tuple[Column, ...]
    n_rows: int
    blank_rows: int = 0

    @property
    def first_row(self) -> int:
        return self.header_row + 1

    @property
    def last_row(self) -> int:
        return self.header_row + self.n_rows


@dataclass(frozen=True)
class DefinedName:
    """A workbook-scope name: ``ref`` is an absolute reference on ``sheet`` (``$B$4`` or
    ``$B$4:$B$9``)."""

    name: str
    sheet: str
    ref: str
    comment: str = ""

    @property
    def attr_text(self) -> str:
        return f"{quote_sheet(self.sheet)}!{self.ref}"


@dataclass(frozen=True)
class RangeRef:
    sheet: str
    min_col: int
    min_row: int
    max_col: int
    max_row: int


@dataclass(frozen=True)
class SeriesSpec:
    title: str
    values: RangeRef


@dataclass(frozen=True)
class ChartSpec:
    kind: Literal["bar", "line"]
    title: str
    anchor: str
    categories: RangeRef
    series: tuple[SeriesSpec, ...]
    grouping: Literal["clustered", "stacked"] = "clustered"
    x_title: str = ""
    y_title: str = ""
    width_cm: float = 24.0
    height_cm: float = 11.0
    #: value-axis number format; None: the first series' cell format without decimals
    y_number_format: str | None = None


@dataclass(frozen=True)
class Highlight:
    """Conditional format: cells of ``ref`` whose ``formula`` (relative to the top-left cell) is
    true are shown as an alert."""

    ref: str
    formula: str


@dataclass(frozen=True)
class PrintSetup:
    """Print layout. ``landscape`` None: landscape when the used columns are wider than a
    portrait page. ``title_rows`` None: the table's header row (or the frozen rows) repeat on
    every page. The print area is always the used range; fit to width, any number of pages
    down."""

    landscape: bool | None = None
    fit_to_width: bool = True
    title_rows: str | None = None  # e.g. "1:4"


SheetKind = Literal["data", "calculation", "report"]
"""``data``: raw input rows (printable, not in the default print); ``calculation`` and
``report`` sheets are selected together when the file opens, so "print active sheets" (Excel)
or "selected sheets" (LibreOffice) prints them and leaves the data sheets out."""


@dataclass
class SheetSpec:
    name: str
    rows: list[list[Cell | None]] = field(default_factory=list)
    table: DataTable | None = None
    column_widths: dict[int, float] = field(default_factory=dict)
    freeze: str | None = None
    protected: bool = False
    print_setup: PrintSetup = field(default_factory=PrintSetup)
    charts: list[ChartSpec] = field(default_factory=list)
    highlights: list[Highlight] = field(default_factory=list)
    autofilter: str | None = None
    tab_color: str | None = None
    kind: SheetKind = "calculation"
    #: write :attr:`table` as an Excel table (rows appended below it belong to it)
    excel_table: bool = True
    #: explicit row heights (points), e.g. for a wrapped text formula whose text is known only
    #: once the engine computes it; the writer keeps the larger of these and its own estimate
    row_heights: dict[int, float] = field(default_factory=dict)


@dataclass(frozen=True)
class CompanionFile:
    """Rows too many for a sheet, written beside the workbook as CSV (deterministic bytes)."""

    name: str
    table: str
    content: bytes
    sha256: str
    rows: int
    description: str


@dataclass(frozen=True)
class DocProperties:
    title: str
    subject: str
    created: dt.datetime
    creator: str = "redd-audit"
    description: str = ""
    keywords: str = ""
    custom: tuple[tuple[str, str], ...] = ()


@dataclass
class WorkbookSpec:
    kind: Literal["verification", "quality"]
    sheets: list[SheetSpec]
    names: list[DefinedName]
    properties: DocProperties
    companions: list[CompanionFile] = field(default_factory=list)
    #: page header/footer text: project, period and revision (e.g. "VCS-868", "2021-01-01 to
    #: 2022-12-31", "revision 2"); empty strings are left out
    project_text: str = ""
    period_text: str = ""
    revision_text: str = ""
    #: defined name -> the value the Python engine computed (e.g. the summary totals): cached
    #: in the name's cell when the spreadsheet result agrees (see cached_values)
    engine_values: dict[str, Scalar] = field(default_factory=dict)

    def sheet(self, name: str) -> SheetSpec:
        for s in self.sheets:
            if s.name == name:
                return s
        raise KeyError(name)

    @property
    def sheet_names(self) -> list[str]:
        return [s.name for s in self.sheets]

    def name(self, name: str) -> DefinedName:
        for n in self.names:
            if n.name == name:
                return n
        raise KeyError(name)


def quote_sheet(sheet: str) -> str:
    """A sheet name as it appears in a reference (quoted when it holds spaces or symbols)."""
    if sheet.replace("_", "").isalnum() and not sheet[0].isdigit():
        return sheet
    return "'" + sheet.replace("'", "''") + "'"


def column_letter(index: int) -> str:
    """1 -> A, 27 -> AA."""
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def address(col: int, row: int, absolute: bool = False) -> str:
    if absolute:
        return f"${column_letter(col)}${row}"
    return f"{column_letter(col)}{row}"


def reference(sheet: str, col: int, row: int, absolute: bool = True) -> str:
    return f"{quote_sheet(sheet)}!{address(col, row, absolute)}"


def range_address(col1: int, row1: int, col2: int, row2: int, absolute: bool = True) -> str:
    return f"{address(col1, row1, absolute)}:{address(col2, row2, absolute)}"
