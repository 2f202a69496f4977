"""redd_audit.workbook.sheets.data_quality: every finding with error and warning counts."""

from __future__ import annotations

import dataclasses

from redd_audit.workbook.book import Book
from redd_audit.workbook.model import Formula
from redd_audit.workbook.sheets import data_quality
from tests.workbook.case import sample_findings
from tests.workbook.spec_helpers import all_text, cell, main_context, main_spec


def _build(findings: list, row_limit: int = 1000) -> Book:  # type: ignore[type-arg]
    book = Book(ctx=dataclasses.replace(main_context(), findings=findings), row_limit=row_limit)
    data_quality.build(book)
    return book


def test_no_finding_says_so() -> None:
    sheet = main_spec().sheet(data_quality.NAME)
    assert not sheet.protected
    assert cell(sheet, 3, 1).value == "Errors"  # type: ignore[union-attr]
    assert cell(sheet, 3, 2).value == Formula('=COUNTIF($A$7:$A$7,"error")')  # type: ignore[union-attr]
    assert cell(sheet, 4, 2).value == Formula('=COUNTIF($A$7:$A$7,"warning")')  # type: ignore[union-attr]
    assert "No finding: every expectation passed." in all_text(sheet)


def test_findings_listed_errors_first() -> None:
    sheet = _build(sample_findings()).sheets[data_quality.NAME].spec()
    table = sheet.table
    assert table is not None and table.header_row == 6 and table.n_rows == 4
    assert [c.header for c in table.columns][:3] == ["Severity", "File", "Row"]
    severities = list(table.columns[0].values or [])
    assert severities == ["error", "error", "warning", "warning"]
    assert cell(sheet, 3, 2).value == Formula('=COUNTIF($A$7:$A$10,"error")')  # type: ignore[union-attr]
    assert "No finding" not in all_text(sheet)
    assert all(c.role == "label" for c in table.columns)


def test_too_many_findings_go_to_a_companion_with_typed_counts() -> None:
    book = _build(sample_findings(), row_limit=2)
    sheet = book.sheets[data_quality.NAME].spec()
    assert cell(sheet, 3, 2).value == 2 and cell(sheet, 3, 2).role == "input"  # type: ignore[union-attr]
    assert cell(sheet, 4, 2).value == 2  # type: ignore[union-attr]
    assert [c.table for c in book.companions] == ["findings"]
    assert book.companions[0].rows == 4
