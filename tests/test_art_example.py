"""The bundled ART TREES example (data/raw/art-jurisdiction; contract 7.1.4, 7.3.2): every
expected figure of its README is re-derived here from simulation_draws.csv with the formulas
of TREES v2.0 Section 8, independently of the engine."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from tests.pipeline import audit_in_process
from tests.recalc import recalculate, require_soffice
from tests.workbook.readback import assert_matches_engine, close, name_cell

EXAMPLE = Path(__file__).parents[1] / "data" / "raw" / "art-jurisdiction"
START, END = dt.date(2019, 1, 1), dt.date(2021, 12, 31)


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    out = tmp_path_factory.mktemp("art")
    summary, folder, assessment, _ = audit_in_process(EXAMPLE, START, END, out)
    assert folder == out / "ART-JUR-1" / f"{START}_{END}"
    return summary, folder / summary["workbook"]["file"], assessment.recomputation


def test_the_example_passes_without_findings(run) -> None:
    summary, _, _ = run
    assert summary["status"] == "passed"
    assert summary["quality"]["errors"] == summary["quality"]["warnings"] == 0
    assert summary["deduction"]["draws_source"] == "simulation_draws"
    assert summary["deduction"]["period_series"] == "row-wise sum of the vintage columns"
    assert "simulation" not in summary or summary["simulation"] is None


def test_each_vintage_by_hand_from_the_draws(run) -> None:
    summary, _, _ = run
    draws = pd.read_csv(EXAMPLE / "simulation_draws.csv")
    total_unc = 0.0
    for v in summary["vintages"]:
        x = draws[f"gross_er_tco2e_{v['vintage']}"].to_numpy()
        p5, p95 = np.percentile(x, [5, 95])
        hw90 = (p95 - p5) / 2 / abs(x.mean())
        ua = 0.524417 * hw90 / 1.645006
        gross = v["baseline_tco2e"] - v["project_tco2e"]
        unc = abs(gross * ua)
        assert v["half_width_fraction"] == pytest.approx(hw90, rel=1e-12)
        assert v["uncertainty_deduction_tco2e"] == pytest.approx(unc, rel=1e-9)
        assert v["adjusted_ner_tco2e"] == pytest.approx(v["ner_tco2e"] - unc, rel=1e-12)
        stock_change = v["baseline_tco2e"] - v["project_stock_tco2e"]
        assert v["buffer_tco2e"] == pytest.approx(0.10 * stock_change, rel=1e-12)
        assert v["vcus"] == math.floor(v["adjusted_ner_tco2e"] - v["buffer_tco2e"])
        total_unc += unc
    # the README's table
    assert [v["vcus"] for v in summary["vintages"]] == [521_270, 523_659, 548_198]
    assert summary["totals"]["vcus"] == 1_593_127
    lines = {m["quantity"]: m for m in summary["materiality"]}
    assert lines["vcus"]["claimed"] == 1_593_090 and not lines["vcus"]["material"]
    unc_line = lines["uncertainty_deduction_tco2e"]
    assert unc_line["claimed"] == 50_631 and unc_line["recomputed"] == pytest.approx(total_unc)


def test_the_workbook_re_performs_the_rule_from_every_draw(run) -> None:
    summary, book, _ = run
    wb = load_workbook(book, data_only=True)
    assert {"Monte Carlo", "MC draws"} <= set(wb.sheetnames)
    assert name_cell(wb, "MC_Seed_Source").value == "simulation_draws"
    assert name_cell(wb, "MC_Draws_File").value == "simulation_draws.csv"
    assert name_cell(wb, "MC_Period_Series").value.startswith("the row-wise sum")  # 7.1.4
    assert wb["MC draws"].max_row >= 10_000
    assert name_cell(wb, "Total_VCUs").value == summary["totals"]["vcus"]
    assert close(name_cell(wb, "NER_Error_Fraction").value, summary["totals"]["ner_error_fraction"])
    formulas = load_workbook(book)["Uncertainty"]
    linked = {c.value for row in formulas.iter_rows() for c in row if isinstance(c.value, str)}
    assert "=MC_1_P05_tCO2e" in linked and "=MC_1_Mean_tCO2e" in linked


@pytest.mark.slow
def test_libreoffice_recalculates_the_example(run, tmp_path: Path) -> None:
    require_soffice()
    _, book, rc = run
    assert rc is not None
    assert_matches_engine(recalculate(book, tmp_path), rc)
