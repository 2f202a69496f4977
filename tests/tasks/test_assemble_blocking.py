"""An error found after the recomputation fails the gate (contract 7.7: "the draw-0 check
fails -> error 'simulation does not reproduce the deterministic figures': the gate fails,
exit 1"): tasks/assemble.py publishes no figure, the summary says failed_quality_gate and
lists the finding."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

from redd_audit.monte_carlo import period_simulation
from redd_audit.simulation_outputs import finding
from tasks.assemble import assemble
from tasks.assess import assess
from tasks.collect import collect
from tasks.compute import compute
from tasks.quality import check

GOLDEN = Path(__file__).parents[1] / "golden" / "one-stratum"
START, END = dt.date(2019, 1, 1), dt.date(2020, 12, 31)


def test_a_failed_draw_zero_check_fails_the_gate(tmp_path: Path) -> None:
    collected = collect(GOLDEN)
    quality = check(collected, START, END)
    recomputation = compute(collected, START, END)
    project = collected.project
    acc = project.accounting
    simulated = project.model_copy(
        update={
            "accounting": acc.model_copy(
                update={"simulation": acc.simulation.model_copy(update={"iterations": 1000})}
            )
        }
    )
    simulation = period_simulation(simulated, collected.frames, START, END, recomputation)
    assessment = assess(collected, quality, recomputation, START, END, tmp_path)
    assert not assessment.blocks
    # an error the assessment reports without blocking (contract 5.9: a stray observation)
    stray = finding("error", "sample_observations: event not in the sample")
    assert not dataclasses.replace(assessment, findings=(stray,)).blocks
    broken = dataclasses.replace(
        simulation,
        simulation={
            **simulation.simulation,
            "draw_zero_check": {"max_relative_difference": 0.5, "passed": False},
        },
    )
    error = finding(
        "error", "simulation does not reproduce the deterministic figures: gross_er differs"
    )
    failed = dataclasses.replace(
        assessment, simulation=broken, findings=(error, *assessment.findings)
    )
    assert failed.blocks
    assemble(collected, quality, recomputation, failed, START, END, tmp_path)
    summary = json.loads((tmp_path / "GOLD-1" / f"{START}_{END}" / "summary.json").read_text())
    assert summary["status"] == "failed_quality_gate"
    assert summary["totals"] is None and summary["vintages"] == []
    assert summary["quality"]["errors"] == 1
    assert summary["quality"]["findings"][0]["message"].startswith("simulation does not")
