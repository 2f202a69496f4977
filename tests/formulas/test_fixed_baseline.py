"""redd_audit.formulas.fixed_baseline: the PD's baseline pro-rated to the vintage."""

from __future__ import annotations

import pytest

from redd_audit.formulas.fixed_baseline import fixed_baseline_tco2e
from redd_audit.methodology import fixed_baseline as mf
from tests.formula_eval import evaluate


def test_formula_text() -> None:
    assert fixed_baseline_tco2e("C5:C7", "F$3") == "=SUM(C5:C7)*F$3"
    assert fixed_baseline_tco2e("SUMIFS(C:C,A:A,1)", "F3") == "=SUM(SUMIFS(C:C,A:A,1))*F3"


def test_evaluates_like_python() -> None:
    value = evaluate(fixed_baseline_tco2e("R", "F"), {"R": [1_200_000.0], "F": 184 / 365})
    assert value == pytest.approx(mf.fixed_baseline_tco2e([1_200_000.0], 184 / 365))
    assert value == pytest.approx(604_931.51, abs=0.01)
