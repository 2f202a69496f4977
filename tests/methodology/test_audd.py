"""redd_audit.methodology.audd: the AUDD steps (fixed baseline rows, overlap and period notes,
conventions of summary.json)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from redd_audit.errors import InputError
from redd_audit.methodology.audd import (
    fixed_baseline_rows,
    overlap_notes,
    partial_first_vintage_notes,
    require_baseline_areas,
    summary_conventions,
)
from redd_audit.methodology.vintages import project_years, vintage_periods
from redd_audit.project import Project
from tests.mirror_support import project, project_dict

VINTAGES = vintage_periods(dt.date(2021, 1, 1), dt.date(2021, 12, 31))
NO_EVENTS = pd.DataFrame(columns=["zone", "stratum_id", "cohort_year", "area_ha"])


def _project(**accounting: object) -> Project:
    data = project_dict()
    data["accounting"].update(accounting)
    return Project.model_validate(data)


def test_cohort_source_has_no_fixed_rows() -> None:
    assert fixed_baseline_rows(project(), {}, VINTAGES, NO_EVENTS) is None


def test_fixed_table_without_strata_needs_a_given_baseline_uncertainty() -> None:
    p = _project(baseline={"source": "fixed_table"})
    table = pd.DataFrame({"zone": ["project_area"], "vintage": [2021], "baseline_tco2e": [1.0]})
    with pytest.raises(InputError, match="baseline_emissions has no stratum_id") as info:
        fixed_baseline_rows(p, {"baseline_emissions": table}, VINTAGES, NO_EVENTS)
    assert info.value.column == "accounting.uncertainty.baseline_fraction"


def test_immigrant_leakage_needs_baseline_areas() -> None:
    data = project_dict()
    data["accounting"]["leakage"] = {
        "immigrants": {
            "enabled": True,
            "prop_imm_fraction": 0.2,
            "outside_belt_emission_tco2e_per_ha": 300.0,
        }
    }
    p = Project.model_validate(data)
    with pytest.raises(InputError, match="no project-area area for vintage 2021") as info:
        require_baseline_areas(p, np.array([0.0]), VINTAGES, None)
    assert (info.value.file, info.value.column) == ("baseline_exante", "area_ha")
    fixed = pd.DataFrame({"zone": ["project_area"], "vintage": [2021], "baseline_tco2e": [1.0]})
    with pytest.raises(InputError, match="baseline_emissions has no baseline_area_ha"):
        require_baseline_areas(p, np.array([10.0]), VINTAGES, fixed)
    require_baseline_areas(project(), np.array([0.0]), VINTAGES, None)  # disabled: no check


def test_overlap_error_against_the_exante_baseline() -> None:
    disturbance = pd.DataFrame({"cohort_year": [2021], "area_ha": [20.0]})
    baseline = pd.DataFrame({"zone": ["project_area"], "cohort_year": [2021], "area_ha": [5.0]})
    notes = overlap_notes(disturbance, baseline, None, VINTAGES)
    assert [(n.severity, n.file, n.column) for n in notes] == [
        ("error", "disturbance_events", "area_ha")
    ]
    assert "(20.00 ha) exceeds the baseline deforestation it must overlap (5.00 ha)" in (
        notes[0].message
    )
    assert overlap_notes(disturbance.iloc[0:0], baseline, None, VINTAGES) == []


def test_overlap_with_a_fixed_table_without_areas_is_an_error() -> None:
    disturbance = pd.DataFrame({"cohort_year": [2021], "area_ha": [1.0]})
    fixed = pd.DataFrame({"zone": ["project_area"], "vintage": [2021], "baseline_tco2e": [1.0]})
    (note,) = overlap_notes(disturbance, NO_EVENTS, fixed, VINTAGES)
    assert (note.severity, note.column) == ("error", "baseline_area_ha")


def test_partial_first_project_year_is_noted() -> None:
    p = _project(vintage_allocation="project_year", project_year_start="07-01")
    vintages = vintage_periods(
        dt.date(2021, 9, 1), dt.date(2022, 6, 30), project_years(p.accounting)
    )
    (note,) = partial_first_vintage_notes(vintages, p)
    # 1 Sep 2021 – 30 Jun 2022 = 303 days of the 365-day project year 2022
    assert note.message == (
        "the period starts on 2021-09-01, not on a project-year start: vintage 2022 is partial "
        "(303 of 365 days)"
    )
    assert partial_first_vintage_notes(VINTAGES, project()) == []


def test_conventions_of_a_calendar_project() -> None:
    conventions = summary_conventions(project())
    assert conventions["vintage_allocation"] == "calendar_year"
    assert conventions["project_year_start"] == "01-01"
    assert conventions["immigrant_leakage"] is None
