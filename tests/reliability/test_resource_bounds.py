"""Class 5 of issue 21: resource bounds. A row with a million fields, 20,000 columns, a
100,000-character id, thousands of accuracy classes, an evidence population of zero events,
all-zero values, one huge event: bounded time and memory, a clear refusal or a correct result."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from redd_audit.errors import InputError
from redd_audit.sampling.monetary_unit import draw_evidence_sample, select_monetary_units
from redd_audit.tables.read import read_table
from redd_audit.tables.schemas import SCHEMAS
from tests.test_read import EVENTS, EVENTS_HEADER, make_project

GOOD = "E-1,project_area,TF,2021-03-01,2.5,agriculture,PRODES"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "project"
    path.mkdir()
    return path


def _refused(folder: Path, schema=EVENTS) -> tuple[InputError, float]:
    started = time.perf_counter()
    with pytest.raises(InputError) as caught:
        read_table(folder, make_project(), schema)
    return caught.value, time.perf_counter() - started


def test_a_row_of_a_million_fields_is_refused_naming_the_line(folder: Path) -> None:
    wide = GOOD + "," * 1_000_000
    (folder / "deforestation_events.csv").write_text(
        f"{EVENTS_HEADER}\n{GOOD}\n{wide}\n", encoding="utf-8"
    )
    error, seconds = _refused(folder)
    assert error.row == 3 and seconds < 10
    assert "1000007 values" in str(error).replace(",", "") or "values on line 3" in str(error)


def test_twenty_thousand_columns_are_refused(folder: Path) -> None:
    extra = ",".join(f"x{i}" for i in range(20_000))
    values = ",".join("1" for _ in range(20_000))
    (folder / "deforestation_events.csv").write_text(
        f"{EVENTS_HEADER},{extra}\n{GOOD},{values}\n", encoding="utf-8"
    )
    error, seconds = _refused(folder)
    assert error.row == 1 and "20,007 columns" in str(error) and seconds < 10


def test_an_id_of_100000_characters_is_refused_shortened(folder: Path) -> None:
    long_id = "E" * 100_000
    (folder / "deforestation_events.csv").write_text(
        f"{EVENTS_HEADER}\n{long_id},project_area,TF,2021-03-01,2.5,agriculture,PRODES\n",
        encoding="utf-8",
    )
    error, seconds = _refused(folder)
    assert (error.row, error.column) == (2, "event_id") and seconds < 10
    assert len(str(error)) < 2000 and "characters" in str(error)


def test_thousands_of_accuracy_classes_are_refused(folder: Path) -> None:
    k = 3000
    rows = [f"S{i},c{i},c{(i + 1) % k},{1 / k}" for i in range(k)]
    (folder / "accuracy_samples.csv").write_text(
        "sample_id,map_class,reference_class,stratum_weight\n" + "\n".join(rows) + "\n",
        encoding="utf-8",
    )
    error, seconds = _refused(folder, SCHEMAS["accuracy_samples"])
    assert error.column == "map_class" and "3,000" in str(error) and seconds < 10


def test_a_few_dozen_accuracy_classes_are_read(folder: Path) -> None:
    k = 40
    rows = [f"S{i},c{i},c{i},{1 / k}" for i in range(k)]
    (folder / "accuracy_samples.csv").write_text(
        "sample_id,map_class,reference_class,stratum_weight\n" + "\n".join(rows) + "\n",
        encoding="utf-8",
    )
    loaded = read_table(folder, make_project(), SCHEMAS["accuracy_samples"])
    assert loaded is not None and loaded.rows == k


def _events(rows: list[tuple[str, float]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "event_id": [r[0] for r in rows],
            "zone": ["project_area"] * len(rows),
            "stratum_id": ["TF"] * len(rows),
            "detected_on": pd.to_datetime(["2021-06-01"] * len(rows)),
            "area_ha": [r[1] for r in rows],
        }
    )


START, END = dt.date(2021, 1, 1), dt.date(2021, 12, 31)


def test_empty_evidence_population_draws_nothing_and_says_why() -> None:
    sample = draw_evidence_sample(_events([]), {"TF": 100.0}, 0.05, 1e6, START, END, 7)
    assert not sample.population["selected"].any() and "no evidence sample" in sample.warning


def test_all_zero_areas_are_an_empty_population() -> None:
    sample = draw_evidence_sample(
        _events([("E-1", 0.0), ("E-2", 0.0)]), {"TF": 100.0}, 0.05, 1e6, START, END, 7
    )
    assert sample.warning is not None and not sample.population["selected"].any()


def test_zero_net_reduction_draws_nothing() -> None:
    sample = draw_evidence_sample(_events([("E-1", 1.0)]), {"TF": 100.0}, 0.05, 0.0, START, END, 7)
    assert sample.warning is not None and "not positive" in sample.warning


def test_one_huge_event_is_selected_once_quickly() -> None:
    rows = [(f"E-{i}", 0.5) for i in range(1000)] + [("HUGE", 1e12)]
    started = time.perf_counter()
    sample = draw_evidence_sample(_events(rows), {"TF": 100.0}, 0.01, 1e6, START, END, 7)
    assert time.perf_counter() - started < 5
    selected = sample.population.loc[sample.population["selected"], "event_id"].tolist()
    assert selected.count("HUGE") == 1


def test_selection_is_bounded_for_a_tiny_interval() -> None:
    values = np.array([1e15, 1.0, 2.0])
    started = time.perf_counter()
    chosen = select_monetary_units(values, 1e-9, 0.5)
    assert time.perf_counter() - started < 1 and chosen.tolist() == [True, True, True]
