"""Findings from GX validation results: one per failing row (up to the cap), naming file, row,
record, column and value; plus one summary finding "... and N more rows" past the cap.

Suite conventions read here: ``meta.severity`` (``error`` blocks the run, ``warning`` is
reported), ``meta.rule`` (the requirement protected), ``meta.description`` (the message), and
the optional ``finding_column`` / ``value_columns`` (what a finding shows as column and value),
``severity_parameter`` (severity from a run-time parameter) and ``record`` (record label of a
table-level finding).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from redd_audit.findings import Finding, Severity
from redd_audit.quality.formatting import format_value
from redd_audit.tables.schemas import ROW_COLUMN
from tasks.gx_validate import ROW_LEVEL_KEY, Job, exception_messages


def _label(meta: Mapping[str, Any], kwargs: Mapping[str, Any]) -> str | None:
    if meta.get("finding_column"):
        return str(meta["finding_column"])
    if kwargs.get("column"):
        return str(kwargs["column"])
    if kwargs.get("column_A") and kwargs.get("column_B"):
        return f"{kwargs['column_A']},{kwargs['column_B']}"
    if kwargs.get("column_list"):
        return ",".join(str(c) for c in kwargs["column_list"])
    return None


def _value_columns(meta: Mapping[str, Any], kwargs: Mapping[str, Any]) -> list[str]:
    if meta.get("value_columns"):
        return [str(c) for c in meta["value_columns"]]
    if kwargs.get("column"):
        return [str(kwargs["column"])]
    if kwargs.get("column_A") and kwargs.get("column_B"):
        return [str(kwargs["column_A"]), str(kwargs["column_B"])]
    if kwargs.get("column_list"):
        return [str(c) for c in kwargs["column_list"]]
    return []


def _positions(job: Job, result: Mapping[str, Any], cap: int) -> list[int]:
    """Positions (in ``job.frame``) of the failing rows a result reports."""
    items = result.get("unexpected_index_list")
    if items is None:
        items = result.get("partial_unexpected_index_list") or []
    items = list(items)[:cap]
    if not items:
        return []
    if isinstance(items[0], Mapping):  # COMPLETE pass: dicts of id columns and _row
        lookup = job.position_of_row
        wanted = [item.get(ROW_COLUMN) for item in items]
        return [int(lookup[w]) for w in wanted if w in lookup.index]
    return [int(i) for i in items]  # SUMMARY pass: positions (the GX frame has a RangeIndex)


def _severity(meta: Mapping[str, Any], params: Mapping[str, Any]) -> Severity:
    if meta.get("severity_parameter") in params:
        return "warning" if params[meta["severity_parameter"]] == "warning" else "error"
    return "error" if meta.get("severity", "error") == "error" else "warning"


def _row_findings(
    job: Job, result: Mapping[str, Any], base: dict[str, Any], meta: Mapping[str, Any], cap: int
) -> list[Finding]:
    frame = job.frame
    kwargs = base.pop("kwargs")
    count = int(result.get(ROW_LEVEL_KEY) or 0)
    positions = _positions(job, result, cap)
    values = [c for c in _value_columns(meta, kwargs) if c in frame.columns]
    single = len(values) == 1 and not meta.get("value_columns")
    arrays = {c: frame[c].to_numpy() for c in {*values, *job.id_columns} if c in frame}
    rows = frame[ROW_COLUMN].to_numpy()
    ids = [c for c in job.id_columns if c in arrays]
    findings = []
    for pos in positions:
        if single:
            value = format_value(arrays[values[0]][pos])
        else:
            value = ", ".join(f"{c}={format_value(arrays[c][pos])}" for c in values)
        findings.append(
            Finding(
                **base,
                row=int(rows[pos]) if job.rows_are_records else None,
                record=", ".join(f"{c}={format_value(arrays[c][pos])}" for c in ids) or None,
                value=value,
            )
        )
    if count > len(positions):
        more = count - len(positions)
        message = (
            f"{base['message']} ... and {more} more rows "
            f"({count} in all; only the first {len(positions)} are listed)"
        )
        findings.append(
            Finding(
                **{**base, "message": message}, row=None, record=None, value=f"{more} more rows"
            )
        )
    return findings


def findings_of(job: Job, suite_result: Any, params: Mapping[str, Any], cap: int) -> list[Finding]:
    """Every finding of one suite's validation result."""
    findings: list[Finding] = []
    for r in suite_result.results:
        config = r.expectation_config
        meta: dict[str, Any] = dict(config.meta or {})
        kwargs: dict[str, Any] = dict(config.kwargs or {})
        description = str(meta.get("description") or f"{config.type} failed")
        base: dict[str, Any] = {
            "severity": _severity(meta, params),
            "file": job.file,
            "column": _label(meta, kwargs),
            "expectation": config.type,
            "rule": str(meta.get("rule", "")),
            "message": description,
        }
        errors = exception_messages(r.exception_info)
        if errors:
            message = f"the expectation could not be evaluated ({description}): " + "; ".join(
                errors
            )
            findings.append(
                Finding(
                    **{**base, "severity": "error", "message": message},
                    row=None,
                    record=None,
                    value=None,
                )
            )
            continue
        if r.success:
            continue
        result = r.result or {}
        if ROW_LEVEL_KEY not in result:
            observed = result.get("observed_value")
            findings.append(
                Finding(
                    **base,
                    row=None,
                    record=meta.get("record"),
                    value=None if observed is None else format_value(observed),
                )
            )
            continue
        findings.extend(_row_findings(job, result, {**base, "kwargs": kwargs}, meta, cap))
    return findings
