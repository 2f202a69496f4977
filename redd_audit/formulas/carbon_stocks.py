"""Formula builders of :mod:`redd_audit.methodology.carbon_stocks` (CP-AB, VMD0001)."""

from __future__ import annotations

from redd_audit.formulas.expression import operand
from redd_audit.formulas.net_reductions import GUARD_NAME, whole_units_up


def tree_agb_with_height_kg(
    wood_density_g_cm3: str,
    dbh_cm: str,
    height_m: str,
    *,
    coefficient: str = "chave2014_height_coefficient",
    exponent: str = "chave2014_height_exponent",
) -> str:
    """``=0.0673*(ρ*(D*D)*H)^0.976`` with the coefficients as defined names (Chave 2014 Eq. 4)."""
    rho, d, h = operand(wood_density_g_cm3), operand(dbh_cm), operand(height_m)
    return f"={coefficient}*({rho}*({d}*{d})*{h})^{exponent}"


def tree_agb_without_height_kg(
    wood_density_g_cm3: str,
    dbh_cm: str,
    environmental_stress_e: str,
    *,
    intercept: str = "chave2014_noheight_intercept",
    e_coefficient: str = "chave2014_noheight_e_coefficient",
    density_coefficient: str = "chave2014_noheight_density_coefficient",
    lnd_coefficient: str = "chave2014_noheight_lnd_coefficient",
    lnd2_coefficient: str = "chave2014_noheight_lnd2_coefficient",
) -> str:
    """``=EXP(a+b*E+c*LN(ρ)+d*LN(D)+e*(LN(D)*LN(D)))`` (Chave 2014 Eq. 7)."""
    rho, d, e = operand(wood_density_g_cm3), operand(dbh_cm), operand(environmental_stress_e)
    return (
        f"=EXP({intercept}+{e_coefficient}*{e}+{density_coefficient}*LN({rho})"
        f"+{lnd_coefficient}*LN({d})+{lnd2_coefficient}*(LN({d})*LN({d})))"
    )


def tree_agb_kg(
    wood_density_g_cm3: str, dbh_cm: str, height_m: str, environmental_stress_e: str
) -> str:
    """``=IF(ISNUMBER(H),<with height>,<without height>)``."""
    with_h = tree_agb_with_height_kg(wood_density_g_cm3, dbh_cm, height_m)[1:]
    without_h = tree_agb_without_height_kg(wood_density_g_cm3, dbh_cm, environmental_stress_e)[1:]
    return f"=IF(ISNUMBER({operand(height_m)}),{with_h},{without_h})"


def plot_biomass_t_per_ha(
    tree_agb_kg_sum: str,
    plot_area_m2: str,
    *,
    kg_per_t: str = "kg_per_t",
    m2_per_ha: str = "m2_per_ha",
) -> str:
    """``=ΣAGB/kg_per_t*m2_per_ha/A_plot``."""
    return f"={operand(tree_agb_kg_sum)}/{kg_per_t}*{m2_per_ha}/{operand(plot_area_m2)}"


def below_ground_biomass_root_to_shoot_t_per_ha(agb_t_per_ha: str, root_to_shoot_ratio: str) -> str:
    """``=R*AGB``."""
    return f"={operand(root_to_shoot_ratio)}*{operand(agb_t_per_ha)}"


def below_ground_biomass_mokany_t_per_ha(
    agb_t_per_ha: str,
    *,
    coefficient: str = "mokany2006_coefficient",
    exponent: str = "mokany2006_exponent",
) -> str:
    """``=0.489*AGB^0.890`` with the coefficients as defined names (Mokany et al. 2006)."""
    return f"={coefficient}*{operand(agb_t_per_ha)}^{exponent}"


def carbon_tc_per_ha(biomass_t_per_ha: str, carbon_fraction: str) -> str:
    """``=biomass*CF``."""
    return f"={operand(biomass_t_per_ha)}*{operand(carbon_fraction)}"


def student_t_975(degrees_of_freedom: str, *, alpha: str = "ci_two_sided_alpha") -> str:
    """``=TINV(alpha,df)`` (two-sided, so TINV(0.05, df) = t(0.975, df))."""
    return f"=TINV({alpha},{operand(degrees_of_freedom)})"


def plots_needed(
    t_value: str,
    coefficient_of_variation: str,
    target_precision: str,
    *,
    guard_decimals: str = GUARD_NAME,
) -> str:
    """``=ROUNDUP(ROUND((t*CV/E)*(t*CV/E),guard),0)``."""
    ratio = f"({operand(t_value)}*{operand(coefficient_of_variation)}/{operand(target_precision)})"
    return whole_units_up(f"{ratio}*{ratio}", guard_decimals)
