"""Formula builders of :mod:`redd_audit.methodology.leakage` (LK-ASU, VMD0010)."""

from __future__ import annotations

from redd_audit.formulas.expression import by_setting, operand


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
    """``=IF(netting="per_vintage",MAX(0,LB−LB_BSL),IF(netting="per_period",
    MAX(0,ΣLB−ΣLB_BSL)*days/Σdays,#N/A))`` (another value of the setting: ``#N/A``).

    The period arguments may be expressions such as ``SUM($E$12:$F$12)``.
    """
    per_vintage = leakage_emissions_tco2e(
        leakage_belt_emissions_tco2e, leakage_belt_baseline_emissions_tco2e
    )[1:]
    per_period = leakage_emissions_tco2e(
        period_leakage_belt_emissions_tco2e, period_leakage_belt_baseline_emissions_tco2e
    )[1:]
    allocated = f"{per_period}*{operand(days)}/{operand(period_days)}"
    return "=" + by_setting(
        leakage_netting, [("per_vintage", per_vintage), ("per_period", allocated)]
    )


def immigrant_deforestation_ha(prop_imm_fraction: str, baseline_area_ha: str) -> str:
    """``=PROP_IMM*A_BSL,PA``."""
    return f"={operand(prop_imm_fraction)}*{operand(baseline_area_ha)}"


def captured_immigrant_deforestation_ha(
    prop_imm_fraction: str,
    project_deforestation_ha: str,
    belt_deforestation_ha: str,
    actual_area: str,
) -> str:
    """``=PROP_IMM*IF(actual_area="belt_only",A_DefLB,IF(actual_area="project_and_belt",
    A_DefPA+A_DefLB,#N/A))``."""
    lb = operand(belt_deforestation_ha)
    area = by_setting(
        actual_area,
        [("belt_only", lb), ("project_and_belt", f"({operand(project_deforestation_ha)}+{lb})")],
    )
    return f"={operand(prop_imm_fraction)}*{area}"


def outside_belt_deforestation_ha(
    immigrant_deforestation_ha: str, captured_immigrant_deforestation_ha: str, floor_at_zero: str
) -> str:
    """``=IF(floor,MAX(0,A_LK-IMM−A_LK-ACT-IMM),A_LK-IMM−A_LK-ACT-IMM)``."""
    difference = (
        f"{operand(immigrant_deforestation_ha)}-{operand(captured_immigrant_deforestation_ha)}"
    )
    return f"=IF({operand(floor_at_zero)},MAX(0,{difference}),{difference})"


def outside_belt_emission_factor_tco2e_per_ha(
    outside_belt_emission_tc_per_ha: str, *, co2_per_c: str = "CO2_per_C"
) -> str:
    """``=CO2_per_C*C_OLB``."""
    return f"={co2_per_c}*{operand(outside_belt_emission_tc_per_ha)}"


def outside_belt_leakage_tco2e(
    outside_belt_deforestation_ha: str, outside_belt_emission_tco2e_per_ha: str
) -> str:
    """``=A_LK-OLB*C_OLB``."""
    return (
        f"={operand(outside_belt_deforestation_ha)}*{operand(outside_belt_emission_tco2e_per_ha)}"
    )


def total_leakage_tco2e(leakage_belt_tco2e: str, immigrant_leakage_tco2e: str) -> str:
    """``=ΔC_LK-ASU-LB+ΔC_LK-ASU-OLB``."""
    return f"={operand(leakage_belt_tco2e)}+{operand(immigrant_leakage_tco2e)}"
