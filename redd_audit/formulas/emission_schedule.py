"""Formula builders of :mod:`redd_audit.methodology.emission_schedule` (BL-UP, M-MON)."""

from __future__ import annotations

from collections.abc import Mapping

from redd_audit.formulas.expression import operand
from redd_audit.methodology.emission_schedule import POOLS


def emission_at_age_tco2e_per_ha(
    age_years: str,
    carbon_tc_per_ha: Mapping[str, str],
    post_deforestation_tc_per_ha: str,
    schedule_years: Mapping[str, str],
    *,
    co2_per_c: str = "CO2_per_C",
) -> str:
    """``=CO2_per_C*(Σ_k IF(a<N_k,C_k/N_k,0)−IF(a=0,C_post,0))``; pools keyed as in ``POOLS``."""
    a = operand(age_years)
    terms = "+".join(
        f"IF({a}<{operand(schedule_years[p])},"
        f"{operand(carbon_tc_per_ha[p])}/{operand(schedule_years[p])},0)"
        for p in POOLS
    )
    return f"={co2_per_c}*({terms}-IF({a}=0,{operand(post_deforestation_tc_per_ha)},0))"


def lifetime_emissions_tco2e_per_ha(
    carbon_tc_per_ha: Mapping[str, str],
    post_deforestation_tc_per_ha: str,
    *,
    co2_per_c: str = "CO2_per_C",
) -> str:
    """``=CO2_per_C*(C_AG+C_BG+C_DW+C_LI−C_post)``."""
    total = "+".join(operand(carbon_tc_per_ha[p]) for p in POOLS)
    return f"={co2_per_c}*({total}-{operand(post_deforestation_tc_per_ha)})"


def cohort_emissions_tco2e(
    cohort_area_ha: str, cohort_age_years: str, schedule_tco2e_per_ha: str
) -> str:
    """``=IF(AND(age>=0,age<COLUMNS(schedule)),A*INDEX(schedule,age+1),0)``."""
    a, s = operand(cohort_age_years), operand(schedule_tco2e_per_ha)
    return f"=IF(AND({a}>=0,{a}<COLUMNS({s})),{operand(cohort_area_ha)}*INDEX({s},{a}+1),0)"


def exante_cohort_emissions_tco2e(
    cohort_area_ha: str, cohort_age_years: str, year_fraction: str, schedule_tco2e_per_ha: str
) -> str:
    """``=IF(AND(age>=0,age<COLUMNS(schedule)),f*(A*INDEX(schedule,age+1)),0)``."""
    a, s = operand(cohort_age_years), operand(schedule_tco2e_per_ha)
    return (
        f"=IF(AND({a}>=0,{a}<COLUMNS({s})),"
        f"{operand(year_fraction)}*({operand(cohort_area_ha)}*INDEX({s},{a}+1)),0)"
    )


def monitored_cohort_emissions_tco2e(
    cohort_area_ha: str,
    cohort_area_in_period_ha: str,
    cohort_age_years: str,
    year_fraction: str,
    schedule_tco2e_per_ha: str,
) -> str:
    """``=IF(age=0,A_in*INDEX(schedule,1),IF(AND(age>0,age<COLUMNS(schedule)),f*(A*…),0))``."""
    a, s = operand(cohort_age_years), operand(schedule_tco2e_per_ha)
    return (
        f"=IF({a}=0,{operand(cohort_area_in_period_ha)}*INDEX({s},1),"
        f"IF(AND({a}>0,{a}<COLUMNS({s})),"
        f"{operand(year_fraction)}*({operand(cohort_area_ha)}*INDEX({s},{a}+1)),0))"
    )


def cohort_sum_tco2e(cohort_emissions_tco2e: str) -> str:
    """``=SUM(cohort emissions)``."""
    return f"=SUM({cohort_emissions_tco2e})"
