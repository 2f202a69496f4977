"""Claims as reports present them (contract.md section 8.8): the hand test, and the summary's
``reported`` entry beside the exact figures."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from redd_audit.methodology.figures import VintageFigures
from redd_audit.methodology.reported import (
    reported_buffer_tco2e,
    reported_figures,
    reported_vcus,
    reported_whole_tonnes,
)


def _figure(**values: float) -> VintageFigures:
    fields = {f.name for f in dataclasses.fields(VintageFigures)}
    base: dict[str, object] = {n: 0.0 for n in fields}
    base.update(vintage=2021, start=dt.date(2021, 1, 1), end=dt.date(2021, 12, 31), days=365)
    base.update(vcus=0, reversal=False, year_fraction=1.0, immigrant_leakage=None, reported=None)
    base.update(values)
    return VintageFigures(**base)  # type: ignore[arg-type]


def test_whole_tonnes_round_half_away_from_zero() -> None:
    assert reported_whole_tonnes(1_000_000.4) == 1_000_000
    assert reported_whole_tonnes(9_999.6) == 10_000
    assert reported_whole_tonnes(50_000.5) == 50_001
    assert reported_whole_tonnes(-2.5) == -3


def test_contract_hand_test_after_leakage() -> None:
    figure = _figure(
        baseline_tco2e=1_000_000.4,
        project_tco2e=9_999.6,
        project_stock_tco2e=9_999.6,
        leakage_tco2e=50_000.5,
        ner_tco2e=1_000_000.4 - 9_999.6 - 50_000.5,
        adjusted_ner_tco2e=1_000_000.4 - 9_999.6 - 50_000.5,
    )
    r = reported_figures(figure, 0.12, "after_leakage", 1.0)
    assert (r.baseline_tco2e, r.project_tco2e, r.leakage_tco2e) == (1_000_000, 10_000, 50_001)
    assert r.ner_tco2e == 939_999
    assert r.buffer_tco2e == 112_800  # ROUND(112,799.88)
    assert r.uncertainty_deduction_tco2e == 0
    assert r.vcus == 827_199
    # the stated rule (stock change): ROUND(0.12 × 990,000) = 118,800
    assert reported_figures(figure, 0.12, "stock_change", 1.0).buffer_tco2e == 118_800


def test_buffer_and_vcus() -> None:
    assert reported_buffer_tco2e(0.12, 939_999) == 112_800
    assert reported_buffer_tco2e(0.12, -10.0) == 0.0
    assert reported_vcus(939_999, 112_800, 0) == 827_199


def test_summary_holds_reported_beside_exact() -> None:
    figure = _figure(baseline_tco2e=10.6, project_tco2e=0.4, ner_tco2e=10.2)
    with_reported = dataclasses.replace(
        figure, reported=reported_figures(figure, 0.1, "stock_change", 1.0)
    )
    summary = with_reported.summary_dict()
    assert summary["baseline_tco2e"] == 10.6
    assert summary["reported"]["baseline_tco2e"] == 11
    assert summary["reported"]["ner_tco2e"] == 11
    assert summary["reported"]["buffer_tco2e"] == pytest.approx(1.0)
