"""Per-class map accuracy (contract.md 5.6) against the worked example of Olofsson et al. (2014).

Source: Olofsson, P., Foody, G. M., Herold, M., Stehman, S. V., Woodcock, C. E., Wulder, M. A.
(2014) Good practices for estimating area and assessing accuracy of land change. Remote Sensing
of Environment 148, 42-57, section 5 (Tables 8-9 and text): map of 10,000,000 pixels of 30 m
(900,000 ha); sample counts below. Published estimates (95 % CI half-widths):

=================  ============  ============  ====================
class              user's        producer's    area (ha)
=================  ============  ============  ====================
deforestation      0.88 ± 0.07   0.75 ± 0.21   21,158 ± 6,158
forest gain        0.73 ± 0.10   0.85          11,686 ± 3,756
stable forest      0.93 ± 0.04   0.93 ± 0.03   285,770 ± 15,510
stable non-forest  0.96 ± 0.02   0.96          581,386 ± 16,282
=================  ============  ============  ====================

overall accuracy 0.95 ± 0.02 (0.947). The paper rounds to two decimals (accuracies) and to the
hectare (areas from 1.96·SE): tolerances follow that rounding.
"""

from __future__ import annotations

import pandas as pd
import pytest

from redd_audit.methodology.accuracy import (
    accuracy_summary,
    assess_map_accuracy,
    change_class_bias_finding,
    change_class_of,
    proportion_outside_ci,
)

COUNTS = {  # map class -> reference class -> n (Olofsson et al. 2014, Table 8)
    "deforestation": {"deforestation": 66, "forest_gain": 0, "forest": 5, "non_forest": 4},
    "forest_gain": {"deforestation": 0, "forest_gain": 55, "forest": 8, "non_forest": 12},
    "forest": {"deforestation": 1, "forest_gain": 0, "forest": 153, "non_forest": 11},
    "non_forest": {"deforestation": 2, "forest_gain": 1, "forest": 9, "non_forest": 313},
}
PIXELS = {
    "deforestation": 200_000,
    "forest_gain": 150_000,
    "forest": 3_200_000,
    "non_forest": 6_450_000,
}
TOTAL_HA = 900_000
PUBLISHED = {  # class: (users, users ci, producers, producers ci | None, area ha, area ci ha)
    "deforestation": (0.88, 0.07, 0.75, 0.21, 21_158, 6_158),
    "forest_gain": (0.73, 0.10, 0.85, None, 11_686, 3_756),
    "forest": (0.93, 0.04, 0.93, 0.03, 285_770, 15_510),
    "non_forest": (0.96, 0.02, 0.96, None, 581_386, 16_282),
}


def olofsson_samples() -> pd.DataFrame:
    total = sum(PIXELS.values())
    rows = []
    for m, refs in COUNTS.items():
        for r, n in refs.items():
            rows += [
                {"map_class": m, "reference_class": r, "stratum_weight": PIXELS[m] / total}
            ] * n
    return pd.DataFrame(rows)


def test_olofsson_2014_per_class_figures():
    summary = accuracy_summary(assess_map_accuracy(olofsson_samples()), "deforestation")
    assert summary["overall"] == pytest.approx(0.947, abs=5e-4)
    assert summary["overall_ci95"] == pytest.approx(0.02, abs=5e-3)
    by_class = {c["class"]: c for c in summary["classes"]}
    assert set(by_class) == set(PUBLISHED)
    for cls, (ua, ua_ci, pa, pa_ci, area, area_ci) in PUBLISHED.items():
        c = by_class[cls]
        assert set(c) >= {
            "class",
            "users",
            "producers",
            "mapped_proportion",
            "adjusted_proportion",
            "adjusted_ci95",
        }
        assert c["users"] == pytest.approx(ua, abs=5e-3), cls
        assert c["users_ci95"] == pytest.approx(ua_ci, abs=5e-3), cls
        assert c["producers"] == pytest.approx(pa, abs=5e-3), cls
        if pa_ci is not None:
            assert c["producers_ci95"] == pytest.approx(pa_ci, abs=5e-3), cls
        assert c["mapped_proportion"] == pytest.approx(PIXELS[cls] / 10_000_000)
        # areas to the published hectare (z_95 = 1.96 as in the paper)
        assert c["adjusted_proportion"] * TOTAL_HA == pytest.approx(area, abs=2.0), cls
        assert c["adjusted_ci95"] * TOTAL_HA == pytest.approx(area_ci, rel=2e-3), cls


def test_olofsson_example_map_is_not_biased():
    """Mapped 0.0200 vs adjusted 21,158 / 900,000 = 0.0235 ± 6,158 / 900,000 = 0.0068: the mapped
    share lies inside [0.0167, 0.0303], so the example map is NOT biased for deforestation;
    forest gain (0.0150 vs 0.0130 ± 0.0042) neither."""
    samples = olofsson_samples()
    summary = accuracy_summary(assess_map_accuracy(samples), "deforestation")
    assert summary["change_class_biased"] is False
    assert change_class_bias_finding(samples, "accuracy_samples.csv") is None


def test_bias_finding_names_both_figures():
    """50 samples mapped deforestation (W = 0.01), all confirmed; 100 mapped forest (W = 0.99),
    10 of them deforestation on the reference. Adjusted deforestation share
    p = 0.01 + 0.99 × 0.1 = 0.109, SE = 0.99 √(0.1 × 0.9 / 99) = 0.02985, CI95 = 0.0585:
    the mapped 0.01 lies below 0.109 − 0.0585, so one warning names both figures."""
    rows = [("deforestation", "deforestation", 0.01)] * 50
    rows += [("forest", "deforestation", 0.99)] * 10 + [("forest", "forest", 0.99)] * 90
    samples = pd.DataFrame(rows, columns=["map_class", "reference_class", "stratum_weight"])
    summary = accuracy_summary(assess_map_accuracy(samples))
    c = next(x for x in summary["classes"] if x["class"] == "deforestation")
    assert c["adjusted_proportion"] == pytest.approx(0.109)
    assert c["adjusted_ci95"] == pytest.approx(1.96 * 0.99 * (0.09 / 99) ** 0.5, rel=1e-6)
    assert summary["change_class_biased"] is True
    finding = change_class_bias_finding(samples, "accuracy_samples.csv", "deforestation")
    assert finding is not None and finding.severity == "warning"
    assert finding.file == "accuracy_samples.csv" and finding.column == "map_class"
    assert finding.record == "class=deforestation"
    assert "1.00%" in finding.message and "10.90% ± 5.85%" in finding.message


def test_bias_rule_and_change_class_setting():
    assert proportion_outside_ci(0.01, 0.036, 0.019)
    assert not proportion_outside_ci(0.02, 0.0235, 0.0068)
    assert proportion_outside_ci(0.05, 0.0235, 0.0068)

    from redd_audit.project import Project
    from tests.workbook.case import project_dict

    default = Project.model_validate(project_dict())
    loss = Project.model_validate({**project_dict(), "map_accuracy": {"change_class": "loss"}})
    assert change_class_of(loss) == "loss"
    assert change_class_of(default) == "deforestation"


def test_bundled_sample_reproduces_the_issue_figures():
    """Issue 12: overall 94.7 % while deforestation has producer's accuracy 23.7 % and an
    area-adjusted share of 3.6 % ± 1.9 % against 1 % mapped (data/raw/vcs-868)."""
    from pathlib import Path

    samples = pd.read_csv(Path(__file__).parents[1] / "data/raw/vcs-868/accuracy_samples.csv")
    summary = accuracy_summary(assess_map_accuracy(samples))
    c = next(x for x in summary["classes"] if x["class"] == "deforestation")
    assert summary["overall"] == pytest.approx(0.947, abs=5e-4)
    assert c["producers"] == pytest.approx(0.237, abs=5e-4)
    assert c["adjusted_proportion"] == pytest.approx(0.036, abs=5e-4)
    assert c["adjusted_ci95"] == pytest.approx(0.019, abs=5e-4)
    assert c["mapped_proportion"] == pytest.approx(0.01)
    assert summary["change_class_biased"] is True
