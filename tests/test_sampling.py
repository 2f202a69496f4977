"""Evidence sample (contract.md 5.5) and the re-check selections: hand-checked examples and
Hypothesis properties of the monetary-unit selection."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from redd_audit.sampling.monetary_unit import (
    draw_evidence_sample,
    incremental_factors,
    maximum_sample_size,
    poisson_upper_factor,
    projected_misstatement_tco2e,
    select_monetary_units,
    tainting_fraction,
    upper_limit_vcu_overstatement_tco2e,
)
from redd_audit.sampling.recheck import (
    accuracy_samples_to_reinterpret,
    plots_to_remeasure,
    plots_to_remeasure_count,
    samples_to_reinterpret_count,
)
from redd_audit.sampling.summary import no_sample_finding, resolve_seed

START, END = dt.date(2021, 1, 1), dt.date(2021, 12, 31)


def _events() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "event_id": ["E-D", "E-C", "E-B", "E-A", "E-E", "LB-1", "OLD-1", "ZERO-1"],
            "zone": ["project_area"] * 5 + ["leakage_belt", "project_area", "project_area"],
            "stratum_id": ["S"] * 8,
            "detected_on": pd.to_datetime(
                [
                    "2021-03-10",
                    "2021-02-01",
                    "2021-02-01",
                    "2021-01-05",
                    "2021-04-01",
                    "2021-01-01",
                    "2020-12-31",
                    "2021-05-01",
                ]
            ),
            "area_ha": [2.0, 1.0, 4.0, 1.0, 0.5, 100.0, 100.0, 0.0],
        }
    )


def test_hand_checked_monetary_unit_sample():
    """Net stock 3 tC/ha, so v = area × 44/12 × 3 = 11 × area.

    Population (project area, in 2021, area > 0), ordered by (detected_on, event_id):
    E-A v=11 (0, 11]; E-B v=44 (11, 55]; E-C v=11 (55, 66]; E-D v=22 (66, 88];
    E-E v=5.5 (88, 93.5]. LB-1 (leakage belt), OLD-1 (2020) and ZERO-1 (area 0) are out.
    T = 0.1 × 990 = 99; J = 99 / 3 = 33. Seed 1: u = 0.51182..., u·J = 16.89; points
    16.89, 49.89, 82.89 (115.89 is beyond 93.5). E-B holds two points (listed once), E-D one:
    selected [E-B, E-D], size 2 ≤ ceil(93.5 / 33) = 3.
    """
    sample = draw_evidence_sample(_events(), {"S": 3.0}, 0.1, 990.0, START, END, seed=1)
    d = sample.to_dict()
    assert list(sample.population["event_id"]) == ["E-A", "E-B", "E-C", "E-D", "E-E"]
    assert list(sample.population["value_tco2e"]) == pytest.approx([11, 44, 11, 22, 5.5])
    assert d["tolerable_misstatement_tco2e"] == pytest.approx(99.0)
    assert d["interval_tco2e"] == pytest.approx(33.0)
    assert d["population_tco2e"] == pytest.approx(93.5)
    assert d["start_fraction"] == pytest.approx(0.5118216247002567)
    assert d["selected"] == ["E-B", "E-D"] and d["size"] == 2
    assert d["method"] == "monetary_unit" and d["confidence"] == 0.95
    assert d["reliability_factor"] == 3.0 and d["seed"] == 1 and d["warning"] is None


def test_selection_points_in_half_open_spans():
    """v = [5, 12, 3, 8, 2], J = 6, u = 0.5: points 3, 9, 15, 21, 27 (total 30).
    Spans (0,5] (5,17] (17,20] (20,28] (28,30]: selected items 1, 2, 4."""
    selected = select_monetary_units(np.array([5, 12, 3, 8, 2.0]), 6.0, 0.5)
    assert selected.tolist() == [True, True, False, True, False]
    # u = 0, J = 6, v = [6, 6]: points 0 and 6 (12 is not below the total 12). 0 lies in no
    # span ((0, 6] excludes 0); 6 is item 1's cum_after, so it belongs to item 1, not item 2
    assert select_monetary_units(np.array([6.0, 6.0]), 6.0, 0.0).tolist() == [True, False]


def test_no_sample_when_no_net_reduction_or_empty_population():
    sample = draw_evidence_sample(_events(), {"S": 3.0}, 0.1, -5.0, START, END, seed=1)
    assert sample.to_dict()["size"] == 0 and "not positive" in sample.warning
    finding = no_sample_finding(sample.to_dict(), "deforestation_events.csv")
    assert finding is not None and finding.severity == "warning"
    empty = draw_evidence_sample(
        _events(), {"S": 3.0}, 0.1, 990.0, dt.date(2030, 1, 1), dt.date(2030, 12, 31), 1
    )
    assert empty.to_dict()["size"] == 0 and "no project-area" in empty.warning
    assert no_sample_finding({"warning": None}, "x.csv") is None


def test_default_seed_is_the_first_eight_hex_digits():
    digest = "00000abc" + "f" * 56
    assert resolve_seed(None, digest) == 0xABC
    assert resolve_seed(42, digest) == 42


def test_projection_and_upper_limit_by_hand():
    """J = 100, R = 3. Event 1: v = 50 < J, recorded 10 ha, observed 12 ha: t = +0.2 (VCUs
    overstated), projects 0.2 × 100 = 20. Event 2: v = 250 ≥ J, recorded 5 ha, observed 5.5 ha:
    t = +0.1, m = 25. Projected = 45. VCU-overstatement limit = 3 × 100 + ΔF_1 × 0.2 × 100 + 25
    with ΔF_1 = F_1 − R = 4.7439 − 3."""
    t = tainting_fraction(np.array([10.0, 5.0]), np.array([12.0, 5.5]))
    assert t.tolist() == pytest.approx([0.2, 0.1])
    values = np.array([50.0, 250.0])
    assert projected_misstatement_tco2e(values, t, 100.0) == pytest.approx(45.0)
    assert poisson_upper_factor(1) == pytest.approx(4.7439, abs=1e-4)
    assert poisson_upper_factor(0) == pytest.approx(2.9957, abs=1e-4)  # R = 3.0 rounds it
    expected = 300 + (4.743865 - 3) * 20 + 25
    assert upper_limit_vcu_overstatement_tco2e(values, t, 100.0) == pytest.approx(
        expected, rel=1e-6
    )
    assert incremental_factors(2) == pytest.approx([4.743865 - 3, 6.295794 - 4.743865], 1e-5)
    # nothing observed: no misstatement, the limit is the basic precision R × J
    none = tainting_fraction(np.array([10.0]), np.array([np.nan]))
    assert upper_limit_vcu_overstatement_tco2e(np.array([50.0]), none, 100.0) == pytest.approx(300)


def test_recheck_counts_and_selection():
    assert [plots_to_remeasure_count(n) for n in (3, 5, 6, 49, 50, 51, 120)] == [
        3,
        5,
        5,
        5,
        5,
        6,
        12,
    ]
    assert [samples_to_reinterpret_count(n) for n in (1, 9, 10, 11, 250)] == [1, 1, 1, 2, 25]
    plots = pd.DataFrame(
        {
            "plot_id": [f"P{i:02d}" for i in range(60)],
            "stratum_id": ["A"] * 8 + ["B"] * 52,
        }
    )
    first = plots_to_remeasure(plots, 7)
    assert first == plots_to_remeasure(plots.sample(frac=1, random_state=3), 7)
    assert [g["selected"] for g in first["groups"]] == [5, 6]
    assert set(first["selected"]) <= set(plots["plot_id"]) and len(first["selected"]) == 11
    samples = pd.DataFrame({"sample_id": ["a", "b", "c"], "map_class": ["x", "x", "y"]})
    acc = accuracy_samples_to_reinterpret(samples, 7)
    assert acc["seed"] == 7 and [g["selected"] for g in acc["groups"]] == [1, 1]


def _naive_selection(values: list[float], interval: float, u: float) -> list[bool]:
    """The contract's words, literally: points u·J + k·J below the total; an item is selected
    when a point falls in (cum_before, cum_after]."""
    total = sum(values)
    points, k = [], 0
    while u * interval + k * interval < total:
        points.append(u * interval + k * interval)
        k += 1
    out, cum = [], 0.0
    for v in values:
        before, cum = cum, cum + v
        out.append(any(before < p <= cum for p in points))
    return out


values_strategy = st.lists(
    st.floats(min_value=0.01, max_value=1e4, allow_nan=False), min_size=1, max_size=60
)


@settings(max_examples=200, deadline=None)
@given(
    values=values_strategy,
    interval=st.floats(min_value=0.5, max_value=5e4),
    u=st.floats(min_value=0.0, max_value=1.0, exclude_max=True),
)
def test_selection_properties(values, interval, u):
    v = np.array(values)
    selected = select_monetary_units(v, interval, u)
    assert selected.tolist() == _naive_selection(values, interval, u)
    # every event with v ≥ J is selected: its span is at least J long. At v = J exactly the
    # half-open span can miss the lattice only when a point coincides with its cum_before (a
    # tie of measure zero for u = default_rng(seed).random()); v > J never misses.
    assert selected[v > interval].all()
    assert selected.sum() <= maximum_sample_size(float(np.cumsum(v)[-1]), interval)
    assert (select_monetary_units(v, interval, u) == selected).all()  # deterministic


@settings(max_examples=50, deadline=None)
@given(
    areas=st.lists(st.floats(min_value=0.0, max_value=50.0), min_size=0, max_size=30),
    seed=st.integers(min_value=0, max_value=2**32 - 1),
)
def test_drawn_sample_is_a_reproducible_subset(areas, seed):
    events = pd.DataFrame(
        {
            "event_id": [f"E{i:03d}" for i in range(len(areas))],
            "zone": ["project_area"] * len(areas),
            "stratum_id": ["S"] * len(areas),
            "detected_on": pd.to_datetime(["2021-06-01"] * len(areas)),
            "area_ha": areas,
        }
    )
    a = draw_evidence_sample(events, {"S": 100.0}, 0.01, 5e4, START, END, seed).to_dict()
    b = draw_evidence_sample(events, {"S": 100.0}, 0.01, 5e4, START, END, seed).to_dict()
    assert a == b
    positive = {f"E{i:03d}" for i, x in enumerate(areas) if x > 0}
    assert set(a["selected"]) <= positive and len(set(a["selected"])) == a["size"]
    if positive:
        assert a["size"] <= math.ceil(a["population_tco2e"] / a["interval_tco2e"])


@settings(max_examples=50, deadline=None)
@given(
    sizes=st.lists(st.integers(min_value=1, max_value=80), min_size=1, max_size=5),
    seed=st.integers(min_value=0, max_value=2**32 - 1),
)
def test_recheck_selection_follows_the_rule_per_group(sizes, seed):
    plots = pd.DataFrame(
        [
            {"plot_id": f"G{g}-P{i:03d}", "stratum_id": f"G{g}"}
            for g, n in enumerate(sizes)
            for i in range(n)
        ]
    )
    chosen = plots_to_remeasure(plots, seed)
    assert chosen == plots_to_remeasure(plots, seed)
    picked = pd.Series(chosen["selected"]).str.split("-").str[0].value_counts()
    for g, n in enumerate(sizes):
        assert picked.get(f"G{g}", 0) == min(n, max(5, math.ceil(0.10 * n)))
    assert len(set(chosen["selected"])) == len(chosen["selected"])
