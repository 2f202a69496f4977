"""The verifier's observations carried into a revision (contract 5.5 amended, 5.9), through the
task functions (collect → check → compute → assemble, no Prefect flow) on a copy of the golden
one-stratum project: the first run fixes the sample; a ``sample_observations`` table that
observes the first selected event on 1.5 × its recorded area and names one event that is not
selected is evaluated by the second run, pre-filled in the workbook and refused for the stray
row (an ``error`` naming it). ``carry-forward`` then takes what a verifier typed into that
workbook back to the project's tables (contract 5.9)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from tests.workbook.readback import name_cell

GOLDEN = Path(__file__).parent / "golden" / "one-stratum"
START, END = dt.date(2019, 1, 1), dt.date(2020, 12, 31)
REGISTER = """finding_id,type,status,raised_on,reference,description,response
F-01,NCR,closed,2021-03-01,MR 3.2,Leakage belt area misreported,Corrected in MR v2
F-02,CL,open,2021-03-02,MR 4.1,Clarify the fire events source,
"""


def _run(project: Path, out: Path) -> dict:
    from tasks.assemble import assemble
    from tasks.assess import assess
    from tasks.collect import collect
    from tasks.compute import compute
    from tasks.quality import check

    collected = collect(project)
    quality = check(collected, START, END)
    assert quality.errors == 0
    recomputation = compute(collected, START, END)
    assessment = assess(collected, quality, recomputation, START, END, out)
    outputs = assemble(collected, quality, recomputation, assessment, START, END, out)
    return outputs.summary


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    root = tmp_path_factory.mktemp("observations")
    project, out = root / "project", root / "out"
    shutil.copytree(GOLDEN, project)
    first = _run(project, out)
    event = first["sampling"]["selected"][0]
    events = pd.read_csv(project / "deforestation_events.csv")
    recorded = float(events.loc[events["event_id"] == event, "area_ha"].iloc[0])
    (project / "sample_observations.csv").write_text(
        "event_id,observed_area_ha,observed_on,observer,evidence_ref,note\n"
        f"{event},{recorded * 1.5},2021-04-01,A. Verifier,IMG-001,cleared beyond the polygon\n"
        "NOT-SELECTED,1.0,2021-04-01,A. Verifier,IMG-002,\n",
        encoding="utf-8",
    )
    (project / "verification_findings.csv").write_text(REGISTER, encoding="utf-8")
    second = _run(project, out)
    return out, first, second, event, recorded, project


@pytest.mark.slow
def test_observations_are_evaluated_and_the_stray_row_is_an_error(runs):
    _, first, second, event, _, _ = runs
    s = second["sampling"]
    assert s["seed"] == first["sampling"]["seed"] and s["seed_source"] == "previous_revision"
    assert s["changes"]["kept"] == first["sampling"]["selected"]
    assert s["observations"] == 1
    # t = +0.5: deforestation under-recorded, VCUs overstated
    assert s["projected_misstatement_tco2e"] > 0
    assert s["upper_limit_vcu_overstatement_tco2e"] > s["tolerable_misstatement_tco2e"]
    assert s["upper_limit_vcu_understatement_tco2e"] == pytest.approx(
        s["tolerable_misstatement_tco2e"]
    )
    assert s["supports_vcus"] is False
    stray = [
        f
        for f in second["quality"]["findings"]
        if f["file"] == "sample_observations.csv" and f["severity"] == "error"
    ]
    assert [(f["row"], f["value"]) for f in stray] == [(3, "NOT-SELECTED")]
    assert event not in json.dumps(stray)


@pytest.mark.slow
def test_workbook_is_prefilled_and_reads_the_same(runs):
    out, _, second, _, recorded, _ = runs
    folder = out / "GOLD-1" / f"{START}_{END}"
    book = load_workbook(folder / second["workbook"]["file"], data_only=True)
    ws = book["Evidence sample"]
    header = next(
        c for row in ws.iter_rows() for c in row if str(c.value).startswith("Observed area (ha)")
    )
    assert ws.cell(header.row + 1, header.column).value == pytest.approx(recorded * 1.5)
    notes = [ws.cell(header.row + 1, header.column + k).value for k in range(1, 5)]
    assert [str(ws.cell(header.row, header.column + k).value) for k in range(1, 5)] == [
        "observed_on: VERIFIER INPUT",
        "observer: VERIFIER INPUT",
        "evidence_ref: VERIFIER INPUT",
        "note: VERIFIER INPUT",
    ]
    assert notes[1:] == ["A. Verifier", "IMG-001", "cleared beyond the polygon"]
    s = second["sampling"]
    for name, key in {
        "Projected_Misstatement_tCO2e": "projected_misstatement_tco2e",
        "Upper_Limit_VCU_Overstatement_tCO2e": "upper_limit_vcu_overstatement_tco2e",
        "Upper_Limit_VCU_Understatement_tCO2e": "upper_limit_vcu_understatement_tco2e",
    }.items():
        assert name_cell(book, name).value == pytest.approx(s[key], rel=1e-9), name
    assert name_cell(book, "Sample_Supports_VCUs").value is False


def _typed_workbook(runs, tmp_path: Path) -> tuple[Path, Path, str]:
    """The second revision's workbook as a verifier leaves it: the first event observed at
    1.2 × its recorded area (instead of 1.5 ×) and F-02 closed with a response."""
    out, _, second, event, recorded, project = runs
    source = out / "GOLD-1" / f"{START}_{END}" / second["workbook"]["file"]
    book = load_workbook(source)
    ws = book["Evidence sample"]
    header = next(
        c for row in ws.iter_rows() for c in row if str(c.value).startswith("Observed area (ha)")
    )
    ws.cell(header.row + 1, header.column).value = recorded * 1.2
    ws.cell(header.row + 1, header.column + 3).value = "IMG-001b"  # evidence_ref
    findings = book["Findings"]
    row = next(r for r in findings.iter_rows() if r[0].value == "F-02")
    row[2].value = "closed"
    row[6].value = "Source is the national fire product"
    typed = tmp_path / "typed.xlsx"
    book.save(typed)
    copy = tmp_path / "project"
    shutil.copytree(project, copy)
    return typed, copy, event


def _carry(*args: str):
    from typer.testing import CliRunner

    from flows.cli import app

    return CliRunner().invoke(app, ["carry-forward", *args], catch_exceptions=False)


@pytest.mark.slow
def test_carry_forward_writes_what_the_verifier_typed(runs, tmp_path):
    typed, project, event = _typed_workbook(runs, tmp_path)
    observations = project / "sample_observations.csv"
    before = observations.read_bytes()
    dry = _carry("--from", str(typed), "--project", str(project), "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "observed_area_ha" in dry.output and "F-02 status: open -> closed" in dry.output
    assert observations.read_bytes() == before and not list(project.glob("*.bak-*"))
    done = _carry("--from", str(typed), "--project", str(project))
    assert done.exit_code == 0, done.output
    rows = pd.read_csv(observations)
    recorded = runs[4]
    observed = rows.loc[rows["event_id"] == event, "observed_area_ha"].iloc[0]
    assert observed == pytest.approx(recorded * 1.2)
    assert "NOT-SELECTED" in set(rows["event_id"])  # rows the workbook does not show are kept
    ref = rows.loc[rows["event_id"] == event, "evidence_ref"].iloc[0]
    assert ref == "IMG-001b" and "evidence_ref: IMG-001 -> IMG-001b" in done.output
    register = pd.read_csv(project / "verification_findings.csv").set_index("finding_id")
    assert register.loc["F-02", "status"] == "closed"
    assert register.loc["F-02", "response"] == "Source is the national fire product"
    assert register.loc["F-01", "status"] == "closed"
    backups = sorted(p.name for p in project.glob("*.bak-*"))
    assert [b.split(".bak-")[0] for b in backups] == [
        "sample_observations.csv",
        "verification_findings.csv",
    ]
    again = _carry("--from", str(typed), "--project", str(project))
    assert again.exit_code == 0 and again.output.count("no change") == 2, again.output


@pytest.mark.slow
def test_carry_forward_refuses_other_periods_formulas_and_foreign_workbooks(runs, tmp_path):
    from openpyxl import Workbook

    typed, project, _ = _typed_workbook(runs, tmp_path)
    other = _carry("--from", str(typed), "--project", str(project), "--start", "2021-01-01")
    assert other.exit_code == 2 and "period" in other.output
    book = load_workbook(typed)
    ws = book["Evidence sample"]
    header = next(
        c for row in ws.iter_rows() for c in row if str(c.value).startswith("Observed area (ha)")
    )
    ws.cell(header.row + 1, header.column).value = "=1+1"
    book.save(tmp_path / "formula.xlsx")
    formula = _carry("--from", str(tmp_path / "formula.xlsx"), "--project", str(project))
    assert formula.exit_code == 2 and "formula" in formula.output
    Workbook().save(tmp_path / "foreign.xlsx")
    foreign = _carry("--from", str(tmp_path / "foreign.xlsx"), "--project", str(project))
    assert foreign.exit_code == 2 and "not a verification workbook" in foreign.output
    yaml_file = project / "project.yaml"
    yaml_file.write_text(yaml_file.read_text("utf-8").replace("GOLD-1", "GOLD-2"), "utf-8")
    wrong = _carry("--from", str(typed), "--project", str(project))
    assert wrong.exit_code == 2 and "project" in wrong.output
    assert not list(project.glob("*.bak-*"))
