"""Typed project definition, loaded from ``project.yaml`` (contract.md section 2.1).

Every setting is validated here: fractions must lie in 0–1 (a value such as ``15`` for a
15 % buffer is refused with a hint), schedules are whole years, and table paths must stay
inside the project folder. Unknown keys are refused at every level (with a "did you mean"
suggestion), so are duplicate keys and impossible dates (:mod:`redd_audit.project_yaml`). A
malformed file raises :class:`~redd_audit.errors.InputError` naming the setting and its line.

Names that become paths or spreadsheet criteria are restricted:

- the project ``id`` is a safe file name (:data:`PROJECT_ID_PATTERN`: letters, digits, ``.``,
  ``_``, ``-``; starting with a letter or digit; at most 64 characters; no ``..``), because
  outputs are written under ``<out>/<id>/``;
- a stratum ``id`` is NFC-normalised text without control or format characters, without
  leading or trailing spaces, without the spreadsheet wildcards ``*``, ``?``, ``~`` and not
  starting with a comparison operator ``=``, ``<``, ``>`` (SUMIFS/COUNTIFS would read such an
  id as a pattern or a comparison and match other strata); ids that differ only in letter case
  are refused (spreadsheet criteria ignore case).
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import unicodedata
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from redd_audit.errors import InputError
from redd_audit.parameters import CO2_PER_C
from redd_audit.project_settings import (
    Accounting,
    DateRange,
    Document,
    FireParameters,
    Fraction,
    InventorySettings,
    MapAccuracySettings,
    Methodology,
    NonNegative,
    Pools,
    Positive,
    _Strict,
)
from redd_audit.project_yaml import Lines, line_of, parse, suggestion

#: A project id: a safe file name (outputs go to ``<out>/<id>/``).
PROJECT_ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
#: Characters a spreadsheet criterion reads as wildcards (anywhere) or operators (leading).
CRITERIA_WILDCARDS = "*?~"
CRITERIA_OPERATORS = "=<>"
_MAX_STRATUM_ID = 64


def _invisible(text: str) -> list[str]:
    return [f"U+{ord(c):04X}" for c in text if unicodedata.category(c) in ("Cc", "Cf")]


def check_stratum_id(value: str) -> str:
    """The id NFC-normalised; ValueError when a spreadsheet criterion could not match it exactly."""
    text = unicodedata.normalize("NFC", value)
    if not text.strip():
        raise ValueError("a stratum id must not be empty")
    if _invisible(text):
        raise ValueError(
            f"stratum id {text!r} holds an invisible character {', '.join(_invisible(text))}"
        )
    if text != text.strip():
        raise ValueError(f"stratum id {text!r} has leading or trailing spaces")
    if len(text) > _MAX_STRATUM_ID:
        raise ValueError(f"a stratum id has at most {_MAX_STRATUM_ID} characters")
    wild = sorted({c for c in text if c in CRITERIA_WILDCARDS})
    if wild or text[0] in CRITERIA_OPERATORS:
        what = f"the wildcard(s) {' '.join(wild)}" if wild else f"the operator {text[0]!r} first"
        raise ValueError(
            f"stratum id {text!r} holds {what}; spreadsheet criteria (SUMIFS) would read it as a "
            f"pattern and match other strata: use letters, digits, spaces and - _ . / ( )"
        )
    return text


#: Stock settings a stratum may give in tC ha⁻¹ or in tCO2e ha⁻¹ (contract.md section 8.1).
STOCK_PAIRS = (
    ("carbon_tc_per_ha", "carbon_tco2e_per_ha"),
    ("post_deforestation_tc_per_ha", "post_deforestation_tco2e_per_ha"),
    ("post_disturbance_tc_per_ha", "post_disturbance_tco2e_per_ha"),
)


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _to_carbon(value: object) -> object:
    """A stock in tCO2e ha⁻¹ converted once to tC ha⁻¹ (÷ 44/12); other values as given."""
    if _number(value):
        return float(value) / CO2_PER_C  # type: ignore[arg-type]
    if isinstance(value, dict):
        return {k: _to_carbon(v) for k, v in value.items()}
    return value


class Stratum(_Strict):
    """A stratum; stocks in tC ha⁻¹, or in tCO2e ha⁻¹ through the ``*_tco2e_per_ha`` twins
    (exactly one of each pair), converted once by 12/44 and kept as given for display."""

    id: str
    name: str = ""
    area_ha: Positive
    carbon_tc_per_ha: Pools
    post_deforestation_tc_per_ha: NonNegative = 0.0
    #: C_P,Dist: stock remaining after a natural disturbance (M-MON; 0 conservatively).
    post_disturbance_tc_per_ha: NonNegative = 0.0
    carbon_tco2e_per_ha: Pools | None = None
    post_deforestation_tco2e_per_ha: NonNegative | None = None
    post_disturbance_tco2e_per_ha: NonNegative | None = None
    carbon_uncertainty_fraction: Fraction = 0.0
    fire: FireParameters | None = None

    @model_validator(mode="before")
    @classmethod
    def _stocks_in_carbon(cls, data: object) -> object:
        if not isinstance(data, dict):
            return data
        converted = dict(data)
        for tc_key, co2_key in STOCK_PAIRS:
            if tc_key in data and co2_key in data:
                raise ValueError(f"give {tc_key} or {co2_key}, not both")
            if co2_key in data:
                converted[tc_key] = _to_carbon(data[co2_key])
        if "carbon_tc_per_ha" not in converted:
            raise ValueError("a stratum needs carbon_tc_per_ha or carbon_tco2e_per_ha")
        return converted

    @field_validator("id", mode="before")
    @classmethod
    def _id_text(cls, value: object) -> object:
        return str(value) if isinstance(value, int) else value

    @field_validator("id")
    @classmethod
    def _safe_id(cls, value: str) -> str:
        return check_stratum_id(value)


def _check_periods(periods: list[DateRange], crediting: DateRange) -> None:
    for period in periods:
        if period.start < crediting.start or period.end > crediting.end:
            raise ValueError(
                f"monitoring period {period.start} to {period.end} is outside the crediting "
                f"period {crediting.start} to {crediting.end}"
            )
    for before, after in itertools.pairwise(periods):
        if after.start <= before.end:
            word = "overlaps" if after.start >= before.start else "comes before"
            raise ValueError(
                f"monitoring period {after.start} to {after.end} {word} the period "
                f"{before.start} to {before.end}; list the periods in order, without overlap"
            )


class Project(BaseModel):
    """A project definition (contract.md section 2.1). Unknown top-level keys are kept."""

    model_config = ConfigDict(extra="forbid", frozen=True)

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
    #: Documents cited by parameters, stocks, ex-ante estimates and claims.
    documents: list[Document] = Field(default_factory=list)
    #: Explicit monitoring periods: ordered, non-overlapping, inside the crediting period.
    monitoring_periods: list[DateRange] = Field(default_factory=list)
    #: Rule instead of a list: periods of N calendar years from the crediting period's start.
    monitoring_period_years: int | None = Field(default=None, ge=1, le=100)

    @field_validator("id", mode="before")
    @classmethod
    def _id_text(cls, value: object) -> object:
        return str(value) if isinstance(value, int) else value

    @field_validator("id")
    @classmethod
    def _safe_id(cls, value: str) -> str:
        if not PROJECT_ID_PATTERN.fullmatch(value) or ".." in value:
            raise ValueError(
                f"project id {value!r} is used as a folder name: use 1 to 64 letters, digits, "
                "'.', '_' or '-', starting with a letter or digit (no '..', no '/' or '\\')"
            )
        return value

    @model_validator(mode="after")
    def _unique_strata(self) -> Project:
        ids = [s.id for s in self.strata]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"stratum ids must be unique; repeated: {', '.join(duplicates)}")
        folded: dict[str, str] = {}
        for i in ids:
            if i.casefold() in folded:
                raise ValueError(
                    f"stratum ids {folded[i.casefold()]!r} and {i!r} differ only in letter case; "
                    "spreadsheet criteria do not tell them apart"
                )
            folded[i.casefold()] = i
        documents = [d.id for d in self.documents]
        repeated = sorted({d for d in documents if documents.count(d) > 1})
        if repeated:
            raise ValueError(f"document ids must be unique; repeated: {', '.join(repeated)}")
        _check_periods(self.monitoring_periods, self.crediting_period)
        return self

    def check_period(self, start: dt.date, end: dt.date) -> None:
        """Refuse a monitoring period that is not inside the crediting period (exit code 2).

        Raises
        ------
        InputError
            One message in the user's terms: the period starts after the crediting period
            ends, ends before it begins, or reaches outside it.
        """
        cp = self.crediting_period
        span = f"the monitoring period {start} to {end}"
        crediting = f"the crediting period of {self.id} ({cp.start} to {cp.end})"
        if end < start:
            problem = f"{span} ends before it starts"
        elif start > cp.end:
            problem = f"{span} starts after the end of {crediting}"
        elif end < cp.start:
            problem = f"{span} ends before the start of {crediting}"
        elif start < cp.start or end > cp.end:
            problem = f"{span} reaches outside {crediting}"
        else:
            return
        raise InputError(
            f"{problem}; nothing can be credited outside it: check --start/--end or "
            "crediting_period in project.yaml"
        )

    def stratum(self, stratum_id: str) -> Stratum:
        for s in self.strata:
            if s.id == stratum_id:
                return s
        raise KeyError(stratum_id)

    @property
    def stratum_ids(self) -> list[str]:
        return [s.id for s in self.strata]


_FRACTION_HINT = "a fraction between 0 and 1 (write 0.15 for 15 %)"


def _describe(error: dict[str, Any], lines: Lines) -> str:
    location = tuple(error.get("loc", ()))
    where = ".".join(str(p) for p in location)
    value = error.get("input")
    kind = str(error.get("type", ""))
    message = str(error.get("msg", ""))
    if kind == "less_than_equal" and isinstance(value, int | float) and 1 < value <= 100:
        message = f"must be {_FRACTION_HINT}; {value} looks like a percentage"
    elif kind == "missing":
        message = "is required but missing"
    elif kind == "extra_forbidden":
        message = "is not a known setting" + suggestion(Project, location)
    elif kind == "value_error":
        message = message.removeprefix("Value error, ")
    shown = "" if kind in {"missing"} or isinstance(value, dict | list) else f" = {value!r}"
    line = line_of(lines, location)
    prefix = f"line {line}: " if line is not None else ""
    return f"{prefix}setting '{where}'{shown}: {message}" if where else f"{prefix}{message}"


def load_project(project_dir: Path) -> Project:
    """Read and validate ``project.yaml`` in ``project_dir``.

    Raises
    ------
    InputError
        When the folder or file is missing, the YAML does not parse (duplicate keys and
        impossible dates included), or a setting is invalid or unknown; the message names the
        setting and its line.
    """
    if not project_dir.is_dir():
        raise InputError(f"project folder not found: {project_dir}")
    path = project_dir / "project.yaml"
    if not path.is_file():
        raise InputError("required file is missing", file=str(path))
    try:
        raw_text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not valid UTF-8 (byte 0x{exc.object[exc.start]:02x} at offset {exc.start})",
            file=str(path),
        ) from None
    data, lines = parse(raw_text, str(path))
    if not isinstance(data, dict):
        raise InputError("expected a mapping of settings at the top level", file=str(path))
    try:
        project = Project.model_validate(data)
    except ValidationError as exc:
        messages = [_describe(e, lines) for e in exc.errors()]  # type: ignore[arg-type]
        if len(messages) == 1:
            raise InputError(messages[0], file=str(path)) from None
        raise InputError(
            f"{len(messages)} settings are invalid", file=str(path), details=messages
        ) from None
    return project
