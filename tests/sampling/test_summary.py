"""redd_audit.sampling.summary: the ``sampling`` entry of summary.json."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from redd_audit.methodology.strata import stratum_stocks
from redd_audit.sampling.monetary_unit import default_seed
from redd_audit.sampling.summary import (
    no_sample_finding,
    resolve_seed,
    sampling_findings,
    sampling_summary,
)
from tests.mirror_support import project

START, END = dt.date(2021, 1, 1), dt.date(2021, 12, 31)


def _events() -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "event_id": ["E-1", "E-2", "E-3", "E-4"],
            "zone": ["project_area"] * 4,
            "stratum_id": ["S1"] * 4,
            "detected_on": pd.to_datetime(["2021-02-01", "2021-03-01", "2021-04-01", "2021-05-01"]),
            "area_ha": [0.5, 20.0, 1.0, 2.0],
        }
    )
    frame["_row"] = range(2, 6)
    return frame


def _summary(ner: float) -> tuple[dict, object]:
    return sampling_summary(
        frames={"deforestation_events": _events()},
        stocks=stratum_stocks(project(), None),
        materiality_fraction=0.05,
        ner_tco2e=ner,
        start=START,
        end=END,
        seed=42,
    )


def test_resolve_seed() -> None:
    assert resolve_seed(7, "ff" * 32) == 7
    assert resolve_seed(None, "0000000a" + "f" * 56) == default_seed("0000000a" + "f" * 56) == 10
    assert resolve_seed(None, None) == 0


def test_sample_with_the_large_event_selected() -> None:
    # T = 0.05 · 10,000 = 500 tCO2e; E-2 commits 20 ha · 44/12 · (161 − 5) ≈ 11,440 tCO2e ≥ J
    summary, sample = _summary(10_000.0)
    assert summary["seed"] == 42 and summary["seed_source"] == "events_sha256"
    assert "E-2" in summary["selected"]
    assert set(summary["selected"]) <= {"E-1", "E-2", "E-3", "E-4"}
    assert summary["plots"]["selected"] == [] and summary["accuracy_samples"]["selected"] == []
    assert no_sample_finding(summary, "deforestation_events.csv") is None
    assert list(sample.selected["event_id"]) == summary["selected"]


def test_no_net_reduction_no_sample_and_a_warning() -> None:
    summary, _ = _summary(0.0)
    assert summary["warning"]
    assert summary["observations"] == 0
    finding = no_sample_finding(summary, "deforestation_events.csv")
    assert finding is not None and finding.severity == "warning"
    assert finding.expectation == "evidence_sample_drawn"
    findings = sampling_findings(summary, {}, {"deforestation_events": "events.xlsx"})
    assert [f.file for f in findings] == ["events.xlsx"]


def test_no_figures_no_findings() -> None:
    assert no_sample_finding(None, "x") is None
    assert sampling_findings(None, {}, {}) == []
