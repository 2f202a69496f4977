"""Cited methodology constants, loaded from ``redd_audit/data/parameters.yaml``.

Each record carries value, unit, source document and locator. Code asks for a value with
:func:`value`; the workbook's Parameters sheet lists :func:`records`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml


@dataclass(frozen=True)
class Parameter:
    key: str
    value: float
    unit: str
    source: str
    locator: str
    description: str
    expression: str | None = None


@cache
def _load() -> tuple[str, dict[str, Parameter]]:
    text = resources.files("redd_audit").joinpath("data/parameters.yaml").read_text("utf-8")
    raw = yaml.safe_load(text)
    records = {
        key: Parameter(
            key=key,
            value=float(item["value"]),
            unit=str(item["unit"]),
            source=str(item["source"]),
            locator=str(item["locator"]),
            description=str(item["description"]),
            expression=item.get("expression"),
        )
        for key, item in raw["parameters"].items()
    }
    return str(raw["version"]), records


def records() -> dict[str, Parameter]:
    """All constant records, keyed by name, in file order."""
    return dict(_load()[1])


def value(key: str) -> float:
    """The value of one constant (KeyError for an unknown key)."""
    return _load()[1][key].value


def version() -> str:
    """Version of the parameter file, recorded in the manifest and the workbook."""
    return _load()[0]


#: tCO2 per tC (44/12), IPCC 2006; the one place the ratio lives.
CO2_PER_C: float = value("co2_per_c")
