"""Reading the pure workbook description (no openpyxl): the main case's spec built once per
process, cells by position, by text and by defined name (table cells included)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterator
from functools import lru_cache

import pandas as pd

from redd_audit.cycle.assessment import claims_by_vintage
from redd_audit.cycle.materiality import period_materiality
from redd_audit.sampling.summary import sampling_summary
from redd_audit.workbook.build import build_verification_workbook
from redd_audit.workbook.context import WorkbookContext
from redd_audit.workbook.model import Cell, Formula, SheetSpec, WorkbookSpec
from tests.workbook.case import make_context

_ADDRESS = re.compile(r"^\$?([A-Z]+)\$?([0-9]+)")


@lru_cache(maxsize=1)
def main_context() -> WorkbookContext:
    """The hand-made case (built once; copy it with ``dataclasses.replace``, do not mutate it)."""
    return make_context()


@lru_cache(maxsize=1)
def cycle_context() -> WorkbookContext:
    """The hand-made case with the verification cycle filled in: period materiality (claims
    cover both vintages), an issuance history of two earlier periods, a revision with changes,
    a findings register of two rows and one draft finding, and the evidence sample and
    re-check selections drawn with seed 42."""
    ctx = main_context()
    rc = ctx.recomputation
    assert rc is not None
    frames = dict(ctx.frames)
    frames["issuance_history"] = pd.DataFrame(
        {
            "period_start": [dt.date(2016, 1, 1), dt.date(2016, 1, 1), dt.date(2018, 1, 1)],
            "period_end": [dt.date(2017, 12, 31), dt.date(2017, 12, 31), dt.date(2018, 12, 31)],
            "vintage": [2016, 2017, 2018],
            "vcus_issued": [100, 200, 300],
            "buffer_tco2e": [10.0, 20.0, 30.0],
            "_row": [2, 3, 4],
        }
    )
    frames["verification_findings"] = pd.DataFrame(
        {
            "finding_id": ["F-1", "F-2"],
            "type": ["NCR", "CL"],
            "status": ["open", "closed"],
            "raised_on": [dt.date(2021, 3, 1), dt.date(2021, 3, 2)],
            "reference": ["2.1", "4.1"],
            "description": ["buffer rule", "map dates"],
            "response": ["", "answered"],
            "requirement": ["VCS 3.2", None],
            "closed_on": [None, "2021-04-01"],
            "_row": [2, 3],
        }
    )
    materiality = period_materiality(
        [f.summary_dict() for f in rc.vintages],
        claims_by_vintage(frames["claimed_vintages"]),
        ctx.project.materiality_fraction,
    )
    revision: dict[str, object] = {
        "number": 2,
        "reason": "corrected events",
        "previous": {"number": 1, "summary_sha256": "ab" * 32},
        "notes": ["inputs re-read"],
        "changes": {
            "figures": [
                {"vintage": 2020, "quantity": "vcus", "previous": 10, "current": 12},
                {"vintage": 2016, "quantity": "baseline_tco2e", "previous": 5.0, "current": 6.0},
            ],
            "inputs": [
                {"file": "events.csv", "previous_sha256": "a" * 64, "sha256": "b" * 64},
                {"file": "new.csv", "previous_sha256": None, "sha256": "c" * 64},
            ],
            "records": [
                {
                    "table": "deforestation_events",
                    "record": "E-1",
                    "change": "changed",
                    "columns": ["area_ha", "date"],
                    "old": {"area_ha": 1.0, "date": "2020-01-01"},
                    "new": {"area_ha": 2.0, "date": "2020-01-02"},
                    "row": 3,
                },
                {
                    "table": "fire_events",
                    "record": "F-9",
                    "change": "added",
                    "new": {"fire_id": "F-9", "area_ha": 4.0},
                    "row": 9,
                },
            ],
        },
    }
    verification = {
        "draft_findings": [
            {"type": "NCR", "reference": "Reconciliation", "description": "baseline overstated"}
        ]
    }
    sampling, sample = sampling_summary(
        frames=frames,
        stocks=rc.stocks,
        materiality_fraction=ctx.project.materiality_fraction,
        ner_tco2e=float(rc.totals["ner_tco2e"]),
        start=ctx.start,
        end=ctx.end,
        seed=42,
        seed_source="cli",
    )
    return dataclasses.replace(
        ctx,
        frames=frames,
        sampling=sampling,
        evidence_sample=sample,
        materiality=materiality,
        cumulative={"vcus_to_date": 1234, "buffer_to_date": 567.0},
        revision=revision,
        verification=verification,
    )


@lru_cache(maxsize=1)
def cycle_spec() -> WorkbookSpec:
    """The verification workbook of :func:`cycle_context` (built once; do not mutate it)."""
    return build_verification_workbook(cycle_context())


@lru_cache(maxsize=1)
def main_spec() -> WorkbookSpec:
    """The verification workbook of the hand-made case (built once; do not mutate it)."""
    return build_verification_workbook(main_context())


def col_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def parse_address(ref: str) -> tuple[int, int]:
    """``$B$4`` or ``$B$4:$B$9`` -> (row, col) of the first cell."""
    m = _ADDRESS.match(ref)
    assert m, ref
    return int(m.group(2)), col_number(m.group(1))


def cell(sheet: SheetSpec, row: int, col: int) -> Cell | None:
    """The cell at (row, col), the DataTable's cells included (a template as a Formula)."""
    t = sheet.table
    if t is not None and row >= t.header_row and row <= t.last_row and col <= len(t.columns):
        column = t.columns[col - 1]
        if row == t.header_row:
            return Cell(column.header, "header")
        i = row - t.first_row
        if column.template is not None:
            return Cell(
                Formula(column.template.replace("{r}", str(row))), column.role, column.number_format
            )
        value = column.values[i] if column.values is not None else None
        return Cell(value, column.role, column.number_format, column.allowed)
    if row - 1 < len(sheet.rows) and col - 1 < len(sheet.rows[row - 1]):
        return sheet.rows[row - 1][col - 1]
    return None


def iter_cells(sheet: SheetSpec) -> Iterator[tuple[int, int, Cell]]:
    """Every non-empty grid cell (not the table) with its 1-based row and column."""
    for r, row in enumerate(sheet.rows, start=1):
        for c, item in enumerate(row, start=1):
            if item is not None:
                yield r, c, item


def texts(sheet: SheetSpec) -> list[str]:
    """The text values of the grid (labels, headers, notes), in reading order."""
    return [x.value for _, _, x in iter_cells(sheet) if isinstance(x.value, str)]


def all_text(sheet: SheetSpec) -> str:
    return "\n".join(texts(sheet))


def find(sheet: SheetSpec, text: str, exact: bool = True) -> tuple[int, int]:
    """(row, col) of the first grid cell whose text is (or, not ``exact``, contains) ``text``."""
    for r, c, x in iter_cells(sheet):
        if isinstance(x.value, str) and (x.value == text if exact else text in x.value):
            return r, c
    raise KeyError(text)


def formulas(sheet: SheetSpec) -> list[str]:
    """The formula text of every grid cell and every table template row."""
    out = [x.value.text for _, _, x in iter_cells(sheet) if isinstance(x.value, Formula)]
    if sheet.table is not None:
        out += [c.template for c in sheet.table.columns if c.template]
    return out


def named(spec: WorkbookSpec, name: str) -> tuple[SheetSpec, int, int]:
    """The sheet and the first (row, col) of a defined name."""
    defined = spec.name(name)
    row, col = parse_address(defined.ref)
    return spec.sheet(defined.sheet), row, col


def named_cell(spec: WorkbookSpec, name: str) -> Cell:
    sheet, row, col = named(spec, name)
    found = cell(sheet, row, col)
    assert found is not None, name
    return found


def formula_of(spec: WorkbookSpec, name: str) -> str:
    value = named_cell(spec, name).value
    assert isinstance(value, Formula), (name, value)
    return value.text


def names_on(spec: WorkbookSpec, sheet: str) -> dict[str, str]:
    """Defined name -> ref of the names pointing to ``sheet``."""
    return {n.name: n.ref for n in spec.names if n.sheet == sheet}


def table_column(sheet: SheetSpec, header: str, startswith: bool = False):  # type: ignore[no-untyped-def]
    assert sheet.table is not None, sheet.name
    for c in sheet.table.columns:
        if c.header == header or (startswith and c.header.startswith(header)):
            return c
    raise KeyError(header)
