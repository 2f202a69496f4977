"""Steps of the recomputation for VM0007 AUDD as verified reports apply it (contract.md
section 8): the fixed baseline's rows, the disturbance cohorts and their emissions, and the
findings on these conventions. Orchestration only: the equations live in
:mod:`~redd_audit.methodology.fixed_baseline`, :mod:`~redd_audit.methodology.disturbance`,
:mod:`~redd_audit.methodology.annualize` and :mod:`~redd_audit.methodology.leakage`.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from redd_audit.errors import InputError
from redd_audit.methodology.cohorts import cohort_vintage_emissions, monitored_cohorts
from redd_audit.methodology.disturbance import (
    TABLE as DISTURBANCE_TABLE,
)
from redd_audit.methodology.disturbance import (
    disturbance_overlap_problems,
    disturbance_schedules,
    project_area_disturbance,
)
from redd_audit.methodology.figures import Note
from redd_audit.methodology.fixed_baseline import check_fixed_baseline
from redd_audit.methodology.vintages import Vintage, project_years
from redd_audit.project import Project

EXANTE_COLUMNS = ("zone", "stratum_id", "year", "area_ha")


def exante_table(project: Project, frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """``baseline_exante``; under ``baseline.source: fixed_table`` it may be absent (shown, not
    used; contract 8.4), and an empty table stands in for it.

    Raises
    ------
    InputError
        The table is missing and the baseline is not fixed from the PD.
    """
    table = frames.get("baseline_exante")
    if table is not None:
        return table
    if project.accounting.baseline.source != "fixed_table":
        raise InputError("required table baseline_exante is missing", file="baseline_exante")
    return pd.DataFrame({c: pd.Series(dtype=float if c == "area_ha" else object)
                         for c in EXANTE_COLUMNS})  # fmt: skip


def fixed_baseline_rows(
    project: Project,
    frames: dict[str, pd.DataFrame],
    vintages: list[Vintage],
    monitored: pd.DataFrame,
) -> pd.DataFrame | None:
    """The checked ``baseline_emissions`` rows under ``baseline.source: fixed_table``, else None.

    Raises
    ------
    InputError
        The cases of contract 8.10 (see :func:`check_fixed_baseline`), and a table without
        ``stratum_id`` while ``uncertainty.baseline_fraction`` is not given.
    """
    acc = project.accounting
    if acc.baseline.source != "fixed_table":
        return None
    belt_events = not monitored.empty and bool((monitored["zone"] == "leakage_belt").any())
    rows = check_fixed_baseline(frames.get("baseline_emissions"), vintages, belt_events)
    if "stratum_id" not in rows.columns and acc.uncertainty.baseline_fraction is None:
        raise InputError(
            "baseline_emissions has no stratum_id, so there is nothing to propagate: give the "
            "report's U_BSL as accounting.uncertainty.baseline_fraction",
            file="project.yaml",
            column="accounting.uncertainty.baseline_fraction",
        )
    return rows


def require_baseline_areas(project: Project, baseline_area_ha: np.ndarray, vintages: list[Vintage],
                           fixed: pd.DataFrame | None) -> None:  # fmt: skip
    """Immigrant leakage needs A_BSL,PA for every vintage (contract 8.10, exit 2)."""
    if not project.accounting.leakage.immigrants.enabled:
        return
    if fixed is not None and "baseline_area_ha" not in fixed.columns:
        raise InputError(
            "immigrant leakage needs A_BSL,PA: baseline_emissions has no baseline_area_ha",
            file="baseline_emissions",
            column="baseline_area_ha",
        )
    if fixed is None:
        for v, area in zip(vintages, baseline_area_ha, strict=True):
            if area <= 0:
                raise InputError(
                    f"immigrant leakage needs A_BSL,PA but baseline_exante has no project-area "
                    f"area for vintage {v.year}",
                    file="baseline_exante",
                    column="area_ha",
                )


def disturbance_emissions(
    project: Project,
    frames: dict[str, pd.DataFrame],
    stocks: pd.DataFrame,
    vintages: list[Vintage],
    start: dt.date,
    end: dt.date,
) -> tuple[pd.DataFrame, pd.DataFrame, list[Note]]:
    """Project-area disturbance cohorts, their emissions per vintage and the table's findings.

    Cohorts follow the deforestation rules (dated or annualised, project-year labels); a
    disturbed hectare emits on the disturbance schedules (C_P,Dist).
    """
    rows, notes = project_area_disturbance(frames.get(DISTURBANCE_TABLE))
    cohorts = monitored_cohorts(rows, project, start, end, table=DISTURBANCE_TABLE)
    emissions = cohort_vintage_emissions(
        cohorts, disturbance_schedules(project, stocks), vintages, dated=True
    ).assign(source="monitored")
    return cohorts, emissions, notes


def overlap_notes(
    disturbance: pd.DataFrame,
    baseline: pd.DataFrame,
    fixed: pd.DataFrame | None,
    vintages: list[Vintage],
) -> list[Note]:
    """An ``error`` for each vintage whose cumulative project-area disturbance exceeds the
    cumulative baseline deforestation (contract 8.5); ``info`` when the fixed table holds no
    row before the period (the check covers the rows present)."""
    if disturbance.empty:
        return []
    labels = [v.year for v in vintages]
    disturbed = disturbance.groupby("cohort_year")["area_ha"].sum()
    if fixed is not None:
        if "baseline_area_ha" not in fixed.columns:
            return [Note("error", "disturbance needs baseline_area_ha in baseline_emissions "
                         "to check its overlap with baseline deforestation",
                         "baseline_emissions", "baseline_area_ha")]  # fmt: skip
        pa = fixed[fixed["zone"].astype(str) == "project_area"]
        areas = pd.to_numeric(pa["baseline_area_ha"], errors="coerce").fillna(0.0)
        by_year = areas.groupby(pa["vintage"].astype(int)).sum()
    else:
        pa = baseline[baseline["zone"] == "project_area"] if not baseline.empty else baseline
        by_year = pa.groupby("cohort_year")["area_ha"].sum() if not pa.empty else pd.Series()
    cumulative_d = [float(disturbed[disturbed.index <= v].sum()) for v in labels]
    cumulative_b = [float(by_year[by_year.index <= v].sum()) for v in labels]
    notes = [
        Note("error", message, DISTURBANCE_TABLE, "area_ha")
        for message in disturbance_overlap_problems(labels, cumulative_d, cumulative_b)
    ]
    history_missing = fixed is not None and not (by_year.index < labels[0]).any()
    if history_missing and disturbed.index.min() < labels[0]:
        notes.append(
            Note(
                "info",
                "baseline_emissions holds no row before the period: the overlap check of "
                "disturbance covers the rows present",
                "baseline_emissions",
                "vintage",
            )
        )
    return notes


def partial_first_vintage_notes(vintages: list[Vintage], project: Project) -> list[Note]:
    """``info`` when a project-year period does not start on a project-year start (8.2)."""
    first = vintages[0]
    if project.accounting.vintage_allocation != "project_year" or first.start == (
        first.years.first_day(first.year)
    ):
        return []
    return [
        Note(
            "info",
            f"the period starts on {first.start}, not on a project-year start: vintage "
            f"{first.year} is partial ({first.days} of {first.days_in_year} days)",
            "project.yaml",
            "accounting.project_year_start",
        )
    ]


def summary_conventions(project: Project) -> dict[str, object]:
    """``summary.json`` ``conventions`` (contract 8.9): the settings of section 8 in force."""
    acc = project.accounting
    years = project_years(acc)
    immigrants = acc.leakage.immigrants
    return {
        "vintage_allocation": acc.vintage_allocation,
        "project_year_start": f"{years.month:02d}-{years.day:02d}",
        "project_year_label": acc.project_year_label,
        "annualize": acc.monitoring.annualize,
        "baseline_source": acc.baseline.source,
        "leakage_netting": acc.rules.leakage_netting,
        "immigrant_leakage": immigrants.model_dump() if immigrants.enabled else None,
    }
