"""Hand-picked inputs for every equation of the registry, limiting cases included.

One entry per registry id: a list of cases, each the positional arguments of the Python
function. :class:`Blank` is an argument the workbook leaves empty (an unset given fraction, a
missing height); its ``python`` value is what the Python function receives in its place.
Hand-checkable expectations are noted beside the less obvious cases; the parity test only asks
that Python and the spreadsheet agree.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from redd_audit.methodology.emission_schedule import emission_schedule_tco2e_per_ha


@dataclass(frozen=True)
class Blank:
    python: object


CARBON = {"above_ground": 121.0, "below_ground": 30.0, "dead_wood": 10.0, "litter": 0.0}
NO_CARBON = {"above_ground": 0.0, "below_ground": 0.0, "dead_wood": 0.0, "litter": 0.0}
YEARS = {"above_ground": 1, "below_ground": 10, "dead_wood": 1, "litter": 1}
#: 10 ages: age 0 = 44/12·(121 + 3 + 10 − 5), ages 1..9 = 44/12·3
SCHEDULE = emission_schedule_tco2e_per_ha(CARBON, 5.0, YEARS)
SUMS = [np.array([1.5, 2.25, 3.0]), np.array([0.1] * 10), np.zeros(3)]

CASES: dict[str, list[tuple[object, ...]]] = {
    "tree_agb_with_height_kg": [(0.6, 30.0, 25.0), (0.45, 10.0, 12.0), (0.8, 100.0, 40.0)],
    "tree_agb_without_height_kg": [(0.6, 30.0, 0.1), (0.45, 10.0, -0.2), (0.8, 100.0, 0.0)],
    "tree_agb_kg": [(0.6, 30.0, 25.0, 0.1), (0.6, 30.0, Blank(math.nan), 0.1)],
    "plot_biomass_t_per_ha": [(5000.0, 500.0), (0.0, 1000.0), (123.4, 2500.0)],
    "below_ground_biomass_root_to_shoot_t_per_ha": [(200.0, 0.37), (0.0, 0.37)],
    "below_ground_biomass_mokany_t_per_ha": [(200.0,), (1.0,), (0.0,)],
    "carbon_tc_per_ha": [(200.0, 0.47), (0.0, 0.5)],
    "student_t_975": [(1,), (5,), (29,), (1000,)],
    # 2 · 0.3 / 0.1 = 5.999…: the guard makes it 36, not 37
    "plots_needed": [(2.0, 0.3, 0.1), (1.96, 0.5, 0.15), (2.0, 0.0, 0.1)],
    "emission_at_age_tco2e_per_ha": [
        (0, CARBON, 5.0, YEARS),
        (1, CARBON, 5.0, YEARS),
        (9, CARBON, 5.0, YEARS),
        (10, CARBON, 5.0, YEARS),
        (0, NO_CARBON, 0.0, YEARS),
    ],
    "lifetime_emissions_tco2e_per_ha": [(CARBON, 5.0), (NO_CARBON, 0.0)],
    "cohort_emissions_tco2e": [
        (100.0, 0, SCHEDULE),
        (100.0, 3, SCHEDULE),
        (100.0, -1, SCHEDULE),
        (100.0, 10, SCHEDULE),
    ],
    "exante_cohort_emissions_tco2e": [
        (100.0, 0, 0.5, SCHEDULE),
        (100.0, 4, 1.0, SCHEDULE),
        (100.0, -2, 1.0, SCHEDULE),
        (50.0, 12, 0.25, SCHEDULE),
        (0.0, 1, 1.0, SCHEDULE),
    ],
    "monitored_cohort_emissions_tco2e": [
        (100.0, 40.0, 0, 0.5, SCHEDULE),
        (100.0, 40.0, 3, 0.5, SCHEDULE),
        (100.0, 40.0, -1, 1.0, SCHEDULE),
        (100.0, 40.0, 10, 1.0, SCHEDULE),
        (100.0, 0.0, 0, 1.0, SCHEDULE),
    ],
    "cohort_sum_tco2e": [(x,) for x in SUMS],
    "baseline_emissions_tco2e": [(x,) for x in SUMS],
    "project_stock_emissions_tco2e": [(x,) for x in SUMS],
    # AR4: 6.8·25 + 0.2·298 = 229.6 g per kg → 0.2296 tCO2e per t d.m.
    "fire_emission_factor_tco2e_per_t_dm": [(6.8, 0.2, 25.0, 298.0), (0.0, 0.0, 25.0, 298.0)],
    "fire_non_co2_emissions_tco2e": [(10.0, 200.0, 0.5, 0.2296), (0.0, 200.0, 0.5, 0.2296)],
    "project_emissions_tco2e": [(100.5, 2.5), (0.0, 0.0)],
    "leakage_emissions_tco2e": [(10.0, 4.0), (5.0, 9.0), (0.0, 0.0)],
    # contract 8.6 hand tests: PROP_IMM 0.20, A_BSL 1,000, A_DefPA 10, A_DefLB 500, C_OLB 300
    "immigrant_deforestation_ha": [(0.2, 1000.0), (0.0, 1000.0), (0.2, 0.0)],
    "captured_immigrant_deforestation_ha": [
        (0.2, 10.0, 500.0, "project_and_belt"),  # 102
        (0.2, 10.0, 500.0, "belt_only"),  # 100
        (0.2, 10.0, 1200.0, "project_and_belt"),  # 242
    ],
    "outside_belt_deforestation_ha": [
        (200.0, 102.0, True),
        (200.0, 242.0, True),
        (200.0, 242.0, False),
    ],
    "outside_belt_emission_factor_tco2e_per_ha": [(81.8182,), (0.0,)],  # 300.00007
    "outside_belt_leakage_tco2e": [(98.0, 300.0), (100.0, 300.0), (0.0, 300.0)],  # 29,400
    "total_leakage_tco2e": [(120.5, 29400.0), (0.0, 0.0)],
    # 400 tCO2e/ha in one pool, C_P,Dist 0 → 400 (×2.5 ha = 1,000 per vintage, contract 8.5)
    "disturbance_emission_tco2e_per_ha": [
        ({**NO_CARBON, "above_ground": 400.0 * 12 / 44}, 0.0),
        (CARBON, 5.0),
    ],
    "project_stock_change_tco2e": [(925.0, 1000.0), (0.0, 0.0)],
    # 1,200,000 tCO2e × 184/365 = 604,931.51 (contract 8.2); per-stratum rows are summed
    "fixed_baseline_tco2e": [
        (np.array([1_200_000.0]), 184 / 365),
        (np.array([100.0, 250.5, 0.0]), 1.0),
    ],
    # contract 8.8: 1,000,000.4 / 9,999.6 / 50,000.5 → 1,000,000 / 10,000 / 50,001; NER 939,999,
    # buffer ROUND(0.12 × 939,999 = 112,799.88) = 112,800, VCUs 827,199
    "reported_whole_tonnes": [(1_000_000.4,), (9_999.6,), (50_000.5,), (-2.5,)],
    "reported_buffer_tco2e": [(0.12, 939_999.0), (0.12, -5.0), (0.12, 0.0)],
    "reported_vcus": [(939_999.0, 112_800.0, 0.0), (100.0, 12.0, 3.0)],
    # 30 ha over f = 1, 1, 0.504110 → 11.980306 (and 6.039387 for the partial year)
    "annualized_area_ha": [
        (30.0, 1.0, np.array([1.0, 1.0, 184 / 365])),
        (30.0, 184 / 365, np.array([1.0, 1.0, 184 / 365])),
        (30.0, 1.0, np.array([1.0, 1.0])),
    ],
    "vintage_leakage_tco2e": [
        (10.0, 4.0, 365, 30.0, 20.0, 730, "per_vintage"),
        (5.0, 9.0, 365, 30.0, 20.0, 730, "per_vintage"),
        (5.0, 9.0, 365, 30.0, 20.0, 730, "per_period"),  # 10 · 365 / 730 = 5
        (5.0, 9.0, 184, 10.0, 30.0, 549, "per_period"),
    ],
    "uncertainty_project_weight_tco2e": [
        (100.0, 20.0, "total_emissions"),
        (100.0, 20.0, "stock_emissions"),
    ],
    "propagated_uncertainty_fraction": [
        (np.array([0.1, 0.2]), np.array([300.0, 400.0])),  # √7300 / 700
        (np.array([0.08]), np.array([123.0])),
        (np.array([0.1]), np.array([0.0])),
        (np.array([0.1, 0.2]), np.array([-5.0, 2.0])),
    ],
    "uncertainty_fraction_used": [(Blank(None), 0.08), (0.12, 0.08), (0.0, 0.08)],
    "ner_error_fraction": [
        (1000.0, 0.1, 200.0, 0.2),  # √11600 / 800
        (100.0, 0.1, 150.0, 0.1),
        (1000.0, 0.0, 0.0, 0.0),
    ],
    "uncertainty_deduction_factor": [
        (0.0, 0.15),
        (0.15, 0.15),
        (0.2, 0.15),
        (0.5, 0.15),
        (1.5, 0.15),
    ],
    "net_emission_reductions_tco2e": [(1000.0, 200.0, 50.0), (100.0, 150.0, 0.0)],
    "is_reversal": [(-1.0,), (0.0,), (5.0,)],
    "deducts_reversals": [("none",), ("apply_factor",)],
    "adjusted_net_emission_reductions_tco2e": [
        (750.0, 0.9, False),
        (-100.0, 0.9, False),
        (-100.0, 0.9, True),
        (0.0, 0.9, False),
    ],
    # NER 750 after 50 t leakage, adjusted NER 675: bases 800, 720, 750, 675 (contract 7.4)
    "buffer_base_tco2e": [
        (1000.0, 200.0, 0.9, "stock_change", 750.0, 675.0),
        (1000.0, 200.0, 0.9, "adjusted_stock_change", 750.0, 675.0),
        (1000.0, 200.0, 0.9, "after_leakage", 750.0, 675.0),
        (1000.0, 200.0, 0.9, "net", 750.0, 675.0),
        (100.0, 300.0, 0.9, "stock_change", -200.0, -200.0),
    ],
    "buffer_withholding_tco2e": [
        (0.15, 1000.0, 900.0),
        (0.15, 1000.0, -5.0),
        (0.15, -10.0, 5.0),
        (0.15, 1000.0, 0.0),
    ],
    "whole_units_down": [(2.9999999999,), (1234.5,), (-1.5,), (0.0,)],
    "whole_units_up": [(2.0000000001,), (1234.2,), (-1.2,), (0.0,)],
    "verified_carbon_units": [
        (1000.9, 100.0, 1000.9),
        (1000.0, 0.0, -1.0),
        (10.0, 20.0, 10.0),
        (0.1 + 0.2 + 2.7, 0.0, 3.0),  # 2.9999999999999996 issues 3
    ],
    "difference_fraction": [(110.0, 100.0), (0.0, 0.0), (5.0, 0.0), (90.0, -100.0)],
    "is_material": [(0.02, 0.01), (0.005, 0.01), (Blank(None), 0.01), (-0.02, 0.01)],
    # Olofsson et al. 2014: UA = 25/30; undefined (empty cell) without a sample mapped as i
    "users_accuracy_fraction": [(25.0, 30.0), (0.0, 10.0), (0.0, 0.0)],
    "cell_proportion_fraction": [(0.02, 5.0, 30.0), (0.9, 0.0, 30.0), (0.5, 3.0, 0.0)],
    "area_proportion_fraction": [(np.array([0.01, 0.002, 0.015]),), (np.zeros(3),)],
    "producers_accuracy_fraction": [(0.01, 0.036), (0.02, 0.02), (0.0, 0.0)],
    # 0.9² · 0.1 · 0.9 / 29 = 0.0025137…; none for a class with one sample or all agreeing
    "area_proportion_variance_term": [
        (0.9, 3.0, 30.0),
        (0.02, 30.0, 30.0),
        (0.5, 1.0, 1.0),
        (0.08, 0.0, 0.0),
    ],
    "area_proportion_ci95": [(np.array([1e-5, 2e-6, 0.0]),), (np.zeros(3),)],
    "proportion_outside_ci": [(0.01, 0.036, 0.019), (0.03, 0.036, 0.019), (0.06, 0.036, 0.019)],
    # map bias: (0.0302 − 0.004) × 300000 = 7860 ha; over-mapping gives a negative area
    "implied_unrecorded_area_ha": [(0.0302, 0.004, 300000.0), (0.01, 0.03, 1000.0)],
    # 44/12 × (100·150 + 300·50) / 400 = 44/12 × 75 = 275; no area: 0
    "area_weighted_emission_factor_tco2e_per_ha": [
        (np.array([100.0, 300.0]), np.array([150.0, 50.0])),
        (np.zeros(2), np.array([150.0, 50.0])),
    ],
    "implied_emissions_tco2e": [(7860.0, 275.0), (-20.0, 275.0)],
    # monetary-unit sampling: T = 0.05 · 738234 = 36911.7; J = T / 3
    # 2.5 ha · 44/12 · 150 tC/ha = 1375
    "event_value_tco2e": [(2.5, 150.0), (0.0, 150.0), (1.0, -3.0)],
    "tolerable_misstatement_tco2e": [(0.05, 738234.0), (0.05, -100.0), (0.0, 5.0)],
    "sampling_interval_tco2e": [(36911.7, 3.0), (0.0, 3.0)],
    "tainting_fraction": [(10.0, 8.0), (10.0, Blank(math.nan)), (10.0, 12.5), (10.0, 0.0)],
    # 0.2 · 1000 (v < J) + 5000 · 0.1 (v ≥ J) = 700
    "projected_misstatement_tco2e": [
        (np.array([100.0, 5000.0, 20.0]), np.array([0.2, 0.1, 0.0]), 1000.0),
        (np.array([50.0, 60.0]), np.zeros(2), 100.0),
        (np.array([1000.0, 999.0]), np.array([-0.5, 0.5]), 1000.0),
    ],
    "maximum_sample_size": [(10000.0, 3000.0), (9000.0, 3000.0), (5.0, 0.0)],
    # 3·1000 + 1000·(ΔF_1·0.5 + ΔF_2·0.2) + 5000·0.1 (top) ; ties; nothing observed: R·J
    "upper_limit_vcu_overstatement_tco2e": [
        (np.array([100.0, 5000.0, 20.0, 40.0]), np.array([0.2, 0.1, 0.5, -0.3]), 1000.0, 3.0),
        (np.array([10.0, 20.0, 30.0]), np.array([0.4, 0.4, 0.4]), 100.0, 3.0),
        (np.array([10.0, 20.0]), np.zeros(2), 100.0, 3.0),
        (np.array([500.0]), np.array([-0.2]), 100.0, 3.0),
    ],
    # the negative taintings' magnitudes: 3·1000 + 1000·ΔF_1·0.3 ; top 500·0.2 = 100
    "upper_limit_vcu_understatement_tco2e": [
        (np.array([100.0, 5000.0, 20.0, 40.0]), np.array([0.2, 0.1, 0.5, -0.3]), 1000.0, 3.0),
        (np.array([10.0, 20.0, 30.0]), np.array([-0.4, -0.4, 0.4]), 100.0, 3.0),
        (np.array([500.0]), np.array([-0.2]), 100.0, 3.0),
    ],
    # exceeds → FALSE (even with events unchecked); a tie R·J = T → TRUE when all observed,
    # blank while unchecked; no sample → blank
    "sample_supports_vcus": [
        (300.5, 300.0, 2, 5),
        (300.0, 300.0, 5, 5),
        (300.0, 300.0, 4, 5),
        (0.0, 0.0, 0, 0),
    ],
    "overall_accuracy_fraction": [(np.array([0.85, 0.05, 0.01]),), (np.zeros(2),)],
    # 3 → 3 (all), 49 → 5, 51 → 6 (⌈5.1⌉); 0 → 0
    "plots_to_remeasure_count": [(3,), (49,), (51,), (0,)],
    "samples_to_reinterpret_count": [(1,), (9,), (11,), (250,), (0,)],
    # Monte Carlo deduction rules. HW = (1100 − 900)/2/1000 = 0.1; UA = 0.524417·0.2/1.645006
    "half_width_fraction": [(900.0, 1100.0, 1000.0), (-50.0, 150.0, -40.0), (10.0, 10.0, 5.0)],
    # |10100/10 − 1000|/1000 = 0.01; |−500/4 + 100|/100 = 0.25
    "running_mean_deviation_fraction": [(10100.0, 10.0, 1000.0), (-500.0, 4.0, -100.0)],
    "half_width_change_fraction": [(0.2, 0.19), (0.1, 0.1), (0.1, 0.12)],
    # spreadsheet ROUND: 2.675 → 2.68, 1.005 → 1.01, −2.5 → −3; an empty cell: not rounded
    "rounded_half_away_from_zero": [
        (2.675, 2),
        (1.005, 2),
        (-2.5, 0),
        (0.123456, Blank(None)),
        (0.15, 4),
    ],
    "simulated_ner_error_fraction": [
        (800.0, 1200.0, 1000.0),
        (-10.0, 10.0, 0.0),
        (-300.0, -100.0, -200.0),
    ],
    "period_deduction_factor": [(900.0, 1000.0), (-212.0, -200.0), (5.0, 0.0)],
    "art_trees_adjustment_fraction": [
        (0.2, 0.524417, 1.645006),
        (0.0, 0.524417, 1.645006),
        (3.5, 0.524417, 1.645006),
    ],
    "art_trees_uncertainty_deduction_tco2e": [(1000.0, 0.06), (-200.0, 0.1), (0.0, 0.5)],
    "art_trees_leakage_deduction_tco2e": [(1000.0, 0.1), (-50.0, 0.1), (0.0, 0.2)],
    "art_trees_buffer_tco2e": [(1000.0, 0.1), (-50.0, 0.1)],
    # 1000 − 100 − 60 − 50 = 790; reversal −200 − 20 = −220; floored at 0
    "art_trees_credited_tco2e": [
        (1000.0, 100.0, 60.0, 50.0),
        (-200.0, 0.0, 20.0, 0.0),
        (100.0, 50.0, 80.0, 0.0),
    ],
    # 60 − 600·0.08 = 12; 10 − |−50|·0.1 = 5
    "art_trees_true_up_tco2e": [
        (np.array([10.0, 20.0, 30.0]), np.array([100.0, 200.0, 300.0]), 0.08),
        (np.array([5.0, 5.0]), np.array([-100.0, 50.0]), 0.1),
    ],
    "fcpf_relative_margin_fraction": [(900.0, 1300.0, 1000.0), (0.0, 100.0, 50.0)],
    # every tier, each bound exactly (the lower tier) and just above it. Not the next float:
    # LibreOffice compares to ~15 significant digits, so b + 1 ulp is "equal" to b there
    # (tests/methodology/test_deductions.py checks the exact binary comparison in Python)
    "fcpf_conservativeness_factor": [
        (u, np.array([0.15, 0.30, 0.60, 1.00]), np.array([0.0, 0.04, 0.08, 0.12, 0.15]))
        for b in (0.15, 0.30, 0.60, 1.00)
        for u in (b, b * (1.0 + 1e-12))
    ]
    + [(0.0, np.array([0.15, 0.30, 0.60, 1.00]), np.array([0.0, 0.04, 0.08, 0.12, 0.15]))],
    "fcpf_uncertainty_set_aside_tco2e": [
        (1000.0, 0.04),
        (-100.0, 0.04),
        (1000.0, Blank(math.nan)),
    ],
}
