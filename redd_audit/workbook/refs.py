"""Typed cell references that sheets hand to the sheets built after them.

A sheet builder returns one of these small frozen records naming the cells it provides; the
:class:`~redd_audit.workbook.book.Book` keeps the ones that later sheets read. They live here,
apart from the sheet modules, so that the book and the sheets import this module and not
each other (no import circle).
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from redd_audit.workbook.layout import FIRST_ROW
from redd_audit.workbook.model import CompanionFile, column_letter


@dataclass(frozen=True)
class CalendarRow:
    """References (sheet-qualified, absolute) to one vintage's calendar cells."""

    vintage: str
    start: str
    end: str
    days: str
    days_in_year: str
    year_fraction: str


@dataclass(frozen=True)
class CalendarCells:
    rows: tuple[CalendarRow, ...]
    source: str  # where the block is, for Source columns ("Parameters!A60:F62")

    def __len__(self) -> int:
        return len(self.rows)


@dataclass(frozen=True)
class UncertaintyCells:
    ner_error: str  # defined names
    deduction_factor: str


@dataclass(frozen=True)
class VintageRow:
    """References to one row of the Vintages table (field order = column order)."""

    vintage: str
    start: str
    end: str
    days: str
    days_in_year: str
    year_fraction: str
    baseline: str
    project_stock: str
    project_fire: str
    project: str
    lb_monitored: str
    lb_baseline: str
    leakage: str
    ner: str
    adjusted_ner: str
    uncertainty_deduction: str
    buffer_base: str
    buffer: str
    vcus: str
    rounding_residue: str
    reversal: str


VINTAGE_COLUMNS = tuple(f.name for f in fields(VintageRow))


def vintage_cell(key: str, i: int) -> str:
    """Absolute reference to vintage ``i``'s ``key`` cell on the Vintages sheet, for sheets
    built before it (the table's layout is fixed: data from the layout's first row)."""
    col = column_letter(VINTAGE_COLUMNS.index(key) + 1)
    return f"Vintages!${col}${FIRST_ROW + i}"


@dataclass(frozen=True)
class VintageCells:
    rows: tuple[VintageRow, ...]
    total: dict[str, str]  # column -> reference of the period total (summed columns only)

    @staticmethod
    def column(key: str) -> int:
        return VINTAGE_COLUMNS.index(key) + 1

    def ref(self, key: str, i: int) -> str:
        """Reference to vintage ``i``'s ``key`` cell (``key`` a :class:`VintageRow` field)."""
        return str(getattr(self.rows[i], key))


@dataclass
class DataSheetResult:
    """Where a table went: ``on_sheet`` (names usable in formulas) or a companion file."""

    table: str
    on_sheet: bool
    n_rows: int
    companion: CompanionFile | None = None
    provided: bool = True


@dataclass(frozen=True)
class RuleCells:
    """What the Vintages sheet reads: a period rule's share kept (a defined name), or UNC_t per
    vintage (absolute references, in vintage order)."""

    rule: str
    kept: str | None
    deductions: dict[int, str]
