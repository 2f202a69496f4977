"""redd_audit.workbook.sheets.accuracy_classes: per-class accuracy and the change class."""

from __future__ import annotations

import dataclasses

from redd_audit.formulas.accuracy import (
    area_proportion_ci95,
    area_proportion_fraction,
    producers_accuracy_fraction,
    users_accuracy_fraction,
)
from redd_audit.workbook.book import Book
from redd_audit.workbook.model import Formula
from redd_audit.workbook.sheets import accuracy_classes
from tests.workbook.spec_helpers import all_text, cell, formula_of, main_context, main_spec, named


def test_change_class_cell() -> None:
    spec = main_spec()
    sheet, row, col = named(spec, "Change_Class")
    assert (row, col) == (4, 3)
    assert cell(sheet, row, col).value == "deforestation"  # type: ignore[union-attr]


def test_per_class_rows_use_the_registered_builders() -> None:
    sheet = main_spec().sheet(accuracy_classes.SHEET)
    # counts 8-10, proportions 14-16, variances 20-22, per class 26-28
    r = 27  # "forest"
    assert cell(sheet, r, 1).value == "forest"  # type: ignore[union-attr]
    assert cell(sheet, r, 2).value == Formula(users_accuracy_fraction("C9", "E9"))  # type: ignore[union-attr]
    assert cell(sheet, r, 3).value == Formula(producers_accuracy_fraction("C15", f"E{r}"))  # type: ignore[union-attr]
    assert cell(sheet, r, 4).value == Formula("=F9")  # type: ignore[union-attr]
    assert cell(sheet, r, 5).value == Formula(area_proportion_fraction("C14:C16"))  # type: ignore[union-attr]
    assert cell(sheet, r, 6).value == Formula(area_proportion_ci95("C20:C22"))  # type: ignore[union-attr]
    assert cell(sheet, r, 9).value == Formula(f"=IF(EXACT($A{r},Change_Class),1,0)")  # type: ignore[union-attr]


def test_change_class_lookups() -> None:
    spec = main_spec()
    sheet = spec.sheet(accuracy_classes.SHEET)
    assert cell(sheet, 31, 3).value == Formula("=IFERROR(MATCH(1,$I$26:$I$28,0),0)")  # type: ignore[union-attr]
    assert formula_of(spec, "Change_Class_Mapped_Proportion") == (
        '=IF($C$31>0,INDEX($D$26:$D$28,$C$31),"")'
    )
    assert formula_of(spec, "Change_Class_Biased") == '=IF($C$31>0,INDEX($G$26:$G$28,$C$31),"")'
    assert cell(sheet, 30, 3).value == Formula("=SUM(B14,C15,D16)")  # type: ignore[union-attr]
    assert sheet.freeze == "B5"


def test_without_accuracy() -> None:
    ctx = main_context()
    rc = dataclasses.replace(ctx.recomputation, accuracy=None)  # type: ignore[type-var]
    book = Book(ctx=dataclasses.replace(ctx, recomputation=rc), row_limit=1000)
    accuracy_classes.build(book)
    sheet = book.sheets[accuracy_classes.SHEET].spec()
    assert "accuracy_samples was not provided: no per-class assessment." in all_text(sheet)
    assert book.names.names == []
