"""redd_audit.workbook.sheets.settings: project settings read from the typed project."""

from __future__ import annotations

import pytest

from redd_audit.formulas.fire import fire_emission_factor_tco2e_per_t_dm
from redd_audit.methodology.net_reductions import VCU_ROUNDING_GUARD_DECIMALS
from redd_audit.workbook.model import DATE, Formula
from redd_audit.workbook.sheets.settings import (
    SETTINGS,
    convention_settings,
    field_value,
    project_settings,
)
from tests.workbook.case import END, START, make_project
from tests.workbook.spec_helpers import main_spec, named_cell


@pytest.fixture(scope="module")
def settings():  # type: ignore[no-untyped-def]
    return {s.name: s for s in project_settings(make_project(), START, END)}


def test_field_value() -> None:
    project = make_project()
    assert field_value(project, "accounting.gwp.ch4") == 25
    assert field_value(project, "crediting_period.start").isoformat() == "2010-01-01"  # type: ignore[attr-defined]
    with pytest.raises(AttributeError):
        field_value(project, "accounting.nothing")


def test_values_from_the_project(settings) -> None:  # type: ignore[no-untyped-def]
    assert settings["Period_Start"].value == START and settings["Period_Start"].fmt == DATE
    assert settings["Period_End"].setting == "--end"
    assert settings["N_BG"].value == 10 and settings["N_DW"].value == 3
    assert settings["GWP_N2O"].value == 298
    assert settings["G_CH4_g_per_kg"].value == pytest.approx(6.8)
    assert settings["Allowable_Uncertainty_Fraction"].value == pytest.approx(0.15)
    assert settings["VCU_Rounding_Guard_Decimals"].value == VCU_ROUNDING_GUARD_DECIMALS
    fire = settings["Fire_EF_tCO2e_per_t_dm"]
    assert fire.formula and fire.value == fire_emission_factor_tco2e_per_t_dm(
        "G_CH4_g_per_kg", "G_N2O_g_per_kg", "GWP_CH4", "GWP_N2O"
    )


def test_order_and_unique_names(settings) -> None:  # type: ignore[no-untyped-def]
    names = [s.name for s in project_settings(make_project(), START, END)]
    assert names[:2] == ["Period_Start", "Period_End"]
    assert names[2 : 2 + len(SETTINGS)] == [row[0] for row in SETTINGS]
    assert len(names) == len(set(names)) == len(settings)


def test_convention_settings_calendar_and_project_years() -> None:
    calendar = {s.name: s.value for s in convention_settings(make_project())}
    assert calendar["Project_Year_Start"] == "01-01"
    assert (calendar["Project_Year_Start_Month"], calendar["Project_Year_Start_Day"]) == (1, 1)
    project = make_project(vintage_allocation="project_year", project_year_start="07-01")
    years = {s.name: s.value for s in convention_settings(project)}
    assert years["Project_Year_Start"] == "07-01" and years["Project_Year_Start_Month"] == 7
    assert years["Project_Year_Label"] == "end_year" and years["Project_Year_Label_Offset"] == 1


def test_parameters_sheet_shows_them(settings) -> None:  # type: ignore[no-untyped-def]
    spec = main_spec()
    assert named_cell(spec, "GWP_CH4").value == 25
    assert named_cell(spec, "GWP_CH4").role == "input"
    fire = named_cell(spec, "Fire_EF_tCO2e_per_t_dm")
    assert fire.role == "formula" and fire.value == Formula(
        settings["Fire_EF_tCO2e_per_t_dm"].value
    )
    assert named_cell(spec, "Period_Start").value == START
