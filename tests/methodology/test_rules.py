"""The rule switches in their leaf modules, and the small equations added with them.

Every expected number is worked out by hand in the comment beside it.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest

from redd_audit.methodology.baseline import baseline_emissions_tco2e
from redd_audit.methodology.buffer import buffer_base_tco2e, buffer_withholding_tco2e
from redd_audit.methodology.emission_schedule import (
    cohort_sum_tco2e,
    emission_at_age_tco2e_per_ha,
    emission_schedule_tco2e_per_ha,
    exante_cohort_emissions_tco2e,
    lifetime_emissions_tco2e_per_ha,
    monitored_cohort_emissions_tco2e,
)
from redd_audit.methodology.exante import exante_comparison
from redd_audit.methodology.figures import VintageFigures
from redd_audit.methodology.fire import fire_emission_factor_tco2e_per_t_dm
from redd_audit.methodology.leakage import vintage_leakage_tco2e
from redd_audit.methodology.net_reductions import (
    ROUNDING_GUARD_DECIMALS,
    VCU_ROUNDING_GUARD_DECIMALS,
    deducts_reversals,
    is_reversal,
    verified_carbon_units,
    whole_units_down,
    whole_units_up,
)
from redd_audit.methodology.project_emissions import (
    project_emissions_tco2e,
    project_stock_emissions_tco2e,
)
from redd_audit.methodology.reconciliation import reconcile_claims
from redd_audit.methodology.uncertainty import (
    uncertainty_deduction_factor,
    uncertainty_fraction_used,
    uncertainty_project_weight_tco2e,
)
from redd_audit.parameters import CO2_PER_C

CARBON = {"above_ground": 120.0, "below_ground": 30.0, "dead_wood": 12.0, "litter": 0.0}
YEARS = {"above_ground": 1, "below_ground": 10, "dead_wood": 1, "litter": 1}


def test_leakage_netting_per_vintage_ignores_the_period():
    # max(0, 10 − 4) = 6; the period terms do not matter
    assert vintage_leakage_tco2e(10.0, 4.0, 365, 0.0, 99.0, 730, "per_vintage") == 6.0
    assert vintage_leakage_tco2e(5.0, 9.0, 365, 30.0, 0.0, 730, "per_vintage") == 0.0


def test_leakage_netting_per_period_allocates_by_days():
    # max(0, 30 − 20) = 10 over the period; a 365-day vintage of 730 days gets 5
    assert vintage_leakage_tco2e(5.0, 9.0, 365, 30.0, 20.0, 730, "per_period") == 5.0
    # negative over the period: nothing to allocate
    assert vintage_leakage_tco2e(50.0, 0.0, 365, 10.0, 30.0, 730, "per_period") == 0.0


def test_leakage_netting_refuses_an_unknown_rule():
    with pytest.raises(ValueError, match="leakage_netting"):
        vintage_leakage_tco2e(1.0, 0.0, 1, 1.0, 0.0, 1, "cumulative")


def test_buffer_base_stock_change_and_adjusted():
    # NER 750 (after 50 t leakage), adjusted NER 675 (factor 0.9)
    assert buffer_base_tco2e(1000.0, 200.0, 0.9, "stock_change", 750.0, 675.0) == 800.0
    assert buffer_base_tco2e(
        1000.0, 200.0, 0.9, "adjusted_stock_change", 750.0, 675.0
    ) == pytest.approx(720.0)
    # a base below zero stays negative; the withholding then is nil
    assert buffer_base_tco2e(100.0, 300.0, 0.9, "stock_change", -200.0, -200.0) == -200.0
    assert buffer_withholding_tco2e(0.15, -200.0, 10.0) == 0.0
    with pytest.raises(ValueError, match="buffer_base"):
        buffer_base_tco2e(1.0, 0.0, 1.0, "gross", 1.0, 1.0)


def test_reversal_rule_and_flag():
    assert deducts_reversals("apply_factor") is True
    assert deducts_reversals("none") is False
    with pytest.raises(ValueError, match="reversal_deduction"):
        deducts_reversals("always")
    assert is_reversal(-0.01) is True
    assert is_reversal(0.0) is False


def test_rounding_guard_lives_once_and_rounds_noise_only():
    assert VCU_ROUNDING_GUARD_DECIMALS == ROUNDING_GUARD_DECIMALS == 6
    assert whole_units_down(2.9999999999) == 3  # noise below 3 is 3
    assert whole_units_down(2.99999) == 2  # a real shortfall is not
    assert whole_units_down(-1.5) == -1  # toward zero, like ROUNDDOWN
    assert whole_units_up(2.0000000001) == 2
    assert whole_units_up(2.00001) == 3
    assert whole_units_up(-1.2) == -2  # away from zero, like ROUNDUP
    # a coarser guard changes the answer: 2.99 with 1 decimal is 3.0
    assert verified_carbon_units(2.99, 0.0, 2.99, guard_decimals=1) == 3
    assert verified_carbon_units(2.99, 0.0, 2.99) == 2


def test_uncertainty_weights_and_given_fraction():
    assert uncertainty_project_weight_tco2e(100.0, 20.0, "total_emissions") == 120.0
    assert uncertainty_project_weight_tco2e(100.0, 20.0, "stock_emissions") == 100.0
    with pytest.raises(ValueError, match="uncertainty_project_weights"):
        uncertainty_project_weight_tco2e(1.0, 1.0, "fires_only")
    assert uncertainty_fraction_used(None, 0.08) == 0.08
    assert uncertainty_fraction_used(0.12, 0.08) == 0.12
    assert uncertainty_fraction_used(0.0, 0.08) == 0.0  # a given zero is a value, not "unset"
    assert uncertainty_deduction_factor(ner_error_fraction=0.25, allowable_fraction=0.15) == (
        pytest.approx(0.9)
    )


def test_emission_at_age_by_hand():
    # age 0: 120 + 30/10 + 12 + 0 − 5 = 130 tC; age 1..9: 3 tC; age 10: 0
    assert emission_at_age_tco2e_per_ha(0, CARBON, 5.0, YEARS) == pytest.approx(130 * CO2_PER_C)
    assert emission_at_age_tco2e_per_ha(9, CARBON, 5.0, YEARS) == pytest.approx(3 * CO2_PER_C)
    assert emission_at_age_tco2e_per_ha(10, CARBON, 5.0, YEARS) == 0.0
    assert emission_at_age_tco2e_per_ha(0, CARBON, 5.0, YEARS, co2_per_c=1.0) == 130.0
    schedule = emission_schedule_tco2e_per_ha(CARBON, 5.0, YEARS)
    assert schedule.tolist() == [
        emission_at_age_tco2e_per_ha(a, CARBON, 5.0, YEARS) for a in range(10)
    ]


def test_lifetime_emissions_equal_the_schedule_sum():
    # 44/12 · (162 − 5) = 575.67
    lifetime = lifetime_emissions_tco2e_per_ha(CARBON, 5.0)
    assert lifetime == pytest.approx(157 * 44 / 12)
    assert emission_schedule_tco2e_per_ha(CARBON, 5.0, YEARS).sum() == pytest.approx(lifetime)


def test_exante_and_monitored_cohorts_in_a_vintage():
    schedule = np.array([10.0, 2.0, 2.0])
    # ex-ante: half a year of a 100-ha cohort at age 0 → 0.5 · 100 · 10; age 3 is past the end
    got = exante_cohort_emissions_tco2e(
        np.array([100.0, 100.0, 100.0]), np.array([0, 1, 3]), 0.5, schedule
    )
    assert got.tolist() == [500.0, 100.0, 0.0]
    # monitored: the clearing year counts the dated part in full, tails pro-rated
    got = monitored_cohort_emissions_tco2e(
        np.array([100.0, 100.0, 100.0]),
        np.array([40.0, 40.0, 40.0]),
        np.array([0, 2, -1]),
        0.5,
        schedule,
    )
    assert got.tolist() == [400.0, 100.0, 0.0]


def test_cohort_sums_are_compensated():
    # ten times 0.1: added one by one 0.9999999999999999, compensated exactly 1
    tenths = np.array([0.1] * 10)
    assert sum(tenths.tolist()) != 1.0
    assert cohort_sum_tco2e(tenths) == 1.0 == math.fsum(tenths)
    assert baseline_emissions_tco2e(np.array([1.5, 2.25])) == 3.75
    assert project_stock_emissions_tco2e(np.zeros(0)) == 0.0
    assert project_emissions_tco2e(100.5, 2.5) == 103.0


def test_fire_factor_takes_the_cited_constant_or_a_given_one():
    assert fire_emission_factor_tco2e_per_t_dm(6.8, 0.2, 25, 298) == pytest.approx(0.2296)
    assert fire_emission_factor_tco2e_per_t_dm(6.8, 0.2, 25, 298, t_gas_per_g_per_kg=1.0) == (
        pytest.approx(229.6)
    )


def _figure(vintage: int, **values: float) -> VintageFigures:
    base = dict.fromkeys(
        [
            "baseline_tco2e",
            "project_stock_tco2e",
            "project_fire_tco2e",
            "project_tco2e",
            "leakage_belt_tco2e",
            "leakage_belt_baseline_tco2e",
            "leakage_tco2e",
            "ner_tco2e",
            "adjusted_ner_tco2e",
            "buffer_base_tco2e",
            "buffer_tco2e",
        ],
        0.0,
    )
    vcus = int(values.pop("vcus", 0))
    base.update(values)
    return VintageFigures(
        vintage=vintage,
        start=dt.date(vintage, 1, 1),
        end=dt.date(vintage, 12, 31),
        days=365,
        year_fraction=1.0,
        vcus=vcus,
        reversal=False,
        **base,
    )


def test_reconcile_claims_skips_other_vintages_and_empty_claims():
    claimed = pd.DataFrame(
        {
            "vintage": [2021, 2030],
            "baseline_tco2e": [1010.0, 5.0],
            "project_tco2e": [None, 5.0],
            "leakage_tco2e": [0.0, 5.0],
            "buffer_tco2e": [0.0, 5.0],
            "vcus": [100.0, 5.0],
        }
    )
    lines = reconcile_claims(claimed, [_figure(2021, baseline_tco2e=1000.0, vcus=100)], 0.005)
    assert [(x.quantity, x.material) for x in lines] == [
        ("baseline_tco2e", True),  # +1 % > 0.5 %
        ("leakage_tco2e", False),
        ("buffer_tco2e", False),
        ("vcus", False),
    ]
    assert reconcile_claims(None, [], 0.01) == []


def test_exante_comparison_pro_rates_partial_years():
    exante = pd.DataFrame(
        {
            "year": [2021],
            "baseline_tco2e": [730.0],
            "project_tco2e": [73.0],
            "leakage_tco2e": [0.0],
            "net_tco2e": [657.0],
        }
    )
    figure = _figure(2021, baseline_tco2e=365.0, ner_tco2e=300.0)
    half = VintageFigures(**{**figure.__dict__, "year_fraction": 0.5})
    table = exante_comparison(exante, [half])
    assert table.loc[0, "exante_baseline_tco2e"] == 365.0
    # (300 − 328.5) / 328.5
    assert table.loc[0, "difference_fraction"] == pytest.approx(-28.5 / 328.5)
    assert exante_comparison(None, [half]) is None


def test_carbon_is_biomass_times_the_carbon_fraction():
    from redd_audit.methodology.carbon_stocks import carbon_tc_per_ha

    # 200 t d.m. × 0.47 tC per t d.m. = 94 tC; no biomass, no carbon
    assert carbon_tc_per_ha(np.array([200.0, 0.0]), 0.47).tolist() == [94.0, 0.0]
