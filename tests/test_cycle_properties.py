"""Property tests of the verification cycle's invariants (contract 5.1–5.3)."""

from __future__ import annotations

import math

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from redd_audit.cycle.cumulative import cumulative_position
from redd_audit.cycle.materiality import period_materiality
from redd_audit.cycle.record_diff import diff_records
from redd_audit.cycle.revisions import FIGURE_QUANTITIES, figure_changes

amount = st.floats(min_value=0, max_value=1e7, allow_nan=False, allow_infinity=False)


def vintage_rows(years):
    return st.lists(
        st.fixed_dictionaries({q: amount for q in FIGURE_QUANTITIES}),
        min_size=len(years),
        max_size=len(years),
    ).map(lambda rows: [{"vintage": y, **r} for y, r in zip(years, rows, strict=True)])


years_strategy = st.sets(st.integers(2010, 2040), min_size=1, max_size=6).map(sorted)


@settings(max_examples=60, deadline=None)
@given(data=st.data(), previous_years=years_strategy, current_years=years_strategy)
def test_figure_deltas_sum_to_the_difference_of_totals(data, previous_years, current_years):
    previous = data.draw(vintage_rows(previous_years))
    current = data.draw(vintage_rows(current_years))
    changes = figure_changes(previous, current)
    for quantity in FIGURE_QUANTITIES:
        delta = sum(c["difference"] for c in changes if c["quantity"] == quantity)
        totals = sum(v[quantity] for v in current) - sum(v[quantity] for v in previous)
        assert math.isclose(delta, totals, rel_tol=1e-9, abs_tol=1e-6)


@settings(max_examples=60, deadline=None)
@given(data=st.data(), years=years_strategy, fraction=st.floats(0.001, 0.2))
def test_period_misstatement_is_the_sum_of_vintage_differences(data, years, fraction):
    recomputed = data.draw(vintage_rows(years))
    claims = {row["vintage"]: row for row in data.draw(vintage_rows(years))}
    for line in period_materiality(recomputed, claims, fraction):
        q = line["quantity"]
        per_vintage = sum(claims[v["vintage"]][q] - v[q] for v in recomputed)
        assert math.isclose(line["misstatement"], per_vintage, rel_tol=1e-9, abs_tol=1e-6)
        assert line["direction"] in ("overstated", "understated", "none")
        if line["misstatement_fraction"] is not None:
            assert line["material"] == (abs(line["misstatement_fraction"]) > fraction)


@settings(max_examples=60, deadline=None)
@given(
    issued=st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 10**5)), max_size=8),
    vcus=st.integers(0, 10**6),
    buffer=st.integers(0, 10**5),
)
def test_to_date_is_before_plus_this_period(issued, vcus, buffer):
    history = pd.DataFrame(
        {
            "period_start": pd.to_datetime(["2015-01-01"] * len(issued)),
            "period_end": pd.to_datetime(["2015-12-31"] * len(issued)),
            "vcus_issued": [float(v) for v, _ in issued],
            "buffer_tco2e": [float(b) for _, b in issued],
        }
    )
    c = cumulative_position(history, vcus, buffer)
    assert c["vcus_to_date"] == sum(v for v, _ in issued) + vcus
    assert c["buffer_to_date"] == sum(b for _, b in issued) + buffer
    assert c["periods"] == (1 if issued else 0)


@settings(max_examples=60, deadline=None)
@given(
    before=st.dictionaries(st.sampled_from("ABCDEFGH"), st.integers(0, 3), max_size=8),
    after=st.dictionaries(st.sampled_from("ABCDEFGH"), st.integers(0, 3), max_size=8),
)
def test_record_diff_accounts_for_every_record(before, after):
    def frame(d):
        return pd.DataFrame({"event_id": list(d), "area_ha": [float(v) for v in d.values()]})

    entries = diff_records("deforestation_events", frame(before), frame(after))
    kinds = {e["record"].split("=", 1)[1]: e["change"] for e in entries}
    assert {k for k, c in kinds.items() if c == "added"} == set(after) - set(before)
    assert {k for k, c in kinds.items() if c == "removed"} == set(before) - set(after)
    changed = {k for k in set(before) & set(after) if before[k] != after[k]}
    assert {k for k, c in kinds.items() if c == "changed"} == changed
