"""The proponent's own draws re-performed in ``run`` (contract 7.1.4): ``simulation_draws``
checked (7.7) and the selected rule applied to them, with the tool's simulation beside them."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from redd_audit.errors import InputError
from redd_audit.findings import Finding
from redd_audit.methodology.deductions import DeductionResult, deduction_result
from redd_audit.methodology.figures import Recomputation
from redd_audit.monte_carlo import (
    PeriodSimulation,
    deterministic_gross_er,
    period_gross_er,
    rule_settings,
)
from redd_audit.project import Project
from redd_audit.simulation_outputs import deduction_json, finding, monte_carlo_figures
from redd_audit.workbook.monte_carlo_sheets import MonteCarloSheets

#: The proponent's HW and the tool's differ by more than this (relative): a warning (7.7).
HALF_WIDTH_DIFFERENCE_FRACTION = 0.25


def proponent_draws(
    frame: pd.DataFrame, years: list[int], file: str = "simulation_draws"
) -> tuple[dict[str, NDArray[np.float64]], NDArray[np.float64], bool]:
    """The proponent's gross-ER draws by vintage and for the period (contract 7.1.4), checked
    (7.7: at least 2 rows, a column for every vintage of the period, finite numbers; exit 2
    naming the row and column). The flag says whether the period column was given (else the
    period is the row-wise sum of the vintage columns)."""
    if len(frame) < 2:
        raise InputError("simulation_draws needs at least 2 rows", file=file)
    columns = [f"gross_er_tco2e_{y}" for y in years]
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise InputError(
            f"no column for vintage(s) of the period: {', '.join(missing)}",
            file=file,
            row=1,
            column=missing[0],
        )
    given = "gross_er_tco2e_period" in frame.columns
    values = {}
    for column in [*columns, *(["gross_er_tco2e_period"] if given else [])]:
        x = pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=float)
        bad = np.flatnonzero(~np.isfinite(x))
        if bad.size:
            i = int(bad[0])
            row = int(frame["_row"].iloc[i]) if "_row" in frame.columns else i + 2
            raise InputError(
                f"{frame[column].iloc[i]!r} is not a finite number", file=file, row=row,
                column=column,
            )  # fmt: skip
        values[column] = x
    period = values.pop("gross_er_tco2e_period", None)
    if period is None:
        period = np.sum(np.vstack(list(values.values())), axis=0)
    return values, period, given


def proponent_deduction(
    project: Project,
    frame: pd.DataFrame,
    recomputation: Recomputation,
    tool: PeriodSimulation | None,
    file: str = "simulation_draws",
) -> tuple[dict[str, object], list[Finding], DeductionResult]:
    """summary ``deduction`` re-performed on the proponent's draws (``draws_source:
    simulation_draws``), with the tool's own beside it (``comparison``) when the period was
    simulated, and a warning when the two half-widths differ by more than 25 % (7.7); and the
    rule's result on those draws."""
    years = [f.vintage for f in recomputation.vintages]
    gross, period, given = proponent_draws(frame, years, file)
    deterministic = {
        **deterministic_gross_er(recomputation),
        "period": period_gross_er(recomputation),
    }
    rule = rule_settings(project)
    result = deduction_result(rule, gross, period, deterministic)
    deduction = deduction_json(rule, gross, period, deterministic, "simulation_draws", result)
    deduction["period_series"] = "given" if given else "row-wise sum of the vintage columns"
    warnings = deduction.get("warnings")
    findings: list[Finding] = [
        finding("warning", f"{rule.rule} on the proponent's draws: {w}", file=file)
        for w in (warnings if isinstance(warnings, list) else [])
    ]
    infos = deduction.get("infos")
    findings += [
        finding("info", f"{rule.rule} on the proponent's draws: {i}", file=file)
        for i in (infos if isinstance(infos, list) else [])
    ]
    if tool is not None:
        deduction["comparison"] = [tool.deduction]
        ours = _half_width(tool.deduction)
        theirs = _half_width(deduction)
        if (
            ours
            and theirs is not None
            and abs(theirs - ours) / abs(ours) > HALF_WIDTH_DIFFERENCE_FRACTION
        ):
            findings.append(
                finding(
                    "warning",
                    f"the proponent's period half-width {theirs:.4g} and the tool's {ours:.4g} "
                    "differ by more than 25 %",
                    file=file,
                )
            )
    return deduction, findings, result


def _half_width(deduction: Mapping[str, object]) -> float | None:
    period = deduction.get("period")
    if not isinstance(period, Mapping):
        return None
    value = period.get("half_width_fraction")
    return float(value) if isinstance(value, int | float) else None


def proponent_sheets(
    project: Project,
    frame: pd.DataFrame,
    recomputation: Recomputation,
    file: str,
    sha256: str,
    draws_in_workbook: str,
) -> MonteCarloSheets:
    """The Monte Carlo sheets over the proponent's draws (contract 7.1.4, 7.5.3), for a run that
    audits them without simulating: the statistics and the rule re-performed from every draw."""
    years = [f.vintage for f in recomputation.vintages]
    gross, period, given = proponent_draws(frame, years, file)
    table = pd.DataFrame(
        {
            "draw": np.arange(1, len(period) + 1),
            **{f"out:{name}": x for name, x in gross.items()},
            "out:gross_er_tco2e_period": period,
        }
    )
    figures = monte_carlo_figures(
        table, rule_settings(project), deterministic_gross_er(recomputation), file, sha256
    )
    return MonteCarloSheets(
        figures=figures,
        seed=None,
        seed_source="simulation_draws",
        content_sha256="",
        draws_in_workbook=draws_in_workbook,
        draws_source="simulation_draws",
        period_series=(
            "the proponent's gross_er_tco2e_period column"
            if given
            else "the row-wise sum of the vintage columns (no gross_er_tco2e_period column)"
        ),
    )
