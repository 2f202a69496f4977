"""The findings register and opinion readiness (contract 5.4).

``verification_findings`` holds the verifier's findings (``NCR`` non-conformity report, ``NIR``
new information request, ``OFI`` opportunity for improvement, ``CAR`` corrective action
request, ``CL`` clarification request, ``FAR`` forward action request) with their status
(``open``/``closed``) and the proponent's responses. The tool adds its own draft findings:
every material quantity of the period (5.2) as an ``NCR``, or as a ``CL`` when the
misstatement is conservative (it cannot overstate VCUs:
:data:`redd_audit.cycle.materiality.CONSERVATIVE_DIRECTION`), and a biased deforestation map
(5.6, 5.9). A draft's type is an input cell of the Findings sheet: the verifier may set
another. The period is ready for an opinion when there is no material misstatement and
no open ``NCR`` or ``CAR``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from redd_audit.cycle.json_values import as_float
from redd_audit.cycle.map_bias import map_bias_draft
from redd_audit.cycle.materiality import is_conservative, line_text
from redd_audit.tables import schemas

FINDING_TYPES = schemas.FINDING_TYPES
STATUSES = schemas.FINDING_STATUSES

#: Open findings of these types block the opinion.
BLOCKING_TYPES = ("NCR", "CAR")


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return ""
    return str(value).strip()


def register_counts(register: pd.DataFrame | None) -> tuple[int, int, dict[str, int]]:
    """Open and closed findings, and the open ones by type (every type listed, 0 included)."""
    by_type = dict.fromkeys(FINDING_TYPES, 0)
    if register is None or register.empty:
        return 0, 0, by_type
    status = register["status"].map(_text).str.lower()
    kinds = register["type"].map(_text).str.upper()
    opened = status == "open"
    for kind in kinds[opened]:
        by_type[kind] = by_type.get(kind, 0) + 1
    return int(opened.sum()), int((status == "closed").sum()), by_type


def draft_findings(
    materiality: Sequence[Mapping[str, object]],
    accuracy: Mapping[str, object] | None,
    change_class: str = "deforestation",
) -> list[dict[str, str]]:
    """The tool's proposed findings: an NCR per material quantity (contract 5.4: "each material
    quantity ... as an NCR"; a misstatement that is conservative for VCUs says so in its text,
    and the verifier may change the type in the register); for a biased map, an NCR or CL by the
    size of the bias (contract 5.9; an NIR when it cannot be sized)."""
    drafts = []
    for line in materiality:
        if not line.get("material"):
            continue
        conservative = is_conservative(str(line["quantity"]), line.get("direction"))
        note = " (conservative: it cannot overstate VCUs)" if conservative else ""
        drafts.append(
            {
                "type": "NCR",
                "reference": f"materiality:{line['quantity']}",
                "description": f"Over the period, {line_text(line)}{note} (claimed "
                f"{as_float(line['claimed']):,.0f}, recomputed "
                f"{as_float(line['recomputed']):,.0f})",
            }
        )
    if accuracy is not None and accuracy.get("change_class_biased"):
        drafts.append(map_bias_draft(accuracy, change_class))  # NCR or CL by size (5.9)
    return drafts


def verification_summary(
    register: pd.DataFrame | None,
    materiality: Sequence[Mapping[str, object]],
    accuracy: Mapping[str, object] | None,
    *,
    figures: bool,
    change_class: str = "deforestation",
) -> dict[str, object]:
    """summary.json ``verification`` (contract 5.4).

    Without figures (gate failed, validate) ``material_misstatement`` is ``None`` (unknown) and
    ``ready_for_opinion`` is false; the register counts are still given.
    """
    opened, closed, by_type = register_counts(register)
    material = any(bool(m.get("material")) for m in materiality) if figures else None
    blocking = any(by_type.get(t, 0) for t in BLOCKING_TYPES)
    return {
        "findings_open": opened,
        "findings_closed": closed,
        "open_by_type": by_type,
        "draft_findings": draft_findings(materiality, accuracy, change_class) if figures else [],
        "material_misstatement": material,
        "ready_for_opinion": bool(figures and not material and not blocking),
    }
