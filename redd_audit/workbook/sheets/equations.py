"""Equations: every record of the equation registry (:mod:`redd_audit.equations`) with its
methodology module, the module's version and the equation's number (``[unconfirmed]`` where
not checked against the text), reference, symbol, formula in words, Python function, unit and
a link to the cell where the workbook computes it.

The sheet is built last among the calculation and report sheets, so that every defined name it
links to exists.
"""

from __future__ import annotations

import re

from redd_audit.equations import EQUATIONS, Equation
from redd_audit.workbook.book import Book
from redd_audit.workbook.layout import HEADER_ROW, SheetBuilder, label
from redd_audit.workbook.model import Formula, quote_sheet

NAME = "Equations"
HEADERS = [
    "Id",
    "Module",
    "Version",
    "Eq. no.",
    "Reference",
    "Symbol",
    "Formula in words",
    "Unit",
    "Python function",
    "Computed in (link)",
]
LINK_COLUMN = len(HEADERS)


#: section numbers of the project's internal notes and contract, which the auditor does not
#: receive: dropped from the references shown (the methodology module stays in its column)
_INTERNAL_SECTION = re.compile(r"(?:contract\s*)?§\s*[\d.]+[,;]?\s*")


def shown(text: str) -> str:
    """A reference as the auditor can follow it: without internal section numbers."""
    return _INTERNAL_SECTION.sub("", text).strip(" ;,")


def _function_name(equation: Equation) -> str:
    """``redd_audit.methodology.baseline.exante_cohort_emissions_tco2e``."""
    function = equation.function
    return f"{function.__module__}.{function.__qualname__}"


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
    sh: SheetBuilder, r: int, equation: Equation, targets: dict[str, str], sheets: set[str]
) -> None:
    link = _link(equation.workbook_name or "", equation.sheet, targets, sheets)
    sh.put_row(
        r,
        1,
        [
            label(equation.id),
            label(equation.module),
            label(equation.version),
            label(equation.number),
            label(shown(equation.reference)),
            label(equation.symbol),
            label(shown(equation.glossary)),
            label(equation.unit),
            label(_function_name(equation)),
        ],
    )
    if isinstance(link, Formula):
        sh.put(r, LINK_COLUMN, link, "link")
    else:
        sh.cells[(r, LINK_COLUMN)] = link  # type: ignore[assignment]


def build(book: Book) -> None:
    sh = book.sheet(
        NAME,
        "Equations: every equation of the recomputation, its methodology reference and the cell "
        "that computes it",
        "One row per equation of the registry (the same records drive the code's parity tests "
        "and the glossary). Follow the link to the named cell on its calculation sheet.",
    )
    sh.headers(HEADER_ROW, 1, HEADERS)
    targets = _targets(book)
    for r, equation in enumerate(EQUATIONS, start=HEADER_ROW + 1):
        _row(sh, r, equation, targets, set(book.sheets))
    sh.widths_from(1, [14, 14, 14, 16, 26, 14, 60, 12, 44, 34])
    sh.freeze = f"B{HEADER_ROW + 1}"
    sh.title_rows = f"1:{HEADER_ROW}"
    sh.protected = False
