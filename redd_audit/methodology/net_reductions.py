"""Net GHG emission reductions, reversals and VCUs (VM0007 REDD-MF; domain.md §1.7, §1.9).

The reversal rule (``accounting.rules.reversal_deduction``) and the rounding guard of whole
units live here.
"""

from __future__ import annotations

import math

#: Decimal places kept before rounding to whole units, so that a value such as 1234.9999999999
#: that is 1235 up to floating-point noise counts as 1235. Verra issues whole units (domain.md
#: §1.9, "Rounding"); the guard is this project's convention (docs/conventions.md, VCUs) and the
#: workbook's ``VCU_Rounding_Guard_Decimals``. The one place the number lives.
ROUNDING_GUARD_DECIMALS: int = 6
#: Former name, kept for the modules that import it.
VCU_ROUNDING_GUARD_DECIMALS: int = ROUNDING_GUARD_DECIMALS

#: The values of ``accounting.rules.reversal_deduction``.
REVERSAL_DEDUCTION_RULES = ("none", "apply_factor")


def whole_units_down(quantity: float, guard_decimals: int = ROUNDING_GUARD_DECIMALS) -> int:
    """Whole units after the rounding guard, rounded toward zero [-].

    Notes
    -----
    ``trunc(round(q, guard))``, the spreadsheet's ``ROUNDDOWN(ROUND(q, guard), 0)`` (for q ≥ 0
    the floor of q).
    """
    return math.trunc(round(quantity, guard_decimals))


def whole_units_up(quantity: float, guard_decimals: int = ROUNDING_GUARD_DECIMALS) -> int:
    """Whole units after the rounding guard, rounded away from zero [-].

    Notes
    -----
    The spreadsheet's ``ROUNDUP(ROUND(q, guard), 0)`` (for q ≥ 0 the ceiling of q).
    """
    guarded = round(quantity, guard_decimals)
    units = math.ceil(abs(guarded))
    return units if guarded >= 0 else -units


def net_emission_reductions_tco2e(
    baseline_tco2e: float, project_tco2e: float, leakage_tco2e: float
) -> float:
    """NER = ΔC_BSL − ΔC_P − ΔC_LK [tCO2e] (VM0007 REDD-MF, NER equation)."""
    return baseline_tco2e - project_tco2e - leakage_tco2e


def is_reversal(ner_tco2e: float) -> bool:
    """A vintage whose net reduction is negative is a reversal (VCS Standard v4.5 §3.2.26)."""
    return bool(ner_tco2e < 0.0)


def deducts_reversals(reversal_deduction: str) -> bool:
    """Whether the uncertainty deduction also shrinks a reversal (``apply_factor``) or not."""
    if reversal_deduction not in REVERSAL_DEDUCTION_RULES:
        raise ValueError(
            f"reversal_deduction must be one of {REVERSAL_DEDUCTION_RULES}: {reversal_deduction!r}"
        )
    return reversal_deduction == "apply_factor"


def adjusted_net_emission_reductions_tco2e(
    ner_tco2e: float, deduction_factor: float, deduct_reversals: bool = False
) -> float:
    """Adjusted_NER = NER · deduction factor [tCO2e] (VMD0017 X-UNC).

    A reversal (NER < 0) is left unadjusted unless ``deduct_reversals``: shrinking a negative
    figure would understate the reversal (rule ``reversal_deduction``, see
    :func:`deducts_reversals`).
    """
    if ner_tco2e < 0.0 and not deduct_reversals:
        return ner_tco2e
    return ner_tco2e * deduction_factor


def verified_carbon_units(
    adjusted_ner_tco2e: float,
    buffer_tco2e: float,
    ner_tco2e: float,
    *,
    guard_decimals: int = ROUNDING_GUARD_DECIMALS,
) -> int:
    """VCUs of a vintage: ``floor(Adjusted_NER − Buffer)``, whole units, never negative.

    A reversal (NER ≤ 0) issues none. Truncation follows Verra's whole-unit issuance after the
    rounding guard (:func:`whole_units_down`); the residue stays unissued (domain.md §1.9).
    """
    if ner_tco2e <= 0.0:
        return 0
    return max(0, whole_units_down(adjusted_ner_tco2e - buffer_tco2e, guard_decimals))
