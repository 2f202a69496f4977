"""Shared state while a workbook description is being built: the context, the sheets in order,
the defined names, the strata, the input tables and the typed cell references each sheet
provides to the sheets built after it.

Data flows one way, as in the engine: inputs (data sheets, Parameters) → calculation sheets →
report sheets. A sheet builder returns a small frozen dataclass naming the cells it provides
(e.g. :class:`redd_audit.workbook.sheets.vintages.VintageCells`); :class:`Book` keeps the ones
that later sheets, including other helpers' modules, read (``book.calendar``,
``book.vintage_cells``, ...). Nothing is looked up by a string key.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from redd_audit.methodology.engine import Recomputation, VintageFigures
from redd_audit.methodology.vintages import project_years
from redd_audit.workbook.context import WorkbookContext
from redd_audit.workbook.layout import NameRegistry, SheetBuilder
from redd_audit.workbook.model import CompanionFile
from redd_audit.workbook.refs import (
    CalendarCells,
    DataSheetResult,
    RuleCells,
    UncertaintyCells,
    VintageCells,
)
from redd_audit.workbook.sheets.criteria import needs_exact

VINTAGES = "Vintages"


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
    #: the sheet names in their final order (known before the sheets are built)
    sheet_order: list[str] = field(default_factory=list)
    #: typed references provided by the calculation sheets (None until that sheet is built)
    calendar: CalendarCells | None = None
    uncertainty_cells: UncertaintyCells | None = None
    vintage_cells: VintageCells | None = None
    #: a deduction rule sized on draws (contract 7.3 in run): the cells Vintages reads
    rule_cells: RuleCells | None = None

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
        years = project_years(self.ctx.project.accounting)
        first = years.label_of(self.ctx.project.crediting_period.start)
        return list(range(first, years.label_of(self.ctx.end) + 1))

    def stratum(self, stratum_id: str) -> StratumRef:
        for s in self.strata:
            if s.id == stratum_id:
                return s
        raise KeyError(stratum_id)

    @property
    def ids_need_exact(self) -> bool:
        """True when SUMIFS criteria cannot tell the stratum ids apart (two differ only in case,
        or one holds a ``~``): sums then match with ``EXACT``
        (:func:`redd_audit.workbook.sheets.criteria.needs_exact`)."""
        return needs_exact(s.id for s in self.strata)
