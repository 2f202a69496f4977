"""redd_audit.workbook.presentation, the rules beside the layout (tests/workbook/
test_presentation_fit.py covers widths, wrapping and the print area): text lines, header row
heights, header/footer, validation rules, table names, axis and cell formats, engine cells."""

from __future__ import annotations

import datetime as dt

import pytest

from redd_audit.workbook import presentation as pr
from redd_audit.workbook.model import (
    Cell,
    Column,
    DataTable,
    DefinedName,
    DocProperties,
    PrintSetup,
    SheetSpec,
    WorkbookSpec,
)


def test_text_lines() -> None:
    assert pr.text_lines("abc def", 3, "header") == 2
    assert pr.text_lines("abc def", 10, "header") == 1
    assert pr.text_lines("a\n\nb", 10, "label") == 3
    assert pr.text_lines("abcdefgh", 4, "label") == 2  # long words break


def test_row_height() -> None:
    assert pr.row_height([(1, "title", "T")], {}) == 22.0
    assert pr.row_height([(1, "label", "x " * 50)], {}) is None  # labels overflow
    assert pr.row_height([(1, "header", "abc def")], {1: 3}) == 33.0
    assert pr.row_height([(1, "header", "abc def")], {1: 30}) is None
    assert pr.row_height([(1, "note", "abcdef ghijkl")], {1: 3, 2: 3}, span=2) == 33.0
    assert pr.row_height([(1, "header", "w " * 2000)], {1: 1}) == pr.MAX_ROW_HEIGHT


def test_title_block_height_and_is_wide() -> None:
    assert pr.title_block_height("$1:$4", {2: 30}) == 75.0
    assert not pr.is_wide({}, 11)  # 11 × 8.43 = 92.7
    assert pr.is_wide({}, 12)
    assert pr.is_wide({1: 96}, 1)


def test_header_footer() -> None:
    assert pr.header_footer("A&B", "2020 to 2021", "revision 002") == (
        "A&&B · 2020 to 2021",
        "revision 002 · &A",
        "page &P of &N",
    )
    assert pr.header_footer("", "", "") == ("", "&A", "page &P of &N")


def test_validation_rules() -> None:
    codes = pr.validation_rule(None, "a", ("yes", "no"))
    assert codes is not None and (codes.type, codes.formula1) == ("list", '"yes,no"')
    assert pr.validation_rule(None, "a", ("a,b",)) is None
    assert pr.validation_rule(None, "a", ("x" * 251,)) is None
    frac = pr.validation_rule("0.00%", 0.2)
    assert frac is not None and (frac.type, frac.formula1, frac.formula2) == ("decimal", "0", "1")
    date = pr.validation_rule(None, dt.date(2020, 1, 1))
    assert date is not None and date.type == "date" and date.formula1 == "2"
    assert date.formula2 == str((dt.date(9999, 12, 31) - dt.date(1899, 12, 30)).days)
    year = pr.validation_rule("0", 2021)
    assert year is not None
    assert (year.type, year.formula1, year.formula2) == ("whole", "1900", "2200")
    small = pr.validation_rule("0", 5)
    assert small is not None and small.type == "decimal"
    assert pr.validation_rule(None, True) is None
    assert pr.validation_rule(None, "text") is None
    assert pr.validation_rule(None, None) is None
    lo = pr.validation_rule("#,##0.000", 3.0, minimum=0)
    assert lo is not None
    assert (lo.operator, lo.formula1, lo.formula2) == ("greaterThanOrEqual", "0", None)
    both = pr.validation_rule("#,##0", 3, minimum=0.5, maximum=10)
    assert both is not None and (both.operator, both.formula1, both.formula2) == (
        "between",
        "0.5",
        "10",
    )
    hi = pr.validation_rule("#,##0", 3, maximum=10)
    assert hi is not None and hi.operator == "lessThanOrEqual"
    free = pr.validation_rule("#,##0", 3)
    assert free is not None and (free.formula1, free.formula2) == ("-1E+307", "1E+307")


@pytest.mark.parametrize("value", [float("nan"), float("inf")])
def test_validation_rule_non_finite_value(value: float) -> None:
    rule = pr.validation_rule("#,##0.000", value)
    assert rule is None or rule.type == "decimal"


def test_validation_set_groups_equal_rules() -> None:
    rules = pr.ValidationSet()
    rules.add(pr.validation_rule("0.00%", 0.1), "B4")
    rules.add(pr.validation_rule("0.00%", 0.5), "C9")
    rules.add(None, "D1")
    rules.add(pr.validation_rule("0", 2020), "E1")
    assert [refs for _, refs in rules.rules.values()] == [["B4", "C9"], ["E1"]]


def test_table_name_axis_format() -> None:
    taken: set[str] = set()
    assert pr.table_name("Ex-ante baseline", taken) == "tbl_Ex_ante_baseline"
    assert pr.table_name("Ex-ante baseline", taken) == "tbl_Ex_ante_baseline_2"
    assert pr.table_name("!!!", taken) == "tbl_data"
    assert pr.axis_format("#,##0.000") == "#,##0"
    assert pr.axis_format("0.00%") == "0%"
    assert pr.axis_format(None) == pr.axis_format("General") == "#,##0"


def _sheet() -> SheetSpec:
    table = DataTable(
        5,
        (
            Column("Area (ha)", "input", "#,##0.000", values=[1.0, None, None], minimum=0),
            Column("Twice", "formula", "#,##0", template="=A{r}*2"),
            Column("Code", "input", None, values=["a", "b", "c"], allowed=("a", "b", "c")),
        ),
        n_rows=3,
        blank_rows=1,
    )
    return SheetSpec(
        "S", rows=[[Cell("Title", "title")], [], [Cell(1, "input", "0.0")]], table=table
    )


def test_cell_format_reads_rows_and_table() -> None:
    sheets = {"S": _sheet()}
    assert pr.cell_format(sheets, "S", 1, 3) == "0.0"
    assert pr.cell_format(sheets, "S", 2, 7) == "#,##0"
    assert pr.cell_format(sheets, "S", 1, 5) is None  # header row
    assert pr.cell_format(sheets, "X", 1, 1) is None


def test_lone_note_and_engine_cells() -> None:
    n = Cell("n", "note")
    assert pr.lone_note([n, None]) is n
    assert pr.lone_note([None, n]) is None
    assert pr.lone_note([n, Cell("x")]) is None
    spec = WorkbookSpec(
        "verification",
        [],
        [DefinedName("A", "S", "$B$4"), DefinedName("R", "S", "$B$4:$B$6")],
        DocProperties("t", "s", dt.datetime(2020, 1, 1)),
        engine_values={"A": 1.5, "R": 2, "Missing": 3},
    )
    assert pr.engine_cells(spec) == {("S", "B4"): 1.5}


def test_title_rows_and_table_validations() -> None:
    s = _sheet()
    assert pr.title_rows(s) == "5:5"
    assert pr.title_rows(SheetSpec("F", freeze="A5")) == "1:4"
    assert pr.title_rows(SheetSpec("F", freeze="A1")) is None
    assert pr.title_rows(SheetSpec("F", print_setup=PrintSetup(title_rows="1:2"))) == "1:2"
    assert s.table is not None
    rules = pr.table_validations(s.table)
    assert [ref for _, ref in rules] == ["A6:A8", "C6:C8"]
    first, codes = rules[0][0], rules[1][0]
    assert first is not None and first.operator == "greaterThanOrEqual"
    assert codes is not None and codes.type == "list"


def test_table_headers_ok() -> None:
    assert pr.table_headers_ok(["a", "B"])
    assert not pr.table_headers_ok(["a", "A"])
    assert not pr.table_headers_ok(["a", " b"])
    assert not pr.table_headers_ok(["", "b"])
    assert not pr.table_headers_ok(["a\nb"])
