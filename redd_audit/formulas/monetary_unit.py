"""Formula builders of :mod:`redd_audit.sampling.monetary_unit` (contract 5.5; AICPA *Audit
Sampling*, monetary-unit sampling)."""

from __future__ import annotations

from redd_audit.formulas.expression import operand


def event_value_tco2e(
    area_ha: str, net_stock_tc_per_ha: str, *, co2_per_c: str = "CO2_per_C"
) -> str:
    """``=area*CO2_per_C*net_stock`` (v, the emission an event commits)."""
    return f"={operand(area_ha)}*{co2_per_c}*{operand(net_stock_tc_per_ha)}"


def tolerable_misstatement_tco2e(materiality_fraction: str, ner_tco2e: str) -> str:
    """``=materiality_fraction*NER``."""
    return f"={operand(materiality_fraction)}*{operand(ner_tco2e)}"


def sampling_interval_tco2e(tolerable_misstatement: str, reliability_factor: str) -> str:
    """``=T/R``."""
    return f"={operand(tolerable_misstatement)}/{operand(reliability_factor)}"


def tainting_fraction(recorded_ha: str, observed_ha: str) -> str:
    """``=IF(ISNUMBER(observed),(observed-recorded)/recorded,0)`` (0 until observed; positive
    = VCUs overstated)."""
    r, o = operand(recorded_ha), operand(observed_ha)
    return f"=IF(ISNUMBER({o}),({o}-{r})/{r},0)"


def projected_misstatement_tco2e(values_tco2e: str, taintings: str, interval: str) -> str:
    """``=SUMPRODUCT((v<J)*t)*J+SUMPRODUCT((v>=J)*v*t)`` over the selected events."""
    v, t, j = values_tco2e, taintings, operand(interval)
    return f"=SUMPRODUCT(({v}<{j})*{t})*{j}+SUMPRODUCT(({v}>={j})*{v}*{t})"


def maximum_sample_size(population_tco2e: str, interval: str) -> str:
    """``=IF(J>0,ROUNDUP(population/J,0),0)``."""
    p, j = operand(population_tco2e), operand(interval)
    return f"=IF({j}>0,ROUNDUP({p}/{j},0),0)"


def _stringer_bound(
    values_tco2e: str, taintings: str, interval: str, reliability_factor: str, confidence: str
) -> str:
    """``R·J + J·Σ_k ΔF_k·LARGE(x, k) + Σ_{v≥J} max(v·t, 0)`` over the ranges ``v`` and the
    tainting expression ``t`` (two ranges of equal shape, a row or a column).

    ``x = (v<J)·(t>0)·t`` are the positive taintings below J, ``k = 1..n`` the position in the
    range and ``F_k = GAMMAINV(conf, k+1, 1)`` (the Poisson upper limit χ²_conf(2k+2)/2 as a
    gamma quantile), ``ΔF_1 = F_1 − R``; the zeros of ``x`` ranked last add nothing.
    """
    v, t, j, r = values_tco2e, taintings, operand(interval), operand(reliability_factor)
    c = operand(confidence)
    k = f"(ROW({v})-MIN(ROW({v}))+COLUMN({v})-MIN(COLUMN({v}))+1)"
    x = f"({v}<{j})*({t}>0)*{t}"
    step = f"(GAMMAINV({c},{k}+1,1)-({k}=1)*{r}-({k}>1)*GAMMAINV({c},{k},1))"
    return (
        f"={r}*{j}+{j}*SUMPRODUCT({step}*LARGE({x},{k}))+SUMPRODUCT(({v}>={j})*({v}*{t}>0)*{v}*{t})"
    )


def upper_limit_vcu_overstatement_tco2e(
    values_tco2e: str,
    taintings: str,
    interval: str,
    reliability_factor: str,
    *,
    confidence: str = "MUS_Confidence",
) -> str:
    """Stringer bound over the positive taintings (VCU overstatement), in one cell.

    The Evidence sample sheet computes the same bound in visible steps (rank columns, factor
    table ``MUS_Incremental_Factors``), in functions the cached-value engine verifies (contract
    5.7); this one-cell form is the registry's face of the equation, checked in the parity test.
    """
    return _stringer_bound(values_tco2e, taintings, interval, reliability_factor, confidence)


def upper_limit_vcu_understatement_tco2e(
    values_tco2e: str,
    taintings: str,
    interval: str,
    reliability_factor: str,
    *,
    confidence: str = "MUS_Confidence",
) -> str:
    """Stringer bound over the magnitudes of the negative taintings (VCU understatement): the
    overstatement bound of ``-t``."""
    return _stringer_bound(
        values_tco2e, f"(-{taintings})", interval, reliability_factor, confidence
    )


def sample_supports_vcus(
    upper_limit_vcu_overstatement: str,
    tolerable_misstatement: str,
    observations: str,
    sample_size: str,
    *,
    tolerance: str = "MUS_Comparison_Tolerance_tCO2e",
) -> str:
    """``=IF(U-T>tolerance,FALSE,IF(AND(n>0,observed>=n),TRUE,""))``: FALSE when the
    VCU-overstatement limit exceeds T; blank while events are unchecked."""
    u, t = operand(upper_limit_vcu_overstatement), operand(tolerable_misstatement)
    o, n, tol = operand(observations), operand(sample_size), operand(tolerance)
    return f'=IF({u}-{t}>{tol},FALSE,IF(AND({n}>0,{o}>={n}),TRUE,""))'
