"""redd_audit.workbook.sheets.cycle_cells: total names and per-vintage cells of the cycle sheets."""

from __future__ import annotations

import dataclasses

import pytest

from redd_audit.workbook.book import Book
from redd_audit.workbook.refs import VintageCells, VintageRow
from redd_audit.workbook.sheets.cycle_cells import QUANTITY_CELLS, total_name, vintage_ref
from tests.workbook.spec_helpers import main_context, main_spec


def test_total_names_are_defined_on_vintages() -> None:
    spec = main_spec()
    for quantity in QUANTITY_CELLS:
        assert spec.name(total_name(quantity)).sheet == "Vintages"
    assert total_name("vcus") == "Total_VCUs"
    with pytest.raises(KeyError):
        total_name("ner_tco2e")


def _row(i: int) -> VintageRow:
    return VintageRow(*[f"V!{k}{i}" for k in range(21)])


def test_vintage_ref() -> None:
    ctx = main_context()
    book = Book(ctx=ctx, row_limit=100)
    assert vintage_ref(book, "vcus", 2019) is None  # Vintages not built yet
    book.vintage_cells = VintageCells((_row(0), _row(1)), {})
    assert vintage_ref(book, "vcus", 2020) == _row(1).vcus
    assert vintage_ref(book, "baseline_tco2e", 2019) == _row(0).baseline
    assert vintage_ref(book, "vcus", 2018) is None  # not in the period
    failed = Book(ctx=dataclasses.replace(ctx, recomputation=None), row_limit=100)
    failed.vintage_cells = book.vintage_cells
    assert vintage_ref(failed, "vcus", 2020) is None
