"""The equation registry: one record per equation of the recomputation.

Each record ties the three faces of one equation together: the Python function in
:mod:`redd_audit.methodology` (or :mod:`redd_audit.sampling`), the formula builder of the same
name in :mod:`redd_audit.formulas` and the workbook cell that computes it, with the VM0007 module
and the section or published source it cites, its symbol, unit and one-sentence meaning. The
registry drives the parity test (tests/test_equation_parity.py), the workbook's ``Equations``
sheet and docs/nomenclature.md.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from redd_audit.formulas import accuracy as f_accuracy
from redd_audit.formulas import annualize as f_annualize
from redd_audit.formulas import baseline as f_baseline
from redd_audit.formulas import buffer as f_buffer
from redd_audit.formulas import carbon_stocks as f_carbon_stocks
from redd_audit.formulas import deductions as f_deductions
from redd_audit.formulas import disturbance as f_disturbance
from redd_audit.formulas import emission_schedule as f_emission_schedule
from redd_audit.formulas import fire as f_fire
from redd_audit.formulas import fixed_baseline as f_fixed_baseline
from redd_audit.formulas import leakage as f_leakage
from redd_audit.formulas import map_bias as f_map_bias
from redd_audit.formulas import monetary_unit as f_monetary_unit
from redd_audit.formulas import net_reductions as f_net_reductions
from redd_audit.formulas import project_emissions as f_project_emissions
from redd_audit.formulas import recheck as f_recheck
from redd_audit.formulas import reconciliation as f_reconciliation
from redd_audit.formulas import reported as f_reported
from redd_audit.formulas import uncertainty as f_uncertainty
from redd_audit.methodology import (
    accuracy,
    annualize,
    baseline,
    buffer,
    carbon_stocks,
    deductions,
    disturbance,
    emission_schedule,
    fire,
    fixed_baseline,
    leakage,
    map_bias,
    net_reductions,
    project_emissions,
    reconciliation,
    reported,
    uncertainty,
)
from redd_audit.sampling import monetary_unit, recheck

#: Where each equation's two faces live: module name -> (Python module, formula builders).
#: The Python side is :mod:`redd_audit.methodology` except for the sampling equations.
HOMES: dict[str, tuple[ModuleType, ModuleType]] = {
    "accuracy": (accuracy, f_accuracy),
    "annualize": (annualize, f_annualize),
    "baseline": (baseline, f_baseline),
    "buffer": (buffer, f_buffer),
    "carbon_stocks": (carbon_stocks, f_carbon_stocks),
    "deductions": (deductions, f_deductions),
    "disturbance": (disturbance, f_disturbance),
    "emission_schedule": (emission_schedule, f_emission_schedule),
    "fire": (fire, f_fire),
    "fixed_baseline": (fixed_baseline, f_fixed_baseline),
    "leakage": (leakage, f_leakage),
    "map_bias": (map_bias, f_map_bias),
    "net_reductions": (net_reductions, f_net_reductions),
    "project_emissions": (project_emissions, f_project_emissions),
    "reconciliation": (reconciliation, f_reconciliation),
    "reported": (reported, f_reported),
    "uncertainty": (uncertainty, f_uncertainty),
    "monetary_unit": (monetary_unit, f_monetary_unit),
    "recheck": (recheck, f_recheck),
}


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
    #: the version of the cited module or source and the equation's number in it
    #: (:func:`citation_of`); ``[unconfirmed]`` marks what was not checked against its text
    version: str = ""
    number: str = ""

    @property
    def citation(self) -> str:
        """``"VMD0007 BL-UP [unconfirmed], Eq. 4"``: module, version and number."""
        head = " ".join(p for p in (self.module, self.version) if p)
        return f"{head}, {self.number}" if self.number else head


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
    python_module, formula_module = HOMES[home]
    version, number = citation_of(name, module, reference)
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
        version=version,
        number=number,
    )


BL, MON, EBB, LK = "VMD0007 BL-UP", "VMD0015 M-MON", "VMD0013 E-BB", "VMD0010 LK-ASU"
UNC, MF, NPRT, CPAB = "VMD0017 X-UNC", "VM0007 REDD-MF", "NPRT", "VMD0001 CP-AB"
VCS, OLOFSSON, MUS = "VCS Standard v4 verification", "Olofsson et al. 2014", "AICPA Audit Sampling"
MC, TREES, FCPF = "Monte Carlo (IPCC Approach 2)", "ART TREES v2.0", "FCPF Carbon Fund"
T, TH, F = "tCO2e", "tCO2e ha⁻¹", "fraction"

#: Marks a version or an equation number not checked against the published text.
UNCONFIRMED = "[unconfirmed]"
VERSION_UNCONFIRMED = f"version {UNCONFIRMED}"
#: The cited source's version. The VM0007 modules' versions were not checked against the
#: texts; the published papers and standards are cited by their edition.
SOURCE_VERSIONS = {
    BL: VERSION_UNCONFIRMED, MON: VERSION_UNCONFIRMED, EBB: VERSION_UNCONFIRMED,
    LK: VERSION_UNCONFIRMED, UNC: VERSION_UNCONFIRMED, MF: VERSION_UNCONFIRMED,
    CPAB: VERSION_UNCONFIRMED, NPRT: VERSION_UNCONFIRMED, OLOFSSON: "(Remote Sens. Environ. 148)",
    TREES: "(2021)", VCS: "",
}  # fmt: skip
#: Sources that number their equations (the others state them in the text: no number).
NUMBERED = frozenset({BL, MON, EBB, LK, UNC, MF, CPAB, OLOFSSON, TREES})
#: Equation numbers of the published sources that number them: Chave et al. 2014 (Eq. 4 with
#: height, Eq. 7 without), IPCC 2006 Vol. 4 Eq. 2.27 (fire), Olofsson et al. 2014 (Eq. 9 the
#: estimated area proportion, Eq. 10 its standard error) and ART TREES v2.0 Section 8 (Eq. 8-11).
EQUATION_NUMBERS = {
    "tree_agb_with_height_kg": "Chave et al. 2014, Eq. 4",
    "tree_agb_without_height_kg": "Chave et al. 2014, Eq. 7",
    "tree_agb_kg": "Chave et al. 2014, Eq. 4 or Eq. 7",
    "fire_emission_factor_tco2e_per_t_dm": "IPCC 2006 Vol. 4, Eq. 2.27",
    "fire_non_co2_emissions_tco2e": "IPCC 2006 Vol. 4, Eq. 2.27",
    "area_proportion_fraction": "Eq. 9",
    "area_proportion_variance_term": "Eq. 10",
    "area_proportion_ci95": "Eq. 10",
    "art_trees_buffer_tco2e": "Eq. 8",
    "art_trees_leakage_deduction_tco2e": "Eq. 9",
    "art_trees_uncertainty_deduction_tco2e": "Eq. 10",
    "art_trees_adjustment_fraction": "Eq. 11",
}
_EQ_IN_TEXT = re.compile(r"\b[Ee]q\.\s*(\d+(?:\.\d+)?(?:\s*(?:-|–|or)\s*(?:[Ee]q\.\s*)?\d+)?)")


def citation_of(name: str, module: str, reference: str) -> tuple[str, str]:
    """(version, equation number) of a record: the number from :data:`EQUATION_NUMBERS`, else
    the one its reference gives (marked unconfirmed), else unconfirmed when the source numbers
    its equations and empty when it does not."""
    version = SOURCE_VERSIONS.get(module, "")
    if name in EQUATION_NUMBERS:
        return version, EQUATION_NUMBERS[name]
    found = _EQ_IN_TEXT.search(reference)
    if found is not None:
        return version, f"Eq. {found.group(1)} {UNCONFIRMED}"
    return version, (f"Eq. {UNCONFIRMED}" if module in NUMBERED else "")


# fmt: off
EQUATIONS: tuple[Equation, ...] = (
    # carbon stocks from the inventory
    _eq("carbon_stocks", "tree_agb_with_height_kg", CPAB,
        "CP-AB tree biomass; Chave et al. 2014, eq. 4",
        "AGB_j", "Tree_AGB_kg", "kg d.m.",
        "Above-ground biomass of a tree with measured height.", "Trees"),
    _eq("carbon_stocks", "tree_agb_without_height_kg", CPAB,
        "CP-AB tree biomass; Chave et al. 2014, eq. 7",
        "AGB_j", "Tree_AGB_kg", "kg d.m.",
        "Above-ground biomass of a tree without height, from the stress covariate E.", "Trees"),
    _eq("carbon_stocks", "tree_agb_kg", CPAB,
        "CP-AB tree biomass; Chave et al. 2014, eq. 4 or eq. 7",
        "AGB_j", "Tree_AGB_kg", "kg d.m.",
        "Tree biomass by the height equation where a height is given, else without.", "Trees"),
    _eq("carbon_stocks", "plot_biomass_t_per_ha", CPAB,
        "CP-AB plot biomass per hectare", "X_p", None,
        "t d.m. ha⁻¹", "Plot biomass per hectare from the sum of its trees.", "Plots"),
    _eq("carbon_stocks", "below_ground_biomass_root_to_shoot_t_per_ha", CPAB,
        "CP-AB below-ground biomass; IPCC 2006 Vol. 4, Table 4.4", "BGB", None, "t d.m. ha⁻¹",
        "Below-ground biomass as the root-to-shoot ratio times AGB.", "Plots"),
    _eq("carbon_stocks", "below_ground_biomass_mokany_t_per_ha", CPAB,
        "CP-AB below-ground biomass; Mokany et al. 2006, Table 3", "BGB", None, "t d.m. ha⁻¹",
        "Below-ground biomass by the Mokany power law.", "Plots"),
    _eq("carbon_stocks", "carbon_tc_per_ha", CPAB,
        "CP-AB carbon fraction; IPCC 2006 Vol. 4, Table 4.3", "C",
        "Plot_AG_tC_per_ha, Plot_BG_tC_per_ha", "tC ha⁻¹",
        "Carbon as biomass times the carbon fraction.", "Plots"),
    _eq("carbon_stocks", "student_t_975", CPAB,
        "X-STR stratum mean, 95 % CI (Student's t)", "t(0.975, n−1)",
        None, "-", "Two-sided 95 % Student's t quantile for n − 1 degrees of freedom.", "Strata"),
    _eq("carbon_stocks", "plots_needed", CPAB,
        "X-STR number of plots, n = (t · CV / E)²", "n", None, "plots",
        "Plots needed for the target precision, rounded up after the guard.", "Strata"),
    # emission schedule and cohorts
    _eq("emission_schedule", "emission_at_age_tco2e_per_ha", BL,
        "BL-UP stock change per hectare deforested, ΔC_i(t; t0)",
        "ΔC_i(a)", None, TH,
        "Emission of one hectare a years after clearing, pools over N_k years.",
        "Emission schedule"),
    _eq("emission_schedule", "lifetime_emissions_tco2e_per_ha", BL,
        "BL-UP stock change per hectare deforested, all ages",
        "Σ_a ΔC_i(a)", None, TH,
        "Everything a cleared hectare emits over time: 44/12 · (Σ pools − post stock).",
        "Emission schedule"),
    _eq("emission_schedule", "cohort_emissions_tco2e", BL,
        "BL-UP baseline emissions, A · ΔC_i(t; t0)",
        "A · ΔC", None, T, "Emission of a cohort at a given age.", "Baseline"),
    _eq("emission_schedule", "exante_cohort_emissions_tco2e", BL,
        "BL-UP baseline emissions, ex-ante areas A_BSL,PA,i,t",
        "f_v · A_BSL · ΔC", None, T,
        "An ex-ante cohort's emission in a vintage, pro-rated by the vintage's year fraction.",
        "Baseline"),
    _eq("emission_schedule", "monitored_cohort_emissions_tco2e", MON,
        "M-MON project emissions from deforestation, ΔC_P,DefPA,t",
        "A_Def · ΔC", None, T,
        "A monitored cohort's emission in a vintage: dated in its clearing year, tails after.",
        "Project emissions"),
    _eq("emission_schedule", "cohort_sum_tco2e", BL,
        "BL-UP baseline emissions, Σ_i Σ_t0", "Σ", None, T,
        "Compensated sum of cohort emissions in one vintage.", "Baseline"),
    _eq("baseline", "baseline_emissions_tco2e", BL, "BL-UP baseline emissions, ΔC_BSL,unplanned,t",
        "ΔC_BSL", "Total_Baseline_tCO2e", T,
        "Project-area baseline emissions of a vintage, all ex-ante cohorts with tails.",
        "Baseline"),
    _eq("project_emissions", "project_stock_emissions_tco2e", MON,
        "M-MON project emissions from deforestation, ΔC_P,DefPA,t",
        "ΔC_P,DefPA", "Total_Project_Stock_tCO2e", T,
        "Project-area emissions of monitored deforestation in a vintage, with tails.",
        "Project emissions"),
    _eq("fire", "fire_emission_factor_tco2e_per_t_dm", EBB,
        "E-BB emission factor; IPCC 2006 Vol. 4, eq. 2.27",
        "(G·GWP)·10⁻³", "Fire_EF_tCO2e_per_t_dm", "tCO2e t⁻¹ d.m.",
        "CO2-equivalent CH4 and N2O emitted per tonne of dry matter burnt.", "Parameters"),
    _eq("fire", "fire_non_co2_emissions_tco2e", EBB, "E-BB E_BB,t; IPCC 2006 Vol. 4, eq. 2.27",
        "E_BB", "Total_Project_Fire_tCO2e", T,
        "Non-CO2 emissions of forest fires: burned area × fuel × COMF × factor.",
        "Project emissions"),
    _eq("project_emissions", "project_emissions_tco2e", MON,
        "M-MON total project emissions, ΔC_P,t", "ΔC_P",
        "Total_Project_tCO2e", T, "Project emissions: deforestation plus fire non-CO2.",
        "Vintages"),
    # leakage
    _eq("leakage", "leakage_emissions_tco2e", LK,
        "LK-ASU activity-shifting leakage, ΔC_LK-AS", "ΔC_LK-AS", None, T,
        "Leakage-belt emissions above the leakage-belt baseline, never negative.", "Leakage"),
    _eq("leakage", "vintage_leakage_tco2e", LK,
        "LK-ASU leakage per vintage; rule leakage_netting", "ΔC_LK",
        "Total_Leakage_tCO2e", T,
        "Leakage of a vintage, netted per vintage or once per period and allocated by days.",
        "Leakage"),
    _eq("leakage", "immigrant_deforestation_ha", LK,
        "LK-ASU Eq. 7 (as verified reports number it), A_LK-IMM,t", "A_LK-IMM", None, "ha",
        "Baseline deforestation of recent immigrants the project displaces: PROP_IMM × A_BSL,PA.",
        "Leakage"),
    _eq("leakage", "captured_immigrant_deforestation_ha", LK,
        "LK-ASU Eq. 8 (as reports number it), A_LK-ACT-IMM,t; rule actual_area", "A_LK-ACT-IMM",
        None, "ha", "Immigrant deforestation seen in the project area and belt (or belt only).",
        "Leakage"),
    _eq("leakage", "outside_belt_deforestation_ha", LK,
        "LK-ASU Eq. 9 (as reports number it), A_LK-OLB,t; rule floor_at_zero", "A_LK-OLB", None,
        "ha", "Displaced immigrant deforestation not seen in the project area or the belt.",
        "Leakage"),
    _eq("leakage", "outside_belt_emission_factor_tco2e_per_ha", LK,
        "LK-ASU C_OLB given in tC ha⁻¹, × 44/12", "C_OLB", "LK_C_OLB_tCO2e_per_ha", TH,
        "Per-hectare emission outside the belt from a stock given in carbon.", "Leakage"),
    _eq("leakage", "outside_belt_leakage_tco2e", LK,
        "LK-ASU Eq. 11 (as reports number it), ΔC_LK-ASU-OLB,t", "ΔC_LK-ASU-OLB",
        "Total_Leakage_Immigrants_tCO2e", T,
        "Leakage of immigrant agents outside the belt: A_LK-OLB × C_OLB.", "Leakage"),
    _eq("leakage", "total_leakage_tco2e", LK, "LK-ASU ΔC_LK,t = ΔC_LK-ASU-LB + ΔC_LK-ASU-OLB",
        "ΔC_LK", None, T, "Leakage of a vintage: in the belt plus immigrants outside it.",
        "Leakage"),
    # baseline fixed from the PD, natural disturbance and annualisation (contract 8.3-8.5)
    _eq("fixed_baseline", "fixed_baseline_tco2e", BL,
        "BL-UP baseline fixed for the baseline period (PD table), ΔC_BSL,PA,t and ΔC_BSL,LB,t",
        "ΔC_BSL", None, T, "The PD's baseline of a zone and project year × the year fraction.",
        "Baseline"),
    _eq("disturbance", "disturbance_emission_tco2e_per_ha", MON,
        "M-MON Eq. 20 (as verified reports apply it), ΔC_P,Dist,i", "ΔC_P,Dist,i", None, TH,
        "Everything a disturbed hectare emits: 44/12 · (Σ pools − C_P,Dist).",
        "Project emissions"),
    _eq("disturbance", "project_stock_change_tco2e", MON,
        "M-MON ΔC_P,stock,t = ΔC_P,DefPA,t + ΔC_P,DistPA,t", "ΔC_P,stock", None, T,
        "Project-area carbon-stock emissions: deforestation plus natural disturbance.",
        "Project emissions"),
    _eq("annualize", "annualized_area_ha", MON,
        "M-MON annualisation over the monitoring interval (as verified reports apply it)",
        "A_v", None, "ha", "A vintage's share of an area detected over an interval: A·f_v/Σf.",
        "Activity data"),
    # claims as reports present them (contract 8.8)
    _eq("reported", "reported_whole_tonnes", VCS,
        "VCS monitoring report, table of estimated net reductions: whole tonnes",
        "ROUND(x)", None, T, "A figure as reports print it: whole tonnes, half away from zero.",
        "Vintages"),
    _eq("reported", "reported_buffer_tco2e", NPRT,
        "NPRT buffer from the report's rounded columns", "ROUND(NPR × base)", None, T,
        "The buffer as reports derive it: the rating times the rounded base, rounded.",
        "Vintages"),
    _eq("reported", "reported_vcus", VCS,
        "VCS monitoring report: VCUs = NER − buffer − uncertainty deduction", "VCU", None, T,
        "VCUs as reports derive them from their rounded columns.", "Vintages"),
    # uncertainty
    _eq("uncertainty", "uncertainty_project_weight_tco2e", UNC,
        "X-UNC weight E_WPS,s; rule uncertainty_project_weights", "E_WPS,s", None, T,
        "A stratum's weight in U_WPS: its project emissions, with or without fires.",
        "Uncertainty"),
    _eq("uncertainty", "propagated_uncertainty_fraction", UNC,
        "X-UNC propagated uncertainty U_BSL, U_WPS",
        "U_BSL, U_WPS", "U_BSL_Propagated, U_WPS_Propagated", F,
        "Emission-weighted root-sum-square of the strata's uncertainties.", "Uncertainty"),
    _eq("uncertainty", "uncertainty_fraction_used", UNC,
        "X-UNC uncertainty used (given, else propagated)", "U_BSL, U_WPS",
        "U_BSL, U_WPS", F, "The given uncertainty when the project sets one, else propagated.",
        "Uncertainty"),
    _eq("uncertainty", "ner_error_fraction", UNC, "X-UNC NER_ERROR", "NER_ERROR",
        "NER_Error_Fraction", F,
        "Half-width of the 95 % CI of the net reduction over the net reduction.", "Uncertainty"),
    _eq("uncertainty", "uncertainty_deduction_factor", UNC,
        "X-UNC uncertainty deduction, Adjusted_NER", "—",
        "Deduction_Factor", F,
        "Share of the NER kept: 1 within the allowable band, else 1 − NER_ERROR + allowable.",
        "Uncertainty"),
    # net reductions, buffer, VCUs
    _eq("net_reductions", "net_emission_reductions_tco2e", MF,
        "REDD-MF net GHG emission reductions, NER", "NER",
        "Total_NER_tCO2e", T, "Baseline minus project emissions minus leakage.", "Vintages"),
    _eq("net_reductions", "is_reversal", MF,
        "REDD-MF reversal: net GHG benefit below zero", "NER < 0", None, "-",
        "A vintage whose net reduction is negative is a reversal.", "Vintages"),
    _eq("net_reductions", "deducts_reversals", UNC,
        "X-UNC deduction of a reversal; rule reversal_deduction", "—", None,
        "-", "Whether the uncertainty deduction also shrinks a reversal.", "Vintages"),
    _eq("net_reductions", "adjusted_net_emission_reductions_tco2e", UNC,
        "X-UNC uncertainty deduction, Adjusted_NER",
        "Adjusted_NER", "Total_Adjusted_NER_tCO2e", T,
        "NER times the deduction factor; a reversal stays unadjusted unless the rule says so.",
        "Vintages"),
    _eq("buffer", "buffer_base_tco2e", NPRT, "NPRT buffer on the stock change; rule buffer_base",
        "ΔC_BSL − ΔC_P,stock", None, T,
        "The base the risk rating applies to: the stock change (or NER, adjusted NER; 7.4).",
        "Buffer"),
    _eq("buffer", "buffer_withholding_tco2e", NPRT, "NPRT buffer withholding, Buffer_MP", "Buffer",
        "Total_Buffer_tCO2e", T,
        "Buffer credits withheld: risk rating × buffer base when NER > 0.", "Buffer"),
    _eq("net_reductions", "whole_units_down", MF,
        "REDD-MF VCUs in whole units", "⌊·⌋", None, "units",
        "Whole units toward zero after the rounding guard.", "Vintages"),
    _eq("net_reductions", "whole_units_up", MF, "REDD-MF VCUs in whole units", "⌈·⌉", None, "units",
        "Whole units away from zero after the rounding guard.", "Strata"),
    _eq("net_reductions", "verified_carbon_units", MF,
        "REDD-MF VCU_MP = Adjusted_NER − Buffer", "VCU", "Total_VCUs",
        "VCU", "Adjusted NER minus buffer, in whole units, none for a reversal.", "Vintages"),
    # map accuracy per class (Olofsson et al. 2014), contract 5.6
    _eq("accuracy", "users_accuracy_fraction", OLOFSSON, "Olofsson et al. 2014, eq. 6",
        "UA_i", None, F, "User's accuracy: share of the samples mapped as i that are i.",
        "Accuracy by class"),
    _eq("accuracy", "cell_proportion_fraction", OLOFSSON, "Olofsson et al. 2014, eq. 9",
        "p_ij", None, F, "Estimated area proportion of map class i and reference class j.",
        "Accuracy by class"),
    _eq("accuracy", "area_proportion_fraction", OLOFSSON, "Olofsson et al. 2014, eq. 9",
        "p_·j", "Change_Class_Adjusted_Proportion", F,
        "Area-adjusted proportion of reference class j: the column total of p_ij.",
        "Accuracy by class"),
    _eq("accuracy", "overall_accuracy_fraction", OLOFSSON, "Olofsson et al. 2014, eq. 1",
        "OA = Σ p_jj", None, F, "Overall accuracy: the area-weighted share of agreement.",
        "Accuracy by class"),
    _eq("accuracy", "producers_accuracy_fraction", OLOFSSON, "Olofsson et al. 2014, eq. 7",
        "PA_j", None, F, "Producer's accuracy: share of class j's area the map labels j.",
        "Accuracy by class"),
    _eq("accuracy", "area_proportion_variance_term", OLOFSSON, "Olofsson et al. 2014, eq. 10",
        "W_i² q(1 − q)/(n_i· − 1)", None, F,
        "Map class i's term of the variance of the area-adjusted proportion.",
        "Accuracy by class"),
    _eq("accuracy", "area_proportion_ci95", OLOFSSON, "Olofsson et al. 2014, eq. 10",
        "z_95 · SE(p_·j)", "Change_Class_Adjusted_CI95", F,
        "Half-width of the 95 % confidence interval of the area-adjusted proportion.",
        "Accuracy by class"),
    _eq("accuracy", "proportion_outside_ci", OLOFSSON, "Olofsson et al. 2014, eq. 9-10",
        "W_j ∉ p_·j ± CI", "Change_Class_Biased", "-",
        "The mapped proportion lies outside the adjusted proportion ± its 95 % CI: a biased map.",
        "Accuracy by class"),
    # the size of a map bias, contract 5.9
    _eq("map_bias", "implied_unrecorded_area_ha", OLOFSSON, "Olofsson et al. 2014, eq. 9-10",
        "(p_·j − W_j) · A_map", "Map_Bias_Implied_Area_ha", "ha",
        "Deforestation the map leaves out: adjusted minus mapped proportion times the map's area.",
        "Accuracy by class"),
    _eq("map_bias", "area_weighted_emission_factor_tco2e_per_ha", BL,
        "BL-UP / M-MON stock change, all ages, area-weighted over strata",
        "EF = 44/12 · Σ A_s (Σ C − C_post)_s / Σ A_s", None, TH,
        "Emission of an average cleared hectare of the project-area strata.",
        "Accuracy by class"),
    _eq("map_bias", "implied_emissions_tco2e", BL, "BL-UP / M-MON stock change, all ages",
        "A · EF", "Map_Bias_Implied_tCO2e", T,
        "Emissions of the implied unrecorded area; positive = VCUs overstated.",
        "Accuracy by class"),
    # evidence sample: monetary-unit sampling, contract 5.5
    _eq("monetary_unit", "event_value_tco2e", MUS, "BL-UP / M-MON stock change, all ages",
        "v = A · 44/12 · (Σ C − C_post)", None, T,
        "Monetary value of an event: the emission it commits over its whole schedule.",
        "Evidence sample"),
    _eq("monetary_unit", "tolerable_misstatement_tco2e", MUS, "AICPA Audit Sampling, MUS design",
        "T", "MUS_Tolerable_Misstatement_tCO2e", T,
        "Tolerable misstatement: materiality fraction times the net reductions.",
        "Evidence sample"),
    _eq("monetary_unit", "sampling_interval_tco2e", MUS, "AICPA Audit Sampling, MUS design", "J",
        "MUS_Interval_tCO2e", T,
        "Sampling interval J = T / R, R the reliability factor for no expected error.",
        "Evidence sample"),
    _eq("monetary_unit", "tainting_fraction", MUS, "AICPA Audit Sampling, MUS", "t", None, F,
        "Tainting of a selected event: (observed − recorded) / recorded area; positive = VCUs "
        "overstated.",
        "Evidence sample"),
    _eq("monetary_unit", "projected_misstatement_tco2e", MUS, "AICPA Audit Sampling, MUS",
        "Σ t·J + Σ m", "Projected_Misstatement_tCO2e", T,
        "Sample misstatement projected to the population: t·J below J, m = v·t at or above; "
        "positive = VCUs overstated.",
        "Evidence sample"),
    _eq("monetary_unit", "upper_limit_vcu_overstatement_tco2e", MUS,
        "AICPA Audit Sampling, MUS; Stringer bound", "UML⁺",
        "Upper_Limit_VCU_Overstatement_tCO2e", T,
        "Upper limit on VCU overstatement: R·J, positive taintings ranked × ΔF_k·J, top-stratum "
        "positive misstatements.",
        "Evidence sample"),
    _eq("monetary_unit", "upper_limit_vcu_understatement_tco2e", MUS,
        "AICPA Audit Sampling, MUS; Stringer bound", "UML⁻",
        "Upper_Limit_VCU_Understatement_tCO2e", T,
        "Upper limit on VCU understatement: the same bound over the negative taintings' "
        "magnitudes.",
        "Evidence sample"),
    _eq("monetary_unit", "sample_supports_vcus", MUS, "AICPA Audit Sampling, MUS evaluation",
        "UML⁺ ≤ T", "Sample_Supports_VCUs", "-",
        "FALSE when the VCU-overstatement limit exceeds T; blank until every event is checked.",
        "Evidence sample"),
    _eq("monetary_unit", "maximum_sample_size", MUS, "AICPA Audit Sampling, MUS design",
        "⌈population / J⌉", None, "events",
        "Most events a systematic selection with interval J can pick.", "Evidence sample"),
    # the verifier's re-checks (issue 12): plots to remeasure, samples to re-interpret
    _eq("recheck", "plots_to_remeasure_count", "Simple random sample per stratum",
        "CP-AB field QA/QC; min(N, max(5, ⌈0.10 N⌉))", "n", None, "plots",
        "Plots of a stratum to remeasure: 10 % and at least 5, never more than it has.",
        "Plots to remeasure"),
    _eq("recheck", "samples_to_reinterpret_count", "Simple random sample per map class",
        "Olofsson et al. 2014 response design; min(N, max(1, ⌈0.10 N⌉))", "n", None,
        "samples", "Accuracy samples of a map class to re-interpret: 10 %, at least one.",
        "Accuracy re-check"),
    # Monte Carlo deduction rules (TREES v2.0 Section 8, FCPF Carbon Fund, VMD0017 simulated)
    _eq("deductions", "half_width_fraction", MC, "IPCC 2006 Vol. 1, Ch. 3, Approach 2",
        "HW_c", "MC_Period_Half_Width_Fraction", F,
        "Half the central c interval of the draws over the absolute mean or median.",
        "Monte Carlo"),
    _eq("deductions", "running_mean_deviation_fraction", MC,
        "IPCC 2006 Vol. 1, Ch. 3, Approach 2 (convergence)", "|m_j − m_N| / |m_N|", None, F,
        "Deviation of the running mean after j draws from the mean of all draws.", "MC draws"),
    _eq("deductions", "half_width_change_fraction", MC,
        "IPCC 2006 Vol. 1, Ch. 3, Approach 2 (convergence)", "|HW_N − HW_N−W| / HW_N", None, F,
        "Change of the half-width when the last window of draws is added.", "Monte Carlo"),
    _eq("deductions", "rounded_half_away_from_zero", MC,
        "Spreadsheet ROUND as published tables type it", "ROUND(x, n)", None, "-",
        "A figure rounded half away from zero when the rule's setting gives decimals.",
        "Monte Carlo"),
    _eq("deductions", "simulated_ner_error_fraction", UNC,
        "X-UNC NER_ERROR from simulated draws, HW_0.95 over the mean", "E", None, F,
        "Half-width of the simulated 95 % interval over the mean; 0 when the mean is ≤ 0.",
        "Monte Carlo"),
    _eq("deductions", "period_deduction_factor", MC,
        "Share of NER kept under ART TREES and FCPF deductions (Σ adjusted / Σ NER)",
        "Deduction_Factor",
        None, F, "Σ adjusted NER over Σ NER; 1 when Σ NER ≤ 0.", "Uncertainty"),
    _eq("deductions", "art_trees_adjustment_fraction", TREES, "TREES v2.0 Section 8, Eq. 11",
        "UA_t", None, F, "Uncertainty adjustment: ART_UA_Scale × HW90 / ART_T90.",
        "Monte Carlo"),
    _eq("deductions", "art_trees_uncertainty_deduction_tco2e", TREES,
        "TREES v2.0 Section 8, Eq. 10", "UNC_t", None, T,
        "Uncertainty deduction of year t: |GHG_ER_t × UA_t|, also in a reversal year.",
        "Monte Carlo"),
    _eq("deductions", "art_trees_leakage_deduction_tco2e", TREES, "TREES v2.0 Section 8, Eq. 9",
        "LEAK_t", None, T, "Leakage deduction: GHG_ER_t × leakage fraction, 0 in a reversal year.",
        "Monte Carlo"),
    _eq("deductions", "art_trees_buffer_tco2e", TREES, "TREES v2.0 Section 8, Eq. 8", "BUF_t",
        None, T, "Buffer contribution: max(0, GHG_ER_t) × buffer fraction.", "Monte Carlo"),
    _eq("deductions", "art_trees_credited_tco2e", TREES,
        "TREES Calculation Template (Feb 2025), Summary Table", "TREES_ER_t", None, T,
        "Credited reductions: GHG_ER − BUF − UNC − LEAK floored at 0; a reversal: GHG_ER − UNC.",
        "Monte Carlo"),
    _eq("deductions", "art_trees_true_up_tco2e", TREES,
        "TREES v2.0 Section 8, consolidated deduction over the crediting period", "true-up",
        None, T, "Σ UNC_t less the deduction on the summed ERs at the period's UA (reported).",
        "Monte Carlo"),
    _eq("deductions", "fcpf_relative_margin_fraction", FCPF, "FCPF ER-MR Table 8; Criterion 9",
        "U", None, F, "Half the 90 % interval of the draws over their median; undefined if ≤ 0.",
        "Monte Carlo"),
    _eq("deductions", "fcpf_conservativeness_factor", FCPF,
        "FCPF Methodological Framework, Criterion 9; ER-MR Table 8, row D", "CF", None, F,
        "Conservativeness factor of the tier U falls in, bounds inclusive.", "Monte Carlo"),
    _eq("deductions", "fcpf_uncertainty_set_aside_tco2e", FCPF, "FCPF ER-MR Table 8, row E",
        "set-aside", None, T, "Uncertainty set-aside: max(0, ERs) × CF.", "Monte Carlo"),
    # reconciliation
    _eq("reconciliation", "difference_fraction", VCS, "ISO 14064-3:2019 materiality",
        "(C − R)/|R|", None, F, "Claimed minus recomputed over the recomputed value.",
        "Reconciliation"),
    _eq("reconciliation", "is_material", VCS, "ISO 14064-3:2019 materiality", "—", None,
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
