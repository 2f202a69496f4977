"""Recalculated by LibreOffice, the workbook reproduces the engine under project years (contract
8.2) and with immigrant leakage outside the belt (8.6): the hand-made case of tests/workbook
with project years from 07-01 (vintages 2020 and 2021, the first partial)."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.recalc import recalculate_many, require_soffice
from tests.workbook.case import make_context, make_project
from tests.workbook.case_frames import make_frames
from tests.workbook.readback import assert_matches_engine, close, name_cell, write

JULY = {"vintage_allocation": "project_year", "project_year_start": "07-01"}
IMMIGRANTS = {
    "leakage": {
        "immigrants": {
            "enabled": True,
            "prop_imm_fraction": 0.2,
            "outside_belt_emission_tc_per_ha": 81.8182,
        }
    }
}


def _frames():
    frames = make_frames()
    frames.pop("claimed_vintages", None)  # the case's claims are calendar vintages
    return frames


@pytest.mark.slow
def test_project_years_and_immigrants_recalculate_to_the_engine(tmp_path: Path) -> None:
    require_soffice()
    contexts = {
        "july": make_context(make_project(**JULY), _frames()),
        "immigrants": make_context(make_project(**JULY, **IMMIGRANTS), _frames()),
    }
    for ctx in contexts.values():
        rc = ctx.recomputation
        assert rc is not None and [v.vintage for v in rc.vintages] == [2020, 2021]
    paths = [write(ctx, tmp_path / f"{name}.xlsx") for name, ctx in contexts.items()]
    recalculated = dict(zip(contexts, recalculate_many(paths, tmp_path / "out"), strict=True))
    for name, ctx in contexts.items():
        assert ctx.recomputation is not None
        assert_matches_engine(recalculated[name], ctx.recomputation)
    rc = contexts["immigrants"].recomputation
    assert rc is not None and rc.totals["leakage_asu_olb_tco2e"] > 0
    wb = load_workbook(recalculated["immigrants"], data_only=True)
    for workbook_name, key in (
        ("Total_Leakage_Belt_tCO2e", "leakage_asu_lb_tco2e"),
        ("Total_Leakage_Immigrants_tCO2e", "leakage_asu_olb_tco2e"),
    ):
        assert close(name_cell(wb, workbook_name).value, rc.totals[key]), workbook_name
    assert close(name_cell(wb, "LK_C_OLB_tCO2e_per_ha").value, 81.8182 * 44 / 12)


@pytest.mark.slow
def test_fixed_baseline_recalculates_to_the_engine(tmp_path: Path) -> None:
    """The baseline fixed from the PD (8.4), with and without strata, and immigrants reading
    its baseline_area_ha (8.6), under project years; dated events (the workbook's rule)."""
    import pandas as pd

    require_soffice()
    rows = []
    for zone, tco2e, area in (("project_area", 90_000.0, 300.0), ("leakage_belt", 20_000.0, 80.0)):
        for label in (2020, 2021):
            for stratum, share in (("TF", 0.75), ("AL", 0.25)):
                rows.append(
                    {
                        "zone": zone,
                        "vintage": label,
                        "stratum_id": stratum,
                        "baseline_tco2e": tco2e * share + label,
                        "baseline_area_ha": area * share,
                        "source": "PD Table 7",
                    }
                )
    table = pd.DataFrame(rows)  # fmt: skip
    fixed = {"baseline": {"source": "fixed_table"}}
    totals = table.drop(columns=["stratum_id", "source"]).groupby(["zone", "vintage"])
    contexts = {}
    for name, frame, extra in (
        ("strata", table, {}),
        (
            "given",
            totals.sum().reset_index(),
            {"uncertainty": {"baseline_fraction": 0.05}},
        ),
    ):
        frames = _frames()
        frames["baseline_emissions"] = frame
        project = make_project(**JULY, **fixed, **IMMIGRANTS, **extra)
        contexts[name] = make_context(project, frames)
    paths = [write(ctx, tmp_path / f"{name}.xlsx") for name, ctx in contexts.items()]
    recalculated = dict(zip(contexts, recalculate_many(paths, tmp_path / "out"), strict=True))
    for name, ctx in contexts.items():
        rc = ctx.recomputation
        assert rc is not None
        # 2021 is partial: 2020-07-01..2020-12-31, 184 of 365 days
        expected = (90_000 + 2021 * 2) * 184 / 365
        assert rc.vintages[1].baseline_tco2e == pytest.approx(expected, rel=1e-12)
        assert_matches_engine(recalculated[name], rc)


@pytest.mark.slow
def test_disturbance_recalculates_to_the_engine(tmp_path: Path) -> None:
    """Natural disturbance (8.5): dated project-area events, one before the period (tails),
    one outside the project area (excluded), under calendar and project years, and with even
    annualisation (8.3: the engine's shares as the Activity data's inputs) and immigrants."""
    import pandas as pd

    require_soffice()
    events = pd.DataFrame(
        {
            "event_id": ["N1", "N2", "N3", "N4"],
            "zone": ["project_area", "project_area", "project_area", "leakage_belt"],
            "stratum_id": ["TF", "VF", "TF", "TF"],
            "detected_on": pd.to_datetime(["2018-03-01", "2019-09-15", "2020-05-02", "2020-05-02"]),
            "area_ha": [1.5, 0.8, 2.25, 3.0],
            "cause": "landslide",
            "source": "GLAD",
        }
    )
    contexts = {}
    even = {**JULY, "monitoring": {"annualize": "even"}, **IMMIGRANTS}
    for name, acc in (("calendar", {}), ("july", JULY), ("even", even)):
        frames = _frames()
        frames["disturbance_events"] = events
        contexts[name] = make_context(make_project(**acc), frames)
    paths = [write(ctx, tmp_path / f"{name}.xlsx") for name, ctx in contexts.items()]
    recalculated = dict(zip(contexts, recalculate_many(paths, tmp_path / "out"), strict=True))
    for name, ctx in contexts.items():
        rc = ctx.recomputation
        assert rc is not None and rc.totals["project_disturbance_tco2e"] > 0
        assert_matches_engine(recalculated[name], rc)
        wb = load_workbook(recalculated[name], data_only=True)
        got = name_cell(wb, "Total_Project_Disturbance_tCO2e").value
        assert close(got, rc.totals["project_disturbance_tco2e"]), name
