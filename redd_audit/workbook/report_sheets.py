"""Sheets that document the run: README, Provenance, Parameters, Data quality, CCB indicators,
Change log."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from redd_audit import parameters as parameter_records
from redd_audit.findings import sort_findings
from redd_audit.methodology.net_reductions import VCU_ROUNDING_GUARD_DECIMALS
from redd_audit.workbook.book import Book
from redd_audit.workbook.layout import HEADER_ROW, SheetBuilder, fx, inp, label, link, plain
from redd_audit.workbook.model import (
    COUNT,
    DATE,
    FACTOR,
    FRACTION,
    NUMBER,
    TCO2E,
    YEAR,
    Cell,
    Formula,
    Highlight,
)
from redd_audit.workbook.sheets.data_table import RawColumn, data_table_sheet

#: The contract's workbook-scope names (contract.md §4), in the order shown on README.
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
CONTRACT_FORMATS = {
    "NER_Error_Fraction": FRACTION,
    "Deduction_Factor": FACTOR,
    "Total_VCUs": COUNT,
}

SHEET_GUIDE = {
    "README": "this page: project, period, versions, conventions, legend, key results",
    "Provenance": "every input file with SHA-256, rows read/used/excluded/refused, software",
    "Parameters": "cited constants (parameters.yaml) and project settings, each a named cell",
    "Strata": "validated stocks beside inventory stocks; the stocks used in the accounting",
    "Emission schedule": "tCO2e per hectare cleared by age since clearing, per stratum",
    "Activity data": "deforestation per zone, stratum and cohort year (ex-ante and monitored)",
    "Accuracy assessment": "confusion matrix, OA/UA/PA with 95 % CI, threshold",
    "Baseline": "ex-ante cohorts × vintages, project area (BL-UP)",
    "Project emissions": "monitored cohorts × vintages and fires (M-MON, E-BB)",
    "Leakage": "leakage belt monitored versus its baseline (LK-ASU)",
    "Uncertainty": "U_BSL, U_WPS, NER_ERROR and the deduction factor (X-UNC)",
    "Buffer": "buffer base and withholding per vintage (NPRT)",
    "Vintages": "the monitoring report §5.4 table; the totals are the contract names",
    "Ex-ante vs achieved": "validated ex-ante estimates versus achieved per vintage",
    "Reconciliation": "claimed versus recomputed per vintage, materiality flag",
    "Data quality": "every data-quality finding",
    "CCB indicators": "community and biodiversity indicators grouped by SDG, derived figures",
    "Change log": "differences to the previous period's summary",
    "Ex-ante baseline": "input rows of the validated ex-ante baseline table",
    "Events": "deforestation event rows with year and accounting flags (formulas)",
    "Fires": "fire event rows with vintage and E-BB flag (formulas)",
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
    "Fractions are stored as fractions (0–1) and shown as percentages.",
)


def _p(
    sh: SheetBuilder,
    row: int,
    text: str,
    value: object,
    role: str = "label",
    fmt: str | None = None,
) -> None:
    sh.put(row, 1, text, "key")
    if isinstance(value, Cell):
        sh.cells[(row, 2)] = value
    else:
        sh.put(row, 2, plain(value), role, fmt)  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------
# README


def readme_sheet(book: Book, kind: str) -> None:
    ctx = book.ctx
    p = ctx.project
    gate = "passed" if kind == "verification" else "FAILED: no emission figures are produced"
    sh = book.sheet(
        "README",
        f"{'Verification' if kind == 'verification' else 'Data-quality'} workbook — {p.id} "
        f"{p.name}",
        "Generated by redd-audit from the project folder; every number below the inputs is a "
        "live formula. Recalculate (Excel recalculates on open) to see the values.",
    )
    sh.protected = False
    r = 4
    sh.put(r - 1, 1, "Project and run", "subtitle")
    rows: list[tuple[str, object, str | None]] = [
        ("Project id", p.id, None),
        ("Project name", p.name, None),
        ("Proponent", p.proponent, None),
        ("Verifier", p.verifier, None),
        ("Standards", ", ".join(p.standards), None),
        ("Monitoring period start", ctx.start, DATE),
        ("Monitoring period end", ctx.end, DATE),
        ("Crediting period", f"{p.crediting_period.start} to {p.crediting_period.end}", None),
        ("Methodology", f"{p.methodology.id} version {p.methodology.version}", None),
    ]
    rows += [
        (f"Module {m}", f"version {v}", None) for m, v in sorted(p.methodology.modules.items())
    ]
    rows += [
        ("Quality gate", gate, None),
        ("Rule set", str(ctx.rule_set.get("id", p.accounting.rules.id)), None),
        ("Run id", ctx.run_id, None),
        ("Code version (redd-audit)", ctx.software.get("redd-audit", "unknown"), None),
        ("Parameters version", ctx.parameters_version, None),
    ]
    for text, value, fmt in rows:
        if kind == "quality" and text.startswith("Monitoring period"):
            name = "Period_Start" if text.endswith("start") else "Period_End"
            _p(sh, r, text, inp(value, fmt))
            sh.define(name, r, 2)
        else:
            _p(sh, r, text, value, "label", fmt)
        r += 1

    if kind == "verification":
        r += 1
        sh.put(
            r,
            1,
            "Key results (contract names; formulas on the Vintages and Uncertainty sheets)",
            "subtitle",
        )
        r += 1
        for name in CONTRACT_NAMES:
            sh.put(r, 1, name, "key")
            sh.put(r, 2, Formula(f"={name}"), "link", CONTRACT_FORMATS.get(name, TCO2E))
            r += 1
    else:
        r += 1
        sh.put(r, 1, "The data-quality gate failed", "subtitle")
        r += 1
        sh.put(
            r,
            1,
            "Error findings block the recomputation: this workbook lists every finding (Data "
            "quality sheet) and the provenance of the inputs, and contains no emission figures.",
            "note",
        )
        r += 1

    r += 1
    sh.put(r, 1, "Colour legend", "subtitle")
    r += 1
    legend = [
        (inp("Input"), "from the input files or project.yaml: blue on light yellow; unlocked"),
        (Cell(Formula('="Formula"'), "formula"), "derived by a formula: black"),
        (Cell(Formula('="Link"'), "link"), "a formula that only refers to another cell: green"),
        (Cell("Header", "header"), "column headers"),
    ]
    for cell, text in legend:
        sh.cells[(r, 1)] = cell
        sh.put(r, 2, text)
        r += 1
    sh.put(
        r,
        1,
        "Calculation sheets are protected to avoid accidental edits; Review > Unprotect Sheet, no "
        "password. Input cells stay editable so that a verifier can test a change.",
        "note",
    )
    r += 2

    if kind == "verification":
        sh.put(r, 1, "Conventions (vintages and partial years)", "subtitle")
        r += 1
        for text in CONVENTIONS:
            sh.put(r, 1, "•")
            sh.put(r, 2, text)
            r += 1
        r += 1

    sh.put(r, 1, "How to navigate", "subtitle")
    r += 1
    for name in book.sheet_order:
        target = f"#'{name}'!A1".replace('"', '""')
        sh.put(r, 1, Formula(f'=HYPERLINK("{target}","{name}")'), "link")
        sh.put(r, 2, SHEET_GUIDE.get(name, ""))
        r += 1
    r += 1

    sh.put(r, 1, "Rule set in force", "subtitle")
    r += 1
    for key, value in _flatten(ctx.rule_set):
        sh.put(r, 1, key)
        sh.put(r, 2, "" if value is None else str(value))
        r += 1
    if ctx.missing_tables:
        r += 1
        sh.put(r, 1, "Optional tables not provided", "subtitle")
        r += 1
        for t in ctx.missing_tables:
            sh.put(r, 1, t)
            r += 1
    sh.widths_from(1, [40, 110])


def _flatten(data: Mapping[str, object], prefix: str = "") -> list[tuple[str, object]]:
    out: list[tuple[str, object]] = []
    for key in data:
        value = data[key]
        full = f"{prefix}{key}"
        if isinstance(value, Mapping):
            out += _flatten(value, full + ".")
        else:
            out.append((full, value))
    return out


# --------------------------------------------------------------------------------------------
# Provenance


def provenance_sheet(book: Book) -> None:
    ctx = book.ctx
    sh = book.sheet(
        "Provenance",
        "Provenance: input files, row ledger, companion evidence files, software",
        "Every input row ends as used, excluded by a named rule, or refused by the quality gate; "
        "the counts add up to the rows read.",
    )
    r = 3
    sh.put(r, 1, "1. Input files", "subtitle")
    r += 1
    sh.headers(r, 1, ["Table", "File", "SHA-256", "Rows", "Size (bytes)"])
    r += 1
    for i in sorted(ctx.inputs, key=lambda x: (x.table, x.file)):
        sh.put_row(
            r,
            1,
            [
                label(i.table),
                label(i.file),
                label(i.sha256),
                inp(i.rows, COUNT),
                inp(i.size_bytes, COUNT),
            ],
        )
        r += 1
    r += 1
    ledger = sorted(ctx.ledger, key=lambda x: (x.table, x.file))
    reasons = [(e, reason, count) for e in ledger for reason, count in sorted(e.excluded.items())]
    sh.put(r, 1, "2. Row ledger", "subtitle")
    r += 1
    sh.headers(
        r,
        1,
        [
            "Table",
            "File",
            "Rows read",
            "Used",
            "Excluded (by rule)",
            "Refused (quality gate)",
            "Balanced",
        ],
    )
    r += 1
    ledger_first = r
    reasons_first = ledger_first + len(ledger) + 3
    reasons_last = reasons_first + max(len(reasons), 1) - 1
    for e in ledger:
        counts = f"$D${reasons_first}:$D${reasons_last}"
        files = f"$B${reasons_first}:$B${reasons_last}"
        excluded = f"=SUMIFS({counts},{files},B{r})"
        sh.put_row(
            r,
            1,
            [
                label(e.table),
                label(e.file),
                inp(e.rows_read, COUNT),
                inp(e.used, COUNT),
                fx(excluded, COUNT),
                inp(e.refused, COUNT),
                fx(f"=D{r}+E{r}+F{r}=C{r}"),
            ],
        )
        r += 1
    if ledger:
        sh.highlights.append(Highlight(f"G{ledger_first}:G{r - 1}", f"G{ledger_first}=FALSE"))
    r = reasons_first - 2
    sh.put(r, 1, "3. Rows excluded, by rule", "subtitle")
    sh.headers(r + 1, 1, ["Table", "File", "Rule", "Rows"])
    r = reasons_first
    for e, reason, count in reasons:
        sh.put_row(r, 1, [label(e.table), label(e.file), label(reason), inp(count, COUNT)])
        r += 1
    if not reasons:
        sh.put(r, 1, "No row was excluded by a rule.", "note")
        r += 1
    r += 1
    sh.put(r, 1, "4. Companion evidence files (beside the workbook)", "subtitle")
    r += 1
    if book.companions:
        sh.headers(r, 1, ["Table", "File", "SHA-256", "Rows", "Content"])
        r += 1
        for c in book.companions:
            sh.put_row(
                r,
                1,
                [
                    label(c.table),
                    label(c.name),
                    label(c.sha256),
                    inp(c.rows, COUNT),
                    label(c.description),
                ],
            )
            r += 1
    else:
        sh.put(r, 1, "None: every table fits on its sheet.", "note")
        r += 1
    r += 1
    sh.put(r, 1, "5. Software and versions", "subtitle")
    r += 1
    sh.headers(r, 1, ["Component", "Version"])
    r += 1
    for name, version in sorted(ctx.software.items()):
        sh.put_row(r, 1, [label(name), label(version)])
        r += 1
    for text, value in (
        ("parameters.yaml", ctx.parameters_version),
        ("rule set", str(ctx.rule_set.get("id", ctx.project.accounting.rules.id))),
        ("run id", ctx.run_id),
    ):
        sh.put_row(r, 1, [label(text), label(value)])
        r += 1
    sh.widths_from(1, [22, 42, 68, 12, 14, 14, 10])
    sh.title_rows = "1:2"


# --------------------------------------------------------------------------------------------
# Parameters


PARAMETER_NAMES = {"co2_per_c": "CO2_per_C"}


@dataclass(frozen=True)
class Setting:
    name: str
    value: object
    unit: str
    setting: str
    description: str
    fmt: str | None = None
    formula: bool = False


def project_settings(book: Book) -> list[Setting]:
    p = book.ctx.project
    acc = p.accounting
    years = acc.emission_schedule_years
    rules = acc.rules
    inv = p.inventory
    return [
        Setting(
            "Period_Start",
            book.ctx.start,
            "date",
            "--start",
            "first day of the monitoring period",
            DATE,
        ),
        Setting(
            "Period_End", book.ctx.end, "date", "--end", "last day of the monitoring period", DATE
        ),
        Setting(
            "Crediting_Start",
            p.crediting_period.start,
            "date",
            "crediting_period.start",
            "crediting period start",
            DATE,
        ),
        Setting(
            "Crediting_End",
            p.crediting_period.end,
            "date",
            "crediting_period.end",
            "crediting period end",
            DATE,
        ),
        Setting(
            "N_AG",
            years.above_ground,
            "years",
            "accounting.emission_schedule_years.above_ground",
            "above-ground stock emitted over N years",
            COUNT,
        ),
        Setting(
            "N_BG",
            years.below_ground,
            "years",
            "accounting.emission_schedule_years.below_ground",
            "below-ground stock emitted over N years",
            COUNT,
        ),
        Setting(
            "N_DW",
            years.dead_wood,
            "years",
            "accounting.emission_schedule_years.dead_wood",
            "dead wood emitted over N years",
            COUNT,
        ),
        Setting(
            "N_LI",
            years.litter,
            "years",
            "accounting.emission_schedule_years.litter",
            "litter emitted over N years",
            COUNT,
        ),
        Setting(
            "GWP_CH4",
            acc.gwp.ch4,
            "tCO2e / t CH4",
            "accounting.gwp.ch4",
            "global warming potential of CH4",
            NUMBER,
        ),
        Setting(
            "GWP_N2O",
            acc.gwp.n2o,
            "tCO2e / t N2O",
            "accounting.gwp.n2o",
            "global warming potential of N2O",
            NUMBER,
        ),
        Setting("GWP_Set", rules.gwp_set, "-", "accounting.rules.gwp_set", "label of the GWP set"),
        Setting(
            "G_CH4_g_per_kg",
            acc.fire_emission_factors_g_per_kg.ch4,
            "g CH4 / kg d.m.",
            "accounting.fire_emission_factors_g_per_kg.ch4",
            "CH4 emission factor of biomass burning (IPCC 2006 Table 2.5)",
            NUMBER,
        ),
        Setting(
            "G_N2O_g_per_kg",
            acc.fire_emission_factors_g_per_kg.n2o,
            "g N2O / kg d.m.",
            "accounting.fire_emission_factors_g_per_kg.n2o",
            "N2O emission factor of biomass burning (IPCC 2006 Table 2.5)",
            NUMBER,
        ),
        Setting(
            "Fire_EF_tCO2e_per_t_dm",
            "=(G_CH4_g_per_kg*GWP_CH4+G_N2O_g_per_kg*GWP_N2O)*t_gas_per_g_per_kg",
            "tCO2e / t d.m.",
            "(derived)",
            "(G_CH4·GWP_CH4 + G_N2O·GWP_N2O)·10⁻³ (VMD0013 E-BB; IPCC 2006 Eq. 2.27)",
            "0.000000",
            True,
        ),
        Setting(
            "Allowable_Uncertainty_Fraction",
            acc.uncertainty.allowable_fraction,
            "fraction",
            "accounting.uncertainty.allowable_fraction",
            "X-UNC free band",
            FRACTION,
        ),
        Setting(
            "Given_Baseline_Uncertainty_Fraction",
            acc.uncertainty.baseline_fraction,
            "fraction",
            "accounting.uncertainty.baseline_fraction",
            "given U_BSL (empty: propagated from the strata)",
            FRACTION,
        ),
        Setting(
            "Given_Project_Uncertainty_Fraction",
            acc.uncertainty.project_fraction,
            "fraction",
            "accounting.uncertainty.project_fraction",
            "given U_WPS (empty: propagated from the strata)",
            FRACTION,
        ),
        Setting(
            "Risk_Rating_Fraction",
            acc.buffer.risk_rating_fraction,
            "fraction",
            "accounting.buffer.risk_rating_fraction",
            "non-permanence risk rating (NPRT)",
            FRACTION,
        ),
        Setting(
            "Materiality_Fraction",
            p.materiality_fraction,
            "fraction",
            "materiality_fraction",
            "materiality threshold of the reconciliation",
            FRACTION,
        ),
        Setting(
            "VCU_Rounding_Guard_Decimals",
            VCU_ROUNDING_GUARD_DECIMALS,
            "decimals",
            "(rule)",
            "decimals kept before VCUs are rounded down (floating-point guard)",
            COUNT,
        ),
        Setting("Rule_Set_Id", rules.id, "-", "accounting.rules.id", "rule set identifier"),
        Setting(
            "Leakage_Netting",
            rules.leakage_netting,
            "-",
            "accounting.rules.leakage_netting",
            "MAX(0, ·) per_vintage or per_period",
        ),
        Setting(
            "Buffer_Base",
            rules.buffer_base,
            "-",
            "accounting.rules.buffer_base",
            "stock_change or adjusted_stock_change",
        ),
        Setting(
            "Uncertainty_Project_Weights",
            rules.uncertainty_project_weights,
            "-",
            "accounting.rules.uncertainty_project_weights",
            "total_emissions or stock_emissions",
        ),
        Setting(
            "Reversal_Deduction",
            rules.reversal_deduction,
            "-",
            "accounting.rules.reversal_deduction",
            "none or apply_factor",
        ),
        Setting(
            "Carbon_Stock_Source",
            acc.carbon_stock_source,
            "-",
            "accounting.carbon_stock_source",
            "validated or inventory",
        ),
        Setting(
            "Vintage_Allocation",
            acc.vintage_allocation,
            "-",
            "accounting.vintage_allocation",
            "calendar_year",
        ),
        Setting(
            "Carbon_Fraction",
            inv.carbon_fraction,
            "tC / t d.m.",
            "inventory.carbon_fraction",
            "carbon fraction of dry biomass",
            NUMBER,
        ),
        Setting(
            "Below_Ground_Method",
            inv.below_ground_method,
            "-",
            "inventory.below_ground_method",
            "root_to_shoot or mokany_2006",
        ),
        Setting(
            "Root_to_Shoot_Ratio",
            inv.root_to_shoot_ratio,
            "-",
            "inventory.root_to_shoot_ratio",
            "R, below- to above-ground biomass",
            NUMBER,
        ),
        Setting(
            "Environmental_Stress_E",
            inv.environmental_stress_e,
            "-",
            "inventory.environmental_stress_e",
            "Chave et al. 2014 covariate E",
            NUMBER,
        ),
        Setting(
            "Target_Precision_Fraction",
            inv.target_precision_fraction,
            "fraction",
            "inventory.target_precision_fraction",
            "target precision of the stratum mean",
            FRACTION,
        ),
        Setting(
            "Min_Overall_Accuracy_Fraction",
            p.map_accuracy.min_overall_accuracy_fraction,
            "fraction",
            "map_accuracy.min_overall_accuracy_fraction",
            "minimum overall map accuracy",
            FRACTION,
        ),
        Setting(
            "Min_Samples_Per_Class",
            p.map_accuracy.min_samples_per_class,
            "samples",
            "map_accuracy.min_samples_per_class",
            "minimum accuracy samples per class",
            COUNT,
        ),
    ]


def parameters_sheet(book: Book) -> None:
    sh = book.sheet(
        "Parameters",
        "Parameters: cited methodology constants and the project settings (named cells)",
        "Each value is a named cell used by the formulas. Constants come from "
        "redd_audit/data/parameters.yaml (the same records the code reads); settings from "
        "project.yaml.",
    )
    r = 3
    sh.put(
        r,
        1,
        f"1. Methodology constants (parameters.yaml version {parameter_records.version()})",
        "subtitle",
    )
    r += 1
    sh.headers(
        r, 1, ["Defined name", "Value", "Unit", "Expression", "Source", "Locator", "Description"]
    )
    r += 1
    for key, rec in parameter_records.records().items():
        name = PARAMETER_NAMES.get(key, key)
        sh.put_row(
            r,
            1,
            [
                label(name),
                inp(rec.value, "0.0000000000" if abs(rec.value) < 10 else NUMBER),
                label(rec.unit),
                label(rec.expression or ""),
                label(rec.source),
                label(rec.locator),
                label(rec.description),
            ],
        )
        sh.define(name, r, 2, rec.description)
        r += 1
    r += 1
    sh.put(r, 1, "2. Project settings (project.yaml) and rule set", "subtitle")
    r += 1
    sh.headers(r, 1, ["Defined name", "Value", "Unit", "Setting", "Description"])
    r += 1
    for s in project_settings(book):
        value = fx(str(s.value), s.fmt) if s.formula else inp(s.value, s.fmt)
        sh.put_row(
            r, 1, [label(s.name), value, label(s.unit), label(s.setting), label(s.description)]
        )
        sh.define(s.name, r, 2, s.description)
        r += 1
    sh.widths_from(1, [34, 16, 22, 44, 48, 52, 60])
    sh.title_rows = "1:2"


# --------------------------------------------------------------------------------------------
# Data quality

FINDING_COLUMNS = (
    RawColumn("severity", "Severity", "label", None, 9),
    RawColumn("file", "File", "label", None, 26),
    RawColumn("row", "Row", "label", COUNT, 7),
    RawColumn("record", "Record", "label", None, 22),
    RawColumn("column", "Column", "label", None, 16),
    RawColumn("value", "Observed value", "label", None, 18),
    RawColumn("expectation", "Expectation", "label", None, 34),
    RawColumn("rule", "Rule", "label", None, 28),
    RawColumn("message", "Message", "label", None, 70),
)


def data_quality_sheet(book: Book) -> None:
    ctx = book.ctx
    sh = book.sheet(
        "Data quality",
        "Data quality: every finding of the quality gate (Great Expectations suites)",
        "Errors block the run (no emission figures); warnings are reported. Rows are numbered as "
        "a spreadsheet shows them (header = row 1).",
    )
    sh.protected = False
    findings = sort_findings(list(ctx.findings))
    frame = pd.DataFrame(
        [f.to_dict() for f in findings], columns=[c.key for c in FINDING_COLUMNS]
    ).astype(object)
    header_row = 6
    n = len(frame)
    first, last = header_row + 1, max(header_row + n, header_row + 1)
    sh.put(3, 1, "Errors", "key")
    sh.put(4, 1, "Warnings", "key")
    result = data_table_sheet(
        sh,
        ctx,
        "findings",
        FINDING_COLUMNS,
        (),
        {},
        book.row_limit,
        frame=frame,
        header_row=header_row,
    )
    if result.on_sheet:
        sh.put(3, 2, Formula(f'=COUNTIF($A${first}:$A${last},"error")'), "formula", COUNT)
        sh.put(4, 2, Formula(f'=COUNTIF($A${first}:$A${last},"warning")'), "formula", COUNT)
        if n == 0:
            sh.put(5, 1, "No finding: every expectation passed.", "note")
    else:
        errors = sum(1 for f in findings if f.severity == "error")
        sh.put(3, 2, errors, "input", COUNT)
        sh.put(4, 2, n - errors, "input", COUNT)
        if result.companion is not None:
            book.companions.append(result.companion)


# --------------------------------------------------------------------------------------------
# CCB indicators


def _words(indicator_id: str) -> set[str]:
    return {w for w in re.split(r"[^a-z0-9]+", indicator_id.lower()) if w}


def indicator_kind(indicator_id: str) -> str | None:
    """Which derived figure an indicator feeds, from the words of its id: ``households``,
    ``holders`` (concession holders) or ``holders_women``; None otherwise."""
    words = _words(indicator_id)
    if words & {"household", "households"}:
        return "households"
    if "holders" in words:
        return "holders_women" if "women" in words else "holders"
    return None


def _sdg_key(value: object) -> tuple[float, str]:
    text = "" if plain(value) is None else str(plain(value))
    number = re.search(r"\d+", text)
    return (float(number.group()) if number else float("inf"), text)


def ccb_sheet(book: Book, kind: str) -> None:
    ctx = book.ctx
    sh = book.sheet(
        "CCB indicators",
        "CCB indicators: community and biodiversity co-benefits, grouped by SDG",
        "Indicator values as reported (inputs); 'overlaps period' marks reporting periods that "
        "overlap the monitoring period. Derived figures below.",
    )
    frame = ctx.frames.get("ccb_indicators")
    if frame is None:
        sh.put(HEADER_ROW, 1, "ccb_indicators was not provided.", "note")
        return
    records = frame.to_dict("records")
    records.sort(
        key=lambda rec: (
            _sdg_key(rec["sdg"]),
            str(plain(rec["indicator_id"]) or ""),
            int(rec.get("_row") or 0),
        )
    )
    sh.headers(
        HEADER_ROW,
        1,
        [
            "SDG",
            "indicator_id",
            "description",
            "period_start",
            "period_end",
            "value",
            "unit",
            "source",
            "Row in file",
            "Overlaps period",
        ],
    )
    r = HEADER_ROW + 1
    value_cell: dict[int, tuple[str, bool, object]] = {}
    current: object = ()
    for row in records:
        sdg = plain(row["sdg"])
        if sdg != current:
            current = sdg
            text = "(SDG not given)" if sdg is None else str(sdg)
            sh.put(r, 1, text if text.upper().startswith("SDG") else f"SDG {text}", "subtitle")
            r += 1
        sh.put_row(
            r,
            1,
            [
                inp(row["sdg"]),
                inp(row["indicator_id"]),
                inp(row["description"]),
                inp(row["period_start"], DATE),
                inp(row["period_end"], DATE),
                inp(row["value"], NUMBER),
                inp(row["unit"]),
                inp(row["source"]),
                label(row.get("_row"), COUNT),
                fx(f"=AND(E{r}>=Period_Start,D{r}<=Period_End)"),
            ],
        )
        start, end = plain(row["period_start"]), plain(row["period_end"])
        overlaps = (
            start is not None and end is not None and end >= ctx.start and start <= ctx.end  # type: ignore[operator]
        )
        value_cell[r] = (str(plain(row["indicator_id"]) or ""), overlaps, end)
        r += 1
    r += 1
    sh.put(r, 1, "Derived figures", "subtitle")
    r += 1

    def latest(kind: str) -> int | None:
        """Row of the matching indicator, preferring those overlapping the period, then the
        latest reporting period."""
        rows = [
            (overlaps, end or dt.date.min, rr)
            for rr, (iid, overlaps, end) in value_cell.items()
            if indicator_kind(iid) == kind
        ]
        return max(rows)[2] if rows else None

    if kind == "verification":
        items = [
            ("Project area (ha)", "=Project_Area_ha", NUMBER),
            ("VCUs of the period", "=Total_VCUs", COUNT),
            ("Period length (years)", "=Period_Years", FACTOR),
            (
                "Forest area protected per VCU (m² per tCO2e)",
                '=IF(Total_VCUs>0,Project_Area_ha*m2_per_ha/Total_VCUs,"")',
                NUMBER,
            ),
            (
                "VCUs per year (annualised)",
                '=IF(Period_Years>0,Total_VCUs/Period_Years,"")',
                NUMBER,
            ),
            (
                "Forest area protected per annual VCU (m² per tCO2e per year)",
                '=IF(Total_VCUs>0,Project_Area_ha*m2_per_ha/(Total_VCUs/Period_Years),"")',
                NUMBER,
            ),
        ]
        for text, formula, fmt in items:
            sh.put(r, 1, text, "key")
            sh.put(r, 2, Formula(formula), "link" if "(" not in formula else "formula", fmt)
            r += 1
        sh.put(
            r,
            1,
            "Compare with the figure the project communicates (for VCS 868 about 2,000 m² per "
            "tonne): the annualised figure divides the area by the VCUs of one year.",
            "note",
        )
        r += 1
    households = latest("households")
    sh.put(r, 1, "Households reached", "key")
    if households is not None:
        sh.put(r, 2, Formula(f"=F{households}"), "link", COUNT)
        sh.put(r, 3, f"indicator {value_cell[households][0]}", "note")
    else:
        sh.put(r, 2, "not available: no indicator_id containing the word 'households'", "note")
    r += 1
    women = latest("holders_women")
    holders = latest("holders")
    sh.put(r, 1, "Share of women among concession holders", "key")
    if women is not None and holders is not None:
        sh.put(r, 2, Formula(f'=IF(F{holders}>0,F{women}/F{holders},"")'), "formula", FRACTION)
        sh.put(
            r,
            3,
            f"{value_cell[women][0]} / {value_cell[holders][0]}",
            "note",
        )
    else:
        sh.put(
            r,
            2,
            "not available: needs an indicator_id with the word 'holders' (e.g. "
            "concession_holders) and one with 'holders' and 'women'",
            "note",
        )
    sh.widths_from(1, [44, 22, 50, 12, 12, 14, 12, 22, 8, 10])
    sh.freeze = f"A{HEADER_ROW + 1}"
    sh.title_rows = f"1:{HEADER_ROW}"


# --------------------------------------------------------------------------------------------
# Change log

TOTAL_CELLS = {
    "baseline_tco2e": ("Total_Baseline_tCO2e", TCO2E),
    "project_tco2e": ("Total_Project_tCO2e", TCO2E),
    "project_stock_tco2e": ("Total_Project_Stock_tCO2e", TCO2E),
    "leakage_tco2e": ("Total_Leakage_tCO2e", TCO2E),
    "ner_tco2e": ("Total_NER_tCO2e", TCO2E),
    "ner_error_fraction": ("NER_Error_Fraction", FRACTION),
    "deduction_factor": ("Deduction_Factor", FACTOR),
    "adjusted_ner_tco2e": ("Total_Adjusted_NER_tCO2e", TCO2E),
    "buffer_tco2e": ("Total_Buffer_tCO2e", TCO2E),
    "vcus": ("Total_VCUs", COUNT),
}
VINTAGE_KEYS = {
    "baseline_tco2e": "baseline",
    "project_tco2e": "project",
    "leakage_tco2e": "leakage",
    "ner_tco2e": "ner",
    "adjusted_ner_tco2e": "adjusted_ner",
    "buffer_tco2e": "buffer",
    "vcus": "vcus",
}


def _number(value: object) -> float | None:
    v = plain(value)
    if isinstance(v, bool) or v is None:
        return None
    if isinstance(v, int | float):
        return float(v)
    try:
        return float(str(v))
    except ValueError:
        return None


def change_log_sheet(book: Book) -> None:
    ctx = book.ctx
    sh = book.sheet(
        "Change log",
        "Change log: differences to the previous period's summary",
        "Previous figures are inputs copied from the previous summary.json in this output folder; "
        "current figures link to this workbook.",
    )
    prev = ctx.previous_summary
    if not prev:
        sh.put(
            HEADER_ROW,
            1,
            "First period in this output folder: no previous summary to compare with.",
            "note",
        )
        return
    period = prev.get("period") if isinstance(prev.get("period"), Mapping) else {}
    r = 3
    sh.put(
        r,
        1,
        f"Previous period {period.get('start', '?')} to {period.get('end', '?')}; "  # type: ignore[union-attr]
        f"status {prev.get('status', '?')}; current period {ctx.start} to {ctx.end}.",
        "note",
    )
    r += 1
    sh.headers(r, 1, ["Total", "Previous", "Current", "Current − previous"])
    r += 1
    totals = prev.get("totals") if isinstance(prev.get("totals"), Mapping) else {}
    for key, (name, fmt) in TOTAL_CELLS.items():
        sh.put_row(
            r,
            1,
            [
                label(key),
                inp(_number(totals.get(key)), fmt),  # type: ignore[union-attr]
                link(f"={name}", fmt),
                fx(f'=IF(ISNUMBER(B{r}),C{r}-B{r},"")', fmt),
            ],
        )
        r += 1
    r += 1
    sh.put(r, 1, "Per vintage", "subtitle")
    r += 1
    keys = list(VINTAGE_KEYS)
    header = ["Vintage"]
    for k in keys:
        header += [f"{k} previous", f"{k} current", f"{k} difference"]
    sh.headers(r, 1, header)
    r += 1
    previous = {}
    for v in prev.get("vintages", []) or []:  # type: ignore[union-attr]
        if isinstance(v, Mapping) and _number(v.get("vintage")) is not None:
            previous[int(_number(v.get("vintage")))] = v  # type: ignore[arg-type]
    current = {f.vintage: i for i, f in enumerate(book.vintages)}
    for year in sorted(set(previous) | set(current)):
        cells: list[Cell] = [label(year, YEAR)]
        for j, k in enumerate(keys):
            fmt = COUNT if k == "vcus" else TCO2E
            col = 2 + 3 * j
            p_val = _number(previous[year].get(k)) if year in previous else None
            prev_cell = inp(p_val, fmt)
            cur_cell = (
                link(f"={book.vref(VINTAGE_KEYS[k], current[year])}", fmt)
                if year in current
                else label(None)
            )
            pa = f"{_col(col)}{r}"
            ca = f"{_col(col + 1)}{r}"
            diff = fx(f'=IF(AND(ISNUMBER({pa}),ISNUMBER({ca})),{ca}-{pa},"")', fmt)
            cells += [prev_cell, cur_cell, diff]
        sh.put_row(r, 1, cells)
        r += 1
    sh.widths_from(1, [22] + [14] * (3 * len(keys)))
    sh.title_rows = "1:2"


def _col(index: int) -> str:
    from redd_audit.workbook.model import column_letter

    return column_letter(index)
