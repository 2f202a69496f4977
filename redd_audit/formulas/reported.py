"""Formula builders of :mod:`redd_audit.methodology.reported` (contract 8.8)."""

from __future__ import annotations

from redd_audit.formulas.expression import operand


def reported_whole_tonnes(value_tco2e: str) -> str:
    """``=ROUND(x,0)``."""
    return f"=ROUND({operand(value_tco2e)},0)"


def reported_buffer_tco2e(risk_rating_fraction: str, buffer_base_tco2e: str) -> str:
    """``=IF(base<=0,0,ROUND(rating*base,0))``."""
    base = operand(buffer_base_tco2e)
    return f"=IF({base}<=0,0,ROUND({operand(risk_rating_fraction)}*{base},0))"


def reported_vcus(ner_tco2e: str, buffer_tco2e: str, uncertainty_deduction_tco2e: str) -> str:
    """``=NER−buffer−UD``."""
    return f"={operand(ner_tco2e)}-{operand(buffer_tco2e)}-{operand(uncertainty_deduction_tco2e)}"
