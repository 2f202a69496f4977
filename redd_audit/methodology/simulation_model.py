"""The accounting of a period with a leading draw axis (contract 7.2.1, 7.2.4).

The cohorts, ages and year fractions are built once, as :func:`~.engine.recompute` builds them
(:class:`SimulationModel`); then the registered functions of the methodology run on arrays of
shape ``(D, …)``: :func:`~.emission_schedule.emission_schedule_tco2e_per_ha`,
:func:`~.emission_schedule.exante_cohort_emissions_tco2e`,
:func:`~.emission_schedule.monitored_cohort_emissions_tco2e`, the cohort sums,
:func:`~.leakage.vintage_leakage_tco2e` (both netting rules),
:func:`~.project_emissions.project_emissions_tco2e` and
:func:`~.net_reductions.net_emission_reductions_tco2e`. No equation is written here.

Cells an input varies (:data:`CELL_KINDS`): the stratum stocks by pool and the
post-deforestation stock (``("stock", stratum, pool)``), and the area of every baseline and
monitored cohort (``("baseline", i)``, ``("monitored", i)``, ``i`` its row). Not simulated yet
(exit 2 when the project uses them): a fixed baseline table, natural disturbance, immigrant
leakage and the fire quantities (fires enter at their deterministic emissions).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from redd_audit.errors import InputError
from redd_audit.methodology.baseline import baseline_emissions_tco2e
from redd_audit.methodology.cohorts import baseline_cohorts, monitored_cohorts
from redd_audit.methodology.emission_schedule import (
    POOLS,
    emission_schedule_tco2e_per_ha,
    exante_cohort_emissions_tco2e,
    monitored_cohort_emissions_tco2e,
)
from redd_audit.methodology.figures import Recomputation
from redd_audit.methodology.leakage import vintage_leakage_tco2e
from redd_audit.methodology.net_reductions import net_emission_reductions_tco2e
from redd_audit.methodology.project_emissions import (
    project_emissions_tco2e,
    project_stock_emissions_tco2e,
)
from redd_audit.methodology.vintages import Vintage, project_years, vintage_periods
from redd_audit.project import Project

#: The series simulated per vintage and for the period (contract 7.2.1).
SERIES = (
    "baseline_tco2e",
    "project_stock_tco2e",
    "project_fire_tco2e",
    "project_tco2e",
    "leakage_belt_tco2e",
    "leakage_belt_baseline_tco2e",
    "leakage_tco2e",
    "gross_er_tco2e",
    "ner_tco2e",
)
POST = "post_deforestation"
Cell = tuple[str, str, str] | tuple[str, int]
Values = dict[Cell, NDArray[np.float64]]


@dataclass(frozen=True)
class SimulationModel:
    """What the vectorised accounting needs, built once per period."""

    vintages: tuple[Vintage, ...]
    #: stratum -> pool (and ``post_deforestation``) -> deterministic stock [tC ha⁻¹]
    stocks: dict[str, dict[str, float]]
    schedule_years: dict[str, int]
    n_ages: int
    baseline: pd.DataFrame
    monitored: pd.DataFrame
    fire_tco2e: tuple[float, ...]
    leakage_netting: str

    def deterministic(self, cell: Cell) -> float:
        """The deterministic value of a cell (a stock, or a cohort's area)."""
        if cell[0] == "stock":
            return self.stocks[str(cell[1])][str(cell[2])]  # type: ignore[misc]
        table = self.baseline if cell[0] == "baseline" else self.monitored
        return float(table["area_ha"].iloc[int(cell[1])])


def _refuse(what: str, column: str) -> InputError:
    return InputError(
        f"{what} is not simulated in this version (contract 7.2): run without "
        "accounting.simulation, or audit the proponent's draws with `redd-audit deduct`",
        file="project.yaml",
        column=column,
    )


def simulation_model(
    project: Project,
    frames: dict[str, pd.DataFrame],
    start: dt.date,
    end: dt.date,
    recomputation: Recomputation,
) -> SimulationModel:
    """The cohorts, stocks and fires of the period, as the deterministic engine built them."""
    acc = project.accounting
    if acc.baseline.source != "exante_cohorts":
        raise _refuse("a baseline fixed from the PD (baseline.source: fixed_table)", "baseline")
    if acc.leakage.immigrants.enabled:
        raise _refuse("immigrant leakage outside the belt", "accounting.leakage.immigrants")
    if any(f.project_disturbance_tco2e for f in recomputation.vintages):
        raise _refuse("natural disturbance (disturbance_events)", "disturbance_events")
    stocks = {
        str(r["stratum_id"]): {
            **{p: float(r[f"{p}_tc_per_ha"]) for p in POOLS},
            POST: float(r["post_deforestation_tc_per_ha"]),
        }
        for r in recomputation.stocks.to_dict("records")
    }
    years = acc.emission_schedule_years.model_dump()
    return SimulationModel(
        vintages=tuple(vintage_periods(start, end, project_years(acc))),
        stocks=stocks,
        schedule_years=years,
        n_ages=max(years.values()),
        baseline=baseline_cohorts(frames["baseline_exante"], project, end),
        monitored=monitored_cohorts(frames.get("deforestation_events"), project, start, end),
        fire_tco2e=tuple(f.project_fire_tco2e for f in recomputation.vintages),
        leakage_netting=acc.rules.leakage_netting,
    )


def _schedules(model: SimulationModel, values: Values, draws: int) -> dict[str, np.ndarray]:
    """Per-hectare schedules of every stratum: ``(draws, ages)`` when its stocks are drawn,
    else the deterministic ``(ages,)`` (broadcast by the cohort equations)."""
    out = {}
    for stratum, stock in model.stocks.items():
        carbon = {p: values.get(("stock", stratum, p), stock[p]) for p in POOLS}
        post = values.get(("stock", stratum, POST), stock[POST])
        out[stratum] = emission_schedule_tco2e_per_ha(
            carbon, post, model.schedule_years, model.n_ages
        )
    return out


@dataclass(frozen=True)
class _Runs:
    """A cohort table as arrays, with its runs of one zone and stratum (contiguous, years
    ascending: the engine's cohort order), so that each run is sliced, never gathered."""

    years: np.ndarray
    area: np.ndarray
    in_period: np.ndarray
    runs: tuple[tuple[str, str, int, int], ...]

    @classmethod
    def of(cls, table: pd.DataFrame) -> _Runs:
        if table.empty:
            return cls(np.zeros(0, np.int64), np.zeros(0), np.zeros(0), ())
        zones = table["zone"].astype(str).to_numpy()
        strata = table["stratum_id"].astype(str).to_numpy()
        runs, first = [], 0
        for i in range(1, len(table) + 1):
            if i == len(table) or zones[i] != zones[first] or strata[i] != strata[first]:
                runs.append((str(zones[first]), str(strata[first]), first, i))
                first = i
        in_period = (
            table["area_in_period_ha"].to_numpy(dtype=float)
            if "area_in_period_ha" in table.columns
            else np.zeros(len(table))
        )
        return cls(
            table["cohort_year"].to_numpy(dtype=np.int64),
            table["area_ha"].to_numpy(dtype=float),
            in_period,
            tuple(runs),
        )


def _areas(table: pd.DataFrame, kind: str, values: Values, draws: int) -> np.ndarray:
    """Cohort areas ``(draws, cohorts)``: the drawn ones replace their column."""
    areas = np.repeat(table["area_ha"].to_numpy(dtype=float)[None, :], draws, axis=0)
    for i in range(len(table)):
        drawn = values.get((kind, i))
        if drawn is not None:
            areas[:, i] = drawn
    return areas


def _in_period(runs: _Runs, areas: np.ndarray) -> np.ndarray:
    """The part of each cohort area dated in the period: the deterministic part where the area
    is not drawn (bit for bit), else the drawn area × the deterministic share."""
    safe = np.where(runs.area == 0.0, 1.0, runs.area)
    return np.asarray(
        np.where(areas == runs.area, runs.in_period, areas * (runs.in_period / safe)), dtype=float
    )


def _zone_totals(
    runs: _Runs,
    areas: np.ndarray,
    in_period: np.ndarray | None,
    schedules: dict[str, np.ndarray],
    vintage: Vintage,
    n_ages: int,
) -> dict[str, np.ndarray]:
    """Per zone, the cohort sum of the vintage's emissions ``(draws,)``: each run's cohorts
    that emit in the vintage (0 ≤ age < n_ages) through the registered cohort equation
    (ex-ante, or monitored when ``in_period`` is given), summed in cohort order."""
    blocks: dict[str, list[np.ndarray]] = {zone: [] for zone in ("project_area", "leakage_belt")}
    for zone, stratum, first, stop in runs.runs:
        years = runs.years[first:stop]
        low = first + int(np.searchsorted(years, vintage.year - n_ages, side="right"))
        high = first + int(np.searchsorted(years, vintage.year, side="right"))
        if high <= low or zone not in blocks:
            continue
        part = slice(low, high)
        age = vintage.year - runs.years[part]
        schedule = schedules[stratum]
        if in_period is None:
            block = exante_cohort_emissions_tco2e(
                areas[:, part], age, vintage.year_fraction, schedule
            )
        else:
            block = monitored_cohort_emissions_tco2e(
                areas[:, part], in_period[:, part], age, vintage.year_fraction, schedule
            )
        blocks[zone].append(block)
    draws = areas.shape[0]
    return {
        zone: np.hstack(parts) if parts else np.zeros((draws, 0)) for zone, parts in blocks.items()
    }


def _total(total: Callable[[np.ndarray], object], emissions: np.ndarray) -> np.ndarray:
    """The registered cohort sum over the cohort axis, ``(draws,)``."""
    if emissions.shape[1] == 0:
        return np.zeros(emissions.shape[0])
    return np.asarray(total(emissions), dtype=float)


def propagate(model: SimulationModel, values: Values, draws: int) -> dict[str, np.ndarray]:
    """Every series of :data:`SERIES` per vintage, ``(vintages, draws)``, at the cell values
    ``values`` (cell -> ``(draws,)``; cells absent keep their deterministic value)."""
    schedules = _schedules(model, values, draws)
    baseline_runs, monitored_runs = _Runs.of(model.baseline), _Runs.of(model.monitored)
    baseline_areas = _areas(model.baseline, "baseline", values, draws)
    monitored_areas = _areas(model.monitored, "monitored", values, draws)
    in_period = _in_period(monitored_runs, monitored_areas)
    rows: dict[str, list[np.ndarray]] = {name: [] for name in SERIES[:6]}
    n_ages = model.n_ages
    for i, vintage in enumerate(model.vintages):
        bsl = _zone_totals(baseline_runs, baseline_areas, None, schedules, vintage, n_ages)
        mon = _zone_totals(monitored_runs, monitored_areas, in_period, schedules, vintage, n_ages)
        stock = _total(project_stock_emissions_tco2e, mon["project_area"])
        fire = np.full(draws, model.fire_tco2e[i])
        rows["baseline_tco2e"].append(_total(baseline_emissions_tco2e, bsl["project_area"]))
        rows["project_stock_tco2e"].append(stock)
        rows["project_fire_tco2e"].append(fire)
        rows["project_tco2e"].append(np.asarray(project_emissions_tco2e(stock, fire)))
        rows["leakage_belt_tco2e"].append(
            _total(project_stock_emissions_tco2e, mon["leakage_belt"])
        )
        rows["leakage_belt_baseline_tco2e"].append(
            _total(baseline_emissions_tco2e, bsl["leakage_belt"])
        )
    out = {name: np.vstack(v) for name, v in rows.items()}
    period_lb = out["leakage_belt_tco2e"].sum(axis=0)
    period_lb_baseline = out["leakage_belt_baseline_tco2e"].sum(axis=0)
    period_days = float(sum(v.days for v in model.vintages))
    out["leakage_tco2e"] = np.vstack(
        [
            vintage_leakage_tco2e(
                out["leakage_belt_tco2e"][i],
                out["leakage_belt_baseline_tco2e"][i],
                v.days,
                period_lb,
                period_lb_baseline,
                period_days,
                model.leakage_netting,
            )
            for i, v in enumerate(model.vintages)
        ]
    )
    # gross ER = NER before leakage (contract 7.2.1): the NER equation with no leakage
    out["gross_er_tco2e"] = np.asarray(
        net_emission_reductions_tco2e(
            out["baseline_tco2e"],  # type: ignore[arg-type]
            out["project_tco2e"],  # type: ignore[arg-type]
            0.0,
        )
    )
    out["ner_tco2e"] = np.asarray(
        net_emission_reductions_tco2e(
            out["baseline_tco2e"],  # type: ignore[arg-type]
            out["project_tco2e"],  # type: ignore[arg-type]
            out["leakage_tco2e"],  # type: ignore[arg-type]
        )
    )
    return out
