"""redd_audit.formulas.buffer: the buffer base rule and the withholding."""

from __future__ import annotations

import pytest

from redd_audit.formulas.buffer import buffer_base_tco2e, buffer_withholding_tco2e
from redd_audit.methodology import buffer as mb
from tests.formula_eval import evaluate


def test_withholding_text() -> None:
    assert buffer_withholding_tco2e("Risk", "G7", "F7") == "=IF(F7>0,MAX(0,Risk*G7),0)"


def test_base_text_names_every_rule() -> None:
    formula = buffer_base_tco2e("B", "P", "K", "Rule", "N", "A")
    assert formula == (
        '=IF(Rule="stock_change",B-P,IF(Rule="after_leakage",N,IF(Rule="net",A,'
        'IF(Rule="adjusted_stock_change",(B-P)*K,#N/A))))'
    )


@pytest.mark.parametrize("rule", ["stock_change", "adjusted_stock_change"])
def test_base_evaluates_like_python(rule: str) -> None:
    # (1,000 − 200) · 0.9 = 720 under adjusted_stock_change, 800 under stock_change
    formula = buffer_base_tco2e("B", "P", "K", "Rule", "N", "A")
    values = {"B": 1000.0, "P": 200.0, "K": 0.9, "Rule": rule, "N": 750.0, "A": 675.0}
    expected = mb.buffer_base_tco2e(1000.0, 200.0, 0.9, rule, 750.0, 675.0)
    assert evaluate(formula, values) == pytest.approx(expected)
