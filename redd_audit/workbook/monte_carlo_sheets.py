"""The ``Monte Carlo``, ``MC draws`` and ``MC convergence`` sheets inside the verification
workbook (contract 7.5.3) when the run simulated the period.

The sheets are ``deduct``'s (:mod:`redd_audit.deduct.workbook`) over the simulated gross ER of
every vintage and of the period: the settings (with ``MC_Seed``, ``MC_Seed_Source`` and
``MC_Draws_Content_SHA256``), the statistics as formulas over the draws, the selected rule as
formulas over the statistics, convergence and the histogram. They go right after the
``Uncertainty`` sheet, whose rule section (:mod:`.sheets.deduction_rule`) then reads the
percentiles from them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace

from redd_audit.deduct.figures import DeductFigures
from redd_audit.deduct.sheets import draws_in_book
from redd_audit.deduct.workbook import build_deduction_workbook
from redd_audit.workbook.layout import (
    FIRST_ROW,
    HEADER_ROW,
    NameRegistry,
    SheetBuilder,
    fx,
    inp,
    label,
)
from redd_audit.workbook.model import (
    COUNT,
    FRACTION,
    TCO2E,
    ChartSpec,
    RangeRef,
    SeriesSpec,
    SheetSpec,
    WorkbookSpec,
)

#: defined names the Monte Carlo sheet provides that the rule section would otherwise define
SHARED_NAMES = ("Deduction_Rule", "ART_UA_Scale", "ART_T90", "MC_Period_Half_Width_Fraction")
SHARED_PREFIXES = ("FCPF_Bound_", "FCPF_Factor_")
AFTER = "Uncertainty"


@dataclass(frozen=True)
class MonteCarloSheets:
    """The simulated period as the workbook shows it.

    Attributes
    ----------
    figures : the rule re-performed on the simulated gross ER (the draws file's series)
    seed, seed_source : the simulation's seed and where it came from (contract 7.2.2)
    content_sha256 : SHA-256 of the draws' float64 matrix (contract 7.5.2)
    """

    figures: DeductFigures
    seed: int | None
    seed_source: str
    content_sha256: str
    #: ``accounting.simulation.draws_in_workbook``: auto | always | never
    draws_in_workbook: str = "auto"
    #: summary.json ``sensitivity`` (contract 7.5.4): tornado and variance share per input
    sensitivity: tuple[Mapping[str, object], ...] = ()
    #: whose draws the sheets hold: ``simulation`` (the tool's) or ``simulation_draws`` (the
    #: proponent's, when the run did not simulate; contract 7.1.4)
    draws_source: str = "simulation"
    #: how the period series was obtained, when the workbook must say it (contract 7.1.4:
    #: "the row-wise sum of the vintage columns" when the proponent gave no period column)
    period_series: str | None = None

    def sheet_names(self) -> list[str]:
        """The sheets :func:`with_monte_carlo` adds, in order."""
        table, series = self.figures.table, self.figures.series
        names = ["Monte Carlo"]
        if draws_in_book(table.rows, len(table.series), self.draws_in_workbook):
            names.append("MC draws")
            window = series[0].convergence.window if series else 0
            if series and table.rows >= window + 2:
                names.append("MC convergence")
        if self.sensitivity:
            names.append(SENSITIVITY)
        return names

    def series_column(self, series: str) -> int | None:
        """1-based position of ``series`` among the Monte Carlo sheet's columns (its names
        are ``MC_<k>_...``), None when the sheet does not hold it."""
        order = sorted(self.figures.series, key=lambda f: f.is_period)
        for k, f in enumerate(order, start=1):
            if f.statistics.name == series:
                return k
        return None


def provides(name: str) -> bool:
    """Whether the Monte Carlo sheet defines ``name`` (the rule section then does not)."""
    return name in SHARED_NAMES or name.startswith(SHARED_PREFIXES)


def with_monte_carlo(spec: WorkbookSpec, mc: MonteCarloSheets) -> WorkbookSpec:
    """``spec`` with the Monte Carlo sheets after :data:`AFTER`, their names and the engine's
    values of them."""
    seed = mc.seed if mc.seed is not None else "none: the proponent's draws"
    settings = (
        ("Seed", "MC_Seed", seed, None),
        ("Seed source", "MC_Seed_Source", mc.seed_source, None),
        ("Draws content SHA-256 (float64 matrix)", "MC_Draws_Content_SHA256",
         mc.content_sha256, None),
        *((("Period series", "MC_Period_Series", mc.period_series, None),)
          if mc.period_series else ()),
    )  # fmt: skip
    created = spec.properties.created or dt.datetime(2000, 1, 1)
    book = build_deduction_workbook(
        mc.figures,
        created,
        extra_settings=settings,
        period_names=True,
        draws_in_workbook=mc.draws_in_workbook,
    )
    taken = {n.name.lower() for n in spec.names}
    clash = [n.name for n in book.names if n.name.lower() in taken]
    if clash:
        raise ValueError(f"the Monte Carlo sheets redefine {', '.join(clash)}")
    names = [s.name for s in spec.sheets]
    at = names.index(AFTER) + 1 if AFTER in names else len(names)
    extra = [*book.sheets, *([sensitivity_sheet(mc.sensitivity)] if mc.sensitivity else [])]
    sheets = [*spec.sheets[:at], *extra, *spec.sheets[at:]]
    return replace(
        spec,
        sheets=sheets,
        names=[*spec.names, *book.names],
        engine_values={**spec.engine_values, **book.engine_values},
    )


SENSITIVITY = "Sensitivity"
SENSITIVITY_HEADERS = [
    "Input",
    "Period gross ER, input at its P5 (tCO2e)",
    "Period gross ER, input at its P95 (tCO2e)",
    "Swing |P95 − P5| (tCO2e)",
    "Rank (largest swing first)",
    "Variance share r²/Σr² (approximate)",
]


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def sensitivity_sheet(rows: tuple[Mapping[str, object], ...]) -> SheetSpec:
    """``Sensitivity`` (contract 7.5.4): per input, the period gross ER with that input alone at
    its P5 and its P95 (every other input at its deterministic value), the swing as a formula,
    the rank, and the share of variance from the stored draws (Pearson r² over Σ r²: exact for a
    linear model with independent inputs, approximate otherwise); a tornado chart of the swings."""
    sh = SheetBuilder(
        SENSITIVITY,
        NameRegistry(),
        "Sensitivity of the period gross ER to each uncertain input",
        "Tornado: the vectorised model at two designed draws per input (inverse CDF at 0.05 and "
        "0.95), no new random numbers. Variance share: Pearson correlation of the input's draws "
        "with the period gross ER, squared, over the sum of the squares (FCPF uncertainty "
        "guidance, step 4). Outputs and shares are the engine's, from the draws file.",
    )
    sh.headers(HEADER_ROW, 1, SENSITIVITY_HEADERS)
    ordered = sorted(rows, key=lambda e: (_number(e.get("rank")) or 0.0, str(e.get("input_id"))))
    for i, entry in enumerate(ordered):
        r = FIRST_ROW + i
        low, high = (
            _number(entry.get("output_at_low_tco2e")),
            _number(entry.get("output_at_high_tco2e")),
        )
        rank, share = _number(entry.get("rank")), _number(entry.get("variance_share_fraction"))
        sh.put_row(
            r,
            1,
            [
                label(str(entry.get("input_id"))),
                inp(low, TCO2E) if low is not None else None,
                inp(high, TCO2E) if high is not None else None,
                fx(f"=ABS(C{r}-B{r})", TCO2E) if low is not None and high is not None else None,
                inp(int(rank), COUNT) if rank is not None else None,
                inp(share, FRACTION) if share is not None else None,
            ],
        )
    last = FIRST_ROW + len(ordered) - 1
    if ordered and any(_number(e.get("output_at_low_tco2e")) is not None for e in ordered):
        sh.charts.append(
            ChartSpec(
                kind="bar",
                title="Tornado: swing of the period gross ER per input (tCO2e)",
                anchor=f"A{last + 3}",
                categories=RangeRef(SENSITIVITY, 1, FIRST_ROW, 1, last),
                series=(SeriesSpec("Swing", RangeRef(SENSITIVITY, 4, FIRST_ROW, 4, last)),),
                x_title="Input",
                y_title="tCO2e",
            )
        )
    sh.widths_from(1, [36, 22, 22, 20, 14, 22])
    sh.freeze = f"B{FIRST_ROW}"
    sh.title_rows = f"1:{HEADER_ROW}"
    return sh.spec()
