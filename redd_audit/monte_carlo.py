"""The simulation of a period as ``run`` reports it (contract 7.2, 7.5): pure, no Prefect.

:func:`period_simulation` draws the inputs (``uncertainty_inputs``, or one row per stratum),
propagates them (:mod:`redd_audit.methodology.simulation`), checks draw 0 against the
deterministic figures, sizes the selected rule on the draws (:func:`deduction_result`,
``center: deterministic``) and gathers what the outputs show: summary.json ``simulation``,
``deduction`` and ``sensitivity``, the manifest's ``simulation``, the draws table of 7.5.2 and
its content hash, and the findings (an ``error`` when draw 0 fails, ``warning`` for a series not
converged, negative draws of a non-negative input, or TREES with n ≠ 10,000).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Literal

import numpy as np
import pandas as pd
import scipy

from redd_audit.findings import Finding
from redd_audit.methodology.deductions import (
    RULE_VERSIONS,
    RuleSettings,
    SeriesDeduction,
    deduction_result,
)
from redd_audit.methodology.draw_statistics import convergence, series_statistics
from redd_audit.methodology.figures import Recomputation
from redd_audit.methodology.simulation import (
    Simulation,
    TornadoBar,
    draw_zero_check,
    input_cells,
    simulate,
    tornado,
    variance_shares,
)
from redd_audit.methodology.simulation_inputs import (
    TABLE,
    InputRow,
    default_input_rows,
    input_rows,
)
from redd_audit.methodology.simulation_model import SERIES, Cell, simulation_model
from redd_audit.methodology.simulation_sampling import (
    BIT_GENERATOR,
    SAMPLING,
    SPAWN_KEY_RULE,
    derived_seed,
)
from redd_audit.project import Project

RULE = "contract 7.2: Monte Carlo simulation of the period"
#: TREES 2.0: "Monte Carlo simulations shall use … a simulation n of 10,000".
TREES_ITERATIONS = 10_000


@dataclass(frozen=True)
class PeriodSimulation:
    """What a simulated period adds to the outputs (contract 7.5)."""

    simulation: dict[str, object]
    deduction: dict[str, object]
    sensitivity: list[dict[str, object]]
    manifest: dict[str, object]
    draws: pd.DataFrame
    findings: tuple[Finding, ...]


def rule_settings(project: Project) -> RuleSettings:
    """The selected rule's settings as :class:`RuleSettings` (``run``: center deterministic)."""
    unc, sim = project.accounting.uncertainty, project.accounting.simulation
    method = sim.percentile_method
    if unc.rule == "art-trees":
        a = unc.art_trees
        return RuleSettings(
            rule="art-trees",
            center=a.center,
            half_width_reference=a.half_width_reference,
            confidence=a.confidence,
            percentile_method=method,
            ua_scale=a.ua_scale,
            t90=a.t90,
            leakage_fraction=a.leakage_fraction,
            buffer_fraction=project.accounting.buffer.risk_rating_fraction,
            ua_source=a.ua_source,
            ci_bound_decimals=a.ci_bound_decimals,
            half_width_decimals=a.half_width_decimals,
            ua_decimals=a.ua_decimals,
        )
    if unc.rule == "fcpf":
        f = unc.fcpf
        return RuleSettings(
            rule="fcpf",
            center=f.center,
            half_width_reference=f.half_width_reference,
            confidence=f.confidence,
            percentile_method=method,
            bounds=f.bounds,
            factors=f.factors,
            ci_bound_decimals=f.ci_bound_decimals,
            relative_margin_decimals=f.relative_margin_decimals,
        )
    return RuleSettings(
        rule="vcs-xunc",
        center="deterministic",
        half_width_reference="mean",
        confidence=0.95,
        percentile_method=method,
        allowable_fraction=unc.allowable_fraction,
    )


def content_sha256(draws: pd.DataFrame) -> str:
    """SHA-256 of the little-endian float64 matrix of every ``in:`` then ``out:`` column, in
    file order, row-major (contract 7.5.2): independent of the file's encoder."""
    columns = [c for c in draws.columns if c.startswith("in:")]
    columns += [c for c in draws.columns if c.startswith("out:")]
    matrix = np.ascontiguousarray(draws[columns].to_numpy(dtype="<f8"))
    return hashlib.sha256(matrix.tobytes(order="C")).hexdigest()


def _finding(
    severity: Literal["error", "warning"],
    message: str,
    file: str = "project.yaml",
    column: str | None = None,
) -> Finding:
    return Finding(
        severity=severity,
        file=file,
        row=None,
        record=None,
        column=column,
        value=None,
        expectation="monte_carlo",
        rule=RULE,
        message=message,
    )


def _number(x: float) -> float | None:
    return x if math.isfinite(x) else None


def _rows(frames: Mapping[str, pd.DataFrame], rc: Recomputation) -> list[InputRow]:
    table = frames.get(TABLE)
    if table is not None:
        return input_rows(table)
    return default_input_rows(
        [
            (str(r["stratum_id"]), float(r["uncertainty_fraction"]))
            for r in rc.stocks.to_dict("records")
        ]
    )


def _table_sha256(frame: pd.DataFrame | None) -> str | None:
    if frame is None:
        return None
    text = frame.drop(columns=["_row"], errors="ignore").to_csv(index=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _seed(
    project: Project,
    frames: Mapping[str, pd.DataFrame],
    start: dt.date,
    end: dt.date,
    mc_seed: int | None,
    inputs_sha256: str | None,
) -> tuple[int, str]:
    """The seed and its source: ``cli``, ``project.yaml`` or ``derived`` (contract 7.2.2)."""
    if mc_seed is not None:
        return mc_seed, "cli"
    configured = project.accounting.simulation.seed
    if configured is not None:
        return configured, "project.yaml"
    table_hash = inputs_sha256 or _table_sha256(frames.get(TABLE))
    return derived_seed(project.id, start.isoformat(), end.isoformat(), table_hash), "derived"


def _split(name: str) -> tuple[str, int | None]:
    quantity, _, label = name.rpartition("_")
    return quantity, None if label == "period" else int(label)


def _series_json(sim: Simulation, method: str) -> list[dict[str, object]]:
    entries: list[dict[str, object]] = []
    for name, x in sim.series.items():
        s = series_statistics(name, x, method)
        quantity, vintage = _split(name)
        entries.append(
            {
                "name": quantity,
                "vintage": vintage,
                "n": s.n,
                "mean_tco2e": s.mean_tco2e,
                "sd_tco2e": _number(s.sd_tco2e),
                "median_tco2e": s.median_tco2e,
                "min_tco2e": s.min_tco2e,
                "max_tco2e": s.max_tco2e,
                "p025_tco2e": s.percentile(2.5),
                "p05_tco2e": s.percentile(5.0),
                "p95_tco2e": s.percentile(95.0),
                "p975_tco2e": s.percentile(97.5),
                "negative_draws": s.negative_draws,
            }
        )
    return entries


def _convergence_json(
    project: Project, sim: Simulation, rule: RuleSettings, read: list[str]
) -> tuple[dict[str, object], list[Finding]]:
    """summary ``simulation.convergence`` over the series the rule reads, and its warnings."""
    settings = project.accounting.simulation
    band = settings.convergence
    entries, findings = [], []
    for name in read:
        c = convergence(
            name,
            sim.series[name],
            confidence=rule.confidence,
            reference=rule.half_width_reference,
            method=settings.percentile_method,
            window=band.window,
            running_mean_band_fraction=band.running_mean_band_fraction,
            half_width_band_fraction=band.half_width_band_fraction,
        )
        quantity, vintage = _split(name)
        entries.append(
            {
                "name": quantity,
                "vintage": vintage,
                "running_mean_max_deviation_fraction": _number(
                    c.running_mean_max_deviation_fraction
                ),
                "half_width_change_fraction": _number(c.half_width_change_fraction),
                "converged": c.converged,
            }
        )
        if c.converged is False:
            findings.append(
                _finding(
                    "warning",
                    f"{name} has not converged (running mean deviation "
                    f"{c.running_mean_max_deviation_fraction:.4g}, half-width change "
                    f"{c.half_width_change_fraction:.4g}): increase "
                    "accounting.simulation.iterations",
                    column="accounting.simulation.iterations",
                )
            )
    summary = {
        "window": band.window,
        "running_mean_band_fraction": band.running_mean_band_fraction,
        "half_width_band_fraction": band.half_width_band_fraction,
        "series": entries,
        "converged": all(e["converged"] is not False for e in entries),
    }
    return summary, findings


def _inputs_json(
    rows: list[InputRow], cells: dict[str, list[Cell]], sim: Simulation, file: str
) -> tuple[list[dict[str, object]], list[Finding]]:
    entries, findings = [], []
    for row in rows:
        x = sim.inputs[row.input_id]
        negative = int(np.count_nonzero(x < 0.0))
        if negative:
            findings.append(
                _finding(
                    "warning",
                    f"{negative} negative draws of {row.input_id} ({row.quantity}); "
                    "use truncated_normal",
                    file=file,
                )
            )
        entries.append(
            {
                "input_id": row.input_id,
                "quantity": row.quantity,
                "selector": dict(row.selector),
                "scale": row.scale,
                "distribution": row.distribution.name,
                "parameters": dict(row.declared),
                "cells": len(cells[row.input_id]),
                "drawn_mean": float(np.mean(x)),
                "drawn_sd": float(np.std(x, ddof=1)),
                "negative_draws": negative,
                "source": row.source,
            }
        )
    return entries, findings


def draws_table(rows: list[InputRow], sim: Simulation, years: list[int]) -> pd.DataFrame:
    """The draws file's table (contract 7.5.2): ``draw``, ``in:<input_id>`` (in the row's
    scale), ``out:<quantity>_<vintage>`` and ``out:<quantity>_period``."""
    columns: dict[str, np.ndarray] = {"draw": np.arange(1, sim.iterations + 1, dtype=np.int32)}
    for row in rows:
        columns[f"in:{row.input_id}"] = sim.inputs[row.input_id]
    for quantity in SERIES:
        for label in [*map(str, years), "period"]:
            columns[f"out:{quantity}_{label}"] = sim.series[f"{quantity}_{label}"]
    return pd.DataFrame(columns)


def _sensitivity_json(bars: list[TornadoBar], shares: dict[str, float]) -> list[dict[str, object]]:
    if not bars:
        return [{"input_id": k, "variance_share_fraction": v} for k, v in shares.items()]
    return [
        {
            "input_id": b.input_id,
            "variance_share_fraction": shares.get(b.input_id),
            "output_at_low_tco2e": b.output_at_low_tco2e,
            "output_at_high_tco2e": b.output_at_high_tco2e,
            "swing_tco2e": b.swing_tco2e,
            "rank": b.rank,
        }
        for b in bars
    ]


def _deduction_json(
    rule: RuleSettings, sim: Simulation, recomputation: Recomputation
) -> dict[str, object]:
    """summary ``deduction``: the selected rule on the simulated gross ER (contract 7.3.4)."""
    years = [f.vintage for f in recomputation.vintages]
    gross = {f"gross_er_tco2e_{y}": sim.series[f"gross_er_tco2e_{y}"] for y in years}
    deterministic = {
        f"gross_er_tco2e_{f.vintage}": f.baseline_tco2e - f.project_tco2e
        for f in recomputation.vintages
    }
    deterministic["period"] = sum(deterministic.values())
    result = deduction_result(rule, gross, sim.series["gross_er_tco2e_period"], deterministic)
    settings = asdict(rule)
    settings["bounds"], settings["factors"] = list(rule.bounds), list(rule.factors)
    period = None
    if result.period is not None:
        period = {**_deduction_entry(result.period, None), "true_up_tco2e": result.true_up_tco2e}
    return {
        "rule": rule.rule,
        "rule_version": RULE_VERSIONS[rule.rule],
        "applies_to": result.applies_to,
        "settings": settings,
        "draws_source": "simulation",
        "vintages": [_deduction_entry(d, _split(d.name)[1]) for d in result.vintages],
        "period": period,
    }


def period_simulation(
    project: Project,
    frames: Mapping[str, pd.DataFrame],
    start: dt.date,
    end: dt.date,
    recomputation: Recomputation,
    *,
    mc_seed: int | None = None,
    inputs_sha256: str | None = None,
) -> PeriodSimulation:
    """Simulate the period (``accounting.simulation``) and size the selected rule on it.

    ``inputs_sha256``: SHA-256 of the ``uncertainty_inputs`` file (the derived seed, 7.2.2);
    without it, a hash of the table's rows.
    """
    settings = project.accounting.simulation
    seed, source = _seed(project, frames, start, end, mc_seed, inputs_sha256)
    rows = _rows(frames, recomputation)
    model = simulation_model(project, dict(frames), start, end, recomputation)
    cells = input_cells(rows, model)
    check = draw_zero_check(rows, model, recomputation)
    sim = simulate(
        rows,
        model,
        seed=seed,
        iterations=settings.iterations,
        chunk_draws=settings.chunk_draws,
        input_draws=frames.get("input_draws"),
    )
    findings: list[Finding] = []
    if not check.passed:
        findings.append(
            _finding(
                "error",
                "simulation does not reproduce the deterministic figures: "
                f"{check.worst} differs by {check.max_relative_difference:.3g} (relative)",
            )
        )
    rule = rule_settings(project)
    years = [v.year for v in model.vintages]
    read = ["gross_er_tco2e_period"]
    if rule.rule == "art-trees":
        read = [*(f"gross_er_tco2e_{y}" for y in years), *read]
        if settings.iterations != TREES_ITERATIONS:
            findings.append(
                _finding(
                    "warning",
                    "TREES 2.0 requires a simulation n of 10,000",
                    column="accounting.simulation.iterations",
                )
            )
    conv, conv_findings = _convergence_json(project, sim, rule, read)
    file = TABLE if frames.get(TABLE) is not None else "project.yaml"
    inputs, input_findings = _inputs_json(rows, cells, sim, file)
    draws = draws_table(rows, sim, years)
    digest = content_sha256(draws)
    versions = {"numpy_version": np.__version__, "scipy_version": scipy.__version__}
    simulation = {
        "enabled": True,
        "iterations": sim.iterations,
        "seed": seed,
        "seed_source": source,
        "bit_generator": BIT_GENERATOR,
        "sampling": SAMPLING,
        **versions,
        "percentile_method": settings.percentile_method,
        "inputs": inputs,
        "draws": {"content_sha256": digest, "rows": len(draws), "columns": list(draws.columns)},
        "series": _series_json(sim, settings.percentile_method),
        "convergence": conv,
        "draw_zero_check": check.as_json(),
    }
    sensitivity = settings.sensitivity
    shares = (
        variance_shares(sim.inputs, sim.series["gross_er_tco2e_period"])
        if sensitivity.variance_share
        else {}
    )
    bars = tornado(rows, model) if sensitivity.tornado else []
    manifest = {
        "seed": seed,
        "seed_source": source,
        "bit_generator": BIT_GENERATOR,
        "sampling": SAMPLING,
        "spawn_key_rule": SPAWN_KEY_RULE,
        **versions,
        "iterations": sim.iterations,
        "draws_content_sha256": digest,
        "uncertainty_inputs_sha256": inputs_sha256 or _table_sha256(frames.get(TABLE)),
    }
    return PeriodSimulation(
        simulation=simulation,
        deduction=_deduction_json(rule, sim, recomputation),
        sensitivity=_sensitivity_json(bars, shares),
        manifest=manifest,
        draws=draws,
        findings=(*findings, *conv_findings, *input_findings),
    )


def _deduction_entry(d: SeriesDeduction, vintage: int | None) -> dict[str, object]:
    return {
        "vintage": vintage,
        "center_tco2e": d.center_tco2e,
        "reference_tco2e": d.reference_tco2e,
        "p_lower_tco2e": d.p_lower_tco2e,
        "p_upper_tco2e": d.p_upper_tco2e,
        "half_width_fraction": _number(d.half_width_fraction),
        "adjustment_fraction": _number(d.adjustment_fraction),
        "uncertainty_deduction_tco2e": d.uncertainty_deduction_tco2e,
        "adjusted_ner_tco2e": d.adjusted_ner_tco2e,
    }
