"""Carrying the verifier's work back to the tables (contract 5.9): merge and identity checks."""

from __future__ import annotations

import datetime as dt

import pytest

from redd_audit.cycle.carry_forward import (
    FINDING_COLUMNS,
    OBSERVATION_COLUMNS,
    check_identity,
    merge,
    raised_findings,
    text,
)
from redd_audit.errors import InputError

CREDITING = (dt.date(2010, 1, 1), dt.date(2040, 12, 31))


def test_merge_updates_by_key_adds_new_and_keeps_the_rest():
    existing = [
        {"event_id": "E1", "observed_area_ha": "2.5", "observer": "ana"},
        {"event_id": "E9", "observed_area_ha": "1", "observer": "luis"},
    ]
    incoming = [
        {"event_id": "E1", "observed_area_ha": 2.5},  # 2.5 == "2.5": no change
        {"event_id": "E2", "observed_area_ha": 0.30000000000000004},
        {"event_id": "E9", "observed_area_ha": 1.25},
    ]
    rows, columns, changes = merge(
        "sample_observations", "event_id", existing, OBSERVATION_COLUMNS, incoming
    )
    assert columns == list(OBSERVATION_COLUMNS)
    assert [r["event_id"] for r in rows] == ["E1", "E9", "E2"]
    assert rows[1]["observed_area_ha"] == "1.25" and rows[1]["observer"] == "luis"
    assert rows[2]["observed_area_ha"] == "0.3"  # no float noise in the table
    assert [c.render() for c in changes] == [
        "sample_observations: added E2",
        "sample_observations: E9 observed_area_ha: 1 -> 1.25",
    ]


def test_findings_keep_extra_columns_and_skip_unraised_drafts():
    existing = [{"finding_id": "F-02", "type": "CL", "status": "open", "response": ""}]
    typed = [
        {
            "finding_id": "F-02",
            "type": "CL",
            "status": "closed",
            "closing_date": dt.date(2021, 5, 2),
        },
        {"finding_id": "DRAFT-01", "type": "NCR", "status": "draft"},
        {"finding_id": "DRAFT-02", "type": "CL", "status": "open", "description": "raised"},
    ]
    rows, columns, changes = merge(
        "verification_findings", "finding_id", existing, FINDING_COLUMNS, raised_findings(typed)
    )
    assert "closing_date" in columns and rows[0]["closing_date"] == "2021-05-02"
    assert [r["finding_id"] for r in rows] == ["F-02", "DRAFT-02"]
    assert [c.render() for c in changes] == [
        "verification_findings: F-02 status: open -> closed",
        "verification_findings: F-02 closing_date: (empty) -> 2021-05-02",
        "verification_findings: added DRAFT-02",
    ]


def test_identity_refuses_another_project_or_period():
    props = {"ProjectId": "GOLD-1", "PeriodStart": "2019-01-01", "PeriodEnd": "2020-12-31"}
    period = (dt.date(2019, 1, 1), dt.date(2020, 12, 31))
    assert check_identity(props, "GOLD-1", CREDITING, None, None) == period
    assert check_identity(props, "GOLD-1", CREDITING, *period) == period
    with pytest.raises(InputError, match="project"):
        check_identity(props, "GOLD-2", CREDITING, None, None)
    with pytest.raises(InputError, match="period"):
        check_identity(props, "GOLD-1", CREDITING, dt.date(2021, 1, 1), None)
    with pytest.raises(InputError, match="crediting"):
        check_identity(props, "GOLD-1", (dt.date(2020, 1, 1), CREDITING[1]), None, None)


def test_text_of_cells():
    assert [text(v) for v in (None, 2.0, 0.1 + 0.2, dt.date(2021, 1, 2), " x ")] == [
        "",
        "2",
        "0.3",
        "2021-01-02",
        "x",
    ]
