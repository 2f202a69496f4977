"""redd_audit.methodology.reconciliation: claims against the recomputation (materiality)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from redd_audit.methodology.reconciliation import (
    RECONCILED_QUANTITIES,
    is_material,
    reconcile_claims,
)
from tests.mirror_support import vintage_figures


def _claims(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    for q in RECONCILED_QUANTITIES:
        if q not in frame:
            frame[q] = math.nan
    return frame


def test_nan_fraction_is_material_and_threshold_is_strict() -> None:
    assert is_material(math.nan, 0.05)
    assert not is_material(0.05, 0.05)
    assert is_material(-0.0500001, 0.05)


def test_no_claims_gives_no_lines() -> None:
    assert reconcile_claims(None, [vintage_figures()], 0.05) == []
    assert reconcile_claims(_claims([]), [vintage_figures()], 0.05) == []


def test_one_line_per_claimed_quantity_of_a_vintage_in_the_period() -> None:
    assert "baseline_tco2e" in RECONCILED_QUANTITIES
    claims = _claims(
        [
            {"vintage": 2022, "baseline_tco2e": 1100.0},  # outside the period: skipped
            {"vintage": 2021, "baseline_tco2e": 1020.0},
        ]
    )
    lines = reconcile_claims(claims, [vintage_figures(2021)], 0.01)
    assert len(lines) == 1
    line = lines[0]
    # (1,020 − 1,000) / 1,000 = 0.02 > 0.01: material
    assert (line.vintage, line.quantity) == (2021, "baseline_tco2e")
    assert line.difference == pytest.approx(20.0)
    assert line.difference_fraction == pytest.approx(0.02)
    assert line.material
    assert line.to_dict()["claimed"] == 1020.0


def test_lines_are_sorted_by_vintage() -> None:
    claims = _claims(
        [{"vintage": 2022, "baseline_tco2e": 1.0}, {"vintage": 2021, "baseline_tco2e": 1.0}]
    )
    lines = reconcile_claims(claims, [vintage_figures(2021), vintage_figures(2022)], 0.05)
    assert [line.vintage for line in lines] == [2021, 2022]
