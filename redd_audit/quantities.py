"""The quantities registry: one record per reported quantity, and the glossary of input terms.

A quantity keeps one name everywhere (docs/nomenclature.md): the ``summary.json`` key, the
:class:`~redd_audit.methodology.figures.VintageFigures` field, the claimed-vintages column, the
key of its cells on the workbook's Vintages sheet and, for a period total, the workbook defined
name of contract.md §4. Number formats: calculation cells keep three decimals of tCO2e; report
tables show whole tonnes. Modules that used to keep their own mapping tables read these records.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Number formats (Excel codes): tonnes with three decimals in calculation cells, whole tonnes
#: and whole units in report tables, fractions as percentages, factors with six decimals.
TCO2E_CALCULATION = "#,##0.000"
TCO2E_REPORT = "#,##0"
UNITS = "#,##0"
PERCENT = "0.00%"
FACTOR = "0.000000"


@dataclass(frozen=True)
class Quantity:
    """A reported quantity of the recomputation."""

    name: str
    label: str
    symbol: str
    unit: str
    meaning: str
    calculation_format: str
    report_format: str
    workbook_name: str | None
    vintage_key: str | None
    summary_key: str | None
    reconciled: bool = False
    in_summary_vintages: bool = False
    #: another key under which summary.json ``vintages[]`` carries the quantity (the
    #: contract's name where it differs from the engine's, e.g. section 8.9)
    summary_alias: str | None = None


def _tonnes(
    name: str,
    label: str,
    symbol: str,
    meaning: str,
    workbook_name: str | None,
    vintage_key: str | None,
    *,
    summary: bool = True,
    reconciled: bool = False,
    summary_alias: str | None = None,
) -> Quantity:
    return Quantity(
        name=name,
        label=label,
        symbol=symbol,
        unit="tCO2e",
        meaning=meaning,
        calculation_format=TCO2E_CALCULATION,
        report_format=TCO2E_REPORT,
        workbook_name=workbook_name,
        vintage_key=vintage_key,
        summary_key=name if summary else None,
        reconciled=reconciled,
        in_summary_vintages=summary,
        summary_alias=summary_alias,
    )


QUANTITIES: tuple[Quantity, ...] = (
    _tonnes("baseline_tco2e", "Baseline emissions", "ΔC_BSL",
            "project-area baseline emissions of the ex-ante cohorts, with tails",
            "Total_Baseline_tCO2e", "baseline", reconciled=True),
    _tonnes("project_tco2e", "Project emissions", "ΔC_P",
            "`project_stock_tco2e + project_fire_tco2e`",
            "Total_Project_tCO2e", "project", reconciled=True),
    _tonnes("project_stock_tco2e", "Project deforestation emissions", "ΔC_P,DefPA",
            "project-area emissions of monitored deforestation, with tails",
            "Total_Project_Stock_tCO2e", "project_stock"),
    _tonnes("project_fire_tco2e", "Project fire emissions", "E_BB",
            "non-CO2 emissions of forest fires in the project area",
            "Total_Project_Fire_tCO2e", "project_fire"),
    _tonnes("project_disturbance_tco2e", "Project natural-disturbance emissions", "ΔC_P,DistPA",
            "project-area emissions of natural disturbance overlapping baseline deforestation "
            "(contract 8.5), with tails; included in `project_stock_tco2e`", None, None),
    _tonnes("leakage_belt_tco2e", "Leakage-belt emissions", "ΔC_P,LB",
            "monitored leakage-belt deforestation emissions, with tails", None, "lb_monitored",
            summary=False,
            summary_alias="leakage_belt_emissions_tco2e"),
    Quantity("leakage_belt_baseline_tco2e", "Leakage-belt baseline", "ΔC_BSL,LB", "tCO2e",
             "leakage-belt baseline emissions: ex-ante cohorts with tails, or the PD's fixed "
             "table (contract 8.4)", TCO2E_CALCULATION, TCO2E_REPORT, None, "lb_baseline", None,
             in_summary_vintages=True),
    _tonnes("leakage_tco2e", "Leakage", "ΔC_LK-AS",
            "`max(0, leakage-belt monitored − leakage-belt baseline)` plus immigrant leakage "
            "outside the belt (contract 8.6, 0 unless enabled)",
            "Total_Leakage_tCO2e", "leakage", reconciled=True),
    _tonnes("leakage_asu_lb_tco2e", "Leakage in the belt", "ΔC_LK-ASU-LB",
            "leakage-belt part of the leakage (LK-ASU Eq. 1)", None, None),
    _tonnes("leakage_asu_olb_tco2e", "Leakage outside the belt", "ΔC_LK-ASU-OLB",
            "immigrant leakage outside the belt, `A_LK-OLB × C_OLB` (contract 8.6)", None, None),
    _tonnes("ner_tco2e", "Net emission reductions", "NER", "`baseline − project − leakage`",
            "Total_NER_tCO2e", "ner"),
    Quantity("ner_error_fraction", "NER error", "NER_ERROR", "–",
             "half-width of the 95 % CI of the NER over the NER", PERCENT, PERCENT,
             "NER_Error_Fraction", None, "ner_error_fraction"),
    Quantity("deduction_factor", "Uncertainty deduction factor", "–", "–",
             "`1` or `1 − NER_ERROR + allowable`; under `art-trees` and `fcpf` "
             "`Σ adjusted_ner / Σ ner` (contract 7.3.4); per vintage the share of its NER kept",
             FACTOR, FACTOR, "Deduction_Factor", None, "deduction_factor",
             in_summary_vintages=True),
    Quantity("half_width_fraction", "Half-width of the deduction", "HW", "–",
             "the half-width fraction the vintage's deduction was sized with: NER_ERROR (X-UNC "
             "propagation), E, HW90_t or U (contract 7.3)", PERCENT, PERCENT, None, None, None,
             in_summary_vintages=True),
    Quantity("uncertainty_deduction_tco2e", "Uncertainty deduction", "UNC", "tCO2e",
             "`ner − adjusted_ner` (ART TREES: UNC_t, contract 7.3.2); reconciled when "
             "claimed (contract 7.1.4)", TCO2E_CALCULATION, TCO2E_REPORT,
             "Total_Uncertainty_Deduction_tCO2e", "uncertainty_deduction", None,
             in_summary_vintages=True),
    _tonnes("adjusted_ner_tco2e", "Adjusted net emission reductions", "Adjusted_NER",
            "`ner × deduction_factor` (reversals unadjusted)",
            "Total_Adjusted_NER_tCO2e", "adjusted_ner"),
    _tonnes("buffer_base_tco2e", "Buffer base", "ΔC_BSL − ΔC_P,stock",
            "carbon-stock part of the net reduction the risk rating applies to", None,
            "buffer_base", summary=False),
    _tonnes("buffer_tco2e", "Buffer", "Buffer",
            "`risk_rating × (baseline − project_stock)` when NER > 0",
            "Total_Buffer_tCO2e", "buffer", reconciled=True),
    Quantity("vcus", "VCUs", "VCU", "units (tCO2e)",
             "`floor(adjusted_ner − buffer)` after the rounding guard, never negative",
             UNITS, UNITS, "Total_VCUs", "vcus", "vcus", reconciled=True,
             in_summary_vintages=True),
    Quantity("year_fraction", "Year fraction", "f_v", "–",
             "days of the vintage over days of its project year", FACTOR, FACTOR, None, None,
             None, in_summary_vintages=True),
    Quantity("baseline_area_ha", "Baseline deforestation area", "A_BSL,PA", "ha",
             "project-area baseline deforestation of the vintage (ex-ante areas or the fixed "
             "table, × f_v)", "#,##0.000", "#,##0", None, None, None, in_summary_vintages=True),
    Quantity("project_deforestation_tco2e", "Project deforestation emissions", "ΔC_P,DefPA",
             "tCO2e", "project-area emissions of monitored deforestation, disturbance excluded",
             TCO2E_CALCULATION, TCO2E_REPORT, None, None, None, in_summary_vintages=True),
    Quantity("reported", "Reported figures", "ROUND(·)", "tCO2e",
             "the vintage in whole tonnes as reports present it: each column rounded, then "
             "NER, buffer and VCUs from the rounded columns (contract 8.8)", TCO2E_REPORT,
             TCO2E_REPORT, None, None, None, in_summary_vintages=True),
    Quantity("immigrant_leakage", "Immigrant leakage terms", "A_LK-IMM … ΔC_LK-ASU-OLB", "–",
             "the terms of LK-ASU leakage outside the belt (contract 8.9); null when disabled",
             "General", "General", None, None, None, in_summary_vintages=True),
)  # fmt: skip


@dataclass(frozen=True)
class Term:
    """An input or setting name of the glossary."""

    name: str
    symbol: str
    meaning: str
    unit: str
    workbook_name: str


TERMS: tuple[Term, ...] = (
    Term("carbon_tc_per_ha", "C_k,i", "stock of pool k in stratum i", "tC ha⁻¹",
         "AG_<stratum>, BG_<stratum>, DW_<stratum>, LI_<stratum>"),
    Term("post_deforestation_tc_per_ha", "C_post,i", "long-term stock after clearing",
         "tC ha⁻¹", "Cpost_<stratum>"),
    Term("emission_schedule_years", "N_k", "years over which pool k is emitted", "years",
         "N_AG, N_BG, N_DW, N_LI"),
    Term("carbon_uncertainty_fraction", "U_i",
         "stratum stock uncertainty (95 % half-width over mean)", "–", "U_<stratum>"),
    Term("fuel_t_dm_per_ha", "B", "available fuel", "t d.m. ha⁻¹", "Fuel_<stratum>"),
    Term("combustion_factor", "COMF", "share of fuel burnt", "–", "COMF_<stratum>"),
    Term("fire_emission_factors_g_per_kg", "G_CH4, G_N2O", "gas emitted per dry matter burnt",
         "g kg⁻¹", "G_CH4_g_per_kg, G_N2O_g_per_kg"),
    Term("gwp", "GWP_CH4, GWP_N2O", "global warming potentials", "tCO2e t⁻¹",
         "GWP_CH4, GWP_N2O"),
    Term("risk_rating_fraction", "NPR", "non-permanence risk rating", "–",
         "Risk_Rating_Fraction"),
    Term("allowable_fraction", "–", "X-UNC free band (0.15)", "–",
         "Allowable_Uncertainty_Fraction"),
    Term("materiality_fraction", "–", "verifier's materiality threshold (0.01 large projects)",
         "–", "Materiality_Fraction"),
    Term("year_fraction", "f_v", "days of the vintage over days of its calendar year", "–",
         "(Vintages sheet, per vintage)"),
    Term("co2_per_c", "44/12", "tCO2 per tC", "–", "CO2_per_C"),
    Term("rounding_guard_decimals", "–", "decimals kept before rounding to whole units",
         "–", "VCU_Rounding_Guard_Decimals"),
    Term("stratum_weight", "W_i", "mapped-area share of a map class (accuracy sample)", "–",
         "(Accuracy samples sheet)"),
    Term("z_95", "z_95", "two-sided 95 % normal quantile (1.96, Olofsson et al. 2014)", "–",
         "z_95"),
    Term("map_accuracy.change_class", "j", "map class whose area the map may misstate",
         "–", "Change_Class"),
    Term("sample_seed", "–", "seed of the evidence sample and the re-check selections", "–",
         "MUS_Seed"),
    Term("reliability_factor", "R", "Poisson factor for no error at 95 % confidence", "–",
         "MUS_Reliability_Factor"),
    Term("start_fraction", "u", "the one uniform draw fixing the selection points", "–",
         "MUS_Start_Fraction"),
    Term("observed_area_ha", "a", "area the verifier observes for a selected event", "ha",
         "(Evidence sample sheet, verifier input)"),
)  # fmt: skip


def by_name() -> dict[str, Quantity]:
    """The quantities keyed by name."""
    return {q.name: q for q in QUANTITIES}


def summary_totals() -> tuple[Quantity, ...]:
    """The quantities of ``summary.json`` ``totals`` (contract.md §4), in contract order."""
    return tuple(q for q in QUANTITIES if q.summary_key is not None)


def summary_vintage_keys() -> tuple[str, ...]:
    """The quantities of each ``summary.json`` ``vintages[]`` entry."""
    names = [q.name for q in QUANTITIES if q.in_summary_vintages]
    return tuple(names + [q.summary_alias for q in QUANTITIES if q.summary_alias])


def reconciled() -> tuple[str, ...]:
    """Names of the quantities reconciled against the proponent's claims."""
    return tuple(q.name for q in QUANTITIES if q.reconciled)


def workbook_total_name(name: str) -> str:
    """The contract's workbook defined name of the period total of ``name`` (KeyError if none)."""
    workbook_name = by_name()[name].workbook_name
    if workbook_name is None:
        raise KeyError(f"{name} has no period total in the workbook")
    return workbook_name
