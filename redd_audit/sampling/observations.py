"""The verifier's observations of the evidence sample (contract 5.5 amended, 5.9).

``sample_observations`` (optional table) gives, per checked event, ``event_id`` and
``observed_area_ha`` (with ``observed_on``, ``observer``, ``evidence_ref``, ``note`` optional).
Each id must be a selected event of the run: any other row is an ``error`` finding naming the
row, and is not evaluated; a second row for the same event is an ``error`` too.

:func:`evaluate_sample` gives the ``sampling`` keys of the evaluation, signed in VCU terms
(positive = VCUs overstated): ``observations``, ``projected_misstatement_tco2e``,
``upper_limit_vcu_overstatement_tco2e``, ``upper_limit_vcu_understatement_tco2e`` and
``supports_vcus``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from redd_audit.findings import Finding
from redd_audit.sampling.monetary_unit import (
    EvidenceSample,
    projected_misstatement_tco2e,
    sample_supports_vcus,
    tainting_fraction,
    upper_limit_vcu_overstatement_tco2e,
    upper_limit_vcu_understatement_tco2e,
)
from redd_audit.tables.schemas import ROW_COLUMN

TABLE = "sample_observations"
RULE = "sample_observations: each event_id a selected event of the evidence sample (contract 5.9)"


def _finding(file: str, row: object, event_id: str, message: str, expectation: str) -> Finding:
    return Finding(
        severity="error",
        file=file,
        row=int(row) if isinstance(row, int | float) and row == row else None,
        record=f"event_id={event_id}",
        column="event_id",
        value=event_id,
        expectation=expectation,
        rule=RULE,
        message=message,
    )


def match_observations(
    frame: pd.DataFrame | None, selected: Sequence[str], file: str = TABLE
) -> tuple[dict[str, float], list[Finding]]:
    """Observed area by selected event id, and the findings of rows that cannot be used.

    Parameters
    ----------
    frame : sample_observations as read (``event_id``, ``observed_area_ha``, ``_row``)
    selected : the event ids of the run's evidence sample
    file : the table's file as findings name it
    """
    observed: dict[str, float] = {}
    findings: list[Finding] = []
    if frame is None or frame.empty:
        return observed, findings
    chosen = set(selected)
    rows = frame[ROW_COLUMN] if ROW_COLUMN in frame.columns else pd.Series([None] * len(frame))
    for event_id, area, row in zip(
        frame["event_id"].astype(str).str.strip(), frame["observed_area_ha"], rows, strict=True
    ):
        value = float(area) if area is not None and area == area else math.nan
        if event_id not in chosen:
            findings.append(
                _finding(
                    file,
                    row,
                    event_id,
                    f"event {event_id} is not a selected event of this run's evidence sample "
                    f"({len(chosen)} selected; see summary.json sampling.selected)",
                    "sample_observation_event_is_selected",
                )
            )
        elif event_id in observed:
            findings.append(
                _finding(
                    file,
                    row,
                    event_id,
                    f"event {event_id} is observed twice; the first row is used",
                    "sample_observation_event_unique",
                )
            )
        elif math.isfinite(value) and value >= 0:
            observed[event_id] = value
    return observed, findings


#: The optional columns of sample_observations, shown beside the observed area.
DETAIL_COLUMNS = ("observed_on", "observer", "evidence_ref", "note")


def observation_details(
    frame: pd.DataFrame | None, observed: Mapping[str, float]
) -> dict[str, dict[str, object]]:
    """The optional columns of the first row of each observed event (None where absent)."""
    if frame is None or frame.empty:
        return {}
    details: dict[str, dict[str, object]] = {}
    ids = frame["event_id"].astype(str).str.strip()
    for i, event_id in enumerate(ids):
        if event_id in observed and event_id not in details:
            row = frame.iloc[i]
            details[event_id] = {
                c: (None if c not in frame.columns or pd.isna(row[c]) else row[c])
                for c in DETAIL_COLUMNS
            }
    return details


def evaluate_sample(sample: EvidenceSample) -> dict[str, object]:
    """The evaluation keys of summary.json ``sampling`` for the sample's observed areas."""
    selected = sample.selected
    ids = selected["event_id"].astype(str).to_numpy()
    observed = np.array([sample.observed_ha.get(e, np.nan) for e in ids], dtype=float)
    v = selected["value_tco2e"].to_numpy(float)
    t = tainting_fraction(selected["area_ha"].to_numpy(float), observed)
    j = sample.interval_tco2e
    r = sample.reliability_factor
    count = int(np.sum(~np.isnan(observed)))
    over = upper_limit_vcu_overstatement_tco2e(v, t, j, r)
    return {
        "observations": count,
        "projected_misstatement_tco2e": projected_misstatement_tco2e(v, t, j),
        "upper_limit_vcu_overstatement_tco2e": over,
        "upper_limit_vcu_understatement_tco2e": upper_limit_vcu_understatement_tco2e(v, t, j, r),
        "supports_vcus": sample_supports_vcus(
            over, sample.tolerable_misstatement_tco2e, count, len(selected)
        ),
        "sign": "positive = VCUs overstated (m = v_obs - v)",
    }
