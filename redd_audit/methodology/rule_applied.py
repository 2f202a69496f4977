"""A draws-based deduction rule applied to the recomputed figures (contract 7.3 in ``run``).

The deterministic engine sizes the uncertainty deduction by the X-UNC propagation. When
``accounting.uncertainty.rule`` is ``art-trees`` or ``fcpf``, or ``vcs-xunc`` with
``vcs_xunc.source: simulation``, the deduction is sized on draws (the tool's simulation or the
proponent's ``simulation_draws``) by :func:`redd_audit.methodology.deductions.deduction_result`;
this module carries that result into the vintages: the adjusted NER, the buffer (its base may
read the adjusted NER or the deduction factor, contract 7.4), the VCUs, the figures as reports
present them and the period totals. Baseline, project, leakage and NER never change.

Per rule (contract 7.3.1-7.3.4):

* ``vcs-xunc``: ``Adjusted_NER_v = NER_v × factor(E)``, E the simulated NER_ERROR of the period
  series; a reversal follows ``accounting.rules.reversal_deduction`` as under the propagation.
* ``art-trees``: ``Adjusted_NER_t = NER_t − UNC_t``, ``UNC_t = |center_t × UA_t|``; in a
  reversal year UNC_t is still deducted (``reversal_deduction`` does not apply).
* ``fcpf``: ``Adjusted_NER_v = NER_v × (1 − CF)``; a reversal follows ``reversal_deduction``
  (our convention: the set-aside never shrinks a reversal unless ``apply_factor``).

``totals.ner_error_fraction`` becomes the rule's period half-width fraction (E, HW90 of the
period series, U) and ``totals.deduction_factor`` is ``Σ adjusted NER / Σ NER`` (1 when
Σ NER ≤ 0) for ``art-trees`` and ``fcpf``, the factor itself for ``vcs-xunc``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

import pandas as pd

from redd_audit.methodology.buffer import buffer_base_tco2e, buffer_withholding_tco2e
from redd_audit.methodology.deductions import (
    DeductionResult,
    RuleSettings,
    period_deduction_factor,
)
from redd_audit.methodology.figures import Recomputation, RuleInForce, VintageFigures
from redd_audit.methodology.net_reductions import (
    adjusted_net_emission_reductions_tco2e,
    deducts_reversals,
    verified_carbon_units,
)
from redd_audit.methodology.reconciliation import reconcile_claims
from redd_audit.methodology.reported import reported_figures

if TYPE_CHECKING:
    from redd_audit.project_settings import Accounting

SERIES_PREFIX = "gross_er_tco2e_"


def vintage_of(series_name: str) -> int | None:
    """The vintage of a series name ``gross_er_tco2e_<v>``; None for the period series."""
    suffix = series_name.removeprefix(SERIES_PREFIX)
    return int(suffix) if suffix.isdigit() else None


def rule_in_force(
    result: DeductionResult, settings: RuleSettings, draws_source: str
) -> RuleInForce:
    """Read a :class:`DeductionResult` as the deduction the vintages take.

    An FCPF conservativeness factor that is undefined (median ≤ 0) sets nothing aside.
    """
    period = result.period
    if period is None:
        raise ValueError("a rule applied in run needs the period series")
    by_vintage = {v: d for d in result.vintages if (v := vintage_of(d.name)) is not None}
    half_widths = {
        v: (period.half_width_fraction if result.applies_to == "period" else d.half_width_fraction)
        for v, d in by_vintage.items()
    }
    if result.rule == "art-trees":
        return RuleInForce(
            rule=result.rule,
            draws_source=draws_source,
            period_half_width_fraction=period.half_width_fraction,
            kept_fraction=None,
            deductions_tco2e={v: d.uncertainty_deduction_tco2e for v, d in by_vintage.items()},
            half_width_by_vintage=half_widths,
            settings=settings,
            result=result,
        )
    kept = period.adjustment_fraction
    if result.rule == "fcpf":
        cf = period.adjustment_fraction
        kept = 1.0 if math.isnan(cf) else 1.0 - cf
    return RuleInForce(
        rule=result.rule,
        draws_source=draws_source,
        period_half_width_fraction=period.half_width_fraction,
        kept_fraction=kept,
        deductions_tco2e={},
        half_width_by_vintage=half_widths,
        settings=settings,
        result=result,
    )


def _adjusted(figure: VintageFigures, rule: RuleInForce, deduct_reversals: bool) -> float:
    if rule.kept_fraction is None:
        return figure.ner_tco2e - rule.deductions_tco2e.get(figure.vintage, 0.0)
    return adjusted_net_emission_reductions_tco2e(
        figure.ner_tco2e, rule.kept_fraction, deduct_reversals
    )


def figures_under_rule(
    figures: Sequence[VintageFigures], accounting: Accounting, rule: RuleInForce
) -> tuple[list[VintageFigures], float]:
    """The vintages with the rule's deduction, and the period deduction factor.

    The period deduction factor is the X-UNC factor itself under ``vcs-xunc`` and
    ``Σ adjusted NER / Σ NER`` under ``art-trees`` and ``fcpf`` (contract 7.3.4); the buffer
    base ``adjusted_stock_change`` multiplies the stock change by it.
    """
    deduct = deducts_reversals(accounting.rules.reversal_deduction)
    adjusted = [_adjusted(f, rule, deduct) for f in figures]
    if rule.rule == "vcs-xunc" and rule.kept_fraction is not None:
        factor = rule.kept_fraction
    else:
        factor = period_deduction_factor(sum(adjusted), sum(f.ner_tco2e for f in figures))
    rating = accounting.buffer.risk_rating_fraction
    out = []
    for f, adj in zip(figures, adjusted, strict=True):
        base = buffer_base_tco2e(
            f.baseline_tco2e, f.project_stock_tco2e, factor, accounting.rules.buffer_base,
            f.ner_tco2e, adj,
        )  # fmt: skip
        buffer = buffer_withholding_tco2e(rating, base, f.ner_tco2e)
        half_width = rule.half_width_by_vintage.get(f.vintage, rule.period_half_width_fraction)
        revised = replace(
            f,
            adjusted_ner_tco2e=adj,
            buffer_base_tco2e=base,
            buffer_tco2e=buffer,
            vcus=verified_carbon_units(adj, buffer, f.ner_tco2e),
            uncertainty_deduction_tco2e=f.ner_tco2e - adj,
            deduction_factor=_vintage_factor(adj, f.ner_tco2e, rule),
            half_width_fraction=None if math.isnan(half_width) else half_width,
        )
        out.append(
            replace(
                revised,
                reported=reported_figures(revised, rating, accounting.rules.buffer_base, factor),
            )
        )
    return out, factor


def _vintage_factor(adjusted: float, ner: float, rule: RuleInForce) -> float:
    """The share of the vintage's NER kept: the period rule's factor, else adjusted / NER."""
    if rule.kept_fraction is not None:
        return rule.kept_fraction
    return adjusted / ner if ner != 0.0 else 1.0


def totals_under_rule(
    totals: dict[str, float], figures: Sequence[VintageFigures], rule: RuleInForce, factor: float
) -> dict[str, float]:
    """``totals`` with the rule's adjusted NER, buffer, VCUs, half-width and factor."""
    return {
        **totals,
        "ner_error_fraction": _finite(rule.period_half_width_fraction),
        "deduction_factor": factor,
        "adjusted_ner_tco2e": float(sum(f.adjusted_ner_tco2e for f in figures)),
        "buffer_tco2e": float(sum(f.buffer_tco2e for f in figures)),
        "vcus": sum(f.vcus for f in figures),
    }


def recomputation_under_rule(
    recomputation: Recomputation,
    accounting: Accounting,
    rule: RuleInForce,
    claimed: pd.DataFrame | None,
    materiality_fraction: float,
) -> Recomputation:
    """The recomputation with the rule's deduction in every vintage, the totals and the
    reconciliation of the claims (adjusted NER, buffer and VCUs change; the rest stays)."""
    figures, factor = figures_under_rule(recomputation.vintages, accounting, rule)
    return replace(
        recomputation,
        vintages=figures,
        totals=totals_under_rule(recomputation.totals, figures, rule, factor),
        reconciliation=reconcile_claims(claimed, figures, materiality_fraction),
        rule=rule,
    )


def _finite(value: float) -> float:
    """A half-width fraction that is not evaluable (reference 0) is reported as 0."""
    return 0.0 if math.isnan(value) else value
