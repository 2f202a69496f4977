"""Data-quality checks of contract section 8 (VM0007 AUDD as verified reports apply it).

Run by the gate before the recomputation, in pandas: natural disturbance outside the project
area (``warning``), a delineated area below the overlap claimed (``error``), project-area
disturbance above the cumulative baseline deforestation it must overlap (``error`` naming the
vintage). A partial first project year (``info`` in contract 8.10) is not reported yet: the
gate's findings have no ``info`` severity. The checks reuse the engine's steps
(:mod:`redd_audit.methodology.audd`); an input the engine refuses is left to the suites and the
recomputation, which report it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pandas as pd

from redd_audit.errors import InputError
from redd_audit.findings import Finding
from redd_audit.methodology.audd import overlap_notes, partial_first_vintage_notes
from redd_audit.methodology.cohorts import baseline_cohorts, monitored_cohorts
from redd_audit.methodology.disturbance import TABLE, project_area_disturbance
from redd_audit.methodology.figures import Note
from redd_audit.methodology.fixed_baseline import check_fixed_baseline
from redd_audit.methodology.vintages import project_years, vintage_periods
from redd_audit.project import Project
from redd_audit.quality.coverage import TableLike

RULE_DISTURBANCE = (
    "VM0007 M-MON (VMD0015): A_DistPA is the overlap of the delineated disturbance with "
    "baseline unplanned deforestation in the project area (contract 8.5)"
)
RULE_PROJECT_YEARS = "VM0007 REDD-MF: vintages are project years (contract 8.2)"
EXPECTATIONS = {
    "zone": "expect_disturbance_in_project_area",
    "delineated_area_ha": "expect_delineated_area_at_least_overlap",
    "area_ha": "expect_disturbance_within_baseline_deforestation",
    "vintage": "expect_disturbance_within_baseline_deforestation",
    "baseline_area_ha": "expect_disturbance_within_baseline_deforestation",
    "accounting.project_year_start": "expect_period_to_start_a_project_year",
}


def _finding(note: Note, files: Mapping[str, str]) -> Finding:
    return Finding(
        severity=note.severity,  # type: ignore[arg-type]
        file=files.get(note.file, note.file),
        row=note.row,
        record=None,
        column=note.column,
        value=None,
        expectation=EXPECTATIONS.get(note.column or "", "expect_audd_convention"),
        rule=RULE_PROJECT_YEARS if note.file == "project.yaml" else RULE_DISTURBANCE,
        message=note.message,
    )


def workbook_notes(project: Project, frames: Mapping[str, pd.DataFrame]) -> list[Note]:
    """A ``warning`` while the workbook does not re-perform a convention in use: its formulas
    follow dated events, the ex-ante cohorts, no disturbance and belt-only leakage."""
    acc = project.accounting
    used = [
        text
        for text, on in (
            ("monitoring.annualize: even", acc.monitoring.annualize == "even"),
            ("baseline.source: fixed_table", acc.baseline.source == "fixed_table"),
            ("disturbance_events", TABLE in frames and not frames[TABLE].empty),
            ("leakage.immigrants", acc.leakage.immigrants.enabled),
        )
        if on
    ]
    if not used:
        return []
    return [
        Note(
            "warning",
            f"the workbook does not yet re-perform {', '.join(used)} (contract 8.3-8.6): its "
            "formulas follow dated events, the ex-ante cohorts, no disturbance and belt-only "
            "leakage, so the named totals carry no cached value; summary.json holds the "
            "recomputed figures",
            "project.yaml",
            "accounting",
        )
    ]


def audd_findings(
    project: Project, tables: Mapping[str, TableLike], start: dt.date, end: dt.date
) -> list[Finding]:
    """The findings of contract section 8 the gate reports (see the module docstring)."""
    files = {name: table.file for name, table in tables.items()}
    frames: dict[str, pd.DataFrame] = {name: table.frame for name, table in tables.items()}
    vintages = vintage_periods(start, end, project_years(project.accounting))
    notes = partial_first_vintage_notes(vintages, project)
    if TABLE in frames:
        try:
            rows, table_notes = project_area_disturbance(frames[TABLE])
            notes += table_notes
            disturbed = monitored_cohorts(rows, project, start, end, table=TABLE)
            exante = frames.get("baseline_exante")
            baseline = (
                baseline_cohorts(exante, project, end) if exante is not None else pd.DataFrame()
            )
            fixed = None
            if project.accounting.baseline.source == "fixed_table":
                fixed = check_fixed_baseline(frames.get("baseline_emissions"), vintages, False)
            notes += overlap_notes(disturbed, baseline, fixed, vintages)
        except (InputError, KeyError, ValueError, TypeError):
            pass  # refused inputs: the suites and the recomputation report them
    notes += workbook_notes(project, frames)
    # ``info`` is not yet a severity of the gate's findings (redd_audit.findings.Severity)
    return [_finding(n, files) for n in notes if n.severity in ("error", "warning")]
