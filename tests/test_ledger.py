"""Nothing lost: every row of the golden projects is used, excluded with its reason, or refused."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from redd_audit import ledger as L
from tasks.collect import collect

GOLDEN = Path(__file__).parent / "golden"


def _ledger(name: str, start: dt.date, end: dt.date, refused=None):
    c = collect(GOLDEN / name)
    entries = L.build_ledger(c.tables.values(), c.project, start, end, refused or {})
    return {e.table: e for e in entries}


def test_reasons_of_the_one_stratum_project():
    led = _ledger("one-stratum", dt.date(2019, 1, 1), dt.date(2020, 12, 31))
    events = led["deforestation_events"]
    assert (events.rows_read, events.used) == (5, 3)
    assert events.excluded == {L.AFTER_PERIOD: 1, L.OTHER_ZONE: 1}
    fires = led["fire_events"]
    assert fires.used == 1
    assert fires.excluded == {L.FIRE_OUTSIDE_PA: 1, L.NON_FOREST_FIRE: 1}
    baseline = led["baseline_exante"]
    assert baseline.used == 6 and baseline.excluded == {L.AFTER_PERIOD: 2}
    assert all(e.balanced for e in led.values())


def test_cohorts_whose_schedule_ended_are_excluded():
    led = _ledger("two-strata-partial", dt.date(2019, 7, 1), dt.date(2020, 6, 30))
    events = led["deforestation_events"]
    assert events.excluded == {L.EMISSIONS_COMPLETED: 1, L.AFTER_PERIOD: 1}
    assert events.used == 6


def test_refused_rows_take_precedence_and_counts_balance():
    led = _ledger(
        "one-stratum",
        dt.date(2019, 1, 1),
        dt.date(2020, 12, 31),
        refused={"deforestation_events.csv": {2, 5}},
    )
    events = led["deforestation_events"]
    assert events.refused == 2
    assert events.used + sum(events.excluded.values()) + events.refused == events.rows_read == 5
