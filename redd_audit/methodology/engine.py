"""Recompute one monitoring period end to end (VM0007 REDD-MF: BL-UP, LK-ASU, M-MON, E-BB, X-UNC).

Inputs are the typed tables of the project folder (see ``redd_audit.tables``) and the validated
project definition; the quality gate has already refused invalid records. Outputs are the
per-vintage figures, the totals of ``summary.json`` and every intermediate table the workbook
re-performs with formulas (cohort areas, per-hectare schedules, fires, uncertainty terms).

:func:`recompute` is a short sequence of steps, each one call into the module that owns it;
the equations and the rule switches live in the leaf modules (see ``redd_audit.equations``).

Conventions (each a rule-set setting or stated in the workbook; docs/conventions.md):

* Vintages are calendar years clipped to the period, or project years
  (``vintage_allocation: project_year``, contract 8.2). For a partial year the annual
  quantities (ex-ante baseline areas, the fixed baseline, tails of cohorts cleared in earlier
  years) are multiplied by ``days / days_in_year``; monitored events and fires count by their
  date, or are spread over the monitoring interval (``annualize: even``, 8.3).
* Contract section 8 (:mod:`redd_audit.methodology.audd`): the baseline fixed from the PD
  (8.4), natural disturbance in the project area (8.5), immigrant leakage outside the belt
  (8.6) and the figures as reports present them (8.8).
* A monitored cohort's clearing-year emission counts in the vintage that contains the event's
  date; events dated before the period start contribute only their later tails.
* Events and baseline rows dated before the crediting period began, or after the period ends,
  do not enter the accounting.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pandas as pd

from redd_audit.errors import InputError
from redd_audit.methodology.accuracy import assess_map_accuracy
from redd_audit.methodology.audd import (
    disturbance_emissions,
    exante_table,
    fixed_baseline_rows,
    overlap_notes,
    partial_first_vintage_notes,
    require_baseline_areas,
)
from redd_audit.methodology.cohorts import (
    ZONES,
    baseline_cohorts,
    cohort_table,
    cohort_vintage_emissions,
    emissions_table,
    monitored_cohorts,
)
from redd_audit.methodology.exante import exante_comparison
from redd_audit.methodology.figures import (
    InventoryResult,
    Recomputation,
    UncertaintyResult,
    VintageFigures,
)
from redd_audit.methodology.fire import fire_emission_factor_tco2e_per_t_dm, fire_vintage_emissions
from redd_audit.methodology.fixed_baseline import fixed_baseline_by_stratum
from redd_audit.methodology.leakage import immigrant_leakage_notes
from redd_audit.methodology.period import (
    period_totals,
    period_uncertainty,
    vintage_figures,
    vintage_series,
)
from redd_audit.methodology.reconciliation import reconcile_claims
from redd_audit.methodology.reported import reported_figures
from redd_audit.methodology.strata import inventory_result, stratum_schedules, stratum_stocks
from redd_audit.methodology.vintages import project_years, vintage_periods
from redd_audit.project import Project

__all__ = [
    "ZONES",
    "InventoryResult",
    "Recomputation",
    "UncertaintyResult",
    "VintageFigures",
    "baseline_cohorts",
    "cohort_vintage_emissions",
    "fire_vintage_emissions",
    "monitored_cohorts",
    "recompute",
    "stratum_schedules",
    "stratum_stocks",
]


def require_inside_crediting_period(project: Project, start: dt.date, end: dt.date) -> None:
    """Refuse a monitoring period that reaches outside the crediting period (exit 2)."""
    if start < project.crediting_period.start or end > project.crediting_period.end:
        raise InputError(
            f"monitoring period {start}..{end} is outside the crediting period "
            f"{project.crediting_period.start}..{project.crediting_period.end}",
            file="project.yaml",
            column="crediting_period",
        )


def recompute(
    project: Project, frames: dict[str, pd.DataFrame], start: dt.date, end: dt.date
) -> Recomputation:
    """Recompute the emission reductions of the monitoring period ``[start, end]``.

    Parameters
    ----------
    project : the validated project definition
    frames : typed tables by name (``baseline_exante`` and ``deforestation_events`` required;
        ``baseline_exante`` is optional under ``baseline.source: fixed_table``)
    start, end : first and last day of the monitoring period
    """
    require_inside_crediting_period(project, start, end)
    acc = project.accounting
    vintages = vintage_periods(start, end, project_years(acc))
    inventory = inventory_result(project, frames)
    stocks = stratum_stocks(project, inventory)
    schedules = stratum_schedules(project, stocks)
    monitored = monitored_cohorts(frames.get("deforestation_events"), project, start, end)
    baseline = baseline_cohorts(exante_table(project, frames), project, end)
    emissions = emissions_table(baseline, monitored, schedules, vintages)
    gas, gwp = acc.fire_emission_factors_g_per_kg, acc.gwp
    fire_ef = fire_emission_factor_tco2e_per_t_dm(gas.ch4, gas.n2o, gwp.ch4, gwp.n2o)
    fires = fire_vintage_emissions(
        frames.get("fire_events"), stocks, vintages, fire_ef, acc.monitoring.annualize
    )
    fixed = fixed_baseline_rows(project, frames, vintages, monitored)
    disturbed, disturbance, notes = disturbance_emissions(
        project, frames, stocks, vintages, start, end
    )
    series = vintage_series(
        emissions,
        fires,
        vintages,
        baseline=baseline,
        monitored=monitored,
        disturbance=disturbance,
        fixed_baseline=fixed,
    )
    require_baseline_areas(project, series.baseline_area_ha, vintages, fixed)
    uncertainty = period_uncertainty(
        acc,
        stocks,
        emissions,
        fires,
        series,
        disturbance=disturbance,
        fixed_baseline_by_stratum=None
        if fixed is None
        else fixed_baseline_by_stratum(fixed, vintages),
    )
    figures = [
        replace(
            f,
            reported=reported_figures(
                f, acc.buffer.risk_rating_fraction, acc.rules.buffer_base,
                uncertainty.deduction_factor,
            ),
            half_width_fraction=uncertainty.ner_error_fraction,
        )
        for f in vintage_figures(vintages, series, uncertainty.deduction_factor, acc)
    ]  # fmt: skip
    notes += overlap_notes(disturbed, baseline, fixed, vintages)
    notes += partial_first_vintage_notes(vintages, project) + immigrant_leakage_notes(figures)
    samples = frames.get("accuracy_samples")
    return Recomputation(
        project_id=project.id,
        period_start=start,
        period_end=end,
        vintages=figures,
        totals=period_totals(figures, uncertainty),
        stocks=stocks,
        schedules=schedules,
        cohorts=cohort_table(baseline, monitored),
        emissions=emissions,
        fires=fires,
        uncertainty=uncertainty,
        inventory=inventory,
        accuracy=assess_map_accuracy(samples)
        if samples is not None and not samples.empty
        else None,
        reconciliation=reconcile_claims(
            frames.get("claimed_vintages"), figures, project.materiality_fraction
        ),
        exante_comparison=exante_comparison(frames.get("exante_estimates"), figures),
        fire_emission_factor_tco2e_per_t_dm=fire_ef,
        notes=notes,
        disturbance=disturbed,
    )
