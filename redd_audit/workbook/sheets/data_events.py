"""Column tables of the event-like input sheets: ex-ante baseline, deforestation events, fires.

Each declares the file's columns (extra columns are added by
:func:`redd_audit.workbook.sheets.data_table.with_extra_columns`), the per-row helper formulas
and the defined names of the ranges the calculation sheets aggregate.
"""

from __future__ import annotations

from redd_audit.tables.schemas import ACCOUNTING_ZONES, OTHER_ZONES, ROW_COLUMN
from redd_audit.workbook.model import COUNT, DATE, HA, YEAR
from redd_audit.workbook.sheets.calendar import project_year_label
from redd_audit.workbook.sheets.data_table import HelperColumn, RawColumn

ROW = RawColumn(ROW_COLUMN, "Row in file", "label", COUNT, 8)
REFUSED = RawColumn("refused", "Refused by quality gate (1/0)", "input", COUNT, 10, None, 0, 1)
ZONE = RawColumn("zone", "zone", "input", None, 14, (*ACCOUNTING_ZONES, *OTHER_ZONES))
AREA = RawColumn("area_ha", "area_ha (ha)", "input", HA, 12, None, 0.0)

EVENT_COLUMNS = (
    ROW,
    RawColumn("event_id", "event_id", "input", None, 14),
    ZONE,
    RawColumn("stratum_id", "stratum_id", "input", None, 10),
    RawColumn("detected_on", "detected_on", "input", DATE, 12),
    AREA,
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
        "In accounting window (1/0): not refused, crediting start ≤ date ≤ period end",
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
    ZONE,
    RawColumn("stratum_id", "stratum_id", "input", None, 10),
    RawColumn("burned_on", "burned_on", "input", DATE, 12),
    AREA,
    RawColumn("land_cover", "land_cover", "input", None, 12, ("forest", "non_forest")),
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
    ZONE,
    RawColumn("stratum_id", "stratum_id", "input", None, 10),
    RawColumn("year", "year", "input", YEAR, 8),
    AREA,
    REFUSED,
)
EXANTE_NAMES = {
    "zone": "Exb_Zone",
    "stratum_id": "Exb_Stratum",
    "year": "Exb_Year",
    "area_ha": "Exb_Area_ha",
    "refused": "Exb_Refused",
}


def project_year_helpers(helpers: tuple[HelperColumn, ...], date: str) -> tuple[HelperColumn, ...]:
    """``helpers`` with the ``year`` column giving the project-year label of ``date`` instead of
    its calendar year (``vintage_allocation: project_year``, contract 8.2)."""
    label = HelperColumn(
        "year",
        f"Project year (label) of {date}",
        lambda L: f"={project_year_label(f'{L[date]}{{r}}')}",
        YEAR,
    )
    return tuple(label if h.key == "year" else h for h in helpers)
