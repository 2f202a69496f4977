"""The results of one recomputation: per-vintage figures, uncertainty, inventory, the whole.

Plain records: :mod:`redd_audit.methodology.engine` fills them, the workbook, ``summary.json``
and the sampling read them. Field names follow docs/nomenclature.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd

from redd_audit.methodology.accuracy import AccuracyAssessment
from redd_audit.methodology.deductions import DeductionResult, RuleSettings


@dataclass(frozen=True)
class ReconciliationLine:
    """One claimed quantity of one vintage against the recomputation (the Reconciliation
    sheet's row; :func:`redd_audit.methodology.reconciliation.reconcile` builds it)."""

    vintage: int
    quantity: str
    claimed: float
    recomputed: float
    difference: float
    difference_fraction: float | None
    material: bool

    def to_dict(self) -> dict[str, object]:
        return {
            "vintage": self.vintage,
            "quantity": self.quantity,
            "claimed": self.claimed,
            "recomputed": self.recomputed,
            "difference": self.difference,
            "difference_fraction": self.difference_fraction,
            "material": self.material,
            "rounding": self.rounding,
        }

    @property
    def rounding(self) -> bool:
        """The difference is within whole-tonne rounding of a report's figures: at most
        1 tCO2e, 2 for ``ner_tco2e`` (derived from rounded columns) (contract 8.8)."""
        return abs(self.difference) <= (2.0 if self.quantity == "ner_tco2e" else 1.0)


@dataclass(frozen=True)
class Note:
    """A finding the recomputation raises on a convention of contract section 8 (``error``
    blocks the gate; ``warning`` and ``info`` are reported)."""

    severity: str
    message: str
    file: str
    column: str | None = None
    row: int | None = None


@dataclass(frozen=True)
class ImmigrantLeakage:
    """LK-ASU leakage of immigrants outside the belt in one vintage (contract 8.6, 8.9)."""

    prop_imm_fraction: float
    baseline_area_ha: float
    immigrant_area_ha: float
    project_deforestation_ha: float
    belt_deforestation_ha: float
    captured_immigrant_area_ha: float
    outside_belt_area_ha: float
    emission_tco2e_per_ha: float
    leakage_tco2e: float


@dataclass(frozen=True)
class ReportedFigures:
    """One vintage in whole tonnes, as a report's table of estimated net reductions."""

    baseline_tco2e: float
    project_tco2e: float
    leakage_tco2e: float
    ner_tco2e: float
    buffer_tco2e: float
    uncertainty_deduction_tco2e: float
    vcus: float


@dataclass(frozen=True)
class VintageFigures:
    vintage: int
    start: dt.date
    end: dt.date
    days: int
    year_fraction: float
    baseline_tco2e: float
    project_stock_tco2e: float
    project_fire_tco2e: float
    project_tco2e: float
    leakage_belt_tco2e: float
    leakage_belt_baseline_tco2e: float
    leakage_tco2e: float
    ner_tco2e: float
    adjusted_ner_tco2e: float
    buffer_base_tco2e: float
    buffer_tco2e: float
    vcus: int
    reversal: bool
    #: contract section 8: A_BSL,PA,v, ΔC_P,DistPA,v, ΔC_LK-ASU-LB,v, ΔC_LK-ASU-OLB,v
    baseline_area_ha: float = 0.0
    project_deforestation_tco2e: float = 0.0
    project_disturbance_tco2e: float = 0.0
    leakage_asu_lb_tco2e: float = 0.0
    leakage_asu_olb_tco2e: float = 0.0
    immigrant_leakage: ImmigrantLeakage | None = None
    #: the figures as reports present them (contract 8.8)
    reported: ReportedFigures | None = None
    #: contract 7.3.4: NER − adjusted NER, the share of NER kept, the half-width fraction the
    #: deduction was sized with (NER_ERROR under the X-UNC propagation)
    uncertainty_deduction_tco2e: float = 0.0
    deduction_factor: float = 1.0
    half_width_fraction: float | None = None

    def summary_dict(self) -> dict[str, object]:
        """The contract's ``vintages[]`` entry (summary.json), plus extra keys."""
        return {
            "vintage": self.vintage,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "days": self.days,
            "baseline_tco2e": self.baseline_tco2e,
            "project_tco2e": self.project_tco2e,
            "project_stock_tco2e": self.project_stock_tco2e,
            "project_fire_tco2e": self.project_fire_tco2e,
            "leakage_tco2e": self.leakage_tco2e,
            "ner_tco2e": self.ner_tco2e,
            "adjusted_ner_tco2e": self.adjusted_ner_tco2e,
            "uncertainty_deduction_tco2e": self.uncertainty_deduction_tco2e,
            "deduction_factor": self.deduction_factor,
            "half_width_fraction": self.half_width_fraction,
            "buffer_tco2e": self.buffer_tco2e,
            "vcus": self.vcus,
            "reversal": self.reversal,
            "year_fraction": self.year_fraction,
            "baseline_area_ha": self.baseline_area_ha,
            "project_deforestation_tco2e": self.project_deforestation_tco2e,
            "project_disturbance_tco2e": self.project_disturbance_tco2e,
            "leakage_belt_emissions_tco2e": self.leakage_belt_tco2e,
            "leakage_belt_baseline_tco2e": self.leakage_belt_baseline_tco2e,
            "leakage_asu_lb_tco2e": self.leakage_asu_lb_tco2e,
            "leakage_asu_olb_tco2e": self.leakage_asu_olb_tco2e,
            "immigrant_leakage": (
                asdict(self.immigrant_leakage)
                if isinstance(self.immigrant_leakage, ImmigrantLeakage)
                else None
            ),
            "reported": (
                asdict(self.reported) if isinstance(self.reported, ReportedFigures) else None
            ),
        }


@dataclass(frozen=True)
class UncertaintyResult:
    strata: pd.DataFrame  # stratum_id, uncertainty_fraction, baseline_tco2e, project_tco2e
    baseline_fraction: float
    baseline_fraction_source: str  # "propagated" | "given"
    project_fraction: float
    project_fraction_source: str
    ner_error_fraction: float
    allowable_fraction: float
    deduction_factor: float


@dataclass(frozen=True)
class InventoryResult:
    """Plot- and stratum-level results of the inventory (the per-tree table is not kept: the
    workbook re-performs the tree equations from the input rows)."""

    plots: pd.DataFrame
    strata: pd.DataFrame


@dataclass(frozen=True)
class RuleInForce:
    """What the selected rule decided, in the terms the vintages need.

    Attributes
    ----------
    rule : ``vcs-xunc``, ``art-trees`` or ``fcpf``
    draws_source : ``simulation`` or ``simulation_draws`` (the draws the rule read)
    period_half_width_fraction : E, HW90 of the period series or U (``totals.ner_error_fraction``)
    kept_fraction : the share of NER kept by a period rule (``vcs-xunc``: factor(E); ``fcpf``:
        1 − CF); None for ``art-trees``
    deductions_tco2e : UNC_t by vintage (``art-trees``); empty for a period rule
    half_width_by_vintage : the half-width fraction each vintage was sized with
    settings, result : the rule's settings and its figures on the draws (the workbook
        re-performs them from the percentiles)
    """

    rule: str
    draws_source: str
    period_half_width_fraction: float
    kept_fraction: float | None
    deductions_tco2e: dict[int, float]
    half_width_by_vintage: dict[int, float]
    settings: RuleSettings
    result: DeductionResult


@dataclass
class Recomputation:
    project_id: str
    period_start: dt.date
    period_end: dt.date
    vintages: list[VintageFigures]
    totals: dict[str, float]
    stocks: pd.DataFrame
    schedules: dict[str, np.ndarray]
    cohorts: pd.DataFrame
    emissions: pd.DataFrame
    fires: pd.DataFrame
    uncertainty: UncertaintyResult
    inventory: InventoryResult | None = None
    accuracy: AccuracyAssessment | None = None
    reconciliation: list[ReconciliationLine] = field(default_factory=list)
    exante_comparison: pd.DataFrame | None = None
    fire_emission_factor_tco2e_per_t_dm: float = 0.0
    #: findings on the conventions of contract section 8 (disturbance, leakage, periods)
    notes: list[Note] = field(default_factory=list)
    #: project-area disturbance cohorts (contract 8.5): zone, stratum_id, cohort_year,
    #: area_ha, area_in_period_ha; the workbook re-performs their emissions
    disturbance: pd.DataFrame | None = None
    #: the draws-based deduction rule applied to the figures (contract 7.3 in ``run``); None
    #: under the X-UNC propagation
    rule: RuleInForce | None = None
