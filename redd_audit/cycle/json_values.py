"""Typed views of JSON-like values (summary.json sections held as ``dict[str, object]``).

The verification-cycle code reads nested summary sections (``revision``, ``verification``,
``materiality``) and claim rows whose values are typed ``object``. These functions narrow such
a value to what the caller expects: a missing or empty value reads as empty, and a number is
converted exactly as ``int()``/``float()`` would, raising ``TypeError`` for anything else.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import SupportsFloat, SupportsIndex, SupportsInt


def mapping(value: object) -> Mapping[str, object]:
    """``value`` when it is a mapping, else an empty one (``value or {}`` for JSON objects)."""
    return value if isinstance(value, Mapping) else {}


def items(value: object) -> list[object]:
    """The elements of a JSON array (list or tuple), else ``[]`` (``value or []``)."""
    return list(value) if isinstance(value, list | tuple) else []


def mappings(value: object) -> list[Mapping[str, object]]:
    """The JSON objects of a JSON array (other elements are not records and are skipped)."""
    return [v for v in items(value) if isinstance(v, Mapping)]


def as_int(value: object) -> int:
    """``int(value)`` for a number or numeric text; ``TypeError`` otherwise (as ``int()``)."""
    if isinstance(value, SupportsInt | SupportsIndex | str | bytes):
        return int(value)
    kind = type(value).__name__
    raise TypeError(f"int() argument must be a string or a number, not {kind!r}")


def as_float(value: object) -> float:
    """``float(value)`` for a number or numeric text; ``TypeError`` otherwise (as ``float()``)."""
    if isinstance(value, SupportsFloat | SupportsIndex | str | bytes):
        return float(value)
    kind = type(value).__name__
    raise TypeError(f"float() argument must be a string or a real number, not {kind!r}")
