"""Reconciliation of the proponent's claimed figures against the recomputation (VCS materiality).

For each vintage and quantity: ``difference_fraction = (claimed − recomputed) / |recomputed|``
and ``material = |difference_fraction| > materiality_fraction`` (VCS Standard v4 §4.1: 5 %, or
1 % for large projects). When the recomputed value is 0 the fraction is 0 if the claim is 0 too,
otherwise undefined (``None``) and the difference is material.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import pandas as pd

from redd_audit.methodology.figures import ReconciliationLine, VintageFigures
from redd_audit.quantities import reconciled

#: The reconciled quantities, from the quantities registry.
RECONCILED_QUANTITIES: tuple[str, ...] = reconciled()
#: Optional columns of claimed_vintages reconciled when claimed (contract 7.1.4): a vintage
#: without a number there is reconciled on the other quantities.
OPTIONAL_RECONCILED: tuple[str, ...] = ("uncertainty_deduction_tco2e",)


def claimed_number(value: object) -> float | None:
    """A claimed figure as a number: a number or numeric text; None when empty or not a number
    (optional columns are read as text; the gate reports what is not a number)."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def claimed_quantities(claims: Sequence[Mapping[str, object]]) -> tuple[str, ...]:
    """The quantities reconciled over ``claims`` (one mapping per claimed vintage): the required
    ones, then each optional one that every claim gives as a number."""
    optional = tuple(
        q
        for q in OPTIONAL_RECONCILED
        if claims and all(claimed_number(c.get(q)) is not None for c in claims)
    )
    return RECONCILED_QUANTITIES + optional


def difference_fraction(claimed: float, recomputed: float) -> float | None:
    """(claimed − recomputed) / |recomputed|; 0 when both are 0; None when only the claim is."""
    if recomputed == 0.0:
        return 0.0 if claimed == 0.0 else None
    return (claimed - recomputed) / abs(recomputed)


def is_material(fraction: float | None, materiality_fraction: float) -> bool:
    """A difference is material when it exceeds the threshold (or cannot be expressed as one)."""
    if fraction is None or math.isnan(fraction):
        return True
    return abs(fraction) > materiality_fraction


def reconcile(
    vintage: int, quantity: str, claimed: float, recomputed: float, materiality_fraction: float
) -> ReconciliationLine:
    fraction = difference_fraction(claimed, recomputed)
    return ReconciliationLine(
        vintage=vintage,
        quantity=quantity,
        claimed=claimed,
        recomputed=recomputed,
        difference=claimed - recomputed,
        difference_fraction=fraction,
        material=is_material(fraction, materiality_fraction),
    )


def reconcile_claims(
    claimed: pd.DataFrame | None,
    figures: Sequence[VintageFigures],
    materiality_fraction: float,
) -> list[ReconciliationLine]:
    """One line per claimed vintage inside the period and reconciled quantity with a claim.

    Vintages claimed outside the period and empty claims are skipped (the readers record why).
    """
    if claimed is None or claimed.empty:
        return []
    by_vintage = {f.vintage: f for f in figures}
    lines = []
    for row in claimed.sort_values("vintage").to_dict("records"):
        figure = by_vintage.get(int(row["vintage"]))
        if figure is None:
            continue
        for quantity in RECONCILED_QUANTITIES + OPTIONAL_RECONCILED:
            claimed_value = claimed_number(row.get(quantity))
            if claimed_value is None:
                continue
            lines.append(
                reconcile(
                    figure.vintage,
                    quantity,
                    float(claimed_value),
                    float(getattr(figure, quantity)),
                    materiality_fraction,
                )
            )
    return lines
