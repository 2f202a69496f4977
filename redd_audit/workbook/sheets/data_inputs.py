"""The input-row sheets of the verifier workbook (Ex-ante baseline, Events, Fires, Trees, Plots,
Accuracy samples): :func:`build` writes each table with
:func:`redd_audit.workbook.sheets.data_table.data_table_sheet`.

The column tables live in :mod:`.data_events` and :mod:`.data_inventory`; they are re-exported
here under the names the workbook builder has always used.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from redd_audit.workbook.book import Book
from redd_audit.workbook.sheets.criteria import needs_exact
from redd_audit.workbook.sheets.data_events import (
    EVENT_COLUMNS,
    EVENT_HELPERS,
    EVENT_NAMES,
    EXANTE_COLUMNS,
    EXANTE_NAMES,
    FIRE_COLUMNS,
    FIRE_HELPERS,
    FIRE_NAMES,
    project_year_helpers,
)
from redd_audit.workbook.sheets.data_events import (
    ROW as ROW_NUMBER,
)
from redd_audit.workbook.sheets.data_inventory import (
    ACCURACY_COLUMNS,
    ACCURACY_HELPERS,
    ACCURACY_NAMES,
    PLOT_COLUMNS,
    PLOT_NAMES,
    TREE_COLUMNS,
    TREE_HELPERS,
    TREE_NAMES,
    fill_plot_aggregates,
    plot_helpers,
)
from redd_audit.workbook.sheets.data_table import (
    SHEET_ROW_LIMIT,
    DataSheetResult,
    HelperColumn,
    data_table_sheet,
)

__all__ = [
    "ACCURACY_COLUMNS",
    "ACCURACY_HELPERS",
    "ACCURACY_NAMES",
    "EVENT_COLUMNS",
    "EVENT_HELPERS",
    "EVENT_NAMES",
    "EXANTE_COLUMNS",
    "EXANTE_NAMES",
    "FIRE_COLUMNS",
    "FIRE_HELPERS",
    "FIRE_NAMES",
    "PLOT_COLUMNS",
    "PLOT_NAMES",
    "SHEET_ROW_LIMIT",
    "TREE_COLUMNS",
    "TREE_HELPERS",
    "TREE_NAMES",
    "DataSheetResult",
    "build",
    "data_table_sheet",
    "fill_plot_aggregates",
    "plot_helpers",
]

_SIMPLE = (
    (
        "Ex-ante baseline",
        "baseline_exante",
        "Validated ex-ante baseline deforestation per zone, stratum and year (inputs)",
        EXANTE_COLUMNS,
        (),
        EXANTE_NAMES,
    ),
    (
        "Events",
        "deforestation_events",
        "Deforestation events (inputs, every column of the file) with the row ledger's outcome, "
        "the cohort year and accounting flags (formulas)",
        EVENT_COLUMNS,
        EVENT_HELPERS,
        EVENT_NAMES,
    ),
    (
        "Fires",
        "fire_events",
        "Fire events (inputs) with the vintage and the E-BB flag (formulas)",
        FIRE_COLUMNS,
        FIRE_HELPERS,
        FIRE_NAMES,
    ),
    (
        "Trees",
        "inventory_trees",
        "Inventory trees (inputs) with above-ground biomass by Chave et al. 2014 (formulas)",
        TREE_COLUMNS,
        TREE_HELPERS,
        TREE_NAMES,
    ),
)


def _record(book: Book, result: DataSheetResult) -> None:
    book.data[result.table] = result
    if result.companion is not None:
        book.companions.append(result.companion)


def _plot_ids(frames: Mapping[str, pd.DataFrame | None]) -> set[str]:
    """Every distinct plot id of the plots and trees tables (as the sheets show them)."""
    ids: set[str] = set()
    for table in ("inventory_plots", "inventory_trees"):
        frame = frames.get(table)
        if frame is not None and "plot_id" in frame.columns:
            ids.update(str(v) for v in frame["plot_id"].dropna())
    return ids


def build(book: Book) -> None:
    """Every input-row sheet; the validated ex-ante baseline always stays on its sheet."""
    ctx, limit = book.ctx, book.row_limit
    project_year = ctx.project.accounting.vintage_allocation == "project_year"
    dates = {"deforestation_events": "detected_on", "fire_events": "burned_on"}
    for sheet, table, title, raw, simple_helpers, names in _SIMPLE:
        helpers: tuple[HelperColumn, ...] = simple_helpers
        if project_year and table in dates:
            helpers = project_year_helpers(helpers, dates[table])
        row_limit = max(limit, 10**9) if table == "baseline_exante" else limit
        sh = book.sheet(sheet, title)
        _record(book, data_table_sheet(sh, ctx, table, raw, helpers, names, row_limit))
    trees = book.data["inventory_trees"]
    sh = book.sheet(
        "Plots", "Inventory plots (inputs) with biomass and carbon per hectare (formulas)"
    )
    plot_formulas = plot_helpers(trees.on_sheet, needs_exact(_plot_ids(ctx.frames)))
    plots = data_table_sheet(
        sh, ctx, "inventory_plots", PLOT_COLUMNS, plot_formulas, PLOT_NAMES, limit
    )
    _record(book, plots)
    if plots.on_sheet and not trees.on_sheet:
        inventory = ctx.recomputation.inventory if ctx.recomputation else None
        fill_plot_aggregates(sh, inventory.plots if inventory else None)
    _optional_sheets(book)
    sh = book.sheet("Accuracy samples", "Map accuracy sample (inputs)")
    _record(
        book,
        data_table_sheet(
            sh,
            ctx,
            "accuracy_samples",
            ACCURACY_COLUMNS,
            ACCURACY_HELPERS,
            ACCURACY_NAMES,
            limit,
        ),
    )


#: Optional tables of contract section 8 listed on a data sheet of their own when provided
#: (8.9): every column of the file, the row ledger's outcome per row.
OPTIONAL = (
    (
        "Baseline emissions (PD)",
        "baseline_emissions",
        "The validated PD's baseline emissions per zone and project year (inputs, contract 8.4); "
        "the Baseline and Leakage sheets apply them",
    ),
    (
        "Disturbance",
        "disturbance_events",
        "Natural disturbance in the project area (inputs, contract 8.5); the Project emissions "
        "sheet re-performs its emissions",
    ),
)


def _optional_sheets(book: Book) -> None:
    """The data sheets of :data:`OPTIONAL`, for the tables the project provides."""
    for sheet, table, title in OPTIONAL:
        if book.ctx.frames.get(table) is None:
            continue
        sh = book.sheet(sheet, title)
        _record(book, data_table_sheet(sh, book.ctx, table, (ROW_NUMBER,), (), {}, book.row_limit))
