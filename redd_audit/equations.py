"""The equation registry: one record per equation of the recomputation.

Each record ties the three faces of one equation together: the Python function in
:mod:`redd_audit.methodology`, the formula builder of the same name in :mod:`redd_audit.formulas`
and the workbook cell that computes it, with the methodology module and equation as cited in
docs (domain.md), its symbol, unit and one-sentence meaning. The registry drives the parity test
(tests/test_equation_parity.py), the workbook's ``Equations`` sheet and docs/nomenclature.md.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any


def _modules(home: str) -> tuple[ModuleType, ModuleType]:
    """The methodology module and its mirror in ``redd_audit.formulas``."""
    return (
        importlib.import_module(f"redd_audit.methodology.{home}"),
        importlib.import_module(f"redd_audit.formulas.{home}"),
    )


@dataclass(frozen=True)
class Equation:
    """One equation: its reference, symbol, Python function, formula builder and workbook cell."""

    id: str
    module: str
    reference: str
    symbol: str
    function: Callable[..., Any]
    formula: Callable[..., str]
    workbook_name: str | None
    unit: str
    glossary: str
    sheet: str


def _eq(
    home: str,
    name: str,
    module: str,
    reference: str,
    symbol: str,
    workbook_name: str | None,
    unit: str,
    glossary: str,
    sheet: str,
) -> Equation:
    python_module, formula_module = _modules(home)
    return Equation(
        id=name,
        module=module,
        reference=reference,
        symbol=symbol,
        function=getattr(python_module, name),
        formula=getattr(formula_module, name),
        workbook_name=workbook_name,
        unit=unit,
        glossary=glossary,
        sheet=sheet,
    )


BL, MON, EBB, LK = "VMD0007 BL-UP", "VMD0015 M-MON", "VMD0013 E-BB", "VMD0010 LK-ASU"
UNC, MF, NPRT, CPAB = "VMD0017 X-UNC", "VM0007 REDD-MF", "NPRT", "VMD0001 CP-AB"
T, TH, F = "tCO2e", "tCO2e ha⁻¹", "fraction"

# fmt: off
EQUATIONS: tuple[Equation, ...] = (
    # carbon stocks from the inventory
    _eq("carbon_stocks", "tree_agb_with_height_kg", CPAB, "§1.3; Chave et al. 2014 Eq. 4",
        "AGB_j", "Tree_AGB_kg", "kg d.m.",
        "Above-ground biomass of a tree with measured height.", "Trees"),
    _eq("carbon_stocks", "tree_agb_without_height_kg", CPAB, "§1.3; Chave et al. 2014 Eq. 7",
        "AGB_j", "Tree_AGB_kg", "kg d.m.",
        "Above-ground biomass of a tree without height, from the stress covariate E.", "Trees"),
    _eq("carbon_stocks", "tree_agb_kg", CPAB, "§1.3; Chave et al. 2014 Eq. 4 / Eq. 7",
        "AGB_j", "Tree_AGB_kg", "kg d.m.",
        "Tree biomass by the height equation where a height is given, else without.", "Trees"),
    _eq("carbon_stocks", "plot_biomass_t_per_ha", CPAB, "§1.3 plot to hectare", "X_p", None,
        "t d.m. ha⁻¹", "Plot biomass per hectare from the sum of its trees.", "Plots"),
    _eq("carbon_stocks", "below_ground_biomass_root_to_shoot_t_per_ha", CPAB,
        "§1.3; IPCC 2006 Vol. 4 Table 4.4", "BGB", None, "t d.m. ha⁻¹",
        "Below-ground biomass as the root-to-shoot ratio times AGB.", "Plots"),
    _eq("carbon_stocks", "below_ground_biomass_mokany_t_per_ha", CPAB,
        "§1.3; Mokany et al. 2006 Table 3", "BGB", None, "t d.m. ha⁻¹",
        "Below-ground biomass by the Mokany power law.", "Plots"),
    _eq("carbon_stocks", "carbon_tc_per_ha", CPAB, "§1.3; IPCC 2006 Vol. 4 Table 4.3", "C",
        "Plot_AG_tC_per_ha, Plot_BG_tC_per_ha", "tC ha⁻¹",
        "Carbon as biomass times the carbon fraction.", "Plots"),
    _eq("carbon_stocks", "student_t_975", CPAB, "§1.3 stratum statistics", "t(0.975, n−1)",
        None, "-", "Two-sided 95 % Student's t quantile for n − 1 degrees of freedom.", "Strata"),
    _eq("carbon_stocks", "plots_needed", CPAB, "§1.3, n ≈ (t · CV / E)²", "n", None, "plots",
        "Plots needed for the target precision, rounded up after the guard.", "Strata"),
    # emission schedule and cohorts
    _eq("emission_schedule", "emission_at_age_tco2e_per_ha", BL, "§1.4 step 5, ΔC_i(t; t0)",
        "ΔC_i(a)", None, TH,
        "Emission of one hectare a years after clearing, pools over N_k years.",
        "Emission schedule"),
    _eq("emission_schedule", "lifetime_emissions_tco2e_per_ha", BL, "§1.4 step 5; contract §2.1",
        "Σ_a ΔC_i(a)", None, TH,
        "Everything a cleared hectare emits over time: 44/12 · (Σ pools − post stock).",
        "Emission schedule"),
    _eq("emission_schedule", "cohort_emissions_tco2e", BL, "§1.4 step 6, A · ΔC_i(t; t0)",
        "A · ΔC", None, T, "Emission of a cohort at a given age.", "Baseline"),
    _eq("emission_schedule", "exante_cohort_emissions_tco2e", BL, "§1.4 step 6",
        "f_v · A_BSL · ΔC", None, T,
        "An ex-ante cohort's emission in a vintage, pro-rated by the vintage's year fraction.",
        "Baseline"),
    _eq("emission_schedule", "monitored_cohort_emissions_tco2e", MON, "§1.5 ΔC_P,DefPA,t",
        "A_Def · ΔC", None, T,
        "A monitored cohort's emission in a vintage: dated in its clearing year, tails after.",
        "Project emissions"),
    _eq("emission_schedule", "cohort_sum_tco2e", BL, "§1.4 step 6, Σ_i Σ_t0", "Σ", None, T,
        "Compensated sum of cohort emissions in one vintage.", "Baseline"),
    _eq("baseline", "baseline_emissions_tco2e", BL, "§1.4 step 6, ΔC_BSL,unplanned,t",
        "ΔC_BSL", "Total_Baseline_tCO2e", T,
        "Project-area baseline emissions of a vintage, all ex-ante cohorts with tails.",
        "Baseline"),
    _eq("project_emissions", "project_stock_emissions_tco2e", MON, "§1.5 ΔC_P,DefPA,t",
        "ΔC_P,DefPA", "Total_Project_Stock_tCO2e", T,
        "Project-area emissions of monitored deforestation in a vintage, with tails.",
        "Project emissions"),
    _eq("fire", "fire_emission_factor_tco2e_per_t_dm", EBB, "§1.5 E-BB; IPCC 2006 Eq. 2.27",
        "(G·GWP)·10⁻³", "Fire_EF_tCO2e_per_t_dm", "tCO2e t⁻¹ d.m.",
        "CO2-equivalent CH4 and N2O emitted per tonne of dry matter burnt.", "Parameters"),
    _eq("fire", "fire_non_co2_emissions_tco2e", EBB, "§1.5 E_BB,t; IPCC 2006 Eq. 2.27",
        "E_BB", "Total_Project_Fire_tCO2e", T,
        "Non-CO2 emissions of forest fires: burned area × fuel × COMF × factor.",
        "Project emissions"),
    _eq("project_emissions", "project_emissions_tco2e", MON, "§1.5 ΔC_P,t", "ΔC_P",
        "Total_Project_tCO2e", T, "Project emissions: deforestation plus fire non-CO2.",
        "Vintages"),
    # leakage
    _eq("leakage", "leakage_emissions_tco2e", LK, "§1.6 ΔC_LK-AS", "ΔC_LK-AS", None, T,
        "Leakage-belt emissions above the leakage-belt baseline, never negative.", "Leakage"),
    _eq("leakage", "vintage_leakage_tco2e", LK, "§1.6; rule leakage_netting", "ΔC_LK",
        "Total_Leakage_tCO2e", T,
        "Leakage of a vintage, netted per vintage or once per period and allocated by days.",
        "Leakage"),
    # uncertainty
    _eq("uncertainty", "uncertainty_project_weight_tco2e", UNC,
        "§1.8 E_WPS,s; rule uncertainty_project_weights", "E_WPS,s", None, T,
        "A stratum's weight in U_WPS: its project emissions, with or without fires.",
        "Uncertainty"),
    _eq("uncertainty", "propagated_uncertainty_fraction", UNC, "§1.8 U_BSL, U_WPS",
        "U_BSL, U_WPS", "U_BSL_Propagated, U_WPS_Propagated", F,
        "Emission-weighted root-sum-square of the strata's uncertainties.", "Uncertainty"),
    _eq("uncertainty", "uncertainty_fraction_used", UNC, "§1.8; contract §2.1", "U_BSL, U_WPS",
        "U_BSL, U_WPS", F, "The given uncertainty when the project sets one, else propagated.",
        "Uncertainty"),
    _eq("uncertainty", "ner_error_fraction", UNC, "§1.8 NER_ERROR", "NER_ERROR",
        "NER_Error_Fraction", F,
        "Half-width of the 95 % CI of the net reduction over the net reduction.", "Uncertainty"),
    _eq("uncertainty", "uncertainty_deduction_factor", UNC, "§1.8 Adjusted_NER", "—",
        "Deduction_Factor", F,
        "Share of the NER kept: 1 within the allowable band, else 1 − NER_ERROR + allowable.",
        "Uncertainty"),
    # net reductions, buffer, VCUs
    _eq("net_reductions", "net_emission_reductions_tco2e", MF, "§1.7 NER", "NER",
        "Total_NER_tCO2e", T, "Baseline minus project emissions minus leakage.", "Vintages"),
    _eq("net_reductions", "is_reversal", MF, "§1.9 Reversal", "NER < 0", None, "-",
        "A vintage whose net reduction is negative is a reversal.", "Vintages"),
    _eq("net_reductions", "deducts_reversals", UNC, "§1.9; rule reversal_deduction", "—", None,
        "-", "Whether the uncertainty deduction also shrinks a reversal.", "Vintages"),
    _eq("net_reductions", "adjusted_net_emission_reductions_tco2e", UNC, "§1.8 Adjusted_NER",
        "Adjusted_NER", "Total_Adjusted_NER_tCO2e", T,
        "NER times the deduction factor; a reversal stays unadjusted unless the rule says so.",
        "Vintages"),
    _eq("buffer", "buffer_base_tco2e", NPRT, "§1.9 Buffer_MP; rule buffer_base",
        "ΔC_BSL − ΔC_P,stock", None, T,
        "Carbon-stock part of the net reduction the risk rating applies to.", "Buffer"),
    _eq("buffer", "buffer_withholding_tco2e", NPRT, "§1.9 Buffer_MP", "Buffer",
        "Total_Buffer_tCO2e", T,
        "Buffer credits withheld: risk rating × buffer base when NER > 0.", "Buffer"),
    _eq("net_reductions", "whole_units_down", MF, "§1.9 Rounding", "⌊·⌋", None, "units",
        "Whole units toward zero after the rounding guard.", "Vintages"),
    _eq("net_reductions", "whole_units_up", MF, "§1.9 Rounding", "⌈·⌉", None, "units",
        "Whole units away from zero after the rounding guard.", "Strata"),
    _eq("net_reductions", "verified_carbon_units", MF, "§1.9 VCU_MP", "VCU", "Total_VCUs",
        "VCU", "Adjusted NER minus buffer, in whole units, none for a reversal.", "Vintages"),
    # reconciliation
    _eq("reconciliation", "difference_fraction", "VCS Standard v4 §4.1", "§0.4 materiality",
        "(C − R)/|R|", None, F, "Claimed minus recomputed over the recomputed value.",
        "Reconciliation"),
    _eq("reconciliation", "is_material", "VCS Standard v4 §4.1", "§0.4 materiality", "—", None,
        "-", "A difference above the materiality threshold (or not expressible) is material.",
        "Reconciliation"),
)
# fmt: on


def by_id() -> dict[str, Equation]:
    """The registry keyed by id (the Python function's name)."""
    return {e.id: e for e in EQUATIONS}


def by_function() -> dict[Callable[..., Any], Equation]:
    """The registry keyed by the Python function."""
    return {e.function: e for e in EQUATIONS}
