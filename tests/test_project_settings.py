"""redd_audit.project_settings: the settings models of project.yaml and their checks."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from redd_audit.project_settings import (
    Accounting,
    DateRange,
    Document,
    ImmigrantLeakageSettings,
    Methodology,
    Pools,
    RuleSet,
    check_month_day,
)

BUFFER = {"buffer": {"risk_rating_fraction": 0.1}}


def test_defaults_follow_the_contract() -> None:
    accounting = Accounting.model_validate(BUFFER)
    assert accounting.gwp.ch4 == 25.0 and accounting.gwp.n2o == 298.0
    assert accounting.emission_schedule_years.below_ground == 10
    assert accounting.rules.leakage_netting == "per_vintage"
    assert accounting.rules.buffer_base == "stock_change"
    assert accounting.uncertainty.allowable_fraction == 0.15
    assert accounting.vintage_allocation == "calendar_year"


def test_unknown_keys_are_refused_and_models_frozen() -> None:
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        Accounting.model_validate({**BUFFER, "buffr": {}})
    accounting = Accounting.model_validate(BUFFER)
    with pytest.raises(ValidationError):
        accounting.vintage_allocation = "project_year"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("7-1", "must be MM-DD"),
        ("02-29", "02-29 is not a day of every year"),
        ("13-01", "'13-01' is not a day of the year"),
        ("04-31", "'04-31' is not a day of the year"),
    ],
)
def test_month_day(value: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        check_month_day(value)


def test_month_day_accepts_a_day_of_every_year() -> None:
    assert check_month_day("07-01") == (7, 1)
    assert check_month_day("12-31") == (12, 31)


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"project_year_start": "07-01"}, "project_year_start is set but vintage_allocation"),
        ({"vintage_allocation": "project_year"}, "needs project_year_start"),
        ({"vintage_allocation": "project_year", "project_year_start": 701}, "MM-DD text in quotes"),
    ],
)
def test_project_year_settings(settings: dict, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Accounting.model_validate({**BUFFER, **settings})


def test_before_leakage_is_read_as_stock_change() -> None:
    assert RuleSet(buffer_base="before_leakage").buffer_base == "stock_change"


def test_immigrant_settings_need_prop_and_exactly_one_factor() -> None:
    assert ImmigrantLeakageSettings(prop_imm_fraction=None).enabled is False
    with pytest.raises(ValidationError, match="give prop_imm_fraction"):
        ImmigrantLeakageSettings(enabled=True)
    with pytest.raises(ValidationError, match="given: neither"):
        ImmigrantLeakageSettings(enabled=True, prop_imm_fraction=0.2)
    with pytest.raises(ValidationError, match="given: outside_belt_emission_tco2e_per_ha, out"):
        ImmigrantLeakageSettings(
            enabled=True,
            prop_imm_fraction=0.2,
            outside_belt_emission_tco2e_per_ha=300.0,
            outside_belt_emission_tc_per_ha=80.0,
        )


def test_pools_total_and_ranges() -> None:
    assert Pools(above_ground=121.0, below_ground=30.0, dead_wood=10.0).total == 161.0
    with pytest.raises(ValidationError):
        Pools(above_ground=-1.0)


def test_text_fields_accept_numbers_and_date_ranges_are_ordered() -> None:
    assert Methodology(version=1.7, modules={"BL-UP": 1.3}).modules == {"BL-UP": "1.3"}
    assert Methodology(version=1.7).version == "1.7"
    assert Document(id=868, title="PD", version=2).id == "868"
    with pytest.raises(ValidationError, match="end 2020-01-01 is before start 2021-01-01"):
        DateRange(start=dt.date(2021, 1, 1), end=dt.date(2020, 1, 1))
