"""Composing formula text: operands that stay operands, and formulas nested in formulas."""

from __future__ import annotations

import re
from collections.abc import Sequence

_CELL = r"\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?"
_NAME = r"[A-Za-z_\\][A-Za-z0-9_.]*"
_SHEET = r"(?:'(?:[^']|'')+'|[A-Za-z_][A-Za-z0-9_.]*)!"
_SIMPLE = re.compile(rf"^(?:{_SHEET})?(?:{_CELL}|{_NAME})$|^\d+(?:\.\d+)?$")
_CALL = re.compile(r"^[A-Za-z][A-Za-z0-9.]*\(")


def _is_one_call(text: str) -> bool:
    """``NAME(...)`` whose opening parenthesis closes at the very end (strings respected)."""
    match = _CALL.match(text)
    if match is None or not text.endswith(")"):
        return False
    depth, in_string = 0, False
    for i in range(match.end() - 1, len(text)):
        ch = text[i]
        if ch == '"':
            in_string = not in_string
        elif not in_string and ch == "(":
            depth += 1
        elif not in_string and ch == ")":
            depth -= 1
            if depth == 0:
                return i == len(text) - 1
    return False


def operand(text: str) -> str:
    """``text`` as an operand: a reference, name, number or single call as is, else in brackets.

    So a caller may pass an expression (``E$5-$B7``) where a reference is expected and the
    formula keeps its meaning.
    """
    stripped = text.strip()
    if _SIMPLE.match(stripped) or _is_one_call(stripped):
        return stripped
    if stripped.startswith("(") and _is_one_call("X" + stripped):
        return stripped
    return f"({stripped})"


def nested(formula: str) -> str:
    """A builder's formula (``=…``) as an operand of another formula."""
    if not formula.startswith("="):
        raise ValueError(f"not a formula: {formula!r}")
    return operand(formula[1:])


def text_literal(value: str) -> str:
    """A string constant inside a formula (rule values such as ``"per_vintage"``)."""
    return '"' + value.replace('"', '""') + '"'


#: What a formula gives for a text setting that holds none of its codes.
UNKNOWN_SETTING = "#N/A"


def by_setting(setting: str, branches: Sequence[tuple[str, str]]) -> str:
    """``IF(s="a",x,IF(s="b",y,#N/A))``: the expression of the code a text setting holds.

    A value that is none of the codes (a typo in the sheet, an empty cell) gives ``#N/A`` in
    the cell and everything computed from it, never silently another branch. Spreadsheets
    compare text ignoring letter case, as the readers do.
    """
    s = operand(setting)
    out = UNKNOWN_SETTING
    for code, expression in reversed(branches):
        out = f"IF({s}={text_literal(code)},{expression},{out})"
    return out
