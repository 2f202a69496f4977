"""redd_audit.cycle.assessment: materiality, cumulative position and verification of a run."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd

from redd_audit.cycle.assessment import assess_cycle, claims_by_vintage
from tests.mirror_support import vintage_figures

CLAIM = {
    "baseline_tco2e": 1000.0,
    "project_tco2e": 100.0,
    "leakage_tco2e": 50.0,
    "buffer_tco2e": 85.0,
    "vcus": 765.0,
}


def _recomputation() -> SimpleNamespace:
    figures = [vintage_figures(2021), vintage_figures(2022)]
    return SimpleNamespace(vintages=figures, totals={"vcus": 1530, "buffer_tco2e": 170.0})


def test_claims_by_vintage_keeps_the_first_row() -> None:
    claimed = pd.DataFrame(
        [{"vintage": 2021, **CLAIM, "_row": 2}, {"vintage": 2021, **CLAIM, "vcus": 1.0, "_row": 3}]
    )
    claims = claims_by_vintage(claimed)
    assert list(claims) == [2021] and claims[2021]["vcus"] == 765.0 and "_row" not in claims[2021]
    assert claims_by_vintage(None) == {}


def test_complete_claims_as_recomputed() -> None:
    claimed = pd.DataFrame([{"vintage": 2021, **CLAIM}, {"vintage": 2022, **CLAIM}])
    history = pd.DataFrame(
        {
            "period_start": [pd.Timestamp("2020-01-01")],
            "period_end": [pd.Timestamp("2020-12-31")],
            "vintage": [2020],
            "vcus_issued": [500.0],
            "buffer_tco2e": [50.0],
        }
    )
    result = assess_cycle(
        frames={"claimed_vintages": claimed, "issuance_history": history},
        files={},
        recomputation=_recomputation(),
        materiality_fraction=0.05,
        accuracy=None,
    )
    assert [line["misstatement"] for line in result.materiality] == [0.0] * 5
    assert result.findings == []
    assert result.cumulative["vcus_to_date"] == 2030.0
    assert result.cumulative["buffer_to_date"] == 220.0
    assert result.verification["ready_for_opinion"] is True


def test_missing_claim_is_a_coverage_warning_on_the_named_file() -> None:
    claimed = pd.DataFrame([{"vintage": 2021, **CLAIM}])
    result = assess_cycle(
        frames={"claimed_vintages": claimed},
        files={"claimed_vintages": "claims/claimed.xlsx"},
        recomputation=_recomputation(),
        materiality_fraction=0.05,
        accuracy=None,
    )
    assert result.materiality == [] and result.cumulative is None
    (finding,) = result.findings
    assert (finding.file, finding.value) == ("claims/claimed.xlsx", "2022")


def test_without_a_recomputation() -> None:
    result = assess_cycle(
        frames={}, files={}, recomputation=None, materiality_fraction=0.05, accuracy=None
    )
    assert result.materiality == [] and result.findings == []
    assert result.verification["material_misstatement"] is None
    assert result.verification["ready_for_opinion"] is False
