"""The monitoring period from its cohort emissions to VCUs: one leaf-module call per equation.

``vintage_series`` sums the cohort emissions of each vintage (baseline, project stock, fires,
leakage belt); ``period_uncertainty`` runs X-UNC over the period; ``vintage_figures`` applies
leakage, NER, the uncertainty deduction, the buffer and the VCU rounding to each vintage;
``period_totals`` gives the totals of ``summary.json``. Every rule switch sits in its leaf module.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from redd_audit.methodology.baseline import baseline_emissions_tco2e
from redd_audit.methodology.buffer import buffer_base_tco2e, buffer_withholding_tco2e
from redd_audit.methodology.disturbance import project_stock_change_tco2e
from redd_audit.methodology.figures import UncertaintyResult, VintageFigures
from redd_audit.methodology.fixed_baseline import fixed_baseline_series
from redd_audit.methodology.leakage import (
    immigrant_leakage_terms,
    total_leakage_tco2e,
    vintage_leakage_tco2e,
)
from redd_audit.methodology.net_reductions import (
    adjusted_net_emission_reductions_tco2e,
    deducts_reversals,
    is_reversal,
    net_emission_reductions_tco2e,
    verified_carbon_units,
)
from redd_audit.methodology.project_emissions import (
    project_emissions_tco2e,
    project_stock_emissions_tco2e,
)
from redd_audit.methodology.uncertainty import (
    ner_error_fraction,
    propagated_uncertainty_fraction,
    uncertainty_deduction_factor,
    uncertainty_fraction_used,
    uncertainty_project_weight_tco2e,
)
from redd_audit.methodology.vintages import Vintage

if TYPE_CHECKING:
    from redd_audit.project_settings import Accounting


@dataclass(frozen=True)
class VintageSeries:
    """Per-vintage sums of the cohort and fire emissions [tCO2e], one element per vintage."""

    baseline_tco2e: np.ndarray
    project_stock_tco2e: np.ndarray
    project_fire_tco2e: np.ndarray
    leakage_belt_tco2e: np.ndarray
    leakage_belt_baseline_tco2e: np.ndarray
    #: contract section 8: ΔC_P,DistPA,v (included in project_stock_tco2e), A_BSL,PA,v, and
    #: the monitored deforestation A_DefPA,v, A_DefLB,v of the vintage [ha]
    project_disturbance_tco2e: np.ndarray
    baseline_area_ha: np.ndarray
    project_deforestation_ha: np.ndarray
    belt_deforestation_ha: np.ndarray

    @property
    def project_tco2e(self) -> np.ndarray:
        return np.array(
            [
                project_emissions_tco2e(float(s), float(f))
                for s, f in zip(self.project_stock_tco2e, self.project_fire_tco2e, strict=True)
            ]
        )


def _cohort_values(emissions: pd.DataFrame, source: str, zone: str, year: int) -> np.ndarray:
    if emissions.empty:
        return np.zeros(0)
    rows = (
        (emissions["source"] == source)
        & (emissions["zone"] == zone)
        & (emissions["vintage"] == year)
    )
    return emissions.loc[rows.to_numpy(dtype=bool), "emissions_tco2e"].to_numpy(dtype=float)


def _areas(cohorts: pd.DataFrame, zone: str, column: str, vintages: list[Vintage]) -> np.ndarray:
    if cohorts.empty:
        return np.zeros(len(vintages))
    rows = cohorts[cohorts["zone"] == zone]
    labels = rows["cohort_year"].to_numpy(dtype=np.int64)
    values = rows[column].to_numpy(dtype=float)
    return np.array([float(values[labels == v.year].sum()) for v in vintages])


def vintage_series(
    emissions: pd.DataFrame,
    fires: pd.DataFrame,
    vintages: list[Vintage],
    *,
    baseline: pd.DataFrame | None = None,
    monitored: pd.DataFrame | None = None,
    disturbance: pd.DataFrame | None = None,
    fixed_baseline: pd.DataFrame | None = None,
) -> VintageSeries:
    """ΔC_BSL,v, ΔC_P,stock,v, E_BB,v, ΔC_P,LB,v and ΔC_BSL,LB,v of every vintage [tCO2e], with
    the areas of contract section 8.

    ``baseline`` and ``monitored`` are the cohorts (areas of A_BSL,PA and A_Def); ``disturbance``
    the emissions of project-area disturbance cohorts (8.5); ``fixed_baseline`` the checked rows
    of ``baseline_emissions`` under ``baseline.source: fixed_table`` (8.4).
    """

    def fire_values(year: int) -> np.ndarray:
        if fires.empty:
            return np.zeros(0)
        return fires.loc[fires["vintage"] == year, "emissions_tco2e"].to_numpy(dtype=float)

    def series(source: str, zone: str, table: pd.DataFrame = emissions) -> np.ndarray:
        total = baseline_emissions_tco2e if source == "baseline" else project_stock_emissions_tco2e
        return np.array([total(_cohort_values(table, source, zone, v.year)) for v in vintages])

    fractions = np.array([v.year_fraction for v in vintages])
    if fixed_baseline is None:
        baseline_pa = series("baseline", "project_area")
        baseline_lb = series("baseline", "leakage_belt")
        cohorts = baseline if baseline is not None else pd.DataFrame()
        baseline_area = _areas(cohorts, "project_area", "area_ha", vintages) * fractions
    else:
        table = fixed_baseline
        baseline_pa = fixed_baseline_series(table, vintages, "project_area", "baseline_tco2e")
        baseline_lb = fixed_baseline_series(table, vintages, "leakage_belt", "baseline_tco2e")
        baseline_area = fixed_baseline_series(table, vintages, "project_area", "baseline_area_ha")
    deforestation = series("monitored", "project_area")
    if disturbance is None or disturbance.empty:
        disturbed = np.zeros(len(vintages))
    else:
        disturbed = series("monitored", "project_area", disturbance)
    monitored_cohorts = monitored if monitored is not None else pd.DataFrame()
    return VintageSeries(
        baseline_tco2e=baseline_pa,
        project_stock_tco2e=np.array(
            [
                project_stock_change_tco2e(float(d), float(x))
                for d, x in zip(deforestation, disturbed, strict=True)
            ]
        )
        if disturbed.any()
        else deforestation,
        project_fire_tco2e=np.array(
            [project_stock_emissions_tco2e(fire_values(v.year)) for v in vintages]
        ),
        leakage_belt_tco2e=series("monitored", "leakage_belt"),
        leakage_belt_baseline_tco2e=baseline_lb,
        project_disturbance_tco2e=disturbed,
        baseline_area_ha=baseline_area,
        project_deforestation_ha=_areas(
            monitored_cohorts, "project_area", "area_in_period_ha", vintages
        ),
        belt_deforestation_ha=_areas(
            monitored_cohorts, "leakage_belt", "area_in_period_ha", vintages
        ),
    )


def _sum_by(frame: pd.DataFrame, keys: list[str], value: str) -> pd.Series:
    if frame.empty:
        return pd.Series(dtype=float)
    return frame.groupby(keys, sort=True)[value].sum()


def _lookup(series: pd.Series, key: object) -> float:
    return float(series.get(key, 0.0)) if not series.empty else 0.0


def period_uncertainty(
    accounting: Accounting,
    stocks: pd.DataFrame,
    emissions: pd.DataFrame,
    fires: pd.DataFrame,
    series: VintageSeries,
    *,
    disturbance: pd.DataFrame | None = None,
    fixed_baseline_by_stratum: pd.Series | None = None,
) -> UncertaintyResult:
    """X-UNC over the period: stratum weights, U_BSL, U_WPS, NER_ERROR and the deduction factor.

    Project weights include natural disturbance (contract 8.5); under a fixed baseline the
    baseline weights are the table's per-stratum rows (8.4), none without ``stratum_id``.
    """
    pa = emissions[emissions["zone"] == "project_area"] if not emissions.empty else emissions
    by_stratum = _sum_by(pa, ["source", "stratum_id"], "emissions_tco2e")
    fire_by_stratum = _sum_by(fires, ["stratum_id"], "emissions_tco2e")
    disturbed = (
        _sum_by(disturbance, ["stratum_id"], "emissions_tco2e")
        if disturbance is not None
        else pd.Series(dtype=float)
    )
    weights = accounting.rules.uncertainty_project_weights
    table = stocks[["stratum_id", "uncertainty_fraction"]].copy()
    if fixed_baseline_by_stratum is None:
        table["baseline_tco2e"] = [
            _lookup(by_stratum, ("baseline", s)) for s in table["stratum_id"]
        ]
    else:
        table["baseline_tco2e"] = [
            _lookup(fixed_baseline_by_stratum, s) for s in table["stratum_id"]
        ]

    def stock(s: str) -> float:
        deforestation = _lookup(by_stratum, ("monitored", s))
        if disturbed.empty:
            return deforestation
        return project_stock_change_tco2e(deforestation, _lookup(disturbed, s))

    table["project_tco2e"] = [
        uncertainty_project_weight_tco2e(stock(s), _lookup(fire_by_stratum, s), weights)
        for s in table["stratum_id"]
    ]
    settings = accounting.uncertainty
    u = table["uncertainty_fraction"].to_numpy(dtype=float)
    u_bsl = uncertainty_fraction_used(
        settings.baseline_fraction,
        propagated_uncertainty_fraction(u, table["baseline_tco2e"].to_numpy()),
    )
    u_wps = uncertainty_fraction_used(
        settings.project_fraction,
        propagated_uncertainty_fraction(u, table["project_tco2e"].to_numpy()),
    )
    error = ner_error_fraction(
        float(series.baseline_tco2e.sum()), u_bsl, float(series.project_tco2e.sum()), u_wps
    )
    return UncertaintyResult(
        strata=table,
        baseline_fraction=u_bsl,
        baseline_fraction_source="propagated" if settings.baseline_fraction is None else "given",
        project_fraction=u_wps,
        project_fraction_source="propagated" if settings.project_fraction is None else "given",
        ner_error_fraction=error,
        allowable_fraction=settings.allowable_fraction,
        deduction_factor=uncertainty_deduction_factor(error, settings.allowable_fraction),
    )


def vintage_figures(
    vintages: list[Vintage],
    series: VintageSeries,
    deduction_factor: float,
    accounting: Accounting,
) -> list[VintageFigures]:
    """Leakage, NER, adjusted NER, buffer and VCUs of every vintage."""
    rules = accounting.rules
    period_lb = float(series.leakage_belt_tco2e.sum())
    period_lb_baseline = float(series.leakage_belt_baseline_tco2e.sum())
    period_days = float(sum(v.days for v in vintages))
    deduct = deducts_reversals(rules.reversal_deduction)
    figures = []
    for i, v in enumerate(vintages):
        baseline = float(series.baseline_tco2e[i])
        stock = float(series.project_stock_tco2e[i])
        fire = float(series.project_fire_tco2e[i])
        lb = float(series.leakage_belt_tco2e[i])
        lb_baseline = float(series.leakage_belt_baseline_tco2e[i])
        belt = vintage_leakage_tco2e(
            lb,
            lb_baseline,
            v.days,
            period_lb,
            period_lb_baseline,
            period_days,
            rules.leakage_netting,
        )
        immigrants = immigrant_leakage_terms(
            accounting.leakage.immigrants,
            float(series.baseline_area_ha[i]),
            float(series.project_deforestation_ha[i]),
            float(series.belt_deforestation_ha[i]),
        )
        leakage = (
            belt if immigrants is None else total_leakage_tco2e(belt, immigrants.leakage_tco2e)
        )
        project = project_emissions_tco2e(stock, fire)
        ner = net_emission_reductions_tco2e(baseline, project, leakage)
        adjusted = adjusted_net_emission_reductions_tco2e(ner, deduction_factor, deduct)
        base = buffer_base_tco2e(
            baseline, stock, deduction_factor, rules.buffer_base, ner, adjusted
        )
        buffer = buffer_withholding_tco2e(accounting.buffer.risk_rating_fraction, base, ner)
        figures.append(
            VintageFigures(
                vintage=v.year,
                start=v.start,
                end=v.end,
                days=v.days,
                year_fraction=v.year_fraction,
                baseline_tco2e=baseline,
                project_stock_tco2e=stock,
                project_fire_tco2e=fire,
                project_tco2e=project,
                leakage_belt_tco2e=lb,
                leakage_belt_baseline_tco2e=lb_baseline,
                leakage_tco2e=leakage,
                ner_tco2e=ner,
                adjusted_ner_tco2e=adjusted,
                buffer_base_tco2e=base,
                buffer_tco2e=buffer,
                vcus=verified_carbon_units(adjusted, buffer, ner),
                reversal=is_reversal(ner),
                baseline_area_ha=float(series.baseline_area_ha[i]),
                project_deforestation_tco2e=stock - float(series.project_disturbance_tco2e[i])
                if series.project_disturbance_tco2e[i]
                else stock,
                project_disturbance_tco2e=float(series.project_disturbance_tco2e[i]),
                leakage_asu_lb_tco2e=belt,
                leakage_asu_olb_tco2e=0.0 if immigrants is None else immigrants.leakage_tco2e,
                immigrant_leakage=immigrants,
                uncertainty_deduction_tco2e=ner - adjusted,
                deduction_factor=deduction_factor,
            )
        )
    return figures


def period_totals(
    figures: list[VintageFigures], uncertainty: UncertaintyResult
) -> dict[str, float]:
    """The ``totals`` of summary.json: sums over the vintages, and the period's X-UNC figures."""

    def total(name: str) -> float:
        return float(sum(getattr(f, name) for f in figures))

    return {
        "baseline_tco2e": total("baseline_tco2e"),
        "project_tco2e": total("project_tco2e"),
        "project_stock_tco2e": total("project_stock_tco2e"),
        "project_fire_tco2e": total("project_fire_tco2e"),
        "project_disturbance_tco2e": total("project_disturbance_tco2e"),
        "leakage_tco2e": total("leakage_tco2e"),
        "leakage_asu_lb_tco2e": total("leakage_asu_lb_tco2e"),
        "leakage_asu_olb_tco2e": total("leakage_asu_olb_tco2e"),
        "ner_tco2e": total("ner_tco2e"),
        "ner_error_fraction": uncertainty.ner_error_fraction,
        "deduction_factor": uncertainty.deduction_factor,
        "adjusted_ner_tco2e": total("adjusted_ner_tco2e"),
        "buffer_tco2e": total("buffer_tco2e"),
        "vcus": sum(f.vcus for f in figures),
    }
