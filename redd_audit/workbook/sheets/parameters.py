"""Parameters: cited methodology constants (``parameters.yaml``), the project settings, the
project documents and (built next, :mod:`.calendar`) the vintages of the period."""

from __future__ import annotations

from typing import Any, Literal, get_args, get_origin

from redd_audit import parameters as parameter_records
from redd_audit.project import Project
from redd_audit.workbook.book import Book
from redd_audit.workbook.layout import SheetBuilder, fx, inp, label, plain
from redd_audit.workbook.model import DATE, NUMBER, Cell
from redd_audit.workbook.sheets.documents import cite, documents
from redd_audit.workbook.sheets.settings import project_settings

NAME = "Parameters"
#: constants whose defined name differs from their key in parameters.yaml
PARAMETER_NAMES = {"co2_per_c": "CO2_per_C"}


def _constants(sh: SheetBuilder, r: int) -> int:
    sh.put(
        r,
        1,
        f"1. Methodology constants (parameters.yaml version {parameter_records.version()})",
        "subtitle",
    )
    sh.headers(
        r + 1,
        1,
        ["Defined name", "Value", "Unit", "Expression", "Source", "Locator", "Description"],
    )
    r += 2
    for key, rec in parameter_records.records().items():
        name = PARAMETER_NAMES.get(key, key)
        sh.put_row(
            r,
            1,
            [
                label(name),
                inp(rec.value, "0.0000000000" if abs(rec.value) < 10 else NUMBER),
                label(rec.unit),
                label(rec.expression or ""),
                label(rec.source),
                label(rec.locator),
                label(rec.description),
            ],
        )
        sh.define(name, r, 2, rec.description)
        r += 1
    return r + 1


def setting_codes(path: str) -> tuple[str, ...] | None:
    """The codes a text setting may hold (its ``Literal`` type in the project model, e.g.
    ``accounting.rules.leakage_netting`` -> per_vintage, per_period); None for other settings."""
    model: Any = Project
    annotation: Any = None
    for part in path.split("."):
        fields = getattr(model, "model_fields", None)
        if not isinstance(fields, dict) or part not in fields:
            return None
        annotation = fields[part].annotation
        model = annotation
    if get_origin(annotation) is Literal:
        return tuple(str(code) for code in get_args(annotation))
    return None


def _settings(book: Book, sh: SheetBuilder, r: int) -> int:
    ctx = book.ctx
    sh.put(r, 1, "2. Project settings (project.yaml) and rule set", "subtitle")
    citation = cite(ctx.project, "parameters")
    if citation:
        sh.put(r, 4, f"Validated values: {citation[len('Source: ') :]}", "note")
    sh.headers(r + 1, 1, ["Defined name", "Value", "Unit", "Source (setting)", "Description"])
    r += 2
    for s in project_settings(ctx.project, ctx.start, ctx.end):
        codes = setting_codes(s.setting)
        if s.formula:
            value = fx(str(s.value), s.fmt)
        elif codes:  # a text switch: the sheet offers its codes as a list and accepts no other
            value = Cell(plain(s.value), "input", s.fmt, allowed=codes)
        else:
            value = inp(s.value, s.fmt)
        sh.put_row(
            r, 1, [label(s.name), value, label(s.unit), label(s.setting), label(s.description)]
        )
        sh.define(s.name, r, 2, s.description)
        r += 1
    return r + 1


def _documents(book: Book, sh: SheetBuilder, r: int) -> int:
    docs = documents(book.ctx.project)
    if not docs:
        return r
    sh.put(r, 1, "Project documents (project.yaml documents:)", "subtitle")
    sh.headers(r + 1, 1, ["Document id", "Title", "Version", "Date"])
    r += 2
    for d in docs:
        sh.put_row(r, 1, [label(d.id), label(d.title), label(d.version), inp(d.date, DATE)])
        r += 1
    return r + 1


def build(book: Book) -> SheetBuilder:
    sh = book.sheet(
        NAME,
        "Parameters: cited methodology constants and the project settings (named cells)",
        "Each value is a named cell used by the formulas. Constants come from "
        "redd_audit/data/parameters.yaml (the same records the code reads); settings from "
        "project.yaml.",
    )
    r = _constants(sh, 3)
    r = _settings(book, sh, r)
    _documents(book, sh, r)
    sh.widths_from(1, [34, 16, 22, 44, 48, 52, 60])
    sh.title_rows = "1:2"
    return sh
