"""The "Plots to remeasure" and "Accuracy re-check" sheets: the seeded random selections of
:mod:`redd_audit.sampling.recheck`, each unit with every input column and result columns for
the verifier (remeasured carbon, re-interpreted reference class) and formulas comparing them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from redd_audit.formulas.recheck import plots_to_remeasure_count, samples_to_reinterpret_count
from redd_audit.sampling.recheck import (
    METHOD,
    RECHECK_FRACTION,
    REINTERPRET_MINIMUM_SAMPLES,
    REMEASURE_MINIMUM_PLOTS,
)
from redd_audit.tables.schemas import ROW_COLUMN
from redd_audit.workbook.book import Book
from redd_audit.workbook.layout import SheetBuilder, column_values, fx, inp
from redd_audit.workbook.model import COUNT, DATE, FRACTION, TC_PER_HA, Cell, column_letter

PLOTS = "Plots to remeasure"
ACCURACY = "Accuracy re-check"
SHEETS = (PLOTS, ACCURACY)


def _selection(sampling: dict[str, object] | None, key: str) -> dict[str, Any]:
    """The ``plots`` or ``accuracy_samples`` entry of summary.json ``sampling`` ({} if none)."""
    entry = (sampling or {}).get(key)
    return dict(entry) if isinstance(entry, dict) else {}


def _selection_block(
    sh: SheetBuilder,
    selection: dict[str, Any],
    unit: str,
    minimum: int,
    count: Callable[..., str],
) -> int:
    """Seed, method, rule inputs and the per-group counts with the count formula (``count``, a
    builder of :mod:`redd_audit.formulas.recheck`); returns the header row of the selected
    units below them."""
    sh.put(4, 1, "Seed (the evidence-sample seed)", "key")
    sh.cells[(4, 3)] = inp(selection.get("seed"), COUNT)
    sh.put(5, 1, "Method: numpy.random.default_rng(seed).choice(N, n, replace=False) per group")
    sh.cells[(5, 3)] = inp(METHOD)
    sh.put(6, 1, "Minimum per group")
    sh.cells[(6, 3)] = inp(minimum, COUNT)
    sh.put(7, 1, "Fraction per group")
    sh.cells[(7, 3)] = inp(RECHECK_FRACTION, FRACTION)
    sh.headers(8, 5, ["Group", f"{unit}s", "Selected", "Rule min(N, max(min, ⌈fraction·N⌉))"])
    for i, g in enumerate(selection.get("groups", [])):
        r = 9 + i
        sh.put(r, 5, g["group"])
        sh.put(r, 6, g["units"], "input", COUNT)
        sh.put(r, 7, g["selected"], "input", COUNT)
        sh.cells[(r, 8)] = fx(count(f"F{r}", minimum="$C$6", fraction="$C$7"), COUNT)
    return 11 + max(len(selection.get("groups", [])), 2)


def _units(frame: pd.DataFrame | None, unit: str, selected: list[str]) -> pd.DataFrame:
    if frame is None or not selected:
        return pd.DataFrame()
    chosen = frame[frame[unit].astype(str).isin(set(selected))]
    return chosen.sort_values(unit, key=lambda s: s.astype(str), kind="stable")


def _input_rows(sh: SheetBuilder, rows: pd.DataFrame, top: int) -> list[str]:
    """Every input column of the selected units (file row last); returns the column keys."""
    keys = [c for c in rows.columns if c != ROW_COLUMN] + [ROW_COLUMN]
    first = top + 1
    sh.headers(top, 1, [("Row in file" if k == ROW_COLUMN else k) for k in keys])
    for j, k in enumerate(keys):
        dates = pd.api.types.is_datetime64_any_dtype(rows[k])
        for i, v in enumerate(column_values(rows, k)):
            sh.put(
                first + i,
                j + 1,
                v,
                "label" if k == ROW_COLUMN else "input",
                DATE if dates else None,
            )
    return keys


def plots_sheet(book: Book) -> None:
    ctx = book.ctx
    sh = book.sheet(PLOTS, "Inventory plots to remeasure (seeded random selection per stratum)")
    selection = _selection(ctx.sampling, "plots")
    rows = _units(ctx.frames.get("inventory_plots"), "plot_id", selection.get("selected", []))
    top = _selection_block(sh, selection, "plot", REMEASURE_MINIMUM_PLOTS, plots_to_remeasure_count)
    if rows.empty:
        sh.put(top, 1, "No inventory plots: nothing to remeasure.", "note")
        return
    first = top + 1
    keys = _input_rows(sh, rows, top)
    inv = ctx.recomputation.inventory if ctx.recomputation else None
    recorded = (
        inv.plots.set_index("plot_id")["tree_carbon_tc_per_ha"] if inv is not None else pd.Series()
    )
    c0 = len(keys) + 1
    sh.headers(
        top,
        c0,
        [
            "Recorded tree C, above + below (tC ha⁻¹)",
            "Remeasured tree C (tC ha⁻¹): VERIFIER INPUT",
            "Difference remeasured − recorded (tC ha⁻¹)",
            "Relative difference",
        ],
    )
    rec, rem, dif = (column_letter(c0 + i) for i in range(3))
    for i, plot in enumerate(rows["plot_id"].astype(str)):
        r = first + i
        sh.put_row(
            r,
            c0,
            [
                inp(recorded.get(plot), TC_PER_HA),
                Cell(None, "input", TC_PER_HA, minimum=0.0),
                fx(f'=IF(ISNUMBER({rem}{r}),{rem}{r}-{rec}{r},"")', TC_PER_HA),
                fx(f'=IF(AND(ISNUMBER({dif}{r}),{rec}{r}<>0),{dif}{r}/{rec}{r},"")', FRACTION),
            ],
        )
    sh.freeze = f"B{first}"
    sh.title_rows = f"1:{top}"


def accuracy_sheet(book: Book) -> None:
    ctx = book.ctx
    sh = book.sheet(ACCURACY, "Accuracy samples to re-interpret (seeded, 10 % per map class)")
    selection = _selection(ctx.sampling, "accuracy_samples")
    rows = _units(ctx.frames.get("accuracy_samples"), "sample_id", selection.get("selected", []))
    top = _selection_block(
        sh, selection, "sample", REINTERPRET_MINIMUM_SAMPLES, samples_to_reinterpret_count
    )
    if rows.empty:
        sh.put(top, 1, "No accuracy samples: nothing to re-interpret.", "note")
        return
    first = top + 1
    keys = _input_rows(sh, rows, top)
    c0 = len(keys) + 1
    ref = column_letter(keys.index("reference_class") + 1)
    samples = ctx.frames["accuracy_samples"]
    classes = tuple(
        sorted({*samples["map_class"].astype(str), *samples["reference_class"].astype(str)})
    )
    new, agree = column_letter(c0), column_letter(c0 + 1)
    sh.headers(
        top,
        c0,
        ["Re-interpreted reference class: VERIFIER INPUT", "Agrees with the recorded class (1/0)"],
    )
    for i in range(len(rows)):
        r = first + i
        sh.put_row(
            r,
            c0,
            [
                Cell(None, "input", allowed=classes),
                fx(f'=IF({new}{r}="","",IF({new}{r}={ref}{r},1,0))', COUNT),
            ],
        )
    last = first + len(rows) - 1
    sh.put(9, 1, "Samples re-interpreted", "key")
    sh.cells[(9, 3)] = fx(f"=COUNT({agree}{first}:{agree}{last})", COUNT)
    sh.put(10, 1, "Agreement with the recorded reference class", "key")
    sh.cells[(10, 3)] = fx(f'=IF(C9>0,SUM({agree}{first}:{agree}{last})/C9,"")', FRACTION)
    sh.freeze = f"B{first}"
    sh.title_rows = f"1:{top}"


def build(book: Book) -> None:
    """Both re-check sheets."""
    plots_sheet(book)
    accuracy_sheet(book)
