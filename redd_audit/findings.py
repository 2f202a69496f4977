"""Data-quality findings: one record per failed check, naming file, row, column and value."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning", "info"]
#: the order in which findings are listed: what blocks first, what is only reported last
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True, order=True)
class Finding:
    """One failed expectation on one record (or on a table/setting when ``row`` is None).

    ``row`` is the row number as a spreadsheet shows it: the header is row 1, so the first
    record is row 2 (for GeoJSON, the feature's position plus one). ``record`` names the
    record by its identifier columns, e.g. ``event_id=E-000123``.
    """

    severity: Severity
    file: str
    row: int | None
    record: str | None
    column: str | None
    value: str | None
    expectation: str
    rule: str
    message: str

    def to_dict(self) -> dict[str, object]:
        return asdict(self)

    def render(self) -> str:
        parts = [self.file]
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.record:
            parts.append(self.record)
        if self.column:
            parts.append(f"column '{self.column}'")
        where = ", ".join(parts)
        value = f" (observed {self.value})" if self.value is not None else ""
        return f"[{self.severity}] {where}: {self.message}{value} [{self.expectation}; {self.rule}]"


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Errors first, then warnings, then ``info`` (reported, never blocking; contract 7.7,
    8.10), each by file, row and column: a stable order for every report."""
    return sorted(
        findings,
        key=lambda f: (
            SEVERITY_ORDER.get(f.severity, 1),
            f.file,
            f.row if f.row is not None else -1,
            f.column or "",
            f.expectation,
            f.value or "",
        ),
    )
