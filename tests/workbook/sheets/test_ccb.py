"""redd_audit.workbook.sheets.ccb: indicators grouped by SDG and the derived figures."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd

from redd_audit.workbook.book import Book
from redd_audit.workbook.model import COUNT, NUMBER, Formula
from redd_audit.workbook.sheets import ccb
from redd_audit.workbook.sheets.ccb import AREA_FIGURES, HEADERS, indicator_kind, value_format
from tests.workbook.spec_helpers import all_text, cell, main_context, main_spec


def test_value_format_and_kind() -> None:
    assert value_format(402) == COUNT and value_format(402.0) == COUNT
    assert value_format(3.5) == NUMBER and value_format(None) == NUMBER
    assert value_format(True) == NUMBER
    assert indicator_kind("households_reached") == "households"
    assert indicator_kind("Concession-Holders") == "holders"
    assert indicator_kind("concession_holders_women") == "holders_women"
    assert indicator_kind("placeholders") is None  # a word, not a substring
    assert indicator_kind("species_camera") is None


def test_indicators_grouped_by_sdg_in_numeric_order() -> None:
    sheet = main_spec().sheet(ccb.NAME)
    assert [cell(sheet, 4, c).value for c in range(1, 11)] == HEADERS  # type: ignore[union-attr]
    groups = [
        x.value for row in sheet.rows for x in row[:1] if x is not None and x.role == "subtitle"
    ]
    assert groups[:3] == ["SDG 1", "SDG 5", "SDG 15"]
    assert cell(sheet, 6, 2).value == "households_reached"  # type: ignore[union-attr]
    assert cell(sheet, 6, 6).value == 412.0 and cell(sheet, 6, 6).number_format == COUNT  # type: ignore[union-attr]
    assert cell(sheet, 6, 10).value == Formula("=AND(E6>=Period_Start,D6<=Period_End)")  # type: ignore[union-attr]
    text = cell(sheet, 9, 3)
    assert text is not None and text.value == '=HYPERLINK("http://x")'  # stays text
    assert text.role == "input" and not isinstance(text.value, Formula)


def test_derived_figures() -> None:
    sheet = main_spec().sheet(ccb.NAME)
    for k, (label, formula, _fmt, _) in enumerate(AREA_FIGURES):
        r = 14 + k
        assert cell(sheet, r, 1).value == label  # type: ignore[union-attr]
        assert cell(sheet, r, 2).value == Formula(formula)  # type: ignore[union-attr]
        assert cell(sheet, r, 2).role == ("link" if "(" not in formula else "formula")  # type: ignore[union-attr]
    assert cell(sheet, 21, 2).value == Formula("=F6")  # type: ignore[union-attr]
    assert cell(sheet, 22, 2).value == Formula('=IF(F8>0,F9/F8,"")')  # type: ignore[union-attr]


def test_quality_kind_and_missing_social_indicators() -> None:
    frame = pd.DataFrame(
        {
            "sdg": ["SDG 13", None],
            "indicator_id": ["households_old", "households_new"],
            "description": ["a", "b"],
            "period_start": [dt.date(2015, 1, 1), dt.date(2020, 1, 1)],
            "period_end": [dt.date(2015, 12, 31), dt.date(2020, 6, 30)],
            "value": [10, 20.5],
            "unit": ["hh", "hh"],
            "source": ["s", "s"],
            "_row": [2, 3],
        }
    )
    ctx = main_context()
    ctx = dataclasses.replace(ctx, frames={**ctx.frames, "ccb_indicators": frame})
    book = Book(ctx=ctx, row_limit=100)
    ccb.build(book, "quality")
    sheet = book.sheets[ccb.NAME].spec()
    text = all_text(sheet)
    assert "SDG 13" in text and "(SDG not given)" in text
    assert "Project area (ha)" not in text  # no emission figure in the quality workbook
    household_row = next(
        r
        for r in range(5, 12)
        if (x := cell(sheet, r, 2)) is not None and x.value == "households_new"
    )
    r = next(
        r for r in range(5, 20) if (x := cell(sheet, r, 1)) and x.value == "Households reached"
    )
    assert cell(sheet, r, 2).value == Formula(f"=F{household_row}")  # the one overlapping  # type: ignore[union-attr]
    assert "not available: needs an indicator_id with the word 'holders'" in text


def test_without_indicators() -> None:
    ctx = main_context()
    frames = {k: v for k, v in ctx.frames.items() if k != "ccb_indicators"}
    book = Book(ctx=dataclasses.replace(ctx, frames=frames), row_limit=100)
    ccb.build(book, "verification")
    assert "ccb_indicators was not provided." in all_text(book.sheets[ccb.NAME].spec())
