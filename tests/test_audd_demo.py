"""The bundled AUDD example (data/raw/audd-demo, contract section 8): every expected number is
derived by hand in data/raw/audd-demo/README.md and repeated here step by step."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pytest

from redd_audit.methodology.engine import recompute
from redd_audit.quality.audd import audd_findings
from tasks.collect import collect

DEMO = Path(__file__).parents[1] / "data" / "raw" / "audd-demo"
START, END = dt.date(2019, 7, 1), dt.date(2021, 6, 30)
REL = 1e-12


@pytest.fixture(scope="module")
def collected():
    return collect(DEMO)


@pytest.fixture(scope="module")
def result(collected):
    return recompute(collected.project, collected.frames, START, END)


def test_project_years(result) -> None:
    v20, v21 = result.vintages
    assert (v20.vintage, v20.start, v20.end, v20.days) == (2020, START, dt.date(2020, 6, 30), 366)
    assert (v21.vintage, v21.start, v21.end, v21.days) == (2021, dt.date(2020, 7, 1), END, 365)
    assert v20.year_fraction == v21.year_fraction == 1.0


def test_baseline_project_and_leakage_by_hand(result) -> None:
    v20, v21 = result.vintages
    for v in (v20, v21):
        assert v.baseline_tco2e == 370_000.0  # the fixed table × f = 1
        assert v.project_deforestation_tco2e == pytest.approx(10 * 370, rel=REL)
        assert v.project_disturbance_tco2e == pytest.approx(2.5 * 400, rel=REL)
        assert v.project_tco2e == pytest.approx(4_700, rel=REL)
        assert v.leakage_belt_tco2e == pytest.approx(500 * 370, rel=REL)
        terms = v.immigrant_leakage
        assert terms is not None
        assert terms.immigrant_area_ha == pytest.approx(200, rel=REL)
        assert terms.captured_immigrant_area_ha == pytest.approx(0.2 * (10 + 500), rel=REL)
        assert terms.outside_belt_area_ha == pytest.approx(98, rel=REL)
        assert v.leakage_asu_olb_tco2e == pytest.approx(29_400, rel=REL)
    assert v20.leakage_asu_lb_tco2e == pytest.approx(185_000 - 150_000, rel=REL)
    assert v21.leakage_asu_lb_tco2e == 0.0  # 185,000 < 200,000: floored, offsets nothing
    assert v20.leakage_tco2e == pytest.approx(64_400, rel=REL)
    assert v21.leakage_tco2e == pytest.approx(29_400, rel=REL)


def test_net_reductions_buffer_and_vcus_by_hand(result) -> None:
    v20, v21 = result.vintages
    error = math.hypot(740_000 * 0.05, 9_400 * 0.05) / (740_000 - 9_400)
    assert result.totals["ner_error_fraction"] == pytest.approx(error, rel=1e-9)
    assert error == pytest.approx(0.050647, abs=1e-6)
    assert result.totals["deduction_factor"] == 1.0
    assert v20.ner_tco2e == pytest.approx(300_900, rel=REL)
    assert v21.ner_tco2e == pytest.approx(335_900, rel=REL)
    assert v20.buffer_tco2e == pytest.approx(36_530, rel=REL)
    assert (v20.vcus, v21.vcus) == (264_370, 299_370)
    assert result.totals["vcus"] == 563_740
    assert result.totals["project_disturbance_tco2e"] == pytest.approx(2_000, rel=REL)
    assert result.totals["leakage_asu_olb_tco2e"] == pytest.approx(58_800, rel=REL)
    assert [r.material for r in result.reconciliation] == [False] * len(result.reconciliation)
    assert v20.reported is not None and v20.reported.vcus == 264_370


def test_gate_has_no_finding(collected) -> None:
    assert audd_findings(collected.project, collected.tables, START, END) == []
