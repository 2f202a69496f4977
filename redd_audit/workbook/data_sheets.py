"""Input-row sheets (events, fires, ex-ante baseline, inventory, accuracy sample) and their
companion CSV files when a table is too long for a sheet.

Each row keeps the file's row number and a ``refused`` flag (1 when the quality gate reported an
error on the row); helper columns are per-row formulas (year of the date, whether the row enters
the accounting), so that the calculation sheets can aggregate them with ``SUMIFS``/``COUNTIFS``.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from redd_audit.tables.schemas import ROW_COLUMN
from redd_audit.workbook.context import WorkbookContext
from redd_audit.workbook.layout import (
    HEADER_ROW,
    SheetBuilder,
    column_values,
    plain,
)
from redd_audit.workbook.model import (
    COUNT,
    DATE,
    HA,
    NUMBER,
    YEAR,
    Column,
    CompanionFile,
    DataTable,
    Role,
    column_letter,
)

#: Longest table written to a sheet; longer tables go to a companion CSV file.
SHEET_ROW_LIMIT = 100_000


@dataclass(frozen=True)
class RawColumn:
    key: str  # column of the frame ("_row", "refused" are added)
    header: str
    role: Role
    fmt: str | None = None
    width: float = 12.0


@dataclass(frozen=True)
class HelperColumn:
    key: str
    header: str
    #: builds the formula template from the letters of the columns ({r} = row number)
    template: Callable[[dict[str, str]], str]
    fmt: str | None = None
    width: float = 12.0
    role: Role = "formula"


@dataclass
class DataSheetResult:
    """Where a table went: ``on_sheet`` (names usable in formulas) or a companion file."""

    table: str
    on_sheet: bool
    n_rows: int
    companion: CompanionFile | None = None
    provided: bool = True


def refused_rows(ctx: WorkbookContext, table: str) -> set[int]:
    """Row numbers of ``table``'s file carrying an error finding (refused by the quality gate)."""
    files = {i.file for i in ctx.inputs if i.table == table} | {
        entry.file for entry in ctx.ledger if entry.table == table
    }
    return {
        int(f.row)
        for f in ctx.findings
        if f.severity == "error" and f.row is not None and f.file in files
    }


def _refused_flags(ctx: WorkbookContext, table: str, frame: pd.DataFrame) -> list[int]:
    refused = refused_rows(ctx, table)
    if ROW_COLUMN not in frame.columns or not refused:
        return [0] * len(frame)
    return [1 if int(r) in refused else 0 for r in frame[ROW_COLUMN].astype("int64")]


def _csv_text(value: object) -> str:
    v = plain(value)
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return repr(v)
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return str(v)


_CSV_CHUNK = 100_000


def _csv_column(frame: pd.DataFrame, column: str) -> list[str]:
    """``[_csv_text(v) for v in column_values(frame, column)]``, vectorised for the dtypes the
    readers produce (dates, floats, integers, booleans, strings); other dtypes go cell by cell.
    A million-row table takes well under a second per column instead of ~3 s."""
    n = len(frame)
    if column not in frame.columns:
        return [""] * n
    series = frame[column]
    dtype = series.dtype
    missing = series.isna().to_numpy(dtype=bool)
    if pd.api.types.is_datetime64_any_dtype(dtype):
        if getattr(dtype, "tz", None) is not None:
            series = series.dt.tz_localize(None)  # the local date, as Timestamp.date() gives
        out = series.to_numpy().astype("datetime64[D]").astype(str).tolist()  # ISO dates
    elif pd.api.types.is_bool_dtype(dtype):
        out = ["true" if v else "false" for v in series.to_numpy(dtype=bool, na_value=False)]
    elif pd.api.types.is_float_dtype(dtype):
        values = series.to_numpy(dtype="float64", na_value=np.nan)
        out = list(map(repr, values.tolist()))
        missing = missing | ~np.isfinite(values)
    elif pd.api.types.is_signed_integer_dtype(dtype):
        out = list(map(str, series.to_numpy(dtype="int64", na_value=0).tolist()))
    elif isinstance(dtype, pd.StringDtype):
        out = series.astype(object).where(~missing, "").tolist()
    else:
        return [_csv_text(v) for v in column_values(frame, column)]
    for i in np.flatnonzero(missing).tolist():
        out[i] = ""
    return out


def companion_csv(
    ctx: WorkbookContext, table: str, raw: Sequence[RawColumn], frame: pd.DataFrame
) -> CompanionFile:
    """The table's rows as CSV: UTF-8, ``\\n`` line ends, floats as ``repr``, ISO dates."""
    with_flags = any(c.key == "refused" for c in raw)
    flags = _refused_flags(ctx, table, frame)
    columns = [c.key for c in raw if c.key != "refused"]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*columns, "refused"] if with_flags else columns)
    for lo in range(0, len(frame), _CSV_CHUNK):  # in chunks: bounded memory for long tables
        part = frame.iloc[lo : lo + _CSV_CHUNK]
        texts = [_csv_column(part, c) for c in columns]
        if with_flags:
            texts.append([str(f) for f in flags[lo : lo + _CSV_CHUNK]])
        writer.writerows(zip(*texts, strict=True) if texts else ([] for _ in range(len(part))))
    content = buffer.getvalue().encode("utf-8")
    name = f"{_file_stem(ctx)}_{table}.csv"
    return CompanionFile(
        name=name,
        table=table,
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        rows=len(frame),
        description=f"all {len(frame):,} rows of {table} (too many for a sheet)",
    )


def _file_stem(ctx: WorkbookContext) -> str:
    project_id = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in ctx.project.id)
    return f"{project_id}_{ctx.start.isoformat()}_{ctx.end.isoformat()}"


def data_table_sheet(
    sheet: SheetBuilder,
    ctx: WorkbookContext,
    table: str,
    raw: Sequence[RawColumn],
    helpers: Sequence[HelperColumn],
    names: dict[str, str],
    row_limit: int,
    frame: pd.DataFrame | None = None,
    header_row: int = HEADER_ROW,
) -> DataSheetResult:
    """Write ``table`` to ``sheet`` (rows + helper formulas) or to a companion CSV.

    ``names`` maps a column key to the defined name of its data range (only when on the sheet).
    ``frame`` defaults to ``ctx.frames[table]``.
    """
    if frame is None:
        frame = ctx.frames.get(table)
    if frame is None:
        sheet.put(HEADER_ROW, 1, f"Table '{table}' was not provided (optional).", "note")
        return DataSheetResult(table, on_sheet=False, n_rows=0, provided=False)
    if ROW_COLUMN in frame.columns:
        frame = frame.sort_values(ROW_COLUMN, kind="stable")
    n = len(frame)
    if n > row_limit:
        companion = companion_csv(ctx, table, raw, frame)
        sheet.put(
            header_row,
            1,
            f"{n:,} rows exceed the sheet limit of {row_limit:,}: all rows are in the companion "
            f"file {companion.name} (SHA-256 {companion.sha256}, see Provenance); the "
            "calculation sheets use their aggregates as input cells.",
            "note",
        )
        return DataSheetResult(table, on_sheet=False, n_rows=n, companion=companion)

    keys = [c.key for c in raw] + [h.key for h in helpers]
    letters = {k: column_letter(i + 1) for i, k in enumerate(keys)}
    flags = _refused_flags(ctx, table, frame)
    columns: list[Column] = []
    for c in raw:
        values = flags if c.key == "refused" else column_values(frame, c.key)
        columns.append(Column(c.header, c.role, c.fmt, values=values, width=c.width))
    for h in helpers:
        columns.append(Column(h.header, h.role, h.fmt, template=h.template(letters), width=h.width))
    sheet.table = DataTable(header_row=header_row, columns=tuple(columns), n_rows=n)
    first = header_row + 1
    sheet.freeze = f"A{first}"
    sheet.title_rows = f"1:{header_row}"
    last = max(first + n - 1, first)
    for key, name in names.items():
        col = keys.index(key) + 1
        sheet.define_range(name, first, col, last, col)
    for i, c in enumerate(columns, start=1):
        sheet.width(i, c.width or 12.0)
    sheet.autofilter = f"A{header_row}:{column_letter(len(columns))}{max(header_row + n, first)}"
    return DataSheetResult(table, on_sheet=True, n_rows=n)


# --------------------------------------------------------------------------------------------
# the tables

ROW = RawColumn(ROW_COLUMN, "Row in file", "label", COUNT, 8)
REFUSED = RawColumn("refused", "Refused by quality gate (1/0)", "input", COUNT, 10)

EVENT_COLUMNS = (
    ROW,
    RawColumn("event_id", "event_id", "input", None, 14),
    RawColumn("zone", "zone", "input", None, 14),
    RawColumn("stratum_id", "stratum_id", "input", None, 10),
    RawColumn("detected_on", "detected_on", "input", DATE, 12),
    RawColumn("area_ha", "area_ha (ha)", "input", HA, 12),
    RawColumn("driver", "driver", "input", None, 14),
    RawColumn("source", "source", "input", None, 14),
    REFUSED,
)
EVENT_HELPERS = (
    HelperColumn(
        "year", "Cohort year = YEAR(detected_on)", lambda L: f"=YEAR({L['detected_on']}{{r}})", YEAR
    ),
    HelperColumn(
        "accounted",
        "Enters accounting (1/0): crediting start ≤ date ≤ period end",
        lambda L: (
            f"=IF(AND({L['refused']}{{r}}=0,{L['detected_on']}{{r}}>=Crediting_Start,"
            f"{L['detected_on']}{{r}}<=Period_End),1,0)"
        ),
        COUNT,
        14,
    ),
    HelperColumn(
        "in_period",
        "In monitoring period (1/0)",
        lambda L: f"=IF(AND({L['accounted']}{{r}}=1,{L['detected_on']}{{r}}>=Period_Start),1,0)",
        COUNT,
        12,
    ),
)
EVENT_NAMES = {
    "zone": "Ev_Zone",
    "stratum_id": "Ev_Stratum",
    "area_ha": "Ev_Area_ha",
    "year": "Ev_Year",
    "accounted": "Ev_Accounted",
    "in_period": "Ev_In_Period",
}

FIRE_COLUMNS = (
    ROW,
    RawColumn("event_id", "event_id", "input", None, 14),
    RawColumn("zone", "zone", "input", None, 14),
    RawColumn("stratum_id", "stratum_id", "input", None, 10),
    RawColumn("burned_on", "burned_on", "input", DATE, 12),
    RawColumn("area_ha", "area_ha (ha)", "input", HA, 12),
    RawColumn("land_cover", "land_cover", "input", None, 12),
    REFUSED,
)
FIRE_HELPERS = (
    HelperColumn(
        "year", "Vintage = YEAR(burned_on)", lambda L: f"=YEAR({L['burned_on']}{{r}})", YEAR
    ),
    HelperColumn(
        "counts",
        "Counts in E-BB (1/0): forest, project area, in period",
        lambda L: (
            f'=IF(AND({L["refused"]}{{r}}=0,{L["zone"]}{{r}}="project_area",'
            f'{L["land_cover"]}{{r}}="forest",{L["burned_on"]}{{r}}>=Period_Start,'
            f"{L['burned_on']}{{r}}<=Period_End),1,0)"
        ),
        COUNT,
        14,
    ),
)
FIRE_NAMES = {
    "stratum_id": "Fire_Stratum",
    "area_ha": "Fire_Area_ha",
    "year": "Fire_Year",
    "counts": "Fire_Counts",
}

EXANTE_COLUMNS = (
    ROW,
    RawColumn("zone", "zone", "input", None, 14),
    RawColumn("stratum_id", "stratum_id", "input", None, 10),
    RawColumn("year", "year", "input", YEAR, 8),
    RawColumn("area_ha", "area_ha (ha)", "input", HA, 12),
    REFUSED,
)
EXANTE_NAMES = {
    "zone": "Exb_Zone",
    "stratum_id": "Exb_Stratum",
    "year": "Exb_Year",
    "area_ha": "Exb_Area_ha",
    "refused": "Exb_Refused",
}

TREE_COLUMNS = (
    ROW,
    RawColumn("plot_id", "plot_id", "input", None, 10),
    RawColumn("tree_id", "tree_id", "input", None, 10),
    RawColumn("dbh_cm", "dbh_cm (cm)", "input", NUMBER, 10),
    RawColumn("height_m", "height_m (m)", "input", NUMBER, 10),
    RawColumn("wood_density_g_cm3", "wood_density_g_cm3 (g cm⁻³)", "input", NUMBER, 12),
    RawColumn("species", "species", "input", None, 16),
    RawColumn("status", "status", "input", None, 10),
    REFUSED,
)


def _agb_template(L: dict[str, str]) -> str:
    rho, d, h = L["wood_density_g_cm3"] + "{r}", L["dbh_cm"] + "{r}", L["height_m"] + "{r}"
    with_height = f"chave2014_height_coefficient*({rho}*({d}*{d})*{h})^chave2014_height_exponent"
    without_height = (
        "EXP(chave2014_noheight_intercept+chave2014_noheight_e_coefficient*Environmental_Stress_E"
        f"+chave2014_noheight_density_coefficient*LN({rho})+chave2014_noheight_lnd_coefficient"
        f"*LN({d})+chave2014_noheight_lnd2_coefficient*(LN({d})*LN({d})))"
    )
    return (
        f'=IF(AND({L["status"]}{{r}}="alive",{L["refused"]}{{r}}=0),'
        f"IF(ISNUMBER({h}),{with_height},{without_height}),0)"
    )


TREE_HELPERS = (
    HelperColumn(
        "equation",
        "Allometry",
        lambda L: f'=IF(ISNUMBER({L["height_m"]}{{r}}),"chave2014_height","chave2014_no_height")',
        None,
        18,
    ),
    HelperColumn("agb_kg", "AGB live tree (kg d.m.), Chave 2014", _agb_template, NUMBER, 14),
)
TREE_NAMES = {
    "plot_id": "Tree_Plot",
    "status": "Tree_Status",
    "refused": "Tree_Refused",
    "agb_kg": "Tree_AGB_kg",
}

PLOT_COLUMNS = (
    ROW,
    RawColumn("plot_id", "plot_id", "input", None, 10),
    RawColumn("stratum_id", "stratum_id", "input", None, 10),
    RawColumn("latitude", "latitude (°)", "input", "0.00000", 11),
    RawColumn("longitude", "longitude (°)", "input", "0.00000", 11),
    RawColumn("plot_area_m2", "plot_area_m2 (m²)", "input", NUMBER, 11),
    RawColumn("measured_on", "measured_on", "input", DATE, 12),
    REFUSED,
)


def plot_helpers(trees_on_sheet: bool) -> tuple[HelperColumn, ...]:
    """Per-plot formulas; the live-tree count and AGB sum come from the Trees sheet (SUMIFS) or,
    when the trees are in a companion file, are filled in by :func:`plot_aggregate_inputs`."""
    if trees_on_sheet:
        count = HelperColumn(
            "n_live_trees",
            "Live trees",
            lambda L: (
                f'=COUNTIFS(Tree_Plot,{L["plot_id"]}{{r}},Tree_Status,"alive",Tree_Refused,0)'
            ),
            COUNT,
        )
        agb = HelperColumn(
            "agb_kg",
            "AGB (kg d.m.)",
            lambda L: f"=SUMIFS(Tree_AGB_kg,Tree_Plot,{L['plot_id']}{{r}})",
            NUMBER,
            14,
        )
    else:
        count = HelperColumn(
            "n_live_trees", "Live trees (from companion file)", lambda L: "", COUNT, role="input"
        )
        agb = HelperColumn(
            "agb_kg", "AGB (kg d.m., from companion file)", lambda L: "", NUMBER, 14, "input"
        )
    return (
        count,
        agb,
        HelperColumn(
            "agb_t_per_ha",
            "AGB (t d.m. ha⁻¹)",
            lambda L: f"={L['agb_kg']}{{r}}/kg_per_t*m2_per_ha/{L['plot_area_m2']}{{r}}",
            NUMBER,
        ),
        HelperColumn(
            "bgb_t_per_ha",
            "BGB (t d.m. ha⁻¹)",
            lambda L: (
                f'=IF(Below_Ground_Method="mokany_2006",mokany2006_coefficient*'
                f"{L['agb_t_per_ha']}{{r}}^mokany2006_exponent,"
                f"Root_to_Shoot_Ratio*{L['agb_t_per_ha']}{{r}})"
            ),
            NUMBER,
        ),
        HelperColumn(
            "ag_c",
            "Above-ground C (tC ha⁻¹)",
            lambda L: f"={L['agb_t_per_ha']}{{r}}*Carbon_Fraction",
            NUMBER,
        ),
        HelperColumn(
            "bg_c",
            "Below-ground C (tC ha⁻¹)",
            lambda L: f"={L['bgb_t_per_ha']}{{r}}*Carbon_Fraction",
            NUMBER,
        ),
        HelperColumn(
            "tree_c",
            "Tree C, above + below (tC ha⁻¹)",
            lambda L: f"={L['ag_c']}{{r}}+{L['bg_c']}{{r}}",
            NUMBER,
        ),
        HelperColumn(
            "included",
            "Included (1/0)",
            lambda L: f"=IF({L['refused']}{{r}}=0,1,0)",
            COUNT,
        ),
    )


PLOT_NAMES = {
    "stratum_id": "Plot_Stratum",
    "ag_c": "Plot_AG_tC_per_ha",
    "bg_c": "Plot_BG_tC_per_ha",
    "tree_c": "Plot_Tree_tC_per_ha",
    "included": "Plot_Included",
}

ACCURACY_COLUMNS = (
    ROW,
    RawColumn("sample_id", "sample_id", "input", None, 12),
    RawColumn("map_class", "map_class", "input", None, 16),
    RawColumn("reference_class", "reference_class", "input", None, 16),
    RawColumn("stratum_weight", "stratum_weight (W_i)", "input", "0.000000", 14),
    REFUSED,
)
ACCURACY_HELPERS = (
    HelperColumn("included", "Included (1/0)", lambda L: f"=IF({L['refused']}{{r}}=0,1,0)", COUNT),
)
ACCURACY_NAMES = {
    "map_class": "Acc_Map",
    "reference_class": "Acc_Ref",
    "stratum_weight": "Acc_Weight",
    "included": "Acc_Included",
}


def fill_plot_aggregates(sheet: SheetBuilder, plots: pd.DataFrame | None) -> None:
    """When the trees are in a companion file: put the per-plot live-tree count and AGB sum (from
    the recomputation) into the Plots sheet's input columns."""
    if sheet.table is None or plots is None:
        return
    frame = sheet.table
    by_plot = plots.set_index("plot_id")
    plot_values = frame.columns[1].values or []
    counts = [
        plain(by_plot["n_live_trees"].get(p)) if p in by_plot.index else 0 for p in plot_values
    ]
    agb = [plain(by_plot["agb_kg"].get(p)) if p in by_plot.index else 0.0 for p in plot_values]
    columns = list(frame.columns)
    keys = [c.key for c in PLOT_COLUMNS]
    i_count = len(keys)
    columns[i_count] = Column(columns[i_count].header, "input", COUNT, values=counts, width=12)
    columns[i_count + 1] = Column(
        columns[i_count + 1].header, "input", NUMBER, values=agb, width=14
    )
    sheet.table = DataTable(frame.header_row, tuple(columns), frame.n_rows)
