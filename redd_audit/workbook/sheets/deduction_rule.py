"""The deduction rule sized on draws, re-performed below the X-UNC results of the Uncertainty
sheet (contract 7.3 in ``run``, 7.5.3).

When ``accounting.uncertainty.rule`` is ``art-trees`` or ``fcpf``, or ``vcs-xunc`` with
``vcs_xunc.source: simulation``, the run applies the rule to the figures
(:mod:`redd_audit.methodology.rule_applied`). This section holds, per series the rule reads,
the percentiles and the reference (mean or median) of the draws as input cells, labelled with
their source (the draws themselves, with formulas over them, are in the Monte Carlo workbook),
and the rule as formulas over them: HW / E / U, UA / CF / factor, UNC_t or the set-aside. Its
names are the ones the Vintages sheet reads: ``NER_Error_Fraction`` (the rule's period
half-width), ``Deduction_Factor``, ``Rule_Kept_Fraction`` (a period rule's share of NER kept)
and, under ``art-trees``, one UNC_t cell per vintage. The X-UNC propagation above keeps its
formulas under ``Propagated_NER_Error_Fraction`` and ``Propagated_Deduction_Factor``.
"""

from __future__ import annotations

from redd_audit.formulas import deductions as fd
from redd_audit.formulas.uncertainty import uncertainty_deduction_factor
from redd_audit.methodology.deductions import RULE_VERSIONS, SeriesDeduction
from redd_audit.methodology.figures import RuleInForce
from redd_audit.methodology.rule_applied import vintage_of
from redd_audit.workbook.book import Book
from redd_audit.workbook.layout import SheetBuilder, fx, inp, label, link
from redd_audit.workbook.model import FACTOR, FRACTION_FINE, TCO2E
from redd_audit.workbook.monte_carlo_sheets import MonteCarloSheets, provides
from redd_audit.workbook.refs import RuleCells, vintage_cell

HEADERS = [
    "Series",
    "Center (tCO2e)",
    "Reference (tCO2e)",
    "P lower (tCO2e)",
    "P upper (tCO2e)",
    "Half-width (fraction)",
    "Adjustment (fraction)",
    "Deduction (tCO2e)",
    "Source",
]
ADJUSTMENT = {"vcs-xunc": "factor(E)", "art-trees": "UA_t", "fcpf": "CF"}
HALF_WIDTH = {"vcs-xunc": "E (95 %)", "art-trees": "HW90_t", "fcpf": "U (90 %)"}


def _settings(sh: SheetBuilder, row: int, rule: RuleInForce, shared: bool) -> int:
    """The rule, its source and its constants as named cells; returns the next free row.

    ``shared``: the Monte Carlo sheet is in the workbook and holds the names both use
    (:func:`~redd_audit.workbook.monte_carlo_sheets.provides`): they are shown here unnamed."""
    s = rule.settings
    source = (
        "the tool's simulation (accounting.simulation; draws file in manifest.json)"
        if rule.draws_source == "simulation"
        else "the proponent's draws (table simulation_draws)"
    )
    rows: list[tuple[str, object, str | None, str | None]] = [
        ("Deduction rule", s.rule, "Deduction_Rule", None),
        ("Rule version", RULE_VERSIONS[s.rule], None, None),
        ("Draws", source, None, None),
        ("Confidence", s.confidence, "Rule_Confidence", FRACTION_FINE),
        ("Center", s.center, None, None),
        ("Half-width reference", s.half_width_reference, None, None),
        ("Percentile method (numpy)", s.percentile_method, None, None),
    ]
    if s.rule == "art-trees":
        rows += [
            ("TREES scaling constant", s.ua_scale, "ART_UA_Scale", FACTOR),
            ("TREES t value (90 %)", s.t90, "ART_T90", FACTOR),
            ("UA source", s.ua_source, None, None),
            ("HW decimals (empty: not rounded)", s.half_width_decimals, "ART_HW_Decimals", None),
            ("UA decimals (empty: not rounded)", s.ua_decimals, "ART_UA_Decimals", None),
        ]
    if s.rule == "fcpf":
        rows += [
            (f"FCPF bound {k}", b, f"FCPF_Bound_{k}", FRACTION_FINE)
            for k, b in enumerate(s.bounds, start=1)
        ]
        rows += [
            (f"FCPF factor {k}", f, f"FCPF_Factor_{k}", FRACTION_FINE)
            for k, f in enumerate(s.factors, start=1)
        ]
        rows.append(
            (
                "U decimals (empty: not rounded)",
                s.relative_margin_decimals,
                "FCPF_U_Decimals",
                None,
            )
        )
    if s.ci_bound_decimals is not None:
        rows.append(("Percentiles rounded to decimals", s.ci_bound_decimals, None, None))
    for text, value, name, fmt in rows:
        sh.put(row, 1, text, "label")
        if value is not None:
            sh.cells[(row, 3)] = inp(value, fmt)
        else:
            sh.cells[(row, 3)] = inp("", None)
        if name and not (shared and provides(name)):
            sh.define(name, row, 3)
        row += 1
    return row


def _rounded(formula: str, decimals_name: str, decimals: int | None) -> str:
    if decimals is None:
        return formula
    return fd.rounded_half_away_from_zero(formula.removeprefix("="), decimals_name)


#: confidence -> the Monte Carlo sheet's names of P[(1−c)/2] and P[(1+c)/2]
PERCENTILE_NAMES = {0.90: ("P05_tCO2e", "P95_tCO2e"), 0.95: ("P025_tCO2e", "P975_tCO2e")}
REFERENCE_NAMES = {"mean": "Mean_tCO2e", "median": "Median_tCO2e"}


def _statistic_names(rule: RuleInForce, column: int | None) -> tuple[str, str, str] | None:
    """The Monte Carlo sheet's names of the series' reference, P lower and P upper, when that
    sheet holds the draws the rule read and its named percentiles are the rule's."""
    s = rule.settings
    bounds = PERCENTILE_NAMES.get(s.confidence)
    if column is None or bounds is None or s.ci_bound_decimals is not None:
        return None
    p = f"MC_{column}_"
    return p + REFERENCE_NAMES[s.half_width_reference], p + bounds[0], p + bounds[1]


def _series_row(
    sh: SheetBuilder,
    r: int,
    d: SeriesDeduction,
    rule: RuleInForce,
    center: str | None,
    period_adjustment: str | None,
    statistics: tuple[str, str, str] | None = None,
) -> None:
    """One series: the draws' statistics (links to the Monte Carlo sheet, or inputs), the rule
    in formulas (columns B..I)."""
    s = rule.settings
    vintage = vintage_of(d.name)
    sh.put(r, 1, "period" if vintage is None else str(vintage), "key")
    if center is not None:
        sh.cells[(r, 2)] = link(center, TCO2E)
    else:
        sh.cells[(r, 2)] = inp(d.center_tco2e, TCO2E)
    values = (d.reference_tco2e, d.p_lower_tco2e, d.p_upper_tco2e)
    for col, value, name in zip((3, 4, 5), values, statistics or (None,) * 3, strict=True):
        sh.cells[(r, col)] = link(f"={name}", TCO2E) if name else inp(value, TCO2E)
    c, ref, lo, hi = (f"{col}{r}" for col in "BCDE")
    hw, adj = f"F{r}", f"G{r}"
    if s.rule == "vcs-xunc":
        sh.cells[(r, 6)] = fx(fd.simulated_ner_error_fraction(lo, hi, ref), FRACTION_FINE)
        factor = uncertainty_deduction_factor(hw, "Allowable_Uncertainty_Fraction")
        sh.cells[(r, 7)] = fx(factor, FACTOR)
    elif s.rule == "art-trees":
        hw_formula = fd.half_width_fraction(lo, hi, ref)
        sh.cells[(r, 6)] = fx(
            _rounded(hw_formula, "ART_HW_Decimals", s.half_width_decimals), FRACTION_FINE
        )
        if period_adjustment is not None:
            sh.cells[(r, 7)] = link(f"={period_adjustment}", FRACTION_FINE)
        else:
            ua = fd.art_trees_adjustment_fraction(hw)
            sh.cells[(r, 7)] = fx(_rounded(ua, "ART_UA_Decimals", s.ua_decimals), FRACTION_FINE)
        sh.cells[(r, 8)] = fx(fd.art_trees_uncertainty_deduction_tco2e(c, adj), TCO2E)
    else:
        u = fd.fcpf_relative_margin_fraction(lo, hi, ref)
        sh.cells[(r, 6)] = fx(_rounded(u, "FCPF_U_Decimals", s.relative_margin_decimals), FACTOR)
        bounds = [f"FCPF_Bound_{k}" for k in range(1, len(s.bounds) + 1)]
        factors = [f"FCPF_Factor_{k}" for k in range(1, len(s.factors) + 1)]
        sh.cells[(r, 7)] = fx(fd.fcpf_conservativeness_factor(hw, bounds, factors), FACTOR)
        sh.cells[(r, 8)] = fx(fd.fcpf_uncertainty_set_aside_tco2e(c, adj), TCO2E)
    source = "Monte Carlo sheet" if statistics else "the draws (reported figures)"
    sh.put(r, 9, f"percentiles and reference: {source}; the rule in formulas", "note")


def _results(
    sh: SheetBuilder, row: int, rule: RuleInForce, period_row: int, years: range, shared: bool
) -> int:
    """The names the figures read; returns the next free row."""
    s = rule.settings
    results: list[tuple[str, str, str, str | None]] = [
        (f"Rule half-width {HALF_WIDTH[s.rule]} of the period", f"=F{period_row}",
         FRACTION_FINE, "NER_Error_Fraction"),
        ("Half-width of the period series (MC)", f"=F{period_row}", FRACTION_FINE,
         "MC_Period_Half_Width_Fraction"),
    ]  # fmt: skip
    if s.rule == "vcs-xunc":
        results.append(
            ("Deduction factor (fraction of NER kept)", f"=G{period_row}", FACTOR,
             "Deduction_Factor")
        )  # fmt: skip
    else:
        if s.rule == "fcpf":
            results.append(
                ("Share of NER kept, 1 − CF (no set-aside when CF is undefined)",
                 f"=IF(ISNUMBER(G{period_row}),1-G{period_row},1)", FACTOR, "Rule_Kept_Fraction")
            )  # fmt: skip
        results.append(
            ("Deduction factor Σ adjusted NER / Σ NER (1 when Σ NER ≤ 0)",
             fd.period_deduction_factor("Total_Adjusted_NER_tCO2e", "Total_NER_tCO2e"), FACTOR,
             "Deduction_Factor")
        )  # fmt: skip
    results.append(
        ("Total uncertainty deduction (tCO2e, Vintages)", "=Total_Uncertainty_Deduction_tCO2e",
         TCO2E, None)
    )  # fmt: skip
    if s.rule == "art-trees" and len(years):
        first, last = years.start, years.stop - 1
        results.append(
            ("Period true-up (reported, not applied)",
             fd.art_trees_true_up_tco2e(f"H{first}:H{last}", f"B{first}:B{last}",
                                        f"G{period_row}"), TCO2E, "ART_True_Up_tCO2e")
        )  # fmt: skip
    for text, formula, fmt, name in results:
        key = name in ("NER_Error_Fraction", "Deduction_Factor")
        sh.put(row, 1, text, "key" if key else "label")
        sh.cells[(row, 3)] = fx(formula, fmt)
        if name and not (shared and provides(name)):
            sh.define(name, row, 3)
        row += 1
    return row


def _column(mc: MonteCarloSheets | None, rule: RuleInForce, series: str) -> int | None:
    """The series' column on the Monte Carlo sheet when it holds the draws the rule read."""
    if mc is None or rule.draws_source != mc.draws_source:
        return None
    return mc.series_column(series)


def build(book: Book, sh: SheetBuilder, row: int, rule: RuleInForce) -> RuleCells:
    """The section from ``row`` on the Uncertainty sheet."""
    s, result = rule.settings, rule.result
    sh.put(row, 1, f"Deduction rule sized on draws: {s.rule} (contract 7.3)", "key")
    sh.put(
        row + 1,
        1,
        label(
            "Percentiles and references are the draws' (numpy.percentile = Excel PERCENTILE); "
            "the Monte Carlo workbook re-performs them from every draw."
        ).value,
        "note",
    )
    mc = book.ctx.monte_carlo
    shared = mc is not None
    row = _settings(sh, row + 2, rule, shared) + 1
    sh.headers(row, 1, HEADERS)
    sh.put(row - 1, 6, HALF_WIDTH[s.rule], "note")
    sh.put(row - 1, 7, ADJUSTMENT[s.rule], "note")
    row += 1
    deterministic = s.center == "deterministic"
    per_vintage = s.rule == "art-trees"
    vintages = [d for d in result.vintages if vintage_of(d.name) is not None] if per_vintage else []
    period_row = row + len(vintages)
    period_ua = f"$G${period_row}" if per_vintage and s.ua_source == "period" else None
    index = {f.vintage: i for i, f in enumerate(book.vintages)}
    deductions: dict[int, str] = {}
    for k, d in enumerate(vintages):
        year = vintage_of(d.name) or 0
        i = index[year]
        center = (
            f"={vintage_cell('baseline', i)}-{vintage_cell('project', i)}"
            if deterministic
            else None
        )
        stats = _statistic_names(rule, _column(mc, rule, d.name))
        _series_row(sh, row + k, d, rule, center, period_ua, stats)
        deductions[year] = sh.ref(row + k, 8)
    if result.period is not None:
        center = "=Total_Baseline_tCO2e-Total_Project_tCO2e" if deterministic else None
        stats = _statistic_names(rule, _column(mc, rule, "gross_er_tco2e_period"))
        _series_row(sh, period_row, result.period, rule, center, None, stats)
    years = range(row, row + len(vintages))
    _results(sh, period_row + 2, rule, period_row, years, shared)
    kept = None
    if s.rule == "vcs-xunc":
        kept = "Deduction_Factor"
    elif s.rule == "fcpf":
        kept = "Rule_Kept_Fraction"
    return RuleCells(s.rule, kept, deductions)
