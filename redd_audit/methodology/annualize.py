"""Annualisation of monitored areas over the monitoring interval (M-MON VMD0015; contract.md
section 8.3).

Reports compare a map at the start of the monitoring interval with one at its end and spread
the change evenly: "all changes in forest cover detected for the monitoring interval will be
annualized ... by dividing the area by the number of years in the period". Under
``monitoring.annualize: even`` an event dated inside its interval gives each vintage v of the
interval the share ``A · f_v / Σ_w f_w`` (f = year fraction), so whole project years receive
equal shares; under ``dated`` (the default) it counts whole in the vintage holding its date.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import numpy.typing as npt
import pandas as pd

from redd_audit.errors import InputError
from redd_audit.methodology.vintages import ProjectYears, vintage_periods

#: The values of ``accounting.monitoring.annualize``.
ANNUALIZE_RULES = ("dated", "even")
#: Optional columns of the event tables that give a row its own monitoring interval.
INTERVAL_COLUMNS = ("interval_start", "interval_end")


def annualized_area_ha(
    area_ha: float, year_fraction: float, interval_year_fractions: npt.ArrayLike
) -> float:
    """A_v: the share of an area detected over an interval that falls to vintage v [ha].

    Parameters
    ----------
    area_ha : float
        Area detected over the monitoring interval [ha].
    year_fraction : float
        f_v = days / days in the project year, of the vintage [-].
    interval_year_fractions : array
        f_w of every vintage w of the interval (v included) [-].

    Returns
    -------
    float
        ``A · f_v / Σ_w f_w``; the shares of the interval's vintages sum to ``A``.

    Notes
    -----
    Annualisation over the monitoring interval (M-MON VMD0015 as verified reports apply it:
    the area detected "will be annualized ... by dividing the area by the number of years in
    the period"; contract.md section 8.3). Hand test: 30 ha over f = (1, 1, 0.504110) →
    11.980306, 11.980306, 6.039387 ha.
    """
    return float(area_ha * year_fraction / np.sum(np.asarray(interval_year_fractions, dtype=float)))


def event_intervals(
    events: pd.DataFrame, table: str, start: dt.date, end: dt.date
) -> list[tuple[dt.date, dt.date]]:
    """The monitoring interval of every row: the period, or its ``interval_start/_end``.

    Raises
    ------
    InputError
        One of the two columns without the other (table or row), a reversed interval or one
        reaching outside the period; the message names the table, row and column.
    """
    present = [c for c in INTERVAL_COLUMNS if c in events.columns]
    if not present:
        return [(start, end)] * len(events)
    if len(present) == 1:
        missing = next(c for c in INTERVAL_COLUMNS if c not in present)
        raise InputError(f"{present[0]} is given without {missing}", file=table, column=missing)
    first = pd.to_datetime(events["interval_start"], errors="coerce")
    last = pd.to_datetime(events["interval_end"], errors="coerce")
    rows = events["_row"] if "_row" in events.columns else pd.Series(range(2, len(events) + 2))
    no_first = first.isna().to_numpy(dtype=bool)
    no_last = last.isna().to_numpy(dtype=bool)
    intervals: list[tuple[dt.date, dt.date]] = []
    for i, row in enumerate(rows.to_numpy(dtype=np.int64).tolist()):
        if no_first[i] and no_last[i]:
            intervals.append((start, end))
            continue
        if no_first[i] or no_last[i]:
            raise InputError(
                "interval_start and interval_end are given together or not at all",
                file=table,
                row=row,
                column="interval_end" if no_last[i] else "interval_start",
            )
        a_day, b_day = first.iloc[i].date(), last.iloc[i].date()
        if b_day < a_day:
            raise InputError(
                f"interval_end {b_day} is before interval_start {a_day}",
                file=table,
                row=row,
                column="interval_end",
            )
        if a_day < start or b_day > end:
            raise InputError(
                f"interval {a_day}..{b_day} reaches outside the monitoring period {start}..{end}",
                file=table,
                row=row,
                column="interval_start" if a_day < start else "interval_end",
            )
        intervals.append((a_day, b_day))
    return intervals


def annualized_events(
    events: pd.DataFrame,
    table: str,
    date_column: str,
    start: dt.date,
    end: dt.date,
    years: ProjectYears,
) -> pd.DataFrame:
    """Events dated inside the monitoring period, spread over their interval's vintages.

    Parameters
    ----------
    events : DataFrame
        Rows dated inside ``[start, end]`` with ``zone``, ``stratum_id``, ``area_ha`` and the
        date column (optional ``interval_start``, ``interval_end``).
    table, date_column : str
        The table's name (for messages) and its date column.
    start, end : datetime.date
        The monitoring period.
    years : ProjectYears
        The vintages' project years.

    Returns
    -------
    DataFrame
        ``zone, stratum_id, vintage, area_ha``: one row per event and vintage of its interval,
        ``area_ha`` the share :func:`annualized_area_ha`. Orchestration, not an equation.
    """
    columns = ["zone", "stratum_id", "vintage", "area_ha"]
    if events.empty:
        return pd.DataFrame(columns=columns)
    intervals = event_intervals(events, table, start, end)
    calendars: dict[tuple[dt.date, dt.date], tuple[list[int], list[float]]] = {}
    rows: list[tuple[object, object, int, float]] = []
    for (zone, stratum, area), interval in zip(
        events[["zone", "stratum_id", "area_ha"]].itertuples(index=False, name=None),
        intervals,
        strict=True,
    ):
        if interval not in calendars:
            vintages = vintage_periods(interval[0], interval[1], years)
            calendars[interval] = ([v.year for v in vintages], [v.year_fraction for v in vintages])
        labels, fractions = calendars[interval]
        rows.extend(
            (zone, stratum, label, annualized_area_ha(float(area), f, fractions))
            for label, f in zip(labels, fractions, strict=True)
        )
    return pd.DataFrame(rows, columns=columns)
