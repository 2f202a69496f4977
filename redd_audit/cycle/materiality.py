"""Materiality over the monitoring period (contract 5.2).

Per claimed quantity, the proponent's claims and the recomputed figures are summed over the
period's vintages (VCS Program: a misstatement of the period's reductions is material when it
exceeds the project's materiality threshold, ``materiality_fraction``):

``misstatement = claimed − recomputed``,
``misstatement_fraction = misstatement / |recomputed|`` (0 when both are 0, ``None`` when only
the recomputed figure is 0, which counts as material), ``direction`` ``overstated`` /
``understated`` / ``none`` and ``material = |misstatement_fraction| > materiality_fraction``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from redd_audit.cycle.json_values import as_float, as_int, mappings
from redd_audit.findings import Finding
from redd_audit.methodology.reconciliation import (
    RECONCILED_QUANTITIES,
    claimed_number,
    claimed_quantities,
    difference_fraction,
    is_material,
)
from redd_audit.rounding import round_half_away

RULE = "contract 5.2: materiality over the period (claimed_vintages must cover every vintage)"
QUANTITY_LABELS = {
    "baseline_tco2e": ("Baseline emissions", "tCO2e"),
    "project_tco2e": ("Project emissions", "tCO2e"),
    "leakage_tco2e": ("Leakage", "tCO2e"),
    "buffer_tco2e": ("Buffer", "tCO2e"),
    "vcus": ("VCUs", ""),
    "uncertainty_deduction_tco2e": ("Uncertainty deduction", "tCO2e"),
}


#: The period conclusion when claimed_vintages does not cover every vintage of the period.
NO_CLAIMS_CONCLUSION = (
    "No conclusion on materiality: claimed_vintages does not cover every vintage of the period"
)


#: Per claimed quantity, the misstatement direction that cannot overstate VCUs (a conservative
#: claim): more project emissions, leakage or buffer than recomputed, or fewer baseline
#: emissions or VCUs. The workbook labels it "(conservative)" and its material line is drafted
#: as a clarification request rather than a non-conformity.
CONSERVATIVE_DIRECTION = {
    "baseline_tco2e": "understated",
    "project_tco2e": "overstated",
    "leakage_tco2e": "overstated",
    "buffer_tco2e": "overstated",
    "vcus": "understated",
    "uncertainty_deduction_tco2e": "overstated",
}


def is_conservative(quantity: str, direction: object) -> bool:
    """Whether a misstatement of ``quantity`` in ``direction`` errs on the side of fewer VCUs."""
    return CONSERVATIVE_DIRECTION.get(quantity) == direction


def misstatement_direction(misstatement_value: float) -> str:
    """``overstated`` when the claim exceeds the recomputation, ``understated`` below it."""
    if misstatement_value > 0:
        return "overstated"
    if misstatement_value < 0:
        return "understated"
    return "none"


def period_line(
    quantity: str, claimed: float, recomputed: float, materiality_fraction: float
) -> dict[str, object]:
    """One entry of summary.json ``materiality`` from the period sums of one quantity."""
    misstatement = claimed - recomputed
    fraction = difference_fraction(claimed, recomputed)
    return {
        "quantity": quantity,
        "claimed": claimed,
        "recomputed": recomputed,
        "misstatement": misstatement,
        "misstatement_fraction": fraction,
        "direction": misstatement_direction(misstatement),
        "material": is_material(fraction, materiality_fraction),
    }


def unclaimed_vintages(
    vintages: Iterable[int], claims: Mapping[int, Mapping[str, object]]
) -> list[int]:
    """Vintages of the period without a complete claim (a row with every quantity)."""
    missing = []
    for vintage in vintages:
        claim = claims.get(vintage)
        if claim is None or any(_missing(claim.get(q)) for q in RECONCILED_QUANTITIES):
            missing.append(vintage)
    return missing


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def period_materiality(
    recomputed: Sequence[Mapping[str, object]],
    claims: Mapping[int, Mapping[str, object]],
    materiality_fraction: float,
) -> list[dict[str, object]]:
    """summary.json ``materiality``: one line per claimed quantity, or ``[]`` when some vintage
    of the period has no claim (see :func:`unclaimed_vintages`).

    ``recomputed`` are the period's vintages (``summary_dict()`` of the recomputation);
    ``claims`` the claimed quantities by vintage.
    """
    vintages = [as_int(v["vintage"]) for v in recomputed]
    if not vintages or unclaimed_vintages(vintages, claims):
        return []
    lines = []
    for quantity in claimed_quantities([claims[v] for v in vintages]):
        claimed = sum(claimed_number(claims[v][quantity]) or 0.0 for v in vintages)
        total = sum(as_float(v[quantity]) for v in recomputed)
        lines.append(period_line(quantity, claimed, total, materiality_fraction))
    return lines


def coverage_finding(file: str, missing: list[int]) -> Finding:
    """The warning when claimed_vintages does not cover every vintage of the period."""
    years = ", ".join(str(v) for v in missing)
    return Finding(
        severity="warning",
        file=file,
        row=None,
        record=None,
        column="vintage",
        value=years,
        expectation="period_materiality_coverage",
        rule=RULE,
        message=f"no complete claim for vintage(s) {years}: materiality over the period is not "
        "assessed",
    )


def _amount(value: float, unit: str) -> str:
    """Whole units, a half away from zero (as the workbook's ``ROUND`` then ``TEXT``)."""
    text = f"{round_half_away(abs(value)):,.0f}"
    return f"{text} {unit}".strip()


def _percent(fraction: object) -> str:
    return "n/a %" if not isinstance(fraction, int | float) else f"{abs(fraction) * 100:.2f} %"


def line_text(line: Mapping[str, object]) -> str:
    """``"VCUs overstated by 34,067 (1.35 %): material"`` for one materiality line."""
    name, unit = QUANTITY_LABELS.get(str(line["quantity"]), (str(line["quantity"]), ""))
    verdict = "material" if line["material"] else "not material"
    if line["direction"] == "none":
        return f"{name} as claimed ({_amount(as_float(line['recomputed']), unit)}): {verdict}"
    amount = _amount(as_float(line["misstatement"]), unit)
    percent = _percent(line["misstatement_fraction"])
    return f"{name} {line['direction']} by {amount} ({percent}): {verdict}"


def period_conclusion(summary: Mapping[str, object]) -> str:
    """The period's conclusion in one line, for the terminal and the Prefect run summary.

    The VCU line first (``"VCUs overstated by 34,067 (1.35 %): material"``), followed by every
    other material quantity. Without a passed recomputation or a complete claim it says why
    no conclusion is drawn.
    """
    if summary.get("status") != "passed" or summary.get("totals") is None:
        return (
            "No conclusion on materiality: no recomputed figures "
            "(data-quality gate failed, or validate only)"
        )
    lines = mappings(summary.get("materiality"))
    if not lines:
        return NO_CLAIMS_CONCLUSION
    vcus = [m for m in lines if m.get("quantity") == "vcus"]
    others = [line_text(m) for m in lines if m.get("quantity") != "vcus" and m.get("material")]
    head = line_text(vcus[0]) if vcus else "VCUs not claimed"
    return head + ("" if not others else "; also " + "; ".join(others))
