"""redd_audit.formulas.reconciliation: difference fraction and materiality."""

from __future__ import annotations

import pytest

from redd_audit.formulas.reconciliation import difference_fraction, is_material
from redd_audit.methodology import reconciliation as mr
from tests.formula_eval import evaluate


def test_formula_text() -> None:
    assert difference_fraction("C5", "D5") == '=IF(D5=0,IF(C5=0,0,""),(C5-D5)/ABS(D5))'
    assert is_material("F5", "Materiality") == "=IF(ISNUMBER(F5),ABS(F5)>Materiality,TRUE)"


@pytest.mark.parametrize(
    ("claimed", "recomputed"), [(1020.0, 1000.0), (0.0, 0.0), (5.0, 0.0), (-3.0, -4.0)]
)
def test_evaluates_like_python(claimed: float, recomputed: float) -> None:
    fraction = evaluate(difference_fraction("C", "R"), {"C": claimed, "R": recomputed})
    expected = mr.difference_fraction(claimed, recomputed)
    assert fraction == ("" if expected is None else pytest.approx(expected))
    material = evaluate(is_material("F", "M"), {"F": fraction, "M": 0.01})
    assert material == mr.is_material(expected, 0.01)
