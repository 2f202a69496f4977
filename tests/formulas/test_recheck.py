"""redd_audit.formulas.recheck: how many plots and samples the verifier rechecks."""

from __future__ import annotations

import pytest

from redd_audit.formulas.recheck import plots_to_remeasure_count, samples_to_reinterpret_count
from redd_audit.sampling import recheck as sr
from tests.formula_eval import evaluate_with_names


def test_formula_text() -> None:
    assert plots_to_remeasure_count("C5") == (
        "=MIN(C5,MAX(Remeasure_Minimum_Plots,ROUNDUP(Recheck_Fraction*C5,0)))"
    )
    assert samples_to_reinterpret_count("C5", minimum="1", fraction="F") == (
        "=MIN(C5,MAX(1,ROUNDUP(F*C5,0)))"
    )


@pytest.mark.parametrize("n", [0, 1, 3, 5, 12, 100, 1001])
def test_counts_evaluate_like_python(n: int) -> None:
    plots = evaluate_with_names(plots_to_remeasure_count("N"), {"N": n})
    samples = evaluate_with_names(samples_to_reinterpret_count("N"), {"N": n})
    assert plots == sr.plots_to_remeasure_count(n)
    assert samples == sr.samples_to_reinterpret_count(n)
