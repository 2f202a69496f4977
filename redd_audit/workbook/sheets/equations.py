"""Equations: every record of the equation registry (:mod:`redd_audit.equations`) with its
methodology reference, symbol, formula in words, Python function, unit and a link to the cell
where the workbook computes it.

The sheet is built last among the calculation and report sheets, so that every defined name it
links to exists. Without the registry (an older core) the sheet is not built.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
from collections.abc import Iterable

from redd_audit.workbook.book import Book
from redd_audit.workbook.layout import HEADER_ROW, SheetBuilder, label
from redd_audit.workbook.model import Formula, quote_sheet

NAME = "Equations"
REGISTRY = "redd_audit.equations"
HEADERS = [
    "Id",
    "Module",
    "Reference",
    "Symbol",
    "Formula in words",
    "Unit",
    "Python function",
    "Computed in (link)",
]


#: section numbers of the project's internal notes and contract, which the auditor does not
#: receive: dropped from the references shown (the methodology module stays in its column)
_INTERNAL_SECTION = re.compile(r"(?:contract\s*)?§\s*[\d.]+[,;]?\s*")


def shown(text: str) -> str:
    """A reference as the auditor can follow it: without internal section numbers."""
    return _INTERNAL_SECTION.sub("", text).strip(" ;,")


def _records() -> list[object] | None:
    if importlib.util.find_spec(REGISTRY) is None:
        return None
    module = importlib.import_module(REGISTRY)
    records = getattr(module, "EQUATIONS", None)
    if records is None:
        return None
    values: Iterable[object] = records.values() if isinstance(records, dict) else records
    return list(values)


def _text(record: object, *fields: str) -> str:
    for field in fields:
        value = getattr(record, field, None)
        if value is None and isinstance(record, dict):
            value = record.get(field)
        if value is None:
            continue
        if callable(value):
            module = getattr(value, "__module__", "")
            return f"{module}.{getattr(value, '__qualname__', '')}".strip(".")
        return str(value)
    return ""


def _targets(book: Book) -> dict[str, str]:
    """Defined name → ``'Sheet'!$C$5`` (first cell of its reference)."""
    return {d.name: f"{quote_sheet(d.sheet)}!{d.ref.split(':')[0]}" for d in book.names.names}


def _hyperlink(target: str, text: str) -> Formula:
    quoted = [t.replace('"', '""') for t in (target, text)]
    return Formula(f'=HYPERLINK("#{quoted[0]}","{quoted[1]}")')


def _link(name: str, sheet: str, targets: dict[str, str], sheets: set[str]) -> object:
    """A link to the equation's named cell, else to the sheet that computes it per row."""
    names = [n.strip() for n in name.replace(";", ",").split(",") if n.strip()]
    found = next((n for n in names if n in targets), None)
    if found is not None:
        return _hyperlink(targets[found], name)
    if sheet in sheets:
        return _hyperlink(f"{quote_sheet(sheet)}!A1", f"{sheet} (one cell per row)")
    return label(name or sheet)


def _row(
    sh: SheetBuilder, r: int, record: object, targets: dict[str, str], sheets: set[str]
) -> None:
    link = _link(_text(record, "workbook_name"), _text(record, "sheet"), targets, sheets)
    sh.put_row(
        r,
        1,
        [
            label(_text(record, "id")),
            label(_text(record, "module")),
            label(shown(_text(record, "reference"))),
            label(_text(record, "symbol")),
            label(shown(_text(record, "glossary", "words", "formula_words", "description"))),
            label(_text(record, "unit")),
            label(_text(record, "function")),
        ],
    )
    if isinstance(link, Formula):
        sh.put(r, 8, link, "link")
    else:
        sh.cells[(r, 8)] = link  # type: ignore[assignment]


def build(book: Book) -> None:
    records = _records()
    if records is None:
        return
    sh = book.sheet(
        NAME,
        "Equations: every equation of the recomputation, its methodology reference and the cell "
        "that computes it",
        "One row per equation of the registry (the same records drive the code's parity tests "
        "and the glossary). Follow the link to the named cell on its calculation sheet.",
    )
    sh.headers(HEADER_ROW, 1, HEADERS)
    targets = _targets(book)
    for r, record in enumerate(records, start=HEADER_ROW + 1):
        _row(sh, r, record, targets, set(book.sheets))
    sh.widths_from(1, [14, 14, 26, 14, 70, 14, 44, 40])
    sh.freeze = f"B{HEADER_ROW + 1}"
    sh.title_rows = f"1:{HEADER_ROW}"
    sh.protected = False
