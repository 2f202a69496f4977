"""Net GHG emission reductions and VCUs (VM0007 REDD-MF; domain.md §1.7, §1.9)."""

from __future__ import annotations

import math

#: Decimal places kept before truncating VCUs, so that a value such as 1234.9999999999 that is
#: 1235 up to floating-point noise issues 1235 (the workbook uses the same ROUND then ROUNDDOWN).
VCU_ROUNDING_GUARD_DECIMALS = 6


def net_emission_reductions_tco2e(
    baseline_tco2e: float, project_tco2e: float, leakage_tco2e: float
) -> float:
    """NER = ΔC_BSL − ΔC_P − ΔC_LK [tCO2e] (VM0007 REDD-MF, NER equation)."""
    return baseline_tco2e - project_tco2e - leakage_tco2e


def adjusted_net_emission_reductions_tco2e(
    ner_tco2e: float, deduction_factor: float, deduct_reversals: bool = False
) -> float:
    """Adjusted_NER = NER · deduction factor [tCO2e] (VMD0017 X-UNC).

    A reversal (NER < 0) is left unadjusted unless ``deduct_reversals``: shrinking a negative
    figure would understate the reversal (rule ``reversal_deduction``).
    """
    if ner_tco2e < 0.0 and not deduct_reversals:
        return ner_tco2e
    return ner_tco2e * deduction_factor


def verified_carbon_units(adjusted_ner_tco2e: float, buffer_tco2e: float, ner_tco2e: float) -> int:
    """VCUs of a vintage: ``floor(Adjusted_NER − Buffer)``, whole units, never negative.

    A reversal (NER ≤ 0) issues none. Truncation follows Verra's whole-unit issuance; the
    residue stays unissued (domain.md §1.9).
    """
    if ner_tco2e <= 0.0:
        return 0
    issuable = round(adjusted_ner_tco2e - buffer_tco2e, VCU_ROUNDING_GUARD_DECIMALS)
    return max(0, math.floor(issuable))
