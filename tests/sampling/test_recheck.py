"""redd_audit.sampling.recheck: seeded re-check selections per group (edges beyond
tests/test_sampling.py)."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from redd_audit.sampling.recheck import (
    METHOD,
    accuracy_samples_to_reinterpret,
    plots_to_remeasure,
    plots_to_remeasure_count,
    samples_to_reinterpret_count,
    seeded_group_selection,
)


def test_empty_or_missing_table_selects_nothing() -> None:
    for frame in (None, pd.DataFrame(columns=["plot_id", "stratum_id"])):
        result = plots_to_remeasure(frame, 3)
        assert result["selected"] == [] and result["groups"] == []
        assert result["method"] == METHOD and result["seed"] == 3
        assert result["rule"] == "min(N, max(5, ceil(0.10 N))) per stratum"


def test_zero_units() -> None:
    assert plots_to_remeasure_count(0) == 0 and samples_to_reinterpret_count(0) == 0


def test_duplicated_unit_ids_count_once() -> None:
    samples = pd.DataFrame({"sample_id": ["a", "a", "b"], "map_class": ["x", "x", "x"]})
    result = accuracy_samples_to_reinterpret(samples, 1)
    assert result["groups"] == [{"group": "x", "units": 2, "selected": 1}]


def test_numeric_ids_are_compared_as_text() -> None:
    plots = pd.DataFrame({"plot_id": [10, 9, 100], "stratum_id": [1, 1, 1]})
    result = plots_to_remeasure(plots, 0)
    assert result["selected"] == ["10", "100", "9"]  # all 3 (fewer than 5), in text order


@settings(max_examples=30, deadline=None)
@given(st.integers(min_value=1, max_value=40), st.integers(min_value=0, max_value=2**32))
def test_selection_is_a_reproducible_sorted_subset(n: int, seed: int) -> None:
    frame = pd.DataFrame({"u": [f"U{i:03d}" for i in range(n)], "g": ["G"] * n})
    first = seeded_group_selection(frame, "u", "g", lambda k: min(k, 3), seed)
    assert first == seeded_group_selection(frame.iloc[::-1], "u", "g", lambda k: min(k, 3), seed)
    assert first["selected"] == sorted(set(first["selected"]))
    assert len(first["selected"]) == min(n, 3)
