"""The ``sampling`` entry of summary.json: the evidence sample (contract.md 5.5) with the plot
and accuracy re-check selections drawn with the same seed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pandas as pd

from redd_audit.findings import Finding
from redd_audit.methodology.engine import Recomputation
from redd_audit.project import Project
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


def run_sampling(
    *,
    project: Project,
    frames: Mapping[str, pd.DataFrame],
    recomputation: Recomputation | None,
    events_sha256: str | None,
    start: dt.date,
    end: dt.date,
    sample_seed: int | None = None,
) -> tuple[dict[str, object] | None, EvidenceSample | None]:
    """``sampling_summary`` for a run: None, None without a recomputation (gate failed)."""
    if recomputation is None:
        return None, None
    return sampling_summary(
        frames=frames,
        stocks=recomputation.stocks,
        materiality_fraction=project.materiality_fraction,
        ner_tco2e=float(recomputation.totals["ner_tco2e"]),
        start=start,
        end=end,
        seed=resolve_seed(sample_seed, events_sha256),
    )


def no_sample_finding(sampling: Mapping[str, object] | None, file: str) -> Finding | None:
    """A ``warning`` finding saying why no evidence sample was drawn (T ≤ 0 or an empty
    population, contract 5.5); None when a sample was drawn or no figures were computed."""
    if not sampling or not sampling.get("warning"):
        return None
    return Finding(
        severity="warning",
        file=file,
        row=None,
        record=None,
        column=None,
        value=f"size {sampling.get('size', 0)}",
        expectation="evidence_sample_drawn",
        rule="monetary-unit evidence sample (contract 5.5)",
        message=str(sampling["warning"]),
    )
