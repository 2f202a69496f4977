"""A draws-based deduction rule applied to the figures (redd_audit/methodology/rule_applied.py;
contract 7.3 in run, 7.3.4). Every expected number is worked out by hand in the comments."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from redd_audit.methodology.deductions import (
    DeductionResult,
    RuleSettings,
    SeriesDeduction,
    period_deduction_factor,
)
from redd_audit.methodology.figures import VintageFigures
from redd_audit.methodology.rule_applied import (
    figures_under_rule,
    rule_in_force,
    totals_under_rule,
    vintage_of,
)
from redd_audit.project_settings import Accounting


def _figure(vintage: int, baseline: float, stock: float, leakage: float) -> VintageFigures:
    ner = baseline - stock - leakage
    return VintageFigures(
        vintage=vintage, start=dt.date(vintage, 1, 1), end=dt.date(vintage, 12, 31), days=365,
        year_fraction=1.0, baseline_tco2e=baseline, project_stock_tco2e=stock,
        project_fire_tco2e=0.0, project_tco2e=stock, leakage_belt_tco2e=0.0,
        leakage_belt_baseline_tco2e=0.0, leakage_tco2e=leakage, ner_tco2e=ner,
        adjusted_ner_tco2e=ner, buffer_base_tco2e=0.0, buffer_tco2e=0.0, vcus=0,
        reversal=ner < 0,
    )  # fmt: skip


def _series(name: str, hw: float, adjustment: float, deduction: float) -> SeriesDeduction:
    return SeriesDeduction(
        name, "x", 0.0, 1.0, 0.0, 1.0, hw, adjustment, deduction, 0.0, 0.0, 0.0, 0.0
    )


def _accounting(**rules: str) -> Accounting:
    return Accounting.model_validate(
        {
            "emission_schedule_years": {"above_ground": 1, "below_ground": 1, "dead_wood": 1,
                                        "litter": 1},
            "gwp": {"ch4": 25, "n2o": 298},
            "fire_emission_factors_g_per_kg": {"ch4": 6.8, "n2o": 0.2},
            "uncertainty": {"allowable_fraction": 0.15},
            "buffer": {"risk_rating_fraction": 0.10},
            "rules": rules,
        }
    )  # fmt: skip


def _settings(rule: str) -> RuleSettings:
    return RuleSettings(rule, "deterministic", "mean", 0.9)


FIGURES = [_figure(2019, 1000.0, 100.0, 100.0), _figure(2020, 500.0, 700.0, 0.0)]  # NER 800, −200


def test_series_names_give_their_vintage() -> None:
    assert vintage_of("gross_er_tco2e_2019") == 2019
    assert vintage_of("gross_er_tco2e_period") is None


def test_art_trees_deducts_unc_t_in_every_year_reversals_included() -> None:
    # UNC_2019 = 30, UNC_2020 = 12 (a reversal year: still deducted, contract 7.3.2)
    result = DeductionResult(
        "art-trees", "vintage",
        (_series("gross_er_tco2e_2019", 0.05, 0.03, 30.0),
         _series("gross_er_tco2e_2020", 0.06, 0.04, 12.0)),
        _series("period", 0.07, 0.05, 40.0), 2.0,
    )  # fmt: skip
    rule = rule_in_force(result, _settings("art-trees"), "simulation")
    acc = _accounting()
    figures, factor = figures_under_rule(FIGURES, acc, rule)
    a, b = figures
    assert (a.adjusted_ner_tco2e, b.adjusted_ner_tco2e) == (770.0, -212.0)
    assert (a.uncertainty_deduction_tco2e, b.uncertainty_deduction_tco2e) == (30.0, 12.0)
    assert factor == pytest.approx((770.0 - 212.0) / (800.0 - 200.0))  # Σ adjusted / Σ NER
    assert a.deduction_factor == pytest.approx(770.0 / 800.0)
    assert (a.half_width_fraction, b.half_width_fraction) == (0.05, 0.06)
    # buffer: stock change (1000 − 100) × 0.10 = 90; none in the reversal year
    assert (a.buffer_tco2e, b.buffer_tco2e) == (pytest.approx(90.0), 0.0)
    assert (a.vcus, b.vcus) == (680, 0)  # floor(770 − 90)
    totals = totals_under_rule({"ner_tco2e": 600.0}, figures, rule, factor)
    assert totals["ner_error_fraction"] == 0.07 and totals["vcus"] == 680
    assert totals["adjusted_ner_tco2e"] == pytest.approx(558.0)
    assert totals["ner_tco2e"] == 600.0  # unchanged


def test_fcpf_keeps_one_minus_cf_and_leaves_a_reversal_alone() -> None:
    result = DeductionResult(
        "fcpf", "period",
        (_series("gross_er_tco2e_2019", 0.2, 0.04, 0.0),
         _series("gross_er_tco2e_2020", 0.2, 0.04, 0.0)),
        _series("period", 0.2, 0.04, 0.0),
    )  # fmt: skip
    rule = rule_in_force(result, _settings("fcpf"), "simulation_draws")
    assert rule.kept_fraction == pytest.approx(0.96) and rule.draws_source == "simulation_draws"
    (a, b), factor = figures_under_rule(FIGURES, _accounting(), rule)
    assert a.adjusted_ner_tco2e == pytest.approx(768.0)  # 800 × 0.96
    assert b.adjusted_ner_tco2e == -200.0  # reversal_deduction: none (the default)
    assert factor == pytest.approx((768.0 - 200.0) / 600.0)
    (_, b2), _ = figures_under_rule(FIGURES, _accounting(reversal_deduction="apply_factor"), rule)
    assert b2.adjusted_ner_tco2e == pytest.approx(-192.0)


def test_an_undefined_fcpf_factor_sets_nothing_aside() -> None:
    period = _series("period", math.nan, math.nan, 0.0)
    rule = rule_in_force(DeductionResult("fcpf", "period", (), period), _settings("vcs-xunc"), "x")
    assert rule.kept_fraction == 1.0
    (a, _), _ = figures_under_rule(FIGURES, _accounting(), rule)
    assert a.adjusted_ner_tco2e == 800.0
    assert totals_under_rule({}, [], rule, 1.0)["ner_error_fraction"] == 0.0


def test_vcs_xunc_from_the_simulation_keeps_its_factor_as_the_period_factor() -> None:
    # E = 0.20 > 0.15: factor 1 − 0.20 + 0.15 = 0.95
    result = DeductionResult(
        "vcs-xunc", "period", (_series("gross_er_tco2e_2019", 0.2, 0.95, 0.0),),
        _series("period", 0.2, 0.95, 0.0),
    )  # fmt: skip
    rule = rule_in_force(result, _settings("vcs-xunc"), "simulation")
    (a, b), factor = figures_under_rule(
        FIGURES, _accounting(buffer_base="adjusted_stock_change"), rule
    )
    assert factor == 0.95 and a.adjusted_ner_tco2e == pytest.approx(760.0)
    assert a.buffer_base_tco2e == pytest.approx(900.0 * 0.95)  # stock change × factor (7.4)
    assert a.half_width_fraction == b.half_width_fraction == 0.2


def test_period_deduction_factor_is_one_without_reductions() -> None:
    assert period_deduction_factor(-5.0, -10.0) == 1.0
    assert period_deduction_factor(90.0, 100.0) == 0.9
