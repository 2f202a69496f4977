"""redd_audit.workbook.sheets.data_inputs: every input-row sheet and where each table went."""

from __future__ import annotations

import dataclasses

import pytest

from redd_audit.workbook.book import Book
from redd_audit.workbook.sheets import data_inputs
from redd_audit.workbook.sheets.data_inputs import SHEET_ROW_LIMIT, _plot_ids
from tests.workbook.spec_helpers import all_text, main_context, main_spec

SHEETS = ("Ex-ante baseline", "Events", "Fires", "Trees", "Plots", "Accuracy samples")
TABLES = (
    "baseline_exante",
    "deforestation_events",
    "fire_events",
    "inventory_trees",
    "inventory_plots",
    "accuracy_samples",
)


@pytest.fixture(scope="module")
def small_book() -> Book:
    book = Book(ctx=main_context(), row_limit=3)
    data_inputs.build(book)
    return book


def test_every_input_sheet_on_the_main_workbook() -> None:
    spec = main_spec()
    for name in SHEETS:
        sheet = spec.sheet(name)
        assert sheet.kind == "data" and sheet.table is not None, name
    assert SHEET_ROW_LIMIT == 100_000
    assert spec.companions == []


def test_plot_ids() -> None:
    frames = main_context().frames
    ids = _plot_ids(frames)
    assert {"P1", "P8"} <= ids
    assert _plot_ids({}) == set()


def test_long_tables_go_to_companions_but_not_the_exante_baseline(small_book: Book) -> None:
    data = small_book.data
    assert set(data) == set(TABLES)
    assert data["baseline_exante"].on_sheet  # always on its sheet, whatever its length
    for table in TABLES[1:]:
        frame = main_context().frames[table]
        assert data[table].on_sheet == (len(frame) <= 3), table
        assert data[table].n_rows == len(frame)
    names = {c.table for c in small_book.companions}
    assert names == {t for t in TABLES if not data[t].on_sheet}
    events = small_book.sheets["Events"].spec()
    assert "exceed the sheet limit of 3" in all_text(events)
    assert "Ev_Area_ha" not in {n.name for n in small_book.names.names}
    assert "Exb_Area_ha" in {n.name for n in small_book.names.names}


def test_missing_optional_table_is_recorded_as_not_provided() -> None:
    ctx = main_context()
    frames = {k: v for k, v in ctx.frames.items() if k != "fire_events"}
    book = Book(ctx=dataclasses.replace(ctx, frames=frames), row_limit=1000)
    data_inputs.build(book)
    assert not book.data["fire_events"].provided
    assert "Table 'fire_events' was not provided (optional)." in all_text(
        book.sheets["Fires"].spec()
    )
