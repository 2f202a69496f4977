"""Composing formula text: operands that stay operands, and formulas nested in formulas."""

from __future__ import annotations

import re

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
