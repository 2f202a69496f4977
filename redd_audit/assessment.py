"""Assess the period: what the run concludes beyond the recomputed figures (pure: no Prefect).

One step between the recomputation and the outputs, so that the outputs only render what was
concluded: the evidence sample and its evaluation (contract 5.5, 5.9), the map accuracy and the
size of a map bias (5.6, 5.9), materiality over the period (5.2), the cumulative position (5.3),
the findings register and opinion readiness (5.4), and every finding these add to the
data-quality findings, sorted as the outputs list them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from redd_audit.cycle.assessment import assess_cycle, claims_by_vintage
from redd_audit.cycle.buffer_basis import assess_buffer_basis
from redd_audit.cycle.map_bias import with_map_bias
from redd_audit.findings import Finding, sort_findings
from redd_audit.methodology.accuracy import accuracy_summary, change_class_of
from redd_audit.methodology.deductions import DeductionResult
from redd_audit.methodology.engine import Recomputation
from redd_audit.methodology.rule_applied import recomputation_under_rule, rule_in_force
from redd_audit.monte_carlo import PeriodSimulation, period_simulation, rule_settings
from redd_audit.project import Project
from redd_audit.proponent_draws import proponent_deduction
from redd_audit.sampling.monetary_unit import EvidenceSample
from redd_audit.sampling.plan import PreviousPlan
from redd_audit.sampling.summary import run_sampling, sampling_findings


@dataclass(frozen=True)
class PeriodAssessment:
    """The period's assessment, as summary.json and the workbook present it.

    Attributes
    ----------
    findings : every finding of the run (data quality, sample, cycle), in output order
    sampling : summary.json ``sampling`` (None when no figures were computed)
    evidence_sample : the drawn sample the Evidence sample sheet lists
    accuracy : summary.json ``accuracy`` with its ``bias`` (None without accuracy samples)
    materiality : summary.json ``materiality`` ([] when the claims do not cover the period)
    cumulative : summary.json ``cumulative`` (None without issuance_history)
    verification : summary.json ``verification``
    buffer_basis : summary.json ``buffer_basis`` (contract 7.4; None when no figures were
        computed)
    simulation : the period's Monte Carlo simulation (contract 7.2, 7.5; None unless
        ``accounting.simulation.enabled`` and figures were computed)
    deduction : summary.json ``deduction``: the rule on the proponent's ``simulation_draws``
        (with the tool's beside it), else on the tool's simulation (7.1.4, 7.5.1)
    recomputation : the figures the outputs report (a draws-based rule applied, 7.3)
    """

    findings: tuple[Finding, ...]
    sampling: dict[str, object] | None
    evidence_sample: EvidenceSample | None
    accuracy: dict[str, object] | None
    materiality: list[dict[str, object]]
    cumulative: dict[str, object] | None
    verification: dict[str, object]
    buffer_basis: dict[str, object] | None = None
    simulation: PeriodSimulation | None = None
    deduction: dict[str, object] | None = None
    #: the figures the outputs report: the recomputation, with a draws-based rule's deduction
    #: applied (contract 7.3 in ``run``)
    recomputation: Recomputation | None = None

    @property
    def blocks(self) -> bool:
        """The simulation's draw-0 check failed (contract 7.2.4, 7.7: "the gate fails, exit
        1"): found after the recomputation, it fails the gate like the data-quality errors and
        no figure is published. The assessment's other ``error`` findings (a stray sample
        observation, say) are reported and let the run complete (7.7, 5.9)."""
        return self.simulation is not None and not self.simulation.draw_zero_passed


def assess_period(
    *,
    project: Project,
    frames: Mapping[str, pd.DataFrame],
    files: Mapping[str, str],
    quality_findings: Sequence[Finding],
    recomputation: Recomputation | None,
    start: dt.date,
    end: dt.date,
    events_sha256: str | None,
    sample_seed: int | None = None,
    previous: PreviousPlan | None = None,
    uncertainty_inputs_sha256: str | None = None,
    mc_seed: int | None = None,
) -> PeriodAssessment:
    """Assess one period.

    Parameters
    ----------
    project, frames : the validated project and its tables
    files : table name -> file (relative to the project folder), named in findings
    quality_findings : the data-quality gate's findings
    recomputation : the recomputed figures, None when the gate failed or for ``validate``
    start, end : the monitoring period
    events_sha256 : SHA-256 of the deforestation events file (default sample seed, 5.5)
    sample_seed : ``--sample-seed`` when given
    previous : the sample plan of the period's earlier revisions (fixed seed, 5.9)
    uncertainty_inputs_sha256 : SHA-256 of the uncertainty_inputs file (the simulation's
        derived seed, 7.2.2)
    mc_seed : ``--mc-seed`` when given (the simulation's seed, 7.2.2)
    """
    simulation = (
        period_simulation(
            project,
            frames,
            start,
            end,
            recomputation,
            mc_seed=mc_seed,
            inputs_sha256=uncertainty_inputs_sha256,
        )
        if recomputation is not None and project.accounting.simulation.enabled
        else None
    )
    deduction = simulation.deduction if simulation is not None else None
    result = simulation.result if simulation is not None else None
    proponent_findings: list[Finding] = []
    draws = frames.get("simulation_draws")
    if recomputation is not None and draws is not None:
        deduction, proponent_findings, result = proponent_deduction(
            project,
            draws,
            recomputation,
            simulation,
            files.get("simulation_draws", "simulation_draws"),
        )
    recomputation = _under_rule(project, frames, recomputation, deduction, result)
    deduction = _with_run_figures(deduction, recomputation)
    sampling, evidence_sample = run_sampling(
        project=project,
        frames=frames,
        recomputation=recomputation,
        events_sha256=events_sha256,
        start=start,
        end=end,
        sample_seed=sample_seed,
        previous=previous,
    )
    change_class = change_class_of(project)
    accuracy = (
        accuracy_summary(recomputation.accuracy, change_class)
        if recomputation is not None and recomputation.accuracy is not None
        else None
    )
    accuracy = with_map_bias(accuracy, project, recomputation)
    basis, basis_drafts, basis_findings = _buffer_basis(project, frames, files, recomputation)
    cycle = assess_cycle(
        frames=frames,
        files=files,
        recomputation=recomputation,
        materiality_fraction=project.materiality_fraction,
        accuracy=accuracy,
        change_class=change_class,
    )
    findings = sort_findings(
        [
            *quality_findings,
            *sampling_findings(sampling, frames, files),
            *cycle.findings,
            *basis_findings,
            *(simulation.findings if simulation is not None else ()),
            *proponent_findings,
        ]
    )
    return PeriodAssessment(
        findings=tuple(findings),
        sampling=sampling,
        evidence_sample=evidence_sample,
        accuracy=accuracy,
        materiality=cycle.materiality,
        cumulative=cycle.cumulative,
        verification=_with_drafts(cycle.verification, basis_drafts),
        buffer_basis=basis,
        simulation=simulation,
        deduction=deduction,
        recomputation=recomputation,
    )


def _under_rule(
    project: Project,
    frames: Mapping[str, pd.DataFrame],
    recomputation: Recomputation | None,
    deduction: Mapping[str, object] | None,
    result: DeductionResult | None,
) -> Recomputation | None:
    """The figures under a draws-based rule (``art-trees``, ``fcpf``, ``vcs_xunc.source:
    simulation``; contract 7.3 in ``run``), sized on the draws ``deduction`` reports; the
    figures as recomputed under the X-UNC propagation otherwise."""
    if recomputation is None or result is None or deduction is None:
        return recomputation
    if not project.accounting.uncertainty.needs_draws:
        return recomputation
    return recomputation_under_rule(
        recomputation,
        project.accounting,
        rule_in_force(
            result, rule_settings(project), str(deduction.get("draws_source", "simulation"))
        ),
        frames.get("claimed_vintages"),
        project.materiality_fraction,
    )


def _with_run_figures(
    deduction: dict[str, object] | None, recomputation: Recomputation | None
) -> dict[str, object] | None:
    """summary ``deduction`` with ``adjusted_ner_tco2e`` as ``run`` applies the rule: the
    vintage's NER less its deduction (contract 7.3.2: ``NER_t − UNC_t``; 7.3.3:
    ``NER_v × (1 − CF)``), the period's the sum; unchanged when no rule was applied."""
    if deduction is None or recomputation is None or recomputation.rule is None:
        return deduction
    adjusted: dict[object, float] = {
        f.vintage: f.adjusted_ner_tco2e for f in recomputation.vintages
    }
    listed = deduction.get("vintages")
    entries = [
        {**e, "adjusted_ner_tco2e": adjusted.get(e.get("vintage"), e.get("adjusted_ner_tco2e"))}
        for e in (listed if isinstance(listed, list) else [])
        if isinstance(e, dict)
    ]
    period = deduction.get("period")
    if isinstance(period, dict):
        period = {**period, "adjusted_ner_tco2e": recomputation.totals["adjusted_ner_tco2e"]}
    return {**deduction, "vintages": entries, "period": period}


def _with_drafts(
    verification: dict[str, object], drafts: list[dict[str, str]]
) -> dict[str, object]:
    """``verification`` with the buffer basis's draft finding after the others (5.4, 7.4)."""
    if not drafts:
        return verification
    listed = verification.get("draft_findings")
    return {
        **verification,
        "draft_findings": [*(listed if isinstance(listed, list) else []), *drafts],
    }


def _buffer_basis(
    project: Project,
    frames: Mapping[str, pd.DataFrame],
    files: Mapping[str, str],
    recomputation: Recomputation | None,
) -> tuple[dict[str, object] | None, list[dict[str, str]], list[Finding]]:
    """The buffer basis of the claims (contract 7.4); nothing without figures."""
    if recomputation is None:
        return None, [], []
    totals = recomputation.totals
    return assess_buffer_basis(
        claims_by_vintage(frames.get("claimed_vintages")),
        vintages=[f.vintage for f in recomputation.vintages],
        stated=project.accounting.rules.buffer_base,
        deduction_factor=float(totals["deduction_factor"]),
        risk_rating_fraction=project.accounting.buffer.risk_rating_fraction,
        recomputed_vcus=float(totals["vcus"]),
        materiality_fraction=project.materiality_fraction,
        file=files.get("claimed_vintages", "claimed_vintages"),
    )
