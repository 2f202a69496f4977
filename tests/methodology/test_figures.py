"""redd_audit.methodology.figures: the records' dict forms (summary.json, Reconciliation)."""

from __future__ import annotations

import json

from redd_audit.methodology.figures import ImmigrantLeakage, ReconciliationLine, ReportedFigures
from tests.mirror_support import vintage_figures


def test_summary_dict_is_json_ready_with_iso_dates() -> None:
    entry = vintage_figures(2021).summary_dict()
    assert entry["start"] == "2021-01-01" and entry["end"] == "2021-12-31"
    assert entry["immigrant_leakage"] is None and entry["reported"] is None
    assert entry["ner_tco2e"] == 850.0 and entry["vcus"] == 765
    json.dumps(entry)


def test_summary_dict_nests_the_terms_and_reported_figures() -> None:
    terms = ImmigrantLeakage(0.2, 1000.0, 200.0, 10.0, 500.0, 102.0, 98.0, 300.0, 29400.0)
    reported = ReportedFigures(1000.0, 100.0, 50.0, 850.0, 85.0, 0.0, 765.0)
    entry = vintage_figures(immigrant_leakage=terms, reported=reported).summary_dict()
    assert entry["immigrant_leakage"]["outside_belt_area_ha"] == 98.0
    assert entry["reported"]["vcus"] == 765.0


def test_reconciliation_line_dict_keeps_every_field() -> None:
    line = ReconciliationLine(2021, "ner_tco2e", 10.0, 8.0, 2.0, 0.25, True)
    assert line.to_dict() == {
        "vintage": 2021,
        "quantity": "ner_tco2e",
        "claimed": 10.0,
        "recomputed": 8.0,
        "difference": 2.0,
        "difference_fraction": 0.25,
        "material": True,
        "rounding": True,  # |2.0| ≤ 2 for ner_tco2e (contract 8.8)
    }


def test_rounding_flag_is_one_tonne_two_for_ner() -> None:
    """Contract 8.8: a difference of at most 1 tCO2e (2 for ner_tco2e) is rounding."""
    assert ReconciliationLine(2021, "vcus", 101.0, 100.0, 1.0, 0.01, False).rounding
    assert not ReconciliationLine(2021, "vcus", 101.5, 100.0, 1.5, 0.015, True).rounding
    assert ReconciliationLine(2021, "buffer_tco2e", 99.0, 100.0, -1.0, -0.01, False).rounding
    assert ReconciliationLine(2021, "ner_tco2e", 98.0, 100.0, -2.0, -0.02, True).rounding
    assert not ReconciliationLine(2021, "ner_tco2e", 97.9, 100.0, -2.1, -0.021, True).rounding
