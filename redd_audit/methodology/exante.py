"""Ex-ante estimates of the validated project description beside the achieved figures.

Annual ex-ante figures are pro-rated by ``days / days_in_year`` for a partial vintage
(docs/conventions.md, "Partial years"); ``difference_fraction`` is (achieved − ex-ante) / |ex-ante|.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from redd_audit.methodology.figures import VintageFigures


def _value(row: pd.Series | pd.DataFrame, column: str) -> float:
    """One number of the ex-ante row (a duplicated year is refused by float())."""
    return float(np.asarray(row[column], dtype=float))


def exante_comparison(
    exante: pd.DataFrame | None, figures: Sequence[VintageFigures]
) -> pd.DataFrame | None:
    """Ex-ante estimates (pro-rated by days for partial years) beside the achieved figures."""
    if exante is None or exante.empty:
        return None
    table = exante.assign(year=exante["year"].astype(int)).set_index("year")
    rows = []
    for f in figures:
        if f.vintage not in table.index:
            continue
        row = table.loc[f.vintage]
        exante_net = _value(row, "net_tco2e") * f.year_fraction
        rows.append(
            {
                "vintage": f.vintage,
                "year_fraction": f.year_fraction,
                "exante_baseline_tco2e": _value(row, "baseline_tco2e") * f.year_fraction,
                "exante_project_tco2e": _value(row, "project_tco2e") * f.year_fraction,
                "exante_leakage_tco2e": _value(row, "leakage_tco2e") * f.year_fraction,
                "exante_net_tco2e": exante_net,
                "achieved_baseline_tco2e": f.baseline_tco2e,
                "achieved_project_tco2e": f.project_tco2e,
                "achieved_leakage_tco2e": f.leakage_tco2e,
                "achieved_ner_tco2e": f.ner_tco2e,
                "difference_fraction": (f.ner_tco2e - exante_net) / abs(exante_net)
                if exante_net
                else None,
            }
        )
    return pd.DataFrame(rows)
