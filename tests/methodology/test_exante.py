"""redd_audit.methodology.exante: ex-ante estimates pro-rated by days beside the achieved."""

from __future__ import annotations

import pandas as pd
import pytest

from redd_audit.methodology.exante import exante_comparison
from tests.mirror_support import vintage_figures


def _exante(*years: int, net: float = 1000.0) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "year": list(years),
            "baseline_tco2e": [2000.0] * len(years),
            "project_tco2e": [500.0] * len(years),
            "leakage_tco2e": [500.0] * len(years),
            "net_tco2e": [net] * len(years),
        }
    )


def test_no_exante_table_gives_none() -> None:
    assert exante_comparison(None, [vintage_figures()]) is None
    assert exante_comparison(_exante().iloc[0:0], [vintage_figures()]) is None


def test_partial_vintage_is_prorated_and_difference_is_relative() -> None:
    # 184 of 365 days: ex-ante net 1,000 · 0.5 = 500; achieved NER 850 → (850 − 500)/500 = 0.7
    figures = [vintage_figures(2021, year_fraction=0.5)]
    table = exante_comparison(_exante(2021), figures)
    row = table.iloc[0]
    assert row["exante_net_tco2e"] == pytest.approx(500.0)
    assert row["exante_baseline_tco2e"] == pytest.approx(1000.0)
    assert row["exante_project_tco2e"] == pytest.approx(250.0)
    assert row["achieved_ner_tco2e"] == 850.0
    assert row["difference_fraction"] == pytest.approx(0.7)


def test_vintages_without_an_exante_year_are_left_out() -> None:
    table = exante_comparison(_exante(2020), [vintage_figures(2020), vintage_figures(2021)])
    assert list(table["vintage"]) == [2020]


def test_zero_exante_net_has_no_difference_fraction() -> None:
    table = exante_comparison(_exante(2021, net=0.0), [vintage_figures(2021)])
    assert table.iloc[0]["difference_fraction"] is None


def test_negative_exante_net_divides_by_its_magnitude() -> None:
    # (850 − (−1,000)) / 1,000 = 1.85
    table = exante_comparison(_exante(2021, net=-1000.0), [vintage_figures(2021)])
    assert table.iloc[0]["difference_fraction"] == pytest.approx(1.85)


def test_a_duplicated_exante_year_is_refused() -> None:
    with pytest.raises(TypeError):
        exante_comparison(_exante(2021, 2021), [vintage_figures(2021)])
