"""A row the verifier appends below the data of an input sheet enters the calculations
(issue 12): append a deforestation event with openpyxl, recalculate in LibreOffice, and the
totals equal the engine run on the inputs with that event added."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from redd_audit.methodology.engine import recompute
from tests.recalc import recalculate, require_soffice
from tests.workbook.case import END, START, make_context
from tests.workbook.readback import assert_matches_engine, name_cell, write

NEW_EVENT = {
    "event_id": "E-VERIFIER-1",
    "zone": "project_area",
    "stratum_id": "TF",
    "detected_on": dt.date(2020, 6, 1),
    "area_ha": 250.0,
}


def _append(path: Path) -> None:
    """Type the new event into the first empty row below the Events data."""
    wb = load_workbook(path)
    ws = wb["Events"]
    header = next(r for r in range(1, 40) if ws.cell(r, 1).value == "Row in file")
    columns = {}
    for c in range(1, ws.max_column + 1):
        text = str(ws.cell(header, c).value or "")
        key = text.split(" (")[0]
        if key in NEW_EVENT:
            columns[key] = c
    assert set(columns) == set(NEW_EVENT), columns
    row = header + 1
    while ws.cell(row, columns["event_id"]).value not in (None, ""):
        row += 1
    for key, value in NEW_EVENT.items():
        ws.cell(row, columns[key]).value = value
    wb.save(path)


@pytest.mark.slow
def test_an_appended_event_enters_the_totals(tmp_path: Path) -> None:
    require_soffice()
    ctx = make_context()
    path = write(ctx, tmp_path / "appended.xlsx")
    _append(path)
    frames = dict(ctx.frames)
    events = frames["deforestation_events"]
    added = pd.DataFrame([{**NEW_EVENT, "_row": int(events["_row"].max()) + 1}])
    added["detected_on"] = pd.to_datetime(added["detected_on"])
    frames["deforestation_events"] = pd.concat([events, added], ignore_index=True).astype(
        events.dtypes.to_dict()
    )
    before = ctx.recomputation
    after = recompute(ctx.project, frames, START, END)
    assert before is not None
    assert after.totals["project_tco2e"] > before.totals["project_tco2e"]
    recalculated = recalculate(path, tmp_path / "recalc")
    assert_matches_engine(recalculated, after)
    wb = load_workbook(recalculated, data_only=True)
    assert name_cell(wb, "Total_VCUs").value == after.totals["vcus"] != before.totals["vcus"]
