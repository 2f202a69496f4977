"""Property tests (Hypothesis) of the accounting invariants."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from redd_audit.methodology.engine import recompute
from redd_audit.methodology.uncertainty import uncertainty_deduction_factor
from redd_audit.methodology.vintages import vintage_periods
from tests.strategies import baseline_frame, event_frame, events, periods, projects

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@given(periods())
def test_vintages_sum_to_the_period(period):
    start, end = period
    vintages = vintage_periods(start, end)
    assert sum(v.days for v in vintages) == (end - start).days + 1
    assert vintages[0].start == start and vintages[-1].end == end
    assert all(v.start.year == v.end.year == v.year for v in vintages)


@given(st.floats(0, 2), st.floats(0, 0.5))
def test_deduction_factor_is_one_inside_the_band(error, allowable):
    factor = uncertainty_deduction_factor(error, allowable)
    if error <= allowable:
        assert factor == 1.0
    else:
        assert 0.0 <= factor <= 1.0
        assert factor == max(0.0, 1.0 - error + allowable)


@SETTINGS
@given(st.data())
def test_vcus_adjusted_ner_and_ner_are_ordered(data):
    project = data.draw(projects())
    start, end = data.draw(periods())
    frames = {
        "baseline_exante": baseline_frame(project, data.draw(st.floats(0, 300)), range(2010, 2041)),
        "deforestation_events": data.draw(events(project, start, end)),
    }
    result = recompute(project, frames, start, end)
    for v in result.vintages:
        assert v.buffer_tco2e >= 0.0 and v.leakage_tco2e >= 0.0
        if v.ner_tco2e > 0:
            assert v.vcus <= v.adjusted_ner_tco2e + 1e-9 <= v.ner_tco2e + 2e-9
        else:
            assert v.vcus == 0 and v.buffer_tco2e == 0.0
    assert result.totals["vcus"] == sum(v.vcus for v in result.vintages)
    assert result.totals["ner_tco2e"] == pytest.approx(
        result.totals["baseline_tco2e"]
        - result.totals["project_tco2e"]
        - result.totals["leakage_tco2e"]
    )


@SETTINGS
@given(st.data())
def test_no_deforestation_in_the_period_leaves_only_the_tails(data):
    """Zero monitored deforestation and no fires in the period: project emissions are exactly
    the tails of cohorts cleared before it."""
    project = data.draw(projects(n_strata=1))
    start = dt.date(2019, 1, 1)
    end = dt.date(2020, 12, 31)
    area = data.draw(st.floats(0.1, 100))
    cleared = dt.date(2018, 6, 1)
    frames = {
        "baseline_exante": baseline_frame(project, 10.0, range(2010, 2041)),
        "deforestation_events": event_frame(
            [
                {
                    "event_id": "E1",
                    "zone": "project_area",
                    "stratum_id": "S0",
                    "detected_on": cleared,
                    "area_ha": area,
                    "driver": "agriculture",
                    "source": "GLAD",
                }
            ]
        ),
    }
    result = recompute(project, frames, start, end)
    schedule = result.schedules["S0"]
    expected = [
        area * (schedule[1] if len(schedule) > 1 else 0.0),
        area * (schedule[2] if len(schedule) > 2 else 0.0),
    ]
    assert [v.project_tco2e for v in result.vintages] == pytest.approx(
        expected, rel=1e-12, abs=1e-12
    )
    empty = recompute(project, {**frames, "deforestation_events": event_frame([])}, start, end)
    assert all(v.project_tco2e == 0.0 for v in empty.vintages)


@SETTINGS
@given(st.data(), st.floats(0.1, 10))
def test_emissions_scale_linearly_with_area(data, k):
    project = data.draw(projects())
    start, end = data.draw(periods())
    base = baseline_frame(project, 20.0, range(2010, 2041))
    ev = data.draw(events(project, start, end))
    a = recompute(project, {"baseline_exante": base, "deforestation_events": ev}, start, end)
    base_k = base.assign(area_ha=base["area_ha"] * k)
    ev_k = ev.assign(area_ha=ev["area_ha"] * k)
    b = recompute(project, {"baseline_exante": base_k, "deforestation_events": ev_k}, start, end)
    for va, vb in zip(a.vintages, b.vintages, strict=True):
        assert vb.baseline_tco2e == pytest.approx(k * va.baseline_tco2e, rel=1e-9, abs=1e-9)
        assert vb.project_tco2e == pytest.approx(k * va.project_tco2e, rel=1e-9, abs=1e-9)
        assert vb.leakage_belt_tco2e == pytest.approx(k * va.leakage_belt_tco2e, rel=1e-9, abs=1e-9)
    assert np.isclose(
        a.totals["ner_error_fraction"], b.totals["ner_error_fraction"], rtol=1e-9, atol=1e-12
    )


TONNES = st.floats(0, 1e7, allow_nan=False)


@given(st.lists(st.tuples(TONNES, TONNES, st.integers(1, 366)), min_size=1, max_size=6))
def test_per_period_leakage_allocates_exactly_the_netted_period(rows):
    from redd_audit.methodology.leakage import leakage_emissions_tco2e, vintage_leakage_tco2e

    lb = sum(r[0] for r in rows)
    base = sum(r[1] for r in rows)
    days = sum(r[2] for r in rows)
    shares = [vintage_leakage_tco2e(a, b, d, lb, base, days, "per_period") for a, b, d in rows]
    assert all(s >= 0.0 for s in shares)
    assert sum(shares) == pytest.approx(
        float(leakage_emissions_tco2e(lb, base)), rel=1e-9, abs=1e-6
    )
    # netting per vintage never gives less than netting once over the period
    per_vintage = [
        vintage_leakage_tco2e(a, b, d, lb, base, days, "per_vintage") for a, b, d in rows
    ]
    assert sum(per_vintage) >= sum(shares) - 1e-6


@given(TONNES, TONNES, st.floats(0, 1), st.floats(0, 1), st.floats(-1e6, 1e7))
def test_buffer_is_never_negative_nor_above_the_base(baseline, stock, factor, risk, ner):
    from redd_audit.methodology.buffer import buffer_base_tco2e, buffer_withholding_tco2e

    for rule in ("stock_change", "after_leakage", "net", "adjusted_stock_change"):
        base = buffer_base_tco2e(baseline, stock, factor, rule, ner, ner * factor)
        buffer = buffer_withholding_tco2e(risk, base, ner)
        assert 0.0 <= buffer <= max(0.0, base)
    assert (
        buffer_base_tco2e(baseline, stock, factor, "adjusted_stock_change", ner, ner)
        <= max(0.0, buffer_base_tco2e(baseline, stock, factor, "stock_change", ner, ner))
        or baseline < stock
    )


@given(st.floats(-1e9, 1e9, allow_nan=False))
def test_whole_units_bracket_the_quantity(quantity):
    from redd_audit.methodology.net_reductions import whole_units_down, whole_units_up

    down, up = whole_units_down(quantity), whole_units_up(quantity)
    assert abs(down) <= abs(quantity) + 1e-6
    assert abs(up) >= abs(quantity) - 1e-6
    assert abs(up - down) <= 1
