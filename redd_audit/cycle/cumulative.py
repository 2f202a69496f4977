"""The cumulative issuance position (contract 5.3) from ``issuance_history``: what earlier
monitoring periods issued, and the position to date with this period's figures.

A history period that shares a day with the audited period is double issuance (an ``error``
finding: the gate fails); a gap of more than one day between the last earlier history period
and the audited period is a ``warning`` (unmonitored days).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from redd_audit.findings import Finding, Severity
from redd_audit.tables.schemas import ROW_COLUMN

TABLE = "issuance_history"
RULE_OVERLAP = "contract 5.3: a history period must not share a day with the audited period"
RULE_GAP = "contract 5.3: monitoring periods follow each other without a gap"
RULE_HISTORY = "contract 5.3: earlier monitoring periods as issued on the registry"


def _day(value: object) -> dt.date | None:
    if value is None or value is pd.NaT or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


def history_periods(history: pd.DataFrame) -> list[tuple[dt.date, dt.date]]:
    """The distinct ``(period_start, period_end)`` of the history, in date order."""
    periods = {
        (s, e)
        for s, e in zip(
            map(_day, history["period_start"]), map(_day, history["period_end"]), strict=True
        )
        if s is not None and e is not None
    }
    return sorted(periods)


def _sum(history: pd.DataFrame, column: str) -> float:
    return float(pd.to_numeric(history[column], errors="coerce").fillna(0.0).sum())


def cumulative_position(
    history: pd.DataFrame, vcus: float | None, buffer_tco2e: float | None
) -> dict[str, object]:
    """summary.json ``cumulative``.

    ``periods`` counts the distinct history periods; ``vcus_issued_before`` and
    ``buffer_before`` sum the history; ``vcus_to_date = vcus_issued_before + vcus`` and
    ``buffer_to_date = buffer_before + buffer_tco2e`` with this period's totals (``None`` when
    this period has no figures, e.g. a failed gate).
    """
    before_vcus = _sum(history, "vcus_issued")
    before_buffer = _sum(history, "buffer_tco2e")
    return {
        "periods": len(history_periods(history)),
        "vcus_issued_before": before_vcus,
        "buffer_before": before_buffer,
        "vcus_to_date": None if vcus is None else before_vcus + vcus,
        "buffer_to_date": None if buffer_tco2e is None else before_buffer + buffer_tco2e,
    }


def shares_a_day(a_start: dt.date, a_end: dt.date, b_start: dt.date, b_end: dt.date) -> bool:
    """True when the closed date ranges ``[a_start, a_end]`` and ``[b_start, b_end]`` overlap."""
    return a_start <= b_end and b_start <= a_end


def gap_days(last_end: dt.date, start: dt.date) -> int:
    """Days with no monitoring between a period ending ``last_end`` and one starting ``start``
    (0 when the audited period starts the day after)."""
    return (start - last_end).days - 1


def _row(row: pd.Series) -> int | None:
    value = row.get(ROW_COLUMN)
    return int(value) if value is not None and pd.notna(value) else None


def _record(row: pd.Series) -> str:
    parts = []
    for column in ("period_start", "period_end", "vintage"):
        value = row.get(column)
        day = _day(value)
        parts.append(f"{column}={day.isoformat() if day else value}")
    return ", ".join(parts)


def _number(value: object) -> float | None:
    """A finite number, or None (empty cell, text)."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if number == number and abs(number) != float("inf") else None


def _history_finding(
    severity: Severity, file: str, row: pd.Series, column: str, value: str, check: str, text: str
) -> Finding:
    return Finding(
        severity=severity,
        file=file,
        row=_row(row),
        record=_record(row),
        column=column,
        value=value,
        expectation=check,
        rule=RULE_HISTORY,
        message=text,
    )


def history_findings(history: pd.DataFrame, file: str, end: dt.date) -> list[Finding]:
    """The history's own consistency: issued VCUs are whole units (error); two distinct history
    periods sharing a day issue those days twice (error, on each row of the later period); a
    vintage outside its period's years (warning); a period after the audited one (warning: it
    is summed as issued *before* this period)."""
    findings: list[Finding] = []
    periods = history_periods(history)
    clashes = {
        later: earlier
        for i, earlier in enumerate(periods)
        for later in periods[i + 1 :]
        if shares_a_day(*earlier, *later)
    }
    for _, row in history.iterrows():
        s, e = _day(row.get("period_start")), _day(row.get("period_end"))
        issued = _number(row.get("vcus_issued"))
        if issued is not None and not issued.is_integer():
            findings.append(
                _history_finding(
                    "error",
                    file,
                    row,
                    "vcus_issued",
                    str(issued),
                    "issuance_history_whole_vcus",
                    "VCUs are issued in whole units; the issued amount has a fraction",
                )
            )
        if s is None or e is None or s > e:
            continue
        if (s, e) in clashes:
            a, b = clashes[(s, e)]
            findings.append(
                _history_finding(
                    "error",
                    file,
                    row,
                    "period_start",
                    f"{s.isoformat()} to {e.isoformat()}",
                    "issuance_history_periods_disjoint",
                    f"double issuance in the history: the period shares days with the issued "
                    f"period {a.isoformat()} to {b.isoformat()}",
                )
            )
        vintage = _number(row.get("vintage"))
        if vintage is not None and not s.year <= int(vintage) <= e.year:
            findings.append(
                _history_finding(
                    "warning",
                    file,
                    row,
                    "vintage",
                    str(int(vintage)),
                    "issuance_history_vintage_in_period",
                    f"vintage {int(vintage)} lies outside its period's years {s.year} to {e.year}",
                )
            )
        if s > end:
            findings.append(
                _history_finding(
                    "warning",
                    file,
                    row,
                    "period_start",
                    s.isoformat(),
                    "issuance_history_before_the_period",
                    f"the history period starts after the audited period ends ({end.isoformat()}); "
                    "it is counted as issued before this period",
                )
            )
    return findings


def issuance_findings(
    history: pd.DataFrame, file: str, start: dt.date, end: dt.date
) -> list[Finding]:
    """Double issuance (error, one per overlapping row), a gap before the period (warning) and
    the history's own consistency (:func:`history_findings`)."""
    findings: list[Finding] = history_findings(history, file, end)
    for _, row in history.iterrows():
        s, e = _day(row.get("period_start")), _day(row.get("period_end"))
        if s is None or e is None or not shares_a_day(s, e, start, end):
            continue
        findings.append(
            Finding(
                severity="error",
                file=file,
                row=int(row[ROW_COLUMN])
                if ROW_COLUMN in row and pd.notna(row[ROW_COLUMN])
                else None,
                record=_record(row),
                column="period_start",
                value=f"{s.isoformat()} to {e.isoformat()}",
                expectation="issuance_history_no_overlap",
                rule=RULE_OVERLAP,
                message=f"double issuance: the history period shares days with the audited "
                f"period {start.isoformat()} to {end.isoformat()}",
            )
        )
    earlier = [p for p in history_periods(history) if p[0] < start]
    if earlier:
        last_end = max(e for _, e in earlier)
        gap = gap_days(last_end, start)
        if gap > 0:  # an overlapping last period is the error above, not a gap
            rows = history[[_day(v) == last_end for v in history["period_end"]]]
            first = rows.iloc[0]
            findings.append(
                Finding(
                    severity="warning",
                    file=file,
                    row=_row(first),
                    record=_record(first),
                    column="period_end",
                    value=last_end.isoformat(),
                    expectation="issuance_history_no_gap",
                    rule=RULE_GAP,
                    message=f"{gap} day(s) between the last issued period (ending "
                    f"{last_end.isoformat()}) and the audited period starting "
                    f"{start.isoformat()} are not monitored",
                )
            )
    return findings
