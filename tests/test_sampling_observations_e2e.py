"""The verifier's observations carried into a revision (contract 5.5 amended, 5.9), through the
task functions (collect → check → compute → assemble, no Prefect flow) on a copy of the golden
one-stratum project: the first run fixes the sample; a ``sample_observations`` table that
observes the first selected event on 1.5 × its recorded area and names one event that is not
selected is evaluated by the second run, pre-filled in the workbook and refused for the stray
row (an ``error`` naming it)."""

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


def _run(project: Path, out: Path) -> dict:
    from tasks.assemble import assemble
    from tasks.collect import collect
    from tasks.compute import compute
    from tasks.quality import check

    collected = collect(project)
    quality = check(collected, START, END)
    assert quality.errors == 0
    outputs = assemble(collected, quality, compute(collected, START, END), START, END, out)
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
    second = _run(project, out)
    return out, first, second, event, recorded


@pytest.mark.slow
def test_observations_are_evaluated_and_the_stray_row_is_an_error(runs):
    _, first, second, event, _ = runs
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
    out, _, second, _, recorded = runs
    folder = out / "GOLD-1" / f"{START}_{END}"
    book = load_workbook(folder / second["workbook"]["file"], data_only=True)
    ws = book["Evidence sample"]
    header = next(
        c for row in ws.iter_rows() for c in row if str(c.value).startswith("Observed area (ha)")
    )
    assert ws.cell(header.row + 1, header.column).value == pytest.approx(recorded * 1.5)
    s = second["sampling"]
    for name, key in {
        "Projected_Misstatement_tCO2e": "projected_misstatement_tco2e",
        "Upper_Limit_VCU_Overstatement_tCO2e": "upper_limit_vcu_overstatement_tco2e",
        "Upper_Limit_VCU_Understatement_tCO2e": "upper_limit_vcu_understatement_tco2e",
    }.items():
        assert name_cell(book, name).value == pytest.approx(s[key], rel=1e-9), name
    assert name_cell(book, "Sample_Supports_VCUs").value is False
