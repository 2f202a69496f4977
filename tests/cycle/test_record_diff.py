"""redd_audit.cycle.record_diff: record-by-record differences of one table."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd

from redd_audit.cycle.record_diff import (
    diff_records,
    json_value,
    record_id_columns,
    record_keys,
)


def _events(rows: list[tuple[str, float]], first_row: int = 2) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["event_id", "area_ha"])
    frame["_row"] = range(first_row, first_row + len(rows))
    return frame


def test_record_ids() -> None:
    frame = pd.DataFrame(columns=["zone", "stratum_id", "year", "area_ha", "_row"])
    assert record_id_columns("baseline_exante", frame) == ("zone", "stratum_id", "year")
    assert record_id_columns("verification_findings", pd.DataFrame(columns=["finding_id"])) == (
        "finding_id",
    )
    assert record_id_columns("unknown", pd.DataFrame(columns=["a", "_row"])) == ("a",)


def test_repeated_ids_are_told_apart_by_occurrence() -> None:
    keys = record_keys(_events([("E1", 1.0), ("E1", 2.0), ("E2", 3.0)]), ("event_id",))
    assert keys[0] == "event_id=E1" and keys[2] == "event_id=E2"
    assert keys[1] == "event_id=E1 #2"


def test_json_values() -> None:
    assert json_value(np.float64(1.5)) == 1.5 and json_value(np.int64(2)) == 2
    assert json_value(pd.NA) is None and json_value(math.nan) is None
    assert json_value(pd.Timestamp("2021-05-01")) == "2021-05-01"
    assert json_value(pd.Timestamp("2021-05-01 10:00")) == "2021-05-01T10:00:00"
    assert json_value(dt.date(2021, 5, 1)) == "2021-05-01"


def test_added_changed_removed_in_file_order() -> None:
    previous = _events([("E1", 1.0), ("E2", 2.0), ("E3", 3.0)])
    current = _events([("E2", 2.5), ("E4", 4.0), ("E1", 1.0)], first_row=10)
    entries = diff_records("deforestation_events", previous, current)
    assert [(e["record"], e["change"], e["row"]) for e in entries] == [
        ("event_id=E2", "changed", 10),
        ("event_id=E4", "added", 11),
        ("event_id=E3", "removed", 4),
    ]
    assert entries[0]["columns"] == ["area_ha"]
    assert (entries[0]["old"], entries[0]["new"]) == ({"area_ha": 2.0}, {"area_ha": 2.5})
    assert entries[1]["old"] == {} and entries[2]["new"] == {}


def test_nan_equals_nan_and_limit() -> None:
    previous = _events([("E1", math.nan), ("E2", 1.0)])
    current = _events([("E1", math.nan), ("E2", 5.0), ("E3", 1.0)])
    assert len(diff_records("deforestation_events", previous, current)) == 2
    assert len(diff_records("deforestation_events", previous, current, limit=1)) == 1
