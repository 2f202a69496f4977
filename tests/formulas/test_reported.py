"""redd_audit.formulas.reported: claims in whole tonnes as reports present them (8.8)."""

from __future__ import annotations

import pytest

from redd_audit.formulas.reported import reported_buffer_tco2e, reported_vcus, reported_whole_tonnes
from redd_audit.methodology import reported as mr
from tests.formula_eval import evaluate


def test_formula_text() -> None:
    assert reported_whole_tonnes("C5") == "=ROUND(C5,0)"
    assert reported_buffer_tco2e("Risk", "G5") == "=IF(G5<=0,0,ROUND(Risk*G5,0))"
    assert reported_vcus("F5", "H5", "I5") == "=F5-H5-I5"


@pytest.mark.parametrize("x", [1_000_000.4, 9_999.6, 50_000.5, -2.5])
def test_whole_tonnes_evaluate_like_python_half_away_from_zero(x: float) -> None:
    assert evaluate(reported_whole_tonnes("X"), {"X": x}) == mr.reported_whole_tonnes(x)


def test_buffer_evaluates_like_python() -> None:
    # ROUND(0.12 · 939,999 = 112,799.88) = 112,800
    value = evaluate(reported_buffer_tco2e("R", "B"), {"R": 0.12, "B": 939_999.0})
    assert value == mr.reported_buffer_tco2e(0.12, 939_999.0) == 112_800
