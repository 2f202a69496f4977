"""redd_audit.tables.raw: raw columns, visible text and the problem list of a refusal."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from redd_audit.errors import InputError
from redd_audit.tables.raw import (
    MAX_COLUMNS,
    MAX_LISTED,
    Problem,
    Problems,
    check_width,
    invisible_characters,
    native_clean,
    native_is_empty,
    native_text,
    normalise_text,
    shown,
    visible,
)


def test_visible_escapes_controls_and_quotes() -> None:
    assert visible("E-1") == "'E-1'"
    assert visible("a\u200bb") == "'a\\u200bb'"
    assert visible("a\x1b[31m") == "'a\\x1b[31m'"
    assert visible("it's\\") == "'it\\'s\\\\'"


def test_invisible_characters_are_listed_once_with_names() -> None:
    assert invisible_characters("a\u200bb\u200b\t") == [
        "U+200B (ZERO WIDTH SPACE)",
        "U+0009",
    ]


def test_shown_shortens_long_values() -> None:
    text = shown("x" * 100)
    assert text == "'" + "x" * 57 + "...'"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (True, "TRUE"),
        (3.0, "3"),
        (0.1, "0.1"),
        (1e20, "1e+20"),
        (dt.datetime(2021, 5, 1), "2021-05-01"),
        (dt.datetime(2021, 5, 1, 12, 30), "2021-05-01 12:30:00"),
        (dt.date(2021, 5, 1), "2021-05-01"),
        ({"a": "é"}, '{"a": "é"}'),
    ],
)
def test_native_text(value: object, text: str) -> None:
    assert native_text(value) == text


def test_normalise_and_native_emptiness() -> None:
    assert normalise_text(pd.Series([" a ", "", "  "])).isna().tolist() == [False, True, True]
    values = np.array([None, " ", "x", 0], dtype=object)
    assert native_is_empty(values).tolist() == [True, True, False, False]
    assert native_clean(values).tolist() == [None, None, "x", 0]


def test_width_limit() -> None:
    check_width(MAX_COLUMNS, "t.csv")
    with pytest.raises(InputError, match="the header has 1,001 columns; at most 1,000") as info:
        check_width(MAX_COLUMNS + 1, "t.csv", header_row=3)
    assert info.value.row == 3


def test_one_problem_is_raised_as_itself() -> None:
    problems = Problems("t.csv")
    problems.raise_if_any()
    problems.add(Problem(4, "area_ha", "expected a number, got 'x'", "event_id=E-1"))
    with pytest.raises(InputError, match="expected a number") as info:
        problems.raise_if_any()
    assert (info.value.row, info.value.column, info.value.record) == (4, "area_ha", "event_id=E-1")


def test_many_problems_are_capped_and_counted() -> None:
    problems = Problems("t.csv")
    for i in range(MAX_LISTED + 5):
        problems.add(Problem(i + 2, "area_ha", "bad"))
    with pytest.raises(InputError) as info:
        problems.raise_if_any()
    assert f"{MAX_LISTED + 5} value(s) cannot be read; the first {MAX_LISTED} are listed" in str(
        info.value
    )
    assert len(info.value.details) == MAX_LISTED
    assert info.value.details[0] == "row 2, column 'area_ha': bad"
    assert Problem(None, None, "whole file").line() == "whole file"
