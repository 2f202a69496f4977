"""CSV fields a spreadsheet cannot execute (CSV injection, OWASP).

A spreadsheet that opens a CSV reads a field starting with ``=``, ``+``, ``-``, ``@``, a tab or
a carriage return as a formula: ``=cmd|' /C calc'!A0`` would run a program,
``=HYPERLINK("http://...")`` would leak data. Every CSV the tool writes for people to open (the
companion evidence files beside the workbook) passes its text through :func:`neutralise`,
which puts a single quote in front of such a field, as OWASP recommends. A spreadsheet shows
the quote, so the reader sees the text was neutralised; the exact raw values stay in the
run's input snapshot.

Numbers are left as they are: ``-12.5``, ``+3`` and ``-1e-05`` are numbers, not formulas, so
negative values keep their sign and type. Only text that is not a plain number and starts
with a trigger character is prefixed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

#: Leading characters that make a spreadsheet read a CSV field as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def is_plain_number(text: str) -> bool:
    """True for a decimal number such as ``-12.5``, ``+3`` or ``-1e-05`` (nothing else)."""
    return _NUMBER.fullmatch(text) is not None


def neutralise(text: str) -> str:
    """``text`` with a single-quote prefix when a spreadsheet would read it as a formula."""
    if text and text.startswith(FORMULA_TRIGGERS) and not is_plain_number(text):
        return "'" + text
    return text


def neutralise_column(values: Iterable[str]) -> list[str]:
    """:func:`neutralise` over a column of CSV fields (fast for the usual all-safe column)."""
    return [neutralise(v) if v and v[0] in "=+-@\t\r" else v for v in values]


def unsafe_fields(rows: Iterable[Iterable[str]]) -> list[str]:
    """The fields of parsed CSV rows that a spreadsheet would execute (for checks and tests)."""
    return [f for row in rows for f in row if neutralise(f) != f]


__all__ = [
    "FORMULA_TRIGGERS",
    "is_plain_number",
    "neutralise",
    "neutralise_column",
    "unsafe_fields",
]
