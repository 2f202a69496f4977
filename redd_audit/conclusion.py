"""The period conclusion of one run, read from its ``summary.json`` (pure: no Prefect).

Used by the Prefect flow's final state and events (``flows/outcome.py``), the UI artifacts
(``tasks/artifacts.py``) and the terminal: status, VCUs, the VCU misstatement and whether it is
material (contract.md section 5.2, ``materiality``; or ``verification.material_misstatement``),
open findings, and the first blocking data-quality findings.
"""

from __future__ import annotations

from typing import Any

FIRST_FINDINGS = 3


def _material(summary: dict[str, Any]) -> bool:
    entries = summary.get("materiality") or []
    verification = summary.get("verification") or {}
    return any(bool(e.get("material")) for e in entries) or bool(
        verification.get("material_misstatement")
    )


def _vcu_misstatement(summary: dict[str, Any]) -> dict[str, Any] | None:
    entries = summary.get("materiality") or []
    for entry in entries:
        if entry.get("quantity") == "vcus":
            return dict(entry)
    material = [e for e in entries if e.get("material")]
    return dict(material[0]) if material else None


def period_conclusion_line(summary: dict[str, Any]) -> str | None:
    """The CYCLE helper's one-line period conclusion, when that module is installed."""
    try:
        from redd_audit.cycle.materiality import period_conclusion
    except ImportError:
        return None
    try:
        line = period_conclusion(summary)
    except (KeyError, TypeError, ValueError):
        return None
    return str(line) if line else None


def conclusion(summary: dict[str, Any], kind: str = "run") -> dict[str, Any]:
    """The period conclusion of one run (``kind`` is ``run`` or ``validate``)."""
    quality = summary.get("quality") or {}
    totals = summary.get("totals") or {}
    verification = summary.get("verification") or {}
    failed = summary.get("status") != "passed" or bool(quality.get("errors"))
    material = not failed and _material(summary)
    outcome = "failed" if failed else "material-misstatement" if material else "passed"
    vcus = totals.get("vcus")
    return {
        "project_id": summary.get("project_id"),
        "kind": kind,
        "period": dict(summary.get("period") or {}),
        "status": summary.get("status"),
        "outcome": outcome,
        "vcus": None if vcus is None else round(vcus),
        "misstatement": _vcu_misstatement(summary),
        "material": material,
        "errors": int(quality.get("errors") or 0),
        "warnings": int(quality.get("warnings") or 0),
        "findings_open": verification.get("findings_open"),
        "line": period_conclusion_line(summary),
    }


def first_findings(summary: dict[str, Any], limit: int = FIRST_FINDINGS) -> list[str]:
    """The first blocking findings, one short line each (file, row, record, column, message)."""
    lines = []
    for f in (summary.get("quality") or {}).get("findings", []):
        if f.get("severity") != "error":
            continue
        where = [str(f.get("file"))]
        if f.get("row") is not None:
            where.append(f"row {f['row']}")
        if f.get("record"):
            where.append(str(f["record"]))
        if f.get("column"):
            where.append(f"column '{f['column']}'")
        lines.append(f"{', '.join(where)}: {f.get('message')}")
        if len(lines) == limit:
            break
    return lines


def misstatement_text(misstatement: dict[str, Any] | None) -> str:
    """E.g. ``VCUs overstated by 34,067 (2.6 %), material``."""
    if not misstatement:
        return "no claim to compare"
    amount = misstatement.get("misstatement")
    fraction = misstatement.get("misstatement_fraction")
    direction = misstatement.get("direction") or "none"
    quantity = "VCUs" if misstatement.get("quantity") == "vcus" else misstatement.get("quantity")
    size = "" if amount is None else f" by {abs(round(amount)):,}"
    share = "" if fraction is None else f" ({100 * abs(fraction):.2f} %)"
    verdict = "material" if misstatement.get("material") else "not material"
    if direction == "none":
        return f"{quantity}: no misstatement"
    return f"{quantity} {direction}{size}{share}, {verdict}"
