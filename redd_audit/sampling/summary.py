"""The ``sampling`` entry of summary.json: the evidence sample (contract.md 5.5) with the plot
and accuracy re-check selections drawn with the same seed, the seed's source and the changes
against the previous revision (5.9), and the evaluation of the verifier's observations."""

from __future__ import annotations

import dataclasses
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
from redd_audit.sampling.observations import (
    TABLE,
    evaluate_sample,
    match_observations,
    observation_details,
)
from redd_audit.sampling.plan import PreviousPlan, choose_seed, selection_changes
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
    seed_source: str = "events_sha256",
    previous: PreviousPlan | None = None,
) -> tuple[dict[str, object], EvidenceSample]:
    """The summary dict and the drawn evidence sample (for the workbook), with the observed
    areas of ``sample_observations`` (when given) on the sample and evaluated.

    Parameters
    ----------
    frames : the typed tables by name (``deforestation_events``; ``inventory_plots`` and
        ``accuracy_samples`` when given)
    stocks : the stocks that drive the accounting (``Recomputation.stocks``)
    materiality_fraction : project.yaml ``materiality_fraction``
    ner_tco2e : ``totals.ner_tco2e``
    start, end : the monitoring period
    seed : from :func:`redd_audit.sampling.plan.choose_seed`
    seed_source : ``cli``, ``previous_revision`` or ``events_sha256``
    previous : the plan of the period's earlier outputs (for ``changes``)
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
    ids = [str(e) for e in sample.selected["event_id"]]
    observed, _ = match_observations(frames.get(TABLE), ids)
    details = observation_details(frames.get(TABLE), observed)
    sample = dataclasses.replace(sample, observed_ha=observed, observation_details=details)
    summary = sample.to_dict()
    summary["seed_source"] = seed_source
    if previous is not None and seed_source == "previous_revision":
        summary["seed_revision"] = previous.seed_revision
    summary["changes"] = selection_changes(
        previous.selected if previous is not None else None,
        ids,
        previous.selected_revision if previous is not None else None,
    )
    evaluation = evaluate_sample(sample)
    if sample.warning is not None:  # no sample: nothing to evaluate
        evaluation = {k: (0 if k == "observations" else None) for k in evaluation}
    summary.update(evaluation)
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
    previous: PreviousPlan | None = None,
) -> tuple[dict[str, object] | None, EvidenceSample | None]:
    """``sampling_summary`` for a run: None, None without a recomputation (gate failed).

    ``previous`` (:func:`redd_audit.sampling.plan.previous_plan` of the period folder) fixes
    the seed at the first revision's unless ``sample_seed`` is given (contract 5.9).
    """
    if recomputation is None:
        return None, None
    choice = choose_seed(sample_seed, previous, events_sha256)
    return sampling_summary(
        frames=frames,
        stocks=recomputation.stocks,
        materiality_fraction=project.materiality_fraction,
        ner_tco2e=float(recomputation.totals["ner_tco2e"]),
        start=start,
        end=end,
        seed=choice.seed,
        seed_source=choice.source,
        previous=previous,
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


def sampling_findings(
    sampling: Mapping[str, object] | None,
    frames: Mapping[str, pd.DataFrame],
    files: Mapping[str, str],
) -> list[Finding]:
    """The sample's findings: why no sample was drawn (warning) and the ``sample_observations``
    rows that name no selected event (errors naming the row, contract 5.9)."""
    findings: list[Finding] = []
    no_sample = no_sample_finding(
        sampling, files.get("deforestation_events", "deforestation_events")
    )
    if no_sample is not None:
        findings.append(no_sample)
    if sampling is not None:
        selected = sampling.get("selected")
        ids = [str(e) for e in selected] if isinstance(selected, list) else []
        _, errors = match_observations(frames.get(TABLE), ids, files.get(TABLE, TABLE))
        findings += errors
    return findings
