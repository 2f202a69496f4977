"""redd_audit.workbook.csv_safe: formula-like CSV text is neutralised, numbers are not."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from redd_audit.workbook.csv_safe import (
    FORMULA_TRIGGERS,
    is_plain_number,
    neutralise,
    neutralise_column,
    unsafe_fields,
)


@pytest.mark.parametrize("text", ["-12.5", "+3", "-1e-05", "0", ".5", "3.", "1E+10"])
def test_plain_numbers(text: str) -> None:
    assert is_plain_number(text)
    assert neutralise(text) == text


@pytest.mark.parametrize("text", ["", "abc", "1-2", "--1", "-", "1e", "- 1", "0x10"])
def test_not_plain_numbers(text: str) -> None:
    assert not is_plain_number(text)


@pytest.mark.parametrize(
    "text",
    ['=HYPERLINK("http://x")', "=cmd|' /C calc'!A0", "+1+1", "@SUM(A1)", "-2+3", "\tx", "\rx"],
)
def test_triggers_are_prefixed(text: str) -> None:
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("text", ["", "plain", "a=b", " =1", "'=1", "E-0004"])
def test_safe_text_unchanged(text: str) -> None:
    assert neutralise(text) == text


def test_column_and_unsafe_fields() -> None:
    column = ["a", "=1+1", "-5", "-x", ""]
    assert neutralise_column(column) == ["a", "'=1+1", "-5", "'-x", ""]
    assert unsafe_fields([["a", "=1+1"], ["-5", "@x"]]) == ["=1+1", "@x"]


@given(st.text(max_size=20))
def test_neutralised_text_is_safe_and_reversible(text: str) -> None:
    out = neutralise(text)
    assert out in (text, "'" + text)
    assert not out.startswith(FORMULA_TRIGGERS) or is_plain_number(out)
    assert neutralise_column([text]) == [out]
