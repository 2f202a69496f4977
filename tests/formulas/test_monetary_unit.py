"""redd_audit.formulas.monetary_unit: the MUS formulas (scalar ones evaluated here)."""

from __future__ import annotations

import pytest

from redd_audit.formulas import monetary_unit as fm
from tests.formula_eval import evaluate_with_names


def test_formula_text() -> None:
    assert fm.event_value_tco2e("D5", "E5") == "=D5*CO2_per_C*E5"
    assert fm.tolerable_misstatement_tco2e("M", "N") == "=M*N"
    assert fm.sampling_interval_tco2e("T", "R") == "=T/R"
    assert fm.tainting_fraction("F5", "G5") == "=IF(ISNUMBER(G5),(G5-F5)/F5,0)"
    assert fm.maximum_sample_size("P", "J") == "=IF(J>0,ROUNDUP(P/J,0),0)"
    assert fm.projected_misstatement_tco2e("V", "T", "J") == (
        "=SUMPRODUCT((V<J)*T)*J+SUMPRODUCT((V>=J)*V*T)"
    )
    assert fm.sample_supports_vcus("U", "T", "O", "N") == (
        '=IF(U-T>MUS_Comparison_Tolerance_tCO2e,FALSE,IF(AND(N>0,O>=N),TRUE,""))'
    )


def test_upper_limit_formulas_differ_only_in_the_sign_of_the_taintings() -> None:
    over = fm.upper_limit_vcu_overstatement_tco2e("V", "T", "J", "R")
    under = fm.upper_limit_vcu_understatement_tco2e("V", "T", "J", "R")
    assert over.startswith("=R*J+J*SUMPRODUCT(") and "GAMMAINV(MUS_Confidence" in over
    assert under == over.replace("(T>0)*T", "((-T)>0)*(-T)").replace(
        "V*T>0)*V*T", "V*(-T)>0)*V*(-T)"
    )


def test_scalar_formulas_evaluate() -> None:
    # tainting (12 − 10)/10 = 0.2; not observed yet → 0; 1,000,000 / 45,000 → 23 events
    tainting = fm.tainting_fraction("R", "O")
    assert evaluate_with_names(tainting, {"R": 10.0, "O": 12.0}) == pytest.approx(0.2)
    assert evaluate_with_names(tainting, {"R": 10.0, "O": ""}) == 0
    size = fm.maximum_sample_size("P", "J")
    assert evaluate_with_names(size, {"P": 1_000_000.0, "J": 45_000.0}) == 23
    assert evaluate_with_names(size, {"P": 1_000_000.0, "J": 0.0}) == 0


def test_supports_vcus_three_states() -> None:
    formula = fm.sample_supports_vcus("U", "T", "O", "N")
    assert evaluate_with_names(formula, {"U": 200.0, "T": 100.0, "O": 5, "N": 5}) is False
    assert evaluate_with_names(formula, {"U": 50.0, "T": 100.0, "O": 5, "N": 5}) is True
    assert evaluate_with_names(formula, {"U": 50.0, "T": 100.0, "O": 3, "N": 5}) == ""
