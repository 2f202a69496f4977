"""Two-sided evaluation of the evidence sample (contract 5.5 amended), hand-checked, and its
properties. Sign convention everywhere: m = v_obs − v, positive = VCUs overstated."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import chi2

from redd_audit.sampling.monetary_unit import (
    COMPARISON_TOLERANCE_TCO2E,
    draw_evidence_sample,
    projected_misstatement_tco2e,
    sample_supports_vcus,
    tainting_fraction,
    upper_limit_vcu_overstatement_tco2e,
    upper_limit_vcu_understatement_tco2e,
)
from redd_audit.sampling.summary import sampling_summary

START, END = dt.date(2021, 1, 1), dt.date(2021, 12, 31)
F1, F4 = chi2.ppf(0.95, 4) / 2, chi2.ppf(0.95, 10) / 2  # 4.7439, 9.1535


def test_four_under_recorded_events_of_53_do_not_support_the_vcus():
    """53 selected events, each v = 50 tCO2e below J = 100 (T = 300, R = 3), recorded 2 ha.
    Four were cleared on 2.5 ha (observed), the rest as recorded: t = (2.5 − 2) / 2 = +0.25.

    Projected = J × Σt = 100 × 4 × 0.25 = +100 (VCUs overstated).
    Overstatement limit = R·J + J·0.25·(ΔF_1 + … + ΔF_4) = 300 + 25·(F_4 − 3) = 453.84 > T.
    Understatement limit = R·J = 300 (no negative tainting)."""
    recorded = np.full(53, 2.0)
    observed = recorded.copy()
    observed[[3, 17, 30, 44]] = 2.5
    t = tainting_fraction(recorded, observed)
    assert sorted(set(t.tolist())) == [0.0, 0.25]
    v = np.full(53, 50.0)
    assert projected_misstatement_tco2e(v, t, 100.0) == pytest.approx(100.0)
    over = upper_limit_vcu_overstatement_tco2e(v, t, 100.0)
    assert over == pytest.approx(300 + 25 * (F4 - 3), rel=1e-12)
    assert over == pytest.approx(453.84, abs=0.01)
    assert upper_limit_vcu_understatement_tco2e(v, t, 100.0) == pytest.approx(300.0)
    assert sample_supports_vcus(over, 300.0, 53, 53) is False
    # the mirror case: four over-recorded events (observed 1.5 ha) bound the other side
    mirror = tainting_fraction(recorded, 4.0 - observed)
    assert projected_misstatement_tco2e(v, mirror, 100.0) == pytest.approx(-100.0)
    assert upper_limit_vcu_understatement_tco2e(v, mirror, 100.0) == pytest.approx(over)
    under_over = upper_limit_vcu_overstatement_tco2e(v, mirror, 100.0)
    assert sample_supports_vcus(under_over, 300.0, 53, 53) is True


def test_supports_only_when_every_event_is_checked_and_the_limit_holds():
    assert sample_supports_vcus(300.0, 300.0, 53, 53) is True
    assert sample_supports_vcus(300.0, 300.0, 10, 53) is None  # events still unchecked
    assert sample_supports_vcus(301.0, 300.0, 10, 53) is False  # exceeding is already final
    assert sample_supports_vcus(0.0, 0.0, 0, 0) is None  # no sample
    # R × (T / R) may be off by one unit in the last place: a tie never reads as exceeding
    tolerable = 0.1 + 0.2
    assert sample_supports_vcus(3.0 * (tolerable / 3.0), tolerable, 1, 1) is True
    assert (
        sample_supports_vcus(tolerable + 2 * COMPARISON_TOLERANCE_TCO2E, tolerable, 1, 1) is False
    )


def _events() -> pd.DataFrame:
    """As in tests/test_sampling.py: v = 11 × area; T = 99, J = 33, seed 1 selects E-B (v = 44,
    top stratum) and E-D (v = 22 < J)."""
    return pd.DataFrame(
        {
            "event_id": ["E-D", "E-C", "E-B", "E-A", "E-E"],
            "zone": ["project_area"] * 5,
            "stratum_id": ["S"] * 5,
            "detected_on": pd.to_datetime(
                ["2021-03-10", "2021-02-01", "2021-02-01", "2021-01-05", "2021-04-01"]
            ),
            "area_ha": [2.0, 1.0, 4.0, 1.0, 0.5],
        }
    )


def test_observations_evaluated_in_summary_both_sides():
    """E-B recorded 4 ha, observed 5 ha: t = +0.25, v = 44 ≥ J: m = +11.
    E-D recorded 2 ha, observed 1.5 ha: t = −0.25, v = 22 < J: projects −0.25 × 33 = −8.25.
    Projected = 11 − 8.25 = +2.75. Overstatement limit = 99 + 11 = 110 > T = 99: FALSE.
    Understatement limit = 99 + ΔF_1 × 0.25 × 33 = 99 + 1.743865 × 8.25 = 113.387."""
    observations = pd.DataFrame(
        {"event_id": ["E-B", "E-D"], "observed_area_ha": [5.0, 1.5], "_row": [2, 3]}
    )
    stocks = pd.DataFrame(
        {
            "stratum_id": ["S"],
            **{f"{p}_tc_per_ha": [0.75] for p in ("above_ground", "below_ground", "dead_wood")},
            "litter_tc_per_ha": [0.75],
            "post_deforestation_tc_per_ha": [0.0],
        }
    )
    summary, sample = sampling_summary(
        frames={"deforestation_events": _events(), "sample_observations": observations},
        stocks=stocks,
        materiality_fraction=0.1,
        ner_tco2e=990.0,
        start=START,
        end=END,
        seed=1,
    )
    assert summary["selected"] == ["E-B", "E-D"]
    assert dict(sample.observed_ha) == {"E-B": 5.0, "E-D": 1.5}
    assert summary["observations"] == 2
    assert summary["projected_misstatement_tco2e"] == pytest.approx(2.75)
    assert summary["upper_limit_vcu_overstatement_tco2e"] == pytest.approx(110.0)
    assert summary["upper_limit_vcu_understatement_tco2e"] == pytest.approx(
        99 + (F1 - 3) * 8.25, rel=1e-9
    )
    assert summary["supports_vcus"] is False
    assert summary["seed_source"] == "events_sha256" and summary["changes"] is None


def test_no_sample_has_no_evaluation():
    sample = draw_evidence_sample(_events(), {"S": 3.0}, 0.1, -5.0, START, END, seed=1)
    assert sample.warning is not None
    stocks = pd.DataFrame(
        {
            "stratum_id": ["S"],
            **{f"{p}_tc_per_ha": [1.0] for p in ("above_ground", "below_ground", "dead_wood")},
            "litter_tc_per_ha": [0.0],
            "post_deforestation_tc_per_ha": [0.0],
        }
    )
    summary, _ = sampling_summary(
        frames={"deforestation_events": _events()},
        stocks=stocks,
        materiality_fraction=0.1,
        ner_tco2e=-5.0,
        start=START,
        end=END,
        seed=1,
    )
    assert summary["size"] == 0 and summary["observations"] == 0
    assert summary["upper_limit_vcu_overstatement_tco2e"] is None
    assert summary["supports_vcus"] is None


cases = st.integers(min_value=1, max_value=40).flatmap(
    lambda n: st.tuples(
        st.lists(st.floats(min_value=0.1, max_value=5e3), min_size=n, max_size=n),
        st.lists(st.floats(min_value=-1.0, max_value=3.0), min_size=n, max_size=n),
        st.floats(min_value=1.0, max_value=2e3),
    )
)


@settings(max_examples=200, deadline=None)
@given(case=cases)
def test_swapping_signs_swaps_the_two_limits(case):
    values, taints, interval = (np.array(case[0]), np.array(case[1]), case[2])
    over = upper_limit_vcu_overstatement_tco2e(values, taints, interval)
    under = upper_limit_vcu_understatement_tco2e(values, taints, interval)
    assert upper_limit_vcu_overstatement_tco2e(values, -taints, interval) == pytest.approx(under)
    assert upper_limit_vcu_understatement_tco2e(values, -taints, interval) == pytest.approx(over)
    assert projected_misstatement_tco2e(values, -taints, interval) == pytest.approx(
        -projected_misstatement_tco2e(values, taints, interval), abs=1e-6
    )
    # each limit is at least the basic precision and at least its side's projection
    basic = 3.0 * interval
    projected = projected_misstatement_tco2e(values, taints, interval)
    assert over >= basic - 1e-9 and under >= basic - 1e-9
    assert over >= projected - 1e-6 and under >= -projected - 1e-6
    # misstatements of one sign never move the other side's limit
    only_positive = np.maximum(taints, 0.0)
    assert upper_limit_vcu_understatement_tco2e(values, only_positive, interval) == pytest.approx(
        basic
    )
    assert upper_limit_vcu_overstatement_tco2e(values, only_positive, interval) == pytest.approx(
        over
    )
