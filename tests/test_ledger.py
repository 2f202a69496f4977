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


def _events(dates: list[str], stratum: str = "S1"):
    import pandas as pd

    from redd_audit.tables.schemas import ROW_COLUMN

    class Table:
        name = "deforestation_events"
        file = "deforestation_events.csv"
        frame = pd.DataFrame(
            {
                "event_id": pd.array([f"E{i}" for i in range(len(dates))], dtype="string"),
                "zone": pd.array(["project_area"] * len(dates), dtype="string"),
                "stratum_id": pd.array([stratum] * len(dates), dtype="string"),
                "detected_on": pd.to_datetime(dates),
                "area_ha": [1.0] * len(dates),
                ROW_COLUMN: list(range(2, len(dates) + 2)),
            }
        )

    return Table()


def _project(schedule: dict[str, int]):
    from redd_audit.project import Project

    return Project.model_validate(
        {
            "id": "T",
            "crediting_period": {"start": "2010-01-01", "end": "2040-12-31"},
            "accounting": {
                "buffer": {"risk_rating_fraction": 0.1},
                "emission_schedule_years": schedule,
            },
            "strata": [
                {
                    "id": "S1",
                    "area_ha": 100,
                    "carbon_tc_per_ha": {"above_ground": 100, "below_ground": 20},
                }
            ],
        }
    )


def test_event_just_before_the_period_says_so():
    """A one-year schedule: an event of the day before the period emits nothing in it because
    it is dated before the period, not because a schedule 'ended'."""
    one_year = {"above_ground": 1, "below_ground": 1, "dead_wood": 1, "litter": 1}
    events = _events(["2018-12-31", "2019-01-01", "2019-03-01"])
    (entry,) = L.build_ledger(
        [events], _project(one_year), dt.date(2019, 1, 1), dt.date(2020, 12, 31), {}
    )
    assert entry.excluded == {L.BEFORE_PERIOD: 1}
    assert entry.used == 2 and entry.balanced
    # earlier in the period's first calendar year, with a ten-year tail: still before the period
    ten = {"above_ground": 1, "below_ground": 10, "dead_wood": 1, "litter": 1}
    events = _events(["2019-03-01", "2019-09-01"])
    (entry,) = L.build_ledger(
        [events], _project(ten), dt.date(2019, 7, 1), dt.date(2019, 12, 31), {}
    )
    assert entry.excluded == {L.BEFORE_PERIOD: 1} and entry.used == 1


def test_schedule_ended_only_when_a_multi_year_tail_ran_out():
    five = {"above_ground": 1, "below_ground": 5, "dead_wood": 1, "litter": 1}
    events = _events(["2012-06-01", "2016-06-01", "2019-06-01"])
    (entry,) = L.build_ledger(
        [events], _project(five), dt.date(2021, 1, 1), dt.date(2021, 12, 31), {}
    )
    # 2012: tail 2013-2016 ended before 2021; 2016: tail reaches 2020 only; 2019: tail in 2021
    assert entry.excluded == {L.EMISSIONS_COMPLETED: 2}
    assert entry.used == 1
