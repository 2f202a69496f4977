"""redd_audit.workbook.sheets.revisions: revision header, ER delta, changed files and records."""

from __future__ import annotations

from redd_audit.workbook.model import Formula
from redd_audit.workbook.refs import VintageCells
from redd_audit.workbook.sheets import revisions
from redd_audit.workbook.sheets.revisions import _record_rows
from tests.workbook.spec_helpers import all_text, cell, cycle_spec, find, main_spec


def test_no_revision_information() -> None:
    sheet = main_spec().sheet(revisions.SHEET)
    assert "No revision information." in all_text(sheet)
    assert sheet.protected  # nothing to edit


def test_record_rows() -> None:
    changed = {"change": "changed", "columns": ["a"], "old": {"a": 1}, "new": {"a": 2}}
    assert _record_rows(changed) == [("a", 1, 2)]
    added = {"change": "added", "new": {"x": 1, "y": None}}
    assert _record_rows(added) == [("(all)", None, "x=1; y=")]
    removed = {"change": "removed", "old": {"x": 1}}
    assert _record_rows(removed) == [("(all)", "x=1", None)]


def test_header() -> None:
    sheet = cycle_spec().sheet(revisions.SHEET)
    assert not sheet.protected
    rows = {cell(sheet, r, 1).value: cell(sheet, r, 2) for r in range(3, 7)}  # type: ignore[union-attr]
    assert rows["Revision"].value == 2 and rows["Revision"].role == "input"  # type: ignore[union-attr]
    assert rows["Reason"].value == "corrected events"  # type: ignore[union-attr]
    assert rows["Previous revision"].value == "001"  # type: ignore[union-attr]
    assert cell(sheet, 7, 1).value == "inputs re-read" and cell(sheet, 7, 1).role == "note"  # type: ignore[union-attr]


def test_figures_link_to_vintages_when_in_the_period() -> None:
    sheet = cycle_spec().sheet(revisions.SHEET)
    r, _ = find(sheet, "ER delta by vintage and quantity (current − previous revision)")
    first = r + 2
    vcus = chr(64 + VintageCells.column("vcus"))
    assert cell(sheet, first, 3).value == 10 and cell(sheet, first, 3).role == "input"  # type: ignore[union-attr]
    assert cell(sheet, first, 4).value == Formula(f"=Vintages!${vcus}$6")  # type: ignore[union-attr]
    assert cell(sheet, first, 5).value == Formula(  # type: ignore[union-attr]
        f'=IF(AND(ISNUMBER(C{first}),ISNUMBER(D{first})),D{first}-C{first},"")'
    )
    # vintage 2016 is not in the period: the current value is typed
    assert cell(sheet, first + 1, 4).value == 6.0  # type: ignore[union-attr]
    assert cell(sheet, first + 1, 4).role == "label"  # type: ignore[union-attr]


def test_inputs_and_records() -> None:
    sheet = cycle_spec().sheet(revisions.SHEET)
    r, _ = find(sheet, "Changed input files")
    assert [cell(sheet, r + 2, c).value for c in (1, 2)] == ["events.csv", "changed"]  # type: ignore[union-attr]
    assert [cell(sheet, r + 3, c).value for c in (1, 2)] == ["new.csv", "added"]  # type: ignore[union-attr]
    r, _ = find(sheet, "Changed records (first 1,000 per table)")
    assert [cell(sheet, r + 2, c).value for c in range(1, 8)] == [  # type: ignore[union-attr]
        "deforestation_events", "E-1", "changed", "area_ha", 1.0, 2.0, 3,
    ]  # fmt: skip
    assert cell(sheet, r + 3, 4).value == "date"  # type: ignore[union-attr]
    assert cell(sheet, r + 4, 6).value == "fire_id=F-9; area_ha=4.0"  # type: ignore[union-attr]
