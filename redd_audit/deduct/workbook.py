"""``deduction.xlsx``: the draws, the convergence auxiliaries and the assembled description."""

from __future__ import annotations

import datetime as dt

from redd_audit.deduct.figures import DeductFigures
from redd_audit.deduct.sheets import (
    CONV,
    DRAWS,
    FIRST,
    HEADER,
    MC,
    SERIES_COL,
    _Book,
    _deduction,
    _percentile,
    _settings,
    _statistics,
)
from redd_audit.formulas import deductions as fd
from redd_audit.workbook.layout import SheetBuilder, fx, inp, label, note
from redd_audit.workbook.model import (
    COUNT,
    FRACTION_FINE,
    TCO2E,
    ChartSpec,
    Column,
    DataTable,
    DocProperties,
    RangeRef,
    SeriesSpec,
    SheetSpec,
    WorkbookSpec,
    column_letter,
    quote_sheet,
)

REPERFORM = (
    "Re-perform: numpy.percentile(x, q) (method 'linear') = R quantile(x, q) (type 7) = Excel "
    "PERCENTILE(x, q) = PERCENTILE.INC; 'weibull' = PERCENTILE.EXC (R type 6). Every statistic "
    "is a formula over the MC draws columns and every deduction a formula over the statistics: "
    "change a draw or a setting and the deduction follows."
)


def _draws_sheet(b: _Book) -> SheetSpec:
    t = b.figures.table
    sh = SheetBuilder(DRAWS, b.names, "Monte Carlo draws", f"{t.file}, SHA-256 {t.sha256}")
    columns = [Column(t.draw_column, "input", COUNT, values=[int(d) for d in t.draws])]
    for f in b.order:
        values = [float(v) for v in t.series[f.statistics.name]]
        columns.append(Column(f.statistics.name, "input", TCO2E, values=values, width=16))
    sh.table = DataTable(HEADER, tuple(columns), t.rows)
    sh.freeze = f"B{FIRST}"
    sh.kind = "data"
    sh.protected = False
    return sh.spec()


def _convergence_sheet(b: _Book, mean_row: int) -> SheetSpec | None:
    """Running sums over the last window (recursive: one addition per row) and the
    running-mean deviations, per series."""
    n, w = b.n, b.window
    if n < w + 2:
        return None
    sh = SheetBuilder(
        CONV,
        b.names,
        "Convergence over the last window",
        "m_j = (1/j) Σ_{i≤j} x_i; deviation = |m_j − m_N| / |m_N| (7.2.5).",
    )
    headers = ["j"]
    for f in b.order:
        headers += [f"Σ x ({f.statistics.name})", f"deviation ({f.statistics.name})"]
    sh.headers(HEADER, 1, headers)
    for i in range(w):
        r, j = FIRST + i, n - w + 1 + i
        draw_row = FIRST + j - 1
        sh.cells[(r, 1)] = inp(j, COUNT)
        for k in range(len(b.order)):
            letter, cum = column_letter(2 + k), 2 + 2 * k
            if i == 0:
                formula = f"=SUM({b.draws_range(k, FIRST, draw_row)})"
            else:
                formula = f"={column_letter(cum)}{r - 1}+{quote_sheet(DRAWS)}!{letter}{draw_row}"
            sh.cells[(r, cum)] = fx(formula, TCO2E)
            mean = b.mc.ref(mean_row, SERIES_COL + k)
            deviation = fd.running_mean_deviation_fraction(
                f"{column_letter(cum)}{r}", f"$A{r}", mean
            )
            sh.cells[(r, cum + 1)] = fx(deviation, FRACTION_FINE)
    sh.freeze = f"B{FIRST}"
    sh.kind = "data"  # an auxiliary table of the draws: printable, not in the default print
    return sh.spec()


def _convergence_rows(b: _Book, row: int, at: dict[str, int]) -> None:
    sh, s = b.mc, b.figures.settings
    n, w = b.n, b.window
    sh.headers(row, 1, ["Convergence", "", *[f.statistics.name for f in b.order]])
    labels = [
        "HW, all draws (unrounded)",
        "P lower, first N − W draws",
        "P upper, first N − W draws",
        "reference, first N − W draws",
        "HW, first N − W draws",
        "Half-width change",
        "Running mean max deviation",
        "Converged",
    ]
    for i, text in enumerate(labels):
        sh.put(row + 1 + i, 1, text)
    if n < w + 2:
        sh.put(row + 1 + len(labels), 1, f"not evaluable: {n} draws, fewer than the window + 2")
        return
    r = {
        key: row + 1 + i
        for i, key in enumerate(["hw", "lo", "hi", "ref", "hw1", "chg", "dev", "ok"])
    }
    for k, f in enumerate(b.order):
        col = SERIES_COL + k
        c = {key: sh.ref(v, col, absolute=False, local=True) for key, v in r.items()}
        st = {key: sh.ref(v, col, absolute=False, local=True) for key, v in at.items()}
        first = b.draws_range(k, FIRST, FIRST + n - w - 1)
        ref_fn = "AVERAGE" if s.half_width_reference == "mean" else "MEDIAN"
        cells = {
            "hw": fd.half_width_fraction(st["P lower"], st["P upper"], st[s.half_width_reference]),
            "lo": _percentile(b, first, "MC_Lower_Level"),
            "hi": _percentile(b, first, "MC_Upper_Level"),
            "ref": f"={ref_fn}({first})",
            "hw1": fd.half_width_fraction(c["lo"], c["hi"], c["ref"]),
            "chg": fd.half_width_change_fraction(c["hw"], c["hw1"]),
            "dev": f"=MAX({quote_sheet(CONV)}!${column_letter(3 + 2 * k)}${FIRST}:"
            f"${column_letter(3 + 2 * k)}${FIRST + w - 1})",
            "ok": f"=AND({c['dev']}<=MC_Convergence_Band,{c['chg']}<=MC_Half_Width_Band)",
        }
        fmts = {"lo": TCO2E, "hi": TCO2E, "ref": TCO2E, "ok": None}
        conv, p = f.convergence, f"MC_{k + 1}_"
        engine = {
            "chg": conv.half_width_change_fraction,
            "dev": conv.running_mean_max_deviation_fraction,
        }
        for key, formula in cells.items():
            if b.live or key in ("hw", "ok"):
                sh.cells[(r[key], col)] = fx(formula, fmts.get(key, FRACTION_FINE))
            elif key in engine:
                sh.cells[(r[key], col)] = inp(engine[key], FRACTION_FINE)
        b.named(
            p + "Running_Mean_Deviation_Fraction",
            r["dev"],
            col,
            conv.running_mean_max_deviation_fraction,
        )
        b.named(p + "Half_Width_Change_Fraction", r["chg"], col, conv.half_width_change_fraction)
    if b.order:  # scalar arguments: IronCalc's AND does not take a range
        every = ",".join(f"{column_letter(SERIES_COL + k)}{r['ok']}" for k in range(len(b.order)))
        sh.put(r["ok"], 2, fx(f"=AND({every})").value)
        sh.define("MC_Converged", r["ok"], 2)


HISTOGRAM_BINS = 40


def _histogram(b: _Book, row: int, at: dict[str, int]) -> None:
    """40 equal bins between min and max per series (``=COUNTIFS``, the last bin closed) and a
    bar chart of the period series (the last column)."""
    sh = b.mc
    sh.put(row, 1, "Histogram: equal bins between min and max (last bin closed)", "header")
    sh.cells[(row, 2)] = inp(HISTOGRAM_BINS, COUNT)
    sh.define("MC_Histogram_Bins", row, 2)
    headers = ["bin", ""]
    for f in b.order:
        headers += [f"lower ({f.statistics.name})", f"count ({f.statistics.name})"]
    sh.headers(row + 1, 1, headers)
    first = row + 2
    for i in range(HISTOGRAM_BINS):
        r = first + i
        sh.cells[(r, 1)] = inp(i + 1, COUNT)
        for k in range(len(b.order)):
            col = SERIES_COL + 2 * k
            lo_cell, hi_cell = sh.ref(at["min"], SERIES_COL + k), sh.ref(at["max"], SERIES_COL + k)
            width = f"({hi_cell}-{lo_cell})/MC_Histogram_Bins"
            lower = f"{column_letter(col)}{r}"
            sh.cells[(r, col)] = fx(f"={lo_cell}+($A{r}-1)*{width}", TCO2E)
            draws = b.draws_range(k)
            if i < HISTOGRAM_BINS - 1:
                upper = f'"<"&({lo_cell}+$A{r}*{width})'
            else:
                upper = f'"<="&{hi_cell}'
            sh.cells[(r, col + 1)] = fx(f'=COUNTIFS({draws},">="&{lower},{draws},{upper})', COUNT)
    k = len(b.order) - 1
    last = first + HISTOGRAM_BINS - 1
    col = SERIES_COL + 2 * k
    sh.charts.append(
        ChartSpec(
            kind="bar",
            title=f"Draws of {b.order[k].statistics.name} (count per bin)",
            anchor=f"{column_letter(col + 3)}{row}",
            categories=RangeRef(MC, col, first, col, last),
            series=(SeriesSpec("draws", RangeRef(MC, col + 1, first, col + 1, last)),),
            x_title="tCO2e (bin lower bound)",
            y_title="draws",
            y_number_format="#,##0",
        )
    )


#: contract 7.5.3: the period series' statistics under fixed names (``run``)
PERIOD_NAMES = {
    "Mean_tCO2e": "MC_Period_Mean_tCO2e",
    "Median_tCO2e": "MC_Period_Median_tCO2e",
    "P025_tCO2e": "MC_Period_P025_tCO2e",
    "P05_tCO2e": "MC_Period_P05_tCO2e",
    "P95_tCO2e": "MC_Period_P95_tCO2e",
    "P975_tCO2e": "MC_Period_P975_tCO2e",
    "Half_Width_Fraction": "MC_Period_Half_Width_Fraction",
}


def _period_names(b: _Book) -> None:
    """The period series' named figures once more under :data:`PERIOD_NAMES`."""
    k = next((k for k, f in enumerate(b.order) if f.is_period), None)
    if k is None:
        return
    by_name = {n.name: n for n in b.names.names}
    for suffix, alias in PERIOD_NAMES.items():
        source = by_name.get(f"MC_{k + 1}_{suffix}")
        if source is not None:
            b.names.add(alias, source.sheet, source.ref, source.comment)
            if source.name in b.engine:
                b.engine[alias] = b.engine[source.name]


def build_deduction_workbook(
    figures: DeductFigures,
    created: dt.datetime,
    *,
    extra_settings: tuple[tuple[str, str, object, str | None], ...] = (),
    period_names: bool = False,
    draws_in_workbook: str = "auto",
) -> WorkbookSpec:
    """The pure description of ``deduction.xlsx``; ``extra_settings`` (label, name, value,
    format) follow the draws file's rows; ``period_names`` adds :data:`PERIOD_NAMES`."""
    b = _Book(figures, extra_settings, draws_in_workbook)
    row = _settings(b)
    at = _statistics(b, row)
    rows = _deduction(b, max(at.values()) + 2, at)
    _convergence_rows(b, rows["last"] + 2, at)
    if b.live and b.order:
        _histogram(b, b.mc.last_row + 3, at)
    last = b.mc.last_row
    b.mc.cells[(last + 2, 1)] = note(REPERFORM)
    for warning in figures.warnings:
        last = b.mc.last_row
        b.mc.cells[(last + 1, 1)] = label(f"warning: {warning}")
    if period_names:
        _period_names(b)
    b.mc.widths_from(1, [44, 14, *[18] * len(b.order)])
    b.mc.freeze = "C4"
    b.mc.protected = False
    sheets = [b.mc.spec()]
    if b.live:
        sheets.append(_draws_sheet(b))
        conv = _convergence_sheet(b, at["mean"])
        if conv is not None:
            sheets.append(conv)
    t = figures.table
    return WorkbookSpec(
        kind="verification",
        sheets=sheets,
        names=b.names.names,
        properties=DocProperties(
            title=f"redd-audit deduct: {figures.settings.rule} on {t.file}",
            subject="Monte Carlo uncertainty deduction",
            created=created,
            keywords=t.sha256,
        ),
        engine_values=b.engine,
    )
