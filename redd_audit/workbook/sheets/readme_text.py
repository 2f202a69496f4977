"""The README sheet's fixed text: the contract names, a guide to every sheet, the conventions."""

from __future__ import annotations

from redd_audit.quantities import QUANTITIES
from redd_audit.workbook.sheets.formats import WHOLE_TCO2E

#: The contract's workbook-scope names (contract section 4), in the order shown on README.
CONTRACT_NAMES = (
    "Total_Baseline_tCO2e",
    "Total_Project_tCO2e",
    "Total_Leakage_tCO2e",
    "Total_NER_tCO2e",
    "NER_Error_Fraction",
    "Deduction_Factor",
    "Total_Adjusted_NER_tCO2e",
    "Total_Buffer_tCO2e",
    "Total_VCUs",
)


def contract_format(name: str) -> str:
    """Report format of a contract name (quantities registry): percentages, a factor, a count
    or whole tonnes."""
    formats = {q.workbook_name: q.report_format for q in QUANTITIES if q.workbook_name}
    return formats.get(name, WHOLE_TCO2E)


SHEET_GUIDE = {
    "README": "this page: project, period, versions, conventions, legend, key results",
    "Provenance": "every input file with SHA-256, rows read/used/excluded/refused, software",
    "Parameters": "cited constants, project settings and documents, vintages of the period",
    "Strata": "validated stocks beside inventory stocks; the stocks used in the accounting",
    "Emission schedule": "tCO2e per hectare cleared by age since clearing, per stratum",
    "Activity data": "deforestation per zone, stratum and cohort year (ex-ante and monitored)",
    "Accuracy assessment": "confusion matrix, OA/UA/PA with 95 % CI, threshold",
    "Accuracy by class": "per-class map accuracy and the change-class bias check",
    "Baseline": "ex-ante cohorts × vintages, project area (BL-UP)",
    "Project emissions": "monitored cohorts × vintages and fires (M-MON, E-BB)",
    "Leakage": "leakage belt monitored versus its baseline (LK-ASU)",
    "Uncertainty": "U_BSL, U_WPS, NER_ERROR and the deduction factor (X-UNC)",
    "Buffer": "buffer base and withholding per vintage (NPRT)",
    "Vintages": "the monitoring report's table of vintages; the totals are the contract names",
    "Ex-ante vs achieved": "validated ex-ante estimates versus achieved per vintage",
    "Reconciliation": "claimed versus recomputed per vintage, materiality flag",
    "Cumulative position": "issued before this period plus this period: VCUs and buffer to date",
    "Revisions": "what changed since the previous revision of this period",
    "Findings": "the verifier's findings register and the tool's draft findings",
    "Evidence sample": "monetary-unit sample of events to check on imagery, projection",
    "Plots to remeasure": "seeded selection of inventory plots to remeasure",
    "Accuracy re-check": "seeded selection of accuracy samples to re-interpret",
    "Equations": "every equation: module reference, formula in words, link to its cell",
    "Data quality": "every data-quality finding",
    "CCB indicators": "community and biodiversity indicators grouped by SDG, derived figures",
    "Change log": "differences to the previous period's summary",
    "Ex-ante baseline": "input rows of the validated ex-ante baseline table",
    "Events": "deforestation event rows with year and accounting flags (formulas)",
    "Fires": "fire event rows with vintage and E-BB flag (formulas)",
    "Monte Carlo": "simulation settings, statistics of every simulated series as formulas over "
    "the draws, the deduction rule, convergence and histogram (contract 7.5.3)",
    "MC draws": "the draws of every gross-ER series (input cells) and auxiliary columns",
    "MC convergence": "running sums and running-mean deviations over the last window",
    "Sensitivity": "tornado at each input's P5/P95 and variance shares (contract 7.5.4)",
    "Baseline emissions (PD)": "input rows of the PD's baseline emissions per zone and year",
    "Disturbance": "natural disturbance rows in the project area (contract 8.5)",
    "Plots": "inventory plots: biomass and carbon per hectare (formulas)",
    "Trees": "inventory trees: Chave et al. (2014) above-ground biomass per tree (formulas)",
    "Accuracy samples": "map accuracy sample rows",
}

CONVENTIONS = (
    "Vintages are calendar years clipped to the monitoring period (first and last vintage may "
    "be partial).",
    "Annual ex-ante quantities (baseline areas) and the tails of cohorts cleared in earlier "
    "years are pro-rated by days / days_in_year of the vintage.",
    "Dated events (deforestation, fires) count by their date: a cohort's clearing-year emission "
    "counts in the vintage containing the event's date.",
    "Events dated before the period start contribute only their later tails; events and "
    "baseline rows dated before the crediting period began or after the period end do not "
    "enter the accounting.",
    "Leakage = MAX(0, leakage-belt emissions − leakage-belt baseline) per vintage "
    "(Leakage_Netting = per_vintage) or once over the period allocated by days (per_period).",
    "Uncertainty deduction (X-UNC): NER × (1 − NER_ERROR + allowable) when NER_ERROR exceeds the "
    "allowable fraction; a reversal (NER < 0) is left unadjusted unless Reversal_Deduction = "
    "apply_factor.",
    "Buffer = risk rating × (ΔC_BSL − ΔC_P,stock) when NER > 0; VCUs = "
    "ROUNDDOWN(ROUND(adjusted NER − buffer, VCU_Rounding_Guard_Decimals), 0), none for a "
    "reversal.",
    "Ids (strata, map classes, files) are matched exactly, whatever characters they hold.",
    "Calculation sheets keep every decimal; report tables show whole tonnes. Fractions are "
    "stored as fractions (0–1) and shown as percentages.",
)
