"""Golden end-to-end projects (tests/golden/*): expected figures derived by hand.

See tests/golden/README.md for the derivation; the arithmetic is repeated here step by step.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pytest

from redd_audit.methodology.engine import recompute
from tasks.collect import collect

GOLDEN = Path(__file__).parent / "golden"
K = 44 / 12


def _run(name: str, start: dt.date, end: dt.date):
    collected = collect(GOLDEN / name)
    return recompute(collected.project, collected.frames, start, end)


def test_one_stratum_by_hand():
    r = _run("one-stratum", dt.date(2019, 1, 1), dt.date(2020, 12, 31))
    y0, y1 = 107 * K, 2 * K
    v19, v20 = r.vintages
    assert v19.baseline_tco2e == pytest.approx(10 * y1 + 10 * y0, rel=1e-12)
    assert v20.baseline_tco2e == pytest.approx(10 * y1 * 2 + 10 * y0, rel=1e-12)
    assert v19.project_stock_tco2e == pytest.approx(1 * y1 + 2 * y0, rel=1e-12)
    assert v20.project_stock_tco2e == pytest.approx(1 * y1 + 2 * y1, rel=1e-12)
    fire = 4 * 200 * 0.5 * (6.8 * 25 + 0.2 * 298) / 1000
    assert v19.project_fire_tco2e == 0.0
    assert v20.project_fire_tco2e == pytest.approx(fire, rel=1e-12)
    lb19, lbb19 = 8 * y0, 5 * y1 + 5 * y0
    lb20, lbb20 = 8 * y1, 5 * y1 * 2 + 5 * y0
    assert v19.leakage_tco2e == pytest.approx(lb19 - lbb19, rel=1e-12)
    assert v20.leakage_tco2e == 0.0 and lb20 < lbb20
    ner19 = 10 * y1 + 10 * y0 - (1 * y1 + 2 * y0) - (lb19 - lbb19)
    ner20 = 10 * y1 * 2 + 10 * y0 - (3 * y1 + fire)
    assert v19.ner_tco2e == pytest.approx(ner19, rel=1e-12)
    assert v20.ner_tco2e == pytest.approx(ner20, rel=1e-12)
    b = v19.baseline_tco2e + v20.baseline_tco2e
    p = v19.project_tco2e + v20.project_tco2e
    error = math.hypot(0.1 * b, 0.1 * p) / (b - p)
    assert r.totals["ner_error_fraction"] == pytest.approx(error, rel=1e-12)
    assert error == pytest.approx(0.11336, abs=1e-5)
    assert r.totals["deduction_factor"] == 1.0
    assert v19.buffer_tco2e == pytest.approx(
        0.1 * (10 * y1 + 10 * y0 - (1 * y1 + 2 * y0)), rel=1e-12
    )
    assert v20.buffer_tco2e == pytest.approx(0.1 * (10 * y1 * 2 + 10 * y0 - 3 * y1), rel=1e-12)
    assert (v19.vcus, v20.vcus) == (1743, 3551)
    assert r.totals["vcus"] == 5294
    material = {(line.vintage, line.quantity) for line in r.reconciliation if line.material}
    assert material == {(2020, "project_tco2e"), (2020, "vcus")}


def test_two_strata_partial_years_by_hand():
    r = _run("two-strata-partial", dt.date(2019, 7, 1), dt.date(2020, 6, 30))
    f19, f20 = 184 / 365, 182 / 366
    v19, v20 = r.vintages
    assert (v19.days, v20.days) == (184, 182)
    base_a19, base_b19 = (100 * 10 + 100 * 105) * K, (50 * 3 + 50 * 63) * K
    base_a20, base_b20 = (100 * 5 + 100 * 10 + 100 * 105) * K, (50 * 3 * 2 + 50 * 63) * K
    assert v19.baseline_tco2e == pytest.approx(f19 * (base_a19 + base_b19), rel=1e-12)
    assert v20.baseline_tco2e == pytest.approx(f20 * (base_a20 + base_b20), rel=1e-12)
    proj_a19, proj_b19 = 3 * 105 * K, f19 * 1 * 3 * K
    proj_a20, proj_b20 = (f20 * 5 * 10 + 1 * 105) * K, f20 * 1 * 3 * K
    assert v19.project_tco2e == pytest.approx(proj_a19 + proj_b19, rel=1e-12)
    assert v20.project_tco2e == pytest.approx(proj_a20 + proj_b20, rel=1e-12)
    lb19, lbb19 = 30 * 105 * K, f19 * (20 * 10 + 20 * 105) * K
    lb20, lbb20 = (f20 * 30 * 10 + 5 * 105) * K, f20 * (20 * 5 + 20 * 10 + 20 * 105) * K
    assert v19.leakage_tco2e == pytest.approx(max(0, lb19 - lbb19), rel=1e-12)
    assert v20.leakage_tco2e == pytest.approx(max(0, lb20 - lbb20), abs=1e-9)
    e_bsl_a = f19 * base_a19 + f20 * base_a20
    e_bsl_b = f19 * base_b19 + f20 * base_b20
    e_p_a, e_p_b = proj_a19 + proj_a20, proj_b19 + proj_b20
    u_bsl = math.hypot(0.3 * e_bsl_a, 0.2 * e_bsl_b) / (e_bsl_a + e_bsl_b)
    u_wps = math.hypot(0.3 * e_p_a, 0.2 * e_p_b) / (e_p_a + e_p_b)
    b, p = e_bsl_a + e_bsl_b, e_p_a + e_p_b
    error = math.hypot(u_bsl * b, u_wps * p) / (b - p)
    assert r.uncertainty.baseline_fraction == pytest.approx(u_bsl, rel=1e-12)
    assert r.uncertainty.project_fraction == pytest.approx(u_wps, rel=1e-12)
    assert r.totals["ner_error_fraction"] == pytest.approx(error, rel=1e-12)
    assert error > 0.15
    factor = 1 - error + 0.15
    assert r.totals["deduction_factor"] == pytest.approx(factor, rel=1e-12)
    for v in (v19, v20):
        ner = v.baseline_tco2e - v.project_tco2e - v.leakage_tco2e
        assert v.adjusted_ner_tco2e == pytest.approx(ner * factor, rel=1e-12)
        buffer = 0.2 * (v.baseline_tco2e - v.project_stock_tco2e)
        assert v.buffer_tco2e == pytest.approx(buffer, rel=1e-12)
        assert v.vcus == math.floor(ner * factor - buffer)
