"""Formula builders of :mod:`redd_audit.methodology.deductions` (Monte Carlo deduction rules).

Arguments are cell references or defined names; the constants are named cells (``ART_UA_Scale``,
``ART_T90``, ``FCPF_Bound_1..4``, ``FCPF_Factor_1..5``, ``VCS_Allowable_Fraction``), so the only
numbers in the formulas are 0 and 1: a half is ``/(1+1)``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from redd_audit.formulas.expression import operand

_RANGE = re.compile(
    r"^(?P<sheet>(?:'(?:[^']|'')+'|[A-Za-z_][A-Za-z0-9_.]*)!)?"
    r"(?P<c1>\$?[A-Z]{1,3})(?P<r1>\$?\d+):(?P<c2>\$?[A-Z]{1,3})(?P<r2>\$?\d+)$"
)


def _column_number(letters: str) -> int:
    n = 0
    for ch in letters.lstrip("$"):
        n = n * 26 + ord(ch) - 64
    return n


def _column_letters(n: int) -> str:
    letters = ""
    while n > 0:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cells_of(references: str | Sequence[str]) -> list[str]:
    """The single cells of a one-row or one-column range (``C5:F5``), or the references given."""
    if not isinstance(references, str):
        return [operand(r) for r in references]
    m = _RANGE.match(references.strip())
    if m is None:
        return [operand(references)]
    sheet = m.group("sheet") or ""
    c1, c2 = _column_number(m.group("c1")), _column_number(m.group("c2"))
    r1, r2 = int(m.group("r1").lstrip("$")), int(m.group("r2").lstrip("$"))
    dollar_c = "$" if m.group("c1").startswith("$") else ""
    dollar_r = "$" if m.group("r1").startswith("$") else ""
    if r1 == r2:
        return [f"{sheet}{dollar_c}{_column_letters(c)}{dollar_r}{r1}" for c in range(c1, c2 + 1)]
    if c1 == c2:
        letters = _column_letters(c1)
        return [f"{sheet}{dollar_c}{letters}{dollar_r}{r}" for r in range(r1, r2 + 1)]
    raise ValueError(f"not a single row or column: {references!r}")


def half_width_fraction(p_lower: str, p_upper: str, reference: str) -> str:
    """``=(P_upper−P_lower)/(1+1)/ABS(R)``."""
    lo, hi, r = operand(p_lower), operand(p_upper), operand(reference)
    return f"=({hi}-{lo})/(1+1)/ABS({r})"


def running_mean_deviation_fraction(
    cumulative_sum_tco2e: str, draw_count: str, final_mean_tco2e: str
) -> str:
    """``=ABS(S_j/j−m_N)/ABS(m_N)``."""
    s, j, m = operand(cumulative_sum_tco2e), operand(draw_count), operand(final_mean_tco2e)
    return f"=ABS({s}/{j}-{m})/ABS({m})"


def half_width_change_fraction(half_width_all_fraction: str, half_width_first_fraction: str) -> str:
    """``=ABS(HW_all−HW_first)/HW_all``."""
    a, f = operand(half_width_all_fraction), operand(half_width_first_fraction)
    return f"=ABS({a}-{f})/{a}"


def rounded_half_away_from_zero(value: str, decimals: str) -> str:
    """``=IF(ISNUMBER(d),ROUND(x,d),x)`` (an empty decimals cell means "not rounded")."""
    x, d = operand(value), operand(decimals)
    return f"=IF(ISNUMBER({d}),ROUND({x},{d}),{x})"


def simulated_ner_error_fraction(p_lower: str, p_upper: str, reference: str) -> str:
    """``=IF(mean>0,(P97.5−P2.5)/(1+1)/mean,0)``."""
    lo, hi, r = operand(p_lower), operand(p_upper), operand(reference)
    return f"=IF({r}>0,({hi}-{lo})/(1+1)/{r},0)"


def period_deduction_factor(adjusted_ner_tco2e: str, ner_tco2e: str) -> str:
    """``=IF(ΣNER<=0,1,ΣAdjusted/ΣNER)``."""
    a, n = operand(adjusted_ner_tco2e), operand(ner_tco2e)
    return f"=IF({n}<=0,1,{a}/{n})"


def art_trees_adjustment_fraction(
    half_width_fraction: str, ua_scale: str = "ART_UA_Scale", t90: str = "ART_T90"
) -> str:
    """``=ART_UA_Scale*HW90/ART_T90`` (TREES Eq. 11)."""
    return f"={operand(ua_scale)}*{operand(half_width_fraction)}/{operand(t90)}"


def art_trees_uncertainty_deduction_tco2e(center_tco2e: str, adjustment_fraction: str) -> str:
    """``=ABS(GHG_ER*UA)`` (TREES Eq. 10)."""
    return f"=ABS({operand(center_tco2e)}*{operand(adjustment_fraction)})"


def art_trees_leakage_deduction_tco2e(center_tco2e: str, leakage_fraction: str) -> str:
    """``=IF(GHG_ER<0,0,GHG_ER*leakage)`` (TREES Eq. 9)."""
    c = operand(center_tco2e)
    return f"=IF({c}<0,0,{c}*{operand(leakage_fraction)})"


def art_trees_buffer_tco2e(center_tco2e: str, buffer_fraction: str) -> str:
    """``=MAX(0,GHG_ER)*buffer`` (TREES Eq. 8)."""
    return f"=MAX(0,{operand(center_tco2e)})*{operand(buffer_fraction)}"


def art_trees_credited_tco2e(
    center_tco2e: str, buffer_tco2e: str, uncertainty_deduction_tco2e: str, leakage_tco2e: str
) -> str:
    """``=IF(GHG_ER<0,GHG_ER−UNC,MAX(0,GHG_ER−BUF−UNC−LEAK))``."""
    c, b = operand(center_tco2e), operand(buffer_tco2e)
    u, k = operand(uncertainty_deduction_tco2e), operand(leakage_tco2e)
    return f"=IF({c}<0,{c}-{u},MAX(0,{c}-{b}-{u}-{k}))"


def art_trees_true_up_tco2e(
    uncertainty_deductions_tco2e: str, centers_tco2e: str, period_adjustment_fraction: str
) -> str:
    """``=SUM(UNC_t)−ABS(SUM(GHG_ER_t))*UA_period``."""
    u, c = uncertainty_deductions_tco2e, centers_tco2e
    return f"=SUM({u})-ABS(SUM({c}))*{operand(period_adjustment_fraction)}"


def fcpf_relative_margin_fraction(p_lower: str, p_upper: str, reference: str) -> str:
    """``=(P95−P5)/(1+1)/IF(median>0,median,0)``: #DIV/0! (undefined) when the median ≤ 0."""
    lo, hi, r = operand(p_lower), operand(p_upper), operand(reference)
    return f"=({hi}-{lo})/(1+1)/IF({r}>0,{r},0)"


FCPF_BOUND_NAMES = tuple(f"FCPF_Bound_{k}" for k in range(1, 5))
FCPF_FACTOR_NAMES = tuple(f"FCPF_Factor_{k}" for k in range(1, 6))


def fcpf_conservativeness_factor(
    relative_margin_fraction: str,
    bounds: str | Sequence[str] = FCPF_BOUND_NAMES,
    factors: str | Sequence[str] = FCPF_FACTOR_NAMES,
) -> str:
    """``=IF(U<=FCPF_Bound_1,FCPF_Factor_1,IF(U<=FCPF_Bound_2,FCPF_Factor_2,…,FCPF_Factor_5))``.

    ``bounds`` and ``factors``: the cells, or one single-row/column range each.
    """
    u = operand(relative_margin_fraction)
    b, f = cells_of(bounds), cells_of(factors)
    if len(f) != len(b) + 1:
        raise ValueError(f"{len(f)} factors for {len(b)} bounds")
    text = f[-1]
    for bound, factor in zip(reversed(b), reversed(f[:-1]), strict=True):
        text = f"IF({u}<={bound},{factor},{text})"
    return "=" + text


def fcpf_uncertainty_set_aside_tco2e(center_tco2e: str, conservativeness_factor: str) -> str:
    """``=IF(ISNUMBER(CF),MAX(0,ER)*CF,0)`` (no set-aside when U is undefined)."""
    cf = operand(conservativeness_factor)
    return f"=IF(ISNUMBER({cf}),MAX(0,{operand(center_tco2e)})*{cf},0)"
