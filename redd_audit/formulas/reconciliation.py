"""Formula builders of :mod:`redd_audit.methodology.reconciliation` (VCS materiality)."""

from __future__ import annotations

from redd_audit.formulas.expression import operand


def difference_fraction(claimed: str, recomputed: str) -> str:
    """``=IF(R=0,IF(C=0,0,""),(C−R)/ABS(R))`` (empty text where Python returns None)."""
    c, r = operand(claimed), operand(recomputed)
    return f'=IF({r}=0,IF({c}=0,0,""),({c}-{r})/ABS({r}))'


def is_material(fraction: str, materiality_fraction: str) -> str:
    """``=IF(ISNUMBER(f),ABS(f)>materiality,TRUE)``."""
    f = operand(fraction)
    return f"=IF(ISNUMBER({f}),ABS({f})>{operand(materiality_fraction)},TRUE)"
