"""Per-equation tests of the methodology core, with numbers checkable by hand."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest

from redd_audit.methodology.accuracy import assess_map_accuracy
from redd_audit.methodology.buffer import buffer_withholding_tco2e
from redd_audit.methodology.carbon_stocks import (
    below_ground_biomass_mokany_t_per_ha,
    below_ground_biomass_root_to_shoot_t_per_ha,
    plot_biomass_t_per_ha,
    plots_needed,
    stratum_statistics,
    student_t_975,
    tree_agb_kg,
    tree_agb_with_height_kg,
    tree_agb_without_height_kg,
)
from redd_audit.methodology.emission_schedule import (
    cohort_emissions_tco2e,
    emission_schedule_tco2e_per_ha,
    last_emitting_age,
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
from redd_audit.methodology.reconciliation import difference_fraction, is_material, reconcile
from redd_audit.methodology.uncertainty import (
    ner_error_fraction,
    propagated_uncertainty_fraction,
    uncertainty_deduction_factor,
)
from redd_audit.methodology.vintages import vintage_periods
from redd_audit.parameters import CO2_PER_C, records

POOLS = {"above_ground": 120.0, "below_ground": 30.0, "dead_wood": 12.0, "litter": 0.0}
YEARS = {"above_ground": 1, "below_ground": 10, "dead_wood": 1, "litter": 1}


def test_co2_per_c_is_44_over_12_and_cited():
    assert pytest.approx(44 / 12, rel=1e-15) == CO2_PER_C
    assert "IPCC" in records()["co2_per_c"].source


def test_schedule_clearing_year_and_tail():
    s = emission_schedule_tco2e_per_ha(POOLS, 5.0, YEARS)
    # age 0: 120 + 30/10 + 12 + 0 - 5 = 130 tC; ages 1..9: 3 tC
    assert len(s) == 10
    assert s[0] == pytest.approx(130 * 44 / 12)
    assert s[1:] == pytest.approx([3 * 44 / 12] * 9)


def test_schedule_total_is_stock_minus_post_deforestation():
    s = emission_schedule_tco2e_per_ha(POOLS, 5.0, YEARS)
    assert s.sum() == pytest.approx(44 / 12 * (162 - 5))


def test_schedule_all_immediate():
    s = emission_schedule_tco2e_per_ha(POOLS, 5.0, dict.fromkeys(YEARS, 1))
    assert s.tolist() == pytest.approx([157 * 44 / 12])


def test_schedule_padded_to_requested_length():
    s = emission_schedule_tco2e_per_ha(POOLS, 0.0, dict.fromkeys(YEARS, 1), n_ages=4)
    assert s[1:].tolist() == [0.0, 0.0, 0.0]
    assert last_emitting_age(s) == 0


def test_cohort_emissions_ignore_future_and_expired_cohorts():
    s = np.array([10.0, 1.0, 1.0])
    e = cohort_emissions_tco2e(np.array([2.0, 2.0, 2.0, 2.0]), np.array([-1, 0, 2, 3]), s)
    assert e.tolist() == [0.0, 20.0, 2.0, 0.0]


def test_fire_emission_factor_ar4():
    # 6.8 g CH4/kg * 25 + 0.2 g N2O/kg * 298 = 229.6 g CO2e/kg = 0.2296 t CO2e / t d.m.
    assert fire_emission_factor_tco2e_per_t_dm(6.8, 0.2, 25, 298) == pytest.approx(0.2296)


def test_fire_non_co2_emissions():
    # 10 ha * 200 t/ha * 0.5 * 0.2296 = 229.6 tCO2e
    assert fire_non_co2_emissions_tco2e(10.0, 200.0, 0.5, 0.2296) == pytest.approx(229.6)
    assert fire_non_co2_emissions_tco2e(0.0, 200.0, 0.5, 0.2296) == 0.0


def test_leakage_never_negative():
    assert leakage_emissions_tco2e(np.array([10.0, 5.0]), np.array([4.0, 9.0])).tolist() == [
        6.0,
        0.0,
    ]


def test_propagated_uncertainty_weighting():
    # sqrt((0.1*300)^2 + (0.2*400)^2) / 700 = sqrt(900 + 6400)/700 = 85.44/700
    u = propagated_uncertainty_fraction(np.array([0.1, 0.2]), np.array([300.0, 400.0]))
    assert u == pytest.approx(math.sqrt(7300) / 700)
    assert propagated_uncertainty_fraction(np.array([0.1]), np.array([0.0])) == 0.0


def test_single_stratum_uncertainty_is_its_own():
    assert propagated_uncertainty_fraction(np.array([0.08]), np.array([123.0])) == pytest.approx(
        0.08
    )


def test_ner_error_fraction():
    # sqrt((0.1*1000)^2 + (0.2*200)^2) / 800 = sqrt(10000+1600)/800
    assert ner_error_fraction(1000, 0.1, 200, 0.2) == pytest.approx(math.sqrt(11600) / 800)
    assert ner_error_fraction(100, 0.1, 150, 0.1) == 0.0


@pytest.mark.parametrize(
    ("error", "factor"), [(0.0, 1.0), (0.15, 1.0), (0.20, 0.95), (0.5, 0.65), (1.5, 0.0)]
)
def test_deduction_factor(error, factor):
    assert uncertainty_deduction_factor(error, 0.15) == pytest.approx(factor)


def test_buffer_on_stock_change_only_and_not_on_reversals():
    assert buffer_withholding_tco2e(0.15, 1000.0, 900.0) == pytest.approx(150.0)
    assert buffer_withholding_tco2e(0.15, 1000.0, -5.0) == 0.0
    assert buffer_withholding_tco2e(0.15, -10.0, 5.0) == 0.0


def test_net_and_adjusted_reductions():
    assert net_emission_reductions_tco2e(1000.0, 200.0, 50.0) == 750.0
    assert adjusted_net_emission_reductions_tco2e(750.0, 0.9) == pytest.approx(675.0)
    assert adjusted_net_emission_reductions_tco2e(-100.0, 0.9) == -100.0
    assert adjusted_net_emission_reductions_tco2e(
        -100.0, 0.9, deduct_reversals=True
    ) == pytest.approx(-90.0)


def test_vcus_round_down_and_reversals_issue_nothing():
    assert verified_carbon_units(1000.9, 100.0, 1000.9) == 900
    assert verified_carbon_units(1000.0, 0.0, -1.0) == 0
    assert verified_carbon_units(10.0, 20.0, 10.0) == 0
    # floating-point noise just below an integer is not truncated away
    assert verified_carbon_units(0.1 + 0.2 + 2.7, 0.0, 3.0) == 3


def test_vintages_clip_partial_years():
    v = vintage_periods(dt.date(2019, 7, 1), dt.date(2021, 3, 31))
    assert [x.year for x in v] == [2019, 2020, 2021]
    assert v[0].days == 184 and v[0].year_fraction == pytest.approx(184 / 365)
    assert v[1].days == 366 and v[1].year_fraction == 1.0
    assert v[2].days == 90
    assert sum(x.days for x in v) == (dt.date(2021, 3, 31) - dt.date(2019, 7, 1)).days + 1


def test_vintage_of_one_day():
    v = vintage_periods(dt.date(2020, 2, 29), dt.date(2020, 2, 29))
    assert v[0].days == 1 and v[0].year_fraction == pytest.approx(1 / 366)


def test_chave_2014_with_height():
    # 0.0673 * (0.6 * 30^2 * 25)^0.976 = 0.0673 * 13500^0.976
    assert tree_agb_with_height_kg(0.6, 30.0, 25.0) == pytest.approx(0.0673 * 13500**0.976)


def test_chave_2014_without_height():
    e, rho, d = -0.1, 0.6, 30.0
    expected = math.exp(
        -1.803 - 0.976 * e + 0.976 * math.log(rho) + 2.673 * math.log(d) - 0.0299 * math.log(d) ** 2
    )
    assert tree_agb_without_height_kg(rho, d, e) == pytest.approx(expected)


def test_tree_agb_picks_equation_by_height_presence():
    agb = tree_agb_kg(np.array([0.6, 0.6]), np.array([30.0, 30.0]), np.array([25.0, np.nan]), -0.1)
    assert agb[0] == pytest.approx(tree_agb_with_height_kg(0.6, 30.0, 25.0))
    assert agb[1] == pytest.approx(tree_agb_without_height_kg(0.6, 30.0, -0.1))


def test_plot_expansion_and_roots():
    # 5000 kg on 2500 m2 = 5 t / 0.25 ha = 20 t/ha
    assert plot_biomass_t_per_ha(np.array([5000.0]), np.array([2500.0]))[0] == pytest.approx(20.0)
    assert below_ground_biomass_root_to_shoot_t_per_ha(np.array([100.0]), 0.37)[0] == pytest.approx(
        37.0
    )
    assert below_ground_biomass_mokany_t_per_ha(np.array([100.0]))[0] == pytest.approx(
        0.489 * 100**0.89
    )


def test_stratum_statistics_hand_example():
    # values 90, 100, 110: mean 100, sd 10, se 10/sqrt(3), t(0.975, 2) = 4.302653
    stats = stratum_statistics(pd.Series([90.0, 100.0, 110.0]), 0.10)
    assert stats["mean_tc_per_ha"] == pytest.approx(100.0)
    assert stats["sd_tc_per_ha"] == pytest.approx(10.0)
    assert stats["t_975"] == pytest.approx(4.302653, rel=1e-6)
    hw = 4.302653 * 10 / math.sqrt(3)
    assert stats["half_width_95_tc_per_ha"] == pytest.approx(hw, rel=1e-6)
    assert stats["uncertainty_fraction"] == pytest.approx(hw / 100, rel=1e-6)
    # n = ceil((4.302653 * 0.1 / 0.1)^2) = ceil(18.51) = 19
    assert stats["plots_needed"] == 19


def test_student_t_large_sample_tends_to_normal():
    assert student_t_975(10_000) == pytest.approx(1.96, abs=1e-3)
    assert plots_needed(2.0, 0.3, 0.1) == 36


def test_olofsson_example():
    """Olofsson et al. 2014 section 5 example: the published estimates, to their rounding."""
    counts = {  # map class -> reference class -> n
        "deforestation": {"deforestation": 66, "forest_gain": 0, "forest": 5, "non_forest": 4},
        "forest_gain": {"deforestation": 0, "forest_gain": 55, "forest": 8, "non_forest": 12},
        "forest": {"deforestation": 1, "forest_gain": 0, "forest": 153, "non_forest": 11},
        "non_forest": {"deforestation": 2, "forest_gain": 1, "forest": 9, "non_forest": 313},
    }
    pixels = {
        "deforestation": 200_000,
        "forest_gain": 150_000,
        "forest": 3_200_000,
        "non_forest": 6_450_000,
    }
    total = sum(pixels.values())
    rows = []
    for m, refs in counts.items():
        for r, n in refs.items():
            rows += [
                {"map_class": m, "reference_class": r, "stratum_weight": pixels[m] / total}
            ] * n
    a = assess_map_accuracy(pd.DataFrame(rows))
    table = a.class_table().set_index("class")
    assert a.overall_accuracy == pytest.approx(0.947, abs=5e-4)
    assert table.at["deforestation", "users_accuracy_fraction"] == pytest.approx(0.88, abs=5e-3)
    assert table.at["deforestation", "producers_accuracy_fraction"] == pytest.approx(0.75, abs=5e-3)
    assert table.at["deforestation", "area_proportion_fraction"] * total * 0.09 == pytest.approx(
        21_158, rel=2e-3
    )
    # 95 % CI of the deforestation area: ± 6,158 ha in the paper
    assert table.at["deforestation", "area_proportion_ci95"] * total * 0.09 == pytest.approx(
        6_158, rel=5e-3
    )


def test_reconciliation_fraction_and_materiality():
    assert difference_fraction(101.0, 100.0) == pytest.approx(0.01)
    assert not is_material(0.01, 0.01)
    assert is_material(0.0101, 0.01)
    assert difference_fraction(0.0, 0.0) == 0.0
    assert difference_fraction(5.0, 0.0) is None and is_material(None, 0.01)
    line = reconcile(2019, "vcus", 95.0, 100.0, 0.01)
    assert line.difference == -5.0 and line.material
