"""Uncertainty and its deduction, X-UNC (VMD0017; domain.md §1.8).

Uncertainties are half-widths of 95 % confidence intervals as fractions of the mean. Two rules
live here: a given U_BSL / U_WPS (``accounting.uncertainty.*_fraction``) replaces the propagated
one, and ``accounting.rules.uncertainty_project_weights`` says whether a stratum's fire non-CO2
emissions weigh in the with-project propagation.
"""

from __future__ import annotations

import math

import numpy as np


def propagated_uncertainty_fraction(
    uncertainty_fractions: np.ndarray, emissions_tco2e: np.ndarray
) -> float:
    """Emission-weighted combination of stratum uncertainties, U_BSL or U_WPS [-].

    Notes
    -----
    ``U = √(Σ_s (U_s · E_s)²) / Σ_s E_s`` (VMD0017). Returns 0 when the emissions sum to
    zero or less (nothing to propagate).
    """
    u = np.asarray(uncertainty_fractions, dtype=float)
    e = np.asarray(emissions_tco2e, dtype=float)
    total = float(e.sum())
    if total <= 0.0:
        return 0.0
    return math.sqrt(float(np.sum((u * e) ** 2))) / total


#: The values of ``accounting.rules.uncertainty_project_weights``.
UNCERTAINTY_PROJECT_WEIGHTS_RULES = ("total_emissions", "stock_emissions")


def uncertainty_project_weight_tco2e(
    project_stock_tco2e: float, project_fire_tco2e: float, uncertainty_project_weights: str
) -> float:
    """E_WPS,s: the weight of a stratum in the with-project propagation [tCO2e].

    Notes
    -----
    ``ΔC_P,stock,s + E_BB,s`` under ``total_emissions``, ``ΔC_P,stock,s`` under
    ``stock_emissions`` (docs/conventions.md, "Uncertainty weights").
    """
    if uncertainty_project_weights == "total_emissions":
        return project_stock_tco2e + project_fire_tco2e
    if uncertainty_project_weights == "stock_emissions":
        return project_stock_tco2e
    raise ValueError(
        f"uncertainty_project_weights must be one of {UNCERTAINTY_PROJECT_WEIGHTS_RULES}: "
        f"{uncertainty_project_weights!r}"
    )


def uncertainty_fraction_used(given_fraction: float | None, propagated_fraction: float) -> float:
    """U_BSL or U_WPS as used: the given fraction when the project sets one, else propagated [-]."""
    return propagated_fraction if given_fraction is None else given_fraction


def ner_error_fraction(
    baseline_tco2e: float,
    baseline_uncertainty_fraction: float,
    project_tco2e: float,
    project_uncertainty_fraction: float,
) -> float:
    """NER_ERROR, the uncertainty of the net reduction [-].

    Notes
    -----
    ``√((U_BSL · ΔC_BSL)² + (U_WPS · ΔC_P)²) / (ΔC_BSL − ΔC_P)`` (VMD0017). Leakage is not
    part of the propagation. When ΔC_BSL − ΔC_P ≤ 0 there is no reduction to qualify and the
    function returns 0 (no deduction; the vintages are reversals and issue nothing).
    """
    denominator = baseline_tco2e - project_tco2e
    if denominator <= 0.0:
        return 0.0
    return (
        math.hypot(
            baseline_uncertainty_fraction * baseline_tco2e,
            project_uncertainty_fraction * project_tco2e,
        )
        / denominator
    )


def uncertainty_deduction_factor(ner_error_fraction: float, allowable_fraction: float) -> float:
    """Share of the NER kept after the uncertainty deduction [-].

    Notes
    -----
    1 when ``NER_ERROR ≤ allowable``; otherwise ``1 − NER_ERROR + allowable`` (VMD0017,
    the 15 % free band), never below 0.
    """
    if ner_error_fraction <= allowable_fraction:
        return 1.0
    return max(0.0, 1.0 - ner_error_fraction + allowable_fraction)
