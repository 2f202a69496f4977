"""The proponent's own draws in run (redd_audit/proponent_draws.py; contract 7.1.4, 7.7).

Hand-made draws: each vintage's column is the deterministic gross ER × (1 + 0.05 z) with z a
fixed normal sample, so the rule's half-width is known to a few percent; the period is the
row-wise sum of the vintage columns unless given.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from redd_audit.assessment import assess_period
from redd_audit.errors import InputError
from redd_audit.monte_carlo import deterministic_gross_er, period_simulation
from redd_audit.proponent_draws import proponent_deduction, proponent_draws
from tests.workbook.case import END, START, make_context


@pytest.fixture(scope="module")
def ctx():
    return make_context()


def _draws(ctx, spread: float = 0.05, n: int = 10_000) -> pd.DataFrame:
    z = np.random.default_rng(4).standard_normal(n)
    centers = deterministic_gross_er(ctx.recomputation)
    columns = {"draw": np.arange(1, n + 1)}
    for name, center in centers.items():
        if name.endswith("_period"):
            continue
        columns[name] = center * (1.0 + spread * z)
    return pd.DataFrame(columns)


def test_the_rule_is_re_performed_on_the_proponents_draws(ctx) -> None:
    deduction, findings, _ = proponent_deduction(ctx.project, _draws(ctx), ctx.recomputation, None)
    assert deduction["draws_source"] == "simulation_draws" and findings == []
    assert deduction["period_series"] == "row-wise sum of the vintage columns"
    # HW95 of a normal with relative sd 0.05 is 1.96 × 0.05 = 0.098 (to sampling error)
    assert deduction["period"]["half_width_fraction"] == pytest.approx(0.098, rel=0.03)
    assert [v["vintage"] for v in deduction["vintages"]] == [2019, 2020]


def test_the_tools_own_draws_stand_beside_and_a_wide_gap_warns(ctx) -> None:
    project = ctx.project
    acc = project.accounting
    sim = acc.simulation.model_copy(update={"iterations": 2000})
    project = project.model_copy(update={"accounting": acc.model_copy(update={"simulation": sim})})
    tool = period_simulation(project, ctx.frames, START, END, ctx.recomputation)
    deduction, findings, _ = proponent_deduction(project, _draws(ctx), ctx.recomputation, tool)
    assert deduction["comparison"] == [tool.deduction]
    # the tool's HW is about 0.07 against 0.098: more than 25 % apart
    (warning,) = findings
    assert "differ by more than 25 %" in warning.message and warning.file == "simulation_draws"
    _, none, _ = proponent_deduction(project, _draws(ctx, spread=0.035), ctx.recomputation, tool)
    assert none == []


@pytest.mark.parametrize(
    ("edit", "message", "row", "column"),
    [
        (lambda f: f.drop(columns=["gross_er_tco2e_2020"]), "no column", 1, "gross_er_tco2e_2020"),
        (lambda f: f.head(1), "at least 2 rows", None, None),
        (
            lambda f: f.assign(gross_er_tco2e_2019=[*f["gross_er_tco2e_2019"][:-1], np.inf]),
            "not a finite number",
            10_001,
            "gross_er_tco2e_2019",
        ),
    ],
)
def test_bad_simulation_draws_exit_2(ctx, edit, message, row, column) -> None:
    with pytest.raises(InputError, match=message) as caught:
        proponent_draws(edit(_draws(ctx)), [2019, 2020])
    assert caught.value.row == row and caught.value.column == column


def test_the_assess_step_reports_the_proponents_deduction(ctx) -> None:
    frames = {**ctx.frames, "simulation_draws": _draws(ctx)}
    result = assess_period(
        project=ctx.project,
        frames=frames,
        files={n: f"{n}.csv" for n in frames},
        quality_findings=[],
        recomputation=ctx.recomputation,
        start=START,
        end=END,
        events_sha256="ab" * 32,
        sample_seed=7,
    )
    assert result.simulation is None
    assert result.deduction is not None and result.deduction["draws_source"] == "simulation_draws"


def test_a_rule_warning_becomes_a_finding(ctx) -> None:
    """vcs-xunc on draws whose mean is below 0: E reported as 0 and no deduction (7.7)."""
    draws = _draws(ctx)
    for column in draws.columns[1:]:
        draws[column] = -draws[column]
    deduction, findings, _ = proponent_deduction(ctx.project, draws, ctx.recomputation, None)
    assert deduction["warnings"]
    assert any("vcs-xunc on the proponent's draws" in f.message for f in findings)
    assert {f.severity for f in findings} == {"warning", "info"}
    # contract 7.7: negative gross-ER draws are kept and reported as info, never blocking
    infos = [f.message for f in findings if f.severity == "info"]
    assert any("negative draws of gross_er_tco2e_period kept" in m for m in infos)
