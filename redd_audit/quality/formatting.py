"""How a finding shows a value: ``null`` for missing, ISO dates, short plain numbers."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import numpy as np
import pandas as pd


def format_value(value: Any) -> str:
    """A value as a finding shows it: ``null`` for NaN/NA/NaT, ISO dates, plain numbers.

    Floats are shown by the shortest repr after rounding to 12 significant digits (``0.88``,
    not ``0.8799999999999999``); lists and tuples are joined with ``", "``.
    """
    if isinstance(value, np.datetime64):
        value = pd.Timestamp(value)
    elif isinstance(value, np.generic):
        value = value.item()
    if value is None or value is pd.NA or value is pd.NaT:
        return "null"
    if isinstance(value, float):
        if math.isnan(value):
            return "null"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(float(f"{value:.12g}"))
    if isinstance(value, pd.Timestamp | dt.datetime):
        if (value.hour, value.minute, value.second, value.microsecond) == (0, 0, 0, 0):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ", ".join(format_value(v) for v in value)
    return str(value)
