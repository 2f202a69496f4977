"""redd_audit.methodology.accuracy: edge cases of the Olofsson et al. 2014 assessment (the
worked example is in tests/test_accuracy_classes.py and tests/methodology/
test_accuracy_equations.py)."""

from __future__ import annotations

import pandas as pd
import pytest

from redd_audit.methodology.accuracy import (
    accuracy_summary,
    area_proportion_variance_term,
    assess_map_accuracy,
    cell_proportion_fraction,
    change_class_bias_finding,
    change_class_figures,
    change_class_of,
    mapped_proportion_fraction,
    producers_accuracy_fraction,
    proportion_outside_ci,
    users_accuracy_fraction,
)
from tests.mirror_support import project


def _samples(pairs: list[tuple[str, str]], weights: dict[str, float]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "map_class": [m for m, _ in pairs],
            "reference_class": [r for _, r in pairs],
            "stratum_weight": [weights[m] for m, _ in pairs],
        }
    )


def test_undefined_figures_without_samples() -> None:
    assert users_accuracy_fraction(0, 0) is None
    assert producers_accuracy_fraction(0.0, 0.0) is None
    assert cell_proportion_fraction(0.3, 0, 0) == 0.0
    assert area_proportion_variance_term(0.3, 1, 1) == 0.0


def test_ci_bounds_are_inside() -> None:
    assert not proportion_outside_ci(0.15, 0.1, 0.05)
    assert not proportion_outside_ci(0.05, 0.1, 0.05)
    assert proportion_outside_ci(0.16, 0.1, 0.05)


def test_perfect_map_is_not_biased() -> None:
    # every sample agrees: p_·j = W_j, OA = 1, variance 0 → CI 0, mapped == adjusted
    weights = {"forest": 0.9, "deforestation": 0.1}
    samples = _samples(
        [("forest", "forest")] * 3 + [("deforestation", "deforestation")] * 3, weights
    )
    assessment = assess_map_accuracy(samples)
    assert mapped_proportion_fraction(assessment, "deforestation") == pytest.approx(0.1)
    mapped, adjusted, ci = change_class_figures(assessment, "deforestation")
    assert (mapped, adjusted, ci) == pytest.approx((0.1, 0.1, 0.0))
    summary = accuracy_summary(assessment)
    assert summary["overall"] == pytest.approx(1.0)
    assert summary["change_class_biased"] is False
    assert change_class_bias_finding(samples, "accuracy_samples.csv") is None


def test_change_class_without_samples_is_not_judged() -> None:
    samples = _samples([("forest", "forest")] * 3, {"forest": 1.0})
    assessment = assess_map_accuracy(samples)
    assert change_class_figures(assessment, "deforestation") is None
    assert accuracy_summary(assessment)["change_class_biased"] is None
    assert change_class_bias_finding(samples.iloc[0:0], "accuracy_samples.csv") is None


def test_understated_change_class_is_a_warning_naming_both_figures() -> None:
    # forest map class (W 0.9): 10 samples, 5 are deforestation in the reference →
    # p_·defo = 0.9·0.5 + 0.1·1 = 0.55 while mapped 0.1
    weights = {"forest": 0.9, "deforestation": 0.1}
    pairs = [("forest", "forest")] * 5 + [("forest", "deforestation")] * 5
    pairs += [("deforestation", "deforestation")] * 5
    finding = change_class_bias_finding(_samples(pairs, weights), "accuracy_samples.csv")
    assert finding is not None and finding.severity == "warning"
    assert finding.record == "class=deforestation"
    assert "the map likely understates 'deforestation'" in finding.message
    assert "10.00%" in finding.message and "55.00%" in finding.message


def test_change_class_default() -> None:
    assert change_class_of(project()) == "deforestation"
