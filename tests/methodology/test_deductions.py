"""Monte Carlo deduction rules (redd_audit/methodology/deductions.py) and draw statistics
(redd_audit/methodology/draw_statistics.py).

Hand-checkable numbers are derived in the comments. The "published table" and mocaredd cases
recompute every figure independently of the module: percentiles by the textbook linear
interpolation on sorted draws (R type 7: h = (n − 1)·p, x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋])),
rounding with ``decimal`` half away from zero, the tiers by plain comparisons.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from redd_audit.methodology import deductions as d
from redd_audit.methodology.draw_statistics import (
    SIMVOI_PERCENTILES,
    convergence,
    series_statistics,
    skewness,
)
from redd_audit.methodology.uncertainty import uncertainty_deduction_factor

BOUNDS, FACTORS = d.FCPF_BOUNDS, d.FCPF_FACTORS


def linear_percentile(x: np.ndarray, p: float) -> float:
    """R type 7 / Excel PERCENTILE, written out (p in 0..1)."""
    s = sorted(float(v) for v in x)
    h = (len(s) - 1) * p
    lo = math.floor(h)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (h - lo) * (s[hi] - s[lo])


def excel_round(x: float, n: int) -> float:
    return float(Decimal(repr(x)).quantize(Decimal(1).scaleb(-n), rounding=ROUND_HALF_UP))


def settings(rule: str, **kw: object) -> d.RuleSettings:
    base = dict(d.RULE_DEFAULTS[rule])
    base.update(kw)
    return d.RuleSettings(rule=rule, **base)  # type: ignore[arg-type]


# --- equations ----------------------------------------------------------------------------------


def test_half_width_fraction_by_hand():
    assert d.half_width_fraction(900.0, 1100.0, 1000.0) == pytest.approx(0.1)
    assert d.half_width_fraction(-50.0, 150.0, -40.0) == pytest.approx(2.5)  # |R|
    assert math.isnan(d.half_width_fraction(1.0, 2.0, 0.0))


def test_running_mean_deviation_fraction_by_hand():
    assert d.running_mean_deviation_fraction(10100.0, 10.0, 1000.0) == pytest.approx(0.01)
    out = d.running_mean_deviation_fraction(np.array([10.0, 30.0]), np.array([1.0, 2.0]), 20.0)
    assert np.allclose(out, [0.5, 0.25])
    assert math.isnan(float(d.running_mean_deviation_fraction(1.0, 1.0, 0.0)))


def test_half_width_change_fraction_by_hand():
    assert d.half_width_change_fraction(0.2, 0.19) == pytest.approx(0.05)
    assert math.isnan(d.half_width_change_fraction(0.0, 0.1))


@pytest.mark.parametrize(
    ("x", "n", "want"),
    [(2.675, 2, 2.68), (-2.675, 2, -2.68), (1.005, 2, 1.01), (0.5, 0, 1.0), (-0.5, 0, -1.0),
     (0.12345, 4, 0.1235), (0.15, 2, 0.15)],
)  # fmt: skip
def test_rounding_is_half_away_from_zero(x, n, want):
    assert d.rounded_half_away_from_zero(x, n) == want


def test_rounding_none_keeps_the_value():
    assert d.rounded_half_away_from_zero(0.123456789, None) == 0.123456789
    assert math.isnan(d.rounded_half_away_from_zero(math.nan, 2))


def test_vcs_simulated_error_and_factor_by_hand():
    # E = (1200 − 800)/2/1000 = 0.2 > 0.15 → factor 1 − 0.2 + 0.15 = 0.95
    e = d.simulated_ner_error_fraction(800.0, 1200.0, 1000.0)
    assert e == pytest.approx(0.2)
    assert uncertainty_deduction_factor(e, 0.15) == pytest.approx(0.95)
    assert uncertainty_deduction_factor(0.15, 0.15) == 1.0  # at the band: no deduction
    assert d.simulated_ner_error_fraction(-10.0, 10.0, -1.0) == 0.0  # mean ≤ 0


def test_art_trees_equations_by_hand():
    ua = d.art_trees_adjustment_fraction(0.2, d.ART_UA_SCALE, d.ART_T90)
    assert ua == pytest.approx(0.524417 * 0.2 / 1.645006)
    assert d.art_trees_uncertainty_deduction_tco2e(-200.0, 0.1) == pytest.approx(20.0)
    assert d.art_trees_leakage_deduction_tco2e(1000.0, 0.1) == pytest.approx(100.0)
    assert d.art_trees_leakage_deduction_tco2e(-1000.0, 0.1) == 0.0
    assert d.art_trees_buffer_tco2e(-5.0, 0.1) == 0.0
    assert d.art_trees_credited_tco2e(1000.0, 100.0, 60.0, 50.0) == pytest.approx(790.0)
    assert d.art_trees_credited_tco2e(100.0, 50.0, 80.0, 0.0) == 0.0  # floored
    assert d.art_trees_credited_tco2e(-200.0, 0.0, 20.0, 0.0) == pytest.approx(-220.0)
    assert d.art_trees_true_up_tco2e([10.0, 20.0, 30.0], [100.0, 200.0, 300.0], 0.08) == (
        pytest.approx(12.0)
    )


# --- FCPF tiers: exact at and next to each boundary ---------------------------------------------


@pytest.mark.parametrize("k", range(4))
def test_fcpf_tiers_at_and_next_to_each_bound(k):
    bound = BOUNDS[k]
    below, above = np.nextafter(bound, -np.inf), np.nextafter(bound, np.inf)
    assert d.fcpf_conservativeness_factor(bound, BOUNDS, FACTORS) == FACTORS[k]  # inclusive
    assert d.fcpf_conservativeness_factor(float(below), BOUNDS, FACTORS) == FACTORS[k]
    assert d.fcpf_conservativeness_factor(float(above), BOUNDS, FACTORS) == FACTORS[k + 1]


def test_fcpf_tiers_limits():
    assert d.fcpf_conservativeness_factor(0.0, BOUNDS, FACTORS) == 0.0
    assert d.fcpf_conservativeness_factor(50.0, BOUNDS, FACTORS) == 0.15
    assert math.isnan(d.fcpf_conservativeness_factor(math.nan, BOUNDS, FACTORS))
    assert d.fcpf_uncertainty_set_aside_tco2e(1000.0, math.nan) == 0.0
    assert d.fcpf_uncertainty_set_aside_tco2e(-1000.0, 0.04) == 0.0
    assert math.isnan(d.fcpf_relative_margin_fraction(-1.0, 1.0, 0.0))


def test_fcpf_u_exactly_on_a_bound_is_an_info_and_the_lower_tier():
    # 3 draws: median 100, P5 = 90 + 0.1·(100 − 90) = 91, P95 = 100 + 0.9·10 = 109 → U = 0.09
    # with 2-decimal bounds and margin: ROUND(0.09, 2) = 0.09 → tier 1 (0)
    x = np.array([90.0, 100.0, 110.0])
    r = d.fcpf_deduction("s", x, settings("fcpf", bounds=(0.09, 0.3, 0.6, 1.0)))
    assert r.half_width_fraction == pytest.approx(0.09)
    assert r.adjustment_fraction == 0.0
    assert r.infos and "exactly on a bound" in r.infos[0]


# --- ART TREES: a published-table style case from 10,000 draws ----------------------------------


def _years() -> dict[str, np.ndarray]:
    rng = np.random.default_rng(2025)
    return {
        "2021": rng.normal(2.0e6, 3.0e5, 10_000),
        "2022": rng.lognormal(np.log(1.5e6), 0.25, 10_000),
        "2023": rng.normal(-1.0e5, 2.0e5, 10_000),  # a reversal year
    }


def test_art_trees_reproduces_an_independent_computation_to_a_milli_tonne():
    buffer_fraction, leakage_fraction = 0.05, 0.10
    s = settings("art-trees", buffer_fraction=buffer_fraction, leakage_fraction=leakage_fraction)
    for name, x in _years().items():
        r = d.art_trees_deduction(name, x, s)
        mean = sum(float(v) for v in x) / len(x)
        hw = (linear_percentile(x, 0.95) - linear_percentile(x, 0.05)) / 2 / abs(mean)
        ua = 0.524417 * hw / 1.645006
        unc = abs(mean * ua)
        leak = mean * leakage_fraction if mean >= 0 else 0.0
        buf = max(0.0, mean) * buffer_fraction
        trees = mean - unc if mean < 0 else max(0.0, mean - buf - unc - leak)
        assert r.center_tco2e == pytest.approx(mean, abs=1e-3)
        assert r.half_width_fraction == pytest.approx(hw, rel=1e-12)
        assert r.adjustment_fraction == pytest.approx(ua, rel=1e-12)
        for got, want in ((r.uncertainty_deduction_tco2e, unc), (r.leakage_tco2e, leak),
                          (r.buffer_tco2e, buf), (r.credited_tco2e, trees)):  # fmt: skip
            assert abs(got - want) <= 1e-3, name
    reversal = d.art_trees_deduction("2023", _years()["2023"], s)
    assert reversal.credited_tco2e < reversal.center_tco2e < 0
    assert reversal.warnings


def test_art_trees_typed_roundings_and_period_ua():
    x = _years()["2021"]
    s = settings("art-trees", half_width_decimals=4, ua_decimals=4, ci_bound_decimals=0)
    r = d.art_trees_deduction("2021", x, s)
    p5, p95 = excel_round(linear_percentile(x, 0.05), 0), excel_round(linear_percentile(x, 0.95), 0)
    hw = excel_round((p95 - p5) / 2 / abs(float(np.mean(x))), 4)
    assert r.half_width_fraction == hw
    assert r.adjustment_fraction == excel_round(0.524417 * hw / 1.645006, 4)
    forced = d.art_trees_deduction("2021", x, s, period_adjustment_fraction=0.02)
    assert forced.adjustment_fraction == 0.02
    assert forced.uncertainty_deduction_tco2e == pytest.approx(abs(float(np.mean(x))) * 0.02)


# --- mocaredd parity: median center, 2-decimal roundings ----------------------------------------


def test_fcpf_mocaredd_settings():
    rng = np.random.default_rng(7)
    x = rng.normal(1.0e6, 1.5e5, 10_000)
    s = settings("fcpf", center="median", ci_bound_decimals=2, relative_margin_decimals=2)
    r = d.fcpf_deduction("period", x, s)
    median = float(np.median(x))
    p5, p95 = excel_round(linear_percentile(x, 0.05), 2), excel_round(linear_percentile(x, 0.95), 2)
    u = excel_round((p95 - p5) / 2 / median, 2)
    cf = next((f for b, f in zip(BOUNDS, FACTORS, strict=False) if u <= b), FACTORS[-1])
    assert (r.p_lower_tco2e, r.p_upper_tco2e) == (p5, p95)
    assert r.half_width_fraction == u
    assert r.adjustment_fraction == cf
    assert r.uncertainty_deduction_tco2e == pytest.approx(median * cf, abs=1e-6)
    assert r.adjusted_ner_tco2e == pytest.approx(median * (1 - cf), abs=1e-6)  # SIMS_io!I9


def test_fcpf_nonpositive_median_sets_nothing_aside():
    r = d.fcpf_deduction("p", np.array([-3.0, -2.0, -1.0, 5.0]), settings("fcpf"))
    assert math.isnan(r.half_width_fraction) and math.isnan(r.adjustment_fraction)
    assert r.uncertainty_deduction_tco2e == 0.0 and r.warnings


def test_vcs_rule_by_hand():
    # 5 draws 800..1200: mean 1000; P2.5 = 800 + 0.1·100 = 810, P97.5 = 1190 → E = 0.19
    x = np.array([800.0, 900.0, 1000.0, 1100.0, 1200.0])
    r = d.vcs_xunc_deduction("p", x, settings("vcs-xunc", buffer_fraction=0.1))
    assert r.half_width_fraction == pytest.approx(0.19)
    assert r.adjustment_fraction == pytest.approx(0.96)
    assert r.uncertainty_deduction_tco2e == pytest.approx(40.0)
    assert r.buffer_tco2e == pytest.approx(100.0)
    assert r.credited_tco2e == pytest.approx(860.0)


def test_settings_out_of_domain():
    bad = d.RuleSettings("fcpf", "median", "median", 1.2, bounds=(0.3, 0.2), factors=(0.0,))
    keys = {k for k, _ in d.rule_settings_problems(bad)}
    assert {"confidence", "bounds", "factors"} <= keys
    assert d.rule_settings_problems(settings("art-trees")) == []
    assert d.rule_settings_problems(settings("art-trees", buffer_fraction=1.5))


# --- statistics and convergence -----------------------------------------------------------------


def test_series_statistics():
    x = np.random.default_rng(3).normal(10.0, 2.0, 501)
    s = series_statistics("x", x)
    assert len(SIMVOI_PERCENTILES) == len(s.percentiles_tco2e) == 27
    assert s.percentile(2.5) == pytest.approx(linear_percentile(x, 0.025), rel=1e-12)
    assert s.sd_tco2e == pytest.approx(float(np.std(x, ddof=1)))
    assert (s.min_tco2e, s.max_tco2e) == (s.percentile(0.0), s.percentile(100.0))
    w = series_statistics("x", x, "weibull")
    assert w.percentile(5.0) == pytest.approx(float(np.percentile(x, 5.0, method="weibull")))
    # Excel SKEW of 1, 2, 10: n/((n−1)(n−2)) Σ z³
    y = np.array([1.0, 2.0, 10.0])
    z = (y - y.mean()) / y.std(ddof=1)
    assert skewness(y) == pytest.approx(3 / 2 * float(np.sum(z**3)))
    assert series_statistics("n", np.array([-1.0, 0.0, 2.0])).negative_draws == 1


def test_convergence():
    x = np.random.default_rng(5).normal(1000.0, 50.0, 10_000)
    c = convergence("x", x, confidence=0.9, reference="mean")
    assert c.converged is True and c.running_mean_max_deviation_fraction < 0.005
    drifting = np.concatenate([x[:9000], x[9000:] * 1.5])
    assert convergence("d", drifting, confidence=0.9, reference="mean").converged is False
    assert convergence("s", x[:500], confidence=0.9, reference="mean").converged is None
    zero = convergence("z", np.concatenate([x[:5000] - 1000, 1000 - x[:5000]]),
                       confidence=0.9, reference="mean")  # fmt: skip
    assert zero.converged is None or zero.converged is False


# --- properties ---------------------------------------------------------------------------------

fractions = st.floats(min_value=0.0, max_value=3.0, allow_nan=False)


@given(fractions, fractions, st.floats(min_value=0.0, max_value=1.0))
def test_vcs_factor_in_unit_interval_and_monotone(e1, e2, a):
    f1, f2 = uncertainty_deduction_factor(e1, a), uncertainty_deduction_factor(e2, a)
    assert 0.0 <= f1 <= 1.0
    if e1 <= e2:
        assert f1 >= f2


@given(fractions, fractions)
def test_fcpf_factor_monotone_in_u(u1, u2):
    f1 = d.fcpf_conservativeness_factor(u1, BOUNDS, FACTORS)
    f2 = d.fcpf_conservativeness_factor(u2, BOUNDS, FACTORS)
    assert 0.0 <= f1 <= 1.0
    if u1 <= u2:
        assert f1 <= f2


@given(fractions, fractions, st.floats(min_value=-1e7, max_value=1e7, allow_nan=False))
def test_art_deduction_grows_with_the_half_width(h1, h2, center):
    u1 = d.art_trees_uncertainty_deduction_tco2e(
        center, d.art_trees_adjustment_fraction(h1, d.ART_UA_SCALE, d.ART_T90)
    )
    u2 = d.art_trees_uncertainty_deduction_tco2e(
        center, d.art_trees_adjustment_fraction(h2, d.ART_UA_SCALE, d.ART_T90)
    )
    assert u1 >= 0.0
    if h1 <= h2:
        assert u1 <= u2 + 1e-9 * abs(center)
    credited = d.art_trees_credited_tco2e(center, d.art_trees_buffer_tco2e(center, 0.1), u1, 0.0)
    assert credited <= max(center, 0.0)


# --- a rule over vintages and the period (contract 7.3.4) ---------------------------------------


def test_deduction_result_art_trees_per_vintage_with_true_up():
    years = {k: v for k, v in _years().items() if k != "2023"}
    s = settings("art-trees")
    r = d.deduction_result(s, years)
    assert (r.rule, r.applies_to) == ("art-trees", "vintage")
    assert [v.name for v in r.vintages] == ["2021", "2022"]
    assert r.period is not None
    total = years["2021"] + years["2022"]  # no period series: the row-wise sum
    assert r.period.center_tco2e == pytest.approx(float(np.mean(total)))
    want = (
        sum(v.uncertainty_deduction_tco2e for v in r.vintages)
        - abs(sum(v.center_tco2e for v in r.vintages)) * r.period.adjustment_fraction
    )
    assert r.true_up_tco2e == pytest.approx(want)
    assert r.true_up_tco2e > 0  # summing years narrows the relative interval
    shared = d.deduction_result(settings("art-trees", ua_source="period"), years)
    assert all(v.adjustment_fraction == shared.period.adjustment_fraction for v in shared.vintages)


@pytest.mark.parametrize("rule", ["vcs-xunc", "fcpf"])
def test_deduction_result_one_period_factor_for_every_vintage(rule):
    rng = np.random.default_rng(9)
    years = {"2021": rng.normal(1000.0, 300.0, 5000), "2022": rng.normal(2000.0, 700.0, 5000)}
    period = rng.normal(3000.0, 500.0, 5000)  # simulated on its own
    r = d.deduction_result(settings(rule), years, period)
    assert r.applies_to == "period" and r.true_up_tco2e is None
    assert r.period is not None
    assert r.period.center_tco2e == pytest.approx(
        float(np.mean(period)) if rule == "vcs-xunc" else float(np.median(period))
    )
    for v in r.vintages:
        assert v.adjustment_fraction == r.period.adjustment_fraction
        if rule == "fcpf":  # Adjusted_NER_v = NER_v × (1 − CF)
            assert v.adjusted_ner_tco2e == pytest.approx(
                v.center_tco2e * (1 - r.period.adjustment_fraction)
            )
        else:  # Adjusted_NER = NER × factor
            assert v.adjusted_ner_tco2e == pytest.approx(v.center_tco2e * v.adjustment_fraction)
