"""Formula builders of :mod:`redd_audit.methodology.uncertainty` (X-UNC, VMD0017)."""

from __future__ import annotations

from redd_audit.formulas.expression import by_setting, operand


def propagated_uncertainty_fraction(uncertainty_fractions: str, emissions_tco2e: str) -> str:
    """``=IF(SUM(E)>0,SQRT(SUMPRODUCT(U,E,U,E))/SUM(E),0)`` over two ranges of equal shape."""
    u, e = uncertainty_fractions, emissions_tco2e
    return f"=IF(SUM({e})>0,SQRT(SUMPRODUCT({u},{e},{u},{e}))/SUM({e}),0)"


def uncertainty_project_weight_tco2e(
    project_stock_tco2e: str, project_fire_tco2e: str, uncertainty_project_weights: str
) -> str:
    """``=stock+IF(weights="total_emissions",fire,IF(weights="stock_emissions",0,#N/A))``."""
    fire = by_setting(
        uncertainty_project_weights,
        [("total_emissions", operand(project_fire_tco2e)), ("stock_emissions", "0")],
    )
    return f"={operand(project_stock_tco2e)}+{fire}"


def uncertainty_fraction_used(given_fraction: str, propagated_fraction: str) -> str:
    """``=IF(ISNUMBER(given),given,propagated)`` (an empty given cell means "not given")."""
    g = operand(given_fraction)
    return f"=IF(ISNUMBER({g}),{g},{operand(propagated_fraction)})"


def ner_error_fraction(
    baseline_tco2e: str,
    baseline_uncertainty_fraction: str,
    project_tco2e: str,
    project_uncertainty_fraction: str,
) -> str:
    """``=IF(B−P>0,SQRT(SUMSQ(U_BSL*B,U_WPS*P))/(B−P),0)``."""
    b, p = operand(baseline_tco2e), operand(project_tco2e)
    ub, up = operand(baseline_uncertainty_fraction), operand(project_uncertainty_fraction)
    return f"=IF({b}-{p}>0,SQRT(SUMSQ({ub}*{b},{up}*{p}))/({b}-{p}),0)"


def uncertainty_deduction_factor(ner_error_fraction: str, allowable_fraction: str) -> str:
    """``=IF(NER_ERROR<=allowable,1,MAX(0,1−NER_ERROR+allowable))``."""
    e, a = operand(ner_error_fraction), operand(allowable_fraction)
    return f"=IF({e}<={a},1,MAX(0,1-{e}+{a}))"
