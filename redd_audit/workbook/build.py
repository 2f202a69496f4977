"""Build the pure description of the verifier workbook (no openpyxl here).

:func:`build_verification_workbook` describes the full, formula-live workbook of a run whose
quality gate passed; :func:`build_quality_workbook` the data-quality workbook of a run whose gate
failed (README, Provenance, Data quality and CCB indicators; no emission figure anywhere).
:func:`redd_audit.workbook.writer.write_workbook` renders either description.
"""

from __future__ import annotations

import datetime as dt
import re

from redd_audit.workbook import calc_sheets, report_sheets
from redd_audit.workbook.book import VINTAGES, Book, StratumRef
from redd_audit.workbook.context import WorkbookContext
from redd_audit.workbook.model import DocProperties, WorkbookSpec
from redd_audit.workbook.sheets import data_inputs as data_sheets

VERIFICATION_SHEETS = (
    "README",
    "Provenance",
    "Parameters",
    "Strata",
    "Emission schedule",
    "Activity data",
    "Accuracy assessment",
    "Baseline",
    "Project emissions",
    "Leakage",
    "Uncertainty",
    "Buffer",
    VINTAGES,
    "Ex-ante vs achieved",
    "Reconciliation",
    "Data quality",
    "CCB indicators",
    "Change log",
    "Ex-ante baseline",
    "Events",
    "Fires",
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


def _data_sheets(book: Book) -> None:
    ctx, limit = book.ctx, book.row_limit
    specs = [
        (
            "Ex-ante baseline",
            "baseline_exante",
            "Validated ex-ante baseline deforestation per zone, stratum and year (inputs)",
            data_sheets.EXANTE_COLUMNS,
            (),
            data_sheets.EXANTE_NAMES,
            None,
        ),
        (
            "Events",
            "deforestation_events",
            "Deforestation events (inputs) with the cohort year and accounting flags (formulas)",
            data_sheets.EVENT_COLUMNS,
            data_sheets.EVENT_HELPERS,
            data_sheets.EVENT_NAMES,
            limit,
        ),
        (
            "Fires",
            "fire_events",
            "Fire events (inputs) with the vintage and the E-BB flag (formulas)",
            data_sheets.FIRE_COLUMNS,
            data_sheets.FIRE_HELPERS,
            data_sheets.FIRE_NAMES,
            limit,
        ),
        (
            "Trees",
            "inventory_trees",
            "Inventory trees (inputs) with above-ground biomass by Chave et al. 2014 (formulas)",
            data_sheets.TREE_COLUMNS,
            data_sheets.TREE_HELPERS,
            data_sheets.TREE_NAMES,
            limit,
        ),
    ]
    for sheet, table, title, raw, helpers, names, row_limit in specs:
        sh = book.sheet(sheet, title)
        result = data_sheets.data_table_sheet(
            sh,
            ctx,
            table,
            raw,
            helpers,
            names,
            row_limit if row_limit is not None else max(limit, 10**9),
        )
        book.data[table] = result
        if result.companion is not None:
            book.companions.append(result.companion)
    trees = book.data["inventory_trees"]
    sh = book.sheet(
        "Plots",
        "Inventory plots (inputs) with biomass and carbon per hectare (formulas)",
    )
    result = data_sheets.data_table_sheet(
        sh,
        ctx,
        "inventory_plots",
        data_sheets.PLOT_COLUMNS,
        data_sheets.plot_helpers(trees.on_sheet),
        data_sheets.PLOT_NAMES,
        limit,
    )
    book.data["inventory_plots"] = result
    if result.companion is not None:
        book.companions.append(result.companion)
    if result.on_sheet and not trees.on_sheet:
        inventory = ctx.recomputation.inventory if ctx.recomputation else None
        data_sheets.fill_plot_aggregates(sh, inventory.plots if inventory else None)
    sh = book.sheet("Accuracy samples", "Map accuracy sample (inputs)")
    result = data_sheets.data_table_sheet(
        sh,
        ctx,
        "accuracy_samples",
        data_sheets.ACCURACY_COLUMNS,
        data_sheets.ACCURACY_HELPERS,
        data_sheets.ACCURACY_NAMES,
        limit,
    )
    book.data["accuracy_samples"] = result
    if result.companion is not None:
        book.companions.append(result.companion)


def _assemble(book: Book, kind: str) -> WorkbookSpec:
    sheets = []
    for name in book.sheet_order:
        builder = book.sheets[name]
        if name in UNPROTECTED:
            builder.protected = False
        sheets.append(builder.spec())
    return WorkbookSpec(
        kind=kind,  # type: ignore[arg-type]
        sheets=sheets,
        names=list(book.names.names),
        properties=_properties(book.ctx, kind),
        companions=list(book.companions),
    )


def build_verification_workbook(
    ctx: WorkbookContext, *, row_limit: int | None = None
) -> WorkbookSpec:
    """The verifier workbook of a passed run: every sheet, formula-live.

    Parameters
    ----------
    ctx : everything the workbook shows (``ctx.recomputation`` must be set)
    row_limit : longest table written to a sheet (default
        :data:`redd_audit.workbook.data_sheets.SHEET_ROW_LIMIT`); longer tables become companion
        CSV files (:attr:`WorkbookSpec.companions`) and their aggregates input cells.
    """
    if ctx.recomputation is None or ctx.status != "passed":
        raise ValueError("the verification workbook needs a passed run with a recomputation")
    limit = data_sheets.SHEET_ROW_LIMIT if row_limit is None else row_limit
    book = Book(ctx=ctx, row_limit=limit, strata=_strata_refs(ctx))
    book.sheet_order = list(VERIFICATION_SHEETS)
    _data_sheets(book)
    report_sheets.parameters_sheet(book)
    calc_sheets.strata_sheet(book)
    calc_sheets.schedule_sheet(book)
    calc_sheets.activity_sheet(book)
    calc_sheets.baseline_sheet(book)
    calc_sheets.project_sheet(book)
    calc_sheets.leakage_sheet(book)
    calc_sheets.buffer_sheet(book)
    calc_sheets.vintages_sheet(book)
    calc_sheets.uncertainty_sheet(book)
    calc_sheets.accuracy_sheet(book)
    calc_sheets.exante_sheet(book)
    calc_sheets.reconciliation_sheet(book)
    report_sheets.data_quality_sheet(book)
    report_sheets.ccb_sheet(book, "verification")
    report_sheets.change_log_sheet(book)
    report_sheets.provenance_sheet(book)
    report_sheets.readme_sheet(book, "verification")
    return _assemble(book, "verification")


def build_quality_workbook(ctx: WorkbookContext, *, row_limit: int | None = None) -> WorkbookSpec:
    """The data-quality workbook of a run whose gate failed: README, Provenance, Data quality
    (every finding) and CCB indicators when given. No emission figure appears anywhere."""
    limit = data_sheets.SHEET_ROW_LIMIT if row_limit is None else row_limit
    book = Book(ctx=ctx, row_limit=limit, strata=_strata_refs(ctx))
    order = ["README", "Provenance", "Data quality"]
    if ctx.frames.get("ccb_indicators") is not None:
        order.append("CCB indicators")
    book.sheet_order = order
    report_sheets.data_quality_sheet(book)
    if "CCB indicators" in order:
        report_sheets.ccb_sheet(book, "quality")
    report_sheets.provenance_sheet(book)
    report_sheets.readme_sheet(book, "quality")
    return _assemble(book, "quality")
