"""redd_audit.methodology.fixed_baseline: the baseline fixed from the PD (contract 8.4, 8.10)."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest

from redd_audit.errors import InputError
from redd_audit.methodology.fixed_baseline import (
    check_fixed_baseline,
    fixed_baseline_by_stratum,
    fixed_baseline_series,
    fixed_baseline_tco2e,
)
from redd_audit.methodology.vintages import vintage_periods

# 2021 whole (f = 1) and 2022 to 30 June (181/365)
VINTAGES = vintage_periods(dt.date(2021, 1, 1), dt.date(2022, 6, 30))


def _table(rows: list[tuple], stratum: bool = False) -> pd.DataFrame:
    columns = ["zone", "vintage", "baseline_tco2e"] + (["stratum_id"] if stratum else [])
    frame = pd.DataFrame(rows, columns=columns)
    frame["_row"] = range(2, len(frame) + 2)
    return frame


def test_hand_test_of_the_contract() -> None:
    assert fixed_baseline_tco2e([1_200_000.0], 184 / 365) == pytest.approx(604_931.51, abs=0.01)


def test_series_prorates_the_partial_vintage_and_zeroes_missing_rows() -> None:
    table = _table([("project_area", 2021, 100.0), ("project_area", 2022, 365.0)])
    assert list(fixed_baseline_series(table, VINTAGES, "project_area", "baseline_tco2e")) == (
        pytest.approx([100.0, 181.0])
    )
    assert list(fixed_baseline_series(table, VINTAGES, "leakage_belt", "baseline_tco2e")) == [0, 0]
    assert list(fixed_baseline_series(table, VINTAGES, "project_area", "baseline_area_ha")) == [
        0,
        0,
    ]


def test_by_stratum_weights() -> None:
    table = _table(
        [
            ("project_area", 2021, 100.0, "S1"),
            ("project_area", 2022, 365.0, "S2"),
            ("project_area", 2030, 999.0, "S1"),  # outside the period
            ("leakage_belt", 2021, 50.0, "S1"),
        ],
        stratum=True,
    )
    weights = fixed_baseline_by_stratum(table, VINTAGES)
    assert weights.to_dict() == pytest.approx({"S1": 100.0, "S2": 181.0})
    assert fixed_baseline_by_stratum(_table([]), VINTAGES).empty


@pytest.mark.parametrize(
    ("rows", "message", "row", "column"),
    [
        (
            [("project_area", 2021, -1.0)],
            "baseline_tco2e must not be negative",
            2,
            "baseline_tco2e",
        ),
        (
            [("project_area", 2021, 1.0), ("reference", 2022, 1.0)],
            "zone must be project_area or leakage_belt, got 'reference'",
            3,
            "zone",
        ),
        (
            [("project_area", 2021, 1.0), ("project_area", 2021, 2.0)],
            "duplicate (zone, vintage)",
            3,
            "vintage",
        ),
        (
            [("project_area", 2021, 1.0)],
            "no project_area row for vintage 2022 of the period",
            None,
            "vintage",
        ),
    ],
)
def test_exit_2_checks_name_row_and_column(
    rows: list[tuple], message: str, row: int | None, column: str
) -> None:
    with pytest.raises(InputError, match=re.escape(message)) as info:
        check_fixed_baseline(_table(rows), VINTAGES, belt_events=False)
    assert (info.value.file, info.value.row, info.value.column) == (
        "baseline_emissions",
        row,
        column,
    )


def test_belt_rows_needed_only_with_belt_events() -> None:
    table = _table([("project_area", 2021, 1.0), ("project_area", 2022, 1.0)])
    assert check_fixed_baseline(table, VINTAGES, belt_events=False) is table
    with pytest.raises(
        InputError, match=r"no leakage_belt row for vintage 2021 .*monitored events"
    ):
        check_fixed_baseline(table, VINTAGES, belt_events=True)


def test_missing_table_points_at_the_setting() -> None:
    with pytest.raises(InputError, match="baseline_emissions is missing or empty") as info:
        check_fixed_baseline(None, VINTAGES, belt_events=False)
    assert info.value.column == "accounting.baseline.source"
