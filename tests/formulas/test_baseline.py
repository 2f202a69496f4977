"""redd_audit.formulas.baseline: ΔC_BSL,v as a SUM."""

from __future__ import annotations

from redd_audit.formulas.baseline import baseline_emissions_tco2e
from redd_audit.methodology.baseline import baseline_emissions_tco2e as python_baseline
from tests.formula_eval import evaluate


def test_formula_text() -> None:
    assert baseline_emissions_tco2e("'Cohort emissions'!E5:E40") == (
        "=SUM('Cohort emissions'!E5:E40)"
    )


def test_evaluates_like_python() -> None:
    values = [1.5, 2.25, 3.0]
    assert evaluate(baseline_emissions_tco2e("R"), {"R": values}) == python_baseline(values)
