"""Build the pure description of the verifier workbook (no openpyxl here).

:func:`build_verification_workbook` describes the full, formula-live workbook of a run whose
quality gate passed; :func:`build_quality_workbook` the data-quality workbook of a run whose gate
failed (README, Provenance, Data quality and CCB indicators; no emission figure anywhere).
:func:`redd_audit.workbook.writer.write_workbook` renders either description.
"""

from __future__ import annotations

import datetime as dt
import re

from redd_audit import quantities
from redd_audit.workbook.book import VINTAGES, Book, StratumRef
from redd_audit.workbook.context import WorkbookContext
from redd_audit.workbook.model import DocProperties, Scalar, WorkbookSpec
from redd_audit.workbook.monte_carlo_sheets import with_monte_carlo
from redd_audit.workbook.sheets import (
    accuracy,
    accuracy_classes,
    activity,
    baseline,
    buffer,
    buffer_basis,
    calendar,
    ccb,
    change_log,
    cumulative,
    data_inputs,
    data_quality,
    equations,
    evidence_sample,
    exante,
    findings,
    leakage,
    materiality,
    parameters,
    project_emissions,
    provenance,
    readme,
    recheck_samples,
    reconciliation,
    revisions,
    schedule,
    strata,
    uncertainty,
    vintages,
)

#: Every sheet the verification workbook may hold, in order.
VERIFICATION_SHEETS = (
    "README",
    "Provenance",
    "Parameters",
    "Strata",
    "Emission schedule",
    "Activity data",
    "Accuracy assessment",
    "Accuracy by class",
    "Baseline",
    "Project emissions",
    "Leakage",
    "Uncertainty",
    "Buffer",
    VINTAGES,
    "Ex-ante vs achieved",
    "Reconciliation",
    "Period materiality",
    "Cumulative position",
    "Revisions",
    "Findings",
    "Evidence sample",
    "Plots to remeasure",
    "Accuracy re-check",
    "Equations",
    "Data quality",
    "CCB indicators",
    "Change log",
    "Ex-ante baseline",
    "Events",
    "Fires",
    "Baseline emissions (PD)",
    "Disturbance",
    "Plots",
    "Trees",
    "Accuracy samples",
)

#: Sheets whose cells are all documentation or listings: left unprotected.
UNPROTECTED = {"README", "Data quality", "Change log"}


def _strata_refs(ctx: WorkbookContext) -> list[StratumRef]:
    refs: list[StratumRef] = []
    taken: set[str] = set()
    for s in ctx.project.strata:
        base = re.sub(r"[^A-Za-z0-9_]", "_", s.id) or "stratum"
        suffix, i = base, 2
        while suffix.lower() in taken:
            suffix, i = f"{base}_{i}", i + 1
        taken.add(suffix.lower())
        refs.append(StratumRef(s.id, suffix))
    return refs


def _properties(ctx: WorkbookContext, kind: str) -> DocProperties:
    p = ctx.project
    period = f"{ctx.start.isoformat()}_{ctx.end.isoformat()}"
    title = (
        f"{p.id} verification workbook {period}"
        if kind == "verification"
        else f"{p.id} data-quality workbook {period}"
    )
    return DocProperties(
        title=title,
        subject=f"{p.methodology.id} {p.methodology.version} emission-reduction recomputation",
        created=dt.datetime.combine(ctx.end, dt.time()),
        description=p.name,
        keywords="REDD+, verification, " + p.methodology.id,
        custom=(
            ("ProjectId", p.id),
            ("PeriodStart", ctx.start.isoformat()),
            ("PeriodEnd", ctx.end.isoformat()),
            ("Status", ctx.status),
            ("RunId", ctx.run_id),
            ("RuleSet", str(ctx.rule_set.get("id", p.accounting.rules.id))),
            ("ParametersVersion", ctx.parameters_version),
            ("CodeVersion", ctx.software.get("redd-audit", "unknown")),
        ),
    )


def _order(book: Book, candidates: tuple[str, ...], pending: tuple[str, ...]) -> list[str]:
    """The built (or ``pending``) sheets in the order of ``candidates``; a sheet built but not
    listed goes just before the input-row sheets."""
    listed = [name for name in candidates if name in book.sheets or name in pending]
    extra = [name for name in book.sheets if name not in candidates]
    cut = listed.index("Ex-ante baseline") if "Ex-ante baseline" in listed else len(listed)
    return listed[:cut] + extra + listed[cut:]


def _assemble(book: Book, kind: str) -> WorkbookSpec:
    sheets = []
    for name in book.sheet_order:
        builder = book.sheets[name]
        if name in UNPROTECTED:
            builder.protected = False
        sheets.append(builder.spec())
    ctx = book.ctx
    revision = ctx.revision or {}
    number = revision.get("number")
    return WorkbookSpec(
        kind=kind,  # type: ignore[arg-type]
        sheets=sheets,
        names=list(book.names.names),
        properties=_properties(ctx, kind),
        companions=list(book.companions),
        project_text=ctx.project.id,
        period_text=f"{ctx.start.isoformat()} to {ctx.end.isoformat()}",
        revision_text=f"revision {number:03d}" if isinstance(number, int) else "",
        engine_values=_engine_values(ctx),
    )


def _engine_values(ctx: WorkbookContext) -> dict[str, Scalar]:
    """The engine's value of each contract name (contract 5.7: the cached value of a name's
    cell equals summary.json exactly, not only to the spreadsheet engine's last bits)."""
    values: dict[str, Scalar] = {}
    rc = ctx.recomputation
    if rc is not None:
        for q in quantities.summary_totals():
            if q.workbook_name and q.summary_key in rc.totals:
                values[q.workbook_name] = rc.totals[q.summary_key]
    for entry in ctx.materiality or []:
        if entry.get("quantity") == "vcus":
            values["Period_VCU_Misstatement"] = _scalar(entry.get("misstatement"))
            values["Period_VCU_Misstatement_Fraction"] = _scalar(entry.get("misstatement_fraction"))
    if rc is not None and all(f.reported is not None for f in rc.vintages):
        values["Reported_Total_VCUs"] = sum(f.reported.vcus for f in rc.vintages if f.reported)
    cumulative = ctx.cumulative or {}
    values["Cumulative_VCUs_To_Date"] = _scalar(cumulative.get("vcus_to_date"))
    values["Cumulative_Buffer_To_Date"] = _scalar(cumulative.get("buffer_to_date"))
    return {k: v for k, v in values.items() if v is not None}


def _scalar(value: object) -> Scalar:
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None


def _calculation_sheets(book: Book) -> vintages.VintageCells:
    """Inputs → calculation: each builder reads only the cells returned before it."""
    parameters.build(book)
    calendar.build(book)
    strata.build(book)
    schedule.build(book)
    areas = activity.build(book)
    accuracy.build(book)
    bsl = baseline.build(book, areas)
    prj = project_emissions.build(book, areas)
    lkg = leakage.build(book, areas)
    uncertainty.build(book, bsl, prj)
    buf = buffer.build(book, bsl, prj, lkg)
    return vintages.build(book, bsl, prj, lkg, buf)


def build_verification_workbook(
    ctx: WorkbookContext, *, row_limit: int | None = None
) -> WorkbookSpec:
    """The verifier workbook of a passed run: every sheet, formula-live.

    Parameters
    ----------
    ctx : everything the workbook shows (``ctx.recomputation`` must be set)
    row_limit : longest table written to a sheet (default
        :data:`~redd_audit.workbook.sheets.data_table.SHEET_ROW_LIMIT`); longer tables become
        companion CSV files (:attr:`WorkbookSpec.companions`) and their aggregates input cells.
    """
    if ctx.recomputation is None or ctx.status != "passed":
        raise ValueError("the verification workbook needs a passed run with a recomputation")
    limit = data_inputs.SHEET_ROW_LIMIT if row_limit is None else row_limit
    book = Book(ctx=ctx, row_limit=limit, strata=_strata_refs(ctx))
    data_inputs.build(book)
    cells = _calculation_sheets(book)
    exante.build(book, cells)
    claims = reconciliation.build(book, cells)
    buffer_basis.build(book, claims)
    data_quality.build(book)
    ccb.build(book, "verification")
    change_log.build(book)
    period = materiality.build(book, claims)
    cumulative.build(book)
    revisions.build(book)
    findings.build(book, period)
    evidence_sample.build(book)
    accuracy_classes.build(book)
    recheck_samples.build(book)
    equations.build(book)
    provenance.build(book)
    book.sheet_order = _order(book, VERIFICATION_SHEETS, pending=("README",))
    readme.build(book, "verification")
    spec = _assemble(book, "verification")
    if ctx.monte_carlo is not None:
        spec = with_monte_carlo(spec, ctx.monte_carlo)
    return spec


def build_quality_workbook(ctx: WorkbookContext, *, row_limit: int | None = None) -> WorkbookSpec:
    """The data-quality workbook of a run whose gate failed: README, Provenance, Data quality
    (every finding) and CCB indicators when given. No emission figure appears anywhere."""
    limit = data_inputs.SHEET_ROW_LIMIT if row_limit is None else row_limit
    book = Book(ctx=ctx, row_limit=limit, strata=_strata_refs(ctx))
    order = ["README", "Provenance", "Data quality"]
    if ctx.frames.get("ccb_indicators") is not None:
        order.append("CCB indicators")
    book.sheet_order = order
    data_quality.build(book)
    if "CCB indicators" in order:
        ccb.build(book, "quality")
    provenance.build(book)
    readme.build(book, "quality")
    return _assemble(book, "quality")
