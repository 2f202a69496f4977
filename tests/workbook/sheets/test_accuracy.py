"""redd_audit.workbook.sheets.accuracy: confusion matrix, proportions, variances, UA/PA, OA."""

from __future__ import annotations

import dataclasses

from redd_audit.workbook.book import Book
from redd_audit.workbook.model import Formula
from redd_audit.workbook.sheets import accuracy, data_inputs
from redd_audit.workbook.sheets.accuracy import CLASS_HEADERS, Matrix
from redd_audit.workbook.sheets.criteria import Condition, average_where, count_where
from tests.workbook.spec_helpers import all_text, cell, formula_of, main_context, main_spec

CLASSES = ["deforestation", "forest", "non_forest"]


def test_matrix_addresses() -> None:
    m = Matrix(first=5, k=3)
    assert m.cell(0, 0) == "B5" and m.cell(2, 1) == "C7"
    assert m.column(2) == "D5:D7"


def test_counts_block() -> None:
    sheet = main_spec().sheet(accuracy.NAME)
    assert [cell(sheet, 4, c).value for c in range(2, 5)] == CLASSES  # type: ignore[union-attr]
    mapped = [Condition("Acc_Map", "$A5", is_id=True), Condition("Acc_Included", "1")]
    ref = Condition("Acc_Ref", "C$4", is_id=True)
    assert cell(sheet, 5, 3).value == Formula("=" + count_where([mapped[0], ref, mapped[1]], False))  # type: ignore[union-attr]
    assert cell(sheet, 5, 5).value == Formula("=SUM(B5:D5)")  # type: ignore[union-attr]
    assert cell(sheet, 5, 6).value == Formula("=" + average_where("Acc_Weight", mapped, False))  # type: ignore[union-attr]
    assert cell(sheet, 8, 1).value == "n_·j (reference)"  # type: ignore[union-attr]
    assert cell(sheet, 8, 5).value == Formula("=SUM(E5:E7)")  # type: ignore[union-attr]


def test_proportions_variances_and_per_class() -> None:
    sheet = main_spec().sheet(accuracy.NAME)
    assert cell(sheet, 12, 3).value == Formula("=IF($E$5>0,$F$5*(C5/$E$5),0)")  # type: ignore[union-attr]
    assert cell(sheet, 15, 2).value == Formula("=SUM(B12:B14)")  # type: ignore[union-attr]
    assert cell(sheet, 20, 4).value == Formula(  # type: ignore[union-attr]
        "=IF($E$6>1,$F$6*$F$6*(D6/$E$6)*(1-(D6/$E$6))/($E$6-1),0)"
    )
    assert [cell(sheet, 24, c).value for c in range(1, 12)] == CLASS_HEADERS  # type: ignore[union-attr]
    assert cell(sheet, 26, 2).value == Formula('=IF($E$6>0,C6/$E$6,"")')  # type: ignore[union-attr]
    assert cell(sheet, 26, 5).value == Formula('=IF(C15<>0,C13/C15,"")')  # type: ignore[union-attr]
    assert cell(sheet, 25, 8).value == Formula("=B15")  # type: ignore[union-attr]
    assert cell(sheet, 25, 9).value == Formula("=z_95*SQRT(SUM(B19:B21))")  # type: ignore[union-attr]
    pa_var = cell(sheet, 25, 6).value.text  # type: ignore[union-attr]
    assert "SUM(B20,B21)" in pa_var  # the other classes' variance terms of column j


def test_overall() -> None:
    spec = main_spec()
    assert formula_of(spec, "Overall_Accuracy_Fraction") == "=B12+C13+D14"
    sheet = spec.sheet(accuracy.NAME)
    assert cell(sheet, 31, 2).value == Formula("=z_95*SQRT(SUM(J25:J27))")  # type: ignore[union-attr]
    assert cell(sheet, 32, 2).value == Formula('=IF(E8>0,(B5+C6+D7)/E8,"")')  # type: ignore[union-attr]
    assert cell(sheet, 33, 2).role == "link"  # type: ignore[union-attr]
    assert cell(sheet, 34, 2).value == Formula(  # type: ignore[union-attr]
        "=Overall_Accuracy_Fraction>=Min_Overall_Accuracy_Fraction"
    )


def test_samples_in_a_companion_become_inputs() -> None:
    book = Book(ctx=main_context(), row_limit=1)
    data_inputs.build(book)
    accuracy.build(book)
    sheet = book.sheets[accuracy.NAME].spec()
    acc = main_context().recomputation.accuracy  # type: ignore[union-attr]
    assert cell(sheet, 5, 2).role == "input"  # type: ignore[union-attr]
    assert cell(sheet, 5, 2).value == float(acc.counts[0, 0])  # type: ignore[union-attr]
    assert cell(sheet, 6, 6).value == float(acc.weights[1])  # type: ignore[union-attr]
    assert "Counts and weights are input cells" in all_text(sheet)


def test_without_samples() -> None:
    ctx = main_context()
    rc = dataclasses.replace(ctx.recomputation, accuracy=None)  # type: ignore[type-var]
    book = Book(ctx=dataclasses.replace(ctx, recomputation=rc), row_limit=1000)
    data_inputs.build(book)
    accuracy.build(book)
    sheet = book.sheets[accuracy.NAME].spec()
    assert "accuracy_samples was not provided: no accuracy assessment." in all_text(sheet)
    assert "Overall_Accuracy_Fraction" not in {n.name for n in book.names.names}
