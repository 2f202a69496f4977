"""redd_audit.methodology.engine: one hand-checkable recomputation end to end."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from redd_audit.errors import InputError
from redd_audit.methodology.engine import recompute, require_inside_crediting_period
from redd_audit.parameters import CO2_PER_C
from tests.mirror_support import project

START, END = dt.date(2021, 1, 1), dt.date(2021, 12, 31)


def _frames() -> dict[str, pd.DataFrame]:
    baseline = pd.DataFrame(
        {"zone": ["project_area"], "stratum_id": ["S1"], "year": [2021], "area_ha": [10.0]}
    )
    baseline["year"] = baseline["year"].astype("Int64")
    baseline["_row"] = [2]
    events = pd.DataFrame(
        {
            "zone": pd.Series(dtype="string"),
            "stratum_id": pd.Series(dtype="string"),
            "area_ha": pd.Series(dtype=float),
            "detected_on": pd.Series(dtype="datetime64[ns]"),
        }
    )
    return {"baseline_exante": baseline, "deforestation_events": events}


def test_period_outside_the_crediting_period_is_refused() -> None:
    with pytest.raises(
        InputError, match=r"monitoring period 2009-01-01\.\.2009-12-31 is outside"
    ) as info:
        require_inside_crediting_period(project(), dt.date(2009, 1, 1), dt.date(2009, 12, 31))
    assert (info.value.file, info.value.column) == ("project.yaml", "crediting_period")


def test_baseline_only_recomputation() -> None:
    # 10 ha cleared in 2021 (age 0): 10 · 44/12 · (121 − 5 + 30/10 + 10) = 10 · 44/12 · 129
    result = recompute(project(), _frames(), START, END)
    (v,) = result.vintages
    expected = 10 * CO2_PER_C * 129
    assert v.baseline_tco2e == pytest.approx(expected)
    assert v.project_tco2e == 0.0 and v.leakage_tco2e == 0.0
    assert v.ner_tco2e == pytest.approx(expected)
    assert not v.reversal
    # one stratum: U_BSL = its 0.1, U_WPS 0 → NER_ERROR 0.1 within the free band
    assert result.uncertainty.baseline_fraction == pytest.approx(0.1)
    assert result.uncertainty.deduction_factor == 1.0
    assert 0 < v.vcus <= v.ner_tco2e
    assert result.project_id == "PROP"
    assert result.reconciliation == [] and result.exante_comparison is None
    assert result.accuracy is None and result.inventory is None
