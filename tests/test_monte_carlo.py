"""The simulation of a period as run reports it (redd_audit/monte_carlo.py; contract 7.2, 7.5).

The content hash is re-computed here from its definition (7.5.2) on a hand-made table; the
seed sources follow 7.2.2; the same seed gives identical draws and summaries, another seed the
same half-width within the Monte Carlo tolerance (10,000 draws: the P2.5–P97.5 half-width of a
near-normal series has a relative standard error of about 1.5 %, so 10 % is far outside chance).
"""

from __future__ import annotations

import hashlib
import struct

import numpy as np
import pandas as pd
import pytest

from redd_audit.methodology.simulation import DrawZeroCheck
from redd_audit.methodology.simulation_sampling import derived_seed
from redd_audit.monte_carlo import period_simulation, rule_settings
from redd_audit.simulation_outputs import content_sha256
from tests.workbook.case import END, START, make_context


@pytest.fixture(scope="module")
def ctx():
    return make_context()


def _with_simulation(project, **settings):
    acc = project.accounting
    simulation = acc.simulation.model_copy(update=settings)
    return project.model_copy(
        update={"accounting": acc.model_copy(update={"simulation": simulation})}
    )


def test_content_hash_is_the_float64_matrix_in_then_out() -> None:
    table = pd.DataFrame(
        {"draw": [1, 2], "in:a": [1.0, 2.0], "out:x_period": [3.0, 4.0], "in:b": [5.0, 6.0]}
    )
    # in: columns first (file order a, b), then out:, row by row, little-endian doubles
    expected = hashlib.sha256(struct.pack("<6d", 1.0, 5.0, 3.0, 2.0, 6.0, 4.0)).hexdigest()
    assert content_sha256(table) == expected


def test_a_run_simulation_reports_every_key(ctx) -> None:
    result = period_simulation(ctx.project, ctx.frames, START, END, ctx.recomputation)
    sim = result.simulation
    assert sim["seed_source"] == "derived"
    assert sim["seed"] == derived_seed(ctx.project.id, START.isoformat(), END.isoformat(), None)
    assert sim["draw_zero_check"] == {"max_relative_difference": 0.0, "passed": True}
    assert sim["bit_generator"] == "PCG64" and sim["sampling"] == "inverse_cdf"
    assert [i["input_id"] for i in sim["inputs"]] == ["carbon_stock:TF", "carbon_stock:VF"]
    assert all(i["cells"] == 4 for i in sim["inputs"])  # every pool of the stratum
    # the factors' drawn mean is 1 within 3 standard errors (sd 0.08/1.96 and 0.12/1.96)
    for entry, fraction in zip(sim["inputs"], (0.08, 0.12), strict=True):
        assert abs(entry["drawn_mean"] - 1.0) < 3 * fraction / 1.959964 / 100
    periods = [s for s in sim["series"] if s["vintage"] is None]
    assert {s["name"] for s in periods} >= {"gross_er_tco2e", "ner_tco2e", "leakage_tco2e"}
    assert result.draws.shape == (10_000, 1 + 2 + 9 * 3)
    assert result.draws["draw"].tolist()[:3] == [1, 2, 3]
    assert sim["draws"]["content_sha256"] == content_sha256(result.draws)
    deduction = result.deduction
    assert deduction["rule"] == "vcs-xunc" and deduction["applies_to"] == "period"
    assert [v["vintage"] for v in deduction["vintages"]] == [2019, 2020]
    assert {s["rank"] for s in result.sensitivity} == {1, 2}
    assert result.manifest["spawn_key_rule"] == "sha256(input_id)[:8] as int"
    assert result.findings == ()


def test_same_seed_same_outputs_another_seed_within_tolerance(ctx, tmp_path) -> None:
    from redd_audit.simulation_outputs import write_draws

    a = period_simulation(ctx.project, ctx.frames, START, END, ctx.recomputation, mc_seed=1)
    b = period_simulation(ctx.project, ctx.frames, START, END, ctx.recomputation, mc_seed=1)
    c = period_simulation(ctx.project, ctx.frames, START, END, ctx.recomputation, mc_seed=2)
    assert a.simulation["seed_source"] == "cli"
    pd.testing.assert_frame_equal(a.draws, b.draws)
    write_draws(a.draws, tmp_path / "a.parquet")
    write_draws(b.draws, tmp_path / "b.parquet")
    assert (tmp_path / "a.parquet").read_bytes() == (tmp_path / "b.parquet").read_bytes()
    assert a.simulation == b.simulation and a.deduction == b.deduction
    assert a.simulation["draws"]["content_sha256"] != c.simulation["draws"]["content_sha256"]
    hw_a = a.deduction["period"]["half_width_fraction"]
    hw_c = c.deduction["period"]["half_width_fraction"]
    assert hw_c == pytest.approx(hw_a, rel=0.10)


def test_the_seed_of_project_yaml(ctx) -> None:
    project = _with_simulation(ctx.project, seed=42, iterations=1000)
    result = period_simulation(project, ctx.frames, START, END, ctx.recomputation)
    assert (result.simulation["seed"], result.simulation["seed_source"]) == (42, "project.yaml")
    assert len(result.draws) == 1000


def test_a_failed_draw_zero_check_is_an_error(ctx, monkeypatch) -> None:
    monkeypatch.setattr(
        "redd_audit.monte_carlo.draw_zero_check",
        lambda *a: DrawZeroCheck(0.25, False, "ner_tco2e_2020"),
    )
    project = _with_simulation(ctx.project, iterations=1000)
    result = period_simulation(project, ctx.frames, START, END, ctx.recomputation)
    (error,) = [f for f in result.findings if f.severity == "error"]
    assert "simulation does not reproduce the deterministic figures" in error.message
    assert "ner_tco2e_2020" in error.message
    assert result.simulation["draw_zero_check"]["passed"] is False


def test_art_trees_with_fewer_draws_warns_and_sizes_each_vintage(ctx) -> None:
    acc = ctx.project.accounting
    unc = acc.uncertainty.model_copy(update={"rule": "art-trees"})
    project = _with_simulation(
        ctx.project.model_copy(update={"accounting": acc.model_copy(update={"uncertainty": unc})}),
        iterations=2000,
    )
    assert rule_settings(project).rule == "art-trees"
    result = period_simulation(project, ctx.frames, START, END, ctx.recomputation)
    assert any("n of 10,000" in f.message for f in result.findings)
    deduction = result.deduction
    assert deduction["applies_to"] == "vintage"
    for entry in deduction["vintages"]:
        # UA = 0.524417 × HW90 / 1.645006; UNC = |center × UA| (TREES Eq. 10-11)
        ua = 0.524417 * entry["half_width_fraction"] / 1.645006
        assert entry["adjustment_fraction"] == pytest.approx(ua, rel=1e-12)
        assert entry["uncertainty_deduction_tco2e"] == pytest.approx(
            abs(entry["center_tco2e"] * ua), rel=1e-12
        )
    assert np.isfinite(deduction["period"]["true_up_tco2e"])


@pytest.mark.parametrize("store", ["parquet", "csv"])
def test_the_draws_file_reads_back_to_its_content_hash(ctx, tmp_path, store) -> None:
    from redd_audit.simulation_outputs import draws_file_name, write_simulation

    project = _with_simulation(ctx.project, iterations=1000, store_draws=store)
    result = period_simulation(project, ctx.frames, START, END, ctx.recomputation)
    name = draws_file_name("TEST-1", START.isoformat(), END.isoformat(), store)
    assert name == f"TEST-1_{START}_{END}_draws.{store}"
    summary, manifest = write_simulation(
        result.simulation, result.manifest, result.draws, tmp_path, name
    )
    path = tmp_path / name
    assert summary["draws"]["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert manifest["draws_sha256"] == summary["draws"]["sha256"]
    back = pd.read_parquet(path) if store == "parquet" else pd.read_csv(path)
    assert content_sha256(back) == summary["draws"]["content_sha256"]
    assert draws_file_name("P", "a", "b", "none") is None


def test_the_assess_step_simulates_when_enabled(ctx) -> None:
    from redd_audit.assessment import assess_period

    project = _with_simulation(ctx.project, enabled=True, iterations=1000)
    kwargs = {
        "frames": ctx.frames,
        "files": {n: f"{n}.csv" for n in ctx.frames},
        "quality_findings": [],
        "recomputation": ctx.recomputation,
        "start": START,
        "end": END,
        "events_sha256": "ab" * 32,
        "sample_seed": 7,
    }
    assert assess_period(project=ctx.project, **kwargs).simulation is None
    result = assess_period(project=project, **kwargs)
    assert result.simulation is not None
    assert result.simulation.simulation["draw_zero_check"]["passed"] is True


def test_uncertainty_inputs_read_from_a_csv_drive_the_simulation(ctx, tmp_path) -> None:
    """Rows of the table as the reader types them: a stock row per stratum and pool, and one
    factor on the leakage-belt cohorts of 2020 (year read as a number)."""
    from redd_audit.tables.read import read_table
    from redd_audit.tables.schemas import SCHEMAS

    (tmp_path / "uncertainty_inputs.csv").write_text(
        "input_id,quantity,zone,stratum_id,pool,year,scale,distribution,mean,sd,"
        "half_width_95_fraction,lower,upper,source\n"
        "agb_tf,carbon_stock,,TF,above_ground,,relative,truncated_normal,,,0.1,0,,PD table 8\n"
        "belt_2020,monitored_area,leakage_belt,*,,2020,relative,uniform,,,,0.9,1.1,map\n",
        encoding="utf-8",
    )
    loaded = read_table(tmp_path, ctx.project, SCHEMAS["uncertainty_inputs"])
    assert loaded is not None
    frames = {**ctx.frames, "uncertainty_inputs": loaded.frame}
    project = _with_simulation(ctx.project, iterations=1000)
    result = period_simulation(project, frames, START, END, ctx.recomputation)
    inputs = {i["input_id"]: i for i in result.simulation["inputs"]}
    assert set(inputs) == {"agb_tf", "belt_2020"}
    assert inputs["agb_tf"]["cells"] == 1 and inputs["belt_2020"]["selector"]["year"] == "2020"
    assert inputs["belt_2020"]["cells"] >= 1
    assert 0.9 <= inputs["belt_2020"]["drawn_mean"] <= 1.1
    assert result.simulation["draw_zero_check"]["passed"] is True
    assert list(result.draws.columns[:3]) == ["draw", "in:agb_tf", "in:belt_2020"]


def test_the_monte_carlo_sheets_re_perform_the_rule(ctx, tmp_path) -> None:
    """The deduct sheets over the simulated gross ER (contract 7.5.3): the period's cached
    half-width equals summary.json deduction.period.half_width_fraction (IronCalc, verified
    functions), and the same simulation gives the same bytes."""
    import datetime as dt

    from openpyxl import load_workbook

    from redd_audit.deduct.workbook import build_deduction_workbook
    from redd_audit.monte_carlo import monte_carlo_sheets, write_period_simulation
    from redd_audit.workbook.writer import write_workbook_report

    project = _with_simulation(ctx.project, iterations=1000)
    result = period_simulation(project, ctx.frames, START, END, ctx.recomputation)
    summary, manifest = write_period_simulation(result, tmp_path, "TEST-1", START, END, "parquet")
    assert "workbook" not in summary  # the sheets are in the verification workbook
    draws = tmp_path / f"TEST-1_{START}_{END}_draws.parquet"
    assert manifest["draws_sha256"] == hashlib.sha256(draws.read_bytes()).hexdigest()
    sheets = monte_carlo_sheets(result, summary, "auto")
    assert sheets is not None and sheets.figures.table.file == draws.name
    created = dt.datetime(2020, 12, 31)
    book, again = tmp_path / "mc.xlsx", tmp_path / "again.xlsx"
    write_workbook_report(build_deduction_workbook(sheets.figures, created), book)
    write_workbook_report(build_deduction_workbook(sheets.figures, created), again)
    wb = load_workbook(book, data_only=True)
    assert wb.sheetnames[:2] == ["Monte Carlo", "MC draws"]
    cached = [
        c.value
        for row in wb["Monte Carlo"].iter_rows()
        for c in row
        if isinstance(c.value, float)
        and c.value == pytest.approx(result.deduction["period"]["half_width_fraction"], rel=1e-9)
    ]
    assert cached, "the period half-width is a cached formula value"
    assert again.read_bytes() == book.read_bytes()


def test_the_derived_seed_reads_the_inputs_file_hash(ctx) -> None:
    project = _with_simulation(ctx.project, iterations=1000)
    digest = "ab" * 32
    result = period_simulation(
        project, ctx.frames, START, END, ctx.recomputation, inputs_sha256=digest
    )
    assert result.simulation["seed"] == derived_seed(
        ctx.project.id, START.isoformat(), END.isoformat(), digest
    )
    assert result.manifest["uncertainty_inputs_sha256"] == digest


def test_draws_left_out_of_the_workbook_are_an_info() -> None:
    """Contract 7.7: draws too many for the workbook (companion file only) -> ``info``."""
    from redd_audit.monte_carlo import draws_left_out

    assert draws_left_out("auto", 10_000, 31) is None  # 310,000 cells fit
    assert "1,000,001 cells" in (draws_left_out("auto", 1_000_001, 1) or "")
    assert draws_left_out("always", 1_000_000, 31) is None
    assert "never" in (draws_left_out("never", 1_000, 2) or "")
