"""The ``sampling`` entry of summary.json: the evidence sample (contract.md 5.5) with the plot
and accuracy re-check selections drawn with the same seed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pandas as pd

from redd_audit.sampling.monetary_unit import (
    EvidenceSample,
    default_seed,
    draw_evidence_sample,
    stratum_net_stock_tc_per_ha,
)
from redd_audit.sampling.recheck import accuracy_samples_to_reinterpret, plots_to_remeasure


def resolve_seed(sample_seed: int | None, events_sha256: str | None) -> int:
    """``--sample-seed N`` when given, else ``int(sha256(events file)[:8], 16)`` (0 without an
    events file)."""
    if sample_seed is not None:
        return int(sample_seed)
    return default_seed(events_sha256) if events_sha256 else 0


def sampling_summary(
    *,
    frames: Mapping[str, pd.DataFrame],
    stocks: pd.DataFrame,
    materiality_fraction: float,
    ner_tco2e: float,
    start: dt.date,
    end: dt.date,
    seed: int,
) -> tuple[dict[str, object], EvidenceSample]:
    """The summary dict and the drawn evidence sample (for the workbook).

    Parameters
    ----------
    frames : the typed tables by name (``deforestation_events``; ``inventory_plots`` and
        ``accuracy_samples`` when given)
    stocks : the stocks that drive the accounting (``Recomputation.stocks``)
    materiality_fraction : project.yaml ``materiality_fraction``
    ner_tco2e : ``totals.ner_tco2e``
    start, end : the monitoring period
    seed : from :func:`resolve_seed`
    """
    sample = draw_evidence_sample(
        frames.get("deforestation_events"),
        stratum_net_stock_tc_per_ha(stocks),
        materiality_fraction,
        ner_tco2e,
        start,
        end,
        seed,
    )
    summary = sample.to_dict()
    summary["plots"] = plots_to_remeasure(frames.get("inventory_plots"), seed)
    summary["accuracy_samples"] = accuracy_samples_to_reinterpret(
        frames.get("accuracy_samples"), seed
    )
    return summary, sample
