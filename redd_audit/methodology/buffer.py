"""Buffer withholding (AFOLU Non-Permanence Risk Tool; VM0007 REDD-MF; domain.md §1.9).

The buffer-base rule (``accounting.rules.buffer_base``, contract 7.4) lives here:
``stock_change`` (alias ``before_leakage``) is the carbon-stock part of the net reduction
(contract.md §2.1); ``after_leakage`` the NER; ``net`` the adjusted NER (after leakage and the
uncertainty deduction); ``adjusted_stock_change`` applies the uncertainty deduction factor to the
stock change.
"""

from __future__ import annotations

#: The values of ``accounting.rules.buffer_base`` (contract 7.4), in the order listed.
BUFFER_BASE_RULES = ("stock_change", "after_leakage", "net", "adjusted_stock_change")
#: Other names of a value (project documents say "prior to deduction of leakage").
BUFFER_BASE_ALIASES = {"before_leakage": "stock_change"}


def buffer_base_tco2e(
    baseline_tco2e: float,
    project_stock_tco2e: float,
    deduction_factor: float,
    buffer_base: str,
    net_reduction_tco2e: float,
    adjusted_net_reduction_tco2e: float,
) -> float:
    """The base the risk rating multiplies [tCO2e], by ``accounting.rules.buffer_base``.

    Parameters
    ----------
    baseline_tco2e : ΔC_BSL of the vintage [tCO2e]
    project_stock_tco2e : ΔC_P,DefPA, the project's deforestation (stock) emissions [tCO2e]
    deduction_factor : the uncertainty deduction factor [-]
    buffer_base : {"stock_change", "after_leakage", "net", "adjusted_stock_change"}
        ``accounting.rules.buffer_base`` (``before_leakage`` is read as ``stock_change``).
    net_reduction_tco2e : NER = ΔC_BSL − ΔC_P − ΔC_LK [tCO2e]
    adjusted_net_reduction_tco2e : Adjusted_NER, after the uncertainty deduction [tCO2e]

    Notes
    -----
    ``stock_change``: ``ΔC_BSL − ΔC_P,stock`` (fire non-CO2 gases and leakage excluded);
    ``after_leakage``: ``NER``; ``net``: ``Adjusted_NER``; ``adjusted_stock_change``:
    ``(ΔC_BSL − ΔC_P,stock) × factor`` (contract 7.4; domain.md §1.9 [K/U]).
    """
    rule = BUFFER_BASE_ALIASES.get(buffer_base, buffer_base)
    if rule == "after_leakage":
        return net_reduction_tco2e
    if rule == "net":
        return adjusted_net_reduction_tco2e
    base = baseline_tco2e - project_stock_tco2e
    if rule == "adjusted_stock_change":
        base *= deduction_factor
    elif rule != "stock_change":
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
