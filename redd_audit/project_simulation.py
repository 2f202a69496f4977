"""Settings of the uncertainty rule and the Monte Carlo simulation (contract 7.1.1).

``accounting.uncertainty.rule`` names the deduction rule; each rule's settings live under its own
key (``vcs_xunc``, ``art_trees``, ``fcpf``), and :meth:`DeductionRules.selected` is the one in
force. ``accounting.simulation`` sets the draws. Every model forbids unknown keys and refuses
values out of their domain (contract 7.7: fractions outside [0, 1], bounds not strictly
increasing, ``len(factors) ≠ len(bounds) + 1``, a confidence outside (0, 1), iterations outside
[1,000, 1,000,000], a seed outside [0, 2**63)), so ``project.yaml`` fails to load (exit 2).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from itertools import pairwise
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, model_validator

Fraction = Annotated[float, Field(ge=0.0, le=1.0)]
OpenFraction = Annotated[float, Field(gt=0.0, lt=1.0)]
Positive = Annotated[float, Field(gt=0.0)]
Decimals = Annotated[StrictInt, Field(ge=0, le=15)]

#: ``accounting.uncertainty.rule`` values (contract 7.3).
RULES = ("vcs-xunc", "art-trees", "fcpf")
MIN_ITERATIONS, MAX_ITERATIONS = 1_000, 1_000_000
SEED_LIMIT = 2**63


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class VcsXuncRule(_Strict):
    """``vcs-xunc``: NER_ERROR by the X-UNC propagation (default) or from the simulation."""

    source: Literal["propagation", "simulation"] = "propagation"


class ArtTreesRule(_Strict):
    """``art-trees`` (TREES v2.0 Section 8, contract 7.3.2)."""

    center: Literal["deterministic", "mean", "median"] = "deterministic"
    half_width_reference: Literal["mean", "median"] = "mean"
    confidence: OpenFraction = 0.90
    ua_scale: Positive = 0.524417
    t90: Positive = 1.645006
    leakage: Literal["computed", "fraction"] = "computed"
    leakage_fraction: Fraction = 0.0
    ua_source: Literal["vintage", "period"] = "vintage"
    ci_bound_decimals: Decimals | None = None
    half_width_decimals: Decimals | None = None
    ua_decimals: Decimals | None = None


class FcpfRule(_Strict):
    """``fcpf`` (FCPF Carbon Fund, ER-MR Table 8, contract 7.3.3)."""

    center: Literal["deterministic", "median"] = "deterministic"
    half_width_reference: Literal["mean", "median"] = "median"
    confidence: OpenFraction = 0.90
    bounds: tuple[float, ...] = (0.15, 0.30, 0.60, 1.00)
    factors: tuple[Fraction, ...] = (0.0, 0.04, 0.08, 0.12, 0.15)
    ci_bound_decimals: Decimals | None = None
    relative_margin_decimals: Decimals | None = None
    proxy_er_factor: Fraction = 0.15

    @model_validator(mode="after")
    def _tiers(self) -> FcpfRule:
        b = self.bounds
        if not b or any(not math.isfinite(x) for x in b) or any(y <= x for x, y in pairwise(b)):
            raise ValueError(f"bounds {list(b)} must be finite and strictly increasing")
        if len(self.factors) != len(b) + 1:
            raise ValueError(
                f"factors: {len(self.factors)} given, {len(b) + 1} needed (len(bounds) + 1)"
            )
        return self


class DeductionRules(_Strict):
    """The rule in force and every rule's settings (``accounting.uncertainty``, contract 7.1.1)."""

    rule: Literal["vcs-xunc", "art-trees", "fcpf"] = "vcs-xunc"
    vcs_xunc: VcsXuncRule = Field(default_factory=VcsXuncRule)
    art_trees: ArtTreesRule = Field(default_factory=ArtTreesRule)
    fcpf: FcpfRule = Field(default_factory=FcpfRule)

    def selected(self) -> VcsXuncRule | ArtTreesRule | FcpfRule:
        """The settings of the rule in force."""
        if self.rule == "art-trees":
            return self.art_trees
        return self.fcpf if self.rule == "fcpf" else self.vcs_xunc

    @property
    def needs_draws(self) -> bool:
        """``art-trees`` and ``fcpf`` always, ``vcs-xunc`` with ``source: simulation``."""
        return self.rule != "vcs-xunc" or self.vcs_xunc.source == "simulation"


class Convergence(_Strict):
    window: Annotated[StrictInt, Field(ge=1)] = 1000
    running_mean_band_fraction: Fraction = 0.005
    half_width_band_fraction: Fraction = 0.01


class Sensitivity(_Strict):
    tornado: bool = True
    variance_share: bool = True


class SimulationSettings(_Strict):
    """``accounting.simulation`` (contract 7.1.1, 7.2)."""

    enabled: bool = False
    iterations: Annotated[StrictInt, Field(ge=MIN_ITERATIONS, le=MAX_ITERATIONS)] = 10_000
    #: None: derived from the project, the period and the inputs (contract 7.2.2).
    seed: Annotated[StrictInt, Field(ge=0, lt=SEED_LIMIT)] | None = None
    percentile_method: Literal["linear", "weibull"] = "linear"
    store_draws: Literal["parquet", "csv", "none"] = "parquet"
    draws_in_workbook: Literal["auto", "always", "never"] = "auto"
    chunk_draws: Annotated[StrictInt, Field(ge=1)] = 2000
    convergence: Convergence = Field(default_factory=Convergence)
    sensitivity: Sensitivity = Field(default_factory=Sensitivity)


def draws_missing(
    rules: DeductionRules, simulation: SimulationSettings, tables: Iterable[str]
) -> str | None:
    """Why a run cannot size the selected rule (exit 2, contract 7.1.1, 7.7), or None.

    ``art-trees``, ``fcpf`` and ``vcs_xunc.source: simulation`` read draws: the tool's
    (``accounting.simulation.enabled: true``) or the proponent's (table ``simulation_draws``).
    """
    if not rules.needs_draws or simulation.enabled or "simulation_draws" in set(tables):
        return None
    which = (
        "uncertainty.vcs_xunc.source: simulation"
        if rules.rule == "vcs-xunc"
        else f"uncertainty.rule {rules.rule}"
    )
    return (
        f"{which} sizes the deduction from draws: set accounting.simulation.enabled: true "
        "or provide the proponent's draws as table simulation_draws"
    )
