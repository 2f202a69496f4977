"""The part of an openpyxl write-only worksheet that :mod:`.writer` uses, as a Protocol.

openpyxl ships no type information, so its objects reach mypy as ``Any``. Naming the attributes
the writer sets (page setup, header and footer, margins, merged ranges, row heights, validations,
tables) lets mypy check the writer's own use of them. This module does not import openpyxl (only
the writer does); members hold openpyxl objects, typed here by what the writer does with them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol


class HeaderFooterPart(Protocol):
    """One third (left, centre, right) of a page header or footer."""

    text: str | None


class HeaderFooter(Protocol):
    left: HeaderFooterPart
    right: HeaderFooterPart


class PageSetup(Protocol):
    orientation: str | None
    paperSize: int | None
    fitToWidth: int | None
    fitToHeight: int | None


class PageMargins(Protocol):
    """Page margins in inches."""

    top: float
    bottom: float
    header: float
    footer: float
    left: float
    right: float


class RowDimension(Protocol):
    height: float | None


class RowDimensions(Protocol):
    """Row number -> its dimension (created on first access)."""

    def __getitem__(self, row: int) -> RowDimension: ...


class CellRanges(Protocol):
    """The merged ranges of a sheet (``"A5:F5"``)."""

    def add(self, ref: str) -> None: ...

    def __bool__(self) -> bool: ...


class Appendable(Protocol):
    """A list-like openpyxl container (data validations, tables)."""

    def append(self, item: object) -> None: ...


class TableList(Protocol):
    def add(self, table: object) -> None: ...


class WriteOnlySheet(Protocol):
    """The members of ``openpyxl.worksheet._write_only.WriteOnlyWorksheet`` the writer uses."""

    page_setup: PageSetup
    page_margins: PageMargins
    oddHeader: HeaderFooter
    oddFooter: HeaderFooter
    print_area: str | None
    print_title_rows: str | None
    merged_cells: CellRanges
    row_dimensions: RowDimensions
    data_validations: Appendable
    _tables: TableList

    def append(self, row: Iterable[object]) -> None: ...


__all__ = ["WriteOnlySheet"]
