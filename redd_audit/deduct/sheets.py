"""``deduction.xlsx`` as a pure description (contract 7.6, the sheets of 7.5.3).

* ``MC draws``: the draws as input cells, one column per series.
* ``Monte Carlo``: the settings and constants as named cells; per series (one column each,
  the period series last) the statistics as formulas over the draws (``=COUNT``, ``=AVERAGE``,
  ``=STDEV``, ``=MEDIAN``, ``=MIN``, ``=MAX``, ``=COUNTIF``, ``=PERCENTILE``), the deduction as
  formulas over the statistics (the builders of :mod:`redd_audit.formulas.deductions`), and
  convergence over the last window.
* ``MC convergence``: the running sums and running-mean deviations of the last window.
"""

from __future__ import annotations

import math

from redd_audit.deduct.figures import MAX_DRAW_CELLS, DeductFigures, SeriesFigures
from redd_audit.formulas import deductions as fd
from redd_audit.formulas.expression import nested
from redd_audit.formulas.uncertainty import uncertainty_deduction_factor
from redd_audit.methodology.deductions import RULE_VERSIONS
from redd_audit.methodology.draw_statistics import SIMVOI_PERCENTILES, interval_tco2e
from redd_audit.workbook.layout import NameRegistry, SheetBuilder, fx, inp, link
from redd_audit.workbook.model import (
    COUNT,
    FACTOR,
    FRACTION_FINE,
    TCO2E,
    Cell,
    Scalar,
    column_letter,
    quote_sheet,
)

MC, DRAWS, CONV = "Monte Carlo", "MC draws", "MC convergence"
HEADER, FIRST = 4, 5  # header row and first data row of MC draws and MC convergence
SERIES_COL = 3  # first series column on Monte Carlo


def draws_in_book(rows: int, series: int, draws_in_workbook: str) -> bool:
    """Whether the draws go into the workbook (``MC draws``, statistics as formulas over them):
    ``always``, or ``auto`` within :data:`MAX_DRAW_CELLS` cells (contract 7.1.1)."""
    if draws_in_workbook == "always":
        return True
    return draws_in_workbook == "auto" and rows * series <= MAX_DRAW_CELLS


class _Book:
    """The three sheets under construction and the engine values of named cells."""

    def __init__(
        self,
        figures: DeductFigures,
        extra_settings: tuple[tuple[str, str, object, str | None], ...] = (),
        draws_in_workbook: str = "auto",
    ) -> None:
        self.figures = figures
        #: settings rows added after the draws file's (``run``: the seed and its source)
        self.extra_settings = extra_settings
        self.names = NameRegistry()
        self.engine: dict[str, Scalar] = {}
        t = figures.table
        self.mc = SheetBuilder(
            MC,
            self.names,
            f"Monte Carlo deduction: {figures.settings.rule}",
            f"Re-performed on {t.file} (SHA-256 {t.sha256}).",
        )
        self.order = sorted(figures.series, key=lambda f: f.is_period)
        self.n = t.rows
        self.window = self.order[0].convergence.window if self.order else 0
        #: the draws in the workbook (``MC draws``) and the statistics as formulas over them;
        #: ``auto``: at most MAX_DRAW_CELLS draw cells (contract 7.1.1 ``draws_in_workbook``)
        self.live = draws_in_book(t.rows, len(t.series), draws_in_workbook)

    def statistic(self, k: int, formula: str, value: float, fmt: str) -> Cell:
        """A formula over the draws, or (draws not in the workbook) the engine's value."""
        return fx(formula, fmt) if self.live else inp(value, fmt)

    def named(self, name: str, row: int, col: int, value: float | int | None) -> None:
        self.mc.define(name, row, col)
        if value is not None and math.isfinite(value):
            self.engine[name] = value

    def draws_range(self, k: int, first: int = FIRST, last: int | None = None) -> str:
        letter = column_letter(2 + k)
        end = FIRST + self.n - 1 if last is None else last
        return f"{quote_sheet(DRAWS)}!${letter}${first}:${letter}${end}"


def _settings(b: _Book) -> int:
    """Settings and constants, one named cell per row from row 4; returns the next free row."""
    s, t = b.figures.settings, b.figures.table
    rows: list[tuple[str, str, object, str | None]] = [
        ("Deduction rule", "Deduction_Rule", s.rule, None),
        ("Rule version", "Deduction_Rule_Version", RULE_VERSIONS[s.rule], None),
        ("Percentile method (numpy)", "MC_Percentile_Method", s.percentile_method, None),
        ("Draws file", "MC_Draws_File", t.file, None),
        ("Draws file SHA-256", "MC_Draws_SHA256", t.sha256, None),
        ("Draws (rows)", "MC_Iterations", t.rows, COUNT),
        *b.extra_settings,
        ("Confidence", "MC_Confidence", s.confidence, FRACTION_FINE),
        ("Center (amount deducted from)", "MC_Center", s.center, None),
        ("Half-width reference", "MC_Half_Width_Reference", s.half_width_reference, None),
        (
            "VCS allowable uncertainty",
            "VCS_Allowable_Fraction",
            s.allowable_fraction,
            FRACTION_FINE,
        ),
        ("ART UA scaling constant", "ART_UA_Scale", s.ua_scale, FACTOR),
        ("ART t value (90 %)", "ART_T90", s.t90, FACTOR),
        *[
            (f"FCPF bound {i}", f"FCPF_Bound_{i}", v, FRACTION_FINE)
            for i, v in enumerate(s.bounds, 1)
        ],
        *[
            (f"FCPF factor {i}", f"FCPF_Factor_{i}", v, FRACTION_FINE)
            for i, v in enumerate(s.factors, 1)
        ],
        ("Leakage fraction", "Deduct_Leakage_Fraction", s.leakage_fraction, FRACTION_FINE),
        ("Buffer fraction", "Deduct_Buffer_Fraction", s.buffer_fraction, FRACTION_FINE),
        ("CI bound decimals (empty: none)", "CI_Bound_Decimals", s.ci_bound_decimals, COUNT),
        ("Half-width decimals", "Half_Width_Decimals", s.half_width_decimals, COUNT),
        ("UA decimals", "UA_Decimals", s.ua_decimals, COUNT),
        ("Relative margin decimals", "Relative_Margin_Decimals", s.relative_margin_decimals, COUNT),
        ("Convergence window (draws)", "MC_Convergence_Window", b.window, COUNT),
    ]
    sh, row = b.mc, 4
    sh.headers(3, 1, ["Setting", "Value"])
    for text, name, value, fmt in rows:
        sh.put(row, 1, text)
        sh.cells[(row, 2)] = inp(value, fmt)
        sh.define(name, row, 2)
        row += 1
    conv = b.order[0].convergence if b.order else None
    for text, name, value in (
        (
            "Running-mean band",
            "MC_Convergence_Band",
            conv.running_mean_band_fraction if conv else 0,
        ),
        ("Half-width band", "MC_Half_Width_Band", conv.half_width_band_fraction if conv else 0),
    ):
        sh.put(row, 1, text)
        sh.cells[(row, 2)] = inp(value, FRACTION_FINE)
        sh.define(name, row, 2)
        row += 1
    for text, name, formula in (
        ("Lower percentile level", "MC_Lower_Level", "=(1-MC_Confidence)/(1+1)"),
        ("Upper percentile level", "MC_Upper_Level", "=(1+MC_Confidence)/(1+1)"),
    ):
        sh.put(row, 1, text)
        sh.cells[(row, 2)] = fx(formula, FRACTION_FINE)
        sh.define(name, row, 2)
        row += 1
    return row + 1


def _percentile(b: _Book, r: str, level: str) -> str:
    if b.figures.settings.percentile_method == "weibull":
        return f"=_xlfn.PERCENTILE.EXC({r},{level})"
    return f"=PERCENTILE({r},{level})"


def _statistics(b: _Book, row: int) -> dict[str, int]:
    """Statistics rows (one column per series); returns row numbers by key."""
    sh, at = b.mc, {}
    sh.headers(row, 1, ["Statistic", "Level", *[f.statistics.name for f in b.order]])
    row += 1
    simple = [
        ("n", "=COUNT({r})", COUNT),
        ("mean", "=AVERAGE({r})", TCO2E),
        ("sd", "=STDEV({r})", TCO2E),
        ("median", "=MEDIAN({r})", TCO2E),
        ("min", "=MIN({r})", TCO2E),
        ("max", "=MAX({r})", TCO2E),
        ("negative draws", '=COUNTIF({r},"<0")', COUNT),
    ]
    s, t = b.figures.settings, b.figures.table
    stats = [f.statistics for f in b.order]
    values: dict[str, list[float]] = {
        "n": [float(x.n) for x in stats], "mean": [x.mean_tco2e for x in stats],
        "sd": [x.sd_tco2e for x in stats], "median": [x.median_tco2e for x in stats],
        "min": [x.min_tco2e for x in stats], "max": [x.max_tco2e for x in stats],
        "negative draws": [float(x.negative_draws) for x in stats],
    }  # fmt: skip
    for key, template, fmt in simple:
        sh.put(row, 1, key)
        for k in range(len(b.order)):
            formula = template.format(r=b.draws_range(k))
            sh.cells[(row, SERIES_COL + k)] = b.statistic(k, formula, values[key][k], fmt)
        at[key] = row
        row += 1
    for q in SIMVOI_PERCENTILES:
        sh.put(row, 1, f"P{q:g}")
        sh.cells[(row, 2)] = inp(q / 100.0, FRACTION_FINE)
        for k in range(len(b.order)):
            formula = _percentile(b, b.draws_range(k), f"$B${row}")
            value = stats[k].percentile(q)
            sh.cells[(row, SERIES_COL + k)] = b.statistic(k, formula, value, TCO2E)
        at[f"P{q:g}"] = row
        row += 1
    bounds = [interval_tco2e(t.series[x.name], s.confidence, s.percentile_method) for x in stats]
    for i, (key, level) in enumerate(
        (("P lower", "MC_Lower_Level"), ("P upper", "MC_Upper_Level"))
    ):
        sh.put(row, 1, f"{key} (at MC_Confidence)")
        for k in range(len(b.order)):
            formula = _percentile(b, b.draws_range(k), level)
            sh.cells[(row, SERIES_COL + k)] = b.statistic(k, formula, bounds[k][i], TCO2E)
        at[key] = row
        row += 1
    if not b.live:
        sh.put(row, 1, f"Statistics from {t.file}, SHA-256 {t.sha256}: the draws exceed "
               f"{MAX_DRAW_CELLS:,} cells and are not in this workbook.", "note")  # fmt: skip
        row += 1
    return at


DEDUCTION_ROWS = (
    ("center", "Center GHG_ER (tCO2e)", TCO2E),
    ("reference", "Half-width reference (tCO2e)", TCO2E),
    ("low", "P lower used (rounded per setting)", TCO2E),
    ("high", "P upper used (rounded per setting)", TCO2E),
    ("hw", "Half-width: E / HW90 / U (fraction)", FRACTION_FINE),
    ("adj", "Adjustment: X-UNC factor / UA / CF", FACTOR),
    ("leak", "Leakage (tCO2e)", TCO2E),
    ("unc", "Uncertainty deduction / set-aside (tCO2e)", TCO2E),
    ("ner", "Adjusted NER (tCO2e)", TCO2E),
    ("buf", "Buffer (tCO2e)", TCO2E),
    ("cred", "Credited (tCO2e)", TCO2E),
)


def _rule_formulas(b: _Book, c: dict[str, str], period_ua: str | None) -> dict[str, str]:
    """The rule's formula for each deduction row, given the cells ``c`` of its column."""
    s = b.figures.settings
    lf, bf = "Deduct_Leakage_Fraction", "Deduct_Buffer_Fraction"
    f = {"ner": f"={c['center']}-{c['leak']}-{c['unc']}"}
    if s.rule == "vcs-xunc":
        net = f"({c['center']}-{c['leak']})"
        f["hw"] = fd.simulated_ner_error_fraction(c["low"], c["high"], c["reference"])
        f["adj"] = uncertainty_deduction_factor(c["hw"], "VCS_Allowable_Fraction")
        f["leak"] = f"=MAX(0,{c['center']})*{lf}"
        f["unc"] = f"=IF({net}>0,{net}*(1-{c['adj']}),0)"
        f["buf"] = f"=IF({net}>0,MAX(0,{c['center']})*{bf},0)"
        f["cred"] = f"=MAX(0,{c['ner']}-{c['buf']})"
    elif s.rule == "art-trees":
        hw = nested(fd.half_width_fraction(c["low"], c["high"], c["reference"]))
        f["hw"] = fd.rounded_half_away_from_zero(hw, "Half_Width_Decimals")
        ua = nested(fd.art_trees_adjustment_fraction(c["hw"]))
        f["adj"] = (
            f"={period_ua}" if period_ua else fd.rounded_half_away_from_zero(ua, "UA_Decimals")
        )
        f["leak"] = fd.art_trees_leakage_deduction_tco2e(c["center"], lf)
        f["unc"] = fd.art_trees_uncertainty_deduction_tco2e(c["center"], c["adj"])
        f["buf"] = fd.art_trees_buffer_tco2e(c["center"], bf)
        f["cred"] = fd.art_trees_credited_tco2e(c["center"], c["buf"], c["unc"], c["leak"])
    else:
        u = nested(fd.fcpf_relative_margin_fraction(c["low"], c["high"], c["reference"]))
        f["hw"] = fd.rounded_half_away_from_zero(u, "Relative_Margin_Decimals")
        f["adj"] = fd.fcpf_conservativeness_factor(c["hw"])
        f["leak"] = f"=MAX(0,{c['center']})*{lf}"
        f["unc"] = fd.fcpf_uncertainty_set_aside_tco2e(c["center"], c["adj"])
        f["buf"] = f"=MAX(0,{c['ner']})*{bf}"
        f["cred"] = f"=MAX(0,{c['ner']}-{c['buf']})"
    return f


def _deduction(b: _Book, row: int, at: dict[str, int]) -> dict[str, int]:
    sh, s = b.mc, b.figures.settings
    sh.headers(row, 1, ["Deduction", "", *[f.statistics.name for f in b.order]])
    rows = {key: row + 1 + i for i, (key, _, _) in enumerate(DEDUCTION_ROWS)}
    for key, text, _ in DEDUCTION_ROWS:
        sh.put(rows[key], 1, text)
    period_k = next((k for k, f in enumerate(b.order) if f.is_period), None)
    for k, f in enumerate(b.order):
        col = SERIES_COL + k
        c = {key: sh.ref(r, col, absolute=False, local=True) for key, r in rows.items()}
        stat = {key: sh.ref(r, col, absolute=False, local=True) for key, r in at.items()}
        if s.center == "deterministic":
            sh.cells[(rows["center"], col)] = inp(b.figures.deterministic[f.statistics.name], TCO2E)
        else:
            sh.cells[(rows["center"], col)] = link(f"={stat[s.center]}", TCO2E)
        sh.cells[(rows["reference"], col)] = link(f"={stat[s.half_width_reference]}", TCO2E)
        for key, source in (("low", "P lower"), ("high", "P upper")):
            sh.cells[(rows[key], col)] = fx(
                fd.rounded_half_away_from_zero(stat[source], "CI_Bound_Decimals"), TCO2E
            )
        period_ua = None
        if (
            s.rule == "art-trees"
            and s.ua_source == "period"
            and period_k is not None
            and not f.is_period
        ):
            period_ua = sh.ref(rows["adj"], SERIES_COL + period_k, local=True)
        formulas = _rule_formulas(b, c, period_ua)
        for key, _, fmt in DEDUCTION_ROWS[4:]:
            sh.cells[(rows[key], col)] = fx(formulas[key], fmt)
        _name_figures(b, k, f, rows, at)
    last = rows["cred"]
    if period_k is not None and s.rule == "art-trees" and period_k > 0:
        r = last + 1
        sh.put(r, 1, "Period true-up (reported, not applied; tCO2e)")
        years_unc = sh.range_ref(
            rows["unc"], SERIES_COL, rows["unc"], SERIES_COL + period_k - 1, local=True
        )
        years_c = sh.range_ref(
            rows["center"], SERIES_COL, rows["center"], SERIES_COL + period_k - 1, local=True
        )
        ua = sh.ref(rows["adj"], SERIES_COL + period_k, local=True)
        sh.cells[(r, SERIES_COL + period_k)] = fx(
            fd.art_trees_true_up_tco2e(years_unc, years_c, ua), TCO2E
        )
        b.named(
            "MC_Period_True_Up_tCO2e", r, SERIES_COL + period_k, b.order[period_k].true_up_tco2e
        )
        last = r
    rows["last"] = last
    return rows


def _name_figures(
    b: _Book, k: int, f: SeriesFigures, rows: dict[str, int], at: dict[str, int]
) -> None:
    """Named cells for the figures of deduction.json (their cached values are the engine's)."""
    s, d, col, p = f.statistics, f.deduction, SERIES_COL + k, f"MC_{k + 1}_"
    for key, suffix, value in (
        ("n", "N", s.n),
        ("mean", "Mean_tCO2e", s.mean_tco2e),
        ("sd", "SD_tCO2e", s.sd_tco2e),
        ("median", "Median_tCO2e", s.median_tco2e),
        ("negative draws", "Negative_Draws", s.negative_draws),
        ("P5", "P05_tCO2e", s.percentile(5.0)),
        ("P95", "P95_tCO2e", s.percentile(95.0)),
        ("P2.5", "P025_tCO2e", s.percentile(2.5)),
        ("P97.5", "P975_tCO2e", s.percentile(97.5)),
    ):
        b.named(p + suffix, at[key], col, value)
    for key, suffix, value in (
        ("center", "Center_tCO2e", d.center_tco2e),
        ("hw", "Half_Width_Fraction", d.half_width_fraction),
        ("adj", "Adjustment_Fraction", d.adjustment_fraction),
        ("unc", "Uncertainty_Deduction_tCO2e", d.uncertainty_deduction_tco2e),
        ("leak", "Leakage_tCO2e", d.leakage_tco2e),
        ("buf", "Buffer_tCO2e", d.buffer_tco2e),
        ("ner", "Adjusted_NER_tCO2e", d.adjusted_ner_tco2e),
        ("cred", "Credited_tCO2e", d.credited_tco2e),
    ):
        b.named(p + suffix, rows[key], col, value)
