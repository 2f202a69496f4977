"""Buffer withholding (AFOLU Non-Permanence Risk Tool; VM0007 REDD-MF)."""

from __future__ import annotations


def buffer_withholding_tco2e(
    risk_rating_fraction: float, buffer_base_tco2e: float, net_reduction_tco2e: float
) -> float:
    """Buffer credits withheld for a vintage [tCO2e].

    Parameters
    ----------
    risk_rating_fraction : NPR, the overall non-permanence risk rating [-]
    buffer_base_tco2e : the carbon-stock part of the net reduction, ΔC_BSL − ΔC_P,stock
        (fire non-CO2 gases and leakage excluded; contract.md §2.1)
    net_reduction_tco2e : the vintage's NER; a reversal (NER < 0) or nil NER withholds nothing

    Notes
    -----
    ``Buffer = NPR · (ΔC_BSL − ΔC_P,stock)`` when NER > 0, else 0 (domain.md §1.9).
    """
    if net_reduction_tco2e <= 0.0 or buffer_base_tco2e <= 0.0:
        return 0.0
    return risk_rating_fraction * buffer_base_tco2e
