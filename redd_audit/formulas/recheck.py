"""Formula builders of :mod:`redd_audit.sampling.recheck` (the verifier's re-check counts)."""

from __future__ import annotations

from redd_audit.formulas.expression import operand


def _count(units: str, minimum: str, fraction: str) -> str:
    n = operand(units)
    return f"=MIN({n},MAX({operand(minimum)},ROUNDUP({operand(fraction)}*{n},0)))"


def plots_to_remeasure_count(
    plots_in_stratum: str,
    *,
    minimum: str = "Remeasure_Minimum_Plots",
    fraction: str = "Recheck_Fraction",
) -> str:
    """``=MIN(N,MAX(minimum,ROUNDUP(fraction*N,0)))`` with the plots' minimum (5)."""
    return _count(plots_in_stratum, minimum, fraction)


def samples_to_reinterpret_count(
    samples_in_class: str,
    *,
    minimum: str = "Reinterpret_Minimum_Samples",
    fraction: str = "Recheck_Fraction",
) -> str:
    """``=MIN(N,MAX(minimum,ROUNDUP(fraction*N,0)))`` with the samples' minimum (1)."""
    return _count(samples_in_class, minimum, fraction)
