"""The columns of an input-row sheet and the rows the quality gate refused: shared by the
sheet writer (:mod:`~redd_audit.workbook.sheets.data_table`) and the companion CSV files
(:mod:`~redd_audit.workbook.sheets.data_companion`), which import this module and not each
other.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from redd_audit.tables.schemas import ROW_COLUMN
from redd_audit.workbook.context import WorkbookContext
from redd_audit.workbook.model import Role


@dataclass(frozen=True)
class RawColumn:
    key: str  # column of the frame ("_row", "refused" are added)
    header: str
    role: Role
    fmt: str | None = None
    width: float = 12.0
    #: data validation of the input cells (the writer turns these into rules)
    allowed: tuple[str, ...] | None = None
    minimum: float | None = None
    maximum: float | None = None


def refused_rows(ctx: WorkbookContext, table: str) -> set[int]:
    """Row numbers of ``table``'s file carrying an error finding (refused by the quality gate)."""
    files = {i.file for i in ctx.inputs if i.table == table} | {
        entry.file for entry in ctx.ledger if entry.table == table
    }
    return {
        int(f.row)
        for f in ctx.findings
        if f.severity == "error" and f.row is not None and f.file in files
    }


def refused_flags(ctx: WorkbookContext, table: str, frame: pd.DataFrame) -> list[int]:
    refused = refused_rows(ctx, table)
    if ROW_COLUMN not in frame.columns or not refused:
        return [0] * len(frame)
    return [1 if int(r) in refused else 0 for r in frame[ROW_COLUMN].astype("int64")]
