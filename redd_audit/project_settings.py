"""Settings of ``project.yaml`` below the top level (contract.md section 2.1).

Every model forbids unknown keys, so a misspelt setting is refused rather than replaced by its
default; :mod:`redd_audit.project` assembles them into the :class:`~redd_audit.project.Project`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from redd_audit.project_simulation import (
    DeductionRules,
    SimulationSettings,
)

Fraction = Annotated[float, Field(ge=0.0, le=1.0)]
NonNegative = Annotated[float, Field(ge=0.0)]
Positive = Annotated[float, Field(gt=0.0)]
Years = Annotated[int, Field(ge=1, le=100)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Methodology(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = "VM0007"
    version: str = "1.x"
    modules: dict[str, str] = Field(default_factory=dict)

    @field_validator("version", mode="before")
    @classmethod
    def _text(cls, value: object) -> object:
        return str(value) if isinstance(value, int | float) else value

    @field_validator("modules", mode="before")
    @classmethod
    def _module_text(cls, value: object) -> object:
        if isinstance(value, dict):
            return {str(k): str(v) for k, v in value.items()}
        return value


class DateRange(_Strict):
    start: dt.date
    end: dt.date

    @model_validator(mode="after")
    def _ordered(self) -> DateRange:
        if self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self


class EmissionScheduleYears(_Strict):
    """Years over which each pool's stock on a cleared hectare is emitted (BL-UP; [U] per pool)."""

    above_ground: Years = 1
    below_ground: Years = 10
    dead_wood: Years = 1
    litter: Years = 1


class GWP(_Strict):
    """Global warming potentials (tCO2e per t gas); default IPCC AR4 (VCS v4)."""

    ch4: Positive = 25.0
    n2o: Positive = 298.0


class FireEmissionFactors(_Strict):
    """E-BB emission factors, g gas per kg dry matter burnt (IPCC 2006 Table 2.5)."""

    ch4: NonNegative = 6.8
    n2o: NonNegative = 0.2


class UncertaintySettings(DeductionRules):
    """X-UNC's settings, and the deduction rule with every rule's settings (contract 7.1.1)."""

    allowable_fraction: Fraction = 0.15
    baseline_fraction: Fraction | None = None
    project_fraction: Fraction | None = None


class BufferSettings(_Strict):
    risk_rating_fraction: Fraction


class RuleSet(_Strict):
    """The conventions the domain notes mark uncertain ([U]), each a named, versioned setting.

    Defaults follow contract.md section 2.1 (VM0007 REDD-MF as this project reads it).
    """

    id: str = "vm0007-redd-mf/contract-1"
    #: LK-ASU: max(0, ·) applied per vintage (contract) or once over the monitoring period.
    leakage_netting: Literal["per_vintage", "per_period"] = "per_vintage"
    #: Buffer base (contract 7.4): the carbon-stock change before leakage (``before_leakage``
    #: is read as ``stock_change``), the NER after leakage, the net (adjusted) NER, or the stock
    #: change after the uncertainty deduction.
    buffer_base: Literal["stock_change", "after_leakage", "net", "adjusted_stock_change"] = (
        "stock_change"
    )
    #: X-UNC weights of the with-project propagation: each stratum's total project emissions
    #: (deforestation + fire) or its deforestation (stock) emissions only.
    uncertainty_project_weights: Literal["total_emissions", "stock_emissions"] = "total_emissions"
    #: A vintage whose net reduction is negative (a reversal) keeps its NER unadjusted.
    reversal_deduction: Literal["none", "apply_factor"] = "none"
    #: GWP set label shown beside the GWP values (the values themselves are in accounting.gwp).
    gwp_set: str = "IPCC AR4"

    @field_validator("buffer_base", mode="before")
    @classmethod
    def _buffer_base_alias(cls, value: object) -> object:
        return "stock_change" if value == "before_leakage" else value


class MonitoringSettings(_Strict):
    """How monitored areas are allocated to vintages (contract.md section 8.3)."""

    #: ``dated``: an event counts in the vintage holding its date; ``even``: events dated in
    #: the monitoring interval are spread over its vintages by year fraction.
    annualize: Literal["dated", "even"] = "dated"


class BaselineSettings(_Strict):
    """Where the baseline comes from (contract.md section 8.4)."""

    #: ``exante_cohorts``: recomputed from ``baseline_exante``; ``fixed_table``: the PD's
    #: per-vintage emissions in ``baseline_emissions``.
    source: Literal["exante_cohorts", "fixed_table"] = "exante_cohorts"


class ImmigrantLeakageSettings(_Strict):
    """LK-ASU leakage of immigrant agents outside the leakage belt (contract.md section 8.6)."""

    enabled: bool = False
    #: PROP_IMM: share of the baseline deforestation caused by recent immigrants [-].
    prop_imm_fraction: Fraction | None = None
    #: C_OLB as applied, per hectare deforested outside the belt [tCO2e ha⁻¹] ...
    outside_belt_emission_tco2e_per_ha: NonNegative | None = None
    #: ... or in tC ha⁻¹ (× 44/12); exactly one of the two.
    outside_belt_emission_tc_per_ha: NonNegative | None = None
    #: Deforestation that captured immigrants: in the project area and the belt, or the belt only.
    actual_area: Literal["project_and_belt", "belt_only"] = "project_and_belt"
    #: A_LK-OLB = max(0, ·); ``false`` keeps a negative value (a leakage credit).
    floor_at_zero: bool = True

    @model_validator(mode="after")
    def _complete(self) -> ImmigrantLeakageSettings:
        if not self.enabled:
            return self
        if self.prop_imm_fraction is None:
            raise ValueError("immigrant leakage is enabled: give prop_imm_fraction (PROP_IMM)")
        given = [
            k
            for k in ("outside_belt_emission_tco2e_per_ha", "outside_belt_emission_tc_per_ha")
            if getattr(self, k) is not None
        ]
        if len(given) != 1:
            raise ValueError(
                "immigrant leakage is enabled: give exactly one of "
                "outside_belt_emission_tco2e_per_ha and outside_belt_emission_tc_per_ha "
                f"(C_OLB); given: {', '.join(given) or 'neither'}"
            )
        return self


class LeakageSettings(_Strict):
    immigrants: ImmigrantLeakageSettings = Field(default_factory=ImmigrantLeakageSettings)


def check_month_day(value: str) -> tuple[int, int]:
    """(month, day) of an ``MM-DD`` text; ValueError unless it is a day of every year."""
    if not re.fullmatch(r"\d{2}-\d{2}", value):
        raise ValueError(f'project_year_start must be MM-DD (e.g. "07-01"), got {value!r}')
    month, day = int(value[:2]), int(value[3:])
    if (month, day) == (2, 29):
        raise ValueError("project_year_start 02-29 is not a day of every year")
    try:
        dt.date(2001, month, day)
    except ValueError:
        raise ValueError(f"project_year_start {value!r} is not a day of the year") from None
    return month, day


class Accounting(_Strict):
    emission_schedule_years: EmissionScheduleYears = Field(default_factory=EmissionScheduleYears)
    gwp: GWP = Field(default_factory=GWP)
    fire_emission_factors_g_per_kg: FireEmissionFactors = Field(default_factory=FireEmissionFactors)
    uncertainty: UncertaintySettings = Field(default_factory=UncertaintySettings)
    buffer: BufferSettings
    #: Vintages: calendar years, or project years from ``project_year_start`` (section 8.2).
    vintage_allocation: Literal["calendar_year", "project_year"] = "calendar_year"
    #: ``MM-DD``, the first day of every project year (``project_year`` only).
    project_year_start: str | None = None
    #: A project year's label: the calendar year in which it ends (or starts).
    project_year_label: Literal["end_year", "start_year"] = "end_year"
    monitoring: MonitoringSettings = Field(default_factory=MonitoringSettings)
    baseline: BaselineSettings = Field(default_factory=BaselineSettings)
    leakage: LeakageSettings = Field(default_factory=LeakageSettings)
    #: Which carbon stocks drive the accounting: the validated ones in this file (default) or
    #: those recomputed from the inventory tables.
    carbon_stock_source: Literal["validated", "inventory"] = "validated"
    rules: RuleSet = Field(default_factory=RuleSet)
    #: The Monte Carlo simulation (contract 7.1.1, 7.2); off by default.
    simulation: SimulationSettings = Field(default_factory=SimulationSettings)

    @field_validator("project_year_start", mode="before")
    @classmethod
    def _month_day_text(cls, value: object) -> object:
        if isinstance(value, int) and not isinstance(value, bool):
            raise ValueError(f"project_year_start must be MM-DD text in quotes, got {value!r}")
        return value

    @model_validator(mode="after")
    def _project_years(self) -> Accounting:
        if self.vintage_allocation == "calendar_year":
            if self.project_year_start is not None:
                raise ValueError(
                    "project_year_start is set but vintage_allocation is calendar_year; "
                    "set vintage_allocation: project_year or remove project_year_start"
                )
        elif self.project_year_start is None:
            raise ValueError(
                'vintage_allocation project_year needs project_year_start (MM-DD, e.g. "07-01")'
            )
        else:
            check_month_day(self.project_year_start)
        return self


class Pools(_Strict):
    above_ground: NonNegative
    below_ground: NonNegative = 0.0
    dead_wood: NonNegative = 0.0
    litter: NonNegative = 0.0

    @property
    def total(self) -> float:
        return self.above_ground + self.below_ground + self.dead_wood + self.litter


class FireParameters(_Strict):
    fuel_t_dm_per_ha: NonNegative
    combustion_factor: Fraction


class InventorySettings(_Strict):
    """How carbon stocks are recomputed from the inventory (CP-AB, VMD0001)."""

    #: Below-ground biomass: IPCC root-to-shoot ratio or Mokany et al. (2006).
    below_ground_method: Literal["root_to_shoot", "mokany_2006"] = "root_to_shoot"
    root_to_shoot_ratio: NonNegative = 0.37
    carbon_fraction: Fraction = 0.47
    #: Chave et al. (2014) environmental-stress covariate E for the no-height equation.
    environmental_stress_e: float = -0.10
    #: Target precision of the stratum mean (half-width of the 95 % CI over the mean).
    target_precision_fraction: Fraction = 0.10
    #: Campaign window: plots measured outside it are findings (warnings).
    measured_from: dt.date | None = None
    measured_to: dt.date | None = None


class MapAccuracySettings(_Strict):
    min_overall_accuracy_fraction: Fraction = 0.90
    #: A breach of the threshold is a finding of this severity.
    severity: Literal["error", "warning"] = "error"
    min_samples_per_class: int = Field(default=50, ge=1)
    #: The map class that stands for deforestation (contract 5.6): its user's and producer's
    #: accuracy and bias are reported on their own.
    change_class: str = Field(default="deforestation", min_length=1)
    #: A_map, the total area the accuracy weights are shares of (contract 5.9, the size of a map
    #: bias); null: the total area of the project-area strata.
    mapped_area_ha: float | None = Field(default=None, gt=0)


class Document(_Strict):
    """A document cited by parameters, stocks, ex-ante estimates and claims."""

    id: str = Field(min_length=1)
    title: str = Field(min_length=1)
    version: str = ""
    date: dt.date | None = None

    @field_validator("id", "version", mode="before")
    @classmethod
    def _text(cls, value: object) -> object:
        return str(value) if isinstance(value, int | float) else value

    @field_validator("id")
    @classmethod
    def _plain_id(cls, value: str) -> str:
        hidden = [f"U+{ord(c):04X}" for c in value if unicodedata.category(c) in ("Cc", "Cf")]
        if hidden:
            raise ValueError(
                f"document id holds an invisible character {', '.join(hidden)}; "
                "ids must be plain text"
            )
        return value
