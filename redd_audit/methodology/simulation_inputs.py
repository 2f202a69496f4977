"""The uncertain inputs of the simulation: rows of ``uncertainty_inputs`` (contract 7.1.2).

One row is one random variable. Its selector (``zone``, ``stratum_id``, ``pool``, ``year``,
``gas``; ``*`` = every value) names the cells of the accounting that take its draw; a
``relative`` row multiplies their deterministic value, an ``absolute`` one replaces it. Rows are
checked here (contract 7.7: unknown quantity, scale or distribution, bad parameters, both or
neither of ``sd`` / ``half_width_95_fraction``), each problem an :class:`InputError` naming the
file, the row and the column (exit 2). Without the table a simulation uses one row per stratum
(:func:`default_input_rows`), the scope of the X-UNC propagation.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from redd_audit.errors import InputError
from redd_audit.methodology.simulation_sampling import (
    DISTRIBUTIONS,
    Z_975,
    Distribution,
    distribution_problems,
)

TABLE = "uncertainty_inputs"
#: quantity -> the selector columns it reads (contract 7.1.2).
QUANTITIES: dict[str, tuple[str, ...]] = {
    "carbon_stock": ("stratum_id", "pool"),
    "post_deforestation_stock": ("stratum_id",),
    "monitored_area": ("zone", "stratum_id", "year"),
    "baseline_area": ("zone", "stratum_id", "year"),
    "burned_area": ("stratum_id", "year"),
    "fire_fuel": ("stratum_id",),
    "combustion_factor": ("stratum_id",),
    "gas_factor": ("gas",),
}
#: Quantities only ``relative`` rows may vary (areas have no single absolute value).
RELATIVE_ONLY = ("monitored_area", "baseline_area", "burned_area")
SCALES = ("relative", "absolute")
SELECTORS = ("zone", "stratum_id", "pool", "year", "gas")
_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")
_PARAMETERS = ("mean", "sd", "half_width_95_fraction", "lower", "mode", "upper", "alpha", "beta")


@dataclass(frozen=True)
class InputRow:
    """One checked row of ``uncertainty_inputs`` (``row``: as a spreadsheet shows it)."""

    input_id: str
    quantity: str
    selector: tuple[tuple[str, str], ...]
    scale: str
    distribution: Distribution
    declared: tuple[tuple[str, float], ...] = ()
    draws_column: str | None = None
    shared_draw_group: str | None = None
    source: str = ""
    row: int | None = None

    @property
    def stream(self) -> str:
        """The name that keys the row's random stream: its group, else its id (7.2.2)."""
        return self.shared_draw_group or self.input_id

    def selects(self, key: str) -> str:
        """The selector value for ``key`` (``*`` when the row does not restrict it)."""
        return dict(self.selector).get(key, "*")


def _text(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def _selector(value: object) -> str:
    """A selector value as text; ``*`` when empty; a whole number without ``.0`` (years)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return _text(value) or "*"


def _number(value: object, column: str, file: str, row: int | None) -> float | None:
    text = _text(value)
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        raise InputError(f"{text!r} is not a number", file=file, row=row, column=column) from None
    if not math.isfinite(number):
        raise InputError(f"{text!r} is not finite", file=file, row=row, column=column)
    return number


def _row_number(record: Mapping[str, object], index: int) -> int:
    value = record.get("_row")
    return int(value) if isinstance(value, int | float) and value == value else index + 2


def input_row(record: Mapping[str, object], index: int, file: str = TABLE) -> InputRow:
    """One row of the table, checked (contract 7.7); ``index`` counts records from 0."""
    row = _row_number(record, index)

    def fail(message: str, column: str) -> InputError:
        return InputError(message, file=file, row=row, column=column)

    input_id = _text(record.get("input_id"))
    if not _ID.match(input_id):
        raise fail(f"input_id {input_id!r} must match [A-Za-z0-9_.:-]{{1,64}}", "input_id")
    quantity = _text(record.get("quantity"))
    if quantity not in QUANTITIES:
        raise fail(f"quantity {quantity!r} is not one of {', '.join(QUANTITIES)}", "quantity")
    scale = _text(record.get("scale"))
    if scale not in SCALES:
        raise fail(f"scale {scale!r} is not one of relative, absolute", "scale")
    if scale == "absolute" and quantity in RELATIVE_ONLY:
        raise fail(f"{quantity} takes relative rows only", "scale")
    name = _text(record.get("distribution"))
    if name not in DISTRIBUTIONS:
        raise fail(
            f"distribution {name!r} is not one of {', '.join(DISTRIBUTIONS)}", "distribution"
        )
    p = {c: _number(record.get(c), c, file, row) for c in _PARAMETERS}
    if scale == "relative" and p["mean"] is None:
        p["mean"] = 1.0
    sd = p["sd"]
    if name in ("normal", "truncated_normal", "censored_normal", "lognormal"):
        if (sd is None) == (p["half_width_95_fraction"] is None):
            raise fail("give exactly one of sd and half_width_95_fraction", "sd")
        if sd is None:
            sd = float(p["half_width_95_fraction"] or 0.0) * float(p["mean"] or 0.0) / Z_975
    distribution = Distribution(
        name, p["mean"], sd, p["lower"], p["mode"], p["upper"], p["alpha"], p["beta"]
    )
    problems = distribution_problems(distribution)
    if problems:
        raise fail("; ".join(problems), "distribution")
    draws_column = _text(record.get("draws_column")) or None
    if name == "empirical" and draws_column is None:
        raise fail("an empirical input names its input_draws column", "draws_column")
    selector = tuple(
        (key, _selector(record.get(key))) for key in SELECTORS if key in QUANTITIES[quantity]
    )
    return InputRow(
        input_id=input_id,
        quantity=quantity,
        selector=selector,
        scale=scale,
        distribution=distribution,
        declared=tuple((k, v) for k, v in p.items() if v is not None),
        draws_column=draws_column,
        shared_draw_group=_text(record.get("shared_draw_group")) or None,
        source=_text(record.get("source")),
        row=row,
    )


def input_rows(frame: pd.DataFrame, file: str = TABLE) -> list[InputRow]:
    """Every row of ``uncertainty_inputs``, checked; ids must be unique."""
    rows: list[InputRow] = []
    seen: dict[str, int | None] = {}
    for index, record in enumerate(frame.to_dict("records")):
        parsed = input_row({str(k): v for k, v in record.items()}, index, file)
        if parsed.input_id in seen:
            raise InputError(
                f"input_id {parsed.input_id!r} is also on row {seen[parsed.input_id]}",
                file=file,
                row=parsed.row,
                column="input_id",
            )
        seen[parsed.input_id] = parsed.row
        rows.append(parsed)
    return rows


def default_input_rows(strata: Iterable[tuple[str, float]]) -> list[InputRow]:
    """One row per stratum (contract 7.1.2): its carbon stock, every pool, one relative
    truncated-normal draw of mean 1 and the stratum's 95 % half-width, bounded below by 0.

    ``strata``: (stratum_id, uncertainty fraction) in the project's order.
    """
    rows = []
    for stratum_id, fraction in strata:
        distribution = Distribution("truncated_normal", 1.0, fraction / Z_975, 0.0, None, None)
        if fraction <= 0.0:
            distribution = Distribution("fixed")
        rows.append(
            InputRow(
                input_id=f"carbon_stock:{stratum_id}"[:64],
                quantity="carbon_stock",
                selector=(("stratum_id", stratum_id), ("pool", "*")),
                scale="relative",
                distribution=distribution,
                declared=(("mean", 1.0), ("half_width_95_fraction", fraction), ("lower", 0.0)),
                source="stratum uncertainty fraction (the X-UNC propagation's scope)",
            )
        )
    return rows
