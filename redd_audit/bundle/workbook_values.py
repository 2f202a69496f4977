"""The values a workbook has cached for its workbook-scope defined names (contract 5.7), as a
reader that does not recalculate sees them (``openpyxl.load_workbook(data_only=True)``)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from openpyxl import load_workbook


def cached_name_values(path: Path, names: Iterable[str]) -> dict[str, object]:
    """``{name: cached value}`` for each of ``names`` defined on one cell of ``path``.

    A name that is not defined, or not on a single cell, is left out; a formula cell without a
    cached value reads as None.

    Raises
    ------
    OSError, ValueError, KeyError, zipfile.BadZipFile
        The file cannot be read as a workbook (the caller reports it).
    """
    book: Any = load_workbook(path, data_only=True, read_only=True)
    try:
        values: dict[str, object] = {}
        for name in names:
            defined = book.defined_names.get(name)
            if defined is None:
                continue
            destinations = list(defined.destinations)
            if len(destinations) != 1:
                continue
            sheet, coordinate = destinations[0]
            if sheet not in book.sheetnames or ":" in coordinate:
                continue
            values[name] = book[sheet][coordinate.replace("$", "")].value
        return values
    finally:
        book.close()
