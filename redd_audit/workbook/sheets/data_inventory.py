"""Column tables of the inventory and accuracy input sheets: trees (Chave et al. 2014 biomass
per tree), plots (biomass and carbon per hectare) and the map accuracy sample."""

from __future__ import annotations

import pandas as pd

from redd_audit.formulas.expression import by_setting
from redd_audit.workbook.layout import SheetBuilder, plain
from redd_audit.workbook.model import COUNT, DATE, NUMBER, Column, DataTable, Scalar
from redd_audit.workbook.sheets.criteria import Condition, count_where, sum_where
from redd_audit.workbook.sheets.data_events import REFUSED, ROW
from redd_audit.workbook.sheets.data_table import HelperColumn, RawColumn, column_index

TREE_COLUMNS = (
    ROW,
    RawColumn("plot_id", "plot_id", "input", None, 10),
    RawColumn("tree_id", "tree_id", "input", None, 10),
    RawColumn("dbh_cm", "dbh_cm (cm)", "input", NUMBER, 10, None, 0.0),
    RawColumn("height_m", "height_m (m)", "input", NUMBER, 10, None, 0.0),
    RawColumn("wood_density_g_cm3", "wood_density_g_cm3 (g cm⁻³)", "input", NUMBER, 12, None, 0.0),
    RawColumn("species", "species", "input", None, 16),
    RawColumn(
        "status", "status", "input", None, 10, ("alive", "dead", "dead_standing", "dead_fallen")
    ),
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
    RawColumn("latitude", "latitude (°)", "input", "0.00000", 11, None, -90.0, 90.0),
    RawColumn("longitude", "longitude (°)", "input", "0.00000", 11, None, -180.0, 180.0),
    RawColumn("plot_area_m2", "plot_area_m2 (m²)", "input", NUMBER, 11, None, 0.0),
    RawColumn("measured_on", "measured_on", "input", DATE, 12),
    REFUSED,
)


def plot_helpers(trees_on_sheet: bool, exact: bool = False) -> tuple[HelperColumn, ...]:
    """Per-plot formulas; the live-tree count and AGB sum come from the Trees sheet (conditional
    count and sum matching the plot id exactly, :mod:`redd_audit.workbook.sheets.criteria`) or,
    when the trees are in a companion file, are filled in by :func:`fill_plot_aggregates`.

    ``exact``: the plot ids differ only in case or hold a tilde
    (:func:`~redd_audit.workbook.sheets.criteria.needs_exact`), so compare with ``EXACT``."""
    if trees_on_sheet:

        def same_plot(L: dict[str, str]) -> Condition:
            return Condition("Tree_Plot", f"{L['plot_id']}{{r}}", is_id=True)

        count = HelperColumn(
            "n_live_trees",
            "Live trees",
            lambda L: (
                "="
                + count_where(
                    [
                        same_plot(L),
                        Condition("Tree_Status", '"alive"'),
                        Condition("Tree_Refused", "0"),
                    ],
                    exact,
                )
            ),
            COUNT,
        )
        agb = HelperColumn(
            "agb_kg",
            "AGB (kg d.m.)",
            lambda L: "=" + sum_where("Tree_AGB_kg", [same_plot(L)], exact),
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
                "="
                + by_setting(
                    "Below_Ground_Method",
                    [
                        (
                            "mokany_2006",
                            f"mokany2006_coefficient*{L['agb_t_per_ha']}{{r}}^mokany2006_exponent",
                        ),
                        ("root_to_shoot", f"Root_to_Shoot_Ratio*{L['agb_t_per_ha']}{{r}}"),
                    ],
                )
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
    RawColumn("stratum_weight", "stratum_weight (W_i)", "input", "0.000000", 14, None, 0.0, 1.0),
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
    the recomputation) into the Plots sheet's input columns (spare rows stay blank)."""
    if sheet.table is None or plots is None:
        return
    frame = sheet.table
    by_plot = plots.set_index("plot_id")
    plot_values = frame.columns[column_index(sheet, "plot_id")].values or []

    def lookup(column: str, p: object, missing: Scalar) -> Scalar:
        if p is None:
            return None
        return plain(by_plot[column].get(p)) if p in by_plot.index else missing

    counts = [lookup("n_live_trees", p, 0) for p in plot_values]
    agb = [lookup("agb_kg", p, 0.0) for p in plot_values]
    columns = list(frame.columns)
    i_count = column_index(sheet, "Live trees (from companion file)")
    i_agb = column_index(sheet, "AGB (kg d.m., from companion file)")
    columns[i_count] = Column(columns[i_count].header, "input", COUNT, values=counts, width=12)
    columns[i_agb] = Column(columns[i_agb].header, "input", NUMBER, values=agb, width=14)
    sheet.table = DataTable(frame.header_row, tuple(columns), frame.n_rows, frame.blank_rows)
