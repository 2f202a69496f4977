"""Assemble: the verifier workbook, summary.json, manifest.json and Data Docs, published
atomically into ``<out>/<project-id>/<start>_<end>/``."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from prefect import Task, task
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import State, TaskRun

from redd_audit import __version__, parameters, progress
from redd_audit.assessment import PeriodAssessment
from redd_audit.bundle.keys import Signer, load_signing_key
from redd_audit.bundle.statement import RunRecord, bundle_record, write_bundle
from redd_audit.cycle.changes import revision_changes
from redd_audit.cycle.revisions import carry_revisions, next_revision_number, revision_record
from redd_audit.cycle.snapshot import PROJECT_FILE, SnapshotSource, write_snapshot
from redd_audit.cycle.unchanged import FINGERPRINT_KEY, fingerprint_record
from redd_audit.methodology.audd import summary_conventions
from redd_audit.methodology.engine import Recomputation
from redd_audit.monte_carlo import monte_carlo_sheets, write_period_simulation
from redd_audit.outputs import (
    DATA_DOCS_DIR,
    MANIFEST_FILE,
    SUMMARY_FILE,
    build_manifest,
    build_summary,
    previous_period_summary,
    run_dir,
    run_identifier,
    sha256_path,
    staged_output,
    workbook_name,
    write_json,
)
from redd_audit.project import Project
from redd_audit.proponent_draws import proponent_sheets
from redd_audit.versions import software_versions as package_versions
from redd_audit.workbook.build import build_quality_workbook, build_verification_workbook
from redd_audit.workbook.context import WorkbookContext
from redd_audit.workbook.monte_carlo_sheets import MonteCarloSheets
from redd_audit.workbook.writer import write_workbook
from tasks.collect import Collected
from tasks.progress_artifact import with_progress_artifact
from tasks.quality import QualityOutcome
from tasks.unchanged import fingerprint

_PACKAGES = (
    "prefect",
    "great-expectations",
    "pandas",
    "numpy",
    "openpyxl",
    "ironcalc",
    "shapely",
    "pydantic",
    "pyarrow",
)


def software_versions() -> dict[str, str]:
    """The versions of redd-audit, Python and the engines this step uses."""
    return package_versions(_PACKAGES)


def rule_set(collected: Collected) -> dict[str, object]:
    acc = collected.project.accounting
    return {
        **acc.rules.model_dump(),
        "deduction_rule": acc.uncertainty.rule,  # contract 7.5.1
        "carbon_stock_source": acc.carbon_stock_source,
        "vintage_allocation": acc.vintage_allocation,
        "emission_schedule_years": acc.emission_schedule_years.model_dump(),
        "gwp": acc.gwp.model_dump(),
        "parameters_version": parameters.version(),
        "methodology": collected.project.methodology.model_dump(),
    }


@dataclass
class AssembledOutputs:
    output_dir: Path
    workbook: Path
    summary_path: Path
    manifest_path: Path
    summary: dict[str, object]
    #: SHA-256 of the statement in bundle.intoto.jsonl (contract 9.2)
    statement_sha256: str | None = None


def assemble(
    collected: Collected,
    quality: QualityOutcome,
    recomputation: Recomputation | None,
    assessment: PeriodAssessment,
    start: dt.date,
    end: dt.date,
    out_dir: Path,
    *,
    reason: str | None = None,
    sample_seed: int | None = None,
    signing_key: str | Path | Signer | None = None,
    kind: str = "run",
) -> AssembledOutputs:
    """Write every output into a staging folder and publish it (contract.md section 4).

    Renders what was computed and assessed; analyses nothing. Without a recomputation (gate
    failed, or ``validate``) the workbook is the data-quality workbook and no emission figure
    is written anywhere. ``sample_seed`` is the option as given (recorded in the statement
    when no sample was drawn; the assessment drew the sample with it).

    Earlier outputs of the period are kept in ``revisions/<NNN>/`` and ``reason`` is recorded
    in summary.json ``revision`` (contract 5.1); the inputs are snapshotted under ``inputs/``.

    ``bundle.intoto.jsonl`` attests every file of the manifest (contract 9.2), signed when
    ``signing_key`` (a private key file, or a loaded signer) is given.

    A ``validate`` run (``kind``) writes to the period folder's ``validation/`` folder, with
    its own revisions there; an audit's outputs stay where they are (contract 5.1). summary.json
    ``fingerprint`` lets a rerun on unchanged inputs leave the folder as it is.
    """
    signer = (
        load_signing_key(Path(signing_key)) if isinstance(signing_key, str | Path) else signing_key
    )
    project = collected.project
    if assessment.recomputation is not None:  # the figures under a draws-based rule (7.3)
        recomputation = assessment.recomputation
    if assessment.blocks:  # an error found after the recomputation fails the gate too (7.7)
        recomputation = None
    passed = recomputation is not None
    status: Literal["passed", "failed_quality_gate"] = (
        "failed_quality_gate" if quality.errors or assessment.blocks else "passed"
    )
    final = run_dir(Path(out_dir), project.id, start, end, kind)
    inputs = collected.inputs
    run_id = run_identifier(
        project.id, start, end, [collected.project_sha256, *(i.sha256 for i in inputs)], __version__
    )
    software = software_versions()
    rules = rule_set(collected)
    sampling = assessment.sampling
    findings = list(assessment.findings)
    ctx = WorkbookContext(
        project=project,
        start=start,
        end=end,
        status=status,
        recomputation=recomputation,
        findings=findings,
        ledger=quality.ledger,
        inputs=inputs,
        frames=collected.frames,
        software=software,
        rule_set=rules,
        parameters_version=parameters.version(),
        run_id=run_id,
        previous_summary=previous_period_summary(Path(out_dir), project.id, start)
        if passed
        else None,
        missing_tables=collected.missing_tables,
        sampling=sampling,
        evidence_sample=assessment.evidence_sample,
        materiality=assessment.materiality,
        cumulative=assessment.cumulative,
        verification=assessment.verification,
        bundle=bundle_record(signer),
    )
    project_definition = {"file": "project.yaml", "sha256": collected.project_sha256}
    with staged_output(final) as staging:
        progress.report("assemble", 0.05, "revisions and input snapshot")
        ctx.revision, snapshot = _revision(collected, recomputation, final, staging, reason)
        mc_summary, mc_manifest = _simulation_outputs(assessment, project, start, end, staging)
        ctx.monte_carlo = _monte_carlo(collected, recomputation, assessment, mc_summary)
        progress.report("assemble", 0.1, "workbook")
        spec = build_verification_workbook(ctx) if passed else build_quality_workbook(ctx)
        book = staging / workbook_name(project.id, start, end, passed=passed)
        evidence_files = write_workbook(spec, book, evidence_dir=staging)
        progress.report("assemble", 0.6, "Data Docs")
        from tasks.gx_checks import build_data_docs

        build_data_docs(quality.report, staging / DATA_DOCS_DIR)
        _pin_data_docs(staging / DATA_DOCS_DIR)
        progress.report("assemble", 0.8, "summary and manifest")
        summary = build_summary(
            project_id=project.id,
            start=start,
            end=end,
            status=status,
            recomputation=recomputation,
            findings=findings,
            ledger=quality.ledger,
            inputs=inputs,
            project_definition=project_definition,
            workbook={"file": book.name, "sha256": sha256_path(book)},
            rule_set=rules,
            run_id=run_id,
            evidence=[{"file": p.name, "sha256": sha256_path(p)} for p in evidence_files],
            sampling=sampling,
            accuracy=assessment.accuracy,
            revision=ctx.revision,
            materiality=assessment.materiality,
            cumulative=assessment.cumulative,
            verification=assessment.verification,
            buffer_basis=assessment.buffer_basis,
            simulation=mc_summary,
            deduction=assessment.deduction,
            sensitivity=assessment.simulation.sensitivity if assessment.simulation else None,
        )
        summary["conventions"] = summary_conventions(project)
        summary["bundle"] = bundle_record(signer)
        keyid = signer.keyid if signer is not None else None
        summary[FINGERPRINT_KEY] = fingerprint_record(
            fingerprint(collected, start, end, Path(out_dir), kind, keyid), sample_seed
        )
        write_json(staging / SUMMARY_FILE, summary)
        manifest = build_manifest(
            project_id=project.id,
            start=start,
            end=end,
            run_id=run_id,
            inputs=inputs,
            project_definition=project_definition,
            output_dir=staging,
            software=software,
            rule_set=rules,
            parameters_version=parameters.version(),
            ledger=quality.ledger,
            snapshot=snapshot,
            simulation=mc_manifest,
        )
        write_json(staging / MANIFEST_FILE, manifest)
        statement_sha256 = write_bundle(staging, _run_record(ctx, sampling, sample_seed), signer)
    progress.report("assemble", 1.0, str(final))
    return AssembledOutputs(
        output_dir=final,
        workbook=final / book.name,
        summary_path=final / SUMMARY_FILE,
        manifest_path=final / MANIFEST_FILE,
        summary=summary,
        statement_sha256=statement_sha256,
    )


def _monte_carlo(
    collected: Collected,
    recomputation: Recomputation | None,
    assessment: PeriodAssessment,
    simulation: dict[str, object] | None,
) -> MonteCarloSheets | None:
    """The Monte Carlo sheets of the workbook (contract 7.5.3): over the tool's draws when the
    run simulated, else over the proponent's ``simulation_draws`` when given (7.1.4)."""
    if recomputation is None:
        return None
    in_workbook = collected.project.accounting.simulation.draws_in_workbook
    if assessment.simulation is not None and simulation is not None:
        return monte_carlo_sheets(assessment.simulation, simulation, in_workbook)
    draws = collected.tables.get("simulation_draws")
    if draws is None:
        return None
    return proponent_sheets(
        collected.project, draws.frame, recomputation, draws.file, draws.sha256, in_workbook
    )


def _simulation_outputs(
    assessment: PeriodAssessment, project: Project, start: dt.date, end: dt.date, staging: Path
) -> tuple[dict[str, object] | None, dict[str, object] | None]:
    """The draws file and Monte Carlo workbook of a simulated period, and its summary and
    manifest entries (contract 7.5)."""
    if assessment.simulation is None:
        return None, None
    store = project.accounting.simulation.store_draws
    return write_period_simulation(assessment.simulation, staging, project.id, start, end, store)


def _run_record(
    ctx: WorkbookContext, sampling: dict[str, object] | None, sample_seed: int | None
) -> RunRecord:
    """What the statement's predicate records of the run (contract 9.2); the evidence sample
    seed is the one the sample was drawn with (the option's value when none was drawn)."""
    revision = ctx.revision or {}
    number, reason = revision.get("number", 1), revision.get("reason")
    if not isinstance(number, int) or not (reason is None or isinstance(reason, str)):
        raise TypeError(f"revision record: number {number!r}, reason {reason!r}")
    seed = sampling.get("seed") if sampling else sample_seed
    return RunRecord(
        project_id=ctx.project.id,
        start=ctx.start.isoformat(),
        end=ctx.end.isoformat(),
        run_id=ctx.run_id,
        revision=number,
        reason=reason,
        rule_set=ctx.rule_set,
        evidence_sample_seed=seed if isinstance(seed, int) else None,
        software=ctx.software,
    )


#: GX Data Docs append the build time to asset URLs (``logo-long.png?d=20261128T033443.091254Z``)
#: and give collapsible blocks random UUIDs.
_ASSET_TIMESTAMP = re.compile(rb"\?d=\d{8}T\d{6}\.\d{6}Z")
_UUID = re.compile(rb"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _pin_data_docs(docs_dir: Path) -> None:
    """Make the Data Docs pages reproducible: drop the build time from asset URLs and number
    each page's UUIDs in order of appearance (links and their targets stay paired), so that
    identical inputs give identical pages and hence an identical manifest.json."""
    for page in sorted(docs_dir.rglob("*.html")):
        data = page.read_bytes()
        numbers: dict[bytes, bytes] = {}

        def number(match: re.Match[bytes], numbers: dict[bytes, bytes] = numbers) -> bytes:
            found = match.group(0)
            if found not in numbers:
                numbers[found] = b"00000000-0000-4000-8000-%012d" % (len(numbers) + 1)
            return numbers[found]

        pinned = _UUID.sub(number, _ASSET_TIMESTAMP.sub(b"", data))
        if pinned != data:
            page.write_bytes(pinned)


def _revision(
    collected: Collected,
    recomputation: Recomputation | None,
    final: Path,
    staging: Path,
    reason: str | None,
) -> tuple[dict[str, object], list[dict[str, object]]]:
    """Keep the earlier outputs in the staging folder's ``revisions/``, snapshot the inputs and
    describe the changes against the previous revision (contract 5.1)."""
    archived = carry_revisions(final, staging, SUMMARY_FILE)
    sources = [SnapshotSource(None, PROJECT_FILE, collected.project_sha256)]
    sources += [SnapshotSource(t.name, t.file, t.sha256) for t in collected.tables.values()]
    snapshot = write_snapshot(collected.project_dir, sources, staging)
    changes, notes = revision_changes(
        archived,
        current_inputs=[{"file": s.file, "sha256": s.sha256} for s in sources],
        current_vintages=[f.summary_dict() for f in recomputation.vintages]
        if recomputation is not None
        else [],
        tables=collected.tables,
        project=collected.project,
    )
    revision = revision_record(
        number=next_revision_number(final, archived),
        reason=reason,
        archived=archived,
        inputs=changes["inputs"],
        figures=changes["figures"],
        records=changes["records"],
    )
    if notes:
        revision["notes"] = notes
    return revision, snapshot


def _write_failed(task: Task[..., Any], task_run: TaskRun, state: State[Any]) -> bool:
    """Retry a failed write (disk full, network share hiccup); never retry a bug."""
    try:
        state.result()
    except OSError:
        return True
    except Exception:
        return False
    return False


# Not cached: assemble writes files, and a cache hit would skip writing them. Publication is
# atomic (staging folder), so a retry after an OSError starts from a clean slate.
assemble_outputs = task(
    name="assemble",
    task_run_name="assemble",
    cache_policy=NO_CACHE,
    persist_result=False,
    retries=2,
    retry_delay_seconds=[1, 4],
    retry_jitter_factor=0.5,
    retry_condition_fn=_write_failed,
)(with_progress_artifact("assemble", "workbook, Data Docs, summary and manifest")(assemble))
