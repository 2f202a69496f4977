"""redd_audit.workbook.context: the gathered inputs of the workbook and their defaults."""

from __future__ import annotations

import datetime as dt

from redd_audit.workbook.context import InputRecord, WorkbookContext
from tests.workbook.case import END, START, make_context
from tests.workbook.spec_helpers import main_context


def test_input_record_defaults() -> None:
    record = InputRecord("events", "events.csv", "ab" * 32, rows=3, size_bytes=10)
    assert record.bom is False and record.formula_cells == 0


def test_context_defaults_are_empty_and_independent() -> None:
    a = main_context()
    b = make_context(status="failed_quality_gate")
    assert isinstance(a, WorkbookContext)
    assert a.previous_summary is None and a.sampling is None and a.revision is None
    assert a.materiality is None and a.cumulative is None and a.verification is None
    assert a.missing_tables == [] and a.missing_tables is not b.missing_tables
    assert (a.start, a.end) == (START, END) == (dt.date(2019, 7, 1), dt.date(2020, 12, 31))
    assert a.recomputation is not None and b.recomputation is None
    assert b.status == "failed_quality_gate"
    assert {r.table for r in a.inputs} == set(a.frames)
