"""Formula builders of :mod:`redd_audit.methodology.buffer` (NPRT buffer)."""

from __future__ import annotations

from redd_audit.formulas.expression import by_setting, operand


def buffer_base_tco2e(
    baseline_tco2e: str,
    project_stock_tco2e: str,
    deduction_factor: str,
    buffer_base: str,
    net_reduction_tco2e: str,
    adjusted_net_reduction_tco2e: str,
) -> str:
    """``=IF(rule="stock_change",ΔC_BSL−ΔC_P,stock,IF(rule="after_leakage",NER,
    IF(rule="net",Adjusted_NER,IF(rule="adjusted_stock_change",(ΔC_BSL−ΔC_P,stock)*factor,
    #N/A))))`` (another value of the rule: ``#N/A``, never a base by default)."""
    stock = f"{operand(baseline_tco2e)}-{operand(project_stock_tco2e)}"
    return "=" + by_setting(
        buffer_base,
        [
            ("stock_change", stock),
            ("after_leakage", operand(net_reduction_tco2e)),
            ("net", operand(adjusted_net_reduction_tco2e)),
            ("adjusted_stock_change", f"({stock})*{operand(deduction_factor)}"),
        ],
    )


def buffer_withholding_tco2e(
    risk_rating_fraction: str, buffer_base_tco2e: str, net_reduction_tco2e: str
) -> str:
    """``=IF(NER>0,MAX(0,NPR*base),0)``."""
    return (
        f"=IF({operand(net_reduction_tco2e)}>0,"
        f"MAX(0,{operand(risk_rating_fraction)}*{operand(buffer_base_tco2e)}),0)"
    )
