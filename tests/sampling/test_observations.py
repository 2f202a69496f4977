"""sample_observations (contract 5.9): ids must be selected events; errors name the row."""

from __future__ import annotations

import pandas as pd

from redd_audit.sampling.observations import match_observations, observation_details
from redd_audit.sampling.summary import sampling_findings


def _observations() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "event_id": ["E-B", "E-X", "E-D", "E-B"],
            "observed_area_ha": [5.0, 1.0, 1.5, 7.0],
            "observer": ["ana", "ana", "luis", "luis"],
            "_row": [2, 3, 4, 5],
        }
    )


def test_unselected_and_repeated_events_are_errors_naming_the_row():
    observed, findings = match_observations(_observations(), ["E-B", "E-D"], "obs.csv")
    assert observed == {"E-B": 5.0, "E-D": 1.5}
    assert [(f.severity, f.row, f.value, f.column) for f in findings] == [
        ("error", 3, "E-X", "event_id"),
        ("error", 5, "E-B", "event_id"),
    ]
    assert findings[0].file == "obs.csv" and "not a selected event" in findings[0].message
    assert findings[1].expectation == "sample_observation_event_unique"


def test_no_table_no_findings():
    assert match_observations(None, ["E-B"]) == ({}, [])


def test_sampling_findings_name_the_file_of_the_table():
    sampling = {"selected": ["E-B"], "warning": None}
    frames = {"sample_observations": _observations().iloc[:2]}
    findings = sampling_findings(sampling, frames, {"sample_observations": "obs.xlsx"})
    assert [(f.file, f.row) for f in findings] == [("obs.xlsx", 3)]
    assert sampling_findings(None, frames, {}) == []


def test_details_of_the_used_rows():
    details = observation_details(_observations(), {"E-B": 5.0, "E-D": 1.5})
    assert details["E-B"] == {
        "observed_on": None,
        "observer": "ana",
        "evidence_ref": None,
        "note": None,
    }
    assert set(details) == {"E-B", "E-D"} and details["E-D"]["observer"] == "luis"
