"""The calculation sheets: each re-performs one step of the recomputation with formulas over
input and parameter cells (VM0007 REDD-MF: BL-UP, M-MON, E-BB, LK-ASU, X-UNC, buffer, VCUs).

The conventions of :mod:`redd_audit.methodology.engine` appear as formulas:

* vintages are calendar years clipped to the period (``MAX(Period_Start, DATE(y,1,1))`` ...);
* annual ex-ante quantities and the tails of earlier cohorts are multiplied by the vintage's
  year fraction ``days / days_in_year``;
* monitored events count by date: a cohort's clearing-year emission uses only the area dated
  inside the period, events dated before the period contribute only their later tails.
"""

from __future__ import annotations

from redd_audit.methodology.emission_schedule import POOLS
from redd_audit.workbook.book import VINTAGE_COLUMNS, VINTAGES, Book
from redd_audit.workbook.layout import (
    FIRST_ROW,
    HEADER_ROW,
    SheetBuilder,
    fx,
    inp,
    label,
    link,
)
from redd_audit.workbook.model import (
    COUNT,
    DATE,
    FACTOR,
    FRACTION,
    HA,
    NUMBER,
    TC_PER_HA,
    TCO2E,
    TCO2E_PER_HA,
    YEAR,
    Cell,
    ChartSpec,
    Highlight,
    RangeRef,
    SeriesSpec,
    column_letter,
)

ZONES = ("project_area", "leakage_belt")
POOL_PREFIX = {"above_ground": "AG", "below_ground": "BG", "dead_wood": "DW", "litter": "LI"}
POOL_LABEL = {
    "above_ground": "above-ground",
    "below_ground": "below-ground",
    "dead_wood": "dead wood",
    "litter": "litter",
}


# --------------------------------------------------------------------------------------------
# Strata


def strata_sheet(book: Book) -> None:
    ctx, rc = book.ctx, book.rc
    sh = book.sheet(
        "Strata",
        "Strata: carbon stocks per pool (validated and from the inventory) and the stocks used",
        "Validated stocks from project.yaml (inputs) beside the inventory recomputation "
        "(formulas over the Plots sheet; CP-AB, Chave et al. 2014). The stocks used in the "
        "accounting follow the setting Carbon_Stock_Source.",
    )
    k = len(ctx.project.strata)
    # section 1: validated -------------------------------------------------------------------
    sh.put(HEADER_ROW - 1, 1, "1. Validated stocks and fire parameters (project.yaml)", "subtitle")
    sh.headers(
        HEADER_ROW,
        1,
        [
            "Stratum",
            "Name",
            "Area (ha)",
            "Above-ground C (tC ha⁻¹)",
            "Below-ground C (tC ha⁻¹)",
            "Dead wood C (tC ha⁻¹)",
            "Litter C (tC ha⁻¹)",
            "Σ pools (tC ha⁻¹)",
            "Post-deforestation C (tC ha⁻¹)",
            "Carbon uncertainty (fraction)",
            "Fuel B (t d.m. ha⁻¹)",
            "Combustion factor COMF (−)",
        ],
    )
    validated_row: dict[str, int] = {}
    for i, s in enumerate(ctx.project.strata):
        r = FIRST_ROW + i
        validated_row[s.id] = r
        pools = s.carbon_tc_per_ha
        sh.put_row(
            r,
            1,
            [
                label(s.id),
                inp(s.name),
                inp(s.area_ha, HA),
                inp(pools.above_ground, TC_PER_HA),
                inp(pools.below_ground, TC_PER_HA),
                inp(pools.dead_wood, TC_PER_HA),
                inp(pools.litter, TC_PER_HA),
                fx(f"=D{r}+E{r}+F{r}+G{r}", TC_PER_HA),
                inp(s.post_deforestation_tc_per_ha, TC_PER_HA),
                inp(s.carbon_uncertainty_fraction, FRACTION),
                inp(s.fire.fuel_t_dm_per_ha if s.fire else None, NUMBER),
                inp(s.fire.combustion_factor if s.fire else None, FACTOR),
            ],
        )
    total_row = FIRST_ROW + k
    sh.put(total_row, 1, "Total", "key")
    sh.put(total_row, 3, fx(f"=SUM(C{FIRST_ROW}:C{total_row - 1})", HA).value, "formula", HA)
    sh.define("Project_Area_ha", total_row, 3)

    # section 2: inventory ------------------------------------------------------------------
    inv_title = total_row + 2
    inv_header = inv_title + 1
    sh.put(
        inv_title,
        1,
        "2. Inventory recomputation (mean of plots; uncertainty = t(0.975, n−1)·SE / mean of "
        "above + below-ground tree carbon)",
        "subtitle",
    )
    sh.headers(
        inv_header,
        1,
        [
            "Stratum",
            "Plots n",
            "Above-ground C (tC ha⁻¹)",
            "Below-ground C (tC ha⁻¹)",
            "Tree C, above + below (tC ha⁻¹)",
            "SD (tC ha⁻¹)",
            "SE (tC ha⁻¹)",
            "t(0.975, n−1)",
            "Half-width 95 % (tC ha⁻¹)",
            "Uncertainty (fraction)",
            "Plots needed for target precision",
            "Above-ground: inventory − validated (tC ha⁻¹)",
            "Below-ground: inventory − validated (tC ha⁻¹)",
            "Tree C: (inventory − validated) / validated",
        ],
    )
    plots = book.data.get("inventory_plots")
    has_inventory = rc.inventory is not None
    inv_row: dict[str, int] = {}
    for i, s in enumerate(ctx.project.strata):
        r = inv_header + 1 + i
        v = validated_row[s.id]
        inv_row[s.id] = r
        sh.put(r, 1, s.id)
        if not has_inventory:
            continue
        if plots is not None and plots.on_sheet:
            a = f"$A{r}"
            cells: list[Cell] = [
                fx(f"=COUNTIFS(Plot_Stratum,{a},Plot_Included,1)", COUNT),
                fx(
                    f'=IF(B{r}>0,SUMIFS(Plot_AG_tC_per_ha,Plot_Stratum,{a},Plot_Included,1)/B{r},"")',
                    TC_PER_HA,
                ),
                fx(
                    f'=IF(B{r}>0,SUMIFS(Plot_BG_tC_per_ha,Plot_Stratum,{a},Plot_Included,1)/B{r},"")',
                    TC_PER_HA,
                ),
                fx(
                    f'=IF(B{r}>0,SUMIFS(Plot_Tree_tC_per_ha,Plot_Stratum,{a},Plot_Included,1)/B{r},"")',
                    TC_PER_HA,
                ),
                fx(
                    f"=IF(B{r}>1,SQRT(SUMPRODUCT((Plot_Stratum={a})*(Plot_Included=1)*"
                    f'(Plot_Tree_tC_per_ha-E{r})*(Plot_Tree_tC_per_ha-E{r}))/(B{r}-1)),"")',
                    TC_PER_HA,
                ),
                fx(f'=IF(B{r}>1,F{r}/SQRT(B{r}),"")', TC_PER_HA),
                fx(f'=IF(B{r}>1,TINV(ci_two_sided_alpha,B{r}-1),"")', "0.0000"),
                fx(f'=IF(B{r}>1,H{r}*G{r},"")', TC_PER_HA),
                fx(f'=IF(AND(B{r}>1,ISNUMBER(E{r})),IF(E{r}>0,I{r}/E{r},""),"")', FRACTION),
                fx(
                    f"=IF(ISNUMBER(J{r}),ROUNDUP(ROUND((H{r}*(F{r}/E{r})/Target_Precision_Fraction)*"
                    f"(H{r}*(F{r}/E{r})/Target_Precision_Fraction),VCU_Rounding_Guard_Decimals),"
                    f'0),"")',
                    COUNT,
                ),
            ]
        else:
            stats = rc.inventory.strata.set_index("stratum_id") if rc.inventory else None
            if stats is None or s.id not in stats.index:
                continue
            row = stats.loc[s.id]
            cells = [
                inp(row["n_plots"], COUNT),
                inp(row["above_ground_tc_per_ha"], TC_PER_HA),
                inp(row["below_ground_tc_per_ha"], TC_PER_HA),
                inp(row["tree_carbon_tc_per_ha"], TC_PER_HA),
                inp(row["sd_tc_per_ha"], TC_PER_HA),
                inp(row["se_tc_per_ha"], TC_PER_HA),
                inp(row["t_975"], "0.0000"),
                inp(row["half_width_95_tc_per_ha"], TC_PER_HA),
                inp(row["uncertainty_fraction"], FRACTION),
                inp(row["plots_needed"], COUNT),
            ]
        cells += [
            fx(f'=IF(ISNUMBER(C{r}),C{r}-D{v},"")', TC_PER_HA),
            fx(f'=IF(ISNUMBER(D{r}),D{r}-E{v},"")', TC_PER_HA),
            fx(f'=IF(AND(ISNUMBER(E{r}),D{v}+E{v}>0),(E{r}-(D{v}+E{v}))/(D{v}+E{v}),"")', FRACTION),
        ]
        sh.put_row(r, 2, cells)
    if not has_inventory:
        sh.put(
            inv_header + 1 + k,
            1,
            "No inventory recomputation: inventory_plots and inventory_trees were not both "
            "provided.",
            "note",
        )
    elif plots is not None and not plots.on_sheet:
        sh.put(
            inv_header + 1 + k,
            1,
            "Plots are in a companion file: the statistics are input cells from the recomputation.",
            "note",
        )

    # section 3: used in accounting ---------------------------------------------------------
    used_title = inv_header + k + 3
    used_header = used_title + 1
    sh.put(used_title, 1, "3. Stocks used in the accounting (named cells)", "subtitle")
    sh.headers(
        used_header,
        1,
        [
            "Stratum",
            "Source",
            "Above-ground C (tC ha⁻¹)",
            "Below-ground C (tC ha⁻¹)",
            "Dead wood C (tC ha⁻¹)",
            "Litter C (tC ha⁻¹)",
            "Post-deforestation C (tC ha⁻¹)",
            "Carbon uncertainty U_s (fraction)",
            "Fuel B (t d.m. ha⁻¹)",
            "COMF (−)",
            "Defined-name suffix",
        ],
    )
    for i, s in enumerate(ctx.project.strata):
        r = used_header + 1 + i
        v, iv = validated_row[s.id], inv_row[s.id]
        ref = book.stratum(s.id)
        sh.put(r, 1, s.id)
        if has_inventory:
            sh.put(r, 2, fx('=IF(Carbon_Stock_Source="inventory","inventory","validated")').value)
            sh.put(
                r,
                3,
                fx(f'=IF(Carbon_Stock_Source="inventory",C{iv},D{v})').value,
                "formula",
                TC_PER_HA,
            )
            sh.put(
                r,
                4,
                fx(f'=IF(Carbon_Stock_Source="inventory",D{iv},E{v})').value,
                "formula",
                TC_PER_HA,
            )
            sh.put(
                r,
                8,
                fx(f'=IF(Carbon_Stock_Source="inventory",J{iv},J{v})').value,
                "formula",
                FRACTION,
            )
        else:
            sh.put(r, 2, "validated")
            sh.put(r, 3, link(f"=D{v}").value, "link", TC_PER_HA)
            sh.put(r, 4, link(f"=E{v}").value, "link", TC_PER_HA)
            sh.put(r, 8, link(f"=J{v}").value, "link", FRACTION)
        sh.put(r, 5, link(f"=F{v}").value, "link", TC_PER_HA)
        sh.put(r, 6, link(f"=G{v}").value, "link", TC_PER_HA)
        sh.put(r, 7, link(f"=I{v}").value, "link", TC_PER_HA)
        sh.put(r, 9, link(f'=IF(ISNUMBER(K{v}),K{v},"")').value, "link", NUMBER)
        sh.put(r, 10, link(f'=IF(ISNUMBER(L{v}),L{v},"")').value, "link", FACTOR)
        sh.put(r, 11, ref.suffix)
        for col, prefix in zip(
            (3, 4, 5, 6, 7, 8, 9, 10),
            ("AG", "BG", "DW", "LI", "Cpost", "U", "Fuel", "COMF"),
            strict=True,
        ):
            sh.define(ref.n(prefix), r, col)
    sh.widths_from(1, [12, 28, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14])
    sh.freeze = "B4"
    sh.title_rows = "1:2"


# --------------------------------------------------------------------------------------------
# Emission schedule


def schedule_sheet(book: Book) -> None:
    ctx = book.ctx
    years = ctx.project.accounting.emission_schedule_years.model_dump()
    n_ages = max(max(years.values()), ctx.end.year - ctx.project.crediting_period.start.year + 1)
    sh = book.sheet(
        "Emission schedule",
        "Emission schedule ΔC_i(a): tCO2e emitted per hectare cleared, by age a (years since "
        "clearing)",
        "ΔC_i(a) = CO2_per_C × (Σ_k C_k,i / N_k · 1[a < N_k] − C_post,i · 1[a = 0]) (BL-UP "
        "step 5, per-pool linear schedules; contract §2.1). Ages beyond the table emit nothing.",
    )
    age_row = HEADER_ROW + 1
    sh.headers(HEADER_ROW, 1, ["Stratum", "Σ over ages (tCO2e ha⁻¹)", "CO2_per_C·(ΣC − C_post)"])
    sh.put(HEADER_ROW, 4, "Age a (years since clearing) →", "header")
    sh.put(age_row, 1, "age a", "header")
    first_age_col = 4
    for a in range(n_ages):
        col = first_age_col + a
        if a == 0:
            sh.put(age_row, col, 0, "header", YEAR)
        else:
            sh.put(age_row, col, fx(f"={column_letter(col - 1)}{age_row}+1").value, "header", YEAR)
    last_col = first_age_col + n_ages - 1
    for i, s in enumerate(ctx.project.strata):
        r = age_row + 1 + i
        ref = book.stratum(s.id)
        sh.put(r, 1, s.id)
        for a in range(n_ages):
            col = first_age_col + a
            age = f"{column_letter(col)}${age_row}"
            terms = "+".join(
                f"IF({age}<N_{POOL_PREFIX[p]},{ref.n(POOL_PREFIX[p])}/N_{POOL_PREFIX[p]},0)"
                for p in POOLS
            )
            sh.put(
                r,
                col,
                fx(f"=CO2_per_C*({terms}-IF({age}=0,{ref.n('Cpost')},0))").value,
                "formula",
                TCO2E_PER_HA,
            )
        first, last = column_letter(first_age_col), column_letter(last_col)
        sh.put(r, 2, fx(f"=SUM({first}{r}:{last}{r})").value, "formula", TCO2E_PER_HA)
        total = "+".join(ref.n(POOL_PREFIX[p]) for p in POOLS)
        sh.put(r, 3, fx(f"=CO2_per_C*({total}-{ref.n('Cpost')})").value, "formula", TCO2E_PER_HA)
        sh.define_range(ref.n("Schedule"), r, first_age_col, r, last_col)
    table_row = age_row + 1 + len(ctx.project.strata) + 1
    sh.put(table_row, 1, "Ages in the table", "key")
    sh.put(
        table_row,
        2,
        fx(
            f"=COLUMNS({column_letter(first_age_col)}{age_row}:{column_letter(last_col)}{age_row})"
        ).value,
        "formula",
        COUNT,
    )
    sh.define("Schedule_Ages", table_row, 2)
    sh.put(
        table_row + 1,
        1,
        "The table covers the longest schedule and every age the period needs (crediting start "
        "to period end); Σ over ages equals CO2_per_C·(ΣC − C_post) when it covers the longest "
        "schedule.",
        "note",
    )
    sh.widths_from(1, [12, 16, 16])
    for a in range(n_ages):
        sh.width(first_age_col + a, 11)
    sh.freeze = f"D{age_row + 1}"
    sh.title_rows = f"1:{age_row}"


# --------------------------------------------------------------------------------------------
# Activity data


def activity_sheet(book: Book) -> None:
    ctx, rc = book.ctx, book.rc
    sh = book.sheet(
        "Activity data",
        "Activity data: deforestation per zone, stratum and cohort year (ha)",
        "Ex-ante baseline areas (validated table) and monitored areas (SUMIFS over the Events "
        "sheet): since the crediting start to the period end (cohort areas whose tails count) "
        "and the part dated inside the monitoring period (whose clearing-year emission counts).",
    )
    events = book.data["deforestation_events"]
    sh.headers(
        HEADER_ROW,
        1,
        [
            "Zone",
            "Stratum",
            "Cohort year",
            "Ex-ante baseline area (ha)",
            "Monitored area, crediting start to period end (ha)",
            "of which dated in the monitoring period (ha)",
        ],
    )
    monitored = rc.cohorts[rc.cohorts["source"] == "monitored"].set_index(
        ["zone", "stratum_id", "cohort_year"]
    )
    r = FIRST_ROW
    for zone in ZONES:
        for s in ctx.project.strata:
            for year in book.cohort_years:
                book.cells[f"area:{zone}:{s.id}:{year}"] = sh.ref(r, 4)
                book.cells[f"monitored:{zone}:{s.id}:{year}"] = sh.ref(r, 5)
                book.cells[f"in_period:{zone}:{s.id}:{year}"] = sh.ref(r, 6)
                crit = f"$A{r},Exb_Stratum,$B{r},Exb_Year,$C{r}"
                cells: list[Cell] = [
                    label(zone),
                    label(s.id),
                    label(year, YEAR),
                    fx(f"=SUMIFS(Exb_Area_ha,Exb_Zone,{crit},Exb_Refused,0)", HA),
                ]
                if events.on_sheet:
                    ev = f"Ev_Zone,$A{r},Ev_Stratum,$B{r},Ev_Year,$C{r}"
                    cells += [
                        fx(f"=SUMIFS(Ev_Area_ha,{ev},Ev_Accounted,1)", HA),
                        fx(f"=SUMIFS(Ev_Area_ha,{ev},Ev_In_Period,1)", HA),
                    ]
                else:
                    key = (zone, s.id, year)
                    area = float(monitored.at[key, "area_ha"]) if key in monitored.index else 0.0
                    in_p = (
                        float(monitored.at[key, "area_in_period_ha"])
                        if key in monitored.index
                        else 0.0
                    )
                    cells += [inp(area, HA), inp(in_p, HA)]
                sh.put_row(r, 1, cells)
                r += 1
    last = r - 1
    # summary per year and zone (chart data)
    sc = 8
    sh.headers(
        HEADER_ROW,
        sc,
        [
            "Cohort year",
            "Project area: ex-ante baseline (ha)",
            "Project area: monitored (ha)",
            "Leakage belt: ex-ante baseline (ha)",
            "Leakage belt: monitored (ha)",
        ],
    )
    rng = lambda c: f"${column_letter(c)}${FIRST_ROW}:${column_letter(c)}${last}"  # noqa: E731
    for j, year in enumerate(book.cohort_years):
        rr = FIRST_ROW + j
        sh.put(rr, sc, year, "label", YEAR)
        for k, (zone, col) in enumerate(
            (("project_area", 4), ("project_area", 5), ("leakage_belt", 4), ("leakage_belt", 5))
        ):
            sh.put(
                rr,
                sc + 1 + k,
                fx(
                    f'=SUMIFS({rng(col)},{rng(1)},"{zone}",{rng(3)},${column_letter(sc)}{rr})'
                ).value,
                "formula",
                HA,
            )
    n_years = len(book.cohort_years)
    last_sum = FIRST_ROW + n_years - 1
    titles = (
        "Project area: ex-ante baseline",
        "Project area: monitored",
        "Leakage belt: ex-ante baseline",
        "Leakage belt: monitored",
    )
    sh.charts.append(
        ChartSpec(
            kind="bar",
            title="Baseline versus monitored deforestation per year and zone (ha)",
            anchor=f"{column_letter(sc + 6)}{HEADER_ROW}",
            categories=RangeRef(sh.name, sc, FIRST_ROW, sc, last_sum),
            series=tuple(
                SeriesSpec(t, RangeRef(sh.name, sc + 1 + k, FIRST_ROW, sc + 1 + k, last_sum))
                for k, t in enumerate(titles)
            ),
            x_title="Cohort year",
            y_title="ha",
        )
    )
    if not events.on_sheet and events.companion is not None:
        sh.put(
            last + 2,
            1,
            f"Monitored areas are input cells: the events are in {events.companion.name}.",
            "note",
        )
    sh.widths_from(1, [14, 10, 10, 16, 20, 18, 3, 10, 16, 16, 16, 16])
    sh.freeze = f"D{FIRST_ROW}"
    sh.title_rows = f"1:{HEADER_ROW}"
    sh.autofilter = f"A{HEADER_ROW}:F{last}"


# --------------------------------------------------------------------------------------------
# Cohort blocks (Baseline, Project emissions, Leakage)

V0 = 5  # first vintage column in cohort blocks


def _vintage_header(book: Book, sh: SheetBuilder, row: int, with_fraction: bool) -> None:
    for i, _ in enumerate(book.vintages):
        sh.put(row, V0 + i, link(f"={book.vref('vintage', i)}").value, "link", YEAR)
        if with_fraction:
            sh.put(row + 1, V0 + i, link(f"={book.vref('year_fraction', i)}").value, "link", FACTOR)


def cohort_block(book: Book, sh: SheetBuilder, top: int, zone: str, source: str, title: str) -> int:
    """A cohort × vintage emission matrix; returns the row of its per-vintage totals.

    Baseline (ex-ante, annual): ``f_v · (A · ΔC(v − t0))`` for v ≥ t0. Monitored (dated):
    ``A_in · ΔC(0)`` for v = t0 and ``f_v · (A · ΔC(v − t0))`` for v > t0.
    """
    ctx = book.ctx
    nv = len(book.vintages)
    dated = source == "monitored"
    sh.put(top, 1, title, "subtitle")
    hdr = top + 1
    frac = top + 2
    sh.headers(
        hdr,
        1,
        [
            "Stratum",
            "Cohort year t0",
            "Area A (ha)",
            "Area dated in period A_in (ha)" if dated else "",
        ],
    )
    if not dated:
        sh.cells.pop((hdr, 4), None)
    _vintage_header(book, sh, hdr, with_fraction=True)
    sh.put(hdr, V0 + nv, "Period total (tCO2e)", "header")
    sh.put(frac, 1, "Year fraction f_v = days / days_in_year", "note")
    r = frac + 1
    first = r
    for s in ctx.project.strata:
        ref = book.stratum(s.id)
        for year in book.cohort_years:
            area_key = "monitored" if dated else "area"
            sh.put(r, 1, s.id)
            sh.put(r, 2, year, "label", YEAR)
            sh.put(
                r, 3, link(f"={book.cells[f'{area_key}:{zone}:{s.id}:{year}']}").value, "link", HA
            )
            if dated:
                sh.put(
                    r,
                    4,
                    link(f"={book.cells[f'in_period:{zone}:{s.id}:{year}']}").value,
                    "link",
                    HA,
                )
            sched = ref.n("Schedule")
            for i in range(nv):
                c = column_letter(V0 + i)
                age = f"{c}${hdr}-$B{r}"
                tail = f"{c}${frac}*($C{r}*INDEX({sched},{age}+1))"
                if dated:
                    formula = (
                        f"=IF({c}${hdr}=$B{r},$D{r}*INDEX({sched},1),"
                        f"IF(AND({age}>0,{age}<Schedule_Ages),{tail},0))"
                    )
                else:
                    formula = f"=IF(AND({age}>=0,{age}<Schedule_Ages),{tail},0)"
                sh.put(r, V0 + i, fx(formula).value, "formula", TCO2E)
            sh.put(
                r,
                V0 + nv,
                fx(f"=SUM({column_letter(V0)}{r}:{column_letter(V0 + nv - 1)}{r})").value,
                "formula",
                TCO2E,
            )
            r += 1
    last = r - 1
    total = r
    sh.put(total, 1, "Total", "key")
    for i in range(nv + 1):
        c = column_letter(V0 + i)
        sh.put(total, V0 + i, fx(f"=SUM({c}{first}:{c}{last})").value, "formula", TCO2E)
    book.cells[f"block:{zone}:{source}"] = f"{first}:{last}"
    return total


def _block_widths(sh: SheetBuilder, nv: int) -> None:
    sh.widths_from(1, [12, 12, 14, 16])
    for i in range(nv + 1):
        sh.width(V0 + i, 16)


def baseline_sheet(book: Book) -> None:
    sh = book.sheet(
        "Baseline",
        "Baseline emissions ΔC_BSL (BL-UP): ex-ante cohorts × vintages, project area (tCO2e)",
        "Cohort areas from Activity data (validated ex-ante table); each cell is "
        "f_v·(A·ΔC_i(v − t0)) from the Emission schedule; annual ex-ante quantities and tails "
        "are pro-rated by the vintage's year fraction.",
    )
    total = cohort_block(book, sh, HEADER_ROW - 1, "project_area", "baseline", "Project area")
    for i in range(len(book.vintages)):
        book.cells[f"baseline:{i}"] = sh.ref(total, V0 + i)
    book.cells["baseline_rows"] = book.cells["block:project_area:baseline"]
    _block_widths(sh, len(book.vintages))
    sh.freeze = f"E{HEADER_ROW + 2}"
    sh.title_rows = f"1:{HEADER_ROW + 1}"


def project_sheet(book: Book) -> None:
    ctx, rc = book.ctx, book.rc
    nv = len(book.vintages)
    sh = book.sheet(
        "Project emissions",
        "Project emissions ΔC_P (M-MON, E-BB): monitored cohorts × vintages and forest fires "
        "(tCO2e)",
        "Deforestation: A_in·ΔC_i(0) in the clearing year (area dated in the period) and "
        "f_v·(A·ΔC_i(v − t0)) for later years. Fires: E_BB = A_burn · B · COMF · Fire_EF "
        "(non-CO2 only; forest fires in the project area dated in the period).",
    )
    stock_total = cohort_block(
        book,
        sh,
        HEADER_ROW - 1,
        "project_area",
        "monitored",
        "1. Deforestation in the project area",
    )
    # fires -------------------------------------------------------------------------------------
    top = stock_total + 2
    sh.put(top, 1, "2. Forest fires in the project area (E-BB)", "subtitle")
    hdr = top + 1
    sh.headers(hdr, 1, ["Stratum", "Fuel B (t d.m. ha⁻¹)", "COMF (−)", ""])
    sh.cells.pop((hdr, 4), None)
    _vintage_header(book, sh, hdr, with_fraction=False)
    sh.put(hdr, V0 + nv, "Period total", "header")
    fires = book.data.get("fire_events")
    on_sheet = fires is not None and fires.on_sheet
    fire_table = rc.fires.set_index(["stratum_id", "vintage"]) if not rc.fires.empty else None
    sh.put(hdr + 1, 1, "Burned forest area A_burn (ha)", "note")
    area_first = hdr + 2
    k = len(ctx.project.strata)
    for j, s in enumerate(ctx.project.strata):
        r = area_first + j
        sh.put(r, 1, s.id)
        for i, v in enumerate(book.vintages):
            c = column_letter(V0 + i)
            if on_sheet:
                sh.put(
                    r,
                    V0 + i,
                    fx(
                        f"=SUMIFS(Fire_Area_ha,Fire_Stratum,$A{r},Fire_Year,{c}${hdr},Fire_Counts,1)"
                    ).value,
                    "formula",
                    HA,
                )
            else:
                key = (s.id, v.vintage)
                area = (
                    float(fire_table.at[key, "burned_area_ha"])
                    if fire_table is not None and key in fire_table.index
                    else 0.0
                )
                sh.put(r, V0 + i, area, "input", HA)
        sh.put(
            r,
            V0 + nv,
            fx(f"=SUM({column_letter(V0)}{r}:{column_letter(V0 + nv - 1)}{r})").value,
            "formula",
            HA,
        )
    ebb_label = area_first + k
    sh.put(ebb_label, 1, "E_BB = A_burn · B · COMF · Fire_EF_tCO2e_per_t_dm (tCO2e)", "note")
    ebb_first = ebb_label + 1
    for j, s in enumerate(ctx.project.strata):
        r = ebb_first + j
        ref = book.stratum(s.id)
        a = area_first + j
        sh.put(r, 1, s.id)
        sh.put(r, 2, link(f"={ref.n('Fuel')}").value, "link", NUMBER)
        sh.put(r, 3, link(f"={ref.n('COMF')}").value, "link", FACTOR)
        for i in range(nv):
            c = column_letter(V0 + i)
            sh.put(
                r,
                V0 + i,
                fx(f"=IF({c}{a}=0,0,{c}{a}*$B{r}*$C{r}*Fire_EF_tCO2e_per_t_dm)").value,
                "formula",
                TCO2E,
            )
        sh.put(
            r,
            V0 + nv,
            fx(f"=SUM({column_letter(V0)}{r}:{column_letter(V0 + nv - 1)}{r})").value,
            "formula",
            TCO2E,
        )
    ebb_last = ebb_first + k - 1
    fire_total = ebb_last + 1
    sh.put(fire_total, 1, "Total E_BB", "key")
    for i in range(nv + 1):
        c = column_letter(V0 + i)
        sh.put(
            fire_total, V0 + i, fx(f"=SUM({c}{ebb_first}:{c}{ebb_last})").value, "formula", TCO2E
        )
    book.cells["fire_rows"] = f"{ebb_first}:{ebb_last}"
    if fires is None or not fires.provided:
        sh.put(fire_total + 1, 1, "fire_events was not provided: no E-BB emissions.", "note")
    elif not on_sheet and fires.companion is not None:
        sh.put(
            fire_total + 1,
            1,
            f"Burned areas are input cells: the fire events are in {fires.companion.name}.",
            "note",
        )
    # totals ------------------------------------------------------------------------------------
    tot = fire_total + 3
    sh.put(tot - 1, 1, "3. Project emissions per vintage", "subtitle")
    sh.put(tot, 1, "ΔC_P = deforestation + E_BB (tCO2e)", "key")
    for i in range(nv + 1):
        c = column_letter(V0 + i)
        sh.put(tot, V0 + i, fx(f"={c}{stock_total}+{c}{fire_total}").value, "formula", TCO2E)
    for i in range(nv):
        book.cells[f"project_stock:{i}"] = sh.ref(stock_total, V0 + i)
        book.cells[f"project_fire:{i}"] = sh.ref(fire_total, V0 + i)
    _block_widths(sh, nv)
    sh.freeze = f"E{HEADER_ROW + 2}"
    sh.title_rows = f"1:{HEADER_ROW + 1}"


def leakage_sheet(book: Book) -> None:
    nv = len(book.vintages)
    sh = book.sheet(
        "Leakage",
        "Leakage ΔC_LK (LK-ASU): leakage-belt emissions above the leakage-belt baseline (tCO2e)",
        "Both terms are summed over all strata for the year, with tails, each computed like the "
        "project-area ones. Leakage = MAX(0, monitored − baseline) per vintage, or once over the "
        "period and allocated by days (setting Leakage_Netting).",
    )
    b_total = cohort_block(
        book, sh, HEADER_ROW - 1, "leakage_belt", "baseline", "1. Leakage-belt baseline (ex-ante)"
    )
    m_top = b_total + 2
    m_total = cohort_block(
        book, sh, m_top, "leakage_belt", "monitored", "2. Leakage-belt monitored deforestation"
    )
    top = m_total + 2
    sh.put(top, 1, "3. Leakage per vintage", "subtitle")
    hdr = top + 1
    sh.put(hdr, 1, "Quantity", "header")
    _vintage_header(book, sh, hdr, with_fraction=False)
    sh.put(hdr, V0 + nv, "Period total", "header")
    days, mon, base, diff, leak = hdr + 1, hdr + 2, hdr + 3, hdr + 4, hdr + 5
    sh.put(days, 1, "Days in vintage")
    sh.put(mon, 1, "ΔC_P,LB monitored leakage-belt emissions (tCO2e)")
    sh.put(base, 1, "ΔC_BSL,LB leakage-belt baseline emissions (tCO2e)")
    sh.put(diff, 1, "Difference (tCO2e)")
    sh.put(leak, 1, "Leakage ΔC_LK (tCO2e)", "key")
    a, z = column_letter(V0), column_letter(V0 + nv - 1)
    for i in range(nv):
        c = column_letter(V0 + i)
        sh.put(days, V0 + i, link(f"={book.vref('days', i)}").value, "link", COUNT)
        sh.put(mon, V0 + i, link(f"={c}{m_total}").value, "link", TCO2E)
        sh.put(base, V0 + i, link(f"={c}{b_total}").value, "link", TCO2E)
        sh.put(diff, V0 + i, fx(f"={c}{mon}-{c}{base}").value, "formula", TCO2E)
        sh.put(
            leak,
            V0 + i,
            fx(
                f'=IF(Leakage_Netting="per_vintage",MAX(0,{c}{mon}-{c}{base}),'
                f"MAX(0,SUM(${a}${mon}:${z}${mon})-SUM(${a}${base}:${z}${base}))*{c}{days}"
                f"/SUM(${a}${days}:${z}${days}))"
            ).value,
            "formula",
            TCO2E,
        )
        book.cells[f"lb_monitored:{i}"] = sh.ref(mon, V0 + i)
        book.cells[f"lb_baseline:{i}"] = sh.ref(base, V0 + i)
        book.cells[f"leakage:{i}"] = sh.ref(leak, V0 + i)
    for row, fmt in ((days, COUNT), (mon, TCO2E), (base, TCO2E), (diff, TCO2E), (leak, TCO2E)):
        sh.put(row, V0 + nv, fx(f"=SUM({a}{row}:{z}{row})").value, "formula", fmt)
    _block_widths(sh, nv)
    sh.width(1, 44)
    sh.freeze = f"E{HEADER_ROW + 2}"
    sh.title_rows = f"1:{HEADER_ROW + 1}"


# --------------------------------------------------------------------------------------------
# Uncertainty, buffer, vintages


def uncertainty_sheet(book: Book) -> None:
    ctx = book.ctx
    sh = book.sheet(
        "Uncertainty",
        "Uncertainty and its deduction (X-UNC, VMD0017)",
        "U_BSL = √(Σ_s (U_s·E_BSL,s)²) / Σ_s E_BSL,s and U_WPS likewise (emission-weighted "
        "strata), unless a fraction is given; NER_ERROR = √((U_BSL·ΔC_BSL)² + (U_WPS·ΔC_P)²) / "
        "(ΔC_BSL − ΔC_P); deduction factor 1 when NER_ERROR ≤ allowable, else "
        "1 − NER_ERROR + allowable (never below 0). Leakage is not part of the propagation.",
    )
    sh.headers(
        HEADER_ROW,
        1,
        [
            "Stratum",
            "U_s (fraction)",
            "E_BSL,s baseline (tCO2e)",
            "E_P,s deforestation (tCO2e)",
            "E_P,s fire E-BB (tCO2e)",
            "E_WPS,s weight (tCO2e)",
            "U_s·E_BSL,s",
            "U_s·E_WPS,s",
        ],
    )
    b_rows = book.cells["block:project_area:baseline"].split(":")
    p_rows = book.cells["block:project_area:monitored"].split(":")
    f_rows = book.cells["fire_rows"].split(":")
    nv = len(book.vintages)
    tc = column_letter(V0 + nv)

    def col_range(sheet: str, col: str, rows: list[str]) -> str:
        return f"'{sheet}'!${col}${rows[0]}:${col}${rows[1]}"

    k = len(ctx.project.strata)
    for i, s in enumerate(ctx.project.strata):
        r = FIRST_ROW + i
        ref = book.stratum(s.id)
        sh.put_row(
            r,
            1,
            [
                label(s.id),
                link(f"={ref.n('U')}", FRACTION),
                fx(
                    f"=SUMIFS({col_range('Baseline', tc, b_rows)},"
                    f"{col_range('Baseline', 'A', b_rows)},$A{r})",
                    TCO2E,
                ),
                fx(
                    f"=SUMIFS({col_range('Project emissions', tc, p_rows)},"
                    f"{col_range('Project emissions', 'A', p_rows)},$A{r})",
                    TCO2E,
                ),
                fx(
                    f"=SUMIFS({col_range('Project emissions', tc, f_rows)},"
                    f"{col_range('Project emissions', 'A', f_rows)},$A{r})",
                    TCO2E,
                ),
                fx(f'=D{r}+IF(Uncertainty_Project_Weights="total_emissions",E{r},0)', TCO2E),
                fx(f"=B{r}*C{r}", TCO2E),
                fx(f"=B{r}*F{r}", TCO2E),
            ],
        )
    first, last = FIRST_ROW, FIRST_ROW + k - 1
    tot = last + 1
    sh.put(tot, 1, "Σ", "key")
    for col in "CDEF":
        sh.put(
            tot,
            "ABCDEFGH".index(col) + 1,
            fx(f"=SUM({col}{first}:{col}{last})").value,
            "formula",
            TCO2E,
        )
    r = tot + 2
    rows = [
        (
            "U_BSL propagated",
            f"=IF(C{tot}>0,SQRT(SUMPRODUCT(G{first}:G{last},G{first}:G{last}))/C{tot},0)",
            FRACTION,
            "U_BSL_Propagated",
        ),
        (
            "U_BSL used (given fraction when set)",
            "=IF(ISNUMBER(Given_Baseline_Uncertainty_Fraction),"
            "Given_Baseline_Uncertainty_Fraction,U_BSL_Propagated)",
            FRACTION,
            "U_BSL",
        ),
        (
            "U_BSL source",
            '=IF(ISNUMBER(Given_Baseline_Uncertainty_Fraction),"given","propagated")',
            None,
            None,
        ),
        (
            "U_WPS propagated",
            f"=IF(F{tot}>0,SQRT(SUMPRODUCT(H{first}:H{last},H{first}:H{last}))/F{tot},0)",
            FRACTION,
            "U_WPS_Propagated",
        ),
        (
            "U_WPS used (given fraction when set)",
            "=IF(ISNUMBER(Given_Project_Uncertainty_Fraction),"
            "Given_Project_Uncertainty_Fraction,U_WPS_Propagated)",
            FRACTION,
            "U_WPS",
        ),
        (
            "U_WPS source",
            '=IF(ISNUMBER(Given_Project_Uncertainty_Fraction),"given","propagated")',
            None,
            None,
        ),
        ("ΔC_BSL period baseline (tCO2e)", "=Total_Baseline_tCO2e", TCO2E, None),
        ("ΔC_P period project emissions (tCO2e)", "=Total_Project_tCO2e", TCO2E, None),
        (
            "NER_ERROR (fraction)",
            "=IF(Total_Baseline_tCO2e-Total_Project_tCO2e>0,SQRT(SUMSQ(U_BSL*Total_Baseline_tCO2e,"
            "U_WPS*Total_Project_tCO2e))/(Total_Baseline_tCO2e-Total_Project_tCO2e),0)",
            FRACTION,
            "NER_Error_Fraction",
        ),
        ("Allowable uncertainty (fraction)", "=Allowable_Uncertainty_Fraction", FRACTION, None),
        (
            "Deduction factor (fraction of NER kept)",
            "=IF(NER_Error_Fraction<=Allowable_Uncertainty_Fraction,1,"
            "MAX(0,1-NER_Error_Fraction+Allowable_Uncertainty_Fraction))",
            FACTOR,
            "Deduction_Factor",
        ),
    ]
    for text, formula, fmt, name in rows:
        sh.put(r, 1, text, "key" if name in ("NER_Error_Fraction", "Deduction_Factor") else "label")
        role = "link" if formula.count("(") == 0 else "formula"
        sh.put(r, 3, fx(formula).value, role, fmt)
        if name:
            sh.define(name, r, 3)
        r += 1
    sh.widths_from(1, [40, 14, 18, 18, 18, 18, 16, 16])
    sh.freeze = f"A{FIRST_ROW}"
    sh.title_rows = f"1:{HEADER_ROW}"


def buffer_sheet(book: Book) -> None:
    sh = book.sheet(
        "Buffer",
        "Buffer withholding (AFOLU Non-Permanence Risk Tool)",
        "Buffer = Risk_Rating_Fraction × (ΔC_BSL − ΔC_P,stock) when NER > 0 (never negative); "
        "fire non-CO2 gases and leakage are excluded from the base. With Buffer_Base = "
        "adjusted_stock_change the base is multiplied by the deduction factor.",
    )
    sh.put(HEADER_ROW - 1, 1, "Risk rating (fraction)", "key")
    sh.put(HEADER_ROW - 1, 3, link("=Risk_Rating_Fraction").value, "link", FRACTION)
    sh.headers(
        HEADER_ROW,
        1,
        [
            "Vintage",
            "ΔC_BSL (tCO2e)",
            "ΔC_P,stock (tCO2e)",
            "Stock change ΔC_BSL − ΔC_P,stock (tCO2e)",
            "Buffer base (tCO2e)",
            "NER (tCO2e)",
            "Buffer (tCO2e)",
        ],
    )
    nv = len(book.vintages)
    for i in range(nv):
        r = FIRST_ROW + i
        sh.put_row(
            r,
            1,
            [
                link(f"={book.vref('vintage', i)}", YEAR),
                link(f"={book.vref('baseline', i)}", TCO2E),
                link(f"={book.vref('project_stock', i)}", TCO2E),
                fx(f"=B{r}-C{r}", TCO2E),
                fx(f'=D{r}*IF(Buffer_Base="adjusted_stock_change",Deduction_Factor,1)', TCO2E),
                link(f"={book.vref('ner', i)}", TCO2E),
                fx(f"=IF(F{r}>0,MAX(0,Risk_Rating_Fraction*E{r}),0)", TCO2E),
            ],
        )
        book.cells[f"buffer_base:{i}"] = sh.ref(r, 5)
        book.cells[f"buffer:{i}"] = sh.ref(r, 7)
    tot = FIRST_ROW + nv
    sh.put(tot, 1, "Total", "key")
    for col in range(2, 8):
        c = column_letter(col)
        sh.put(tot, col, fx(f"=SUM({c}{FIRST_ROW}:{c}{tot - 1})").value, "formula", TCO2E)
    sh.widths_from(1, [10, 16, 16, 20, 16, 16, 16])
    sh.freeze = f"B{FIRST_ROW}"
    sh.title_rows = f"1:{HEADER_ROW}"


def vintages_sheet(book: Book) -> None:
    sh = book.sheet(
        VINTAGES,
        "Vintages: the monitoring report §5.4 table (tCO2e)",
        "Calendar years clipped to the period. NER = ΔC_BSL − ΔC_P − ΔC_LK; adjusted NER = NER × "
        "Deduction_Factor (a reversal, NER < 0, is left unadjusted unless Reversal_Deduction = "
        "apply_factor); VCUs = ROUNDDOWN(ROUND(adjusted NER − buffer, guard), 0) when NER > 0.",
    )
    headers = {
        "vintage": "Vintage",
        "start": "Start",
        "end": "End",
        "days": "Days",
        "days_in_year": "Days in year",
        "year_fraction": "Year fraction f_v",
        "baseline": "Baseline ΔC_BSL (tCO2e)",
        "project_stock": "Project deforestation ΔC_P,stock (tCO2e)",
        "project_fire": "Project fire E_BB (tCO2e)",
        "project": "Project ΔC_P (tCO2e)",
        "lb_monitored": "Leakage belt monitored (tCO2e)",
        "lb_baseline": "Leakage belt baseline (tCO2e)",
        "leakage": "Leakage ΔC_LK (tCO2e)",
        "ner": "NER (tCO2e)",
        "adjusted_ner": "Adjusted NER (tCO2e)",
        "uncertainty_deduction": "Uncertainty deduction (tCO2e)",
        "buffer_base": "Buffer base (tCO2e)",
        "buffer": "Buffer (tCO2e)",
        "vcus": "VCUs (whole units)",
        "rounding_residue": "Rounding residue (tCO2e)",
        "reversal": "Reversal (NER < 0)",
    }
    sh.headers(HEADER_ROW, 1, [headers[k] for k in VINTAGE_COLUMNS])
    L = {k: column_letter(book.vcol(k)) for k in VINTAGE_COLUMNS}
    nv = len(book.vintages)
    for i in range(nv):
        r = book.vrow(i)
        c = {k: f"{v}{r}" for k, v in L.items()}
        year = "=YEAR(Period_Start)" if i == 0 else f"={L['vintage']}{r - 1}+1"
        cells = {
            "vintage": fx(year, YEAR),
            "start": fx(f"=MAX(Period_Start,DATE({c['vintage']},1,1))", DATE),
            "end": fx(f"=MIN(Period_End,DATE({c['vintage']}+1,1,1)-1)", DATE),
            "days": fx(f"={c['end']}-{c['start']}+1", COUNT),
            "days_in_year": fx(f"=DATE({c['vintage']}+1,1,1)-DATE({c['vintage']},1,1)", COUNT),
            "year_fraction": fx(f"={c['days']}/{c['days_in_year']}", FACTOR),
            "baseline": link(f"={book.cells[f'baseline:{i}']}", TCO2E),
            "project_stock": link(f"={book.cells[f'project_stock:{i}']}", TCO2E),
            "project_fire": link(f"={book.cells[f'project_fire:{i}']}", TCO2E),
            "project": fx(f"={c['project_stock']}+{c['project_fire']}", TCO2E),
            "lb_monitored": link(f"={book.cells[f'lb_monitored:{i}']}", TCO2E),
            "lb_baseline": link(f"={book.cells[f'lb_baseline:{i}']}", TCO2E),
            "leakage": link(f"={book.cells[f'leakage:{i}']}", TCO2E),
            "ner": fx(f"={c['baseline']}-{c['project']}-{c['leakage']}", TCO2E),
            "adjusted_ner": fx(
                f'=IF(AND({c["ner"]}<0,Reversal_Deduction<>"apply_factor"),{c["ner"]},'
                f"{c['ner']}*Deduction_Factor)",
                TCO2E,
            ),
            "uncertainty_deduction": fx(f"={c['ner']}-{c['adjusted_ner']}", TCO2E),
            "buffer_base": link(f"={book.cells[f'buffer_base:{i}']}", TCO2E),
            "buffer": link(f"={book.cells[f'buffer:{i}']}", TCO2E),
            "vcus": fx(
                f"=IF({c['ner']}>0,MAX(0,ROUNDDOWN(ROUND({c['adjusted_ner']}-{c['buffer']},"
                f"VCU_Rounding_Guard_Decimals),0)),0)",
                COUNT,
            ),
            "rounding_residue": fx(
                f"=IF({c['ner']}>0,{c['adjusted_ner']}-{c['buffer']}-{c['vcus']},0)", TCO2E
            ),
            "reversal": fx(f"={c['ner']}<0"),
        }
        for k in VINTAGE_COLUMNS:
            sh.cells[(r, book.vcol(k))] = cells[k]
    tot = book.vtotal_row()
    sh.put(tot, 1, "Period", "key")
    first, last = book.vrow(0), book.vrow(nv - 1)
    sh.put(tot, book.vcol("start"), link("=Period_Start").value, "link", DATE)
    sh.put(tot, book.vcol("end"), link("=Period_End").value, "link", DATE)
    sums = [
        k
        for k in VINTAGE_COLUMNS
        if k not in ("vintage", "start", "end", "days_in_year", "reversal")
    ]
    for k in sums:
        col = L[k]
        fmt = {"days": COUNT, "year_fraction": FACTOR, "vcus": COUNT}.get(k, TCO2E)
        sh.put(tot, book.vcol(k), fx(f"=SUM({col}{first}:{col}{last})").value, "formula", fmt)
    total_names = {
        "baseline": "Total_Baseline_tCO2e",
        "project": "Total_Project_tCO2e",
        "project_stock": "Total_Project_Stock_tCO2e",
        "project_fire": "Total_Project_Fire_tCO2e",
        "leakage": "Total_Leakage_tCO2e",
        "ner": "Total_NER_tCO2e",
        "adjusted_ner": "Total_Adjusted_NER_tCO2e",
        "buffer": "Total_Buffer_tCO2e",
        "vcus": "Total_VCUs",
        "year_fraction": "Period_Years",
    }
    for k, name in total_names.items():
        sh.define(name, tot, book.vcol(k))
    sh.highlights.append(Highlight(f"{L['ner']}{first}:{L['ner']}{last}", f"{L['ner']}{first}<0"))
    sh.highlights.append(
        Highlight(f"{L['reversal']}{first}:{L['reversal']}{last}", f"{L['reversal']}{first}=TRUE")
    )
    # charts
    cats = RangeRef(VINTAGES, 1, first, 1, last)

    def series(key: str, title: str) -> SeriesSpec:
        col = book.vcol(key)
        return SeriesSpec(title, RangeRef(VINTAGES, col, first, col, last))

    sh.charts.append(
        ChartSpec(
            kind="bar",
            title="Baseline, project emissions, leakage and net reductions per vintage (tCO2e)",
            anchor=f"A{tot + 3}",
            categories=cats,
            series=(
                series("baseline", "Baseline"),
                series("project", "Project"),
                series("leakage", "Leakage"),
                series("ner", "NER"),
            ),
            x_title="Vintage",
            y_title="tCO2e",
        )
    )
    sh.charts.append(
        ChartSpec(
            kind="bar",
            title="Net reductions: VCUs, buffer, uncertainty deduction and rounding per vintage "
            "(tCO2e)",
            anchor=f"K{tot + 3}",
            categories=cats,
            series=(
                series("vcus", "VCUs"),
                series("buffer", "Buffer"),
                series("uncertainty_deduction", "Uncertainty deduction"),
                series("rounding_residue", "Rounding residue"),
            ),
            grouping="stacked",
            x_title="Vintage",
            y_title="tCO2e",
        )
    )
    sh.widths_from(1, [9, 11, 11, 7, 8, 10] + [16] * 15)
    sh.freeze = f"B{FIRST_ROW}"
    sh.title_rows = f"1:{HEADER_ROW}"


# --------------------------------------------------------------------------------------------
# Accuracy assessment


def accuracy_sheet(book: Book) -> None:
    rc = book.rc
    sh = book.sheet(
        "Accuracy assessment",
        "Map accuracy assessment (Olofsson et al. 2014): confusion matrix, OA, UA, PA with 95 % CI",
        "Rows: map class i; columns: reference class j. p_ij = W_i·n_ij/n_i·; OA = Σ p_ii; "
        "UA_i = n_ii/n_i·; PA_j = p_jj/p_·j; CIs = z_95·√var (Eq. 5, 6, 7, 10; weights in place "
        "of mapped areas).",
    )
    samples = book.data.get("accuracy_samples")
    acc = rc.accuracy
    if acc is None or samples is None:
        sh.put(HEADER_ROW, 1, "accuracy_samples was not provided: no accuracy assessment.", "note")
        return
    classes = acc.classes
    k = len(classes)
    on_sheet = samples.on_sheet
    # 1. counts
    t1 = HEADER_ROW - 1
    sh.put(t1, 1, "1. Sample counts n_ij", "subtitle")
    h1 = t1 + 1
    sh.put(h1, 1, "Map class i \\ reference class j", "header")
    sh.headers(h1, 2, classes)
    sh.headers(h1, 2 + k, ["n_i· (map)", "W_i (weight)"])
    c0 = 2
    for i, ci in enumerate(classes):
        r = h1 + 1 + i
        sh.put(r, 1, ci)
        for j in range(k):
            col = column_letter(c0 + j)
            if on_sheet:
                sh.put(
                    r,
                    c0 + j,
                    fx(f"=COUNTIFS(Acc_Map,$A{r},Acc_Ref,{col}${h1},Acc_Included,1)").value,
                    "formula",
                    COUNT,
                )
            else:
                sh.put(r, c0 + j, float(acc.counts[i, j]), "input", COUNT)
        a, z = column_letter(c0), column_letter(c0 + k - 1)
        sh.put(r, c0 + k, fx(f"=SUM({a}{r}:{z}{r})").value, "formula", COUNT)
        if on_sheet:
            sh.put(
                r,
                c0 + k + 1,
                fx(
                    f"=IF(COUNTIFS(Acc_Map,$A{r},Acc_Included,1)>0,"
                    f"AVERAGEIFS(Acc_Weight,Acc_Map,$A{r},Acc_Included,1),0)"
                ).value,
                "formula",
                "0.000000",
            )
        else:
            sh.put(r, c0 + k + 1, float(acc.weights[i]), "input", "0.000000")
    nrow = h1 + 1 + k
    sh.put(nrow, 1, "n_·j (reference)", "key")
    for j in range(k + 1):
        col = column_letter(c0 + j)
        sh.put(nrow, c0 + j, fx(f"=SUM({col}{h1 + 1}:{col}{h1 + k})").value, "formula", COUNT)
    ni = lambda i: f"${column_letter(c0 + k)}${h1 + 1 + i}"  # noqa: E731
    wi = lambda i: f"${column_letter(c0 + k + 1)}${h1 + 1 + i}"  # noqa: E731
    nij = lambda i, j: f"{column_letter(c0 + j)}{h1 + 1 + i}"  # noqa: E731
    # 2. proportions
    t2 = nrow + 2
    sh.put(t2, 1, "2. Estimated area proportions p_ij = W_i · n_ij / n_i·", "subtitle")
    h2 = t2 + 1
    sh.put(h2, 1, "Map class i \\ reference class j", "header")
    sh.headers(h2, 2, classes)
    for i, ci in enumerate(classes):
        r = h2 + 1 + i
        sh.put(r, 1, ci)
        for j in range(k):
            sh.put(
                r,
                c0 + j,
                fx(f"=IF({ni(i)}>0,{wi(i)}*({nij(i, j)}/{ni(i)}),0)").value,
                "formula",
                "0.000000",
            )
    prow = h2 + 1 + k
    sh.put(prow, 1, "p_·j", "key")
    for j in range(k):
        col = column_letter(c0 + j)
        sh.put(prow, c0 + j, fx(f"=SUM({col}{h2 + 1}:{col}{h2 + k})").value, "formula", "0.000000")
    pij = lambda i, j: f"{column_letter(c0 + j)}{h2 + 1 + i}"  # noqa: E731
    pcol = lambda j: f"{column_letter(c0 + j)}{prow}"  # noqa: E731
    # 3. variance terms V_ij = W_i² r_ij (1 − r_ij) / (n_i − 1)
    t3 = prow + 2
    sh.put(
        t3,
        1,
        "3. Variance terms V_ij = W_i² · r_ij · (1 − r_ij) / (n_i· − 1), r_ij = n_ij / n_i·",
        "subtitle",
    )
    h3 = t3 + 1
    sh.put(h3, 1, "Map class i \\ reference class j", "header")
    sh.headers(h3, 2, classes)
    for i, ci in enumerate(classes):
        r = h3 + 1 + i
        sh.put(r, 1, ci)
        for j in range(k):
            rij = f"({nij(i, j)}/{ni(i)})"
            sh.put(
                r,
                c0 + j,
                fx(f"=IF({ni(i)}>1,{wi(i)}*{wi(i)}*{rij}*(1-{rij})/({ni(i)}-1),0)").value,
                "formula",
                "0.000E+00",
            )
    vij = lambda i, j: f"{column_letter(c0 + j)}{h3 + 1 + i}"  # noqa: E731
    # 4. per class
    t4 = h3 + k + 2
    sh.put(
        t4, 1, "4. Accuracy per class (fractions; CI = half-width of the 95 % interval)", "subtitle"
    )
    h4 = t4 + 1
    sh.headers(
        h4,
        1,
        [
            "Class",
            "User's accuracy UA",
            "var(UA)",
            "UA CI 95 %",
            "Producer's accuracy PA",
            "var(PA)",
            "PA CI 95 %",
            "Area proportion p_·j",
            "Area proportion CI 95 %",
            "W_i²·var(UA_i)",
        ],
    )
    for j, cj in enumerate(classes):
        r = h4 + 1 + j
        others = [vij(i, j) for i in range(k) if i != j]
        term2 = f"SUM({','.join(others)})" if others else "0"
        col_v = f"{column_letter(c0 + j)}{h3 + 1}:{column_letter(c0 + j)}{h3 + k}"
        sh.put_row(
            r,
            1,
            [
                label(cj),
                fx(f'=IF({ni(j)}>0,{nij(j, j)}/{ni(j)},"")', FRACTION),
                fx(f'=IF({ni(j)}>1,B{r}*(1-B{r})/({ni(j)}-1),"")', "0.000E+00"),
                fx(f'=IF(ISNUMBER(C{r}),z_95*SQRT(C{r}),"")', FRACTION),
                fx(f'=IF({pcol(j)}<>0,{pij(j, j)}/{pcol(j)},"")', FRACTION),
                fx(
                    f"=IF({pcol(j)}>0,(IF(ISNUMBER(C{r}),{wi(j)}*{wi(j)}*((1-E{r})*(1-E{r}))*C{r},0)"
                    f'+E{r}*E{r}*{term2})/({pcol(j)}*{pcol(j)}),"")',
                    "0.000E+00",
                ),
                fx(f'=IF(ISNUMBER(F{r}),z_95*SQRT(F{r}),"")', FRACTION),
                link(f"={pcol(j)}", FRACTION),
                fx(f"=z_95*SQRT(SUM({col_v}))", FRACTION),
                fx(f"=IF(ISNUMBER(C{r}),{wi(j)}*{wi(j)}*C{r},0)", "0.000E+00"),
            ],
        )
    last4 = h4 + k
    t5 = last4 + 2
    diag = "+".join(pij(i, i) for i in range(k))
    trace = "+".join(nij(i, i) for i in range(k))
    total_n = f"{column_letter(c0 + k)}{nrow}"
    rows = [
        ("Overall accuracy OA = Σ p_ii", f"={diag}", FRACTION, "Overall_Accuracy_Fraction"),
        ("OA CI 95 %", f"=z_95*SQRT(SUM(J{h4 + 1}:J{last4}))", FRACTION, None),
        ("Unweighted OA = Σ n_ii / n", f'=IF({total_n}>0,({trace})/{total_n},"")', FRACTION, None),
        ("Threshold (minimum OA)", "=Min_Overall_Accuracy_Fraction", FRACTION, None),
        (
            "OA meets the threshold",
            "=Overall_Accuracy_Fraction>=Min_Overall_Accuracy_Fraction",
            None,
            None,
        ),
    ]
    sh.put(t5, 1, "5. Overall", "subtitle")
    for n, (text, formula, fmt, name) in enumerate(rows):
        r = t5 + 1 + n
        sh.put(r, 1, text, "key" if name else "label")
        sh.put(
            r,
            2,
            fx(formula).value,
            "link" if formula.count("(") == 0 and "+" not in formula else "formula",
            fmt,
        )
        if name:
            sh.define(name, r, 2)
    if not on_sheet and samples.companion is not None:
        sh.put(
            t5 + 7,
            1,
            f"Counts and weights are input cells: the samples are in {samples.companion.name}.",
            "note",
        )
    sh.widths_from(1, [34] + [16] * (k + 9))
    sh.title_rows = "1:2"


# --------------------------------------------------------------------------------------------
# Ex-ante vs achieved, reconciliation


def exante_sheet(book: Book) -> None:
    ctx, rc = book.ctx, book.rc
    sh = book.sheet(
        "Ex-ante vs achieved",
        "Ex-ante estimates (validated project description) versus achieved, per vintage",
        "Annual ex-ante estimates are pro-rated by the vintage's year fraction; difference = "
        "(achieved NER − ex-ante net) / |ex-ante net|.",
    )
    frame = ctx.frames.get("exante_estimates")
    if rc.exante_comparison is None or frame is None or rc.exante_comparison.empty:
        sh.put(
            HEADER_ROW,
            1,
            "exante_estimates was not provided (or has no year in the period): nothing to compare.",
            "note",
        )
        return
    sh.headers(
        HEADER_ROW,
        1,
        [
            "Vintage",
            "Year fraction",
            "Ex-ante baseline, annual (tCO2e)",
            "Ex-ante project, annual (tCO2e)",
            "Ex-ante leakage, annual (tCO2e)",
            "Ex-ante net, annual (tCO2e)",
            "Ex-ante baseline, vintage (tCO2e)",
            "Ex-ante project, vintage (tCO2e)",
            "Ex-ante leakage, vintage (tCO2e)",
            "Ex-ante net, vintage (tCO2e)",
            "Achieved baseline (tCO2e)",
            "Achieved project (tCO2e)",
            "Achieved leakage (tCO2e)",
            "Achieved NER (tCO2e)",
            "Difference (fraction)",
        ],
    )
    table = frame.assign(year=frame["year"].astype(int)).set_index("year")
    index = {f.vintage: i for i, f in enumerate(book.vintages)}
    r = FIRST_ROW
    for row in rc.exante_comparison.itertuples(index=False):
        i = index[int(row.vintage)]
        e = table.loc[int(row.vintage)]
        sh.put_row(
            r,
            1,
            [
                link(f"={book.vref('vintage', i)}", YEAR),
                link(f"={book.vref('year_fraction', i)}", FACTOR),
                inp(e["baseline_tco2e"], TCO2E),
                inp(e["project_tco2e"], TCO2E),
                inp(e["leakage_tco2e"], TCO2E),
                inp(e["net_tco2e"], TCO2E),
                fx(f"=C{r}*$B{r}", TCO2E),
                fx(f"=D{r}*$B{r}", TCO2E),
                fx(f"=E{r}*$B{r}", TCO2E),
                fx(f"=F{r}*$B{r}", TCO2E),
                link(f"={book.vref('baseline', i)}", TCO2E),
                link(f"={book.vref('project', i)}", TCO2E),
                link(f"={book.vref('leakage', i)}", TCO2E),
                link(f"={book.vref('ner', i)}", TCO2E),
                fx(f'=IF(J{r}<>0,(N{r}-J{r})/ABS(J{r}),"")', FRACTION),
            ],
        )
        r += 1
    sh.widths_from(1, [9, 10] + [16] * 13)
    sh.freeze = f"B{FIRST_ROW}"
    sh.title_rows = f"1:{HEADER_ROW}"


RECONCILED = {
    "baseline_tco2e": ("baseline", TCO2E),
    "project_tco2e": ("project", TCO2E),
    "leakage_tco2e": ("leakage", TCO2E),
    "buffer_tco2e": ("buffer", TCO2E),
    "vcus": ("vcus", COUNT),
}


def reconciliation_sheet(book: Book) -> None:
    ctx, rc = book.ctx, book.rc
    sh = book.sheet(
        "Reconciliation",
        "Reconciliation: the proponent's claimed figures versus the recomputation",
        "Difference fraction = (claimed − recomputed) / |recomputed| (0 when both are 0; empty "
        "when only the recomputed value is 0, which counts as material); material when "
        "|difference| > Materiality_Fraction.",
    )
    sh.put(HEADER_ROW - 1, 1, "Materiality threshold (fraction)", "key")
    sh.put(HEADER_ROW - 1, 3, link("=Materiality_Fraction").value, "link", FRACTION)
    if ctx.frames.get("claimed_vintages") is None:
        sh.put(HEADER_ROW, 1, "claimed_vintages was not provided: nothing to reconcile.", "note")
        return
    sh.headers(
        HEADER_ROW,
        1,
        [
            "Vintage",
            "Quantity",
            "Claimed (input)",
            "Recomputed",
            "Difference claimed − recomputed",
            "Difference (fraction)",
            "Material",
        ],
    )
    index = {f.vintage: i for i, f in enumerate(book.vintages)}
    r = FIRST_ROW
    for line in rc.reconciliation:
        key, fmt = RECONCILED[line.quantity]
        i = index[line.vintage]
        sh.put_row(
            r,
            1,
            [
                link(f"={book.vref('vintage', i)}", YEAR),
                label(line.quantity),
                inp(line.claimed, fmt),
                link(f"={book.vref(key, i)}", fmt),
                fx(f"=C{r}-D{r}", fmt),
                fx(f'=IF(D{r}=0,IF(C{r}=0,0,""),(C{r}-D{r})/ABS(D{r}))', FRACTION),
                fx(f"=IF(ISNUMBER(F{r}),ABS(F{r})>Materiality_Fraction,TRUE)"),
            ],
        )
        book.cells[f"reconciliation:{line.vintage}:{line.quantity}"] = sh.ref(r, 4)
        r += 1
    last = r - 1
    if last >= FIRST_ROW:
        sh.highlights.append(Highlight(f"G{FIRST_ROW}:G{last}", f"G{FIRST_ROW}=TRUE"))
        sh.put(last + 2, 1, "Material differences", "key")
        sh.put(last + 2, 3, fx(f"=COUNTIF(G{FIRST_ROW}:G{last},TRUE)").value, "formula", COUNT)
        sh.autofilter = f"A{HEADER_ROW}:G{last}"
    else:
        sh.put(FIRST_ROW, 1, "No claimed figure falls in the monitoring period.", "note")
    sh.widths_from(1, [9, 16, 16, 16, 18, 14, 10])
    sh.freeze = f"A{FIRST_ROW}"
    sh.title_rows = f"1:{HEADER_ROW}"
