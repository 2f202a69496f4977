"""Typed project definition, loaded from ``project.yaml`` (contract.md section 2.1).

Every setting is validated here: fractions must lie in 0–1 (a value such as ``15`` for a
15 % buffer is refused with a hint), schedules are whole years, and table paths must stay
inside the project folder. A malformed file raises :class:`~redd_audit.errors.InputError`
naming the setting.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from redd_audit.errors import InputError

Fraction = Annotated[float, Field(ge=0.0, le=1.0)]
NonNegative = Annotated[float, Field(ge=0.0)]
Positive = Annotated[float, Field(gt=0.0)]
Years = Annotated[int, Field(ge=1, le=100)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Methodology(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)
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


class UncertaintySettings(_Strict):
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
    #: Buffer base: carbon-stock part of the net reduction (contract), optionally after the
    #: uncertainty deduction.
    buffer_base: Literal["stock_change", "adjusted_stock_change"] = "stock_change"
    #: X-UNC weights of the with-project propagation: each stratum's total project emissions
    #: (deforestation + fire) or its deforestation (stock) emissions only.
    uncertainty_project_weights: Literal["total_emissions", "stock_emissions"] = "total_emissions"
    #: A vintage whose net reduction is negative (a reversal) keeps its NER unadjusted.
    reversal_deduction: Literal["none", "apply_factor"] = "none"
    #: GWP set label shown beside the GWP values (the values themselves are in accounting.gwp).
    gwp_set: str = "IPCC AR4"


class Accounting(_Strict):
    emission_schedule_years: EmissionScheduleYears = Field(default_factory=EmissionScheduleYears)
    gwp: GWP = Field(default_factory=GWP)
    fire_emission_factors_g_per_kg: FireEmissionFactors = Field(default_factory=FireEmissionFactors)
    uncertainty: UncertaintySettings = Field(default_factory=UncertaintySettings)
    buffer: BufferSettings
    vintage_allocation: Literal["calendar_year"] = "calendar_year"
    #: Which carbon stocks drive the accounting: the validated ones in this file (default) or
    #: those recomputed from the inventory tables.
    carbon_stock_source: Literal["validated", "inventory"] = "validated"
    rules: RuleSet = Field(default_factory=RuleSet)


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


class Stratum(_Strict):
    id: str
    name: str = ""
    area_ha: Positive
    carbon_tc_per_ha: Pools
    post_deforestation_tc_per_ha: NonNegative = 0.0
    carbon_uncertainty_fraction: Fraction = 0.0
    fire: FireParameters | None = None

    @field_validator("id", mode="before")
    @classmethod
    def _id_text(cls, value: object) -> object:
        return str(value) if isinstance(value, int) else value


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


class Project(BaseModel):
    """A project definition (contract.md section 2.1). Unknown top-level keys are kept."""

    model_config = ConfigDict(extra="allow", frozen=True)

    id: str
    name: str = ""
    proponent: str = ""
    verifier: str = ""
    standards: list[str] = Field(default_factory=list)
    methodology: Methodology = Field(default_factory=Methodology)
    crediting_period: DateRange
    materiality_fraction: Fraction = 0.05
    accounting: Accounting
    strata: list[Stratum] = Field(min_length=1)
    inventory: InventorySettings = Field(default_factory=InventorySettings)
    map_accuracy: MapAccuracySettings = Field(default_factory=MapAccuracySettings)
    #: Optional table paths relative to the project folder (default: ``<table>.csv|xlsx|geojson``).
    tables: dict[str, str] = Field(default_factory=dict)

    @field_validator("id", mode="before")
    @classmethod
    def _id_text(cls, value: object) -> object:
        return str(value) if isinstance(value, int) else value

    @model_validator(mode="after")
    def _unique_strata(self) -> Project:
        ids = [s.id for s in self.strata]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"stratum ids must be unique; repeated: {', '.join(duplicates)}")
        return self

    def stratum(self, stratum_id: str) -> Stratum:
        for s in self.strata:
            if s.id == stratum_id:
                return s
        raise KeyError(stratum_id)

    @property
    def stratum_ids(self) -> list[str]:
        return [s.id for s in self.strata]


_FRACTION_HINT = "a fraction between 0 and 1 (write 0.15 for 15 %)"


def _describe(error: dict[str, object]) -> str:
    location = ".".join(str(p) for p in error.get("loc", ()))  # type: ignore[union-attr]
    value = error.get("input")
    kind = str(error.get("type", ""))
    message = str(error.get("msg", ""))
    if kind == "less_than_equal" and isinstance(value, int | float) and 1 < value <= 100:
        message = f"must be {_FRACTION_HINT}; {value} looks like a percentage"
    elif kind == "missing":
        message = "is required but missing"
    elif kind == "extra_forbidden":
        message = "is not a known setting (check the spelling against contract.md section 2.1)"
    shown = "" if kind in {"missing"} or isinstance(value, dict | list) else f" = {value!r}"
    return f"setting '{location}'{shown}: {message}"


def load_project(project_dir: Path) -> Project:
    """Read and validate ``project.yaml`` in ``project_dir``.

    Raises
    ------
    InputError
        When the folder or file is missing, the YAML does not parse, or a setting is invalid.
    """
    if not project_dir.is_dir():
        raise InputError(f"project folder not found: {project_dir}")
    path = project_dir / "project.yaml"
    if not path.is_file():
        raise InputError("required file is missing", file=str(path))
    try:
        raw_text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not valid UTF-8 (byte 0x{exc.object[exc.start]:02x} at offset {exc.start})",
            file=str(path),
        ) from None
    try:
        data = yaml.safe_load(raw_text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        row = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or "malformed YAML"
        raise InputError(f"malformed YAML: {problem}", file=str(path), row=row) from None
    if not isinstance(data, dict):
        raise InputError("expected a mapping of settings at the top level", file=str(path))
    try:
        project = Project.model_validate(data)
    except ValidationError as exc:
        messages = [_describe(e) for e in exc.errors()]  # type: ignore[arg-type]
        raise InputError("; ".join(messages), file=str(path)) from None
    return project
