"""Formula builders of :mod:`redd_audit.methodology.leakage` (LK-ASU, VMD0010)."""

from __future__ import annotations

from redd_audit.formulas.expression import operand, text_literal


def leakage_emissions_tco2e(
    leakage_belt_emissions_tco2e: str, leakage_belt_baseline_emissions_tco2e: str
) -> str:
    """``=MAX(0,ΔC_P,LB−ΔC_BSL,LB)``."""
    return (
        f"=MAX(0,{operand(leakage_belt_emissions_tco2e)}"
        f"-{operand(leakage_belt_baseline_emissions_tco2e)})"
    )


def vintage_leakage_tco2e(
    leakage_belt_emissions_tco2e: str,
    leakage_belt_baseline_emissions_tco2e: str,
    days: str,
    period_leakage_belt_emissions_tco2e: str,
    period_leakage_belt_baseline_emissions_tco2e: str,
    period_days: str,
    leakage_netting: str,
) -> str:
    """``=IF(netting="per_vintage",MAX(0,LB−LB_BSL),MAX(0,ΣLB−ΣLB_BSL)*days/Σdays)``.

    The period arguments may be expressions such as ``SUM($E$12:$F$12)``.
    """
    per_vintage = leakage_emissions_tco2e(
        leakage_belt_emissions_tco2e, leakage_belt_baseline_emissions_tco2e
    )[1:]
    per_period = leakage_emissions_tco2e(
        period_leakage_belt_emissions_tco2e, period_leakage_belt_baseline_emissions_tco2e
    )[1:]
    return (
        f"=IF({operand(leakage_netting)}={text_literal('per_vintage')},{per_vintage},"
        f"{per_period}*{operand(days)}/{operand(period_days)})"
    )
