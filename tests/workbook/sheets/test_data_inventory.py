"""redd_audit.workbook.sheets.data_inventory: trees (Chave 2014), plots and accuracy samples."""

from __future__ import annotations

import pandas as pd
import pytest

from redd_audit.formulas.expression import by_setting
from redd_audit.workbook.layout import NameRegistry, SheetBuilder
from redd_audit.workbook.sheets.criteria import Condition, count_where, sum_where
from redd_audit.workbook.sheets.data_inventory import (
    ACCURACY_HELPERS,
    ACCURACY_NAMES,
    PLOT_COLUMNS,
    PLOT_NAMES,
    TREE_HELPERS,
    TREE_NAMES,
    _agb_template,
    fill_plot_aggregates,
    plot_helpers,
)
from redd_audit.workbook.sheets.data_table import SPARE_ROWS, data_table_sheet
from tests.workbook.spec_helpers import main_context, main_spec, names_on

TL = {"wood_density_g_cm3": "F", "dbh_cm": "D", "height_m": "E", "status": "H", "refused": "I"}
PL = {
    "plot_id": "B",
    "plot_area_m2": "F",
    "refused": "H",
    "agb_kg": "J",
    "agb_t_per_ha": "K",
    "bgb_t_per_ha": "L",
    "ag_c": "M",
    "bg_c": "N",
}


def test_tree_biomass_template() -> None:
    text = _agb_template(TL)
    assert text.startswith('=IF(AND(H{r}="alive",I{r}=0),IF(ISNUMBER(E{r}),')
    assert "chave2014_height_coefficient*(F{r}*(D{r}*D{r})*E{r})^chave2014_height_exponent" in text
    assert "LN(D{r})*LN(D{r})" in text and text.endswith(",0)")
    assert TREE_HELPERS[1].template(TL) == text
    assert TREE_HELPERS[0].template(TL) == (
        '=IF(ISNUMBER(E{r}),"chave2014_height","chave2014_no_height")'
    )


def test_plot_helpers_with_trees_on_sheet() -> None:
    count, agb, per_ha, bgb, ag_c, _, tree_c, included = plot_helpers(True)
    same = Condition("Tree_Plot", "B{r}", is_id=True)
    assert count.template(PL) == "=" + count_where(
        [same, Condition("Tree_Status", '"alive"'), Condition("Tree_Refused", "0")], False
    )
    assert agb.template(PL) == "=" + sum_where("Tree_AGB_kg", [same], False)
    assert plot_helpers(True, exact=True)[1].template(PL).startswith("=SUMPRODUCT(")
    assert per_ha.template(PL) == "=J{r}/kg_per_t*m2_per_ha/F{r}"
    assert bgb.template(PL) == "=" + by_setting(
        "Below_Ground_Method",
        [
            ("mokany_2006", "mokany2006_coefficient*K{r}^mokany2006_exponent"),
            ("root_to_shoot", "Root_to_Shoot_Ratio*K{r}"),
        ],
    )
    assert ag_c.template(PL) == "=K{r}*Carbon_Fraction"
    assert tree_c.template(PL) == "=M{r}+N{r}"
    assert included.template(PL) == "=IF(H{r}=0,1,0)"


def test_plot_helpers_with_trees_in_a_companion() -> None:
    count, agb, *_ = plot_helpers(False)
    assert (count.role, agb.role) == ("input", "input")
    assert count.template(PL) == "" and agb.template(PL) == ""


def test_names_on_the_sheets() -> None:
    spec = main_spec()
    assert set(TREE_NAMES.values()) <= set(names_on(spec, "Trees"))
    assert set(PLOT_NAMES.values()) <= set(names_on(spec, "Plots"))
    assert set(ACCURACY_NAMES.values()) <= set(names_on(spec, "Accuracy samples"))
    assert ACCURACY_HELPERS[0].template({"refused": "G"}) == "=IF(G{r}=0,1,0)"


def _plots_sheet() -> SheetBuilder:
    ctx = main_context()
    sh = SheetBuilder("Plots", NameRegistry(), "t")
    data_table_sheet(sh, ctx, "inventory_plots", PLOT_COLUMNS, plot_helpers(False), {}, 1000)
    inventory = ctx.recomputation.inventory  # type: ignore[union-attr]
    fill_plot_aggregates(sh, inventory.plots)
    return sh


def test_fill_plot_aggregates() -> None:
    sh = _plots_sheet()
    table = sh.table
    assert table is not None
    headers = [c.header for c in table.columns]
    counts = table.columns[headers.index("Live trees (from companion file)")]
    agb = table.columns[headers.index("AGB (kg d.m., from companion file)")]
    inventory = main_context().recomputation.inventory.plots.set_index("plot_id")  # type: ignore[union-attr]
    plot_ids = table.columns[headers.index("plot_id")].values
    assert plot_ids is not None and counts.values is not None and agb.values is not None
    n = len(main_context().frames["inventory_plots"])
    for i in range(n):
        assert counts.values[i] == inventory.loc[plot_ids[i], "n_live_trees"]
        assert agb.values[i] == pytest.approx(inventory.loc[plot_ids[i], "agb_kg"])
    assert counts.values[n:] == [None] * SPARE_ROWS  # spare rows stay blank
    assert counts.role == "input"
    unchanged = SheetBuilder("P", NameRegistry(), "t")
    fill_plot_aggregates(unchanged, pd.DataFrame())  # no table: nothing to fill
    assert unchanged.table is None


def test_fill_plot_aggregates_keeps_the_spare_rows() -> None:
    table = _plots_sheet().table
    assert table is not None and table.blank_rows == SPARE_ROWS
