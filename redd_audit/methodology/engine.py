"""Recompute one monitoring period end to end (VM0007 REDD-MF: BL-UP, LK-ASU, M-MON, E-BB, X-UNC).

Inputs are the typed tables of the project folder (see ``redd_audit.tables``) and the validated
project definition; the quality gate has already refused invalid records. Outputs are the
per-vintage figures, the totals of ``summary.json`` and every intermediate table the workbook
re-performs with formulas (cohort areas, per-hectare schedules, fires, uncertainty terms).

Conventions (each a rule-set setting or stated in the workbook):

* Vintages are calendar years clipped to the period. For a partial year the annual quantities
  (ex-ante baseline areas, tails of cohorts cleared in earlier years) are multiplied by
  ``days / days_in_year``; monitored events and fires count by their date.
* A monitored cohort's clearing-year emission counts in the vintage that contains the event's
  date; events dated before the period start contribute only their later tails.
* Events and baseline rows dated before the crediting period began, or after the period ends,
  do not enter the accounting.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from redd_audit.errors import InputError
from redd_audit.methodology.accuracy import AccuracyAssessment, assess_map_accuracy
from redd_audit.methodology.buffer import buffer_withholding_tco2e
from redd_audit.methodology.carbon_stocks import inventory_carbon_stocks
from redd_audit.methodology.emission_schedule import (
    POOLS,
    cohort_emissions_tco2e,
    emission_schedule_tco2e_per_ha,
)
from redd_audit.methodology.fire import (
    fire_emission_factor_tco2e_per_t_dm,
    fire_non_co2_emissions_tco2e,
)
from redd_audit.methodology.leakage import leakage_emissions_tco2e
from redd_audit.methodology.net_reductions import (
    adjusted_net_emission_reductions_tco2e,
    net_emission_reductions_tco2e,
    verified_carbon_units,
)
from redd_audit.methodology.reconciliation import (
    RECONCILED_QUANTITIES,
    ReconciliationLine,
    reconcile,
)
from redd_audit.methodology.uncertainty import (
    ner_error_fraction,
    propagated_uncertainty_fraction,
    uncertainty_deduction_factor,
)
from redd_audit.methodology.vintages import Vintage, vintage_periods
from redd_audit.project import Project

ZONES = ("project_area", "leakage_belt")


@dataclass(frozen=True)
class VintageFigures:
    vintage: int
    start: dt.date
    end: dt.date
    days: int
    year_fraction: float
    baseline_tco2e: float
    project_stock_tco2e: float
    project_fire_tco2e: float
    project_tco2e: float
    leakage_belt_tco2e: float
    leakage_belt_baseline_tco2e: float
    leakage_tco2e: float
    ner_tco2e: float
    adjusted_ner_tco2e: float
    buffer_base_tco2e: float
    buffer_tco2e: float
    vcus: int
    reversal: bool

    def summary_dict(self) -> dict[str, object]:
        """The contract's ``vintages[]`` entry (summary.json), plus extra keys."""
        return {
            "vintage": self.vintage,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "days": self.days,
            "baseline_tco2e": self.baseline_tco2e,
            "project_tco2e": self.project_tco2e,
            "project_stock_tco2e": self.project_stock_tco2e,
            "project_fire_tco2e": self.project_fire_tco2e,
            "leakage_tco2e": self.leakage_tco2e,
            "ner_tco2e": self.ner_tco2e,
            "adjusted_ner_tco2e": self.adjusted_ner_tco2e,
            "buffer_tco2e": self.buffer_tco2e,
            "vcus": self.vcus,
            "reversal": self.reversal,
        }


@dataclass(frozen=True)
class UncertaintyResult:
    strata: pd.DataFrame  # stratum_id, uncertainty_fraction, baseline_tco2e, project_tco2e
    baseline_fraction: float
    baseline_fraction_source: str  # "propagated" | "given"
    project_fraction: float
    project_fraction_source: str
    ner_error_fraction: float
    allowable_fraction: float
    deduction_factor: float


@dataclass(frozen=True)
class InventoryResult:
    """Plot- and stratum-level results of the inventory (the per-tree table is not kept: the
    workbook re-performs the tree equations from the input rows)."""

    plots: pd.DataFrame
    strata: pd.DataFrame


@dataclass
class Recomputation:
    project_id: str
    period_start: dt.date
    period_end: dt.date
    vintages: list[VintageFigures]
    totals: dict[str, float]
    stocks: pd.DataFrame
    schedules: dict[str, np.ndarray]
    cohorts: pd.DataFrame
    emissions: pd.DataFrame
    fires: pd.DataFrame
    uncertainty: UncertaintyResult
    inventory: InventoryResult | None = None
    accuracy: AccuracyAssessment | None = None
    reconciliation: list[ReconciliationLine] = field(default_factory=list)
    exante_comparison: pd.DataFrame | None = None
    fire_emission_factor_tco2e_per_t_dm: float = 0.0


# --------------------------------------------------------------------------------------------
# carbon stocks and schedules


def stratum_stocks(project: Project, inventory: InventoryResult | None) -> pd.DataFrame:
    """Carbon stocks that drive the accounting, per stratum, with their uncertainty.

    The validated stocks of ``project.yaml`` unless ``accounting.carbon_stock_source`` is
    ``inventory``: then above- and below-ground carbon and the uncertainty come from the
    inventory (dead wood, litter and the post-deforestation stock stay validated).
    """
    use_inventory = project.accounting.carbon_stock_source == "inventory"
    inv = inventory.strata.set_index("stratum_id") if inventory is not None else None
    rows = []
    for s in project.strata:
        pools = s.carbon_tc_per_ha.model_dump()
        uncertainty = s.carbon_uncertainty_fraction
        source = "validated"
        if use_inventory:
            if inv is None or s.id not in inv.index:
                raise InputError(
                    f"accounting.carbon_stock_source is 'inventory' but stratum '{s.id}' has no "
                    "inventory plots",
                    file="project.yaml",
                    column="accounting.carbon_stock_source",
                )
            pools["above_ground"] = float(inv.at[s.id, "above_ground_tc_per_ha"])
            pools["below_ground"] = float(inv.at[s.id, "below_ground_tc_per_ha"])
            uncertainty = float(inv.at[s.id, "uncertainty_fraction"])
            source = "inventory"
        rows.append(
            {
                "stratum_id": s.id,
                "name": s.name,
                "area_ha": s.area_ha,
                **{f"{p}_tc_per_ha": pools[p] for p in POOLS},
                "post_deforestation_tc_per_ha": s.post_deforestation_tc_per_ha,
                "uncertainty_fraction": uncertainty,
                "stock_source": source,
                "fuel_t_dm_per_ha": s.fire.fuel_t_dm_per_ha if s.fire else math.nan,
                "combustion_factor": s.fire.combustion_factor if s.fire else math.nan,
            }
        )
    return pd.DataFrame(rows)


def stratum_schedules(project: Project, stocks: pd.DataFrame) -> dict[str, np.ndarray]:
    """Per-hectare emission schedule of every stratum, all of one length (the longest N)."""
    years = project.accounting.emission_schedule_years.model_dump()
    n_ages = max(years.values())
    return {
        row.stratum_id: emission_schedule_tco2e_per_ha(
            {p: getattr(row, f"{p}_tc_per_ha") for p in POOLS},
            row.post_deforestation_tc_per_ha,
            years,
            n_ages,
        )
        for row in stocks.itertuples(index=False)
    }


# --------------------------------------------------------------------------------------------
# activity data: cohort areas


def _require_known_strata(frame: pd.DataFrame, project: Project, table: str) -> None:
    present = frame["stratum_id"].dropna().astype(str).unique()  # distinct values only
    unknown = sorted(set(map(str, present)) - set(project.stratum_ids))
    if unknown:
        raise InputError(
            f"stratum_id {', '.join(unknown)} not defined in project.yaml",
            file=table,
            column="stratum_id",
        )


def monitored_cohorts(
    events: pd.DataFrame, project: Project, start: dt.date, end: dt.date
) -> pd.DataFrame:
    """Monitored deforestation per zone, stratum and year of clearing [ha].

    ``area_ha`` holds every event of the year dated from the crediting start to the period end
    (the cohort whose tails count); ``area_in_period_ha`` those dated inside the period (whose
    clearing-year emission counts in this period).
    """
    columns = ["zone", "stratum_id", "cohort_year", "area_ha", "area_in_period_ha"]
    if events is None or events.empty:
        return pd.DataFrame(columns=columns)
    dates = events["detected_on"]
    zone = events["zone"].astype("string")
    keep = (
        (
            zone.isin(ZONES)
            & (dates >= pd.Timestamp(project.crediting_period.start))
            & (dates <= pd.Timestamp(end))
        )
        .fillna(False)
        .to_numpy(dtype=bool)
    )
    selected = events.loc[keep, ["zone", "stratum_id", "area_ha"]].copy()
    if selected.empty:
        return pd.DataFrame(columns=columns)
    _require_known_strata(selected, project, "deforestation_events")
    selected["zone"] = selected["zone"].astype(str)
    selected["stratum_id"] = selected["stratum_id"].astype(str)
    selected["cohort_year"] = dates[keep].dt.year.to_numpy()
    selected["area_in_period_ha"] = np.where(
        dates[keep].to_numpy() >= np.datetime64(start), selected["area_ha"].to_numpy(), 0.0
    )
    grouped = (
        selected.groupby(["zone", "stratum_id", "cohort_year"], sort=True)[
            ["area_ha", "area_in_period_ha"]
        ]
        .sum()
        .reset_index()
    )
    return grouped[columns]


def baseline_cohorts(baseline: pd.DataFrame, project: Project, end: dt.date) -> pd.DataFrame:
    """Ex-ante baseline deforestation per zone, stratum and year from the crediting start to the
    period end [ha]."""
    first = project.crediting_period.start.year
    last = min(end.year, project.crediting_period.end.year)
    year = baseline["year"].astype("Int64")
    keep = (
        baseline["zone"].astype("string").isin(ZONES) & (year >= first) & (year <= last)
    ).fillna(False)
    selected = baseline.loc[
        keep.to_numpy(dtype=bool), ["zone", "stratum_id", "year", "area_ha"]
    ].copy()
    _require_known_strata(selected, project, "baseline_exante")
    selected["zone"] = selected["zone"].astype(str)
    selected["stratum_id"] = selected["stratum_id"].astype(str)
    selected["cohort_year"] = selected["year"].astype(int)
    grouped = (
        selected.groupby(["zone", "stratum_id", "cohort_year"], sort=True)["area_ha"]
        .sum()
        .reset_index()
    )
    return grouped


def cohort_vintage_emissions(
    cohorts: pd.DataFrame,
    schedules: dict[str, np.ndarray],
    vintages: list[Vintage],
    dated: bool,
) -> pd.DataFrame:
    """Emissions of every cohort in every vintage [tCO2e] (BL-UP / M-MON cohort sum).

    For a vintage v and a cohort cleared in t0 with area A (and A_in for the part dated inside
    the period): ``f_v · A · ΔC(v − t0)`` for t0 < v, and for t0 = v either ``f_v · A · ΔC(0)``
    (annual ex-ante quantities, ``dated=False``) or ``A_in · ΔC(0)`` (dated events).
    """
    frames = []
    for v in vintages:
        if cohorts.empty:
            break
        age = v.year - cohorts["cohort_year"].to_numpy(dtype=np.int64)
        area = cohorts["area_ha"].to_numpy(dtype=float)
        emissions = np.zeros(len(cohorts))
        for stratum_id, schedule in schedules.items():
            mask = (cohorts["stratum_id"] == stratum_id).to_numpy()
            if not mask.any():
                continue
            tails = cohort_emissions_tco2e(
                area[mask], np.where(age[mask] > 0, age[mask], -1), schedule
            )
            if dated:
                current_area = cohorts["area_in_period_ha"].to_numpy(dtype=float)[mask]
                current = cohort_emissions_tco2e(
                    current_area, np.where(age[mask] == 0, 0, -1), schedule
                )
            else:
                current = v.year_fraction * cohort_emissions_tco2e(
                    area[mask], np.where(age[mask] == 0, 0, -1), schedule
                )
            emissions[mask] = v.year_fraction * tails + current
        frame = cohorts[["zone", "stratum_id", "cohort_year"]].copy()
        frame["vintage"] = v.year
        frame["emissions_tco2e"] = emissions
        frames.append(frame)
    if not frames:
        return pd.DataFrame(
            columns=["zone", "stratum_id", "cohort_year", "vintage", "emissions_tco2e"]
        )
    return pd.concat(frames, ignore_index=True)


def fire_vintage_emissions(
    fires: pd.DataFrame | None,
    stocks: pd.DataFrame,
    vintages: list[Vintage],
    emission_factor: float,
) -> pd.DataFrame:
    """E-BB per stratum and vintage: forest fires in the project area dated in the period."""
    columns = [
        "stratum_id",
        "vintage",
        "burned_area_ha",
        "fuel_t_dm_per_ha",
        "combustion_factor",
        "emissions_tco2e",
    ]
    if fires is None or fires.empty:
        return pd.DataFrame(columns=columns)
    start, end = vintages[0].start, vintages[-1].end
    dates = fires["burned_on"]
    keep = (
        (
            (fires["zone"].astype("string") == "project_area")
            & (fires["land_cover"].astype("string") == "forest")
            & (dates >= pd.Timestamp(start))
            & (dates <= pd.Timestamp(end))
        )
        .fillna(False)
        .to_numpy(dtype=bool)
    )
    selected = fires.loc[keep, ["stratum_id", "area_ha"]].copy()
    if selected.empty:
        return pd.DataFrame(columns=columns)
    selected["stratum_id"] = selected["stratum_id"].astype(str)
    selected["vintage"] = dates[keep].dt.year.to_numpy()
    grouped = selected.groupby(["stratum_id", "vintage"], sort=True)["area_ha"].sum().reset_index()
    grouped = grouped.rename(columns={"area_ha": "burned_area_ha"})
    params = stocks.set_index("stratum_id")
    missing = sorted(set(grouped["stratum_id"]) - set(params.index))
    if missing:
        raise InputError(
            f"stratum_id {', '.join(missing)} not defined in project.yaml",
            file="fire_events",
            column="stratum_id",
        )
    grouped["fuel_t_dm_per_ha"] = grouped["stratum_id"].map(params["fuel_t_dm_per_ha"])
    grouped["combustion_factor"] = grouped["stratum_id"].map(params["combustion_factor"])
    no_params = grouped[grouped["fuel_t_dm_per_ha"].isna()]
    if not no_params.empty:
        raise InputError(
            f"forest fires in the project area of stratum {no_params['stratum_id'].iloc[0]} but "
            "the stratum has no 'fire' parameters (fuel_t_dm_per_ha, combustion_factor)",
            file="project.yaml",
            column=f"strata.{no_params['stratum_id'].iloc[0]}.fire",
        )
    grouped["emissions_tco2e"] = fire_non_co2_emissions_tco2e(
        grouped["burned_area_ha"].to_numpy(),
        grouped["fuel_t_dm_per_ha"].to_numpy(),
        grouped["combustion_factor"].to_numpy(),
        emission_factor,
    )
    return grouped[columns]


# --------------------------------------------------------------------------------------------
# the period


def _sum_by(frame: pd.DataFrame, keys: list[str], value: str) -> pd.Series:
    if frame.empty:
        return pd.Series(dtype=float)
    return frame.groupby(keys, sort=True)[value].sum()


def _lookup(series: pd.Series, key: object) -> float:
    return float(series.get(key, 0.0)) if not series.empty else 0.0


def recompute(
    project: Project, frames: dict[str, pd.DataFrame], start: dt.date, end: dt.date
) -> Recomputation:
    """Recompute the emission reductions of the monitoring period ``[start, end]``.

    Parameters
    ----------
    project : the validated project definition
    frames : typed tables by name (``baseline_exante`` and ``deforestation_events`` required)
    start, end : first and last day of the monitoring period
    """
    if start < project.crediting_period.start or end > project.crediting_period.end:
        raise InputError(
            f"monitoring period {start}..{end} is outside the crediting period "
            f"{project.crediting_period.start}..{project.crediting_period.end}",
            file="project.yaml",
            column="crediting_period",
        )
    acc = project.accounting
    rules = acc.rules
    vintages = vintage_periods(start, end)

    inventory = None
    if frames.get("inventory_plots") is not None and frames.get("inventory_trees") is not None:
        inv = project.inventory
        _, plots, strata = inventory_carbon_stocks(
            frames["inventory_plots"],
            frames["inventory_trees"],
            carbon_fraction=inv.carbon_fraction,
            below_ground_method=inv.below_ground_method,
            root_to_shoot_ratio=inv.root_to_shoot_ratio,
            environmental_stress_e=inv.environmental_stress_e,
            target_precision=inv.target_precision_fraction,
        )
        inventory = InventoryResult(plots, strata)

    stocks = stratum_stocks(project, inventory)
    schedules = stratum_schedules(project, stocks)

    monitored = monitored_cohorts(frames.get("deforestation_events"), project, start, end)
    baseline = baseline_cohorts(frames["baseline_exante"], project, end)
    cohorts = pd.concat(
        [
            baseline.assign(source="baseline", area_in_period_ha=np.nan),
            monitored.assign(source="monitored"),
        ],
        ignore_index=True,
    )[["source", "zone", "stratum_id", "cohort_year", "area_ha", "area_in_period_ha"]]

    emissions = pd.concat(
        [
            cohort_vintage_emissions(baseline, schedules, vintages, dated=False).assign(
                source="baseline"
            ),
            cohort_vintage_emissions(monitored, schedules, vintages, dated=True).assign(
                source="monitored"
            ),
        ],
        ignore_index=True,
    )
    gas = acc.fire_emission_factors_g_per_kg
    fire_ef = fire_emission_factor_tco2e_per_t_dm(gas.ch4, gas.n2o, acc.gwp.ch4, acc.gwp.n2o)
    fires = fire_vintage_emissions(frames.get("fire_events"), stocks, vintages, fire_ef)

    by_vintage = _sum_by(emissions, ["source", "zone", "vintage"], "emissions_tco2e")
    fire_by_vintage = _sum_by(fires, ["vintage"], "emissions_tco2e")

    baseline_v = np.array(
        [_lookup(by_vintage, ("baseline", "project_area", v.year)) for v in vintages]
    )
    stock_v = np.array(
        [_lookup(by_vintage, ("monitored", "project_area", v.year)) for v in vintages]
    )
    fire_v = np.array([_lookup(fire_by_vintage, v.year) for v in vintages])
    lb_v = np.array([_lookup(by_vintage, ("monitored", "leakage_belt", v.year)) for v in vintages])
    lb_base_v = np.array(
        [_lookup(by_vintage, ("baseline", "leakage_belt", v.year)) for v in vintages]
    )
    if rules.leakage_netting == "per_vintage":
        leakage_v = np.asarray(leakage_emissions_tco2e(lb_v, lb_base_v), dtype=float)
    else:
        total_leakage = float(leakage_emissions_tco2e(lb_v.sum(), lb_base_v.sum()))
        days = np.array([v.days for v in vintages], dtype=float)
        leakage_v = total_leakage * days / days.sum()
    project_v = stock_v + fire_v

    uncertainty = _uncertainty(
        project, stocks, emissions, fires, float(baseline_v.sum()), float(project_v.sum())
    )
    factor = uncertainty.deduction_factor

    figures = []
    for i, v in enumerate(vintages):
        ner = net_emission_reductions_tco2e(baseline_v[i], project_v[i], leakage_v[i])
        adjusted = adjusted_net_emission_reductions_tco2e(
            ner, factor, deduct_reversals=rules.reversal_deduction == "apply_factor"
        )
        base = baseline_v[i] - stock_v[i]
        if rules.buffer_base == "adjusted_stock_change":
            base *= factor
        buffer = buffer_withholding_tco2e(acc.buffer.risk_rating_fraction, base, ner)
        figures.append(
            VintageFigures(
                vintage=v.year,
                start=v.start,
                end=v.end,
                days=v.days,
                year_fraction=v.year_fraction,
                baseline_tco2e=float(baseline_v[i]),
                project_stock_tco2e=float(stock_v[i]),
                project_fire_tco2e=float(fire_v[i]),
                project_tco2e=float(project_v[i]),
                leakage_belt_tco2e=float(lb_v[i]),
                leakage_belt_baseline_tco2e=float(lb_base_v[i]),
                leakage_tco2e=float(leakage_v[i]),
                ner_tco2e=float(ner),
                adjusted_ner_tco2e=float(adjusted),
                buffer_base_tco2e=float(base),
                buffer_tco2e=float(buffer),
                vcus=verified_carbon_units(adjusted, buffer, ner),
                reversal=bool(ner < 0.0),
            )
        )

    totals = {
        "baseline_tco2e": sum(f.baseline_tco2e for f in figures),
        "project_tco2e": sum(f.project_tco2e for f in figures),
        "project_stock_tco2e": sum(f.project_stock_tco2e for f in figures),
        "project_fire_tco2e": sum(f.project_fire_tco2e for f in figures),
        "leakage_tco2e": sum(f.leakage_tco2e for f in figures),
        "ner_tco2e": sum(f.ner_tco2e for f in figures),
        "ner_error_fraction": uncertainty.ner_error_fraction,
        "deduction_factor": factor,
        "adjusted_ner_tco2e": sum(f.adjusted_ner_tco2e for f in figures),
        "buffer_tco2e": sum(f.buffer_tco2e for f in figures),
        "vcus": sum(f.vcus for f in figures),
    }

    accuracy = None
    samples = frames.get("accuracy_samples")
    if samples is not None and not samples.empty:
        accuracy = assess_map_accuracy(samples)

    return Recomputation(
        project_id=project.id,
        period_start=start,
        period_end=end,
        vintages=figures,
        totals=totals,
        stocks=stocks,
        schedules=schedules,
        cohorts=cohorts,
        emissions=emissions,
        fires=fires,
        uncertainty=uncertainty,
        inventory=inventory,
        accuracy=accuracy,
        reconciliation=_reconciliation(project, frames.get("claimed_vintages"), figures),
        exante_comparison=_exante_comparison(frames.get("exante_estimates"), figures),
        fire_emission_factor_tco2e_per_t_dm=fire_ef,
    )


def _uncertainty(
    project: Project,
    stocks: pd.DataFrame,
    emissions: pd.DataFrame,
    fires: pd.DataFrame,
    baseline_total: float,
    project_total: float,
) -> UncertaintyResult:
    """X-UNC: per-stratum emission weights, U_BSL, U_WPS, NER_ERROR and the deduction factor."""
    pa = emissions[emissions["zone"] == "project_area"] if not emissions.empty else emissions
    by_stratum = _sum_by(pa, ["source", "stratum_id"], "emissions_tco2e")
    fire_by_stratum = _sum_by(fires, ["stratum_id"], "emissions_tco2e")
    include_fire = project.accounting.rules.uncertainty_project_weights == "total_emissions"
    table = stocks[["stratum_id", "uncertainty_fraction"]].copy()
    table["baseline_tco2e"] = [_lookup(by_stratum, ("baseline", s)) for s in table["stratum_id"]]
    table["project_tco2e"] = [
        _lookup(by_stratum, ("monitored", s))
        + (_lookup(fire_by_stratum, s) if include_fire else 0.0)
        for s in table["stratum_id"]
    ]
    settings = project.accounting.uncertainty
    u = table["uncertainty_fraction"].to_numpy(dtype=float)
    if settings.baseline_fraction is None:
        u_bsl, bsl_source = (
            propagated_uncertainty_fraction(u, table["baseline_tco2e"].to_numpy()),
            "propagated",
        )
    else:
        u_bsl, bsl_source = settings.baseline_fraction, "given"
    if settings.project_fraction is None:
        u_wps, wps_source = (
            propagated_uncertainty_fraction(u, table["project_tco2e"].to_numpy()),
            "propagated",
        )
    else:
        u_wps, wps_source = settings.project_fraction, "given"
    error = ner_error_fraction(baseline_total, u_bsl, project_total, u_wps)
    return UncertaintyResult(
        strata=table,
        baseline_fraction=u_bsl,
        baseline_fraction_source=bsl_source,
        project_fraction=u_wps,
        project_fraction_source=wps_source,
        ner_error_fraction=error,
        allowable_fraction=settings.allowable_fraction,
        deduction_factor=uncertainty_deduction_factor(error, settings.allowable_fraction),
    )


def _reconciliation(
    project: Project, claimed: pd.DataFrame | None, figures: list[VintageFigures]
) -> list[ReconciliationLine]:
    if claimed is None or claimed.empty:
        return []
    by_vintage = {f.vintage: f for f in figures}
    lines = []
    for row in claimed.sort_values("vintage").itertuples(index=False):
        figure = by_vintage.get(int(row.vintage))
        if figure is None:
            continue
        for quantity in RECONCILED_QUANTITIES:
            claimed_value = getattr(row, quantity)
            if pd.isna(claimed_value):
                continue
            lines.append(
                reconcile(
                    figure.vintage,
                    quantity,
                    float(claimed_value),
                    float(getattr(figure, quantity)),
                    project.materiality_fraction,
                )
            )
    return lines


def _exante_comparison(
    exante: pd.DataFrame | None, figures: list[VintageFigures]
) -> pd.DataFrame | None:
    """Ex-ante estimates (pro-rated by days for partial years) beside the achieved figures."""
    if exante is None or exante.empty:
        return None
    table = exante.assign(year=exante["year"].astype(int)).set_index("year")
    rows = []
    for f in figures:
        if f.vintage not in table.index:
            continue
        e = table.loc[f.vintage]
        exante_net = float(e["net_tco2e"]) * f.year_fraction
        rows.append(
            {
                "vintage": f.vintage,
                "year_fraction": f.year_fraction,
                "exante_baseline_tco2e": float(e["baseline_tco2e"]) * f.year_fraction,
                "exante_project_tco2e": float(e["project_tco2e"]) * f.year_fraction,
                "exante_leakage_tco2e": float(e["leakage_tco2e"]) * f.year_fraction,
                "exante_net_tco2e": exante_net,
                "achieved_baseline_tco2e": f.baseline_tco2e,
                "achieved_project_tco2e": f.project_tco2e,
                "achieved_leakage_tco2e": f.leakage_tco2e,
                "achieved_ner_tco2e": f.ner_tco2e,
                "difference_fraction": (f.ner_tco2e - exante_net) / abs(exante_net)
                if exante_net
                else None,
            }
        )
    return pd.DataFrame(rows)
