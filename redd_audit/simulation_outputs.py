"""What a simulated period writes (contract 7.5): summary.json entries, the draws table and
its content hash, and the draws file. Pure except :func:`write_draws`."""

from __future__ import annotations

import hashlib
import math
from dataclasses import asdict
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from redd_audit.deduct.figures import DeductFigures, compute
from redd_audit.deduct.table import DrawsTable
from redd_audit.findings import Finding
from redd_audit.methodology.deductions import (
    RULE_VERSIONS,
    DeductionResult,
    RuleSettings,
    SeriesDeduction,
    deduction_result,
)
from redd_audit.methodology.draw_statistics import convergence, series_statistics
from redd_audit.methodology.simulation import Simulation, TornadoBar
from redd_audit.methodology.simulation_inputs import InputRow
from redd_audit.methodology.simulation_model import SERIES, Cell
from redd_audit.project import Project

RULE = "contract 7.2: Monte Carlo simulation of the period"


def draws_file_name(project_id: str, start: str, end: str, store: str) -> str | None:
    """``<project-id>_<start>_<end>_draws.parquet`` (``.csv``; None for ``store_draws: none``)."""
    if store == "none":
        return None
    return f"{project_id}_{start}_{end}_draws.{'parquet' if store == 'parquet' else 'csv'}"


def write_draws(draws: pd.DataFrame, path: Path) -> None:
    """Parquet (pyarrow, zstd) or CSV (``%.17g``: every double read back exactly)."""
    if path.suffix == ".parquet":
        draws.to_parquet(path, engine="pyarrow", compression="zstd", index=False)
    else:
        draws.to_csv(path, index=False, float_format="%.17g", lineterminator="\n")


def content_sha256(draws: pd.DataFrame) -> str:
    """SHA-256 of the little-endian float64 matrix of every ``in:`` then ``out:`` column, in
    file order, row-major (contract 7.5.2): independent of the file's encoder."""
    columns = [c for c in draws.columns if c.startswith("in:")]
    columns += [c for c in draws.columns if c.startswith("out:")]
    matrix = np.ascontiguousarray(draws[columns].to_numpy(dtype="<f8"))
    return hashlib.sha256(matrix.tobytes(order="C")).hexdigest()


def finding(
    severity: Literal["error", "warning", "info"],
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


def _split(name: str) -> tuple[str, int | None]:
    quantity, _, label = name.rpartition("_")
    return quantity, None if label == "period" else int(label)


def series_json(sim: Simulation, method: str) -> list[dict[str, object]]:
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


def convergence_json(
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
                finding(
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


def inputs_json(
    rows: list[InputRow], cells: dict[str, list[Cell]], sim: Simulation, file: str
) -> tuple[list[dict[str, object]], list[Finding]]:
    entries, findings = [], []
    for row in rows:
        x = sim.inputs[row.input_id]
        negative = int(np.count_nonzero(x < 0.0))
        if negative:
            findings.append(
                finding(
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


def sensitivity_json(bars: list[TornadoBar], shares: dict[str, float]) -> list[dict[str, object]]:
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


def deduction_json(
    rule: RuleSettings,
    gross: dict[str, NDArray[np.float64]],
    period: NDArray[np.float64],
    deterministic: dict[str, float],
    source: str,
    result: DeductionResult | None = None,
) -> dict[str, object]:
    """summary ``deduction``: the rule on gross-ER draws by vintage (``gross_er_tco2e_<v>``)
    and of the period (contract 7.3.4); ``source`` names the draws (``simulation`` or
    ``simulation_draws``); ``deterministic``: the centers by series, ``period`` included;
    ``result``: the rule already applied to these draws (else applied here)."""
    if result is None:
        result = deduction_result(rule, gross, period, deterministic)
    settings = asdict(rule)
    settings["bounds"], settings["factors"] = list(rule.bounds), list(rule.factors)
    entry = None
    if result.period is not None:
        entry = {**_deduction_entry(result.period, None), "true_up_tco2e": result.true_up_tco2e}
    return {
        "rule": rule.rule,
        "rule_version": RULE_VERSIONS[rule.rule],
        "applies_to": result.applies_to,
        "settings": settings,
        "constants": rule_constants(rule),
        "draws_source": source,
        "vintages": [_deduction_entry(d, _split(d.name)[1]) for d in result.vintages],
        "period": entry,
        "warnings": rule_warnings(result),
        "infos": rule_infos(result, gross, period),
    }


def rule_constants(rule: RuleSettings) -> dict[str, object]:
    """The rule's constants (contract 7.5.1 ``deduction.constants``): TREES's scaling constant
    and t value, the FCPF tiers, the VCS allowable uncertainty."""
    if rule.rule == "art-trees":
        return {"ua_scale": rule.ua_scale, "t90": rule.t90}
    if rule.rule == "fcpf":
        return {"bounds": list(rule.bounds), "factors": list(rule.factors)}
    return {"allowable_fraction": rule.allowable_fraction}


def rule_warnings(result: DeductionResult) -> list[str]:
    """The rule's warnings (contract 7.7: a non-positive reference or center, UA ≥ 1), each
    once, vintages first."""
    series = [*result.vintages, *([result.period] if result.period is not None else [])]
    return list(dict.fromkeys(w for d in series for w in d.warnings))


def rule_infos(
    result: DeductionResult,
    gross: dict[str, NDArray[np.float64]],
    period: NDArray[np.float64],
) -> list[str]:
    """What the rule reports without blocking (contract 7.7 ``info``): negative gross-ER draws
    kept (every series the rule read), FCPF U exactly on a bound."""
    texts = []
    for name, x in [*gross.items(), ("gross_er_tco2e_period", period)]:
        negative = int(np.count_nonzero(np.asarray(x) < 0.0))
        if negative:
            texts.append(f"{negative} negative draws of {name} kept (reversals in those draws)")
    series = [*result.vintages, *([result.period] if result.period is not None else [])]
    texts += [i for d in series for i in d.infos]
    return list(dict.fromkeys(texts))


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


def write_simulation(
    simulation: dict[str, object],
    manifest: dict[str, object],
    draws: pd.DataFrame,
    folder: Path,
    name: str | None,
) -> tuple[dict[str, object], dict[str, object]]:
    """Write the draws file into ``folder`` (unless ``name`` is None) and return summary.json
    ``simulation`` and manifest.json ``simulation`` with its name and SHA-256 (7.5.1, 7.5.2)."""
    if name is None:
        return simulation, manifest
    path = folder / name
    write_draws(draws, path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    entry = simulation.get("draws")
    listed = dict(entry) if isinstance(entry, dict) else {}
    summary = {**simulation, "draws": {"file": name, "sha256": digest, **listed}}
    return summary, {**manifest, "draws_file": name, "draws_sha256": digest}


def monte_carlo_figures(
    draws: pd.DataFrame,
    rule: RuleSettings,
    deterministic: dict[str, float],
    draws_file: str,
    draws_sha256: str,
) -> DeductFigures:
    """The rule re-performed on the simulated gross ER of every vintage and of the period
    (the ``out:gross_er_tco2e_*`` columns of the draws table), as ``deduct`` computes it."""
    series = {
        column.removeprefix("out:"): draws[column].to_numpy(dtype=float)
        for column in draws.columns
        if column.startswith("out:gross_er_tco2e_")
    }
    table = DrawsTable(
        file=draws_file,
        sha256=draws_sha256,
        size_bytes=0,
        draw_column="draw",
        draws=draws["draw"].to_numpy(dtype=np.int64),
        series=series,
        ignored_columns=(),
    )
    return compute(table, rule, deterministic, "gross_er_tco2e_period")
