"""Strata: validated stocks beside the inventory recomputation, and the stocks used in the
accounting (defined names ``AG_<s>``, ``BG_<s>``, ... read by every later sheet)."""

from __future__ import annotations

from dataclasses import dataclass

from redd_audit.formulas.carbon_stocks import plots_needed, student_t_975
from redd_audit.formulas.expression import by_setting, nested
from redd_audit.workbook.book import Book
from redd_audit.workbook.layout import FIRST_ROW, HEADER_ROW, SheetBuilder, fx, inp, label, link
from redd_audit.workbook.model import COUNT, FACTOR, FRACTION, HA, NUMBER, TC_PER_HA, Cell
from redd_audit.workbook.sheets.criteria import Condition, count_where, sum_where
from redd_audit.workbook.sheets.documents import cite

NAME = "Strata"
TC = "(tC ha⁻¹)"
VALIDATED_HEADERS = [
    "Stratum",
    "Name",
    "Area (ha)",
    f"Above-ground C {TC}",
    f"Below-ground C {TC}",
    f"Dead wood C {TC}",
    f"Litter C {TC}",
    f"Σ pools {TC}",
    f"Post-deforestation C {TC}",
    "Carbon uncertainty (fraction)",
    "Fuel B (t d.m. ha⁻¹)",
    "Combustion factor COMF (−)",
    "Source",
]
INVENTORY_HEADERS = [
    "Stratum",
    "Plots n",
    f"Above-ground C {TC}",
    f"Below-ground C {TC}",
    f"Tree C, above + below {TC}",
    f"SD {TC}",
    f"SE {TC}",
    "t(0.975, n−1)",
    f"Half-width 95 % {TC}",
    "Uncertainty (fraction)",
    "Plots needed for target precision",
    f"Above-ground: inventory − validated {TC}",
    f"Below-ground: inventory − validated {TC}",
    "Tree C: (inventory − validated) / validated",
    "Source",
]
USED_HEADERS = [
    "Stratum",
    "Stock source",
    f"Above-ground C {TC}",
    f"Below-ground C {TC}",
    f"Dead wood C {TC}",
    f"Litter C {TC}",
    f"Post-deforestation C {TC}",
    "Carbon uncertainty U_s (fraction)",
    "Fuel B (t d.m. ha⁻¹)",
    "COMF (−)",
    "Defined-name suffix",
    "Source",
]
USED_NAMES = ("AG", "BG", "DW", "LI", "Cpost", "U", "Fuel", "COMF")


@dataclass(frozen=True)
class StrataCells:
    """Rows of each stratum in the three blocks; the stocks used are defined names."""

    validated_row: dict[str, int]
    inventory_row: dict[str, int]
    project_area: str  # defined name of the total area


def _validated(book: Book, sh: SheetBuilder) -> dict[str, int]:
    ctx = book.ctx
    sh.put(HEADER_ROW - 1, 1, "1. Validated stocks and fire parameters (project.yaml)", "subtitle")
    sh.headers(HEADER_ROW, 1, VALIDATED_HEADERS)
    source = cite(ctx.project, "stocks") or "project.yaml strata"
    rows: dict[str, int] = {}
    for i, s in enumerate(ctx.project.strata):
        r = FIRST_ROW + i
        rows[s.id] = r
        pools = s.carbon_tc_per_ha
        fire = s.fire
        sh.put_row(
            r,
            1,
            [
                label(s.id),
                inp(s.name),
                inp(s.area_ha, HA, minimum=0.0),
                inp(pools.above_ground, TC_PER_HA, minimum=0.0),
                inp(pools.below_ground, TC_PER_HA, minimum=0.0),
                inp(pools.dead_wood, TC_PER_HA, minimum=0.0),
                inp(pools.litter, TC_PER_HA, minimum=0.0),
                fx(f"=D{r}+E{r}+F{r}+G{r}", TC_PER_HA),
                inp(s.post_deforestation_tc_per_ha, TC_PER_HA, minimum=0.0),
                inp(s.carbon_uncertainty_fraction, FRACTION),
                inp(fire.fuel_t_dm_per_ha if fire else None, NUMBER, minimum=0.0),
                inp(fire.combustion_factor if fire else None, FACTOR),
                label(source),
            ],
        )
    total = FIRST_ROW + len(rows)
    sh.put(total, 1, "Total", "key")
    sh.put(total, 3, fx(f"=SUM(C{FIRST_ROW}:C{total - 1})", HA).value, "formula", HA)
    sh.define("Project_Area_ha", total, 3)
    return rows


def _inventory_formulas(book: Book, r: int) -> list[Cell]:
    """Stratum statistics over the Plots sheet (exact id match), as in the engine."""
    exact = book.ids_need_exact
    where = [Condition("Plot_Stratum", f"$A{r}", is_id=True), Condition("Plot_Included", "1")]

    def mean(values: str) -> Cell:
        return fx(f'=IF(B{r}>0,{sum_where(values, where, exact)}/B{r},"")', TC_PER_HA)

    dev = f"(Plot_Tree_tC_per_ha-E{r})"
    # Sum of squared deviations: an element-wise product, so SUMPRODUCT; a plain comparison
    # (no wildcards) where ids cannot differ only in case, EXACT otherwise.
    stratum = f"EXACT(Plot_Stratum,$A{r})" if exact else f"(Plot_Stratum=$A{r})"
    squares = f"SUMPRODUCT({stratum}*(Plot_Included=1)*{dev}*{dev})"
    needed = nested(plots_needed(f"H{r}", f"F{r}/E{r}", "Target_Precision_Fraction"))
    t_975 = nested(student_t_975(f"B{r}-1"))
    return [
        fx(f"={count_where(where, exact)}", COUNT),
        mean("Plot_AG_tC_per_ha"),
        mean("Plot_BG_tC_per_ha"),
        mean("Plot_Tree_tC_per_ha"),
        fx(f'=IF(B{r}>1,SQRT({squares}/(B{r}-1)),"")', TC_PER_HA),
        fx(f'=IF(B{r}>1,F{r}/SQRT(B{r}),"")', TC_PER_HA),
        fx(f'=IF(B{r}>1,{t_975},"")', "0.0000"),
        fx(f'=IF(B{r}>1,H{r}*G{r},"")', TC_PER_HA),
        fx(f'=IF(AND(B{r}>1,ISNUMBER(E{r})),IF(E{r}>0,I{r}/E{r},""),"")', FRACTION),
        fx(f'=IF(ISNUMBER(J{r}),{needed},"")', COUNT),
    ]


def _inventory_inputs(book: Book, stratum_id: str) -> list[Cell] | None:
    inventory = book.rc.inventory
    stats = inventory.strata.set_index("stratum_id") if inventory is not None else None
    if stats is None or stratum_id not in stats.index:
        return None
    row = stats.loc[stratum_id]
    keys = (
        ("n_plots", COUNT),
        ("above_ground_tc_per_ha", TC_PER_HA),
        ("below_ground_tc_per_ha", TC_PER_HA),
        ("tree_carbon_tc_per_ha", TC_PER_HA),
        ("sd_tc_per_ha", TC_PER_HA),
        ("se_tc_per_ha", TC_PER_HA),
        ("t_975", "0.0000"),
        ("half_width_95_tc_per_ha", TC_PER_HA),
        ("uncertainty_fraction", FRACTION),
        ("plots_needed", COUNT),
    )
    return [inp(row[k], fmt) for k, fmt in keys]


def _inventory(book: Book, sh: SheetBuilder, top: int, validated: dict[str, int]) -> dict[str, int]:
    ctx = book.ctx
    sh.put(
        top,
        1,
        "2. Inventory recomputation (mean of plots; uncertainty = t(0.975, n−1)·SE / mean of "
        "above + below-ground tree carbon)",
        "subtitle",
    )
    sh.headers(top + 1, 1, INVENTORY_HEADERS)
    plots = book.data.get("inventory_plots")
    on_sheet = plots is not None and plots.on_sheet
    has_inventory = book.rc.inventory is not None
    rows: dict[str, int] = {}
    for i, s in enumerate(ctx.project.strata):
        r = top + 2 + i
        v = validated[s.id]
        rows[s.id] = r
        sh.put(r, 1, s.id)
        if not has_inventory:
            continue
        cells = _inventory_formulas(book, r) if on_sheet else _inventory_inputs(book, s.id)
        if cells is None:
            continue
        cells += [
            fx(f'=IF(ISNUMBER(C{r}),C{r}-D{v},"")', TC_PER_HA),
            fx(f'=IF(ISNUMBER(D{r}),D{r}-E{v},"")', TC_PER_HA),
            fx(f'=IF(AND(ISNUMBER(E{r}),D{v}+E{v}>0),(E{r}-(D{v}+E{v}))/(D{v}+E{v}),"")', FRACTION),
            label("Plots sheet (Plot_* columns)" if on_sheet else "engine (companion file)"),
        ]
        sh.put_row(r, 2, cells)
    after = top + 2 + len(rows)
    if not has_inventory:
        sh.put(
            after,
            1,
            "No inventory recomputation: inventory_plots and inventory_trees were not both "
            "provided.",
            "note",
        )
    elif not on_sheet:
        sh.put(
            after,
            1,
            "Plots are in a companion file: the statistics are input cells from the recomputation.",
            "note",
        )
    return rows


def _used(
    book: Book, sh: SheetBuilder, top: int, validated: dict[str, int], inventory: dict[str, int]
) -> None:
    ctx = book.ctx
    has_inventory = book.rc.inventory is not None
    sh.put(top, 1, "3. Stocks used in the accounting (named cells)", "subtitle")
    sh.headers(top + 1, 1, USED_HEADERS)
    pick = by_setting("Carbon_Stock_Source", [("inventory", "{inv}"), ("validated", "{val}")])
    for i, s in enumerate(ctx.project.strata):
        r = top + 2 + i
        v, iv = validated[s.id], inventory[s.id]
        ref = book.stratum(s.id)
        if has_inventory:
            codes = ("inventory", "validated")
            source = fx("=" + by_setting("Carbon_Stock_Source", [(c, f'"{c}"') for c in codes]))
            ag = fx("=" + pick.format(inv=f"C{iv}", val=f"D{v}"), TC_PER_HA)
            bg = fx("=" + pick.format(inv=f"D{iv}", val=f"E{v}"), TC_PER_HA)
            u = fx("=" + pick.format(inv=f"J{iv}", val=f"J{v}"), FRACTION)
        else:
            source, ag = label("validated"), link(f"=D{v}", TC_PER_HA)
            bg, u = link(f"=E{v}", TC_PER_HA), link(f"=J{v}", FRACTION)
        sh.put_row(
            r,
            1,
            [
                label(s.id),
                source,
                ag,
                bg,
                link(f"=F{v}", TC_PER_HA),
                link(f"=G{v}", TC_PER_HA),
                link(f"=I{v}", TC_PER_HA),
                u,
                link(f'=IF(ISNUMBER(K{v}),K{v},"")', NUMBER),
                link(f'=IF(ISNUMBER(L{v}),L{v},"")', FACTOR),
                label(ref.suffix),
                label(f"Strata rows {v} (validated) and {iv} (inventory)"),
            ],
        )
        for col, prefix in enumerate(USED_NAMES, start=3):
            sh.define(ref.n(prefix), r, col)


def build(book: Book) -> StrataCells:
    sh = book.sheet(
        NAME,
        "Strata: carbon stocks per pool (validated and from the inventory) and the stocks used",
        "Validated stocks from project.yaml (inputs) beside the inventory recomputation "
        "(formulas over the Plots sheet; CP-AB, Chave et al. 2014). The stocks used in the "
        "accounting follow the setting Carbon_Stock_Source.",
    )
    k = len(book.ctx.project.strata)
    validated = _validated(book, sh)
    inv_top = FIRST_ROW + k + 2
    inventory = _inventory(book, sh, inv_top, validated)
    _used(book, sh, inv_top + k + 4, validated, inventory)
    sh.widths_from(1, [12, 28, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 30])
    sh.freeze = "B4"
    sh.title_rows = "1:2"
    return StrataCells(validated, inventory, "Project_Area_ha")
