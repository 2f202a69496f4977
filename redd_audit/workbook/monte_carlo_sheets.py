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
from dataclasses import dataclass, replace

from redd_audit.deduct.figures import DeductFigures
from redd_audit.deduct.workbook import build_deduction_workbook
from redd_audit.workbook.model import WorkbookSpec

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
    seed: int
    seed_source: str
    content_sha256: str
    #: ``accounting.simulation.draws_in_workbook``: auto | always | never
    draws_in_workbook: str = "auto"

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
    settings = (
        ("Seed", "MC_Seed", mc.seed, None),
        ("Seed source", "MC_Seed_Source", mc.seed_source, None),
        ("Draws content SHA-256 (float64 matrix)", "MC_Draws_Content_SHA256",
         mc.content_sha256, None),
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
    sheets = [*spec.sheets[:at], *book.sheets, *spec.sheets[at:]]
    return replace(
        spec,
        sheets=sheets,
        names=[*spec.names, *book.names],
        engine_values={**spec.engine_values, **book.engine_values},
    )
