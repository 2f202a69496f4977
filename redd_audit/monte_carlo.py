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
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import scipy

from redd_audit.deduct.figures import MAX_DRAW_CELLS
from redd_audit.findings import Finding
from redd_audit.methodology.deductions import (
    DeductionResult,
    RuleSettings,
    deduction_result,
)
from redd_audit.methodology.figures import Recomputation
from redd_audit.methodology.simulation import (
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
from redd_audit.methodology.simulation_model import simulation_model
from redd_audit.methodology.simulation_sampling import (
    BIT_GENERATOR,
    SAMPLING,
    SPAWN_KEY_RULE,
    derived_seed,
)
from redd_audit.project import Project
from redd_audit.simulation_outputs import (
    content_sha256,
    convergence_json,
    deduction_json,
    draws_file_name,
    draws_table,
    finding,
    inputs_json,
    monte_carlo_figures,
    sensitivity_json,
    series_json,
    write_simulation,
)
from redd_audit.workbook.monte_carlo_sheets import MonteCarloSheets

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
    #: the selected rule and the deterministic gross ER by series (the Monte Carlo workbook)
    rule: RuleSettings | None = None
    deterministic: dict[str, float] | None = None
    #: the rule applied to the simulated gross ER (what ``deduction`` reports)
    result: DeductionResult | None = None

    @property
    def draw_zero_passed(self) -> bool:
        """Whether the vectorised path reproduced the deterministic figures (7.2.4)."""
        check = self.simulation.get("draw_zero_check")
        return isinstance(check, dict) and check.get("passed") is True


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
            finding(
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
                finding(
                    "warning",
                    "TREES 2.0 requires a simulation n of 10,000",
                    column="accounting.simulation.iterations",
                )
            )
    conv, conv_findings = convergence_json(project, sim, rule, read)
    file = TABLE if frames.get(TABLE) is not None else "project.yaml"
    inputs, input_findings = inputs_json(rows, cells, sim, file)
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
        "series": series_json(sim, settings.percentile_method),
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
    gross = {k: sim.series[k] for k in deterministic_gross_er(recomputation) if k[-1].isdigit()}
    centers = {**deterministic_gross_er(recomputation), "period": period_gross_er(recomputation)}
    period_draws = sim.series["gross_er_tco2e_period"]
    result = deduction_result(rule, gross, period_draws, centers)
    deduction = deduction_json(rule, gross, period_draws, centers, "simulation", result)
    rule_findings = [
        finding("warning", f"{rule.rule}: {w}") for w in _texts(deduction.get("warnings"))
    ] + [finding("info", f"{rule.rule}: {i}") for i in _texts(deduction.get("infos"))]
    left_out = draws_left_out(settings.draws_in_workbook, sim.iterations, len(gross) + 1)
    if left_out:
        rule_findings.append(
            finding("info", left_out, column="accounting.simulation.draws_in_workbook")
        )
    return PeriodSimulation(
        simulation=simulation,
        deduction=deduction,
        sensitivity=sensitivity_json(bars, shares),
        manifest=manifest,
        draws=draws,
        findings=(*findings, *conv_findings, *input_findings, *rule_findings),
        rule=rule,
        deterministic=deterministic_gross_er(recomputation),
        result=result,
    )


def draws_left_out(draws_in_workbook: str, iterations: int, series: int) -> str | None:
    """Why the workbook holds the statistics but not the draws (contract 7.5.3, 7.7 ``info``),
    or None when ``MC draws`` holds them."""
    cells = iterations * series
    if draws_in_workbook == "never":
        return (
            "the draws are not in the workbook (draws_in_workbook: never): the statistics are "
            "the engine's, from the draws file"
        )
    if draws_in_workbook == "auto" and cells > MAX_DRAW_CELLS:
        return (
            f"the draws are not in the workbook: {iterations:,} draws × {series} series = "
            f"{cells:,} cells > {MAX_DRAW_CELLS:,}; the statistics are the engine's, from the "
            "draws file"
        )
    return None


def deterministic_gross_er(recomputation: Recomputation) -> dict[str, float]:
    """The deterministic gross ER (ΔC_BSL − ΔC_P) by series name, the period's included."""
    values = {
        f"gross_er_tco2e_{f.vintage}": f.baseline_tco2e - f.project_tco2e
        for f in recomputation.vintages
    }
    values["gross_er_tco2e_period"] = sum(values.values())
    return values


def write_period_simulation(
    simulation: PeriodSimulation,
    folder: Path,
    project_id: str,
    start: dt.date,
    end: dt.date,
    store: str,
) -> tuple[dict[str, object], dict[str, object]]:
    """Write the draws file of a simulated period into ``folder``
    (``<id>_<start>_<end>_draws.parquet``, or CSV with ``store_draws: csv``, none with
    ``none``); return summary.json and manifest.json ``simulation`` with its name and SHA-256
    (contract 7.5.1, 7.5.2). The Monte Carlo sheets are in the verification workbook
    (:func:`monte_carlo_sheets`, 7.5.3)."""
    name = draws_file_name(project_id, start.isoformat(), end.isoformat(), store)
    return write_simulation(
        simulation.simulation, simulation.manifest, simulation.draws, folder, name
    )


def period_gross_er(recomputation: Recomputation) -> float:
    """The deterministic gross ER of the period [tCO2e]."""
    return deterministic_gross_er(recomputation)["gross_er_tco2e_period"]


def _texts(value: object) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


def monte_carlo_sheets(
    simulation: PeriodSimulation, summary: Mapping[str, object], draws_in_workbook: str
) -> MonteCarloSheets | None:
    """The Monte Carlo sheets of the verification workbook (contract 7.5.3) from the period's
    simulation and its summary.json ``simulation`` (draws file name and SHA-256)."""
    if simulation.rule is None or simulation.deterministic is None:
        return None
    draws = summary.get("draws")
    listed = draws if isinstance(draws, Mapping) else {}
    figures = monte_carlo_figures(
        simulation.draws,
        simulation.rule,
        simulation.deterministic,
        str(listed.get("file") or "draws not stored (store_draws: none)"),
        str(listed.get("sha256") or ""),
    )
    seed = simulation.simulation.get("seed")
    return MonteCarloSheets(
        figures=figures,
        seed=seed if isinstance(seed, int) else 0,
        seed_source=str(simulation.simulation.get("seed_source")),
        content_sha256=str(listed.get("content_sha256") or ""),
        draws_in_workbook=draws_in_workbook,
        sensitivity=tuple(simulation.sensitivity),
    )
