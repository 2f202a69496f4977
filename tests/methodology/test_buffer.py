"""The buffer base of every rule of contract 7.4 (redd_audit/methodology/buffer.py).

Hand numbers: ΔC_BSL 100,000, ΔC_P,stock 10,000, fire 0, leakage 5,000, factor 0.9 →
stock_change 90,000; after_leakage (NER) 85,000; net (Adjusted_NER) 76,500;
adjusted_stock_change 81,000. With a risk rating of 0.1 the buffers are a tenth of these.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from redd_audit.methodology.buffer import (
    BUFFER_BASE_RULES,
    buffer_base_tco2e,
    buffer_withholding_tco2e,
)
from redd_audit.project_settings import RuleSet

BASES = {
    "stock_change": 90_000.0,
    "after_leakage": 85_000.0,
    "net": 76_500.0,
    "adjusted_stock_change": 81_000.0,
}


@pytest.mark.parametrize(("rule", "base"), BASES.items())
def test_each_rule_takes_its_base(rule: str, base: float) -> None:
    got = buffer_base_tco2e(100_000.0, 10_000.0, 0.9, rule, 85_000.0, 76_500.0)
    assert got == pytest.approx(base, rel=1e-15)
    assert buffer_withholding_tco2e(0.1, got, 85_000.0) == pytest.approx(base / 10, rel=1e-15)


def test_before_leakage_is_stock_change() -> None:
    assert buffer_base_tco2e(100_000.0, 10_000.0, 0.9, "before_leakage", 1.0, 1.0) == 90_000.0
    assert RuleSet(buffer_base="before_leakage").buffer_base == "stock_change"
    assert RuleSet().buffer_base == "stock_change"
    assert set(BUFFER_BASE_RULES) == set(BASES)


def test_an_unknown_rule_is_refused() -> None:
    with pytest.raises(ValueError, match="buffer_base"):
        buffer_base_tco2e(1.0, 0.0, 1.0, "gross", 1.0, 1.0)
    with pytest.raises(ValueError, match="buffer_base"):
        RuleSet(buffer_base="gross")  # type: ignore[arg-type]


def test_a_reversal_withholds_nothing_under_every_rule() -> None:
    for rule in BASES:
        base = buffer_base_tco2e(100.0, 300.0, 0.9, rule, -250.0, -250.0)
        assert buffer_withholding_tco2e(0.1, base, -250.0) == 0.0


@given(
    st.floats(0, 1e7),
    st.floats(0, 1e7),
    st.floats(0, 1e6),
    st.floats(0, 1),
    st.floats(0, 1),
)
def test_leakage_and_the_deduction_only_shrink_the_base(baseline, stock, leakage, factor, risk):
    """Without fire: net ≤ after_leakage ≤ stock_change when the NER is positive."""
    ner = baseline - stock - leakage
    adjusted = ner * factor
    bases = {
        rule: buffer_base_tco2e(baseline, stock, factor, rule, ner, adjusted) for rule in BASES
    }
    if ner > 0:
        assert bases["net"] <= bases["after_leakage"] <= bases["stock_change"]
        buffers = [buffer_withholding_tco2e(risk, b, ner) for b in bases.values()]
        assert all(0.0 <= b <= risk * bases["stock_change"] for b in buffers)
