"""Shared state while a workbook description is being built: the context, the sheets in order,
the defined names, the strata and the fixed layout of the Vintages sheet (other sheets refer to
its cells before it is filled)."""

from __future__ import annotations

from dataclasses import dataclass, field

from redd_audit.methodology.engine import Recomputation, VintageFigures
from redd_audit.workbook.context import WorkbookContext
from redd_audit.workbook.sheets.data_table import DataSheetResult
from redd_audit.workbook.layout import FIRST_ROW, NameRegistry, SheetBuilder
from redd_audit.workbook.model import CompanionFile, address, quote_sheet

VINTAGES = "Vintages"
VINTAGE_COLUMNS = (
    "vintage",
    "start",
    "end",
    "days",
    "days_in_year",
    "year_fraction",
    "baseline",
    "project_stock",
    "project_fire",
    "project",
    "lb_monitored",
    "lb_baseline",
    "leakage",
    "ner",
    "adjusted_ner",
    "uncertainty_deduction",
    "buffer_base",
    "buffer",
    "vcus",
    "rounding_residue",
    "reversal",
)


@dataclass(frozen=True)
class StratumRef:
    id: str
    suffix: str  # used in defined names: AG_<suffix>, Schedule_<suffix>, ...

    def n(self, prefix: str) -> str:
        return f"{prefix}_{self.suffix}"


@dataclass
class Book:
    ctx: WorkbookContext
    row_limit: int
    names: NameRegistry = field(default_factory=NameRegistry)
    sheets: dict[str, SheetBuilder] = field(default_factory=dict)
    strata: list[StratumRef] = field(default_factory=list)
    data: dict[str, DataSheetResult] = field(default_factory=dict)
    companions: list[CompanionFile] = field(default_factory=list)
    #: cells other sheets link to, by key (e.g. "baseline_total:2019")
    cells: dict[str, str] = field(default_factory=dict)
    #: the sheet names in their final order (known before the sheets are built)
    sheet_order: list[str] = field(default_factory=list)

    def sheet(self, name: str, title: str, description: str = "") -> SheetBuilder:
        builder = SheetBuilder(name, self.names, title, description)
        self.sheets[name] = builder
        return builder

    @property
    def rc(self) -> Recomputation:
        if self.ctx.recomputation is None:
            raise ValueError("no recomputation: the quality gate failed")
        return self.ctx.recomputation

    @property
    def vintages(self) -> list[VintageFigures]:
        return self.rc.vintages

    @property
    def cohort_years(self) -> list[int]:
        return list(range(self.ctx.project.crediting_period.start.year, self.ctx.end.year + 1))

    # the Vintages sheet layout -------------------------------------------------------------
    @staticmethod
    def vcol(key: str) -> int:
        return VINTAGE_COLUMNS.index(key) + 1

    @staticmethod
    def vrow(i: int) -> int:
        return FIRST_ROW + i

    def vtotal_row(self) -> int:
        return FIRST_ROW + len(self.vintages)

    def vref(self, key: str, i: int, absolute: bool = True) -> str:
        """Reference to vintage ``i``'s ``key`` cell on the Vintages sheet."""
        return f"{quote_sheet(VINTAGES)}!{address(self.vcol(key), self.vrow(i), absolute)}"

    def vtotal(self, key: str) -> str:
        return f"{quote_sheet(VINTAGES)}!{address(self.vcol(key), self.vtotal_row(), True)}"

    def stratum(self, stratum_id: str) -> StratumRef:
        for s in self.strata:
            if s.id == stratum_id:
                return s
        raise KeyError(stratum_id)
