"""Activity data as cohorts and their emissions per vintage (BL-UP VMD0007, M-MON VMD0015).

A cohort is the area of one zone and stratum cleared in one year. Ex-ante baseline cohorts come
from the validated baseline table; monitored cohorts from dated deforestation events. Each
cohort's emission in a vintage is one call of
:func:`~redd_audit.methodology.emission_schedule.exante_cohort_emissions_tco2e` or
:func:`~redd_audit.methodology.emission_schedule.monitored_cohort_emissions_tco2e`.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from redd_audit.errors import InputError
from redd_audit.methodology.annualize import INTERVAL_COLUMNS, annualized_events
from redd_audit.methodology.emission_schedule import (
    exante_cohort_emissions_tco2e,
    monitored_cohort_emissions_tco2e,
)
from redd_audit.methodology.vintages import Vintage, project_years
from redd_audit.project import Project

#: Zones that enter the accounting; other zones are excluded with a reason by the readers.
ZONES = ("project_area", "leakage_belt")


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
    events: pd.DataFrame | None,
    project: Project,
    start: dt.date,
    end: dt.date,
    table: str = "deforestation_events",
    date_column: str = "detected_on",
) -> pd.DataFrame:
    """Monitored deforestation per zone, stratum and year of clearing [ha].

    ``area_ha`` holds every event of the year dated from the crediting start to the period end
    (the cohort whose tails count); ``area_in_period_ha`` those dated inside the period (whose
    clearing-year emission counts in this period). Years are project-year labels (contract
    8.2). Under ``monitoring.annualize: even`` the events dated inside the period are spread
    over their interval's vintages, each share a cohort of its vintage (contract 8.3).
    """
    columns = ["zone", "stratum_id", "cohort_year", "area_ha", "area_in_period_ha"]
    if events is None or events.empty:
        return pd.DataFrame(columns=columns)
    years = project_years(project.accounting)
    dates = events[date_column]
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
    wanted = ["zone", "stratum_id", "area_ha", *INTERVAL_COLUMNS]
    selected = events.loc[keep, [c for c in wanted if c in events.columns]].copy()
    if selected.empty:
        return pd.DataFrame(columns=columns)
    _require_known_strata(selected, project, table)
    selected["zone"] = selected["zone"].astype(str)
    selected["stratum_id"] = selected["stratum_id"].astype(str)
    selected["cohort_year"] = years.labels_of(dates[keep])
    in_period = dates[keep].to_numpy() >= np.datetime64(start)
    selected["area_in_period_ha"] = np.where(in_period, selected["area_ha"].to_numpy(), 0.0)
    if project.accounting.monitoring.annualize == "even":
        shares = annualized_events(selected[in_period], table, date_column, start, end, years)
        selected = pd.concat(
            [
                selected[~in_period],
                shares.rename(columns={"vintage": "cohort_year"}).assign(
                    area_in_period_ha=shares["area_ha"]
                ),
            ],
            ignore_index=True,
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
    """Ex-ante baseline deforestation per zone, stratum and year (label) from the crediting
    start to the period end [ha]."""
    years = project_years(project.accounting)
    first = years.label_of(project.crediting_period.start)
    last = min(years.label_of(end), years.label_of(project.crediting_period.end))
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

    Ex-ante cohorts (``dated=False``) through ``exante_cohort_emissions_tco2e``; monitored
    cohorts (``dated=True``, with ``area_in_period_ha``) through
    ``monitored_cohort_emissions_tco2e``.
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
            if dated:
                in_period = cohorts["area_in_period_ha"].to_numpy(dtype=float)[mask]
                emissions[mask] = monitored_cohort_emissions_tco2e(
                    area[mask], in_period, age[mask], v.year_fraction, schedule
                )
            else:
                emissions[mask] = exante_cohort_emissions_tco2e(
                    area[mask], age[mask], v.year_fraction, schedule
                )
        frame = cohorts[["zone", "stratum_id", "cohort_year"]].copy()
        frame["vintage"] = v.year
        frame["emissions_tco2e"] = emissions
        frames.append(frame)
    if not frames:
        return pd.DataFrame(
            columns=["zone", "stratum_id", "cohort_year", "vintage", "emissions_tco2e"]
        )
    return pd.concat(frames, ignore_index=True)


def cohort_table(baseline: pd.DataFrame, monitored: pd.DataFrame) -> pd.DataFrame:
    """Both kinds of cohorts in one table, with their ``source`` (the workbook's cohort list)."""
    return pd.concat(
        [
            baseline.assign(source="baseline", area_in_period_ha=np.nan),
            monitored.assign(source="monitored"),
        ],
        ignore_index=True,
    )[["source", "zone", "stratum_id", "cohort_year", "area_ha", "area_in_period_ha"]]


def emissions_table(
    baseline: pd.DataFrame,
    monitored: pd.DataFrame,
    schedules: dict[str, np.ndarray],
    vintages: list[Vintage],
) -> pd.DataFrame:
    """Emissions of every baseline and monitored cohort in every vintage, with ``source``."""
    return pd.concat(
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
