"""Uncertainty and its deduction (X-UNC, VMD0017): emission-weighted strata uncertainties,
NER_ERROR and the deduction factor. Reads only the Baseline and Project emissions sheets."""

from __future__ import annotations

from redd_audit.formulas.deductions import simulated_ner_error_fraction
from redd_audit.formulas.uncertainty import (
    ner_error_fraction,
    propagated_uncertainty_fraction,
    uncertainty_deduction_factor,
    uncertainty_fraction_used,
    uncertainty_project_weight_tco2e,
)
from redd_audit.workbook.book import Book
from redd_audit.workbook.layout import FIRST_ROW, HEADER_ROW, SheetBuilder, fx, label, link
from redd_audit.workbook.model import FACTOR, FRACTION, TCO2E, Role
from redd_audit.workbook.refs import UncertaintyCells as UncertaintyCells
from redd_audit.workbook.sheets import deduction_rule
from redd_audit.workbook.sheets.cohorts import V0, CohortBlock
from redd_audit.workbook.sheets.project_emissions import ProjectCells

NAME = "Uncertainty"
HEADERS = [
    "Stratum",
    "U_s (fraction)",
    "E_BSL,s baseline (tCO2e)",
    "E_P,s deforestation (tCO2e)",
    "E_P,s fire E-BB (tCO2e)",
    "E_WPS,s weight (tCO2e)",
    "U_s·E_BSL,s",
    "U_s·E_WPS,s",
    "Source",
]


def _project_stock_weight(project: ProjectCells, i: int) -> str:
    """E_P,s: the stratum's deforestation emissions, plus its disturbance (contract 8.5)."""
    weight = f"=SUM({project.deforestation.stratum_period_rows(i)})"
    if project.disturbance is not None:
        weight += f"+SUM({project.disturbance.stratum_period_rows(i)})"
    return weight


def _strata(book: Book, sh: SheetBuilder, baseline: CohortBlock, project: ProjectCells) -> int:
    """One row per stratum; returns the Σ row."""
    nv = baseline.n_vintages
    for i, s in enumerate(book.ctx.project.strata):
        r = FIRST_ROW + i
        ref = book.stratum(s.id)

        sh.put_row(
            r,
            1,
            [
                label(s.id),
                link(f"={ref.n('U')}", FRACTION),
                fx(f"=SUM({baseline.stratum_period_rows(i)})", TCO2E),
                fx(_project_stock_weight(project, i), TCO2E),
                link(f"={project.fire_cell(i, V0 + nv)}", TCO2E),
                fx(
                    uncertainty_project_weight_tco2e(
                        f"D{r}", f"E{r}", "Uncertainty_Project_Weights"
                    ),
                    TCO2E,
                ),
                fx(f"=B{r}*C{r}", TCO2E),
                fx(f"=B{r}*F{r}", TCO2E),
                label(f"Strata ({ref.n('U')}); Baseline, Project emissions: this stratum's rows"),
            ],
        )
    first, last = FIRST_ROW, FIRST_ROW + len(book.ctx.project.strata) - 1
    tot = last + 1
    sh.put(tot, 1, "Σ", "key")
    for col in "CDEF":
        sh.put(
            tot,
            "ABCDEF".index(col) + 1,
            fx(f"=SUM({col}{first}:{col}{last})").value,
            "formula",
            TCO2E,
        )
    return tot


ResultRow = tuple[str, str, str | None, str | None, str]


def _result_rows(tot: int, bsl: str, wps: str) -> list[ResultRow]:
    """(label, formula, format, defined name, source) of the results below the strata."""
    first, last = FIRST_ROW, tot - 1
    return [
        (
            "U_BSL propagated",
            propagated_uncertainty_fraction(f"B{first}:B{last}", f"C{first}:C{last}"),
            FRACTION,
            "U_BSL_Propagated",
            "columns B and C",
        ),
        (
            "U_BSL used (given fraction when set)",
            uncertainty_fraction_used("Given_Baseline_Uncertainty_Fraction", "U_BSL_Propagated"),
            FRACTION,
            "U_BSL",
            "Parameters (Given_Baseline_Uncertainty_Fraction)",
        ),
        (
            "U_BSL source",
            '=IF(ISNUMBER(Given_Baseline_Uncertainty_Fraction),"given","propagated")',
            None,
            None,
            "Parameters",
        ),
        (
            "U_WPS propagated",
            propagated_uncertainty_fraction(f"B{first}:B{last}", f"F{first}:F{last}"),
            FRACTION,
            "U_WPS_Propagated",
            "columns B and F",
        ),
        (
            "U_WPS used (given fraction when set)",
            uncertainty_fraction_used("Given_Project_Uncertainty_Fraction", "U_WPS_Propagated"),
            FRACTION,
            "U_WPS",
            "Parameters (Given_Project_Uncertainty_Fraction)",
        ),
        (
            "U_WPS source",
            '=IF(ISNUMBER(Given_Project_Uncertainty_Fraction),"given","propagated")',
            None,
            None,
            "Parameters",
        ),
        ("ΔC_BSL period baseline (tCO2e)", f"=C{tot}", TCO2E, None, "Σ of column C (Baseline)"),
        (
            "ΔC_P period project emissions (tCO2e)",
            f"=D{tot}+E{tot}",
            TCO2E,
            None,
            "Σ of columns D and E (Project emissions)",
        ),
        (
            "NER_ERROR (fraction)",
            ner_error_fraction(bsl, "U_BSL", wps, "U_WPS"),
            FRACTION,
            "NER_Error_Fraction",
            "this sheet",
        ),
        (
            "Allowable uncertainty (fraction)",
            "=Allowable_Uncertainty_Fraction",
            FRACTION,
            None,
            "Parameters",
        ),
        (
            "Deduction factor (fraction of NER kept)",
            uncertainty_deduction_factor("NER_Error_Fraction", "Allowable_Uncertainty_Fraction"),
            FACTOR,
            "Deduction_Factor",
            "this sheet",
        ),
    ]


#: the X-UNC names when a rule sized on draws takes ``NER_Error_Fraction`` and
#: ``Deduction_Factor`` (contract 7.5.3: both E values are shown)
PROPAGATED = {
    "NER_Error_Fraction": "Propagated_NER_Error_Fraction",
    "Deduction_Factor": "Propagated_Deduction_Factor",
}


def _results(
    sh: SheetBuilder, tot: int, baseline_total: str | None = None, propagated: bool = False
) -> int:
    """The results below the strata; returns the next free row. ``baseline_total`` replaces
    Σ column C as ΔC_BSL (the baseline fixed from the PD without strata, contract 8.4);
    ``propagated``: a rule sized on draws takes the contract names (:data:`PROPAGATED`)."""
    r = tot + 2
    rows = _result_rows(tot, f"$C${r + 6}", f"$C${r + 7}")
    if propagated:
        rows = [
            (text, formula.replace("NER_Error_Fraction", PROPAGATED["NER_Error_Fraction"]),
             fmt, PROPAGATED.get(name or "", name), source)
            for text, formula, fmt, name, source in rows
        ]  # fmt: skip
    if baseline_total is not None:
        rows = [
            (text, f"={baseline_total}", fmt, name, "Baseline (fixed from the PD), total row")
            if text.startswith("ΔC_BSL period")
            else (text, formula, fmt, name, source)
            for text, formula, fmt, name, source in rows
        ]
    sh.put(r - 1, 4, "Source", "header")
    for text, formula, fmt, name, source in rows:
        sh.put(r, 1, text, "key" if name in ("NER_Error_Fraction", "Deduction_Factor") else "label")
        role: Role = "link" if formula.count("(") == 0 and "+" not in formula else "formula"
        sh.put(r, 3, fx(formula).value, role, fmt)
        sh.put(r, 4, source)
        if name:
            sh.define(name, r, 3)
        r += 1
    return r


def _simulated_beside(sh: SheetBuilder, r: int) -> None:
    """With a simulation under the propagation (contract 7.5.3): the simulated E (95 %) of the
    period gross ER from the Monte Carlo sheet's statistics beside the propagated NER_ERROR,
    and which of the two the rule used."""
    sh.put(r, 1, "Simulated E (95 %): HW of the period gross ER over its mean", "label")
    formula = simulated_ner_error_fraction(
        "MC_Period_P025_tCO2e", "MC_Period_P975_tCO2e", "MC_Period_Mean_tCO2e"
    )
    sh.put(r, 3, fx(formula).value, "formula", FRACTION)
    sh.define("Simulated_NER_Error_Fraction", r, 3)
    sh.put(r, 4, "Monte Carlo sheet (the tool's draws)")
    sh.put(r + 1, 1, "NER_ERROR the rule used", "label")
    sh.put(r + 1, 3, "propagated (vcs_xunc.source: propagation)")


def build(book: Book, baseline: CohortBlock, project: ProjectCells) -> UncertaintyCells:
    sh = book.sheet(
        NAME,
        "Uncertainty and its deduction (X-UNC, VMD0017)",
        "U_BSL = √(Σ_s (U_s·E_BSL,s)²) / Σ_s E_BSL,s and U_WPS likewise (emission-weighted "
        "strata), unless a fraction is given; NER_ERROR = √((U_BSL·ΔC_BSL)² + (U_WPS·ΔC_P)²) / "
        "(ΔC_BSL − ΔC_P); deduction factor 1 when NER_ERROR ≤ allowable, else "
        "1 − NER_ERROR + allowable (never below 0). Leakage is not part of the propagation.",
    )
    sh.headers(HEADER_ROW, 1, HEADERS)
    tot = _strata(book, sh, baseline, project)
    fixed = book.ctx.project.accounting.baseline.source == "fixed_table"
    first, last = baseline.total(0), baseline.total(baseline.n_vintages - 1)
    rule = book.rc.rule
    r = _results(sh, tot, f"SUM({first}:{last.split('!')[1]})" if fixed else None, rule is not None)
    if rule is not None:
        book.rule_cells = deduction_rule.build(book, sh, r + 1, rule)
    elif book.ctx.monte_carlo is not None and book.ctx.monte_carlo.draws_source == "simulation":
        _simulated_beside(sh, r)
    sh.widths_from(1, [40, 14, 18, 18, 18, 18, 16, 16, 40])
    sh.freeze = f"A{FIRST_ROW}"
    sh.title_rows = f"1:{HEADER_ROW}"
    cells = UncertaintyCells("NER_Error_Fraction", "Deduction_Factor")
    book.uncertainty_cells = cells
    return cells
