"""redd_audit.workbook.build: sheet order, protection, properties, engine values, the quality
workbook and the row limit."""

from __future__ import annotations

import dataclasses

import pytest

from redd_audit import quantities
from redd_audit.workbook.build import (
    UNPROTECTED,
    VERIFICATION_SHEETS,
    build_quality_workbook,
    build_verification_workbook,
)
from redd_audit.workbook.model import Formula
from tests.workbook.case import make_context, make_frames, make_project
from tests.workbook.spec_helpers import iter_cells, main_context, main_spec


def test_sheets_in_the_listed_order() -> None:
    spec = main_spec()
    assert spec.kind == "verification"
    assert spec.sheet_names == [n for n in VERIFICATION_SHEETS if n in spec.sheet_names]
    assert spec.sheet_names[:3] == ["README", "Provenance", "Parameters"]


def test_documentation_sheets_unprotected_calculations_protected() -> None:
    spec = main_spec()
    for name in UNPROTECTED:
        assert not spec.sheet(name).protected, name
    for name in ("Parameters", "Strata", "Baseline", "Vintages", "Reconciliation"):
        assert spec.sheet(name).protected, name


def test_properties_and_page_texts() -> None:
    spec = main_spec()
    p = spec.properties
    assert p.title == "TEST-1 verification workbook 2019-07-01_2020-12-31"
    assert p.subject.startswith("VM0007 1.6 ")
    assert p.created.date().isoformat() == "2020-12-31"
    custom = dict(p.custom)
    assert custom["ProjectId"] == "TEST-1" and custom["Status"] == "passed"
    assert custom["RunId"] == "run-0123456789abcdef" and custom["CodeVersion"] == "0.1.0"
    assert spec.project_text == "TEST-1"
    assert spec.period_text == "2019-07-01 to 2020-12-31"
    assert spec.revision_text == ""


def test_engine_values_are_the_recomputation_totals() -> None:
    spec = main_spec()
    rc = main_context().recomputation
    assert rc is not None
    checked = 0
    for q in quantities.summary_totals():
        if q.workbook_name and q.summary_key in rc.totals:
            assert spec.engine_values[q.workbook_name] == rc.totals[q.summary_key]
            checked += 1
    assert checked >= 5 and spec.engine_values["Total_VCUs"] == rc.totals["vcus"]
    assert "Cumulative_VCUs_To_Date" not in spec.engine_values  # no issuance history


def test_strata_suffixes_in_names() -> None:
    names = {n.name for n in main_spec().names}
    assert {"AG_TF", "AG_VF"} <= names


def test_verification_refuses_a_failed_run() -> None:
    with pytest.raises(ValueError, match="passed run"):
        build_verification_workbook(make_context(status="failed_quality_gate"))


def test_quality_workbook_has_no_emission_figure() -> None:
    spec = build_quality_workbook(make_context(status="failed_quality_gate"))
    assert spec.kind == "quality"
    assert spec.sheet_names == ["README", "Provenance", "Data quality", "CCB indicators"]
    assert spec.properties.title.startswith("TEST-1 data-quality workbook")
    assert not any(n.name.startswith("Total_") for n in spec.names)
    assert spec.engine_values == {}
    for sheet in spec.sheets:
        for _, _, cell in iter_cells(sheet):
            if isinstance(cell.value, Formula):
                assert "Total_" not in cell.value.text


def test_quality_workbook_without_ccb() -> None:
    frames = make_frames()
    frames.pop("ccb_indicators", None)
    ctx = make_context(make_project(), frames, status="failed_quality_gate")
    assert build_quality_workbook(ctx).sheet_names == ["README", "Provenance", "Data quality"]


def test_strata_ids_with_symbols_get_unique_suffixes() -> None:
    from redd_audit.workbook.build import _strata_refs

    base = main_context()
    strata = [
        s.model_copy(update={"id": i})
        for s, i in zip(base.project.strata, ("a-b", "a_b"), strict=True)
    ]
    ctx = dataclasses.replace(base, project=base.project.model_copy(update={"strata": strata}))
    refs = _strata_refs(ctx)
    assert [(r.id, r.suffix) for r in refs] == [("a-b", "a_b"), ("a_b", "a_b_2")]
