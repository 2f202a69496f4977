"""Formula builders of :mod:`redd_audit.methodology.net_reductions` (REDD-MF NER and VCUs)."""

from __future__ import annotations

from redd_audit.formulas.expression import by_setting, operand

#: The workbook's defined name of ``ROUNDING_GUARD_DECIMALS``.
GUARD_NAME = "VCU_Rounding_Guard_Decimals"


def whole_units_down(quantity: str, guard_decimals: str = GUARD_NAME) -> str:
    """``=ROUNDDOWN(ROUND(q,guard),0)``."""
    return f"=ROUNDDOWN(ROUND({quantity},{guard_decimals}),0)"


def whole_units_up(quantity: str, guard_decimals: str = GUARD_NAME) -> str:
    """``=ROUNDUP(ROUND(q,guard),0)``."""
    return f"=ROUNDUP(ROUND({quantity},{guard_decimals}),0)"


def net_emission_reductions_tco2e(
    baseline_tco2e: str, project_tco2e: str, leakage_tco2e: str
) -> str:
    """``=ΔC_BSL−ΔC_P−ΔC_LK``."""
    return f"={operand(baseline_tco2e)}-{operand(project_tco2e)}-{operand(leakage_tco2e)}"


def is_reversal(ner_tco2e: str) -> str:
    """``=NER<0``."""
    return f"={operand(ner_tco2e)}<0"


def deducts_reversals(reversal_deduction: str) -> str:
    """``=IF(reversal_deduction="apply_factor",TRUE,IF(reversal_deduction="none",FALSE,#N/A))``."""
    return "=" + by_setting(reversal_deduction, [("apply_factor", "TRUE"), ("none", "FALSE")])


def adjusted_net_emission_reductions_tco2e(
    ner_tco2e: str, deduction_factor: str, deduct_reversals: str = "FALSE"
) -> str:
    """``=IF(AND(NER<0,NOT(deduct_reversals)),NER,NER*factor)``.

    ``deduct_reversals`` is a logical cell or expression, e.g.
    ``nested(deducts_reversals("Reversal_Deduction"))``.
    """
    n = operand(ner_tco2e)
    return f"=IF(AND({n}<0,NOT({operand(deduct_reversals)})),{n},{n}*{operand(deduction_factor)})"


def verified_carbon_units(
    adjusted_ner_tco2e: str,
    buffer_tco2e: str,
    ner_tco2e: str,
    *,
    guard_decimals: str = GUARD_NAME,
) -> str:
    """``=IF(NER>0,MAX(0,ROUNDDOWN(ROUND(Adjusted_NER−Buffer,guard),0)),0)``."""
    issuable = f"{operand(adjusted_ner_tco2e)}-{operand(buffer_tco2e)}"
    units = whole_units_down(issuable, guard_decimals)[1:]
    return f"=IF({operand(ner_tco2e)}>0,MAX(0,{units}),0)"
