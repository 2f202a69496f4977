"""Buffer withholding (AFOLU Non-Permanence Risk Tool; VM0007 REDD-MF; domain.md §1.9).

The buffer-base rule (``accounting.rules.buffer_base``) lives here: ``stock_change`` is the
carbon-stock part of the net reduction (contract.md §2.1); ``adjusted_stock_change`` applies the
uncertainty deduction factor to it first.
"""

from __future__ import annotations

#: The values of ``accounting.rules.buffer_base``.
BUFFER_BASE_RULES = ("stock_change", "adjusted_stock_change")


def buffer_base_tco2e(
    baseline_tco2e: float,
    project_stock_tco2e: float,
    deduction_factor: float,
    buffer_base: str,
) -> float:
    """The base the risk rating multiplies, ΔC_BSL − ΔC_P,stock [tCO2e].

    Parameters
    ----------
    baseline_tco2e : ΔC_BSL of the vintage [tCO2e]
    project_stock_tco2e : ΔC_P,DefPA, the project's deforestation (stock) emissions [tCO2e]
    deduction_factor : the X-UNC deduction factor [-]
    buffer_base : {"stock_change", "adjusted_stock_change"}
        ``accounting.rules.buffer_base``.

    Notes
    -----
    ``ΔC_BSL − ΔC_P,stock`` (fire non-CO2 gases and leakage excluded), times the deduction
    factor under ``adjusted_stock_change`` (domain.md §1.9 [K/U]).
    """
    base = baseline_tco2e - project_stock_tco2e
    if buffer_base == "adjusted_stock_change":
        base *= deduction_factor
    elif buffer_base != "stock_change":
        raise ValueError(f"buffer_base must be one of {BUFFER_BASE_RULES}: {buffer_base!r}")
    return base


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
