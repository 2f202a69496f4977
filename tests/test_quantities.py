"""The quantities registry matches the engine's records, and docs/nomenclature.md is generated."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from redd_audit import quantities
from redd_audit.methodology.figures import VintageFigures
from redd_audit.methodology.period import period_totals
from redd_audit.methodology.reconciliation import RECONCILED_QUANTITIES
from redd_audit.nomenclature import default_path, render_nomenclature


def _figure() -> VintageFigures:
    fields = {f.name for f in dataclasses.fields(VintageFigures)}
    values: dict[str, object] = dict.fromkeys(fields, 0.0)
    values.update(vintage=2021, start=dt.date(2021, 1, 1), end=dt.date(2021, 12, 31), days=365)
    values.update(vcus=0, reversal=False, year_fraction=1.0)
    return VintageFigures(**values)  # type: ignore[arg-type]


def test_every_quantity_is_a_vintage_field_or_a_period_figure():
    fields = {f.name for f in dataclasses.fields(VintageFigures)}
    period_only = {"ner_error_fraction", "deduction_factor"}
    for q in quantities.QUANTITIES:
        assert q.name in fields or q.name in period_only, q.name


def test_summary_keys_match_the_engine():
    uncertainty = type("U", (), {"ner_error_fraction": 0.1, "deduction_factor": 1.0})()
    totals = period_totals([_figure()], uncertainty)  # type: ignore[arg-type]
    assert [q.summary_key for q in quantities.summary_totals()] == list(totals)
    vintage_keys = set(_figure().summary_dict()) - {"vintage", "start", "end", "days", "reversal"}
    assert set(quantities.summary_vintage_keys()) == vintage_keys


def test_contract_workbook_names_and_formats():
    contract = {
        "Total_Baseline_tCO2e", "Total_Project_tCO2e", "Total_Leakage_tCO2e", "Total_NER_tCO2e",
        "NER_Error_Fraction", "Deduction_Factor", "Total_Adjusted_NER_tCO2e",
        "Total_Buffer_tCO2e", "Total_VCUs",
    }  # fmt: skip
    names = {q.workbook_name for q in quantities.QUANTITIES}
    assert contract <= names
    assert quantities.workbook_total_name("vcus") == "Total_VCUs"
    with pytest.raises(KeyError):
        quantities.workbook_total_name("buffer_base_tco2e")
    by_name = quantities.by_name()
    assert by_name["baseline_tco2e"].report_format == "#,##0"  # whole tonnes in reports
    assert by_name["baseline_tco2e"].calculation_format == "#,##0.000"
    assert by_name["vcus"].report_format == "#,##0"


def test_reconciled_quantities_come_from_the_registry():
    assert quantities.reconciled() == RECONCILED_QUANTITIES
    assert RECONCILED_QUANTITIES == (
        "baseline_tco2e", "project_tco2e", "leakage_tco2e", "buffer_tco2e", "vcus",
    )  # fmt: skip


def test_committed_nomenclature_is_the_generated_one():
    committed = default_path().read_text(encoding="utf-8")
    assert committed == render_nomenclature(), "run: python -m redd_audit.nomenclature"


def test_nomenclature_has_a_workbook_name_column_and_every_equation():
    text = render_nomenclature()
    assert "| workbook name |" in text
    from redd_audit.equations import EQUATIONS

    for eq in EQUATIONS:
        assert f".{eq.id}`" in text
