"""Helpers to lay out sheets cell by cell and to collect workbook-scope names (pure)."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from redd_audit.workbook.model import (
    Cell,
    ChartSpec,
    DataTable,
    DefinedName,
    Formula,
    Highlight,
    PrintSetup,
    Role,
    Scalar,
    SheetKind,
    SheetSpec,
    Value,
    address,
    quote_sheet,
    range_address,
)

HEADER_ROW = 4
FIRST_ROW = 5

_NAME_OK = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]*$")
_CELL_LIKE = re.compile(r"^[A-Za-z]{1,3}[0-9]+$|^[Rr][0-9]*[Cc][0-9]*$")


def plain(value: object) -> Scalar:
    """A cell-safe Python scalar: NaN/NA -> None, numpy scalars -> Python, Timestamp -> date."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date() if value == value.normalize() else value.to_pydatetime()
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, str | int | float | bool | dt.date | dt.datetime):
        return value
    return str(value)


def column_values(frame: pd.DataFrame, column: str) -> list[Scalar]:
    """The values of ``column`` as cell-safe Python scalars (dates as ``datetime.date``)."""
    if column not in frame.columns:
        return [None] * len(frame)
    series = frame[column]
    if pd.api.types.is_datetime64_any_dtype(series):
        return [None if pd.isna(v) else v.date() for v in series]
    return [plain(v) for v in series.astype(object)]


class NameRegistry:
    """Workbook-scope defined names; refuses duplicates and invalid names."""

    def __init__(self) -> None:
        self.names: list[DefinedName] = []
        self._taken: set[str] = set()

    def add(self, name: str, sheet: str, ref: str, comment: str = "") -> str:
        if not _NAME_OK.match(name) or _CELL_LIKE.match(name):
            raise ValueError(f"invalid defined name {name!r}")
        if name.lower() in self._taken:
            raise ValueError(f"defined name {name!r} used twice")
        self._taken.add(name.lower())
        self.names.append(DefinedName(name, sheet, ref, comment))
        return name

    def unique(self, base: str) -> str:
        """A valid, unused name derived from ``base`` (symbols become ``_``)."""
        name = re.sub(r"[^A-Za-z0-9_.]", "_", base)
        if not name or not (name[0].isalpha() or name[0] == "_"):
            name = "_" + name
        if _CELL_LIKE.match(name):
            name = name + "_"
        candidate, i = name, 2
        while candidate.lower() in self._taken:
            candidate, i = f"{name}_{i}", i + 1
        return candidate


class SheetBuilder:
    """A sparse grid of cells; rows and columns are 1-based like the spreadsheet."""

    def __init__(self, name: str, names: NameRegistry, title: str, description: str = "") -> None:
        self.name = name
        self.registry = names
        self.cells: dict[tuple[int, int], Cell] = {}
        self.widths: dict[int, float] = {}
        self.charts: list[ChartSpec] = []
        self.highlights: list[Highlight] = []
        self.table: DataTable | None = None
        self.freeze: str | None = None
        self.protected = True
        self.title_rows: str | None = None
        self.autofilter: str | None = None
        #: explicit row heights (points), see :attr:`SheetSpec.row_heights`
        self.row_heights: dict[int, float] = {}
        #: "data" for raw input listings: printable, but not part of the default print
        self.kind: SheetKind = "calculation"
        self.put(1, 1, title, "title")
        if description:
            self.put(2, 1, description, "note")

    # cells ---------------------------------------------------------------------------------
    def put(
        self, row: int, col: int, value: Value, role: Role = "label", fmt: str | None = None
    ) -> tuple[int, int]:
        if isinstance(value, Formula) and role in ("label", "input"):
            role = "formula"
        self.cells[(row, col)] = Cell(value, role, fmt)
        return row, col

    def put_row(self, row: int, col: int, cells: Iterable[Cell | Value]) -> None:
        for offset, item in enumerate(cells):
            if item is None:
                continue
            cell = item if isinstance(item, Cell) else Cell(item, "label")
            self.cells[(row, col + offset)] = cell

    def headers(self, row: int, col: int, labels: Sequence[str]) -> None:
        for offset, label in enumerate(labels):
            self.put(row, col + offset, label, "header")

    @property
    def last_row(self) -> int:
        rows = [r for r, _ in self.cells]
        if self.table is not None:
            rows.append(self.table.last_row)
        return max(rows) if rows else 0

    # references ----------------------------------------------------------------------------
    def ref(self, row: int, col: int, absolute: bool = True, local: bool = False) -> str:
        """Reference to a cell of this sheet (``local``: without the sheet name)."""
        a = address(col, row, absolute)
        return a if local else f"{quote_sheet(self.name)}!{a}"

    def range_ref(self, row1: int, col1: int, row2: int, col2: int, local: bool = False) -> str:
        a = range_address(col1, row1, col2, row2)
        return a if local else f"{quote_sheet(self.name)}!{a}"

    def define(self, name: str, row: int, col: int, comment: str = "") -> str:
        return self.registry.add(name, self.name, address(col, row, True), comment)

    def define_range(
        self, name: str, row1: int, col1: int, row2: int, col2: int, comment: str = ""
    ) -> str:
        return self.registry.add(name, self.name, range_address(col1, row1, col2, row2), comment)

    def width(self, col: int, width: float) -> None:
        self.widths[col] = width

    def widths_from(self, start: int, widths: Sequence[float]) -> None:
        for i, w in enumerate(widths):
            self.widths[start + i] = w

    # output --------------------------------------------------------------------------------
    def spec(self) -> SheetSpec:
        n_rows = max((r for r, _ in self.cells), default=0)
        n_cols = max((c for _, c in self.cells), default=0)
        grid: list[list[Cell | None]] = [[None] * n_cols for _ in range(n_rows)]
        for (r, c), cell in self.cells.items():
            grid[r - 1][c - 1] = cell
        for row in grid:
            while row and row[-1] is None:
                row.pop()
        if self.table is not None and self.table.header_row <= n_rows:
            raise ValueError(f"sheet {self.name}: the table overlaps the cells above it")
        return SheetSpec(
            name=self.name,
            rows=grid,
            table=self.table,
            column_widths=dict(sorted(self.widths.items())),
            freeze=self.freeze,
            protected=self.protected,
            print_setup=PrintSetup(title_rows=self.title_rows),
            charts=list(self.charts),
            highlights=list(self.highlights),
            autofilter=self.autofilter,
            kind=self.kind,
            row_heights=dict(sorted(self.row_heights.items())),
        )


def inp(value: object, fmt: str | None = None, minimum: float | None = None) -> Cell:
    """An input cell (value from the inputs or the project settings); ``minimum`` bounds what
    the spreadsheet's data validation accepts (e.g. 0 for areas and stocks)."""
    return Cell(plain(value), "input", fmt, minimum=minimum)


def fx(text: str, fmt: str | None = None) -> Cell:
    return Cell(Formula(text), "formula", fmt)


def link(text: str, fmt: str | None = None) -> Cell:
    """A formula that only points to another cell (``=Sheet!B4`` or ``=Name``)."""
    return Cell(Formula(text), "link", fmt)


def label(value: object, fmt: str | None = None) -> Cell:
    return Cell(plain(value), "label", fmt)


def note(text: str) -> Cell:
    return Cell(text, "note")
