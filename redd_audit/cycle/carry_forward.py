"""The verifier's work carried from a workbook back to the project's tables (contract 5.9).

Pure: rows in, rows and changes out. ``sample_observations`` is keyed by ``event_id`` and
``verification_findings`` by ``finding_id``; a workbook row updates the table's row with the
same key (each changed column reported with its old and new value) or is added. Rows of the
table that the workbook does not show are kept. Draft findings the verifier has not raised
(status still ``draft``) are not carried.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from redd_audit.errors import InputError

OBSERVATION_COLUMNS = (
    "event_id",
    "observed_area_ha",
    "observed_on",
    "observer",
    "evidence_ref",
    "note",
)
FINDING_COLUMNS = (
    "finding_id",
    "type",
    "status",
    "raised_on",
    "reference",
    "description",
    "response",
)
DRAFT_STATUS = "draft"


@dataclass(frozen=True)
class Change:
    table: str
    key: str
    change: str  # "added" or "changed"
    column: str | None = None
    old: str | None = None
    new: str | None = None

    def render(self) -> str:
        if self.change == "added":
            return f"{self.table}: added {self.key}"
        return f"{self.table}: {self.key} {self.column}: {self.old or '(empty)'} -> {self.new}"


def text(value: object) -> str:
    """A cell value as the CSV holds it: ISO dates, numbers without float noise, '' for none."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return format(value, ".15g")
    return str(value).strip()


def _same(old: str, new: str) -> bool:
    if old == new:
        return True
    try:
        return float(old) == float(new)
    except ValueError:
        return False


def merge(
    table: str,
    key: str,
    existing: Sequence[Mapping[str, str]],
    columns: Sequence[str],
    incoming: Sequence[Mapping[str, object]],
) -> tuple[list[dict[str, str]], list[str], list[Change]]:
    """Rows, columns and changes after carrying ``incoming`` into ``existing``."""
    order = list(columns)
    for names in [*(list(r) for r in existing), *(list(r) for r in incoming)]:
        order += [c for c in names if c not in order]
    rows = [{c: str(row.get(c, "") or "") for c in order} for row in existing]
    index = {row[key]: row for row in rows}
    changes: list[Change] = []
    for record in incoming:
        values = {c: text(v) for c, v in record.items()}
        ident = values.get(key, "")
        if not ident:
            continue
        if ident not in index:
            row = {c: values.get(c, "") for c in order}
            rows.append(row)
            index[ident] = row
            changes.append(Change(table, ident, "added"))
            continue
        row = index[ident]
        for column, new in values.items():
            if column == key or _same(row.get(column, ""), new):
                continue
            if new == "" and column not in columns:
                continue  # an empty extra column in the workbook never erases the table
            changes.append(Change(table, ident, "changed", column, row.get(column, ""), new))
            row[column] = new
    return rows, order, changes


def raised_findings(findings: Sequence[Mapping[str, object]]) -> list[Mapping[str, object]]:
    """The Findings rows to carry: all but drafts the verifier has not raised."""
    return [f for f in findings if text(f.get("status")).lower() != DRAFT_STATUS]


def check_identity(
    properties: Mapping[str, str],
    project_id: str,
    crediting: tuple[dt.date, dt.date],
    start: dt.date | None,
    end: dt.date | None,
) -> tuple[dt.date, dt.date]:
    """The workbook's period; InputError for a workbook of another project or period.

    ``crediting`` is project.yaml's crediting period, which must hold the workbook's period;
    ``start``/``end`` the period the caller asks for (optional).
    """
    if properties.get("ProjectId") != project_id:
        raise InputError(
            f"the workbook is of project {properties.get('ProjectId')!r}, not {project_id!r}"
        )
    try:
        w_start = dt.date.fromisoformat(properties["PeriodStart"])
        w_end = dt.date.fromisoformat(properties["PeriodEnd"])
    except (KeyError, ValueError):
        raise InputError("the workbook does not name its monitoring period") from None
    if (start is not None and start != w_start) or (end is not None and end != w_end):
        raise InputError(
            f"the workbook is of the period {w_start}..{w_end}, not "
            f"{start or w_start}..{end or w_end}"
        )
    if w_start < crediting[0] or w_end > crediting[1]:
        raise InputError(
            f"the workbook's period {w_start}..{w_end} lies outside the crediting period "
            f"{crediting[0]}..{crediting[1]} of project.yaml"
        )
    return w_start, w_end
