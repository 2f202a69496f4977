"""The Monte Carlo simulation of a period (contract 7.2, 7.5.4): pure, no Prefect.

:func:`input_cells` matches every input row to the cells it varies (contract 7.7: a selector
matching nothing, two rows on one cell, an ``absolute`` row over cells of different values or a
spawn-key collision is exit 2); :func:`draw_inputs` draws every row from its own stream
(:mod:`.simulation_sampling`); :func:`simulate` propagates the draws through
:func:`.simulation_model.propagate` ``chunk_draws`` at a time and returns the series per vintage
and for the period (the row-wise sum of the vintages, so correlations carry into the total).
:func:`draw_zero_check` runs the same path at the deterministic inputs against the engine's
figures; :func:`tornado` and :func:`variance_shares` are the sensitivity of 7.5.4.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from redd_audit.errors import InputError
from redd_audit.methodology.emission_schedule import POOLS
from redd_audit.methodology.figures import Recomputation
from redd_audit.methodology.simulation_inputs import TABLE, InputRow
from redd_audit.methodology.simulation_model import (
    POST,
    SERIES,
    Cell,
    SimulationModel,
    Values,
    propagate,
)
from redd_audit.methodology.simulation_sampling import (
    empirical_rows,
    inverse_cdf,
    spawn_key,
    uniforms,
)

#: Draw-0 tolerance: the vectorised path reproduces the engine to 1e-9 relative (7.2.4).
DRAW_ZERO_TOLERANCE = 1e-9
#: The engine's per-vintage figures compared by the draw-0 check.
CHECKED = (
    "baseline_tco2e",
    "project_stock_tco2e",
    "project_fire_tco2e",
    "project_tco2e",
    "leakage_belt_tco2e",
    "leakage_belt_baseline_tco2e",
    "leakage_tco2e",
    "ner_tco2e",
)
#: Tornado points: each input at its own P5 and P95 (contract 7.5.4).
TORNADO_LOW, TORNADO_HIGH = 0.05, 0.95


def _fail(row: InputRow, message: str, column: str, file: str = TABLE) -> InputError:
    return InputError(message, file=file, row=row.row, column=column)


def _cohorts(table: pd.DataFrame, kind: str, row: InputRow) -> list[Cell]:
    if table.empty:
        return []
    keep = np.ones(len(table), dtype=bool)
    for key, column in (("zone", "zone"), ("stratum_id", "stratum_id"), ("year", "cohort_year")):
        wanted = row.selects(key)
        if wanted != "*":
            keep &= table[column].astype(str).to_numpy() == wanted
    return [(kind, int(i)) for i in np.flatnonzero(keep)]


def _cells_of(row: InputRow, model: SimulationModel) -> list[Cell]:
    strata = [s for s in model.stocks if row.selects("stratum_id") in ("*", s)]
    if row.quantity == "carbon_stock":
        pools = [p for p in POOLS if row.selects("pool") in ("*", p)]
        return [("stock", s, p) for s in strata for p in pools]
    if row.quantity == "post_deforestation_stock":
        return [("stock", s, POST) for s in strata]
    if row.quantity == "baseline_area":
        return _cohorts(model.baseline, "baseline", row)
    if row.quantity == "monitored_area":
        return _cohorts(model.monitored, "monitored", row)
    raise _fail(row, f"{row.quantity} is not simulated in this version (contract 7.2)", "quantity")


def input_cells(rows: Sequence[InputRow], model: SimulationModel) -> dict[str, list[Cell]]:
    """input_id -> the cells its draw varies (checked, contract 7.7)."""
    cells: dict[str, list[Cell]] = {}
    owner: dict[Cell, str] = {}
    streams: dict[int, str] = {}
    for row in rows:
        matched = _cells_of(row, model)
        if not matched:
            keys = ", ".join(f"{k}={v}" for k, v in row.selector)
            raise _fail(row, f"the selector ({keys}) matches no cell of the accounting", "quantity")
        for cell in matched:
            if cell in owner:
                raise _fail(row, f"{cell} is also varied by {owner[cell]!r}", "input_id")
            owner[cell] = row.input_id
        if row.scale == "absolute":
            values = {model.deterministic(c) for c in matched}
            if len(values) > 1:
                raise _fail(row, "cells of different values: use scale: relative", "scale")
        k = spawn_key(row.stream)
        if streams.setdefault(k, row.stream) != row.stream:
            raise _fail(row, f"rename one of {streams[k]!r} and {row.stream!r}", "input_id")
        cells[row.input_id] = matched
    return cells


def _deterministic_draw(row: InputRow, cells: Sequence[Cell], model: SimulationModel) -> float:
    return 1.0 if row.scale == "relative" else model.deterministic(cells[0])


def empirical_values(row: InputRow, input_draws: pd.DataFrame | None) -> NDArray[np.float64]:
    """The ``input_draws`` column an empirical row names, checked (contract 7.7): present, at
    least 2 rows, every value a finite number (else exit 2 naming the row and column)."""
    column = str(row.draws_column)
    if input_draws is None or column not in input_draws.columns:
        raise _fail(row, f"input_draws has no column {column!r}", "draws_column")
    if len(input_draws) < 2:
        raise InputError("input_draws needs at least 2 rows", file="input_draws", column=column)
    raw = input_draws[column]
    values = pd.to_numeric(raw, errors="coerce").to_numpy(dtype=float)
    bad = np.flatnonzero(~np.isfinite(values))
    if bad.size:
        i = int(bad[0])
        spreadsheet_row = input_draws["_row"].iloc[i] if "_row" in input_draws.columns else i + 2
        raise InputError(
            f"{raw.iloc[i]!r} is not a finite number",
            file="input_draws",
            row=int(spreadsheet_row),
            column=column,
        )
    return values


def draw_inputs(
    rows: Sequence[InputRow],
    cells: dict[str, list[Cell]],
    model: SimulationModel,
    *,
    seed: int,
    iterations: int,
    input_draws: pd.DataFrame | None = None,
) -> dict[str, NDArray[np.float64]]:
    """input_id -> its ``iterations`` draws, in the row's scale (a factor or an absolute value)."""
    out: dict[str, NDArray[np.float64]] = {}
    for row in rows:
        u = uniforms(seed, row.stream, iterations)
        d = row.distribution
        if d.name == "fixed":
            out[row.input_id] = np.full(
                iterations, _deterministic_draw(row, cells[row.input_id], model)
            )
        elif d.name == "empirical":
            values = empirical_values(row, input_draws)
            if len(values) == iterations:
                out[row.input_id] = values.copy()
            else:
                out[row.input_id] = values[empirical_rows(u, len(values)) - 1]
        else:
            out[row.input_id] = inverse_cdf(d, u)
    return out


def cell_values(
    rows: Sequence[InputRow],
    cells: dict[str, list[Cell]],
    draws: dict[str, NDArray[np.float64]],
    model: SimulationModel,
    part: slice,
) -> Values:
    """The drawn value of every varied cell for the draws ``part``."""
    values: Values = {}
    for row in rows:
        drawn = draws[row.input_id][part]
        for cell in cells[row.input_id]:
            values[cell] = drawn * model.deterministic(cell) if row.scale == "relative" else drawn
    return values


@dataclass(frozen=True)
class Simulation:
    """The draws of one simulation: inputs (row scale) and series ``<name>_<vintage>`` and
    ``<name>_period`` (tCO2e), each ``(iterations,)``."""

    seed: int
    iterations: int
    inputs: dict[str, NDArray[np.float64]]
    series: dict[str, NDArray[np.float64]]


def simulate(
    rows: Sequence[InputRow],
    model: SimulationModel,
    *,
    seed: int,
    iterations: int,
    chunk_draws: int = 2000,
    input_draws: pd.DataFrame | None = None,
) -> Simulation:
    """Draw every input and propagate the draws, ``chunk_draws`` at a time (memory, 7.8)."""
    cells = input_cells(rows, model)
    draws = draw_inputs(
        rows, cells, model, seed=seed, iterations=iterations, input_draws=input_draws
    )
    parts: dict[str, list[np.ndarray]] = {name: [] for name in SERIES}
    for first in range(0, iterations, chunk_draws):
        part = slice(first, min(iterations, first + chunk_draws))
        size = part.stop - part.start
        result = propagate(model, cell_values(rows, cells, draws, model, part), size)
        for name in SERIES:
            parts[name].append(result[name])
    series: dict[str, NDArray[np.float64]] = {}
    for name in SERIES:
        table = np.hstack(parts[name])  # (vintages, iterations)
        for i, vintage in enumerate(model.vintages):
            series[f"{name}_{vintage.year}"] = table[i]
        series[f"{name}_period"] = table.sum(axis=0)
    return Simulation(seed, iterations, draws, series)


@dataclass(frozen=True)
class DrawZeroCheck:
    """summary.simulation.draw_zero_check (contract 7.2.4)."""

    max_relative_difference: float
    passed: bool
    worst: str

    def as_json(self) -> dict[str, object]:
        return {"max_relative_difference": self.max_relative_difference, "passed": self.passed}


def draw_zero_check(
    rows: Sequence[InputRow], model: SimulationModel, recomputation: Recomputation
) -> DrawZeroCheck:
    """The vectorised path at the deterministic input vector against every per-vintage figure
    of the deterministic engine (1e-9 relative)."""
    cells = input_cells(rows, model)
    point = {r.input_id: np.array([_deterministic_draw(r, cells[r.input_id], model)]) for r in rows}
    result = propagate(model, cell_values(rows, cells, point, model, slice(0, 1)), 1)
    worst, name = 0.0, ""
    for i, figures in enumerate(recomputation.vintages):
        for key in CHECKED:
            expected = float(getattr(figures, key))
            got = float(result[key][i, 0])
            scale = max(abs(expected), abs(got))
            difference = abs(got - expected) / scale if scale > 0.0 else 0.0
            if difference > worst or not name:
                worst, name = difference, f"{key}_{figures.vintage}"
    return DrawZeroCheck(worst, worst <= DRAW_ZERO_TOLERANCE, name)


@dataclass(frozen=True)
class TornadoBar:
    input_id: str
    output_at_low_tco2e: float
    output_at_high_tco2e: float
    swing_tco2e: float
    rank: int


def tornado(
    rows: Sequence[InputRow], model: SimulationModel, series: str = "gross_er_tco2e"
) -> list[TornadoBar]:
    """Every input at its own P5, then P95, the others at their deterministic values: the
    period ``series`` at the 2K designed points, ranked by swing (contract 7.5.4)."""
    cells = input_cells(rows, model)
    k = len(rows)
    point = {
        r.input_id: np.full(2 * k, _deterministic_draw(r, cells[r.input_id], model)) for r in rows
    }
    for j, row in enumerate(rows):
        if row.distribution.name not in ("fixed", "empirical"):
            ends = inverse_cdf(row.distribution, np.array([TORNADO_LOW, TORNADO_HIGH]))
            point[row.input_id][2 * j : 2 * j + 2] = ends
        elif row.distribution.name == "empirical":
            point[row.input_id][2 * j : 2 * j + 2] = np.nan
    values = cell_values(rows, cells, point, model, slice(0, 2 * k))
    total = propagate(model, values, 2 * k)[series].sum(axis=0)
    bars = [
        (row.input_id, float(total[2 * j]), float(total[2 * j + 1])) for j, row in enumerate(rows)
    ]
    order = sorted(bars, key=lambda b: (-abs(b[2] - b[1]), b[0]))
    rank = {b[0]: i + 1 for i, b in enumerate(order)}
    return [TornadoBar(i, low, high, abs(high - low), rank[i]) for i, low, high in bars]


def variance_shares(
    inputs: dict[str, NDArray[np.float64]], output: NDArray[np.float64]
) -> dict[str, float]:
    """``r_k² / Σ r_j²`` with ``r_k`` Pearson's correlation of input k with the output
    (contract 7.5.4; exact for linear models with independent inputs, approximate otherwise).
    A constant input or output has no correlation (share 0)."""
    r2 = {}
    y = np.asarray(output, dtype=float)
    for name, x in inputs.items():
        if np.std(x) == 0.0 or np.std(y) == 0.0:
            r2[name] = 0.0
        else:
            r2[name] = float(np.corrcoef(x, y)[0, 1]) ** 2
    total = sum(r2.values())
    return {name: (v / total if total > 0.0 else 0.0) for name, v in r2.items()}
