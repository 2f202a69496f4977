"""redd_audit.formulas.annualize: the even spread of an event's area."""

from __future__ import annotations

import pytest

from redd_audit.formulas.annualize import annualized_area_ha
from redd_audit.methodology.annualize import annualized_area_ha as python_annualized
from tests.formula_eval import evaluate


def test_formula_text() -> None:
    assert annualized_area_ha("D5", "F$3", "F$3:H$3") == "=D5*F$3/SUM(F$3:H$3)"


def test_evaluates_like_python() -> None:
    # 30 ha over f = 1, 1, 184/365 → 30 · 1 / 2.5041 = 11.9803
    fractions = [1.0, 1.0, 184 / 365]
    value = evaluate(annualized_area_ha("A", "F", "R"), {"A": 30.0, "F": 1.0, "R": fractions})
    assert value == pytest.approx(11.980306, abs=1e-6)
    import numpy as np

    assert value == pytest.approx(python_annualized(30.0, 1.0, np.array(fractions)))
