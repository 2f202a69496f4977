"""redd_audit.quality.formatting: how a finding shows a value."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest

from redd_audit.quality.formatting import format_value


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, "null"),
        (pd.NA, "null"),
        (pd.NaT, "null"),
        (math.nan, "null"),
        (math.inf, "inf"),
        (-math.inf, "-inf"),
        (0.8799999999999999, "0.88"),
        (np.float64(2.5), "2.5"),
        (np.int64(7), "7"),
        (1e20, "1e+20"),
        (np.datetime64("2021-05-01"), "2021-05-01"),
        (pd.Timestamp("2021-05-01 13:30"), "2021-05-01T13:30:00"),
        (dt.date(2021, 5, 1), "2021-05-01"),
        ([1.0, None, "a"], "1.0, null, a"),
        (True, "True"),
    ],
)
def test_format_value(value: object, text: str) -> None:
    assert format_value(value) == text
