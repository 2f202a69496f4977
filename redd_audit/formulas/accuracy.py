"""Formula builders of :mod:`redd_audit.methodology.accuracy` (Olofsson et al. 2014)."""

from __future__ import annotations

from redd_audit.formulas.expression import operand


def users_accuracy_fraction(n_diagonal: str, n_map_class: str) -> str:
    """``=IF(n_i·>0,n_ii/n_i·,"")`` (empty when no sample is mapped as i)."""
    d, n = operand(n_diagonal), operand(n_map_class)
    return f'=IF({n}>0,{d}/{n},"")'


def cell_proportion_fraction(stratum_weight: str, n_cell: str, n_map_class: str) -> str:
    """``=IF(n_i·>0,W_i*n_ij/n_i·,0)`` (eq. 9)."""
    w, c, n = operand(stratum_weight), operand(n_cell), operand(n_map_class)
    return f"=IF({n}>0,{w}*{c}/{n},0)"


def area_proportion_fraction(cell_proportions: str) -> str:
    """``=SUM(p_1j:p_kj)`` (eq. 9, column total)."""
    return f"=SUM({cell_proportions})"


def overall_accuracy_fraction(diagonal_proportions: str) -> str:
    """``=SUM(p_11,p_22,…)`` (a range or the diagonal cells separated by commas)."""
    return f"=SUM({diagonal_proportions})"


def producers_accuracy_fraction(p_diagonal: str, area_proportion: str) -> str:
    """``=IF(p_·j>0,p_jj/p_·j,"")`` (eq. 7)."""
    d, p = operand(p_diagonal), operand(area_proportion)
    return f'=IF({p}>0,{d}/{p},"")'


def area_proportion_variance_term(stratum_weight: str, n_cell: str, n_map_class: str) -> str:
    """``=IF(n_i·>1,W_i*W_i*(n_ij/n_i·)*(1-n_ij/n_i·)/(n_i·-1),0)`` (eq. 10)."""
    w, c, n = operand(stratum_weight), operand(n_cell), operand(n_map_class)
    q = f"({c}/{n})"
    return f"=IF({n}>1,{w}*{w}*{q}*(1-{q})/({n}-1),0)"


def area_proportion_ci95(variance_terms: str, *, z_95: str = "z_95") -> str:
    """``=z_95*SQRT(SUM(V_1j:V_kj))`` (eq. 10)."""
    return f"={z_95}*SQRT(SUM({variance_terms}))"


def proportion_outside_ci(mapped: str, adjusted: str, ci95: str) -> str:
    """``=OR(mapped<adjusted-ci95,mapped>adjusted+ci95)`` (contract 5.6)."""
    m, a, c = operand(mapped), operand(adjusted), operand(ci95)
    return f"=OR({m}<{a}-{c},{m}>{a}+{c})"
